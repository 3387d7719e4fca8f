//! JSON output: an array of records whose keys are the canonical column names; dates as
//! "YYYY-MM-DD", missing values as null.

use std::io::Write;
use std::path::Path;

use polars::prelude::{AnyValue, DataFrame};
use serde_json::Value;

use crate::error::{Error, Result};

/// Writes `frame` as a JSON array of records to `path`, atomically.
///
/// # Errors
/// [`Error::Write`] when the file cannot be written.
pub fn write(frame: &DataFrame, path: &Path) -> Result<()> {
    super::atomically(path, |out| {
        let io = |err: std::io::Error| Error::write(path, err);
        let names: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|name| serde_json::to_string(name.as_str()).unwrap_or_default())
            .collect();
        out.write_all(b"[").map_err(io)?;
        for row in 0..frame.height() {
            out.write_all(if row == 0 { b"\n  {" } else { b",\n  {" }).map_err(io)?;
            for (index, (name, column)) in names.iter().zip(frame.columns()).enumerate() {
                let value = column.get(row).map(|value| json(&value)).unwrap_or(Value::Null);
                let separator = if index == 0 { "" } else { ", " };
                write!(out, "{separator}{name}: {value}").map_err(io)?;
            }
            out.write_all(b"}").map_err(io)?;
        }
        out.write_all(b"\n]\n").map_err(io)
    })
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
