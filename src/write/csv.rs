//! CSV output: UTF-8 with a header of column names; `--excel-csv` gives `;` and a BOM so
//! Swedish Excel opens it directly. Text that Excel would take for a formula is prefixed
//! with `'`.

use std::io::Write;
use std::path::Path;

use polars::prelude::{AnyValue, DataFrame};

use super::neutralise;
use crate::error::{Error, Result};

/// How to write CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// `;` delimiter and a UTF-8 BOM, for Swedish Excel.
    pub excel: bool,
}

/// Writes `frame` as CSV to `path`, atomically.
///
/// # Errors
/// [`Error::Write`] when the file cannot be written.
pub fn write(frame: &DataFrame, path: &Path, options: CsvOptions) -> Result<()> {
    super::atomically(path, |out| {
        let io = |err: std::io::Error| Error::write(path, err);
        if options.excel {
            out.write_all("\u{feff}".as_bytes()).map_err(io)?;
        }
        let mut writer = csv::WriterBuilder::new().delimiter(if options.excel { b';' } else { b',' }).from_writer(out);
        let csv_error = |err: csv::Error| Error::write(path, err.into());
        writer.write_record(frame.get_column_names().iter().map(|name| name.as_str())).map_err(csv_error)?;
        let columns = frame.columns();
        let mut record: Vec<String> = Vec::with_capacity(columns.len());
        for row in 0..frame.height() {
            record.clear();
            for column in columns {
                record.push(column.get(row).map(|value| field(&value)).unwrap_or_default());
            }
            writer.write_record(&record).map_err(csv_error)?;
        }
        writer.flush().map_err(io)
    })
}

/// One value as a CSV field.
fn field(value: &AnyValue<'_>) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(text) => neutralise(text).into_owned(),
        AnyValue::StringOwned(text) => neutralise(text).into_owned(),
        AnyValue::Boolean(flag) => flag.to_string(),
        AnyValue::Date(days) => crate::frame::date_of(*days).map(|date| date.to_string()).unwrap_or_default(),
        other => other.to_string(),
    }
}
