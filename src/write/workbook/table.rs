//! One Excel table on a sheet: header, autofilter, banded rows, frozen header, column
//! widths and formats, then the rows, written row by row (constant-memory sheets allow
//! nothing else). Tables beyond `TABLE_CELLS` cells get an autofilter range instead.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_xlsxwriter::{Table, TableColumn, TableStyle, Url, Worksheet, XlsxError};

use super::styles::Styles;
use crate::schema::MAX_CELL_CHARS;

/// How a column's cells look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Short text.
    Text,
    /// Long text, wrapped.
    Wrap,
    /// Whole numbers.
    Number,
    /// Numbers with one decimal.
    Decimal,
    /// Dates.
    Date,
}

/// A column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header.
    pub heading: String,
    /// Width in characters.
    pub width: f64,
    /// How its cells look.
    pub style: Style,
}

impl Column {
    /// A column.
    pub fn new(heading: &str, width: f64, style: Style) -> Self {
        Column { heading: heading.to_string(), width, style }
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Nothing.
    Empty,
    /// Text (never read as a formula).
    Text(Cow<'a, str>),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// A link to a place in the workbook (`'Risker'!A12`), shown as `text`.
    Link {
        /// The place.
        target: Cow<'a, str>,
        /// The text shown.
        text: Cow<'a, str>,
    },
}

impl<'a> Value<'a> {
    /// Text, or nothing for `None`.
    pub fn text(text: Option<&'a str>) -> Value<'a> {
        text.map_or(Value::Empty, |text| Value::Text(Cow::Borrowed(text)))
    }

    /// A number, or nothing for `None`.
    pub fn number(number: Option<impl Into<f64>>) -> Value<'a> {
        number.map_or(Value::Empty, |number| Value::Number(number.into()))
    }
}

/// Where and how a table goes.
pub struct TableSpec<'s> {
    /// The table's name (letters, digits, underscores).
    pub name: &'s str,
    /// The columns.
    pub columns: &'s [Column],
    /// The whole sheet, or a block of one.
    pub placement: Placement,
}

/// Where a table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The table is the sheet, its header on the first row: it sets the column widths and
    /// formats, freezes its header, and sets the page up to print (see [`print_setup`])
    /// with the first `printed` columns in the print area; the machine columns after them
    /// (ids, keys, source paths) stay outside it.
    Sheet {
        /// The columns printed.
        printed: usize,
    },
    /// A block of a sheet the caller lays out, its header on the 0-based `row`.
    Block {
        /// The header's row.
        row: u32,
    },
}

impl<'s> TableSpec<'s> {
    /// A table that is its sheet, printing its first `printed` columns.
    pub fn sheet(name: &'s str, columns: &'s [Column], printed: usize) -> Self {
        TableSpec { name, columns, placement: Placement::Sheet { printed } }
    }

    /// A table whose header is on the 0-based `row` of a sheet the caller lays out.
    pub fn block(name: &'s str, row: u32, columns: &'s [Column]) -> Self {
        TableSpec { name, columns, placement: Placement::Block { row } }
    }
}

/// Sets a sheet up to print as every sheet of riskreg's workbooks does (DESIGN §4): A4
/// landscape, one page wide, narrow margins, the rows `repeat..=repeat` at the top of
/// every page, and the sheet's name and "Sida x av y" in the footer.
///
/// # Errors
/// The writer's error (a row past the sheet's end).
pub fn print_setup(sheet: &mut Worksheet, repeat: Option<u32>) -> Result<&mut Worksheet, XlsxError> {
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3)
        .set_footer("&L&8&A&R&8Sida &P av &N");
    if let Some(row) = repeat {
        sheet.set_repeat_rows(row, row)?;
    }
    Ok(sheet)
}

/// The paper size code of A4 in a sheet's page setup.
const A4: u8 = 9;

/// Writes a table of `count` rows.
///
/// # Errors
/// The writer's error, e.g. a string longer than Excel allows.
pub fn write_table<'a>(
    sheet: &mut Worksheet,
    styles: &Styles,
    spec: &TableSpec<'_>,
    count: usize,
    rows: impl Iterator<Item = Vec<Value<'a>>>,
) -> Result<(), XlsxError> {
    let last_column = u16::try_from(spec.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let (first_row, whole_sheet) = match spec.placement {
        Placement::Sheet { printed } => {
            for (index, column) in spec.columns.iter().enumerate() {
                let index = u16::try_from(index).unwrap_or(u16::MAX);
                sheet.set_column_width(index, column.width)?;
                sheet.set_column_format(index, format_of(styles, column.style))?;
            }
            sheet.set_freeze_panes(1, 0)?;
            sheet.set_row_height(0, 30)?;
            let printed = u16::try_from(printed.max(1) - 1).unwrap_or(u16::MAX);
            let last_row = u32::try_from(count).unwrap_or(u32::MAX);
            print_setup(sheet, Some(0))?.set_print_area(0, 0, last_row, printed.min(last_column))?;
            (0, true)
        }
        Placement::Block { row } => (row, false),
    };
    let last_row = first_row + u32::try_from(count.max(1)).unwrap_or(u32::MAX);
    if count.saturating_mul(spec.columns.len()) <= TABLE_CELLS {
        let headers: Vec<TableColumn> = spec
            .columns
            .iter()
            .map(|column| TableColumn::new().set_header(column.heading.as_str()).set_header_format(&styles.header))
            .collect();
        let table = Table::new().set_name(spec.name).set_style(TableStyle::Medium2).set_columns(&headers);
        sheet.add_table(first_row, 0, last_row, last_column, &table)?;
    } else {
        for (offset, column) in spec.columns.iter().enumerate() {
            sheet.write_string_with_format(first_row, offset as u16, &column.heading, &styles.header)?;
        }
        sheet.autofilter(first_row, 0, last_row, last_column)?;
    }
    for (offset, row) in rows.enumerate() {
        let row_index = first_row + 1 + u32::try_from(offset).unwrap_or(u32::MAX);
        if count <= FITTED_ROWS {
            let texts = row.iter().zip(spec.columns).filter(|(_, column)| column.style == Style::Wrap);
            let texts = texts.filter_map(|(value, column)| match value {
                Value::Text(text) => Some((text.as_ref(), column.width)),
                _ => None,
            });
            if let Some(height) = wrapped_height(texts) {
                sheet.set_row_height(row_index, height)?;
            }
        }
        for (column, value) in row.iter().enumerate() {
            let style = spec.columns.get(column).map_or(Style::Text, |column| column.style);
            write_value(sheet, styles, row_index, column as u16, value, style, whole_sheet)?;
        }
    }
    Ok(())
}

/// Largest table (data cells) written as an Excel table. rust_xlsxwriter keeps every cell
/// of a table in a map to check overlaps (some 30 bytes a cell); a larger sheet gets the
/// same header and filter as an autofilter range instead.
const TABLE_CELLS: usize = 2_000_000;

/// Largest table whose rows are made as tall as their wrapped text needs. rust_xlsxwriter
/// keeps every row's height in memory (and a height costs as much to write as a cell):
/// past this, rows keep the default height, and Excel fits them when they are opened.
const FITTED_ROWS: usize = 100_000;

/// Points per line of wrapped text, and the most lines a row is made tall for.
const LINE_HEIGHT: f64 = 15.0;
const MAX_LINES: usize = 12;
/// Characters of ordinary text per width unit (a width unit is one "0").
const CHARS_PER_WIDTH: f64 = 1.15;

/// The height (points) of a row whose `texts` wrap in columns of the given widths, when
/// one of them needs more than one line: an estimate set as the row's height so that every
/// reader shows the whole text (not all of them fit rows on opening) and no text runs
/// over the next row when printed.
pub fn wrapped_height<'t>(texts: impl Iterator<Item = (&'t str, f64)>) -> Option<f64> {
    let lines = texts.map(|(text, width)| lines_of(text, width)).max().filter(|lines| *lines > 1)?;
    Some(LINE_HEIGHT * lines.min(MAX_LINES) as f64)
}

/// The lines a text needs wrapped in a column `width` wide.
fn lines_of(text: &str, width: f64) -> usize {
    let per_line = (width * CHARS_PER_WIDTH).max(1.0);
    text.split('\n').map(|line| ((line.chars().count() as f64) / per_line).ceil().max(1.0) as usize).sum()
}

/// Text cut to what a cell holds, marked where it was cut (the full text stays in the
/// Parquet, CSV and JSON outputs).
pub fn fit(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS || text.encode_utf16().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let cut = text.char_indices().find(|(_, c)| {
        units += c.len_utf16();
        units > MAX_CELL_CHARS - 16
    });
    Cow::Owned(format!("{} […]", &text[..cut.map_or(text.len(), |(index, _)| index)]))
}

fn format_of(styles: &Styles, style: Style) -> &rust_xlsxwriter::Format {
    match style {
        Style::Text => &styles.text,
        Style::Wrap => &styles.wrap,
        Style::Number => &styles.number,
        Style::Decimal => &styles.decimal,
        Style::Date => &styles.date,
    }
}

/// Writes one value. With `column_formats`, plain cells take their column's format
/// (set once) instead of carrying their own, which keeps large sheets fast.
pub fn write_value(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    column: u16,
    value: &Value<'_>,
    style: Style,
    column_formats: bool,
) -> Result<(), XlsxError> {
    let format = format_of(styles, style);
    match value {
        Value::Empty => {}
        Value::Text(text) if column_formats => {
            sheet.write_string(row, column, fit(text).as_ref())?;
        }
        Value::Text(text) => {
            sheet.write_string_with_format(row, column, fit(text).as_ref(), format)?;
        }
        Value::Number(number) if column_formats => {
            sheet.write_number(row, column, *number)?;
        }
        Value::Number(number) => {
            sheet.write_number_with_format(row, column, *number, format)?;
        }
        Value::Date(date) => {
            sheet.write_date_with_format(row, column, date, &styles.date)?;
        }
        Value::Link { target, text } => {
            sheet.write_url_with_text(row, column, Url::new(format!("internal:{target}")), text.as_ref())?;
        }
    }
    Ok(())
}
