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
    super::atomically(path, |out| write_to(frame, out, options).map_err(|err| Error::write(path, err)))
}

/// Writes `frame` as CSV to `out`.
///
/// # Errors
/// The writer's I/O error.
pub fn write_to(frame: &DataFrame, out: &mut dyn Write, options: CsvOptions) -> std::io::Result<()> {
    let header: Vec<&str> = frame.get_column_names().iter().map(|name| name.as_str()).collect();
    let columns = frame.columns();
    let rows = (0..frame.height())
        .map(|row| columns.iter().map(move |column| column.get(row).map(|value| field(&value)).unwrap_or_default()));
    records(out, &header, rows, options)
}

/// Writes a table of text as CSV to `path`, atomically; text a spreadsheet would take
/// for a formula is neutralised.
///
/// # Errors
/// [`Error::Write`] when the file cannot be written.
pub fn write_rows(path: &Path, header: &[&str], rows: &[Vec<String>], options: CsvOptions) -> Result<()> {
    let rows = rows.iter().map(|row| row.iter().map(|text| neutralise(text).into_owned()));
    super::atomically(path, |out| records(out, header, rows, options).map_err(|err| Error::write(path, err)))
}

fn records<R: IntoIterator<Item = String>>(
    out: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = R>,
    options: CsvOptions,
) -> std::io::Result<()> {
    if options.excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::WriterBuilder::new().delimiter(if options.excel { b';' } else { b',' }).from_writer(out);
    writer.write_record(header).map_err(io_error)?;
    for row in rows {
        writer.write_record(row).map_err(io_error)?;
    }
    writer.flush()
}

/// The I/O error of a CSV writer's error as it is (a closed pipe stays a closed pipe);
/// any other error wrapped.
fn io_error(err: csv::Error) -> std::io::Error {
    if !err.is_io_error() {
        return std::io::Error::other(err);
    }
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        _ => std::io::Error::other("CSV writer"),
    }
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
