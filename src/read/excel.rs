//! Workbooks through calamine: `.xlsx`/`.xlsm` streamed cell by cell, `.xls`, `.xlsb` and
//! `.ods` read a sheet at a time; hidden sheets reported, merged regions known.
//!
//! A large `.xlsx` sheet is read on two threads (`read::deliver`): one parses the XML
//! while the other takes the rows as they come. Its merged regions, which need a second
//! pass over the sheet, are read only if carry-down asks for them.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{DataRef, DataType, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx, XlsxCellReader};
use chrono::NaiveDate;

use super::sheet::{deliver, Cell, Limits, Merges, Region, RowSink, SheetInfo, PIPELINE_BYTES};
use super::sniff::Format;
use crate::error::{Damage, ReadFailure};

type Bytes = Cursor<Arc<[u8]>>;

/// An open workbook.
pub enum Book {
    /// Office Open XML, with its bytes for a second reader.
    Xlsx(Box<Xlsx<Bytes>>, Arc<[u8]>),
    /// Legacy binary Excel.
    Xls(Box<Xls<Bytes>>),
    /// Excel binary workbook.
    Xlsb(Box<Xlsb<Bytes>>),
    /// OpenDocument.
    Ods(Box<Ods<Bytes>>),
}

impl Book {
    /// Opens the workbook held in `bytes`, whose format was recognised by content.
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] or [`ReadFailure::Encrypted`] when calamine cannot open it.
    pub fn open(bytes: Vec<u8>, format: Format) -> Result<Book, ReadFailure> {
        let bytes: Arc<[u8]> = bytes.into();
        let data = Cursor::new(Arc::clone(&bytes));
        let name = format.name();
        Ok(match format {
            Format::Xlsx => Book::Xlsx(Box::new(Xlsx::new(data).map_err(|err| corrupt(name, err))?), bytes),
            Format::Xlsb => Book::Xlsb(Box::new(Xlsb::new(data).map_err(|err| corrupt(name, err))?)),
            Format::Ods => Book::Ods(Box::new(Ods::new(data).map_err(|err| match err {
                calamine::OdsError::Password => ReadFailure::Encrypted,
                other => corrupt(name, other),
            })?)),
            Format::Xls | Format::Csv => Book::Xls(Box::new(Xls::new(data).map_err(|err| match err {
                calamine::XlsError::Password => ReadFailure::Encrypted,
                other => corrupt(name, other),
            })?)),
        })
    }

    /// The worksheets (chart sheets left out) in workbook order.
    pub fn sheets(&self) -> Vec<SheetInfo> {
        let metadata = match self {
            Book::Xlsx(book, _) => book.sheets_metadata(),
            Book::Xls(book) => book.sheets_metadata(),
            Book::Xlsb(book) => book.sheets_metadata(),
            Book::Ods(book) => book.sheets_metadata(),
        };
        metadata
            .iter()
            .filter(|sheet| matches!(sheet.typ, SheetType::WorkSheet))
            .map(|sheet| SheetInfo { name: sheet.name.clone(), visible: sheet.visible == SheetVisible::Visible })
            .collect()
    }

    /// Streams a sheet into `sink`: its merged regions (for `.xlsx` read when first asked
    /// for), then its rows. (`.ods` and `.xlsb` readers report no merged regions: their
    /// blank continuation cells are carried down like any blank.)
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] for damaged sheets, [`ReadFailure::TooManyRows`] past the limit.
    pub fn stream(&mut self, sheet: &str, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        let range = match self {
            Book::Xlsx(book, bytes) => {
                let (large, bytes, name) = (bytes.len() as u64 >= PIPELINE_BYTES, Arc::clone(bytes), sheet.to_string());
                sink.merged(Merges::lazy(move || xlsx_merges(bytes, &name)));
                let reader = book.worksheet_cells_reader(sheet).map_err(|err| corrupt("xlsx", err))?;
                let mut rows = RowFeed::default();
                return deliver(
                    large,
                    |emit| parse_rows(reader, limits, emit),
                    |(row, values)| {
                        rows.deliver(*row, values, sink);
                    },
                );
            }
            Book::Xls(book) => {
                sink.merged(Merges::known(regions(
                    book.merge_cells_by_sheet_name(sheet).map_err(|err| corrupt("xls", err))?,
                )));
                book.worksheet_range(sheet).map_err(|err| corrupt("xls", err))
            }
            Book::Xlsb(book) => {
                sink.merged(Merges::known(Vec::new()));
                book.worksheet_range(sheet).map_err(|err| corrupt("xlsb", err))
            }
            Book::Ods(book) => {
                sink.merged(Merges::known(Vec::new()));
                book.worksheet_range(sheet).map_err(|err| corrupt("ods", err))
            }
        }?;
        stream_range(&range, limits, sink)
    }
}

fn regions(dimensions: Vec<calamine::Dimensions>) -> Vec<Region> {
    dimensions
        .into_iter()
        .map(|dim| Region {
            first_row: dim.start.0,
            first_column: dim.start.1,
            last_row: dim.end.0,
            last_column: dim.end.1,
        })
        .collect()
}

/// A row of an `.xlsx` sheet: its 0-based index and its cells from column A.
type RowItem<'a> = (u32, Vec<DataRef<'a>>);

/// Reads an `.xlsx` sheet's cells and hands each row, with its 0-based index, to `emit`
/// (which returns false to stop early).
fn parse_rows<'a>(
    mut reader: XlsxCellReader<'a, Bytes>,
    limits: &Limits,
    emit: &mut dyn FnMut(&mut RowItem<'a>) -> bool,
) -> Result<(), ReadFailure> {
    let mut item: RowItem<'a> = (0, Vec::new());
    let mut started = false;
    while let Some(cell) = reader.next_cell().map_err(|err| corrupt("xlsx", err))? {
        let (row, column) = cell.get_position();
        if row >= limits.max_rows {
            return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
        }
        if started && item.0 != row {
            if !emit(&mut item) {
                return Ok(());
            }
            item.1.clear();
        }
        item.0 = row;
        started = true;
        if column >= limits.max_columns {
            continue;
        }
        let column = column as usize;
        if item.1.len() <= column {
            item.1.resize(column + 1, DataRef::Empty);
        }
        item.1[column] = cell.get_value().clone();
    }
    if started {
        emit(&mut item);
    }
    Ok(())
}

/// The merged regions of an `.xlsx` sheet, read by a second reader of the same bytes (the
/// first is busy streaming the cells). A damaged sheet gives none here; its streaming
/// reports the damage.
fn xlsx_merges(bytes: Arc<[u8]>, sheet: &str) -> Vec<Region> {
    Xlsx::new(Cursor::new(bytes))
        .and_then(|mut second| second.merge_cells_by_sheet_name(sheet))
        .map(regions)
        .unwrap_or_default()
}

/// Hands rows to a sink, with the rows the file leaves out (they have no cells) as blank.
#[derive(Default)]
struct RowFeed {
    next: Option<u32>,
}

impl RowFeed {
    fn deliver<T: DataType>(&mut self, row: u32, values: &[T], sink: &mut dyn RowSink) {
        if let Some(next) = self.next {
            (next..row).for_each(|blank| sink.row(blank, &[]));
        }
        let cells: Vec<Cell<'_>> = values.iter().map(to_cell).collect();
        sink.row(row, &cells);
        self.next = Some(row + 1);
    }
}

/// Streams a sheet that calamine has read whole.
fn stream_range(
    range: &calamine::Range<calamine::Data>,
    limits: &Limits,
    sink: &mut dyn RowSink,
) -> Result<(), ReadFailure> {
    let Some((first_row, first_column)) = range.start() else { return Ok(()) };
    let padding = (first_column as usize).min(limits.max_columns as usize);
    let width = range.width().min((limits.max_columns as usize).saturating_sub(padding));
    let mut cells: Vec<Cell<'_>> = Vec::with_capacity(padding + width);
    for (offset, row) in range.rows().enumerate() {
        let index = first_row.saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
        if index >= limits.max_rows {
            return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
        }
        cells.clear();
        cells.resize(padding, Cell::Empty);
        cells.extend(row.iter().take(width).map(to_cell));
        sink.row(index, &cells);
    }
    Ok(())
}

fn corrupt(format: &'static str, err: impl Into<Damage>) -> ReadFailure {
    ReadFailure::Corrupt { format, source: err.into() }
}

/// One calamine value as a [`Cell`].
fn to_cell<T: DataType>(value: &T) -> Cell<'_> {
    if let Some(text) = value.get_string().or_else(|| value.get_datetime_iso()).or_else(|| value.get_duration_iso()) {
        Cell::Text(text)
    } else if let Some(datetime) = value.get_datetime() {
        if datetime.is_datetime() {
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
                .map_or(Cell::Number(datetime.as_f64()), Cell::Date)
        } else {
            Cell::Number(datetime.as_f64())
        }
    } else if let Some(number) = value.get_float() {
        Cell::Number(number)
    } else if let Some(number) = value.get_int() {
        Cell::Number(number as f64)
    } else if let Some(flag) = value.get_bool() {
        Cell::Bool(flag)
    } else if value.is_error() {
        Cell::Error
    } else {
        Cell::Empty
    }
}
