//! `riskreg consolidate`: the analyst's workbook of all inputs.

use std::path::Path;

use super::{status, Common};
use crate::error::{Error, Result};
use crate::write::workbook::{self, Consolidated};
use crate::write::OutputFormat;

/// Reads every input, compares them and writes the consolidated workbook to `output`.
/// The Risker sheet, by far the largest, is written on a thread of its own while the
/// comparison is computed and the other sheets written, so both cores are kept busy.
///
/// # Errors
/// [`Error::OutputFormat`] unless `output` ends in `.xlsx`; [`Error::OutputIsInput`],
/// [`Error::OutputFolderMissing`]; write errors.
pub fn run(common: &Common, output: &Path) -> Result<u8> {
    if OutputFormat::from_path(output).ok() != Some(OutputFormat::Xlsx) {
        return Err(Error::OutputFormat { path: output.to_path_buf(), expected: ".xlsx" });
    }
    let (rules, batch) = common.read_for(output)?;
    let xlsx = |err| Error::xlsx(output, err);
    let mut book = Consolidated::new().map_err(xlsx)?;
    let (risks, rest) = book.parts();
    std::thread::scope(|scope| {
        let risks = scope.spawn(|| workbook::write_risks(risks, &batch, &rules));
        let comparison = crate::compare::compare(&batch, &rules);
        rest.write(&batch, &rules, &comparison).map_err(xlsx)?;
        risks
            .join()
            .unwrap_or_else(|_| {
                Err(rust_xlsxwriter::XlsxError::ParameterError("the Risker sheet's thread failed".into()))
            })
            .map_err(xlsx)
    })?;
    book.save(output)?;
    Ok(status(&batch))
}
