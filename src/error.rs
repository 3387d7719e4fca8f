//! Typed errors, each carrying where it happened.
//!
//! Anything that comes from a user's file carries a [`Location`] (file, sheet, row, column)
//! and prints as `file: sheet 'X', row 17, column 'Sannolikhet': reason`. Problems with a
//! single row are not errors: they go into the row accounting as rejections or flags, so a
//! batch never stops for one bad row or one bad file.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the input something happened. Every part but the file is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The file's path as the user gave it (or as found under a folder the user gave).
    pub file: String,
    /// The sheet name; `None` for CSV files and for whole-file problems.
    pub sheet: Option<String>,
    /// The 1-based row (spreadsheets) or line (CSV).
    pub row: Option<u32>,
    /// The column: its header text when known, else its letter.
    pub column: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl Into<String>) -> Self {
        Location { file: path.into(), ..Location::default() }
    }

    /// This location narrowed to a sheet (an empty name, as for CSV, names no sheet).
    #[must_use]
    pub fn with_sheet(mut self, sheet: &str) -> Self {
        self.sheet = (!sheet.is_empty()).then(|| sheet.to_string());
        self
    }

    /// This location narrowed to a 1-based row.
    #[must_use]
    pub fn with_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// This location narrowed to a column.
    #[must_use]
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        let mut separator = ": ";
        if let Some(sheet) = &self.sheet {
            write!(f, "{separator}sheet '{sheet}'")?;
            separator = ", ";
        }
        if let Some(row) = self.row {
            write!(f, "{separator}row {row}")?;
            separator = ", ";
        }
        if let Some(column) = &self.column {
            write!(f, "{separator}column '{column}'")?;
        }
        Ok(())
    }
}

/// Why a file could not be read. The file is reported and the batch goes on.
#[derive(Debug, thiserror::Error)]
pub enum ReadFailure {
    /// The file has no bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// The content is not a spreadsheet or CSV at all.
    #[error("not a spreadsheet: the content is {0}")]
    NotASpreadsheet(&'static str),
    /// A password-protected (encrypted) Office file.
    #[error("the workbook is password-protected (encrypted); save an unprotected copy and read that")]
    Encrypted,
    /// The workbook's structure is broken (truncated, damaged zip, bad XML).
    #[error("the {format} file is damaged or truncated: {message}")]
    Corrupt {
        /// The format the content claimed to be.
        format: &'static str,
        /// What the reader said.
        message: String,
    },
    /// A part of the file would inflate beyond the size limit (a zip bomb or a monstrous sheet).
    #[error("'{part}' would inflate to {size} bytes, over the limit of {limit} bytes (ratio {ratio}:1); refused")]
    TooLarge {
        /// The zip entry.
        part: String,
        /// Its declared uncompressed size.
        size: u64,
        /// The limit it exceeds.
        limit: u64,
        /// Uncompressed over compressed size.
        ratio: u64,
    },
    /// More rows than a spreadsheet can hold; reading stopped.
    #[error("more than {limit} rows; reading stopped there")]
    TooManyRows {
        /// The row limit.
        limit: u32,
    },
    /// No sheet of the file has a register header.
    #[error("no register header found in any sheet (looked for columns such as 'Oönskad händelse', 'Sannolikhet', 'Kontrollaktivitet', 'Åtgärd' in the first {searched} rows)")]
    NoHeader {
        /// How many rows of each sheet were searched.
        searched: usize,
    },
    /// The workbook has no visible sheet.
    #[error("the workbook has no visible sheet")]
    NoVisibleSheet,
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The CSV text could not be parsed.
    #[error("CSV: {0}")]
    Csv(String),
    /// The thread parsing a large file stopped without a result (a defect in riskreg).
    #[error("the thread parsing the file failed")]
    ThreadFailed,
}

/// An error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template file is missing, malformed or inconsistent.
    #[error("template {file}: {message}")]
    Template {
        /// The template file, e.g. `themes.toml` or a path under `--templates`.
        file: String,
        /// What is wrong, with line and column where TOML says so.
        message: String,
    },
    /// A path given on the command line does not exist or cannot be walked.
    #[error("{path}: {source}")]
    Input {
        /// The path as given.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// An output would overwrite one of the inputs.
    #[error("refusing to write {0}: it is one of the input files")]
    OutputIsInput(PathBuf),
    /// The output's folder does not exist.
    #[error("cannot write {path}: the folder {folder} does not exist")]
    OutputFolderMissing {
        /// The output path.
        path: PathBuf,
        /// Its missing parent folder.
        folder: PathBuf,
    },
    /// The output's extension names no format riskreg writes.
    #[error("cannot write {path}: unknown output format (use {expected})")]
    OutputFormat {
        /// The output path.
        path: PathBuf,
        /// The extensions accepted here.
        expected: &'static str,
    },
    /// Writing an output failed (disk full, permissions, …).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The xlsx writer failed.
    #[error("cannot write {path}: {source}")]
    Xlsx {
        /// The output path.
        path: PathBuf,
        /// The writer's error.
        source: rust_xlsxwriter::XlsxError,
    },
    /// A polars operation failed.
    #[error("data frame: {0}")]
    Polars(#[from] polars::error::PolarsError),
    /// The command line asked for something impossible.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O failure while writing `path`.
    pub fn write(path: &Path, source: io::Error) -> Self {
        Error::Write { path: path.to_path_buf(), source }
    }

    /// An xlsx writer failure while writing `path`; I/O failures keep their own kind.
    pub fn xlsx(path: &Path, source: rust_xlsxwriter::XlsxError) -> Self {
        match source {
            rust_xlsxwriter::XlsxError::IoError(io) => Error::write(path, io),
            other => Error::Xlsx { path: path.to_path_buf(), source: other },
        }
    }
}

/// The process exit statuses of `riskreg`, in one place.
pub mod exit {
    /// Everything was read cleanly and the output written.
    pub const CLEAN: u8 = 0;
    /// The output was written, but something needs attention: a file failed, a row was
    /// rejected, or a district or year is unknown.
    pub const ATTENTION: u8 = 1;
    /// A usage error, or no output could be written.
    pub const FAILURE: u8 = 2;
}
