//! Parquet output: one file, or a hive-partitioned folder
//! (`district_current=Järva/year=2022/part-….parquet`) that DuckDB, Spark and polars'
//! `scan_parquet` read as one table, so shards of a national roll-out can be written by
//! separate runs (`--append`) and queried together. The folder's `_riskreg.json` lists
//! the SHA-256 of every input whose rows are in it, so that no input is appended twice.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::schema::COLUMNS;

/// The value hive uses for a missing partition value.
const HIVE_NULL: &str = "__HIVE_DEFAULT_PARTITION__";

/// The file in a partitioned folder that lists the inputs whose rows are there (hive
/// readers and Spark pass over names starting with `_`).
pub const MANIFEST: &str = "_riskreg.json";

/// An input whose rows are in a partitioned folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appended {
    /// The SHA-256 of the file's bytes, in hex.
    pub sha256: String,
    /// The file's path as it was given.
    pub file: String,
}

/// The content of [`MANIFEST`].
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Every input appended, in order of the runs.
    inputs: Vec<Appended>,
}

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

/// What a partitioned output does with a folder that already holds one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Existing {
    /// Refuse it (the default, as DuckDB's `COPY … (PARTITION_BY …)`).
    #[default]
    Refuse,
    /// Add this run's part files beside the ones there.
    Append,
    /// Replace it.
    Overwrite,
}

/// Checks a partitioned output before anything is read: `by` names canonical columns,
/// `folder` is not named as a file, and an existing `folder` is empty or, with `--append`
/// or `--overwrite`, holds nothing but an earlier partitioned output.
///
/// # Errors
/// [`Error::PartitionColumn`], [`Error::PartitionFormat`], [`Error::PartitionFolderInUse`],
/// [`Error::PartitionFolder`].
pub fn check_partitioned(folder: &Path, by: &[String], existing: Existing) -> Result<()> {
    let names: Vec<&str> = COLUMNS.iter().map(|spec| spec.name).collect();
    if let Some(name) = by.iter().find(|name| !names.contains(&name.as_str())) {
        return Err(Error::PartitionColumn { name: name.clone(), columns: names.join(", ") });
    }
    let named_as_file =
        crate::paths::extension(folder).is_some_and(|ext| ["csv", "xlsx", "json"].contains(&ext.as_str()));
    if named_as_file || folder.is_file() {
        return Err(Error::PartitionFormat(folder.to_path_buf()));
    }
    let empty = std::fs::read_dir(folder).map_or(true, |mut entries| entries.next().is_none());
    if empty {
        return Ok(());
    }
    if !is_partition_folder(folder) {
        return Err(Error::PartitionFolder(folder.to_path_buf()));
    }
    match existing {
        Existing::Refuse => Err(Error::PartitionFolderInUse(folder.to_path_buf())),
        Existing::Append | Existing::Overwrite => Ok(()),
    }
}

/// Writes `frame` as hive-partitioned Parquet under `folder`, one `part-{part}.parquet`
/// per combination of the `by` columns' values, which are left out of the files (their
/// values are in the folder names). The parts are built in a folder beside `folder`;
/// then that folder takes `folder`'s place, or with [`Existing::Append`] its part files
/// are moved in beside the ones there. `part` names this run's inputs; `inputs` are
/// listed in the folder's [`MANIFEST`], and appending an input listed there is refused
/// before anything is written.
///
/// # Errors
/// [`Error::InputAppended`] when one of `inputs` is listed in the manifest;
/// [`Error::PartitionAppended`] when a part file of the same inputs is there (a folder
/// written before the manifest); [`Error::PartitionManifest`] when the manifest cannot
/// be read; [`Error::Write`] or [`Error::Polars`] when writing fails.
pub fn write_partitioned(
    frame: &DataFrame,
    folder: &Path,
    by: &[String],
    part: &str,
    existing: Existing,
    inputs: &[Appended],
) -> Result<()> {
    let has_rows = std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some());
    let appending = existing == Existing::Append && has_rows;
    let mut manifest = if appending { read_manifest(folder)? } else { Manifest::default() };
    if let Some((input, earlier)) = inputs.iter().find_map(|input| {
        manifest.inputs.iter().find(|earlier| earlier.sha256 == input.sha256).map(|earlier| (input, earlier))
    }) {
        return Err(Error::InputAppended {
            input: input.file.clone(),
            folder: folder.to_path_buf(),
            earlier: earlier.file.clone(),
        });
    }
    manifest.inputs.extend(inputs.iter().cloned());
    let parent = match folder.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging =
        tempfile::Builder::new().prefix(".riskreg-").tempdir_in(&parent).map_err(|err| Error::write(folder, err))?;
    let _listed = super::temporary::Listed::new(staging.path());
    let data = frame.drop_many(by.iter().map(String::as_str));
    let mut written = Vec::new();
    for (parts, rows) in groups(frame, by)? {
        let relative: PathBuf = parts.iter().collect::<PathBuf>().join(format!("part-{part}.parquet"));
        let file_path = staging.path().join(&relative);
        let directory = file_path.parent().unwrap_or(staging.path());
        std::fs::create_dir_all(directory).map_err(|err| Error::write(directory, err))?;
        let file = File::create(&file_path).map_err(|err| Error::write(&file_path, err))?;
        write_to(data.take(&IdxCa::from_vec("rows".into(), rows))?, file)?;
        written.push(relative);
    }
    if appending {
        move_parts(staging.path(), &written, folder)?;
        write_manifest(&manifest, &folder.join(MANIFEST))
    } else {
        write_manifest(&manifest, &staging.path().join(MANIFEST))?;
        replace_folder(staging.keep(), folder)
    }
}

/// The manifest of `folder`; empty when there is none (a folder written before it).
fn read_manifest(folder: &Path) -> Result<Manifest> {
    let path = folder.join(MANIFEST);
    match std::fs::read(&path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).map_err(|err| Error::PartitionManifest { path, message: err.to_string() })
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
        Err(err) => Err(Error::PartitionManifest { path, message: err.to_string() }),
    }
}

/// Writes `manifest` to `path`, atomically.
fn write_manifest(manifest: &Manifest, path: &Path) -> Result<()> {
    super::atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, manifest)?;
        out.write_all(b"\n").map_err(|err| Error::write(path, err))
    })
}

/// Moves the part files `relative` from `staging` into `folder`, none if any is there.
fn move_parts(staging: &Path, relative: &[PathBuf], folder: &Path) -> Result<()> {
    if let Some(taken) = relative.iter().map(|part| folder.join(part)).find(|target| target.exists()) {
        return Err(Error::PartitionAppended(taken));
    }
    for part in relative {
        let target = folder.join(part);
        if let Some(directory) = target.parent() {
            std::fs::create_dir_all(directory).map_err(|err| Error::write(directory, err))?;
        }
        std::fs::rename(staging.join(part), &target).map_err(|err| Error::write(&target, err))?;
    }
    Ok(())
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

/// Whether `folder` holds only `column=value` folders and the [`MANIFEST`] (an earlier
/// partitioned output).
fn is_partition_folder(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().all(|entry| {
            let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
            (is_dir && entry.file_name().to_string_lossy().contains('=')) || (!is_dir && entry.file_name() == MANIFEST)
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
