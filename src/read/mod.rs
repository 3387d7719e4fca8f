//! Reading: find the input files, recognise what each one really is, and stream every
//! sheet's rows, cell by cell, to the stage that detects and normalises them.
//!
//! Nothing here interprets a register: a sheet is a sequence of rows of [`Cell`]s plus
//! its merged regions. Streaming keeps memory near one row for CSV and `.xlsx`, however
//! large the sheet.

pub mod csv;
pub mod excel;
pub mod sniff;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::error::{Error, ReadFailure};
pub use sniff::Format;

/// Extensions riskreg reads when it walks a folder.
pub const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// One cell as read, borrowing its text from the reader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Empty,
    /// Text, as stored.
    Text(&'a str),
    /// A number (integers included).
    Number(f64),
    /// A date (the time of day, if any, dropped).
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// An error value such as `#REF!`.
    Error,
}

impl Cell<'_> {
    /// Whether the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// A cell that owns its text, for the few rows buffered while the header is searched for.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    /// No value.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// An error value.
    Error,
}

impl OwnedCell {
    /// Copies a borrowed cell.
    pub fn from_cell(cell: &Cell<'_>) -> Self {
        match *cell {
            Cell::Empty => OwnedCell::Empty,
            Cell::Text(text) => OwnedCell::Text(text.to_string()),
            Cell::Number(number) => OwnedCell::Number(number),
            Cell::Date(date) => OwnedCell::Date(date),
            Cell::Bool(flag) => OwnedCell::Bool(flag),
            Cell::Error => OwnedCell::Error,
        }
    }

    /// Borrows it as a [`Cell`].
    pub fn as_cell(&self) -> Cell<'_> {
        match self {
            OwnedCell::Empty => Cell::Empty,
            OwnedCell::Text(text) => Cell::Text(text),
            OwnedCell::Number(number) => Cell::Number(*number),
            OwnedCell::Date(date) => Cell::Date(*date),
            OwnedCell::Bool(flag) => Cell::Bool(*flag),
            OwnedCell::Error => Cell::Error,
        }
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// First row.
    pub first_row: u32,
    /// Last row.
    pub last_row: u32,
    /// First column.
    pub first_column: u32,
    /// Last column.
    pub last_column: u32,
}

/// A sheet's name and whether it is visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    /// The name (empty for CSV).
    pub name: String,
    /// Hidden sheets are reported and skipped.
    pub visible: bool,
}

/// A sheet's merged regions, known or read when first asked for: finding them in an
/// `.xlsx` sheet takes a second pass over it, which most sheets never need.
pub struct Merges {
    regions: Option<Vec<Region>>,
    load: Option<Box<dyn FnOnce() -> Vec<Region>>>,
}

impl Merges {
    /// Regions already known.
    pub fn known(regions: Vec<Region>) -> Self {
        Merges { regions: Some(regions), load: None }
    }

    /// Regions `load` finds when they are first asked for.
    pub fn lazy(load: impl FnOnce() -> Vec<Region> + 'static) -> Self {
        Merges { regions: None, load: Some(Box::new(load)) }
    }

    /// The regions, read now if they were not yet.
    pub fn regions(&mut self) -> &[Region] {
        if self.regions.is_none() {
            self.regions = Some(self.load.take().map(|load| load()).unwrap_or_default());
        }
        self.regions.as_deref().unwrap_or_default()
    }
}

/// Receives a sheet: its merged regions first, then its rows in order.
pub trait RowSink {
    /// The sheet's merged regions, before any row.
    fn merged(&mut self, merges: Merges);
    /// One row: its 0-based index in the sheet (CSV: line − 1) and its cells from column A.
    fn row(&mut self, index: u32, cells: &[Cell<'_>]);
}

/// Bounds that keep hostile input from exhausting memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest uncompressed size of one part of a zip-based workbook.
    pub max_part_bytes: u64,
    /// Rows per sheet.
    pub max_rows: u32,
    /// Columns per row; cells further right are ignored.
    pub max_columns: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 2 << 30, max_part_bytes: 2 << 30, max_rows: 10_000_000, max_columns: 16_384 }
    }
}

/// An input file found on the command line or under a folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// The path to open.
    pub path: PathBuf,
    /// The path as reported (as given, or as found under a given folder).
    pub display: String,
}

/// Finds the input files: files as given, folders walked recursively in sorted order.
///
/// Returns the files found and the problems met on the way (a missing path, an
/// unreadable folder, a symlink loop); a problem never hides the other files.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut problems);
        } else if path.exists() {
            files.push(InputFile { path: path.clone(), display: path.display().to_string() });
        } else {
            problems.push(Error::Input {
                path: path.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            });
        }
    }
    (files, problems)
}

fn walk(root: &Path, files: &mut Vec<InputFile>, problems: &mut Vec<Error>) {
    let walker = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && has_register_extension(entry.path()) => {
                let path = entry.into_path();
                files.push(InputFile { display: path.display().to_string(), path });
            }
            Ok(_) => {}
            Err(err) => problems
                .push(Error::Input { path: err.path().unwrap_or(root).display().to_string(), source: err.into() }),
        }
    }
}

fn has_register_extension(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else { return false };
    // Office's lock files ("~$Budget.xlsx") are not registers.
    if name.starts_with("~$") || name.starts_with(".~lock") {
        return false;
    }
    extension(path).is_some_and(|ext| EXTENSIONS.contains(&ext.as_str()))
}

/// The lower-case extension of a path.
pub fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase)
}

/// An opened input: a workbook or decoded CSV text, ready to stream.
pub enum Document {
    /// A workbook read by calamine.
    Excel(excel::Book),
    /// Decoded CSV text.
    Csv(csv::Text),
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
    pub warnings: Vec<String>,
    /// Whether a warning needs the user's attention (the exit status says so).
    pub needs_attention: bool,
}

/// Bytes read from the start of a file to recognise it.
const HEAD_BYTES: u64 = 64 << 10;

/// Opens a file: recognises the format by content and prepares it. Workbooks are read
/// whole (they are compressed, and calamine needs them seekable); CSV files are only
/// read through once, for their hash and encoding, and streamed later.
///
/// # Errors
/// A [`ReadFailure`] when the file is empty, unreadable, not a spreadsheet, encrypted,
/// damaged, or over the limits.
pub fn open(file: &InputFile, limits: &Limits) -> Result<Opened, ReadFailure> {
    let size = std::fs::metadata(&file.path)?.len();
    if size > limits.max_file_bytes {
        return Err(ReadFailure::TooLarge { part: "the file".into(), size, limit: limits.max_file_bytes, ratio: 1 });
    }
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(std::fs::File::open(&file.path)?, HEAD_BYTES), &mut head)?;
    let mut warnings = Vec::new();
    let (document, format, sha256) = if sniff::is_container(&head) {
        let bytes = std::fs::read(&file.path)?;
        let sha256 = hex(&Sha256::digest(&bytes));
        let format = sniff::sniff(&bytes, limits)?;
        (Document::Excel(excel::Book::open(bytes, format)?), format, sha256)
    } else {
        let format = sniff::sniff(&head, limits)?;
        let recognised = csv::Text::recognise(&file.path, &head)?;
        warnings.extend(recognised.warning);
        (Document::Csv(recognised.text), format, recognised.sha256)
    };
    let mismatch = sniff::extension_mismatch(&file.path, format);
    let needs_attention = mismatch.is_some();
    warnings.splice(0..0, mismatch);
    Ok(Opened { document, format, sha256, warnings, needs_attention })
}

impl Document {
    /// The sheets in workbook order (a CSV file has one, with an empty name).
    pub fn sheets(&self) -> Vec<SheetInfo> {
        match self {
            Document::Excel(book) => book.sheets(),
            Document::Csv(_) => vec![SheetInfo { name: String::new(), visible: true }],
        }
    }

    /// Streams a sheet into `sink`: its merged regions, then its rows.
    ///
    /// # Errors
    /// A [`ReadFailure`] when the sheet is damaged or over the limits; the rows before
    /// the failure have been delivered.
    pub fn stream(&mut self, sheet: &str, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        match self {
            Document::Excel(book) => book.stream(sheet, limits, sink),
            Document::Csv(text) => text.stream(limits, sink),
        }
    }

    /// The text encoding of a CSV file, for reports.
    pub fn encoding(&self) -> Option<&'static str> {
        match self {
            Document::Excel(_) => None,
            Document::Csv(text) => Some(text.encoding()),
        }
    }
}

/// Bytes as lower-case hex.
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// Files at least this large are parsed on a second thread (see [`pipelined`]).
const PIPELINE_BYTES: u64 = 1 << 20;
/// Items handed from the parsing thread at a time, and batches in flight.
const BATCH_ITEMS: usize = 1024;
const BATCHES_IN_FLIGHT: usize = 64;

/// Runs `produce` on a second thread and `consume`s what it emits on this one, in order,
/// in batches through a bounded channel: a large sheet is parsed while its rows are
/// normalised, and memory stays bounded. `emit` returns false once this side has stopped.
fn pipelined<T: Send>(
    produce: impl FnOnce(&mut dyn FnMut(T) -> bool) -> Result<(), ReadFailure> + Send,
    mut consume: impl FnMut(T),
) -> Result<(), ReadFailure> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<T>>(BATCHES_IN_FLIGHT);
        let producer = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_ITEMS);
            let result = produce(&mut |item| {
                batch.push(item);
                batch.len() < BATCH_ITEMS
                    || sender.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ITEMS))).is_ok()
            });
            // The last items, unless this side has gone.
            let _ = sender.send(batch);
            result
        });
        receiver.into_iter().flatten().for_each(&mut consume);
        producer.join().unwrap_or(Err(ReadFailure::ThreadFailed))
    })
}
