//! `riskreg import`: the canonical frame, written as Parquet, CSV, xlsx or JSON, or as
//! hive-partitioned Parquet.

use std::path::Path;

use super::{status, Common};
use crate::error::Result;
use crate::write::{self, csv::CsvOptions, OutputFormat};

/// Writes the canonical frame of all inputs to `output`.
///
/// # Errors
/// [`crate::Error::OutputIsInput`], [`crate::Error::OutputFolderMissing`],
/// [`crate::Error::OutputFormat`] before anything is read; write errors after.
pub fn run(common: &Common, output: &Path, partition_by: &[String], csv: CsvOptions) -> Result<u8> {
    let format = if partition_by.is_empty() { Some(OutputFormat::from_path(output)?) } else { None };
    let (rules, batch) = common.read_for(output)?;
    let frame = crate::frame::build(&batch.registers, &rules)?;
    match format {
        None => write::parquet::write_partitioned(&frame, output, partition_by)?,
        Some(OutputFormat::Parquet) => write::parquet::write(&frame, output)?,
        Some(OutputFormat::Csv) => write::csv::write(&frame, output, csv)?,
        Some(OutputFormat::Json) => write::json::write(&frame, output)?,
        Some(OutputFormat::Xlsx) => write::xlsx::write(&frame, output)?,
    }
    Ok(status(&batch))
}
