//! Writing: the output format chosen by extension, and every file written atomically
//! (a temporary file beside the target, renamed into place), never over an input.

pub mod csv;
pub mod json;
pub mod parquet;
pub mod template;
pub mod temporary;
pub mod workbook;
pub mod xlsx;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The formats `import` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Apache Parquet.
    Parquet,
    /// UTF-8 CSV.
    Csv,
    /// An Excel workbook.
    Xlsx,
    /// A JSON array of records.
    Json,
    /// One JSON record per line.
    Ndjson,
}

impl OutputFormat {
    /// The format an output path's extension names.
    ///
    /// # Errors
    /// [`Error::OutputFormat`] for any other extension.
    pub fn from_path(path: &Path) -> Result<OutputFormat> {
        match crate::paths::extension(path).as_deref() {
            Some("parquet") => Ok(OutputFormat::Parquet),
            Some("csv") => Ok(OutputFormat::Csv),
            Some("xlsx") => Ok(OutputFormat::Xlsx),
            Some("json") => Ok(OutputFormat::Json),
            Some("ndjson" | "jsonl") => Ok(OutputFormat::Ndjson),
            _ => Err(Error::OutputFormat {
                path: path.to_path_buf(),
                expected: ".parquet, .csv, .xlsx, .json or .ndjson",
            }),
        }
    }
}

fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `path` through `write`, atomically: into a temporary file in the same folder,
/// renamed over `path` only when everything was written and flushed. A device or pipe
/// (`/dev/stdout`, `/dev/full`) is written directly, since it cannot be replaced.
///
/// # Errors
/// [`Error::Write`] when the file cannot be created, written or renamed, or the error
/// `write` returns.
pub fn atomically(path: &Path, write: impl FnOnce(&mut BufWriter<&mut File>) -> Result<()>) -> Result<()> {
    if path.metadata().is_ok_and(|metadata| !metadata.is_file()) {
        let mut file = File::options().write(true).open(path).map_err(|err| Error::write(path, err))?;
        let mut writer = BufWriter::new(&mut file);
        write(&mut writer)?;
        return writer.flush().map_err(|err| Error::write(path, err));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".riskreg-");
    // An ordinary file's permissions (the umask applies), not a temporary file's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(parent_folder(path)).map_err(|err| Error::write(path, err))?;
    let _listed = temporary::Listed::new(temporary.path());
    {
        let mut writer = BufWriter::new(temporary.as_file_mut());
        write(&mut writer)?;
        writer.flush().map_err(|err| Error::write(path, err))?;
    }
    temporary.as_file().sync_all().map_err(|err| Error::write(path, err))?;
    temporary.persist(path).map_err(|err| Error::write(path, err.error))?;
    Ok(())
}

/// Text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or
/// carriage return before one), prefixed with `'` so it stays text. Text that starts
/// with `'` gets one more, so that reading riskreg's CSV back takes exactly one off.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests;
