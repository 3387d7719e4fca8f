//! Workbooks through calamine: `.xlsx`/`.xlsm` streamed cell by cell, `.xls`, `.xlsb` and
//! `.ods` read a sheet at a time; hidden sheets reported, merged regions known.

use std::io::Cursor;

use calamine::{DataType, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::{Cell, Format, Limits, Region, RowSink, SheetInfo};
use crate::error::ReadFailure;

type Bytes = Cursor<Vec<u8>>;

/// An open workbook.
pub enum Book {
    /// Office Open XML.
    Xlsx(Box<Xlsx<Bytes>>),
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
        let data = Cursor::new(bytes);
        let name = format.name();
        Ok(match format {
            Format::Xlsx => Book::Xlsx(Box::new(Xlsx::new(data).map_err(|err| corrupt(name, err))?)),
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
            Book::Xlsx(book) => book.sheets_metadata(),
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

    /// The merged regions of a sheet (none for `.ods` and `.xlsb`, whose readers do not
    /// report them: their blank continuation cells are carried down like any blank).
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] when the sheet's XML cannot be parsed.
    pub fn merged_regions(&mut self, sheet: &str) -> Result<Vec<Region>, ReadFailure> {
        let dimensions = match self {
            Book::Xlsx(book) => book.merge_cells_by_sheet_name(sheet).map_err(|err| corrupt("xlsx", err))?,
            Book::Xls(book) => book.merge_cells_by_sheet_name(sheet).map_err(|err| corrupt("xls", err))?,
            Book::Xlsb(_) | Book::Ods(_) => Vec::new(),
        };
        Ok(dimensions
            .into_iter()
            .map(|dim| Region { first_row: dim.start.0, first_column: dim.start.1, last_row: dim.end.0, last_column: dim.end.1 })
            .collect())
    }

    /// Streams a sheet's rows into `sink`.
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] for damaged sheets, [`ReadFailure::TooManyRows`] past the limit.
    pub fn stream(&mut self, sheet: &str, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        let range = match self {
            Book::Xlsx(book) => return stream_xlsx(book, sheet, limits, sink),
            Book::Xls(book) => book.worksheet_range(sheet).map_err(|err| corrupt("xls", err)),
            Book::Xlsb(book) => book.worksheet_range(sheet).map_err(|err| corrupt("xlsb", err)),
            Book::Ods(book) => book.worksheet_range(sheet).map_err(|err| corrupt("ods", err)),
        }?;
        stream_range(&range, limits, sink)
    }
}

/// Streams an `.xlsx` sheet cell by cell, handing over one row at a time.
fn stream_xlsx(book: &mut Xlsx<Bytes>, sheet: &str, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
    let mut reader = book.worksheet_cells_reader(sheet).map_err(|err| corrupt("xlsx", err))?;
    let mut values: Vec<calamine::DataRef<'_>> = Vec::new();
    let mut current_row: Option<u32> = None;
    while let Some(cell) = reader.next_cell().map_err(|err| corrupt("xlsx", err))? {
        let (row, column) = cell.get_position();
        if row >= limits.max_rows {
            return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
        }
        if current_row != Some(row) {
            if let Some(previous) = current_row {
                deliver(previous, &values, sink);
                // Rows without cells are not in the file, but they are rows of the sheet.
                (previous + 1..row).for_each(|blank| sink.row(blank, &[]));
            }
            values.clear();
            current_row = Some(row);
        }
        if column >= limits.max_columns {
            continue;
        }
        let column = column as usize;
        if values.len() <= column {
            values.resize(column + 1, calamine::DataRef::Empty);
        }
        values[column] = cell.get_value().clone();
    }
    if let Some(row) = current_row {
        deliver(row, &values, sink);
    }
    Ok(())
}

fn deliver<T: DataType>(row: u32, values: &[T], sink: &mut dyn RowSink) {
    let cells: Vec<Cell<'_>> = values.iter().map(to_cell).collect();
    sink.row(row, &cells);
}

/// Streams a sheet that calamine has read whole.
fn stream_range(range: &calamine::Range<calamine::Data>, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
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

fn corrupt(format: &'static str, err: impl std::fmt::Display) -> ReadFailure {
    ReadFailure::Corrupt { format, message: err.to_string() }
}

/// One calamine value as a [`Cell`].
fn to_cell<T: DataType>(value: &T) -> Cell<'_> {
    if let Some(text) = value.get_string().or_else(|| value.get_datetime_iso()).or_else(|| value.get_duration_iso()) {
        Cell::Text(text)
    } else if let Some(datetime) = value.get_datetime() {
        if datetime.is_datetime() {
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day)).map_or(Cell::Number(datetime.as_f64()), Cell::Date)
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
