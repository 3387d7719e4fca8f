//! What a reader hands on: cells, a sheet's merged regions, and its rows, delivered to
//! a [`RowSink`] as they are parsed; and the limits every reader keeps.

use chrono::NaiveDate;

use crate::error::ReadFailure;

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

    /// The cell as text, for messages and for non-text cells in text columns: whole
    /// numbers without a decimal point, dates as ISO dates.
    pub fn display(&self) -> String {
        match *self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.to_string(),
            Cell::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{}", number as i64),
            Cell::Number(number) => number.to_string(),
            Cell::Date(date) => date.to_string(),
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
            Cell::Error => "#ERROR".into(),
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

/// Receives a sheet: its merged regions first, then its rows in order.
pub trait RowSink {
    /// The sheet's merged regions, before any row.
    fn merged(&mut self, regions: Vec<Region>);
    /// One row: its 0-based index in the sheet (CSV: line − 1) and its cells from column A.
    fn row(&mut self, index: u32, cells: &[Cell<'_>]);
}

/// Bounds that keep hostile input from exhausting memory or time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of a zip-based workbook's parts once inflated, in bytes (the
    /// 500 000-row register of the benchmark inflates to 172 MB).
    pub max_inflated_bytes: u64,
    /// Rows per sheet.
    pub max_rows: u32,
    /// Columns per row; cells further right are ignored.
    pub max_columns: u32,
    /// Cells with content per sheet.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 2 << 30,
            max_inflated_bytes: 512 << 20,
            max_rows: 10_000_000,
            max_columns: 16_384,
            max_cells: 50_000_000,
        }
    }
}

/// Files at least this large are parsed on a second thread (see [`deliver`]).
pub const PIPELINE_BYTES: u64 = 1 << 20;
/// Items handed from the parsing thread at a time, and batches in flight.
const BATCH_ITEMS: usize = 1024;
const BATCHES_IN_FLIGHT: usize = 64;

/// Runs `produce` and `consume`s each item it emits, in order. `produce` fills one item
/// buffer at a time and hands it to `emit`, which returns false once the consuming side
/// has stopped. For a `large` file `produce` runs on a second thread and the items travel
/// in batches through a bounded channel, so a large sheet is parsed while its rows are
/// normalised and memory stays bounded; otherwise the one buffer is reused.
pub fn deliver<T: Default + Send, R: Send>(
    large: bool,
    produce: impl FnOnce(&mut dyn FnMut(&mut T) -> bool) -> Result<R, ReadFailure> + Send,
    mut consume: impl FnMut(&T),
) -> Result<R, ReadFailure> {
    if !large {
        return produce(&mut |item| {
            consume(item);
            true
        });
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<T>>(BATCHES_IN_FLIGHT);
        let producer = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_ITEMS);
            let result = produce(&mut |item| {
                batch.push(std::mem::take(item));
                batch.len() < BATCH_ITEMS
                    || sender.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ITEMS))).is_ok()
            });
            // The last items, unless this side has gone.
            let _ = sender.send(batch);
            result
        });
        receiver.into_iter().flatten().for_each(|item| consume(&item));
        producer.join().unwrap_or(Err(ReadFailure::ThreadFailed))
    })
}
