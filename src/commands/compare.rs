//! `riskreg compare`: the comparison only — recurring risks and themes and each
//! district's events year by year — as a workbook, or as a long CSV table: the themes
//! by district and year, or with `--events` the events by district and year.

use std::path::Path;

use super::usage::Target;
use super::{status, Common};
use crate::error::{Error, Result};
use crate::write::{self, csv::CsvOptions, OutputFormat};

/// Reads every input and writes the comparison to `output` (`.xlsx` or `.csv`; with
/// `events`, the event table as `.csv`).
///
/// # Errors
/// [`Error::OutputFormat`] for other extensions, and for `.xlsx` with `events`;
/// [`Error::ExcelCsv`] for `--excel-csv` with a workbook; [`Error::OutputIsInput`],
/// [`Error::OutputFolderMissing`]; write errors.
pub fn run(common: &Common, output: &Path, events: bool, csv: CsvOptions) -> Result<u8> {
    let format = OutputFormat::from_path(output).ok();
    let format = match format {
        Some(OutputFormat::Csv) => OutputFormat::Csv,
        Some(OutputFormat::Xlsx) if !events => OutputFormat::Xlsx,
        _ if events => return Err(Error::OutputFormat { path: output.to_path_buf(), expected: ".csv with --events" }),
        _ => return Err(Error::OutputFormat { path: output.to_path_buf(), expected: ".xlsx or .csv" }),
    };
    if csv.excel && format != OutputFormat::Csv {
        return Err(Error::ExcelCsv(output.display().to_string()));
    }
    let (rules, batch) = common.read_for(Target::File(output))?;
    common.stage("jämför");
    let comparison = crate::compare::compare(&batch, &rules);
    common.stage(format!("skriver {}", output.display()));
    match format {
        OutputFormat::Csv if events => {
            write::csv::write(&crate::frame::events_table(&comparison, &rules)?, output, csv)?
        }
        OutputFormat::Csv => write::csv::write(&crate::frame::themes_table(&comparison)?, output, csv)?,
        _ => write::workbook::comparison_workbook(&comparison, &rules, output)?,
    }
    common.done(&batch, &output.display().to_string(), "riskreg inspect");
    Ok(status(&batch))
}
