//! Tables that are not spreadsheets — riskreg's own Parquet and JSON outputs — read
//! whole into one sheet of rows: a header of column names, then one row per record.

use std::io::Cursor;

use polars::prelude::{AnyValue, ParquetReader, SerReader};

use super::sheet::{Cell, Limits, OwnedCell, RowSink};
use crate::error::{Damage, ReadFailure};

/// A table read whole.
#[derive(Debug)]
pub struct Table {
    rows: Vec<Vec<OwnedCell>>,
}

impl Table {
    /// Reads a Parquet file.
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] when polars cannot read it; [`ReadFailure::TooManyCells`]
    /// past the budget.
    pub fn parquet(bytes: &[u8], limits: &Limits) -> Result<Table, ReadFailure> {
        let corrupt = |err| ReadFailure::Corrupt { format: "parquet", source: Damage::Frame(err) };
        let frame = ParquetReader::new(Cursor::new(bytes)).finish().map_err(corrupt)?;
        check_cells(frame.height() as u64 * frame.width() as u64, limits)?;
        let mut rows = vec![frame.get_column_names().iter().map(|name| OwnedCell::Text(name.to_string())).collect()];
        let columns = frame.columns();
        for row in 0..frame.height() {
            rows.push(
                columns.iter().map(|column| column.get(row).map_or(OwnedCell::Empty, |value| cell(&value))).collect(),
            );
        }
        Ok(Table { rows })
    }

    /// Reads JSON: an array of records, or one record per line.
    ///
    /// # Errors
    /// [`ReadFailure::Corrupt`] when it is not such JSON; [`ReadFailure::TooManyCells`]
    /// past the budget.
    pub fn json(bytes: &[u8], limits: &Limits) -> Result<Table, ReadFailure> {
        let corrupt = |err| ReadFailure::Corrupt { format: "JSON", source: Damage::Json(err) };
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let records: Vec<serde_json::Map<String, serde_json::Value>> = if text.trim_ascii_start().starts_with(b"[") {
            serde_json::from_slice(text).map_err(corrupt)?
        } else {
            serde_json::Deserializer::from_slice(text).into_iter().collect::<Result<_, _>>().map_err(corrupt)?
        };
        let mut names: Vec<&str> = Vec::new();
        for name in records.iter().flat_map(|record| record.keys()) {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        check_cells(records.len() as u64 * names.len() as u64, limits)?;
        let mut rows = vec![names.iter().map(|name| OwnedCell::Text((*name).to_string())).collect::<Vec<_>>()];
        for record in &records {
            rows.push(names.iter().map(|name| record.get(*name).map_or(OwnedCell::Empty, json_cell)).collect());
        }
        Ok(Table { rows })
    }

    /// Streams the rows into `sink`.
    pub fn stream(&self, sink: &mut dyn RowSink) {
        sink.merged(Vec::new());
        for (index, row) in self.rows.iter().enumerate() {
            let cells: Vec<Cell<'_>> = row.iter().map(OwnedCell::as_cell).collect();
            sink.row(u32::try_from(index).unwrap_or(u32::MAX), &cells);
        }
    }
}

fn check_cells(cells: u64, limits: &Limits) -> Result<(), ReadFailure> {
    if cells > limits.max_cells {
        return Err(ReadFailure::TooManyCells { limit: limits.max_cells });
    }
    Ok(())
}

/// A Parquet value as a cell.
fn cell(value: &AnyValue<'_>) -> OwnedCell {
    match value {
        AnyValue::Null => OwnedCell::Empty,
        AnyValue::String(text) => OwnedCell::Text((*text).to_string()),
        AnyValue::StringOwned(text) => OwnedCell::Text(text.to_string()),
        AnyValue::Boolean(flag) => OwnedCell::Bool(*flag),
        AnyValue::Date(days) => crate::frame::date_of(*days).map_or(OwnedCell::Empty, OwnedCell::Date),
        other => match other.extract::<f64>() {
            Some(number) => OwnedCell::Number(number),
            None => OwnedCell::Text(other.to_string()),
        },
    }
}

/// A JSON value as a cell: arrays and objects as their JSON text.
fn json_cell(value: &serde_json::Value) -> OwnedCell {
    match value {
        serde_json::Value::Null => OwnedCell::Empty,
        serde_json::Value::Bool(flag) => OwnedCell::Bool(*flag),
        serde_json::Value::Number(number) => number.as_f64().map_or(OwnedCell::Empty, OwnedCell::Number),
        serde_json::Value::String(text) => OwnedCell::Text(text.clone()),
        other => OwnedCell::Text(other.to_string()),
    }
}
