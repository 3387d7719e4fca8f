//! `riskreg import`: the canonical frame, written as Parquet, CSV, xlsx, JSON or NDJSON, to
//! standard output, or as hive-partitioned Parquet.

use std::io::Write;
use std::path::Path;

use super::usage::Target;
use super::{status, Common};
use crate::error::{Error, Result};
use crate::pipeline::Batch;
use crate::write::parquet::{self, Appended, Existing};
use crate::write::{self, csv::CsvOptions, json::Layout, OutputFormat};

/// Where the frame goes.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// A file; its extension names the format.
    File(&'a Path),
    /// Standard output, in this format.
    Stdout(StdoutFormat),
    /// Hive-partitioned Parquet under a folder.
    Partitioned {
        /// The folder.
        folder: &'a Path,
        /// The partition columns.
        by: &'a [String],
        /// What to do with an earlier output there.
        existing: Existing,
    },
}

/// The formats written to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdoutFormat {
    /// CSV.
    Csv,
    /// A JSON array of records.
    Json,
    /// One JSON record per line.
    Ndjson,
}

/// Writes the canonical frame of all inputs to `destination`.
///
/// # Errors
/// Before anything is read: the usage errors of [`super::usage`], [`Error::OutputFormat`],
/// [`Error::ExcelCsv`] for `--excel-csv` with an output that is not CSV, and for a
/// partitioned output those of its folder and columns. After: write errors.
pub fn run(common: &Common, destination: Destination<'_>, csv: CsvOptions) -> Result<u8> {
    let (target, is_csv) = match destination {
        Destination::File(path) => (Target::File(path), OutputFormat::from_path(path)? == OutputFormat::Csv),
        Destination::Stdout(format) => (Target::Stdout, format == StdoutFormat::Csv),
        Destination::Partitioned { folder, by, existing } => {
            parquet::check_partitioned(folder, by, existing)?;
            (Target::Folder(folder), false)
        }
    };
    if csv.excel && !is_csv {
        let output = match destination {
            Destination::Stdout(_) => "standard output in that --format".to_string(),
            Destination::File(path) | Destination::Partitioned { folder: path, .. } => path.display().to_string(),
        };
        return Err(Error::ExcelCsv(output));
    }
    let (rules, batch) = common.read_for(target)?;
    let name = match destination {
        Destination::File(path) | Destination::Partitioned { folder: path, .. } => path.display().to_string(),
        Destination::Stdout(_) => "standard output".to_string(),
    };
    common.stage(format!("skriver {name}"));
    let frame = crate::frame::build(&batch.all_registers(), &rules)?;
    match destination {
        Destination::File(path) => match OutputFormat::from_path(path)? {
            OutputFormat::Parquet => write::parquet::write(&frame, path)?,
            OutputFormat::Csv => write::csv::write(&frame, path, csv)?,
            OutputFormat::Json => write::json::write(&frame, path, Layout::Array)?,
            OutputFormat::Ndjson => write::json::write(&frame, path, Layout::Lines)?,
            OutputFormat::Xlsx => write::xlsx::write(&frame, path)?,
        },
        Destination::Stdout(format) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let written = match format {
                StdoutFormat::Csv => write::csv::write_to(&frame, &mut out, csv),
                StdoutFormat::Json => write::json::write_to(&frame, &mut out, Layout::Array),
                StdoutFormat::Ndjson => write::json::write_to(&frame, &mut out, Layout::Lines),
            };
            match written.and_then(|()| out.flush()) {
                Ok(()) => {}
                // The reader stopped early (`riskreg import … -o - | head`): what it read
                // was written, and there is nothing to report.
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {
                    common.progress.finish();
                    return Ok(status(&batch));
                }
                Err(err) => return Err(Error::write(Path::new("-"), err)),
            }
        }
        Destination::Partitioned { folder, by, existing } => {
            parquet::write_partitioned(&frame, folder, by, &batch.inputs_id(), existing, &appended(&batch))?;
        }
    }
    common.done(&batch, &name, "kolumnen flags");
    Ok(status(&batch))
}

/// The inputs whose rows are in the frame, for a partitioned folder's manifest.
fn appended(batch: &Batch) -> Vec<Appended> {
    let with_rows: std::collections::HashSet<&str> = batch
        .all_registers()
        .into_iter()
        .filter(|register| !register.rows.is_empty())
        .map(|register| register.location.file.as_str())
        .collect();
    batch
        .files
        .iter()
        .filter(|file| with_rows.contains(file.file.as_str()))
        .filter_map(|file| Some(Appended { sha256: file.sha256.clone()?, file: file.file.clone() }))
        .collect()
}
