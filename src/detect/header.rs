//! Finding the header among a sheet's first rows, and recognising it when a page break
//! repeats it mid-sheet.
//!
//! A header is one row, or two or three rows read column by column as one (DESIGN §1): a
//! label merged down or left blank below takes the other row's place, and a group label
//! merged across columns ("Riskbedömning" over Sannolikhet, Konsekvens and RV) gives way
//! to the labels under it. Among the first [`SEARCH_ROWS`] rows the header is the one
//! naming the most register fields (on a tie the one of fewer rows, then the first); a
//! block of rows only when together they name more fields than any of them alone. It
//! counts when it names three fields of a recognisable kind, or the event column with a
//! column only one kind has (the sparse headers of other boards: "Risk | Kontrollaktivitet"),
//! or the event column alone when the kind is known otherwise: from `--kind` or from a
//! title row that names the register ("Internkontrollplan 2019"). Rows above it are
//! title rows.

use super::columns::{ColumnMatcher, Match, MatchHow};
use super::kind::detect_kind;
use crate::read::{Cell, OwnedCell, Region};
use crate::schema::{Field, Kind};
use crate::text::{fold, squash};

/// Rows searched for a header at the top of each sheet.
pub const SEARCH_ROWS: usize = 50;
/// Fewest distinct register fields a header names, unless it names the event.
const MIN_FIELDS: usize = 3;
/// A header naming this many fields is not bettered by rows further down.
const CERTAIN_FIELDS: usize = 5;
/// Most rows one header spans.
const MAX_HEADER_ROWS: usize = 3;
/// Most columns a header is read across: a register is far narrower (an .xls sheet has
/// 256 columns in all), and labels further right would only cost time on a crafted row.
const MAX_WIDTH: usize = 256;

/// A header cell mapped to a canonical field.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MappedColumn {
    /// 0-based column index.
    pub index: usize,
    /// The field.
    pub field: Field,
    /// The heading as written (the labels of a header's rows joined by " / ").
    pub heading: String,
    /// How it was recognised.
    pub how: MatchHow,
}

/// A header cell riskreg does not map to a field; its cells go to `extra`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnmappedColumn {
    /// 0-based column index.
    pub index: usize,
    /// The heading as written.
    pub heading: String,
    /// Why it is not mapped.
    pub reason: &'static str,
}

/// What decided the register kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum KindFrom {
    /// The `--kind` option.
    Option,
    /// These columns, which only this kind has.
    Columns {
        /// The deciding fields.
        fields: Vec<Field>,
    },
    /// A title row naming the register.
    Title {
        /// The 1-based row.
        row: u32,
    },
    /// riskreg's canonical columns: each row names its kind.
    Canonical,
}

/// A sheet's header.
#[derive(Debug, Clone)]
pub struct Header {
    /// The 0-based rows it spans, top first.
    pub rows: Vec<u32>,
    /// The mapped columns, left to right.
    pub columns: Vec<MappedColumn>,
    /// Headings not mapped.
    pub unmapped: Vec<UnmappedColumn>,
    /// The register kind.
    pub kind: Kind,
    /// What decided the kind.
    pub kind_from: KindFrom,
    /// Per header row, its folded labels by column, to recognise the row repeated.
    repeats: Vec<Vec<(usize, String)>>,
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
            .map_or_else(|| crate::text::column_letter(index), |(_, heading)| squash(heading).into_owned())
    }

    /// Whether `cells` repeat one of this header's rows (a page break in the source).
    pub fn is_repeated_by(&self, cells: &[Cell<'_>]) -> bool {
        // Folding is the costly part: only cells about as long as the label, starting with
        // the same letter, can be it.
        let may_be = |text: &str, folded: &str| {
            let first = text.chars().find(|c| c.is_alphanumeric()).map(crate::text::base_letters_of_char);
            text.len() <= folded.len() * 2 + 8 && first.is_some_and(|first| folded.starts_with(first))
        };
        self.repeats.iter().filter(|labels| !labels.is_empty()).any(|labels| {
            let same = labels
                .iter()
                .filter(|(index, folded)| {
                    matches!(cells.get(*index), Some(Cell::Text(text)) if may_be(text, folded) && fold(text) == *folded)
                })
                .count();
            same >= MIN_FIELDS.min(labels.len()).max(labels.len().div_ceil(2))
        })
    }
}

/// A text cell of a row searched for the header, folded and matched once.
#[derive(Debug, Clone)]
struct Label {
    text: String,
    folded: String,
    matched: Option<Match>,
}

/// A row buffered while the header is searched for: its 0-based index and its cells.
pub type BufferedRow = (u32, Vec<OwnedCell>);

/// The header search over a sheet's first rows, fed one row at a time.
pub struct HeaderSearch {
    kind: Option<Kind>,
    rows: Vec<BufferedRow>,
    /// Each row's labels by column.
    labels: Vec<Vec<Option<Label>>>,
    /// The best header so far: the position of its first row in `rows`.
    best: Option<(usize, Header)>,
}

/// The outcome of a header search.
pub struct Found {
    /// The header, if one was found.
    pub header: Option<Header>,
    /// The rows searched, the header's among them, in order.
    pub rows: Vec<BufferedRow>,
    /// The position of the header's first row in `rows`.
    pub position: Option<usize>,
}

impl HeaderSearch {
    /// A search; `kind` is the kind the user set, if any.
    pub fn new(kind: Option<Kind>) -> Self {
        HeaderSearch { kind, rows: Vec::new(), labels: Vec::new(), best: None }
    }

    /// Takes the next row, with the sheet's merged regions; returns true once the search
    /// is decided (a header nothing below can better, or every row searched).
    pub fn push(&mut self, index: u32, cells: &[Cell<'_>], matcher: &ColumnMatcher, regions: &[Region]) -> bool {
        let labels = cells[..cells.len().min(MAX_WIDTH)]
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) if !text.trim().is_empty() => {
                    Some(Label { text: squash(text).into_owned(), folded: fold(text), matched: matcher.field(text) })
                }
                _ => None,
            })
            .collect();
        self.rows.push((index, cells.iter().map(OwnedCell::from_cell).collect()));
        self.labels.push(labels);
        let last = self.rows.len() - 1;
        let top = self.rows[last.saturating_sub(MAX_HEADER_ROWS - 1)].0;
        let near: Vec<&Region> =
            regions.iter().filter(|region| region.first_row <= index && region.last_row >= top).collect();
        for first in last.saturating_sub(MAX_HEADER_ROWS - 1)..=last {
            let Some(header) = self.candidate(first, last, matcher, &near) else { continue };
            let better = self.best.as_ref().is_none_or(|(best_first, best)| {
                let score = |header: &Header| (header.columns.len(), std::cmp::Reverse(header.rows.len()));
                score(&header) > score(best) || (score(&header) == score(best) && first < *best_first)
            });
            if better {
                self.best = Some((first, header));
            }
        }
        let certain = self.best.as_ref().is_some_and(|(first, header)| {
            header.columns.len() >= CERTAIN_FIELDS && last >= first + MAX_HEADER_ROWS - 1
        });
        certain || self.rows.len() >= SEARCH_ROWS
    }

    /// The header found and the rows searched. A row of units right below the header
    /// ("(1-5) | (1-5) | (S × K)") is part of it.
    pub fn finish(mut self) -> Found {
        if let Some((first, header)) = &mut self.best {
            let mut next = *first + header.rows.len();
            while header.rows.len() < MAX_HEADER_ROWS
                && next < self.rows.len()
                && self.rows[next].1.iter().all(|cell| matches!(cell, OwnedCell::Empty | OwnedCell::Text(_)))
                && units(&self.labels[next], header)
            {
                header.rows.push(self.rows[next].0);
                header.repeats.push(own_labels(&self.labels[next]));
                next += 1;
            }
        }
        let (position, header) = self.best.map(|(position, header)| (Some(position), Some(header))).unwrap_or_default();
        Found { header, rows: self.rows, position }
    }

    /// The header the rows `first..=last` make, if they make one.
    fn candidate(&self, first: usize, last: usize, matcher: &ColumnMatcher, regions: &[&Region]) -> Option<Header> {
        let block: Vec<Vec<Option<&Label>>> =
            (first..=last).map(|position| self.filled(position, first, regions)).collect();
        if last > first && !(first..=last).all(|position| self.header_like(position)) {
            return None;
        }
        let (columns, unmapped) = map_columns(&block, matcher);
        let fields: Vec<Field> = columns.iter().map(|column| column.field).collect();
        if last > first {
            let alone = (first..=last).map(|position| self.fields_alone(position)).max().unwrap_or(0);
            if fields.len() <= alone {
                return None;
            }
        }
        let (kind, kind_from) = self.kind(&fields, first)?;
        let has_event = fields.contains(&Field::Event);
        let sparse = has_event && (fields.len() >= 2 || !matches!(kind_from, KindFrom::Columns { .. }));
        if fields.len() < MIN_FIELDS && !sparse {
            return None;
        }
        let repeats = (first..=last).map(|position| own_labels(&self.labels[position])).collect();
        let mut by_field = [None; Field::ALL.len()];
        for column in &columns {
            by_field[column.field.index()] = Some(column.index);
        }
        let rows = (first..=last).map(|position| self.rows[position].0).collect();
        Some(Header { rows, columns, unmapped, kind, kind_from, repeats, by_field })
    }

    /// The labels of the row at `position`, a cell covered by a merged region whose first
    /// cell lies in the rows from `top` taking that cell's label.
    fn filled(&self, position: usize, top: usize, regions: &[&Region]) -> Vec<Option<&Label>> {
        let (index, top_index) = (self.rows[position].0, self.rows[top].0);
        let covering: Vec<&Region> = regions
            .iter()
            .copied()
            .filter(|region| region.first_row >= top_index && (region.first_row..=region.last_row).contains(&index))
            .collect();
        let own = &self.labels[position];
        let width = covering.iter().map(|region| region.last_column as usize + 1).fold(own.len(), usize::max);
        (0..width.min(MAX_WIDTH))
            .map(|column| {
                own.get(column).and_then(Option::as_ref).or_else(|| {
                    let region = covering.iter().find(|region| {
                        (region.first_column as usize..=region.last_column as usize).contains(&column)
                    })?;
                    let origin = (top..=position).find(|origin| self.rows[*origin].0 == region.first_row)?;
                    self.labels[origin].get(region.first_column as usize)?.as_ref()
                })
            })
            .collect()
    }

    /// Whether the row at `position` can be part of a header of several rows: only text,
    /// and no more than a few labels (group labels) or at least half of its labels naming
    /// fields. A data row of text cells (every row of a CSV file) whose note happens to
    /// begin with a heading ("Kontrollaktivitet: uppföljning …") names one field among
    /// many labels: it is data, not a header's second row.
    fn header_like(&self, position: usize) -> bool {
        let cells = &self.rows[position].1;
        let only_text = cells.iter().all(|cell| matches!(cell, OwnedCell::Empty | OwnedCell::Text(_)));
        let labels = self.labels[position].iter().flatten().count();
        only_text && labels > 0 && (labels <= 3 || 2 * self.fields_alone(position) >= labels)
    }

    /// The distinct fields the row at `position` names on its own.
    fn fields_alone(&self, position: usize) -> usize {
        let mut fields: Vec<Field> =
            self.labels[position].iter().flatten().filter_map(|label| label.matched.map(|found| found.field)).collect();
        fields.sort_unstable();
        fields.dedup();
        fields.len()
    }

    /// The kind: the one the user set, else the one the columns show, else the one a
    /// title row above `first` names.
    fn kind(&self, fields: &[Field], first: usize) -> Option<(Kind, KindFrom)> {
        if let Some(kind) = self.kind {
            return Some((kind, KindFrom::Option));
        }
        if let Some((kind, deciding)) = detect_kind(fields) {
            return Some((kind, KindFrom::Columns { fields: deciding }));
        }
        self.rows[..first].iter().find_map(|(index, cells)| {
            let text = cells.iter().take(MAX_WIDTH).map(|cell| cell.as_cell().display()).collect::<Vec<_>>().join(" ");
            named_kind(&text).map(|kind| (kind, KindFrom::Title { row: index + 1 }))
        })
    }
}

/// A row's own labels, folded, by column.
fn own_labels(labels: &[Option<Label>]) -> Vec<(usize, String)> {
    let own = labels.iter().enumerate();
    own.filter_map(|(index, label)| label.as_ref().map(|label| (index, label.folded.clone()))).collect()
}

/// Whether a row holds nothing but units under the header's columns: each label in
/// brackets ("(1-5)", "(S × K)") or a range of numbers ("1–5").
fn units(labels: &[Option<Label>], header: &Header) -> bool {
    let mut cells = labels.iter().enumerate().filter_map(|(index, label)| Some((index, label.as_ref()?))).peekable();
    cells.peek().is_some()
        && cells.all(|(index, label)| {
            let text = label.text.trim();
            let bracketed = text.starts_with('(') && text.ends_with(')');
            let range = text
                .split(['-', '–'])
                .map(str::trim)
                .filter(|part| part.chars().all(|c| c.is_ascii_digit()) && !part.is_empty())
                .count()
                == 2;
            header.columns.iter().any(|column| column.index == index) && (bracketed || range)
        })
}

/// Maps the columns of a header block (its rows' labels, top first): each column by its
/// lowest label that names a field, else by its labels together; where two columns name
/// one field, the more specific keeps it and the other is listed unmapped.
fn map_columns(block: &[Vec<Option<&Label>>], matcher: &ColumnMatcher) -> (Vec<MappedColumn>, Vec<UnmappedColumn>) {
    let width = block.iter().map(Vec::len).max().unwrap_or(0);
    let mut found: Vec<(usize, Match, String)> = Vec::new();
    let mut unmapped = Vec::new();
    for index in 0..width {
        let mut labels: Vec<&Label> = Vec::new();
        for label in block.iter().filter_map(|row| row.get(index).copied().flatten()) {
            if labels.last().is_none_or(|last| last.folded != label.folded) {
                labels.push(label);
            }
        }
        if labels.is_empty() {
            continue;
        }
        let heading = labels.iter().map(|label| label.text.as_str()).collect::<Vec<_>>().join(" / ");
        let matched = labels.iter().rev().find_map(|label| label.matched).or_else(|| {
            let joined = labels.iter().map(|label| label.text.as_str()).collect::<Vec<_>>().join(" ");
            (labels.len() > 1).then(|| matcher.field(&joined)).flatten()
        });
        match matched {
            Some(matched) => found.push((index, matched, heading)),
            None => unmapped.push(UnmappedColumn { index, heading, reason: "not a register column" }),
        }
    }
    let mut columns: Vec<MappedColumn> = Vec::new();
    for (index, matched, heading) in &found {
        let best = found.iter().filter(|(_, other, _)| other.field == matched.field).fold(
            None::<&(usize, Match, String)>,
            |best, candidate| match best {
                Some(best) if !candidate.1.beats(&best.1) => Some(best),
                _ => Some(candidate),
            },
        );
        if best.is_some_and(|(best, _, _)| best == index) {
            columns.push(MappedColumn {
                index: *index,
                field: matched.field,
                heading: heading.clone(),
                how: matched.how,
            });
        } else {
            unmapped.push(UnmappedColumn {
                index: *index,
                heading: heading.clone(),
                reason: "another column names the same field more specifically",
            });
        }
    }
    unmapped.sort_by_key(|column| column.index);
    (columns, unmapped)
}

/// The register a title names: "Internkontrollplan 2019", "Väsentlighets- och riskanalys
/// 2020", "Uppföljning av åtgärder"; `None` when it names none or several.
fn named_kind(text: &str) -> Option<Kind> {
    let folded = fold(text);
    let named = [
        (Kind::Ikp, folded.contains("internkontrollplan")),
        (Kind::Vor, folded.contains("riskanalys") || folded.contains("vasentlighetsanalys")),
        (Kind::Uppfoljning, folded.contains("uppfoljning")),
    ];
    let mut kinds = named.iter().filter(|(_, named)| *named).map(|(kind, _)| *kind);
    match (kinds.next(), kinds.next()) {
        (Some(kind), None) => Some(kind),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
