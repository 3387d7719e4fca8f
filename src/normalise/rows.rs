//! One sheet's rows, as they stream in, into register rows: the header found, title,
//! blank, repeated-header, summary and section rows skipped and counted, goal, process
//! and arbetssätt carried down over merged and blank continuation cells, values parsed
//! and flagged, and rows with nothing recognisable rejected and listed.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::accounting::{Accounting, SkipReason};
use super::frame::{RowValues, SheetColumns};
use super::quality::{Finding, Issue};
use super::values::{self, Parsed, Scale};
use crate::detect::context::TitleLine;
use crate::detect::header::{read_header, Header, CERTAIN_FIELDS, SEARCH_ROWS};
use crate::detect::kind::{hierarchy, is_context};
use crate::error::Location;
use crate::read::{Cell, Merges, OwnedCell, Region, RowSink};
use crate::rules::Rules;
use crate::schema::{Field, Flag, Flags, Kind};
use crate::text::{excerpt, squash, tidy};

/// Title lines kept per sheet as clues for district and year.
const MAX_TITLES: usize = 20;

/// The outcome of normalising one sheet.
pub struct NormalisedSheet {
    /// The header, if one was found.
    pub header: Option<Header>,
    /// Row accounting.
    pub accounting: Accounting,
    /// Title rows (above the header, or the first rows of a sheet without one).
    pub titles: Vec<TitleLine>,
    /// Flags and rejections.
    pub issues: Vec<Issue>,
    /// The register rows.
    pub columns: SheetColumns,
}

#[cfg(test)]
impl NormalisedSheet {
    fn columns_flags(&self) -> Vec<String> {
        self.columns.flags().iter().map(|flags| flags.joined()).collect()
    }
}

/// Normalises one sheet; feed it rows through [`RowSink`], then call [`finish`](Self::finish).
pub struct SheetNormaliser<'r> {
    rules: &'r Rules,
    kind: Option<Kind>,
    location: Location,
    merged: LazyMerges,
    phase: Phase,
    out: NormalisedSheet,
}

enum Phase {
    Searching(Vec<(u32, Vec<OwnedCell>)>),
    Reading(Box<Reading>),
    NoHeader,
}

struct Reading {
    header: Header,
    carry: Carry,
    risk_numbers: HashMap<i32, u32>,
}

impl<'r> SheetNormaliser<'r> {
    /// A normaliser for the sheet at `location` (file and sheet) and, if the user set
    /// one, the register kind.
    pub fn new(rules: &'r Rules, location: Location, kind: Option<Kind>) -> Self {
        SheetNormaliser {
            rules,
            kind,
            location,
            merged: LazyMerges { merges: Merges::known(Vec::new()), index: None },
            phase: Phase::Searching(Vec::new()),
            out: NormalisedSheet {
                header: None,
                accounting: Accounting::default(),
                titles: Vec::new(),
                issues: Vec::new(),
                columns: SheetColumns::default(),
            },
        }
    }

    /// Ends the sheet and returns what was found.
    pub fn finish(mut self) -> NormalisedSheet {
        if matches!(self.phase, Phase::Searching(_)) {
            self.decide();
        }
        if let Phase::Reading(reading) = self.phase {
            self.out.header = Some(reading.header);
        }
        debug_assert!(self.out.accounting.balances());
        self.out
    }

    /// Chooses the header among the buffered rows and replays them.
    fn decide(&mut self) {
        let Phase::Searching(buffer) = std::mem::replace(&mut self.phase, Phase::NoHeader) else { return };
        let best = buffer
            .iter()
            .enumerate()
            .filter_map(|(position, (index, cells))| {
                read_header(
                    *index,
                    &cells.iter().map(OwnedCell::as_cell).collect::<Vec<_>>(),
                    &self.rules.columns,
                    self.kind,
                )
                .map(|header| (position, header))
            })
            .fold(None::<(usize, Header)>, |best, candidate| match best {
                Some(best) if best.1.columns.len() >= candidate.1.columns.len() => Some(best),
                _ => Some(candidate),
            });
        let header_position = best.as_ref().map(|(position, _)| *position);
        for (position, (index, cells)) in buffer.iter().enumerate() {
            if header_position.is_some_and(|header| position >= header) {
                break;
            }
            let cells: Vec<Cell<'_>> = cells.iter().map(OwnedCell::as_cell).collect();
            self.title_row(
                *index,
                &cells,
                if header_position.is_some() { SkipReason::Title } else { SkipReason::NoHeader },
            );
        }
        let Some((position, header)) = best else { return };
        self.out.accounting.skip(SkipReason::Header);
        let carry = Carry::new(header.kind);
        self.phase = Phase::Reading(Box::new(Reading { header, carry, risk_numbers: HashMap::new() }));
        for (index, cells) in &buffer[position + 1..] {
            let cells: Vec<Cell<'_>> = cells.iter().map(OwnedCell::as_cell).collect();
            self.data_row(*index, &cells);
        }
    }

    fn title_row(&mut self, index: u32, cells: &[Cell<'_>], reason: SkipReason) {
        if is_blank(cells) {
            self.out.accounting.skip(SkipReason::Blank);
            return;
        }
        self.out.accounting.skip(reason);
        if self.out.titles.len() < MAX_TITLES {
            self.out.titles.push(TitleLine { row: index + 1, text: row_text(cells) });
        }
    }

    /// A row below the header.
    fn data_row(&mut self, index: u32, cells: &[Cell<'_>]) {
        let Phase::Reading(reading) = &mut self.phase else { return };
        let accounting = &mut self.out.accounting;
        if is_blank(cells) {
            return accounting.skip(SkipReason::Blank);
        }
        if reading.header.is_repeated_by(cells) {
            return accounting.skip(SkipReason::Header);
        }
        if is_summary(cells) {
            return accounting.skip(SkipReason::Summary);
        }
        if let Some((field, text)) = section_heading(cells) {
            reading.carry.set_section(field, squash(text).into_owned());
            return accounting.skip(SkipReason::Section);
        }
        let header = &reading.header;
        let mapped = |wanted: fn(Field) -> bool| {
            header.columns.iter().any(|column| wanted(column.field) && !cell_at(cells, column.index).is_blank())
        };
        let has_content = mapped(|field| !is_context(field));
        let has_context = mapped(is_context);
        reading.carry.update(header, cells, index, &mut self.merged);
        if has_content {
            self.keep(index, cells);
        } else if has_context {
            accounting.skip(SkipReason::Section);
        } else {
            self.reject(index, cells);
        }
    }

    fn reject(&mut self, index: u32, cells: &[Cell<'_>]) {
        let Phase::Reading(reading) = &self.phase else { return };
        self.out.accounting.reject();
        let (column, cell) = cells.iter().enumerate().find(|(_, cell)| !cell.is_blank()).unwrap_or((0, &Cell::Empty));
        let heading = reading.header.heading_of(column);
        self.out.issues.push(Issue {
            location: self.location.clone().with_row(index + 1).with_column(heading.clone()),
            field: None,
            value: excerpt(&display(*cell), 200).into_owned(),
            finding: Finding::Rejected,
            reason: format!("no register data in the recognised columns; only text under '{heading}'"),
        });
    }

    fn keep(&mut self, index: u32, cells: &[Cell<'_>]) {
        let Phase::Reading(reading) = &mut self.phase else { return };
        let rules = self.rules;
        let header = &reading.header;
        let kind = header.kind;
        let row = index + 1;
        let mut notes =
            Notes { location: &self.location, header, row, issues: &mut self.out.issues, flags: Flags::default() };
        let get = |field: Field| header.column_of(field).map(|column| cell_at(cells, column));

        let risk_no = match get(Field::RiskNo).map(|cell| (cell, rules.values.integer(cell))) {
            Some((_, Parsed::Value(number))) => i32::try_from(number).ok(),
            Some((cell, Parsed::Invalid)) => {
                notes.dropped(Field::RiskNo, cell, "Nr is not a whole number");
                None
            }
            _ => None,
        };
        if let Some(number) = risk_no {
            if let Some(first) = reading.risk_numbers.get(&number) {
                notes.flag(
                    Flag::RiskNoDuplicate,
                    Field::RiskNo,
                    &number.to_string(),
                    &format!("Nr {number} is also on row {first}"),
                );
            } else {
                reading.risk_numbers.insert(number, row);
            }
        }

        let event_cell = get(Field::Event).and_then(text_of);
        let event: Option<Cow<'_, str>> = match kind {
            Kind::Uppfoljning => reading.carry.get(Field::Event).map(Cow::Borrowed),
            Kind::Vor | Kind::Ikp => event_cell,
        };
        if header.column_of(Field::Event).is_some() && event.is_none() {
            notes.flag(Flag::EventMissing, Field::Event, "", "the row has no oönskad händelse");
        }

        let scale = |field: Field, scale: Scale, flag: Flag, name: &str, notes: &mut Notes<'_>| {
            let cell = get(field);
            match cell.map(|cell| rules.values.scale(cell, scale)) {
                Some(Parsed::Value(value)) => Some(value),
                Some(Parsed::Invalid) => {
                    notes.flag(
                        flag,
                        field,
                        &display(cell.unwrap_or(Cell::Empty)),
                        &format!("{name} is not a value 1–5"),
                    );
                    None
                }
                _ => {
                    if kind == Kind::Vor {
                        notes.flag(flag, field, "", &format!("{name} is missing"));
                    }
                    None
                }
            }
        };
        let probability =
            scale(Field::Probability, Scale::Probability, Flag::ProbabilityInvalid, "sannolikhet", &mut notes);
        let consequence =
            scale(Field::Consequence, Scale::Consequence, Flag::ConsequenceInvalid, "konsekvens", &mut notes);
        let risk_value = risk_value(rules, get(Field::RiskValue), probability, consequence, &mut notes);
        let level = risk_value.and_then(|value| rules.templates.level_of(value)).map(|level| level.name.as_str());

        let in_ikp = match kind {
            Kind::Ikp => Some(true),
            Kind::Uppfoljning => None,
            Kind::Vor => match get(Field::InIkp).map(|cell| (cell, rules.values.in_ikp(cell))) {
                Some((_, Parsed::Value(value))) => Some(value),
                Some((cell, _)) => {
                    notes.dropped(
                        Field::InIkp,
                        cell,
                        "the IKP mark is neither a yes (Ja, ★, X) nor a no (Nej, endast VoR)",
                    );
                    None
                }
                None => None,
            },
        };

        let status = match get(Field::Status).map(|cell| (cell, rules.values.status(cell))) {
            Some((_, Parsed::Value(status))) => Some(status),
            Some((cell, Parsed::Invalid)) => {
                notes.flag(
                    Flag::StatusUnknown,
                    Field::Status,
                    &display(cell),
                    "the status is none of Avslutad, Pågående, Försenad/avvikelse, Ej påbörjad",
                );
                None
            }
            _ => None,
        };
        let mut date = |field: Field| match get(field).map(|cell| (cell, values::date(cell))) {
            Some((_, Parsed::Value(date))) => Some(date),
            Some((cell, Parsed::Invalid)) => {
                notes.flag(Flag::DateInvalid, field, &display(cell), "not a date");
                None
            }
            _ => None,
        };
        let start_date = date(Field::StartDate);
        let end_date = date(Field::EndDate);

        let carried_or_cell = |field: Field| -> Option<Cow<'_, str>> {
            if hierarchy(kind).contains(&field) {
                reading.carry.get(field).map(Cow::Borrowed)
            } else {
                get(field).and_then(text_of)
            }
        };
        let goal = reading.carry.goal();
        let process = carried_or_cell(Field::Process);
        let method = carried_or_cell(Field::Method);
        let control = carried_or_cell(Field::Control);
        let control_activity = get(Field::ControlActivity).and_then(prose_of);
        let measure = get(Field::Measure).and_then(text_of);
        let analysis = get(Field::Analysis).and_then(prose_of);

        let values = RowValues {
            goal_id: goal.and_then(|(id, _)| id),
            goal: goal.map(|(_, text)| text),
            process: process.as_deref(),
            method: method.as_deref(),
            risk_no,
            event: event.as_deref(),
            probability,
            consequence,
            risk_value,
            level,
            in_ikp,
            control: control.as_deref(),
            control_activity: control_activity.as_deref(),
            measure: measure.as_deref(),
            status,
            start_date,
            end_date,
            analysis: analysis.as_deref(),
            source_row: row,
        };
        let flags = notes.flags;
        self.out.columns.push(&values, flags);
        self.out.accounting.keep();
    }
}

impl RowSink for SheetNormaliser<'_> {
    fn merged(&mut self, merges: Merges) {
        self.merged = LazyMerges { merges, index: None };
    }

    fn row(&mut self, index: u32, cells: &[Cell<'_>]) {
        match &mut self.phase {
            Phase::Searching(buffer) => {
                let certain = read_header(index, cells, &self.rules.columns, self.kind)
                    .is_some_and(|header| header.columns.len() >= CERTAIN_FIELDS);
                buffer.push((index, cells.iter().map(OwnedCell::from_cell).collect()));
                if certain || buffer.len() >= SEARCH_ROWS {
                    self.decide();
                }
            }
            Phase::Reading(_) => self.data_row(index, cells),
            Phase::NoHeader => self.title_row(index, cells, SkipReason::NoHeader),
        }
    }
}

/// RV as stated, else S × K; a stated RV that contradicts S × K is kept and flagged.
fn risk_value(
    rules: &Rules,
    cell: Option<Cell<'_>>,
    probability: Option<i8>,
    consequence: Option<i8>,
    notes: &mut Notes<'_>,
) -> Option<i16> {
    let computed = probability.zip(consequence).map(|(s, k)| i16::from(s) * i16::from(k));
    let stated = cell.map_or(Parsed::Missing, |cell| rules.values.integer(cell));
    match stated {
        Parsed::Value(stated) => {
            let Ok(stated) = i16::try_from(stated) else {
                notes.dropped(Field::RiskValue, cell.unwrap_or(Cell::Empty), "RV is out of range");
                return computed;
            };
            if let Some(computed) = computed.filter(|computed| *computed != stated) {
                notes.flag(
                    Flag::RvMismatch,
                    Field::RiskValue,
                    &stated.to_string(),
                    &format!("RV {stated} but sannolikhet × konsekvens = {computed}; the stated RV is kept"),
                );
            }
            Some(stated)
        }
        Parsed::Invalid | Parsed::Missing => {
            if let (Parsed::Invalid, Some(cell)) = (stated, cell) {
                notes.dropped(Field::RiskValue, cell, "RV is not a number");
            }
            if let Some(value) = computed {
                notes.flag(
                    Flag::RvComputed,
                    Field::RiskValue,
                    "",
                    &format!("RV missing; computed as sannolikhet × konsekvens = {value}"),
                );
            }
            computed
        }
    }
}

/// Records flags and findings of one row.
struct Notes<'a> {
    location: &'a Location,
    header: &'a Header,
    row: u32,
    issues: &'a mut Vec<Issue>,
    flags: Flags,
}

impl Notes<'_> {
    fn flag(&mut self, flag: Flag, field: Field, value: &str, reason: &str) {
        self.flags.insert(flag);
        self.push(Finding::Flag(flag), field, value, reason);
    }

    fn dropped(&mut self, field: Field, cell: Cell<'_>, reason: &str) {
        self.push(Finding::ValueDropped, field, &display(cell), reason);
    }

    fn push(&mut self, finding: Finding, field: Field, value: &str, reason: &str) {
        let column = self
            .header
            .column_of(field)
            .map_or_else(|| field.as_str().to_string(), |index| self.header.heading_of(index));
        self.issues.push(Issue {
            location: self.location.clone().with_row(self.row).with_column(column),
            field: Some(field),
            value: excerpt(value, 200).into_owned(),
            finding,
            reason: reason.to_string(),
        });
    }
}

/// The carried-down values of the hierarchy columns (goal → process → arbetssätt …).
struct Carry {
    order: &'static [Field],
    values: Vec<Option<String>>,
    /// The carried goal's number, and where its text starts, split when the goal changes.
    goal_split: (Option<String>, usize),
}

impl Carry {
    fn new(kind: Kind) -> Self {
        let order = hierarchy(kind);
        Carry { order, values: vec![None; order.len()], goal_split: (None, 0) }
    }

    fn get(&self, field: Field) -> Option<&str> {
        let position = self.order.iter().position(|candidate| *candidate == field)?;
        self.values[position].as_deref()
    }

    /// The carried goal split into its number and its text ("1.2", "Stockholm är …").
    fn goal(&self) -> Option<(Option<&str>, &str)> {
        let goal = self.get(Field::Goal)?;
        Some((self.goal_split.0.as_deref(), goal.get(self.goal_split.1..).unwrap_or(goal)))
    }

    fn set(&mut self, position: usize, value: Option<String>) {
        if self.order[position] == Field::Goal {
            self.goal_split = match value.as_deref().map(values::split_goal) {
                Some((id, text)) => {
                    (id.map(str::to_string), value.as_deref().map_or(0, |goal| goal.len() - text.len()))
                }
                None => (None, 0),
            };
        }
        self.values[position] = value;
    }

    /// A section heading sets its field and clears the fields below it.
    fn set_section(&mut self, field: Field, text: String) {
        let Some(position) = self.order.iter().position(|candidate| *candidate == field) else { return };
        self.set(position, Some(text));
        (position + 1..self.values.len()).for_each(|below| self.set(below, None));
    }

    /// Takes a row's hierarchy cells: a value replaces the carried one; a merged
    /// continuation keeps it; a blank keeps it unless a field before it changed.
    fn update(&mut self, header: &Header, cells: &[Cell<'_>], row: u32, merged: &mut LazyMerges) {
        let mut ancestor_changed = false;
        for position in 0..self.order.len() {
            let Some(column) = header.column_of(self.order[position]) else { continue };
            match text_of(cell_at(cells, column)) {
                Some(text) if self.values[position].as_deref() != Some(text.as_ref()) => {
                    self.set(position, Some(text.into_owned()));
                    ancestor_changed = true;
                }
                Some(_) => {}
                None if !ancestor_changed || merged.continues(row, column) => {}
                None => self.set(position, None),
            }
        }
    }
}

/// The sheet's merged regions, indexed when carry-down first needs them.
struct LazyMerges {
    merges: Merges,
    index: Option<MergedIndex>,
}

impl LazyMerges {
    fn continues(&mut self, row: u32, column: usize) -> bool {
        let merges = &mut self.merges;
        self.index.get_or_insert_with(|| MergedIndex::new(merges.regions())).continues(row, column)
    }
}

/// Merged regions by their first column, for "is this cell a merged continuation".
struct MergedIndex {
    by_column: HashMap<usize, Vec<(u32, u32)>>,
}

impl MergedIndex {
    fn new(regions: &[Region]) -> Self {
        let mut by_column: HashMap<usize, Vec<(u32, u32)>> = HashMap::new();
        for region in regions.iter().filter(|region| region.last_row > region.first_row) {
            by_column.entry(region.first_column as usize).or_default().push((region.first_row, region.last_row));
        }
        by_column.values_mut().for_each(|ranges| ranges.sort_unstable());
        MergedIndex { by_column }
    }

    fn continues(&self, row: u32, column: usize) -> bool {
        let Some(ranges) = self.by_column.get(&column) else { return false };
        let after = ranges.partition_point(|(first, _)| *first < row);
        after > 0 && ranges[after - 1].1 >= row
    }
}

/// A summary is nothing but counts, level names and words like "Totalt" ("7 Kritisk 81
/// Medium 3 Låg Totalt: 91", "Summa: 12", "Antal risker 91"); prose never is.
static SUMMARY: LazyLock<Regex> = LazyLock::new(|| {
    let token = r"(?:[\d\s:.,;=()-]|\b(?:totalt?|summa|antal|risker|st|kritiska?|höga?|medium|medel|låga?)\b)";
    crate::text::constant_regex(&format!(r"(?i)^{token}*\d{token}*$"))
});
static PROCESS_HEADING: LazyLock<Regex> =
    LazyLock::new(|| crate::text::constant_regex(r"(?is)^\s*process\s*:\s*(\S.*)$"));
static GOAL_HEADING: LazyLock<Regex> =
    LazyLock::new(|| crate::text::constant_regex(r"(?is)^\s*(?:KF:s\s+)?mål\s*:\s*(\S.*)$"));

/// A summary row such as "7 Kritisk 81 Medium 3 Låg Totalt: 91": a word like "Totalt"
/// with counts, in a few cells.
fn is_summary(cells: &[Cell<'_>]) -> bool {
    if cells.iter().filter(|cell| !cell.is_blank()).nth(3).is_some() {
        return false;
    }
    let text = row_text(cells);
    text.chars().any(char::is_alphabetic) && SUMMARY.is_match(&text)
}

/// A lone heading cell that sets the goal ("1.2 Stockholm är …", "Mål: Trygghet") or
/// the process ("Process: Handläggning av ekonomiskt bistånd") of the rows below it.
fn section_heading<'c>(cells: &[Cell<'c>]) -> Option<(Field, &'c str)> {
    let mut filled = cells.iter().filter(|cell| !cell.is_blank());
    let (Some(Cell::Text(text)), None) = (filled.next(), filled.next()) else { return None };
    for (pattern, field) in [(&PROCESS_HEADING, Field::Process), (&GOAL_HEADING, Field::Goal)] {
        if let Some(found) = pattern.captures(text).and_then(|captures| captures.get(1)) {
            return Some((field, found.as_str()));
        }
    }
    values::is_goal_heading(squash(text).as_ref()).then_some((Field::Goal, *text))
}

fn cell_at<'c>(cells: &[Cell<'c>], index: usize) -> Cell<'c> {
    cells.get(index).copied().unwrap_or(Cell::Empty)
}

fn is_blank(cells: &[Cell<'_>]) -> bool {
    cells.iter().all(Cell::is_blank)
}

/// A one-line value, whitespace-normalised; `None` when blank.
fn text_of(cell: Cell<'_>) -> Option<Cow<'_, str>> {
    match cell {
        Cell::Text(text) => Some(squash(text)).filter(|text| !text.is_empty()),
        Cell::Empty | Cell::Error => None,
        other => Some(Cow::Owned(display(other))),
    }
}

/// A prose value with its paragraphs kept; `None` when blank.
fn prose_of(cell: Cell<'_>) -> Option<Cow<'_, str>> {
    match cell {
        Cell::Text(text) => Some(tidy(text)).filter(|text| !text.is_empty()),
        other => text_of(other),
    }
}

/// A cell as text, for messages and for non-text cells in text columns.
pub fn display(cell: Cell<'_>) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.to_string(),
        Cell::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{}", number as i64),
        Cell::Number(number) => number.to_string(),
        Cell::Date(date) => date.to_string(),
        Cell::Bool(true) => "TRUE".into(),
        Cell::Bool(false) => "FALSE".into(),
        Cell::Error => "#ERROR".into(),
    }
}

/// A row's non-blank cells joined by spaces.
fn row_text(cells: &[Cell<'_>]) -> String {
    cells
        .iter()
        .filter(|cell| !cell.is_blank())
        .map(|cell| squash(&display(*cell)).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
