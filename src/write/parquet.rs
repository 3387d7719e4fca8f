//! Parquet output: one file, or a hive-partitioned folder
//! (`district_current=Järva/year=2022/part-0.parquet`) that DuckDB, Spark and polars'
//! `scan_parquet` read as one table, so shards of a national roll-out can be written by
//! separate runs and queried together.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};

/// The value hive uses for a missing partition value.
const HIVE_NULL: &str = "__HIVE_DEFAULT_PARTITION__";

/// Writes `frame` to one Parquet file, atomically.
///
/// # Errors
/// [`Error::Write`] or [`Error::Polars`] when the file cannot be written.
pub fn write(frame: &DataFrame, path: &Path) -> Result<()> {
    super::atomically(path, |out| write_to(frame.clone(), out))
}

fn write_to<W: std::io::Write>(mut frame: DataFrame, out: W) -> Result<()> {
    ParquetWriter::new(out).with_compression(ParquetCompression::Zstd(None)).finish(&mut frame)?;
    Ok(())
}

/// Writes `frame` as hive-partitioned Parquet under `folder`, one `part-0.parquet` per
/// combination of the `by` columns' values, which are left out of the files (their values
/// are in the folder names). The folder is built beside `folder` and renamed into place;
/// an existing `folder` is replaced only if it holds nothing but an earlier partitioned
/// output.
///
/// # Errors
/// [`Error::PartitionColumn`] for an unknown column, [`Error::PartitionFolder`] for a
/// folder that holds other files;
/// [`Error::Write`] or [`Error::Polars`] when writing fails.
pub fn write_partitioned(frame: &DataFrame, folder: &Path, by: &[String]) -> Result<()> {
    for name in by {
        if frame.column(name).is_err() {
            return Err(Error::PartitionColumn(name.clone()));
        }
    }
    if folder.exists() && !is_partition_folder(folder) {
        return Err(Error::PartitionFolder(folder.to_path_buf()));
    }
    let parent = match folder.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging =
        tempfile::Builder::new().prefix(".riskreg-").tempdir_in(&parent).map_err(|err| Error::write(folder, err))?;
    let data = frame.drop_many(by.iter().map(String::as_str));
    for (parts, rows) in groups(frame, by)? {
        let directory = parts.iter().fold(staging.path().to_path_buf(), |path, part| path.join(part));
        std::fs::create_dir_all(&directory).map_err(|err| Error::write(&directory, err))?;
        let indices = IdxCa::from_vec("rows".into(), rows);
        let file_path = directory.join("part-0.parquet");
        let file = File::create(&file_path).map_err(|err| Error::write(&file_path, err))?;
        write_to(data.take(&indices)?, file)?;
    }
    replace_folder(staging.keep(), folder)
}

/// Rows per partition, the partition folder names (`column=value`) in sorted order.
fn groups(frame: &DataFrame, by: &[String]) -> Result<BTreeMap<Vec<String>, Vec<IdxSize>>> {
    let columns: Vec<&Column> = by.iter().map(|name| frame.column(name)).collect::<PolarsResult<_>>()?;
    let mut groups: BTreeMap<Vec<String>, Vec<IdxSize>> = BTreeMap::new();
    for row in 0..frame.height() {
        let parts = by
            .iter()
            .zip(&columns)
            .map(|(name, column)| {
                let value = match column.get(row) {
                    Ok(AnyValue::Null) | Err(_) => HIVE_NULL.to_string(),
                    Ok(AnyValue::String(text)) => escape(text),
                    Ok(AnyValue::StringOwned(text)) => escape(&text),
                    Ok(other) => escape(&other.to_string()),
                };
                format!("{name}={value}")
            })
            .collect();
        groups.entry(parts).or_default().push(row as IdxSize);
    }
    Ok(groups)
}

/// Percent-encodes the characters hive partition paths cannot hold.
fn escape(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | '=' | '%' | ':' | '"' | '*' | '?' | '<' | '>' | '|') || c.is_control() {
                format!("%{:02X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Whether `folder` holds only `column=value` folders (an earlier partitioned output).
fn is_partition_folder(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().all(|entry| {
            entry.file_type().is_ok_and(|kind| kind.is_dir()) && entry.file_name().to_string_lossy().contains('=')
        })
    })
}

/// Moves the finished `staging` folder to `folder`, removing an earlier output.
fn replace_folder(staging: PathBuf, folder: &Path) -> Result<()> {
    if folder.exists() {
        let old = staging.with_extension("old");
        std::fs::rename(folder, &old).map_err(|err| Error::write(folder, err))?;
        std::fs::rename(&staging, folder).map_err(|err| Error::write(folder, err))?;
        std::fs::remove_dir_all(&old).map_err(|err| Error::write(&old, err))?;
    } else {
        std::fs::rename(&staging, folder).map_err(|err| Error::write(folder, err))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
