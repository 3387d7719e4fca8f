//! Reading: find the input files, recognise what each one really is, and stream every
//! sheet's rows, cell by cell, to the stage that detects and normalises them.
//!
//! Nothing here interprets a register: a sheet is a sequence of rows of [`Cell`]s plus
//! its merged regions. Streaming keeps memory near one row for CSV and `.xlsx`, however
//! large the sheet.

pub mod biff;
pub mod csv;
pub mod excel;
pub mod ods;
pub mod sheet;
pub mod sniff;
pub mod table;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Located, Location, ReadFailure, Warning};
use crate::paths::extension;
pub use sheet::{Cell, Limits, OwnedCell, Region, RowSink, SheetInfo};
pub use sniff::Format;

/// An input file found on the command line or under a folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// The path to open.
    pub path: PathBuf,
    /// The path as reported (as given, or as found under a given folder).
    pub display: String,
}

/// An input path that could not be walked.
pub type InputProblem = Located<std::io::Error>;

/// Finds the input files: files as given, folders walked recursively in sorted order.
///
/// Returns the files found and the problems met on the way (a missing path, an
/// unreadable folder, a symlink loop); a problem never hides the other files.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<InputProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut problems);
        } else if path.exists() {
            files.push(InputFile { path: path.clone(), display: crate::paths::shown(path) });
        } else {
            let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder");
            problems.push(Located::new(Location::file(crate::paths::shown(path)), missing));
        }
    }
    (files, problems)
}

fn walk(root: &Path, files: &mut Vec<InputFile>, problems: &mut Vec<InputProblem>) {
    let walker = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && has_register_extension(entry.path()) => {
                let path = entry.into_path();
                files.push(InputFile { display: crate::paths::shown(&path), path });
            }
            Ok(entry) if !entry.file_type().is_dir() && has_register_extension(entry.path()) => {
                let not_regular = std::io::Error::other("not a regular file (a pipe, socket or device): not read");
                problems.push(Located::new(Location::file(crate::paths::shown(entry.path())), not_regular));
            }
            Ok(_) => {}
            Err(err) => {
                let location = Location::file(crate::paths::shown(err.path().unwrap_or(root)));
                problems.push(Located::new(location, err.into()));
            }
        }
    }
}

fn has_register_extension(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|name| name.to_string_lossy()) else { return false };
    // Office's lock files ("~$Budget.xlsx") are not registers.
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return false;
    }
    extension(path).is_some_and(|ext| sniff::EXTENSIONS.contains(&ext.as_str()))
}

/// An opened input: a workbook or decoded CSV text, ready to stream.
pub enum Document {
    /// A workbook read by calamine.
    Excel(excel::Book),
    /// An OpenDocument spreadsheet.
    Ods(ods::Ods),
    /// Decoded CSV text.
    Csv(csv::Text),
    /// riskreg's own Parquet or JSON, read whole.
    Table(table::Table),
}

/// What opening a file yields besides the document.
pub struct Opened {
    /// The document.
    pub document: Document,
    /// The format found by content.
    pub format: Format,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Things worth telling the user (a mislabelled file, a guessed encoding).
    pub warnings: Vec<Warning>,
    /// The riskreg command that wrote the workbook, if riskreg wrote it.
    pub written_by: Option<String>,
}

/// Bytes read from the start of a file to recognise it.
pub(crate) const HEAD_BYTES: u64 = 64 << 10;

/// Opens a file: recognises the format by content (a CSV file's encoding and delimiter
/// as `csv` sets them) and prepares it. Workbooks are read
/// whole (they are compressed, and calamine needs them seekable); CSV files are only
/// read through once, for their hash and encoding, and streamed later.
///
/// # Errors
/// A [`ReadFailure`] when the file is empty, unreadable, not a spreadsheet, encrypted,
/// damaged, or over the limits.
pub fn open(file: &InputFile, limits: &Limits, csv: csv::CsvInput) -> Result<Opened, ReadFailure> {
    let metadata = std::fs::metadata(&file.path)?;
    // A pipe or a device is read once, whole, within the file-size limit.
    let spooled = if metadata.is_file() { None } else { Some(spool(&file.path, limits)?) };
    let size = spooled.as_ref().map_or(metadata.len(), |bytes| bytes.len() as u64);
    if size > limits.max_file_bytes {
        return Err(ReadFailure::FileTooLarge { size, limit: limits.max_file_bytes });
    }
    let whole = |spooled: Option<std::sync::Arc<[u8]>>| -> Result<std::sync::Arc<[u8]>, ReadFailure> {
        Ok(match spooled {
            Some(bytes) => bytes,
            None => std::fs::read(&file.path)?.into(),
        })
    };
    let head = match &spooled {
        Some(bytes) => bytes[..bytes.len().min(HEAD_BYTES as usize)].to_vec(),
        None => {
            let mut head = Vec::new();
            std::io::Read::read_to_end(
                &mut std::io::Read::take(std::fs::File::open(&file.path)?, HEAD_BYTES),
                &mut head,
            )?;
            head
        }
    };
    let mut warnings = Vec::new();
    let mut written_by = None;
    let (document, format, sha256) = if sniff::is_container(&head) {
        let bytes = whole(spooled)?;
        let format = sniff::sniff(&bytes, limits)?;
        if format == Format::Xlsx {
            written_by = excel::written_by(&bytes);
        }
        let sha256 = crate::text::hex(&Sha256::digest(&bytes));
        let document = match format {
            Format::Ods => Document::Ods(ods::Ods::open(bytes)?),
            Format::Parquet => Document::Table(table::Table::parquet(&bytes, limits)?),
            _ => {
                let (book, note) = excel::Book::open(bytes, format)?;
                warnings.extend(note);
                Document::Excel(book)
            }
        };
        (document, format, sha256)
    } else if sniff::is_json(&file.path, &head) {
        let bytes = whole(spooled)?;
        let sha256 = crate::text::hex(&Sha256::digest(&bytes));
        (Document::Table(table::Table::json(&bytes, limits)?), Format::Json, sha256)
    } else {
        let format = sniff::sniff(&head, limits)?;
        let recognised = match spooled {
            Some(bytes) => csv::Text::recognise_bytes(bytes, csv),
            None => csv::Text::recognise(&file.path, &head, csv)?,
        };
        warnings.extend(recognised.warning);
        (Document::Csv(recognised.text), format, recognised.sha256)
    };
    warnings.splice(0..0, sniff::extension_mismatch(&file.path, format));
    Ok(Opened { document, format, sha256, warnings, written_by })
}

/// The bytes of a pipe or device, read once; one byte past the file-size limit is
/// enough to refuse it.
fn spool(path: &Path, limits: &Limits) -> Result<std::sync::Arc<[u8]>, ReadFailure> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(path)?, limits.max_file_bytes.saturating_add(1)),
        &mut bytes,
    )?;
    Ok(bytes.into())
}

impl Document {
    /// The sheets in workbook order (a CSV file has one, with an empty name).
    pub fn sheets(&self) -> Vec<SheetInfo> {
        match self {
            Document::Excel(book) => book.sheets(),
            Document::Ods(book) => book.sheets(),
            Document::Csv(_) | Document::Table(_) => vec![SheetInfo { name: String::new(), visible: true }],
        }
    }

    /// Streams a sheet into `sink`: its merged regions, then its rows; returns what is
    /// worth telling about the rows read (CSV: lines in another encoding, a quote never
    /// closed, a record left out).
    ///
    /// # Errors
    /// A [`ReadFailure`] when the sheet is damaged or over the limits; the rows before
    /// the failure have been delivered.
    pub fn stream(
        &mut self,
        sheet: &str,
        limits: &Limits,
        sink: &mut dyn RowSink,
    ) -> Result<Vec<Warning>, ReadFailure> {
        match self {
            Document::Excel(book) => book.stream(sheet, limits, sink).map(|()| Vec::new()),
            Document::Ods(book) => book.stream(sheet, limits, sink).map(|()| Vec::new()),
            Document::Csv(text) => text.stream(limits, sink),
            Document::Table(table) => {
                table.stream(sink);
                Ok(Vec::new())
            }
        }
    }

    /// The text encoding of a CSV file, for reports.
    pub fn encoding(&self) -> Option<&'static str> {
        match self {
            Document::Excel(_) | Document::Ods(_) | Document::Table(_) => None,
            Document::Csv(text) => Some(text.encoding()),
        }
    }
}
