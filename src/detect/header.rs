//! Finding the header row among a sheet's first rows, and recognising it when a page
//! break repeats it mid-sheet.
//!
//! The header is the row among the first [`SEARCH_ROWS`] rows of a sheet whose cells name
//! the most distinct register columns (at least [`MIN_FIELDS`], so a scale legend
//! "Sannolikhet | Konsekvens" above the table is not taken for it; the first such row on
//! a tie). A row naming [`CERTAIN_FIELDS`] or more is the header without looking further.
//! Rows above it are title rows.

use serde::Serialize;

use super::columns::{ColumnMatcher, MatchHow};
use super::kind::detect_kind;
use crate::read::{Cell, OwnedCell};
use crate::schema::{Field, Kind};
use crate::text::fold;

/// Rows searched for a header at the top of each sheet.
pub const SEARCH_ROWS: usize = 50;
/// Fewest distinct register columns a header names.
const MIN_FIELDS: usize = 3;
/// A row naming this many columns is the header without looking further.
const CERTAIN_FIELDS: usize = 5;

/// A header cell mapped to a canonical field.
#[derive(Debug, Clone, Serialize)]
pub struct MappedColumn {
    /// 0-based column index.
    pub index: usize,
    /// The field.
    pub field: Field,
    /// The heading as written.
    pub heading: String,
    /// How it was recognised.
    pub how: MatchHow,
}

/// A header cell riskreg does not use.
#[derive(Debug, Clone, Serialize)]
pub struct UnmappedColumn {
    /// 0-based column index.
    pub index: usize,
    /// The heading as written.
    pub heading: String,
    /// Why it is not used.
    pub reason: &'static str,
}

/// A sheet's header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// 0-based row index.
    pub row: u32,
    /// The mapped columns, left to right.
    pub columns: Vec<MappedColumn>,
    /// Headings not used.
    pub unmapped: Vec<UnmappedColumn>,
    /// The register kind the columns show (or the one the user set).
    pub kind: Kind,
    #[serde(skip)]
    folded: Vec<(usize, String)>,
    #[serde(skip)]
    by_field: [Option<usize>; Field::ALL.len()],
}

impl Header {
    /// The column index of a field, if the sheet has it.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.by_field[field.index()]
    }

    /// The heading of a column index, or its letter when it has none.
    pub fn heading_of(&self, index: usize) -> String {
        self.columns
            .iter()
            .map(|column| (column.index, &column.heading))
            .chain(self.unmapped.iter().map(|column| (column.index, &column.heading)))
            .find(|(at, _)| *at == index)
            .map_or_else(|| crate::text::column_letter(index), |(_, heading)| crate::text::squash(heading).into_owned())
    }

    /// Whether `cells` repeat this header (a page break in the source).
    pub fn is_repeated_by(&self, cells: &[Cell<'_>]) -> bool {
        // Folding is the costly part: only cells about as long as the heading, starting
        // with the same letter, can be it.
        let may_be = |text: &str, folded: &str| {
            let first = text.chars().find(|c| c.is_alphanumeric()).map(crate::text::base_letters_of_char);
            text.len() <= folded.len() * 2 + 8 && first.is_some_and(|first| folded.starts_with(first))
        };
        let same = self
            .folded
            .iter()
            .filter(|(index, folded)| {
                matches!(cells.get(*index), Some(Cell::Text(text)) if may_be(text, folded) && fold(text) == *folded)
            })
            .count();
        same >= MIN_FIELDS.min(self.folded.len()).max(self.folded.len().div_ceil(2))
    }
}

/// Maps a row's cells to fields; `None` unless it names at least [`MIN_FIELDS`] distinct
/// fields of a recognisable register kind (or `kind` is given).
pub fn read_header(row: u32, cells: &[Cell<'_>], matcher: &ColumnMatcher, kind: Option<Kind>) -> Option<Header> {
    let mut columns: Vec<MappedColumn> = Vec::new();
    let mut unmapped = Vec::new();
    for (index, cell) in cells.iter().enumerate() {
        let Cell::Text(text) = cell else { continue };
        if text.trim().is_empty() {
            continue;
        }
        let heading = text.to_string();
        match matcher.field(text) {
            Some((field, _)) if columns.iter().any(|column| column.field == field) => {
                unmapped.push(UnmappedColumn { index, heading, reason: "a second column for the same field" });
            }
            Some((field, how)) => columns.push(MappedColumn { index, field, heading, how }),
            None => unmapped.push(UnmappedColumn { index, heading, reason: "not a register column" }),
        }
    }
    if columns.len() < MIN_FIELDS {
        return None;
    }
    let fields: Vec<Field> = columns.iter().map(|column| column.field).collect();
    let kind = kind.or_else(|| detect_kind(&fields))?;
    let folded = columns.iter().map(|column| (column.index, fold(&column.heading))).collect();
    let mut by_field = [None; Field::ALL.len()];
    for column in &columns {
        by_field[column.field.index()] = Some(column.index);
    }
    Some(Header { row, columns, unmapped, kind, folded, by_field })
}

/// A row buffered while the header is searched for: its 0-based index and its cells.
pub type BufferedRow = (u32, Vec<OwnedCell>);

/// The header search over a sheet's first rows, fed one row at a time.
pub struct HeaderSearch {
    kind: Option<Kind>,
    rows: Vec<BufferedRow>,
    /// The best header so far and its position in `rows`.
    best: Option<(usize, Header)>,
}

/// The outcome of a header search.
pub struct Found {
    /// The header, if one was found.
    pub header: Option<Header>,
    /// The rows searched, the header's among them, in order.
    pub rows: Vec<BufferedRow>,
    /// The header's position in `rows`.
    pub position: Option<usize>,
}

impl HeaderSearch {
    /// A search; `kind` is the kind the user set, if any.
    pub fn new(kind: Option<Kind>) -> Self {
        HeaderSearch { kind, rows: Vec::new(), best: None }
    }

    /// Takes the next row; returns true once the search is decided (a certain header, or
    /// every row searched).
    pub fn push(&mut self, index: u32, cells: &[Cell<'_>], matcher: &ColumnMatcher) -> bool {
        let header = read_header(index, cells, matcher, self.kind);
        let certain = header.as_ref().is_some_and(|header| header.columns.len() >= CERTAIN_FIELDS);
        if let Some(header) = header {
            if self.best.as_ref().is_none_or(|(_, best)| header.columns.len() > best.columns.len()) {
                self.best = Some((self.rows.len(), header));
            }
        }
        self.rows.push((index, cells.iter().map(OwnedCell::from_cell).collect()));
        certain || self.rows.len() >= SEARCH_ROWS
    }

    /// The header found and the rows searched.
    pub fn finish(self) -> Found {
        let (position, header) = self.best.map(|(position, header)| (Some(position), Some(header))).unwrap_or_default();
        Found { header, rows: self.rows, position }
    }
}

#[cfg(test)]
mod tests;
