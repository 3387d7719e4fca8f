//! Normalisation: one sheet's rows, as they stream in, into typed register rows. The
//! header search (detect) decides which rows are titles and which the header; below it
//! merged cells are filled, each row classified (detect), the hierarchy columns carried
//! down, values parsed and flagged, the cells outside the schema kept, and rows with
//! nothing recognisable rejected and listed. A second header of other columns further
//! down starts a second table (a VoR followed by its plan on one sheet). A sheet that
//! starts with riskreg's canonical column names is read back as it was ([`canonical`]).
//! Every row read is counted.

pub mod accounting;
pub mod canonical;
mod carry;
mod merges;
pub mod quality;
pub mod register;
mod row;
pub mod values;

use std::collections::HashMap;

use accounting::{Accounting, SkipReason};
use canonical::{CanonicalReader, CanonicalRegister};
use carry::Carry;
use merges::MergeFill;
use quality::{Finding, Issue};
use register::Row;
use row::{Notes, RowReader};
use values::{prose_of, ValueParser};

use crate::detect::columns::ColumnMatcher;
use crate::detect::context::TitleLine;
use crate::detect::header::{Header, HeaderSearch};
use crate::detect::rows::{self, row_text, RowClass};
use crate::error::Location;
use crate::read::{Cell, OwnedCell, Region, RowSink};
use crate::schema::{Field, Flag, Kind, Text};
use crate::text::excerpt;

/// Title lines kept per sheet as clues for district and year.
const MAX_TITLES: usize = 20;
/// Cells of a title row read as a clue (a title is a cell or a few).
const TITLE_CELLS: usize = 64;

/// The outcome of normalising one sheet.
pub struct NormalisedSheet {
    /// The register tables found, top first (none when no header was found).
    pub tables: Vec<Table>,
    /// The registers of riskreg's canonical table, when the sheet is one.
    pub canonical: Vec<CanonicalRegister>,
    /// Row accounting.
    pub accounting: Accounting,
    /// Title rows (above the header, or the first rows of a sheet without one).
    pub titles: Vec<TitleLine>,
    /// Flags and rejections.
    pub issues: Vec<Issue>,
}

/// One register table of a sheet: its header and its rows.
pub struct Table {
    /// The header.
    pub header: Header,
    /// The register rows.
    pub rows: Vec<Row>,
}

/// Normalises one sheet; feed it rows through [`RowSink`], then call [`finish`](Self::finish).
pub struct SheetNormaliser<'r> {
    matcher: &'r ColumnMatcher,
    values: &'r ValueParser,
    kind: Option<Kind>,
    location: Location,
    /// Whether the text is riskreg's CSV, where a `'` was put before formula-like text.
    neutralised: bool,
    regions: Vec<Region>,
    phase: Phase,
    out: NormalisedSheet,
}

enum Phase {
    Searching(Box<HeaderSearch>),
    Reading(Box<Reading>),
    Canonical(Box<CanonicalReader>),
    NoHeader,
}

/// What reading the rows below a header keeps.
struct Reading {
    header: Header,
    carry: Carry,
    fill: MergeFill,
    /// The columns outside the schema and their headings, for `extra`.
    extra: Vec<(usize, Text)>,
    /// The first row of each Nr.
    risk_numbers: HashMap<i32, u32>,
    /// The table's rows so far.
    rows: Vec<Row>,
}

impl<'r> SheetNormaliser<'r> {
    /// A normaliser for the sheet at `location` (file and sheet) with the header words
    /// of `matcher`, the value words of `values` and, if the user set one, the kind.
    pub fn new(matcher: &'r ColumnMatcher, values: &'r ValueParser, location: Location, kind: Option<Kind>) -> Self {
        SheetNormaliser {
            matcher,
            values,
            kind,
            location,
            neutralised: false,
            regions: Vec::new(),
            phase: Phase::Searching(Box::new(HeaderSearch::new(kind))),
            out: NormalisedSheet {
                tables: Vec::new(),
                canonical: Vec::new(),
                accounting: Accounting::default(),
                titles: Vec::new(),
                issues: Vec::new(),
            },
        }
    }

    /// The same normaliser for text that is CSV: riskreg's own CSV put a `'` before text
    /// a spreadsheet would take for a formula, which reading it back takes off.
    #[must_use]
    pub fn csv(mut self, csv: bool) -> Self {
        self.neutralised = csv;
        self
    }

    /// Ends the sheet and returns what was found.
    pub fn finish(mut self) -> NormalisedSheet {
        if matches!(self.phase, Phase::Searching(_)) {
            self.decide();
        }
        match std::mem::replace(&mut self.phase, Phase::NoHeader) {
            Phase::Reading(reading) => self.close(*reading),
            Phase::Canonical(reader) => {
                self.out.canonical = reader.registers;
                self.out.issues.extend(reader.issues);
            }
            Phase::Searching(_) | Phase::NoHeader => {}
        }
        debug_assert!(self.out.accounting.balances());
        self.out
    }

    /// Ends a table: a table without an event column says so once.
    fn close(&mut self, reading: Reading) {
        if reading.header.column_of(Field::Event).is_none() && !reading.rows.is_empty() {
            self.out.issues.push(Issue {
                location: self.location.clone(),
                field: Some(Field::Event),
                value: String::new(),
                finding: Finding::Flag(Flag::EventMissing),
                reason: "bladet saknar kolumn för oönskad händelse; varje rad på bladet flaggas".into(),
            });
        }
        self.out.tables.push(Table { header: reading.header, rows: reading.rows });
    }

    /// Starts reading the rows below `header`, with the section headings seen above it.
    fn start(&mut self, header: Header, sections: &[(Field, String)]) {
        let first_data_row = header.rows.last().map_or(0, |last| last + 1);
        let extra = header.unmapped.iter().map(|column| (column.index, column.heading.as_str().into())).collect();
        let mut carry = Carry::new(&header);
        sections.iter().for_each(|(field, text)| carry.set_section(*field, text));
        let reading = Reading {
            carry,
            fill: MergeFill::new(self.regions.clone(), first_data_row),
            header,
            extra,
            risk_numbers: HashMap::new(),
            rows: Vec::new(),
        };
        self.phase = Phase::Reading(Box::new(reading));
    }

    /// Ends the header search and replays the rows it held.
    fn decide(&mut self) {
        let Phase::Searching(search) = std::mem::replace(&mut self.phase, Phase::NoHeader) else { return };
        let found = search.finish();
        let title_reason = if found.header.is_some() { SkipReason::Title } else { SkipReason::NoHeader };
        let header_position = found.position.unwrap_or(found.rows.len());
        let mut rows = found.rows.into_iter();
        // A goal heading or "Process: …" above the header heads the first rows below it.
        let mut sections: Vec<(Field, String)> = Vec::new();
        for (index, cells) in rows.by_ref().take(header_position) {
            let cells = cells_of(&cells);
            match rows::section_heading(&cells).filter(|_| found.header.is_some()) {
                Some((field, text)) => {
                    sections.push((field, text.to_string()));
                    self.out.accounting.skip(SkipReason::Section);
                }
                None => self.title_row(index, &cells, title_reason),
            }
        }
        let Some(header) = found.header else { return };
        rows.by_ref().take(header.rows.len()).for_each(|_| self.out.accounting.skip(SkipReason::Header));
        self.start(header, &sections);
        for (index, cells) in rows {
            self.data_row(index, &cells_of(&cells));
        }
    }

    fn title_row(&mut self, index: u32, cells: &[Cell<'_>], reason: SkipReason) {
        if rows::is_blank(cells) {
            self.out.accounting.skip(SkipReason::Blank);
            return;
        }
        self.out.accounting.skip(reason);
        if self.out.titles.len() < MAX_TITLES {
            let text = row_text(&cells[..cells.len().min(TITLE_CELLS)]);
            self.out.titles.push(TitleLine { row: index + 1, text });
        }
    }

    /// A row below the header.
    fn data_row(&mut self, index: u32, cells: &[Cell<'_>]) {
        if let Some(header) = self.next_table(index, cells) {
            if let Phase::Reading(reading) = std::mem::replace(&mut self.phase, Phase::NoHeader) {
                self.close(*reading);
            }
            self.out.accounting.skip(SkipReason::Header);
            self.start(header, &[]);
            return;
        }
        let Phase::Reading(reading) = &mut self.phase else { return };
        let Reading { header, carry, fill, extra, risk_numbers, rows } = &mut **reading;
        let filled = fill.fill(index, cells);
        let cells = filled.cells.as_slice();
        let accounting = &mut self.out.accounting;
        let class = rows::classify(cells, header, filled.merged_across);
        match class {
            RowClass::Blank => return accounting.skip(SkipReason::Blank),
            RowClass::RepeatedHeader => return accounting.skip(SkipReason::Header),
            RowClass::Summary => return accounting.skip(SkipReason::Summary),
            RowClass::Label => return accounting.skip(SkipReason::Section),
            RowClass::Section(field, text) => {
                carry.set_section(field, text);
                return accounting.skip(SkipReason::Section);
            }
            RowClass::Context | RowClass::Register | RowClass::Unrecognised => {}
        }
        carry.update(cells);
        match class {
            RowClass::Register => {
                let notes = Notes {
                    location: &self.location,
                    header,
                    row: index + 1,
                    issues: &mut self.out.issues,
                    flags: Default::default(),
                };
                let reader = RowReader { values: self.values, header, carry, cells, notes };
                rows.push(keep(reader, risk_numbers, extra, header));
                accounting.keep();
            }
            RowClass::Context => accounting.skip(SkipReason::Section),
            _ => {
                accounting.reject();
                self.out.issues.push(rejection(&self.location, header, index, cells));
            }
        }
    }
}

impl SheetNormaliser<'_> {
    /// The header of a second table, if `cells` are one: only labels, most of them
    /// naming fields, other fields than the table's above (a repeat of its header is
    /// told apart by [`Header::is_repeated_by`]).
    fn next_table(&self, index: u32, cells: &[Cell<'_>]) -> Option<Header> {
        let Phase::Reading(reading) = &self.phase else { return None };
        let labels = cells.iter().filter(|cell| !cell.is_blank());
        let short_texts =
            labels.clone().all(|cell| matches!(cell, Cell::Text(text) if text.chars().count() <= LABEL_CHARS));
        if !short_texts || labels.count() < TABLE_FIELDS || reading.header.is_repeated_by(cells) {
            return None;
        }
        let mut search = HeaderSearch::new(self.kind);
        search.push(index, cells, self.matcher, &[]);
        let header = search.finish().header?;
        let filled = cells.iter().filter(|cell| !cell.is_blank()).count();
        let fields = |header: &Header| header.columns.iter().map(|column| column.field).collect::<Vec<_>>();
        let new = header.columns.len() >= TABLE_FIELDS
            && header.columns.len() * 3 >= filled * 2
            && fields(&header) != fields(&reading.header);
        new.then_some(header)
    }
}

/// Fewest fields the header of a second table on a sheet names.
const TABLE_FIELDS: usize = 3;
/// Longest label of a header, in characters: a register row's texts are longer.
const LABEL_CHARS: usize = 60;

/// A register row: its Nr checked against the sheet's, its values and flags, and the
/// cells outside the schema.
fn keep(
    mut reader: RowReader<'_>,
    risk_numbers: &mut HashMap<i32, u32>,
    extra: &[(usize, Text)],
    header: &Header,
) -> Row {
    let row_number = reader.notes.row;
    let risk_no = reader.risk_no();
    if let Some(number) = risk_no {
        if let Some(first) = risk_numbers.get(&number) {
            let reason = format!("Nr {number} finns också på rad {first}");
            reader.notes.flag(Flag::RiskNoDuplicate, Field::RiskNo, &number.to_string(), &reason);
        } else {
            risk_numbers.insert(number, row_number);
        }
    }
    let cells = reader.cells;
    let (mut row, flags) = reader.read(risk_no);
    row.flags = flags;
    row.extra = extra_cells(cells, extra, header);
    row
}

/// The cells outside the schema, by heading: the unmapped columns', and any other
/// column's under its letter.
fn extra_cells(cells: &[Cell<'_>], extra: &[(usize, Text)], header: &Header) -> Vec<(Text, Text)> {
    let mapped = |column: usize| header.columns.iter().any(|mapped| mapped.index == column);
    let mut found: Vec<(Text, Text)> = Vec::new();
    for (column, cell) in cells.iter().enumerate().filter(|(column, _)| !mapped(*column)) {
        let Some(text) = prose_of(*cell) else { continue };
        let heading = extra
            .iter()
            .find(|(index, _)| *index == column)
            .map_or_else(|| crate::text::column_letter(column).into(), |(_, heading)| heading.clone());
        let heading = if found.iter().any(|(taken, _)| *taken == heading) {
            format!("{heading} ({})", crate::text::column_letter(column)).into()
        } else {
            heading
        };
        found.push((heading, text.as_ref().into()));
    }
    found
}

/// The finding of a row with no register data in the recognised columns.
fn rejection(location: &Location, header: &Header, index: u32, cells: &[Cell<'_>]) -> Issue {
    let (column, cell) = cells.iter().enumerate().find(|(_, cell)| !cell.is_blank()).unwrap_or((0, &Cell::Empty));
    let heading = header.heading_of(column);
    Issue {
        location: location.clone().with_row(index + 1).with_column(heading.clone()),
        field: None,
        value: cell.display(),
        finding: Finding::Rejected,
        reason: format!(
            "inga registeruppgifter i de igenkända kolumnerna; bara text under '{}'",
            excerpt(&heading, 60)
        ),
    }
}

impl RowSink for SheetNormaliser<'_> {
    fn merged(&mut self, regions: Vec<Region>) {
        self.regions = regions;
    }

    fn row(&mut self, index: u32, cells: &[Cell<'_>]) {
        if index == 0 && matches!(self.phase, Phase::Searching(_)) {
            if let Some(reader) = CanonicalReader::from_header(cells, &self.location, self.neutralised) {
                self.out.accounting.skip(SkipReason::Header);
                self.phase = Phase::Canonical(Box::new(reader));
                return;
            }
        }
        match &mut self.phase {
            Phase::Canonical(reader) => reader.row(index, cells, &mut self.out.accounting),
            Phase::Searching(search) => {
                if search.push(index, cells, self.matcher, &self.regions) {
                    self.decide();
                }
            }
            Phase::Reading(_) => self.data_row(index, cells),
            Phase::NoHeader => self.title_row(index, cells, SkipReason::NoHeader),
        }
    }
}

fn cells_of(cells: &[OwnedCell]) -> Vec<Cell<'_>> {
    cells.iter().map(OwnedCell::as_cell).collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
