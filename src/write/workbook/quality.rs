//! Datakvalitet (every flag and rejected row, with file, sheet, row, column, value and
//! reason) and Källor (every file and sheet: what was detected, where district and year
//! came from, the column mapping, the row accounting and the file's SHA-256).

use std::borrow::Cow;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{write_table, Column, Style, TableSpec, Value};
use crate::normalise::accounting::SkipReason;
use crate::normalise::quality::Issue;
use crate::pipeline::reports::{FileReport, SheetReport};
use crate::text::column_letter;

/// The name of the Datakvalitet sheet.
pub const QUALITY: &str = "Datakvalitet";
/// The name of the Källor sheet.
pub const SOURCES: &str = "Källor";

/// Writes a table of findings (Datakvalitet, or a converted file's "Ej placerat"): one
/// row per flag or rejected row, with file, sheet, row, column, value and reason.
///
/// # Errors
/// The writer's error.
pub fn write_issues(
    sheet: &mut Worksheet,
    styles: &Styles,
    name: &str,
    table: &str,
    issues: &[&Issue],
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let columns = [
        Column::new("Fil", 36.0, Style::Text),
        Column::new("Blad", 18.0, Style::Text),
        Column::new("Rad", 6.0, Style::Number),
        Column::new("Kolumn", 18.0, Style::Text),
        Column::new("Värde", 30.0, Style::Wrap),
        Column::new("Flagga", 18.0, Style::Text),
        Column::new("Orsak", 60.0, Style::Wrap),
    ];
    let rows = issues.iter().map(|issue| {
        vec![
            Value::text(Some(issue.location.file.as_str())),
            Value::text(issue.location.sheet.as_deref()),
            Value::number(issue.location.row),
            Value::text(issue.location.column.as_deref()),
            Value::text(Some(issue.value.as_str()).filter(|value| !value.is_empty())),
            Value::text(Some(issue.finding.as_str())),
            Value::text(Some(issue.reason.as_str())),
        ]
    });
    let spec = TableSpec { name: table, first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &spec, issues.len(), rows)
}

/// Writes Källor.
///
/// # Errors
/// The writer's error.
pub fn write_sources(sheet: &mut Worksheet, styles: &Styles, files: &[FileReport]) -> Result<(), XlsxError> {
    sheet.set_name(SOURCES)?;
    let mut columns = vec![
        Column::new("Fil", 36.0, Style::Text),
        Column::new("Blad", 18.0, Style::Text),
        Column::new("Format", 8.0, Style::Text),
        Column::new("Teckenkodning", 12.0, Style::Text),
        Column::new("Typ", 12.0, Style::Text),
        Column::new("Stadsdelsnämnd", 20.0, Style::Text),
        Column::new("Stadsdelsnämnd idag", 20.0, Style::Text),
        Column::new("Stadsdelsnämnd från", 22.0, Style::Text),
        Column::new("År", 7.0, Style::Number),
        Column::new("År från", 22.0, Style::Text),
        Column::new("Rubrikrad", 9.0, Style::Number),
        Column::new("Kolumner", 50.0, Style::Wrap),
        Column::new("Lästa rader", 9.0, Style::Number),
        Column::new("Behållna", 9.0, Style::Number),
        Column::new("Överhoppade", 11.0, Style::Number),
    ];
    columns.extend(
        SkipReason::ALL
            .iter()
            .map(|reason| Column::new(&format!("varav {}", skip_label(*reason)), 10.0, Style::Number)),
    );
    columns.extend([
        Column::new("Avvisade", 9.0, Style::Number),
        Column::new("SHA-256", 20.0, Style::Text),
        Column::new("Anmärkning", 50.0, Style::Wrap),
    ]);
    let rows: Vec<Vec<Value<'_>>> = files
        .iter()
        .flat_map(|file| {
            let sheets: Vec<Option<&SheetReport>> =
                if file.sheets.is_empty() { vec![None] } else { file.sheets.iter().map(Some).collect() };
            sheets.into_iter().map(move |sheet| source_row(file, sheet))
        })
        .collect();
    let spec = TableSpec { name: "Kallor", first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &spec, rows.len(), rows.into_iter())
}

fn source_row<'a>(file: &'a FileReport, sheet: Option<&'a SheetReport>) -> Vec<Value<'a>> {
    let count = |value: u32| Value::Number(f64::from(value));
    let mut notes: Vec<String> = file
        .error
        .iter()
        .map(|error| error.error.to_string())
        .chain(file.warnings.iter().map(|warning| warning.error.to_string()))
        .collect();
    let mut row = vec![
        Value::text(Some(file.file.as_str())),
        Value::text(sheet.map(|sheet| sheet.sheet.as_str()).filter(|name| !name.is_empty())),
    ];
    row.push(Value::text(file.format));
    row.push(Value::text(file.encoding));
    match sheet {
        Some(sheet) => {
            notes.extend(
                sheet
                    .error
                    .iter()
                    .map(|error| error.error.to_string())
                    .chain(sheet.warnings.iter().map(|warning| warning.error.to_string())),
            );
            let district = sheet.district.as_ref();
            let year = sheet.year.as_ref();
            let accounting = &sheet.accounting;
            row.extend([
                Value::Text(Cow::Owned(
                    sheet.tables.iter().map(|table| table.kind.as_str()).collect::<Vec<_>>().join(", "),
                )),
                Value::text(district.map(|found| found.value.name.as_str())),
                Value::text(district.map(|found| found.value.current.as_str())),
                district.map_or(Value::Empty, |found| Value::Text(Cow::Owned(found.origin.to_string()))),
                Value::number(year.map(|found| found.value)),
                year.map_or(Value::Empty, |found| Value::Text(Cow::Owned(found.origin.to_string()))),
                Value::number(sheet.tables.first().and_then(|table| table.header_rows.first().copied())),
                Value::Text(Cow::Owned(mapping(sheet))),
                count(accounting.read),
                count(accounting.kept),
                count(accounting.skipped_total()),
            ]);
            row.extend(
                SkipReason::ALL.iter().map(|reason| count(accounting.skipped.get(reason).copied().unwrap_or(0))),
            );
            row.push(count(accounting.rejected));
        }
        None => row.extend(std::iter::repeat_n(Value::Empty, 11 + SkipReason::ALL.len() + 1)),
    }
    row.push(Value::text(file.sha256.as_deref()));
    row.push(if notes.is_empty() { Value::Empty } else { Value::Text(Cow::Owned(notes.join("; "))) });
    row
}

/// "A 'KF:s mål…' → goal; B 'Process' → process; …", each table's in turn.
fn mapping(sheet: &SheetReport) -> String {
    sheet
        .tables
        .iter()
        .flat_map(|table| &table.columns)
        .map(|column| {
            format!("{} '{}' → {}", column_letter(column.index), crate::text::squash(&column.heading), column.field)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn skip_label(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::Blank => "tomma",
        SkipReason::Title => "titelrader",
        SkipReason::Header => "rubrikrader",
        SkipReason::Summary => "summeringar",
        SkipReason::Section => "avsnittsrubriker",
        SkipReason::NoHeader => "utan rubrikrad",
    }
}
