//! Normalisation: one sheet's rows, as they stream in, into typed register rows. The
//! header search (detect) decides which rows are titles and which the header; below it
//! each row is classified (detect), the hierarchy columns carried down over merged and
//! blank continuation cells, values parsed and flagged, and rows with nothing
//! recognisable rejected and listed. Every row read is counted.

pub mod accounting;
mod carry;
pub mod quality;
pub mod register;
mod row;
pub mod values;

use std::collections::HashMap;

use accounting::{Accounting, SkipReason};
use carry::{Carry, LazyMerges};
use quality::{Finding, Issue};
use register::Row;
use row::{Notes, RowReader};
use values::ValueParser;

use crate::detect::columns::ColumnMatcher;
use crate::detect::context::TitleLine;
use crate::detect::header::{Header, HeaderSearch};
use crate::detect::rows::{self, row_text, RowClass};
use crate::error::Location;
use crate::read::{Cell, Merges, OwnedCell, RowSink};
use crate::schema::{Field, Flag, Kind};
use crate::text::excerpt;

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
    pub rows: Vec<Row>,
}

/// Normalises one sheet; feed it rows through [`RowSink`], then call [`finish`](Self::finish).
pub struct SheetNormaliser<'r> {
    matcher: &'r ColumnMatcher,
    values: &'r ValueParser,
    location: Location,
    merged: LazyMerges,
    phase: Phase,
    out: NormalisedSheet,
}

enum Phase {
    Searching(Box<HeaderSearch>),
    Reading(Box<Reading>),
    NoHeader,
}

struct Reading {
    header: Header,
    carry: Carry,
    /// The first row of each Nr.
    risk_numbers: HashMap<i32, u32>,
}

impl<'r> SheetNormaliser<'r> {
    /// A normaliser for the sheet at `location` (file and sheet) with the header words
    /// of `matcher`, the value words of `values` and, if the user set one, the kind.
    pub fn new(matcher: &'r ColumnMatcher, values: &'r ValueParser, location: Location, kind: Option<Kind>) -> Self {
        SheetNormaliser {
            matcher,
            values,
            location,
            merged: LazyMerges::new(Merges::known(Vec::new())),
            phase: Phase::Searching(Box::new(HeaderSearch::new(kind))),
            out: NormalisedSheet {
                header: None,
                accounting: Accounting::default(),
                titles: Vec::new(),
                issues: Vec::new(),
                rows: Vec::new(),
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

    /// Ends the header search and replays the rows it held.
    fn decide(&mut self) {
        let Phase::Searching(search) = std::mem::replace(&mut self.phase, Phase::NoHeader) else { return };
        let found = search.finish();
        let title_reason = if found.header.is_some() { SkipReason::Title } else { SkipReason::NoHeader };
        let header_position = found.position.unwrap_or(found.rows.len());
        let mut rows = found.rows.into_iter();
        for (index, cells) in rows.by_ref().take(header_position) {
            self.title_row(index, &cells_of(&cells), title_reason);
        }
        let Some(header) = found.header else { return };
        rows.next();
        self.out.accounting.skip(SkipReason::Header);
        let carry = Carry::new(header.kind);
        self.phase = Phase::Reading(Box::new(Reading { header, carry, risk_numbers: HashMap::new() }));
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
            self.out.titles.push(TitleLine { row: index + 1, text: row_text(cells) });
        }
    }

    /// A row below the header.
    fn data_row(&mut self, index: u32, cells: &[Cell<'_>]) {
        let Phase::Reading(reading) = &mut self.phase else { return };
        let accounting = &mut self.out.accounting;
        let class = rows::classify(cells, &reading.header);
        match class {
            RowClass::Blank => return accounting.skip(SkipReason::Blank),
            RowClass::RepeatedHeader => return accounting.skip(SkipReason::Header),
            RowClass::Summary => return accounting.skip(SkipReason::Summary),
            RowClass::Section(field, text) => {
                reading.carry.set_section(field, text);
                return accounting.skip(SkipReason::Section);
            }
            RowClass::Context | RowClass::Register | RowClass::Unrecognised => {}
        }
        reading.carry.update(&reading.header, cells, index, &mut self.merged);
        match class {
            RowClass::Register => self.keep(index, cells),
            RowClass::Context => self.out.accounting.skip(SkipReason::Section),
            _ => self.reject(index, cells),
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
            value: excerpt(&cell.display(), 200).into_owned(),
            finding: Finding::Rejected,
            reason: format!("no register data in the recognised columns; only text under '{heading}'"),
        });
    }

    fn keep(&mut self, index: u32, cells: &[Cell<'_>]) {
        let Phase::Reading(reading) = &mut self.phase else { return };
        let row = index + 1;
        let notes = Notes {
            location: &self.location,
            header: &reading.header,
            row,
            issues: &mut self.out.issues,
            flags: Default::default(),
        };
        let mut reader =
            RowReader { values: self.values, header: &reading.header, carry: &reading.carry, cells, notes };
        let risk_no = reader.risk_no();
        if let Some(number) = risk_no {
            if let Some(first) = reading.risk_numbers.get(&number) {
                let reason = format!("Nr {number} is also on row {first}");
                reader.notes.flag(Flag::RiskNoDuplicate, Field::RiskNo, &number.to_string(), &reason);
            } else {
                reading.risk_numbers.insert(number, row);
            }
        }
        let (mut register_row, flags) = reader.read(risk_no);
        register_row.flags = flags;
        self.out.rows.push(register_row);
        self.out.accounting.keep();
    }
}

impl RowSink for SheetNormaliser<'_> {
    fn merged(&mut self, merges: Merges) {
        self.merged = LazyMerges::new(merges);
    }

    fn row(&mut self, index: u32, cells: &[Cell<'_>]) {
        match &mut self.phase {
            Phase::Searching(search) => {
                if search.push(index, cells, self.matcher) {
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
