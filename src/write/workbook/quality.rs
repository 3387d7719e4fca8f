//! Datakvalitet (every flag and rejected row, with file, sheet, row, column, value and
//! reason) and Källor (every file and sheet: what was detected, where district and year
//! came from, the column mapping, the row accounting and the file's SHA-256).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::registers;
use super::styles::Styles;
use super::table::{write_table, Column, Style, TableSpec, Value};
use crate::normalise::accounting::SkipReason;
use crate::normalise::quality::Issue;
use crate::pipeline::reports::{FileReport, SheetReport};
use crate::pipeline::Batch;
use crate::svenska;
use crate::templates::Templates;
use crate::text::column_letter;

/// The name of the Datakvalitet sheet.
pub const QUALITY: &str = "Datakvalitet";
/// The name of the Källor sheet.
pub const SOURCES: &str = "Källor";

/// Writes a table of findings (Datakvalitet, or a converted file's "Ej placerat"): one
/// row per flag or rejected row, with file, sheet, row, column, the whole value, the
/// finding's Swedish label and reason, a link to the row in the register sheets when
/// `links` knows it, and the finding's id (outside the print area).
///
/// # Errors
/// The writer's error.
pub fn write_issues(
    sheet: &mut Worksheet,
    styles: &Styles,
    names: (&str, &str),
    issues: &[&Issue],
    templates: &Templates,
    links: Option<&Links<'_>>,
) -> Result<(), XlsxError> {
    let (name, table) = names;
    sheet.set_name(name)?;
    let mut columns = vec![
        Column::new("Fil", 30.0, Style::Wrap),
        Column::new("Blad", 14.0, Style::Wrap),
        Column::new("Rad", 6.0, Style::Number),
        Column::new("Kolumn", 16.0, Style::Wrap),
        Column::new("Värde", 34.0, Style::Wrap),
        Column::new("Flagga", 18.0, Style::Wrap),
        Column::new("Orsak", 50.0, Style::Wrap),
    ];
    if links.is_some() {
        columns.push(Column::new("Gå till", 16.0, Style::Text));
    }
    columns.push(Column::new("Flagg-id", 18.0, Style::Text));
    let rows = issues.iter().map(|issue| {
        let mut row = vec![
            Value::text(Some(issue.location.file.as_str())),
            Value::text(issue.location.sheet.as_deref()),
            Value::number(issue.location.row),
            Value::text(issue.location.column.as_deref()),
            Value::text(Some(issue.value.as_str()).filter(|value| !value.is_empty())),
            Value::text(Some(templates.finding_label(issue.finding))),
            Value::text(Some(issue.reason.as_str())),
        ];
        if let Some(links) = links {
            row.push(links.of(issue).map_or(Value::Empty, |(sheet, row)| Value::Link {
                target: Cow::Owned(format!("'{sheet}'!A{}", row + 1)),
                text: Cow::Owned(format!("{sheet} rad {}", row + 1)),
            }));
        }
        row.push(Value::text(Some(issue.finding.as_str())));
        row
    });
    let spec = TableSpec::sheet(table, &columns, columns.len() - 1);
    write_table(sheet, styles, &spec, issues.len(), rows)
}

/// Where the register sheets hold the rows that findings are about: (file, sheet, source
/// row) → (register sheet, 0-based row there). A finding about a whole sheet leads to its
/// first row.
pub struct Links<'b> {
    rows: HashMap<Place<'b>, (&'static str, u32)>,
}

/// A place in an input: file, sheet and 1-based row (none: the whole sheet).
type Place<'b> = (&'b str, Option<&'b str>, Option<u32>);

impl<'b> Links<'b> {
    /// The rows of `batch` that its findings name, laid out as [`registers::write`] lays
    /// out the register sheets.
    pub fn new(batch: &'b Batch) -> Self {
        let wanted: HashSet<Place<'_>> = batch.issues.iter().map(|issue| key(&issue.location)).collect();
        let mut rows = HashMap::with_capacity(wanted.len());
        for spec in registers::SHEETS {
            let mut next = 1u32;
            for register in spec.registers(batch) {
                let (file, sheet) = (register.location.file.as_str(), register.location.sheet.as_deref());
                if wanted.contains(&(file, sheet, None)) && !register.rows.is_empty() {
                    rows.entry((file, sheet, None)).or_insert((spec.name, next));
                }
                for row in &register.rows {
                    let place = (file, sheet, Some(row.source_row));
                    if wanted.contains(&place) {
                        rows.entry(place).or_insert((spec.name, next));
                    }
                    next += 1;
                }
            }
        }
        Links { rows }
    }

    /// The register sheet and 0-based row of the finding's row, if it is in one.
    pub fn of(&self, issue: &Issue) -> Option<(&'static str, u32)> {
        self.rows.get(&key(&issue.location)).copied()
    }
}

fn key(location: &crate::error::Location) -> Place<'_> {
    (location.file.as_str(), location.sheet.as_deref(), location.row)
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
        Column::new("Anmärkning", 50.0, Style::Wrap),
        Column::new("SHA-256", 20.0, Style::Text),
    ]);
    let rows: Vec<Vec<Value<'_>>> = files
        .iter()
        .flat_map(|file| {
            let sheets: Vec<Option<&SheetReport>> =
                if file.sheets.is_empty() { vec![None] } else { file.sheets.iter().map(Some).collect() };
            sheets.into_iter().map(move |sheet| source_row(file, sheet))
        })
        .collect();
    let spec = TableSpec::sheet("Kallor", &columns, columns.len() - 1);
    write_table(sheet, styles, &spec, rows.len(), rows.into_iter())
}

fn source_row<'a>(file: &'a FileReport, sheet: Option<&'a SheetReport>) -> Vec<Value<'a>> {
    let count = |value: u32| Value::Number(f64::from(value));
    let mut notes: Vec<String> = file
        .error
        .iter()
        .map(|error| svenska::read_failure(&error.error))
        .chain(file.warnings.iter().map(|warning| svenska::warning(&warning.error)))
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
                    .map(|error| svenska::read_failure(&error.error))
                    .chain(sheet.warnings.iter().map(|warning| svenska::warning(&warning.error))),
            );
            let district = sheet.district.as_ref();
            let year = sheet.year.as_ref();
            let accounting = &sheet.accounting;
            row.extend([
                Value::Text(Cow::Owned(
                    sheet.tables.iter().map(|table| svenska::kind(table.kind)).collect::<Vec<_>>().join(", "),
                )),
                Value::text(district.map(|found| found.value.name.as_str())),
                Value::text(district.map(|found| found.value.current.as_str())),
                district.map_or(Value::Empty, |found| Value::Text(Cow::Owned(svenska::origin(&found.origin)))),
                Value::number(year.map(|found| found.value)),
                year.map_or(Value::Empty, |found| Value::Text(Cow::Owned(svenska::origin(&found.origin)))),
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
    row.push(if notes.is_empty() { Value::Empty } else { Value::Text(Cow::Owned(notes.join("; "))) });
    row.push(Value::text(file.sha256.as_deref()));
    row
}

/// "A 'KF:s mål…' → goal; B 'Process' → process; …", each table's in turn.
fn mapping(sheet: &SheetReport) -> String {
    sheet
        .tables
        .iter()
        .flat_map(|table| &table.columns)
        .map(|column| {
            let heading = crate::text::squash(&column.heading);
            format!("{} '{heading}' → {}", column_letter(column.index), column.field.column().heading())
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
