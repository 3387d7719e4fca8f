//! riskreg's own canonical frame read back exactly (`import` → `.csv`, `.xlsx`, `.json`,
//! `.parquet` → any command): a table whose header is the canonical column names gives
//! its rows as they were, each under the district, year, kind and source it names, so
//! that a value an analyst fixes in the frame flows into the next run and
//! `import(import(x)) == import(x)`.
//!
//! What later stages derive is derived again — themes, event keys and ids, and the flags
//! of the checks (`district_unknown`, `year_unknown`, `ikp_inconsistent`,
//! `duplicate_register`) — and `rv_mismatch` and `event_missing` are recomputed from the
//! values; a flag on a value that is now filled in (`probability_invalid` under a
//! sannolikhet) is dropped; the others are kept as stored. A value the column cannot
//! hold is flagged as in any register and listed whole.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::accounting::{Accounting, SkipReason};
use super::quality::{Finding, Issue};
use super::register::Row;
use crate::detect::context::DistrictName;
use crate::error::Location;
use crate::read::Cell;
use crate::schema::{Column, Field, Flag, Flags, Kind, Status, Text, COLUMNS};

/// Fewest canonical column names a header holds to be riskreg's own.
const MIN_COLUMNS: usize = 8;

/// The rows of one register within a canonical table: consecutive rows of one source
/// file and sheet, kind, district and year.
#[derive(Debug)]
pub struct CanonicalRegister {
    /// The source file and sheet the rows name.
    pub location: Location,
    /// The kind.
    pub kind: Kind,
    /// The district.
    pub district: Option<DistrictName>,
    /// The year.
    pub year: Option<i32>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// Reads the rows below a canonical header.
#[derive(Debug)]
pub struct CanonicalReader {
    /// The column of each canonical column the header names.
    columns: HashMap<Column, usize>,
    /// Whether text was neutralised with a leading `'` (riskreg's CSV).
    neutralised: bool,
    location: Location,
    /// The registers read so far.
    pub registers: Vec<CanonicalRegister>,
    /// Flags and rejections.
    pub issues: Vec<Issue>,
}

impl CanonicalReader {
    /// A reader if `cells` are a canonical header: nothing but canonical column names,
    /// `kind` and `source_file` among them. `neutralised` says the text is riskreg's
    /// CSV, where a leading `'` was added.
    pub fn from_header(cells: &[Cell<'_>], location: &Location, neutralised: bool) -> Option<Self> {
        let mut columns = HashMap::new();
        for (index, cell) in cells.iter().enumerate().filter(|(_, cell)| !cell.is_blank()) {
            let Cell::Text(name) = cell else { return None };
            let info = COLUMNS.iter().find(|info| info.name == name.trim())?;
            if columns.insert(info.column, index).is_some() {
                return None;
            }
        }
        let enough = columns.len() >= MIN_COLUMNS
            && columns.contains_key(&Column::Kind)
            && columns.contains_key(&Column::SourceFile);
        enough.then(|| CanonicalReader {
            columns,
            neutralised,
            location: location.clone(),
            registers: Vec::new(),
            issues: Vec::new(),
        })
    }

    /// Reads one row below the header (0-based `index`).
    pub fn row(&mut self, index: u32, cells: &[Cell<'_>], accounting: &mut Accounting) {
        if cells.iter().all(Cell::is_blank) {
            return accounting.skip(SkipReason::Blank);
        }
        let reader = Values { cells, columns: &self.columns, neutralised: self.neutralised };
        let Some(kind) =
            reader.text(Column::Kind).and_then(|kind| Kind::ALL.into_iter().find(|k| k.as_str() == &*kind))
        else {
            accounting.reject();
            let value = reader.text(Column::Kind).map(|kind| kind.to_string()).unwrap_or_default();
            self.issues.push(Issue {
                location: self.location.clone().with_row(index + 1).with_column("kind"),
                field: None,
                value,
                finding: Finding::Rejected,
                reason: "typen är ingen av vor, ikp, uppfoljning".into(),
            });
            return;
        };
        accounting.keep();
        let location = Location::file(reader.text(Column::SourceFile).as_deref().unwrap_or_default())
            .with_sheet(reader.text(Column::SourceSheet).as_deref().unwrap_or_default());
        let district = reader.text(Column::District).map(|name| DistrictName {
            current: reader
                .text(Column::DistrictCurrent)
                .map_or_else(|| name.to_string(), |current| current.to_string()),
            name: name.to_string(),
            known: true,
        });
        let source_row = match reader.cell(Column::SourceRow) {
            Cell::Number(number) if number.fract() == 0.0 && number >= 0.0 => number as u32,
            Cell::Text(text) => text.trim().parse().unwrap_or_default(),
            _ => 0,
        };
        let mut notes =
            Notes { location: location.clone(), row: source_row, issues: &mut self.issues, flags: Flags::default() };
        let year = reader.int(Column::Year, Flag::YearUnknown, &mut notes).and_then(|year| i32::try_from(year).ok());
        let row = read_row(&reader, &mut notes);
        let same = self.registers.last().is_some_and(|last| {
            last.location == location && last.kind == kind && last.district == district && last.year == year
        });
        if !same {
            self.registers.push(CanonicalRegister { location, kind, district, year, rows: Vec::new() });
        }
        if let Some(register) = self.registers.last_mut() {
            register.rows.push(row);
        }
    }
}

/// A canonical row's values, and the flags and findings of reading them.
fn read_row(reader: &Values<'_, '_>, notes: &mut Notes<'_>) -> Row {
    let small = |value: Option<i64>| value.and_then(|value| i8::try_from(value).ok());
    let mut row = Row {
        goal_id: reader.text(Column::GoalId),
        goal: reader.text(Column::Goal),
        process: reader.text(Column::Process),
        method: reader.text(Column::Method),
        risk_no: reader.int(Column::RiskNo, Flag::RiskNoInvalid, notes).and_then(|no| i32::try_from(no).ok()),
        event: reader.text(Column::Event),
        probability: small(reader.int(Column::Probability, Flag::ProbabilityInvalid, notes)),
        consequence: small(reader.int(Column::Consequence, Flag::ConsequenceInvalid, notes)),
        risk_value: reader.int(Column::RiskValue, Flag::RiskValueInvalid, notes).and_then(|rv| i16::try_from(rv).ok()),
        in_ikp: reader.bool(notes),
        control: reader.text(Column::Control),
        control_activity: reader.text(Column::ControlActivity),
        measure: reader.text(Column::Measure),
        status: reader.status(notes),
        start_date: reader.date(Column::StartDate, notes),
        end_date: reader.date(Column::EndDate, notes),
        analysis: reader.text(Column::Analysis),
        responsible: reader.text(Column::Responsible),
        frequency: reader.text(Column::Frequency),
        reported_to: reader.text(Column::ReportedTo),
        extra: reader.extra(),
        source_row: notes.row,
        ..Row::default()
    };
    if row.risk_value.is_none() {
        row.stated_level = reader.text(Column::Level);
    }
    row.flags = flags(&row, reader.flags(), notes.flags);
    let read = notes.flags;
    for flag in row.flags.iter().filter(|flag| !read.contains(*flag)) {
        notes.issue(flag, None, String::new(), "flaggad i riskregs kanoniska tabell som lästes in igen".into());
    }
    row
}

/// The flags a row read back carries: those stored, less the ones later checks derive
/// again and those on values now filled in, with `rv_mismatch` and `event_missing`
/// computed from the values, and those of reading it now.
fn flags(row: &Row, stored: Flags, read: Flags) -> Flags {
    let derived = [Flag::DistrictUnknown, Flag::YearUnknown, Flag::IkpInconsistent, Flag::DuplicateRegister];
    let filled = [
        (Flag::ProbabilityInvalid, row.probability.is_some()),
        (Flag::ConsequenceInvalid, row.consequence.is_some()),
        (Flag::RiskNoInvalid, row.risk_no.is_some()),
        (Flag::InIkpInvalid, row.in_ikp.is_some()),
        (Flag::StatusUnknown, row.status.is_some()),
        (Flag::DateInvalid, row.start_date.is_some() && row.end_date.is_some()),
        (Flag::RvMismatch, true),
        (Flag::EventMissing, true),
    ];
    let mut flags = read;
    for flag in stored.iter() {
        let dropped = derived.contains(&flag) || filled.iter().any(|(filled, now)| *filled == flag && *now);
        if !dropped {
            flags.insert(flag);
        }
    }
    let product = row.probability.zip(row.consequence).map(|(s, k)| i16::from(s) * i16::from(k));
    if row.risk_value.zip(product).is_some_and(|(rv, product)| rv != product) && !flags.contains(Flag::RvComputed) {
        flags.insert(Flag::RvMismatch);
    }
    if row.event.is_none() {
        flags.insert(Flag::EventMissing);
    }
    flags
}

/// Flags and findings of one row.
struct Notes<'i> {
    location: Location,
    row: u32,
    issues: &'i mut Vec<Issue>,
    flags: Flags,
}

impl Notes<'_> {
    fn issue(&mut self, flag: Flag, field: Option<Field>, value: String, reason: String) {
        self.issues.push(Issue {
            location: self.location.clone().with_row(self.row),
            field,
            value,
            finding: Finding::Flag(flag),
            reason,
        });
    }

    /// A value the column cannot hold: flagged and listed whole.
    fn unreadable(&mut self, column: Column, flag: Flag, cell: &Cell<'_>) {
        self.flags.insert(flag);
        let field = field_of(column);
        let reason = format!("'{}' är inte ett värde i den kanoniska kolumnen {}", cell.display(), column.info().name);
        self.issue(flag, field, cell.display(), reason);
    }
}

/// The register field a canonical column holds, if one does.
fn field_of(column: Column) -> Option<Field> {
    Some(match column {
        Column::RiskNo => Field::RiskNo,
        Column::Probability => Field::Probability,
        Column::Consequence => Field::Consequence,
        Column::RiskValue => Field::RiskValue,
        Column::InIkp => Field::InIkp,
        Column::Status => Field::Status,
        Column::StartDate => Field::StartDate,
        Column::EndDate => Field::EndDate,
        _ => return None,
    })
}

/// One row's cells by canonical column.
struct Values<'c, 'a> {
    cells: &'c [Cell<'a>],
    columns: &'c HashMap<Column, usize>,
    neutralised: bool,
}

impl Values<'_, '_> {
    fn cell(&self, column: Column) -> Cell<'_> {
        self.columns.get(&column).and_then(|index| self.cells.get(*index)).copied().unwrap_or(Cell::Empty)
    }

    /// Text, with the `'` riskreg's CSV put before text a spreadsheet would take for a
    /// formula taken off again.
    fn text(&self, column: Column) -> Option<Text> {
        match self.cell(column) {
            Cell::Text("") | Cell::Empty => None,
            Cell::Text(text) if self.neutralised && text.starts_with('\'') => Some(text[1..].into()),
            cell => Some(cell.display().into()),
        }
    }

    fn int(&self, column: Column, flag: Flag, notes: &mut Notes<'_>) -> Option<i64> {
        let cell = self.cell(column);
        let number = match cell {
            Cell::Empty => return None,
            Cell::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => Some(number as i64),
            Cell::Text(text) => text.trim().parse().ok(),
            _ => None,
        };
        if number.is_none() {
            notes.unreadable(column, flag, &cell);
        }
        number
    }

    fn bool(&self, notes: &mut Notes<'_>) -> Option<bool> {
        let cell = self.cell(Column::InIkp);
        let flag = match cell {
            Cell::Empty => return None,
            Cell::Bool(flag) => Some(flag),
            Cell::Text(text) if text.trim().eq_ignore_ascii_case("true") => Some(true),
            Cell::Text(text) if text.trim().eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        };
        if flag.is_none() {
            notes.unreadable(Column::InIkp, Flag::InIkpInvalid, &cell);
        }
        flag
    }

    fn status(&self, notes: &mut Notes<'_>) -> Option<Status> {
        let cell = self.cell(Column::Status);
        let text = self.text(Column::Status)?;
        let status = Status::ALL.into_iter().find(|status| status.as_str() == &*text);
        if status.is_none() {
            notes.unreadable(Column::Status, Flag::StatusUnknown, &cell);
        }
        status
    }

    fn date(&self, column: Column, notes: &mut Notes<'_>) -> Option<NaiveDate> {
        let cell = self.cell(column);
        let date = match cell {
            Cell::Empty => return None,
            Cell::Date(date) => Some(date),
            Cell::Text(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if date.is_none() {
            notes.unreadable(column, Flag::DateInvalid, &cell);
        }
        date
    }

    /// The `extra` JSON object, heading → text, in its order.
    fn extra(&self) -> Vec<(Text, Text)> {
        let Some(json) = self.text(Column::Extra) else { return Vec::new() };
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&json) {
            Ok(object) => object
                .into_iter()
                .map(|(heading, value)| {
                    let text = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                    (heading.into(), text.into())
                })
                .collect(),
            Err(_) => vec![("extra".into(), json)],
        }
    }

    /// The flags the `flags` column names.
    fn flags(&self) -> Flags {
        let mut flags = Flags::default();
        for name in self.text(Column::Flags).iter().flat_map(|text| text.split(';').map(str::trim).collect::<Vec<_>>())
        {
            if let Some(flag) = Flag::ALL.into_iter().find(|flag| flag.as_str() == name) {
                flags.insert(flag);
            }
        }
        flags
    }
}

#[cfg(test)]
mod tests;
