//! What a row below the header is: blank, the header repeated after a page break, a
//! summary ("7 Kritisk 81 Medium 3 Låg Totalt: 91"), a section heading ("1.2 Stockholm är
//! …", "Process: Inköp"), context only, a register row, or nothing recognisable.

use std::sync::LazyLock;

use regex::Regex;

use super::header::Header;
use crate::read::Cell;
use crate::schema::Field;
use crate::text::{constant_regex, squash};

/// The class of a row below the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowClass<'c> {
    /// Empty or whitespace only.
    Blank,
    /// The header again (a page break in the source).
    RepeatedHeader,
    /// Counts and level names ("Totalt: 91").
    Summary,
    /// A lone heading cell that sets a field of the rows below it.
    Section(Field, &'c str),
    /// A label or a sentence inside the table: one value merged across columns, or a
    /// lone cell in the table's first column that is not a goal, process or arbetssätt.
    Label,
    /// Only goal, process or arbetssätt: a heading for the rows below.
    Context,
    /// A register row.
    Register,
    /// Text only outside the recognised columns.
    Unrecognised,
}

/// Classifies a row below `header`; `merged_across` says that everything the row holds
/// is one value merged across two columns or more.
pub fn classify<'c>(cells: &[Cell<'c>], header: &Header, merged_across: bool) -> RowClass<'c> {
    if is_blank(cells) {
        return RowClass::Blank;
    }
    if header.is_repeated_by(cells) {
        return RowClass::RepeatedHeader;
    }
    if is_summary(cells) {
        return RowClass::Summary;
    }
    // A value merged across the row fills each column it covers: it is one cell.
    let first = cells.iter().position(|cell| !cell.is_blank()).unwrap_or(0);
    let lone = if merged_across { &cells[first..=first] } else { cells };
    if let Some((field, text)) = section_heading(lone) {
        return RowClass::Section(field, text);
    }
    if merged_across || lone_label(cells, header) {
        return RowClass::Label;
    }
    let filled = |wanted: fn(Field) -> bool| {
        header.columns.iter().any(|column| wanted(column.field) && !cells.get(column.index).is_none_or(Cell::is_blank))
    };
    if filled(|field| !is_context(field)) {
        RowClass::Register
    } else if filled(is_context) {
        RowClass::Context
    } else {
        RowClass::Unrecognised
    }
}

/// Whether the row's one non-blank cell is in the table's first column and that column is
/// not a goal, process or arbetssätt (which head the rows below it).
fn lone_label(cells: &[Cell<'_>], header: &Header) -> bool {
    let mut filled = cells.iter().enumerate().filter(|(_, cell)| !cell.is_blank()).map(|(column, _)| column);
    let (Some(column), None) = (filled.next(), filled.next()) else { return false };
    let first = header
        .columns
        .iter()
        .map(|mapped| mapped.index)
        .chain(header.unmapped.iter().map(|unmapped| unmapped.index))
        .min();
    let context = header.columns.iter().any(|mapped| mapped.index == column && is_context(mapped.field));
    first == Some(column) && !context
}

/// The fields that only give context (goal, process, arbetssätt): a row with nothing
/// else is a heading, not a register row.
fn is_context(field: Field) -> bool {
    matches!(field, Field::Goal | Field::Process | Field::Method)
}

/// Whether every cell is blank.
pub fn is_blank(cells: &[Cell<'_>]) -> bool {
    cells.iter().all(Cell::is_blank)
}

/// A row's non-blank cells joined by spaces.
pub fn row_text(cells: &[Cell<'_>]) -> String {
    cells
        .iter()
        .filter(|cell| !cell.is_blank())
        .map(|cell| squash(&cell.display()).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A summary is nothing but counts, level names and words like "Totalt" ("7 Kritisk 81
/// Medium 3 Låg Totalt: 91", "Summa: 12", "Antal risker 91"); prose never is.
static SUMMARY: LazyLock<Regex> = LazyLock::new(|| {
    let token = r"(?:[\d\s:.,;=()-]|\b(?:totalt?|summa|antal|risker|st|kritiska?|höga?|medium|medel|låga?)\b)";
    constant_regex(&format!(r"(?i)^{token}*\d{token}*$"))
});
static PROCESS_HEADING: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"(?is)^\s*process\s*:\s*(\S.*)$"));
static GOAL_HEADING: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"(?is)^\s*(?:KF:s\s+)?mål\s*:\s*(\S.*)$"));
static GOAL_ID: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^(?:Mål\s+)?(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$"));

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
pub fn section_heading<'c>(cells: &[Cell<'c>]) -> Option<(Field, &'c str)> {
    let mut filled = cells.iter().filter(|cell| !cell.is_blank());
    let (Some(Cell::Text(text)), None) = (filled.next(), filled.next()) else { return None };
    for (pattern, field) in [(&PROCESS_HEADING, Field::Process), (&GOAL_HEADING, Field::Goal)] {
        if let Some(found) = pattern.captures(text).and_then(|captures| captures.get(1)) {
            return Some((field, found.as_str()));
        }
    }
    split_goal(squash(text).as_ref()).0.is_some().then_some((Field::Goal, *text))
}

/// Splits a numbered KF goal, "1.2. Stockholm är en trygg …", into its number and its
/// text ("1.2", "Stockholm är en trygg …"); a goal without a number is all text.
pub fn split_goal(goal: &str) -> (Option<&str>, &str) {
    match GOAL_ID.captures(goal) {
        Some(captures) => match (captures.get(1), captures.get(2)) {
            (Some(id), Some(text)) => (Some(id.as_str()), text.as_str()),
            _ => (None, goal),
        },
        None => (None, goal),
    }
}

#[cfg(test)]
mod tests;
