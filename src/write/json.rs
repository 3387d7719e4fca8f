//! JSON output: an array of records (or one record per line) whose keys are the
//! canonical column names; dates as "YYYY-MM-DD", missing values as null.

use std::io::Write;
use std::path::Path;

use polars::prelude::{AnyValue, DataFrame};
use serde_json::Value;

use crate::error::{Error, Result};

/// Writes `frame` as JSON records laid out as `layout` to `path`, atomically.
///
/// # Errors
/// [`Error::Write`] when the file cannot be written.
pub fn write(frame: &DataFrame, path: &Path, layout: Layout) -> Result<()> {
    super::atomically(path, |out| write_to(frame, out, layout).map_err(|err| Error::write(path, err)))
}

/// How the records are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One JSON array of records.
    Array,
    /// One record per line (newline-delimited JSON).
    Lines,
}

/// Writes `frame`'s records to `out`.
///
/// # Errors
/// The writer's I/O error.
pub fn write_to(frame: &DataFrame, out: &mut dyn Write, layout: Layout) -> std::io::Result<()> {
    let names: Vec<String> =
        frame.get_column_names().iter().map(|name| serde_json::to_string(name.as_str()).unwrap_or_default()).collect();
    let (open, first, next, close): (&[u8], &[u8], &[u8], &[u8]) = match layout {
        Layout::Array => (b"[", b"\n  {", b",\n  {", b"\n]\n"),
        Layout::Lines => (b"", b"{", b"\n{", b"\n"),
    };
    out.write_all(open)?;
    for row in 0..frame.height() {
        out.write_all(if row == 0 { first } else { next })?;
        for (index, (name, column)) in names.iter().zip(frame.columns()).enumerate() {
            let value = column.get(row).map(|value| json(&value)).unwrap_or(Value::Null);
            let separator = if index == 0 { "" } else { ", " };
            write!(out, "{separator}{name}: {value}")?;
        }
        out.write_all(b"}")?;
    }
    if frame.height() > 0 || layout == Layout::Array {
        out.write_all(close)?;
    }
    Ok(())
}

fn json(value: &AnyValue<'_>) -> Value {
    match value {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(flag) => Value::Bool(*flag),
        AnyValue::String(text) => Value::String((*text).to_string()),
        AnyValue::StringOwned(text) => Value::String(text.to_string()),
        AnyValue::Int8(n) => Value::from(*n),
        AnyValue::Int16(n) => Value::from(*n),
        AnyValue::Int32(n) => Value::from(*n),
        AnyValue::Int64(n) => Value::from(*n),
        AnyValue::UInt32(n) => Value::from(*n),
        AnyValue::UInt64(n) => Value::from(*n),
        AnyValue::Float64(n) => Value::from(*n),
        AnyValue::Date(days) => {
            crate::frame::date_of(*days).map_or(Value::Null, |date| Value::String(date.to_string()))
        }
        other => Value::String(other.to_string()),
    }
}
