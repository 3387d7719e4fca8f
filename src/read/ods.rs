//! OpenDocument spreadsheets (`.ods`), read from `content.xml` with quick-xml rather than
//! calamine: calamine knows no merged cells in `.ods` and builds a dense grid of every
//! sheet, so one stray cell at AMJ1048576 or a repeat attribute costs gigabytes.
//!
//! A first pass over `content.xml` finds the sheets, whether each is shown (its table
//! style's `table:display`) and its merged regions (`table:number-rows-spanned` and
//! `table:number-columns-spanned`); a second pass streams one sheet's rows. Repeated rows
//! and cells (`table:number-rows-repeated`, `table:number-columns-repeated`) are expanded
//! only where they hold content, so memory follows the cells present, and the cells
//! delivered count against [`Limits::max_cells`].

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};
use std::sync::Arc;

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::sheet::{Cell, Limits, OwnedCell, Region, RowSink, SheetInfo};
use crate::error::{Damage, ReadFailure};

/// An open `.ods` workbook.
pub struct Ods {
    bytes: Arc<[u8]>,
    sheets: Vec<(SheetInfo, Vec<Region>)>,
}

impl Ods {
    /// Opens the workbook held in `bytes`: refuses an encrypted one and finds its sheets.
    ///
    /// # Errors
    /// [`ReadFailure::Encrypted`], or [`ReadFailure::Corrupt`] for a damaged zip or XML.
    pub fn open(bytes: Arc<[u8]>) -> Result<Ods, ReadFailure> {
        let mut archive = zip::ZipArchive::new(Cursor::new(Arc::clone(&bytes))).map_err(corrupt)?;
        if encrypted(&mut archive)? {
            return Err(ReadFailure::Encrypted);
        }
        let mut scan = Scan::default();
        with_content(&bytes, |reader| walk(reader, None, &mut scan))?;
        Ok(Ods { bytes, sheets: scan.sheets })
    }

    /// The sheets, in workbook order.
    pub fn sheets(&self) -> Vec<SheetInfo> {
        self.sheets.iter().map(|(info, _)| info.clone()).collect()
    }

    /// Streams a sheet into `sink`: its merged regions, then its rows.
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] for damaged XML, [`ReadFailure::TooManyRows`] and
    /// [`ReadFailure::TooManyCells`] past the limits; the rows before have been delivered.
    pub fn stream(&self, sheet: &str, limits: &Limits, sink: &mut dyn RowSink) -> Result<(), ReadFailure> {
        let regions = self.sheets.iter().find(|(info, _)| info.name == sheet).map(|(_, regions)| regions.clone());
        sink.merged(regions.unwrap_or_default());
        let mut rows = Rows { limits, sink, next: 0, cells: 0, bytes: 0 };
        with_content(&self.bytes, |reader| walk(reader, Some(sheet), &mut rows))
    }
}

/// What the walk over `content.xml` reports.
trait Visit {
    /// A table starts; returns whether its rows are wanted.
    fn table(&mut self, name: String, visible: bool) -> bool;
    /// A merged region of the current table.
    fn region(&mut self, region: Region);
    /// A row of the current table with content, repeated `repeat` times from `index`.
    fn row(&mut self, index: u32, repeat: u32, cells: &[(u32, OwnedCell)]) -> Result<(), ReadFailure>;
}

/// The first pass: every sheet, its visibility and its merged regions.
#[derive(Default)]
struct Scan {
    sheets: Vec<(SheetInfo, Vec<Region>)>,
}

impl Visit for Scan {
    fn table(&mut self, name: String, visible: bool) -> bool {
        self.sheets.push((SheetInfo { name, visible }, Vec::new()));
        false
    }

    fn region(&mut self, region: Region) {
        if let Some((_, regions)) = self.sheets.last_mut() {
            regions.push(region);
        }
    }

    fn row(&mut self, _: u32, _: u32, _: &[(u32, OwnedCell)]) -> Result<(), ReadFailure> {
        Ok(())
    }
}

/// The second pass: one sheet's rows into a sink, the rows without cells between them as
/// blank rows.
struct Rows<'s> {
    limits: &'s Limits,
    sink: &'s mut dyn RowSink,
    /// The next row index to deliver.
    next: u32,
    /// Cells delivered so far.
    cells: u64,
    /// Bytes of text delivered so far.
    bytes: u64,
}

impl Visit for Rows<'_> {
    fn table(&mut self, _: String, _: bool) -> bool {
        true
    }

    fn region(&mut self, _: Region) {}

    fn row(&mut self, index: u32, repeat: u32, cells: &[(u32, OwnedCell)]) -> Result<(), ReadFailure> {
        let width = cells.last().map_or(0, |(column, _)| *column as usize + 1);
        let mut dense: Vec<Cell<'_>> = vec![Cell::Empty; width];
        for (column, cell) in cells {
            dense[*column as usize] = cell.as_cell();
        }
        let bytes: u64 = cells.iter().map(|(_, cell)| text_bytes(cell)).sum();
        for copy in 0..repeat {
            let row = index.saturating_add(copy);
            if row >= self.limits.max_rows {
                return Err(ReadFailure::TooManyRows { limit: self.limits.max_rows });
            }
            self.cells += cells.len() as u64;
            if self.cells > self.limits.max_cells {
                return Err(ReadFailure::TooManyCells { limit: self.limits.max_cells });
            }
            // Repeats multiply text: what they expand to counts against the budget of
            // inflated bytes, as the parts of the file do.
            self.bytes = self.bytes.saturating_add(bytes);
            if self.bytes > self.limits.max_inflated_bytes {
                return Err(ReadFailure::InflatesTooMuch { size: self.bytes, limit: self.limits.max_inflated_bytes });
            }
            (self.next..row).for_each(|blank| self.sink.row(blank, &[]));
            self.sink.row(row, &dense);
            self.next = row + 1;
        }
        Ok(())
    }
}

fn text_bytes(cell: &OwnedCell) -> u64 {
    match cell {
        OwnedCell::Text(text) => text.len() as u64,
        _ => 0,
    }
}

/// Whether the manifest lists encryption data (a password-protected file).
fn encrypted(archive: &mut zip::ZipArchive<Cursor<Arc<[u8]>>>) -> Result<bool, ReadFailure> {
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else { return Ok(false) };
    let mut reader = xml(BufReader::new(manifest));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).map_err(corrupt)? {
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "manifest:encryption-data" => {
                return Ok(true);
            }
            Event::Eof => return Ok(false),
            _ => {}
        }
        buffer.clear();
    }
}

/// Runs `read` over `content.xml`, inflated as it is read.
fn with_content<T>(
    bytes: &Arc<[u8]>,
    read: impl FnOnce(Reader<BufReader<zip::read::ZipFile<'_, Cursor<Arc<[u8]>>>>>) -> Result<T, ReadFailure>,
) -> Result<T, ReadFailure> {
    let mut archive = zip::ZipArchive::new(Cursor::new(Arc::clone(bytes))).map_err(corrupt)?;
    let entry = archive.by_name("content.xml").map_err(corrupt)?;
    read(xml(BufReader::new(entry)))
}

fn xml<R: BufRead>(source: R) -> Reader<R> {
    let mut reader = Reader::from_reader(source);
    reader.config_mut().check_end_names = false;
    reader
}

/// Walks `content.xml`: table styles, tables, rows and cells. With `only`, the rows of
/// that table alone are read (the walk stops at its end); without, no rows are read.
fn walk<R: BufRead>(mut reader: Reader<R>, only: Option<&str>, visit: &mut dyn Visit) -> Result<(), ReadFailure> {
    let mut shown: HashMap<String, bool> = HashMap::new();
    let mut style: Option<String> = None;
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).map_err(corrupt)? {
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "style:style" => {
                style = attribute(&element, "style:name")?;
            }
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "style:table-properties" => {
                if let (Some(name), Some(display)) = (&style, attribute(&element, "table:display")?) {
                    shown.insert(name.clone(), display != "false");
                }
            }
            Event::Start(element) if element.name().as_ref() == "table:table" => {
                let name = attribute(&element, "table:name")?.unwrap_or_default();
                let visible = attribute(&element, "table:style-name")?.and_then(|style| shown.get(&style).copied());
                let wanted = only.is_none_or(|only| only == name);
                let read_rows = visit.table(name, visible.unwrap_or(true)) && wanted;
                if only.is_some() && !wanted {
                    reader.read_to_end_into(element.name(), &mut Vec::new()).map_err(corrupt)?;
                } else {
                    table(&mut reader, read_rows, visit)?;
                    if only.is_some() {
                        return Ok(());
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buffer.clear();
    }
}

/// One table's rows, up to its end.
fn table<R: BufRead>(reader: &mut Reader<R>, read_rows: bool, visit: &mut dyn Visit) -> Result<(), ReadFailure> {
    let mut row: u32 = 0;
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).map_err(corrupt)? {
            Event::Start(element) if element.name().as_ref() == "table:table-row" => {
                let repeat = count(&element, "table:number-rows-repeated")?;
                let cells = cells(reader, row, read_rows, visit)?;
                if cells.iter().any(|(_, cell)| !cell.as_cell().is_blank()) {
                    visit.row(row, repeat, &cells)?;
                }
                row = row.saturating_add(repeat);
            }
            Event::Empty(element) if element.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(count(&element, "table:number-rows-repeated")?);
            }
            Event::End(element) if element.name().as_ref() == "table:table" => return Ok(()),
            Event::Eof => {
                return Err(ReadFailure::Corrupt { format: "ods", source: Damage::Invalid("a table has no end") })
            }
            _ => {}
        }
        buffer.clear();
    }
}

/// Columns of an OpenDocument sheet (LibreOffice's limit): cells further right are not
/// expanded from a repeat.
const MAX_COLUMNS: u32 = 16_384;

/// One row's cells with content, by column, and its merged regions.
fn cells<R: BufRead>(
    reader: &mut Reader<R>,
    row: u32,
    read_values: bool,
    visit: &mut dyn Visit,
) -> Result<Vec<(u32, OwnedCell)>, ReadFailure> {
    let mut cells = Vec::new();
    let mut column: u32 = 0;
    let mut buffer = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buffer).map_err(corrupt)?;
        let (element, open) = match event {
            Event::Start(element) => (element.into_owned(), true),
            Event::Empty(element) => (element.into_owned(), false),
            Event::End(element) if element.name().as_ref() == "table:table-row" => return Ok(cells),
            Event::Eof => {
                return Err(ReadFailure::Corrupt { format: "ods", source: Damage::Invalid("a row has no end") })
            }
            _ => {
                buffer.clear();
                continue;
            }
        };
        buffer.clear();
        let name = element.name();
        if !matches!(name.as_ref(), "table:table-cell" | "table:covered-table-cell") {
            if open {
                reader.read_to_end_into(name, &mut buffer).map_err(corrupt)?;
                buffer.clear();
            }
            continue;
        }
        let repeat = count(&element, "table:number-columns-repeated")?;
        let (rows_spanned, columns_spanned) =
            (count(&element, "table:number-rows-spanned")?, count(&element, "table:number-columns-spanned")?);
        if rows_spanned > 1 || columns_spanned > 1 {
            visit.region(Region {
                first_row: row,
                last_row: row.saturating_add(rows_spanned - 1),
                first_column: column,
                last_column: column.saturating_add(columns_spanned - 1),
            });
        }
        let value = if read_values { value(reader, &element, open)? } else { skip(reader, &element, open)? };
        if let Some(value) = value {
            // A repeat past the last column of a sheet is not expanded.
            let end = column.saturating_add(repeat).min(MAX_COLUMNS);
            cells.extend((column..end).map(|at| (at, value.clone())));
        }
        column = column.saturating_add(repeat);
    }
}

/// Skips a cell's content.
fn skip<R: BufRead>(
    reader: &mut Reader<R>,
    element: &BytesStart<'_>,
    open: bool,
) -> Result<Option<OwnedCell>, ReadFailure> {
    if open {
        reader.read_to_end_into(element.name(), &mut Vec::new()).map_err(corrupt)?;
    }
    Ok(None)
}

/// A cell's value (ODF 1.2 §19.385 `office:value-type`); `None` when it has none.
fn value<R: BufRead>(
    reader: &mut Reader<R>,
    element: &BytesStart<'_>,
    open: bool,
) -> Result<Option<OwnedCell>, ReadFailure> {
    let kind = attribute(element, "office:value-type")?;
    let error = attribute(element, "calcext:value-type")?.is_some_and(|kind| kind == "error");
    let text = if open { text(reader, element)? } else { String::new() };
    let number = |name: &str| -> Result<Option<f64>, ReadFailure> {
        Ok(attribute(element, name)?.and_then(|value| value.trim().parse().ok()))
    };
    let cell = match kind.as_deref() {
        _ if error => OwnedCell::Error,
        Some("float" | "percentage" | "currency") => {
            number("office:value")?.map_or(OwnedCell::Text(text), OwnedCell::Number)
        }
        Some("date") => {
            let date = attribute(element, "office:date-value")?;
            let date = date
                .as_deref()
                .and_then(|date| NaiveDate::parse_from_str(date.get(..10).unwrap_or(date), "%Y-%m-%d").ok());
            date.map_or(OwnedCell::Text(text), OwnedCell::Date)
        }
        Some("boolean") => match attribute(element, "office:boolean-value")?.as_deref() {
            Some("true" | "TRUE") => OwnedCell::Bool(true),
            Some("false" | "FALSE") => OwnedCell::Bool(false),
            _ => OwnedCell::Text(text),
        },
        Some("string") => OwnedCell::Text(attribute(element, "office:string-value")?.unwrap_or(text)),
        _ if text.is_empty() => return Ok(None),
        _ => OwnedCell::Text(text),
    };
    Ok(Some(cell))
}

/// The text of a cell: its paragraphs one per line, `text:s` spaces, tabs and line
/// breaks kept, annotations left out.
fn text<R: BufRead>(reader: &mut Reader<R>, cell: &BytesStart<'_>) -> Result<String, ReadFailure> {
    let mut text = String::new();
    let mut paragraphs = 0;
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer).map_err(corrupt)? {
            Event::Text(content) => text.push_str(&content.xml10_content()),
            Event::GeneralRef(entity) => {
                let resolved = quick_xml::escape::resolve_xml_entity(entity.as_ref()).map(str::to_string);
                match resolved.or(entity.resolve_char_ref().map_err(corrupt)?.map(String::from)) {
                    Some(resolved) => text.push_str(&resolved),
                    None => {
                        return Err(ReadFailure::Corrupt {
                            format: "ods",
                            source: Damage::Invalid("an unknown entity"),
                        })
                    }
                }
            }
            Event::Start(element) if element.name().as_ref() == "office:annotation" => {
                reader.read_to_end_into(element.name(), &mut Vec::new()).map_err(corrupt)?;
            }
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "text:p" => {
                if paragraphs > 0 {
                    text.push('\n');
                }
                paragraphs += 1;
            }
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "text:s" => {
                let spaces = count(&element, "text:c")?.min(1 << 16);
                text.extend(std::iter::repeat_n(' ', spaces as usize));
            }
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "text:tab" => text.push('\t'),
            Event::Start(element) | Event::Empty(element) if element.name().as_ref() == "text:line-break" => {
                text.push('\n');
            }
            Event::End(element) if element.name() == cell.name() => return Ok(text),
            Event::Eof => {
                return Err(ReadFailure::Corrupt { format: "ods", source: Damage::Invalid("a cell has no end") })
            }
            _ => {}
        }
        buffer.clear();
    }
}

/// An attribute's unescaped value.
fn attribute(element: &BytesStart<'_>, name: &str) -> Result<Option<String>, ReadFailure> {
    let Some(found) = element.try_get_attribute(name).map_err(|err| corrupt(quick_xml::Error::from(err)))? else {
        return Ok(None);
    };
    Ok(Some(found.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(corrupt)?.into_owned()))
}

/// A repeat or span count: 1 when absent.
fn count(element: &BytesStart<'_>, name: &str) -> Result<u32, ReadFailure> {
    match attribute(element, name)? {
        None => Ok(1),
        Some(value) => value.trim().parse::<u32>().ok().filter(|count| *count > 0).ok_or(ReadFailure::Corrupt {
            format: "ods",
            source: Damage::Invalid("a repeat or span count is not a positive number"),
        }),
    }
}

fn corrupt(err: impl Into<Damage>) -> ReadFailure {
    ReadFailure::Corrupt { format: "ods", source: err.into() }
}
