//! `riskreg consolidate`: the analyst's workbook of all inputs.

use std::path::Path;

use super::usage::Target;
use super::{status, Common};
use crate::error::{Error, Result};
use crate::write::workbook::Consolidated;
use crate::write::OutputFormat;

/// Reads every input, compares them and writes the consolidated workbook to `output`.
///
/// # Errors
/// [`Error::OutputFormat`] unless `output` ends in `.xlsx`; [`Error::OutputIsInput`],
/// [`Error::OutputFolderMissing`]; write errors.
pub fn run(common: &Common, output: &Path) -> Result<u8> {
    if OutputFormat::from_path(output).ok() != Some(OutputFormat::Xlsx) {
        return Err(Error::OutputFormat { path: output.to_path_buf(), expected: ".xlsx" });
    }
    let (rules, batch) = common.read_for(Target::File(output))?;
    common.stage(format!("jämför och skriver {}", output.display()));
    let sources: Vec<&str> = batch.files.iter().map(|file| file.file.as_str()).collect();
    let mut book = Consolidated::new(&sources).map_err(|err| Error::xlsx(output, err))?;
    book.write(&batch, &rules).map_err(|err| Error::xlsx(output, err))?;
    common.stage(format!("sparar {}", output.display()));
    book.save(output)?;
    common.done(&batch, &output.display().to_string(), "Datakvalitet");
    Ok(status(&batch))
}
