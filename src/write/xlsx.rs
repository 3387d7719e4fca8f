//! xlsx output of `import`: the canonical frame as one Excel table, canonical column
//! names as headings, formatted as the register sheets of the workbook are.

use std::borrow::Cow;
use std::path::Path;

use polars::prelude::{AnyValue, DataFrame};

use super::workbook::styles::Styles;
use super::workbook::table::{write_table, Column, TableSpec, Value};
use super::workbook::{new_workbook, registers, save};
use crate::error::{Error, Result};
use crate::schema::COLUMNS;

/// Writes `frame` (the canonical frame) as one table to `path`, atomically.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn write(frame: &DataFrame, path: &Path) -> Result<()> {
    let mut workbook = new_workbook("import", &[]);
    let styles = Styles::new(&[]);
    let columns: Vec<Column> = COLUMNS
        .iter()
        .map(|info| {
            let (width, style) = registers::layout(info.column);
            Column::new(info.name, width, style)
        })
        .collect();
    let sheet = workbook.add_worksheet_with_constant_memory().map_err(|err| Error::xlsx(path, err))?;
    sheet.set_name("riskreg").map_err(|err| Error::xlsx(path, err))?;
    let rows = (0..frame.height()).map(|row| frame.columns().iter().map(|column| cell(column.get(row).ok())).collect());
    let spec = TableSpec::sheet("riskreg", &columns, columns.len());
    write_table(sheet, &styles, &spec, frame.height(), rows).map_err(|err| Error::xlsx(path, err))?;
    save(workbook, path)
}

/// One frame value as a cell: numbers as numbers, dates as dates, booleans as
/// `true`/`false`, empty text as an empty cell.
fn cell(value: Option<AnyValue<'_>>) -> Value<'_> {
    match value {
        Some(AnyValue::String(text)) if !text.is_empty() => Value::Text(Cow::Borrowed(text)),
        Some(AnyValue::Boolean(flag)) => Value::Text(Cow::Borrowed(if flag { "true" } else { "false" })),
        Some(AnyValue::Date(days)) => crate::frame::date_of(days).map_or(Value::Empty, Value::Date),
        Some(AnyValue::Int8(number)) => Value::Number(f64::from(number)),
        Some(AnyValue::Int16(number)) => Value::Number(f64::from(number)),
        Some(AnyValue::Int32(number)) => Value::Number(f64::from(number)),
        Some(AnyValue::UInt32(number)) => Value::Number(f64::from(number)),
        _ => Value::Empty,
    }
}
