//! Workbooks through calamine: `.xlsx`/`.xlsm` and `.xlsb` streamed cell by cell (so
//! memory follows the cells present, not a sheet's furthest cell), `.xls` read a sheet at
//! a time; hidden sheets reported, merged regions read before the rows.
//!
//! A large `.xlsx` sheet is read on two threads (`read::sheet::deliver`): one parses the
//! XML while the other takes the rows as they come.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{DataRef, DataType, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::sheet::{deliver, Cell, Limits, Region, RowSink, SheetInfo, PIPELINE_BYTES};
use super::sniff::Format;
use crate::error::{Damage, ReadFailure, Warning};

type Bytes = Cursor<Arc<[u8]>>;

/// An open workbook.
pub enum Book {
    /// Office Open XML, and whether it is large enough to be parsed on a second thread.
    Xlsx(Box<Xlsx<Bytes>>, bool),
    /// Legacy binary Excel.
    Xls(Box<Xls<Bytes>>),
    /// Excel binary workbook.
    Xlsb(Box<Xlsb<Bytes>>),
}

impl Book {
    /// Opens the workbook held in `bytes`, whose format was recognised by content, with a
    /// note when an `.xls` file's records had to be corrected first.
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] or [`ReadFailure::Encrypted`] when calamine cannot open it
    /// or an `.xls` file's records cannot be trusted.
    pub fn open(bytes: Arc<[u8]>, format: Format) -> Result<(Book, Option<Warning>), ReadFailure> {
        let large = bytes.len() as u64 >= PIPELINE_BYTES;
        let data = Cursor::new(bytes);
        let mut note = None;
        let book = match format {
            Format::Xlsb => Book::Xlsb(Box::new(Xlsb::new(data).map_err(|err| corrupt("xlsb", err))?)),
            Format::Xls => {
                // What the file claims is checked, and patched where it lies, before calamine
                // trusts it (see `read::biff`).
                let sanitised = super::biff::sanitise(data.into_inner().to_vec()).map_err(|err| match err {
                    super::biff::BiffError::Encrypted => ReadFailure::Encrypted,
                    other => corrupt("xls", Damage::Biff(other)),
                })?;
                note = (sanitised.blank_cells_dropped > 0).then_some(Warning::XlsCorrected {
                    blank_cells: sanitised.blank_cells_dropped,
                    dimensions: sanitised.dimensions_fixed,
                });
                let data = Cursor::new(Arc::from(sanitised.bytes));
                Book::Xls(Box::new(Xls::new(data).map_err(|err| match err {
                    calamine::XlsError::Password => ReadFailure::Encrypted,
                    other => corrupt("xls", other),
                })?))
            }
            Format::Xlsx | Format::Ods | Format::Csv | Format::Parquet | Format::Json => {
                Book::Xlsx(Box::new(Xlsx::new(data).map_err(|err| corrupt("xlsx", err))?), large)
            }
        };
        Ok((book, note))
    }

    /// The worksheets (chart sheets left out) in workbook order.
    pub fn sheets(&self) -> Vec<SheetInfo> {
        let metadata = match self {
            Book::Xlsx(book, _) => book.sheets_metadata(),
            Book::Xls(book) => book.sheets_metadata(),
            Book::Xlsb(book) => book.sheets_metadata(),
        };
        metadata
            .iter()
            .filter(|sheet| matches!(sheet.typ, SheetType::WorkSheet))
            .map(|sheet| SheetInfo { name: sheet.name.clone(), visible: sheet.visible == SheetVisible::Visible })
            .collect()
    }

    /// Streams a sheet into `sink`: its merged regions, then its rows. (The `.xlsb`
    /// reader reports no merged regions.)
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] for damaged sheets, [`ReadFailure::TooManyRows`] past the limit.
    pub fn stream(&mut self, sheet: &str, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        match self {
            Book::Xlsx(book, large) => {
                sink.merged(regions(book.merge_cells_by_sheet_name(sheet).map_err(|err| corrupt("xlsx", err))?));
                let mut reader = book.worksheet_cells_reader(sheet).map_err(|err| corrupt("xlsx", err))?;
                let mut rows = RowFeed::default();
                deliver(
                    *large,
                    |emit| parse_rows(|| reader.next_cell().map_err(|err| corrupt("xlsx", err)), limits, emit),
                    |(row, values)| rows.deliver(*row, values, sink),
                )
            }
            Book::Xlsb(book) => {
                sink.merged(Vec::new());
                let mut reader = book.worksheet_cells_reader(sheet).map_err(|err| corrupt("xlsb", err))?;
                let mut rows = RowFeed::default();
                parse_rows(|| reader.next_cell().map_err(|err| corrupt("xlsb", err)), limits, &mut |(row, values)| {
                    rows.deliver(*row, values, sink);
                    true
                })
            }
            Book::Xls(book) => {
                sink.merged(regions(book.merge_cells_by_sheet_name(sheet).map_err(|err| corrupt("xls", err))?));
                let range = book.worksheet_range(sheet).map_err(|err| corrupt("xls", err))?;
                stream_range(&range, limits, sink)
            }
        }
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

/// A row of a streamed sheet: its 0-based index and its cells from column A.
type RowItem<'a> = (u32, Vec<DataRef<'a>>);

/// Reads a sheet's cells from `next_cell` (calamine's cell reader of `.xlsx` or `.xlsb`)
/// and hands each row, with its 0-based index, to `emit` (which returns false to stop
/// early); stops past the row limit or the cell budget.
fn parse_rows<'a>(
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, ReadFailure>,
    limits: &Limits,
    emit: &mut dyn FnMut(&mut RowItem<'a>) -> bool,
) -> Result<(), ReadFailure> {
    let mut item: RowItem<'a> = (0, Vec::new());
    let mut started = false;
    let mut cells: u64 = 0;
    while let Some(cell) = next_cell()? {
        cells += 1;
        if cells > limits.max_cells {
            return Err(ReadFailure::TooManyCells { limit: limits.max_cells });
        }
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

/// Streams a sheet that calamine has read whole (`.xls`), stopping past the row limit or
/// the cell budget.
fn stream_range(
    range: &calamine::Range<calamine::Data>,
    limits: &Limits,
    sink: &mut dyn RowSink,
) -> Result<(), ReadFailure> {
    let Some((first_row, first_column)) = range.start() else { return Ok(()) };
    let padding = (first_column as usize).min(limits.max_columns as usize);
    let width = range.width().min((limits.max_columns as usize).saturating_sub(padding));
    let mut cells: Vec<Cell<'_>> = Vec::with_capacity(padding + width);
    let mut counted: u64 = 0;
    for (offset, row) in range.rows().enumerate() {
        let index = first_row.saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
        if index >= limits.max_rows {
            return Err(ReadFailure::TooManyRows { limit: limits.max_rows });
        }
        cells.clear();
        cells.resize(padding, Cell::Empty);
        cells.extend(row.iter().take(width).map(to_cell));
        counted += cells.iter().filter(|cell| !matches!(cell, Cell::Empty)).count() as u64;
        if counted > limits.max_cells {
            return Err(ReadFailure::TooManyCells { limit: limits.max_cells });
        }
        sink.row(index, &cells);
    }
    Ok(())
}

fn corrupt(format: &'static str, err: impl Into<Damage>) -> ReadFailure {
    ReadFailure::Corrupt { format, source: err.into() }
}

/// The serials of Excel's dates, 1900-01-01 to 9999-12-31.
const EXCEL_SERIALS: std::ops::Range<f64> = 1.0..2_958_466.0;

/// One calamine value as a [`Cell`].
fn to_cell<T: DataType>(value: &T) -> Cell<'_> {
    if let Some(text) = value.get_string().or_else(|| value.get_datetime_iso()).or_else(|| value.get_duration_iso()) {
        Cell::Text(text)
    } else if let Some(datetime) = value.get_datetime() {
        // Outside Excel's dates (1900-01-01 to 9999-12-31) calamine clamps the day; the
        // serial is kept as a number instead, which no date column takes.
        if datetime.is_datetime() && EXCEL_SERIALS.contains(&datetime.as_f64()) {
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

/// The riskreg command that wrote the `.xlsx` workbook in `bytes`, from the custom
/// document property riskreg marks its workbooks with (`docProps/custom.xml`).
pub fn written_by(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = archive.by_name("docProps/custom.xml").ok()?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(part, MAX_PROPERTIES_BYTES), &mut xml).ok()?;
    let marker = format!("name=\"{}\"", crate::write::workbook::MARKER);
    let after = &xml[xml.find(&marker)? + marker.len()..];
    let value = &after[after.find("<vt:lpwstr>")? + "<vt:lpwstr>".len()..];
    Some(value[..value.find("</vt:lpwstr>")?].to_string())
}

/// Most bytes of custom document properties read.
const MAX_PROPERTIES_BYTES: u64 = 64 << 10;
