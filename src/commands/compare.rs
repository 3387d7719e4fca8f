//! `riskreg compare`: recurring themes and year-over-year changes only, as a workbook or
//! as the long CSV table.

use std::path::Path;

use super::{status, Common};
use crate::error::{Error, Result};
use crate::write::{self, csv::CsvOptions, OutputFormat};

/// Reads every input and writes the comparison to `output` (`.xlsx` or `.csv`).
///
/// # Errors
/// [`Error::OutputFormat`] for other extensions; [`Error::OutputIsInput`],
/// [`Error::OutputFolderMissing`]; write errors.
pub fn run(common: &Common, output: &Path, csv: CsvOptions) -> Result<u8> {
    let format =
        OutputFormat::from_path(output).ok().filter(|format| matches!(format, OutputFormat::Xlsx | OutputFormat::Csv));
    let Some(format) = format else {
        return Err(Error::OutputFormat { path: output.to_path_buf(), expected: ".xlsx or .csv" });
    };
    let (rules, batch) = common.read_for(output)?;
    let comparison = crate::compare::compare(&batch, &rules);
    match format {
        OutputFormat::Csv => write::csv::write(&comparison.long_frame()?, output, csv)?,
        _ => write::workbook::comparison_workbook(&comparison, &rules, output)?,
    }
    Ok(status(&batch))
}
