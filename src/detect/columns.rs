//! Header cells to canonical fields, through the aliases of `aliases.toml`.
//!
//! A heading matches an alias when both fold to the same text ("Sannolikhet (1-5)" and
//! "SANNOLIKHET" fold to "sannolikhet" once the scale suffix is dropped), or, for aliases
//! of five letters or more, when they differ by a slip of the keyboard ("Arbetsätt").

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::schema::Field;
use crate::text::fold;

/// How a heading was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchHow {
    /// The folded heading equals an alias.
    Exact,
    /// The folded heading is within a small edit distance of an alias.
    Fuzzy,
}

/// Shortest alias matched with spelling slips.
const FUZZY_MIN_CHARS: usize = 5;
/// Minimum normalised Levenshtein similarity for a slip.
const FUZZY_SIMILARITY: f64 = 0.85;

/// A heading recognised as a field, and how specifically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The field.
    pub field: Field,
    /// How it was recognised.
    pub how: MatchHow,
    /// 1 for the whole heading matching an alias exactly, a little less for a shortened
    /// form of it ("RV (S x K)" → "RV"), the spelling similarity for a slip.
    pub closeness: f64,
    /// The alias's position in its field's list in `aliases.toml`.
    pub rank: usize,
}

impl Match {
    /// Whether this match is more specific than `other`: exact over fuzzy, then the
    /// closer match, then the alias earlier in the list.
    pub fn beats(&self, other: &Match) -> bool {
        let key = |m: &Match| (m.how == MatchHow::Exact, m.closeness, std::cmp::Reverse(m.rank));
        key(self).partial_cmp(&key(other)) == Some(std::cmp::Ordering::Greater)
    }
}

/// Closeness of an exact match on a shortened form of the heading.
const SHORTENED: f64 = 0.95;

/// Recognises headings.
#[derive(Debug, Clone)]
pub struct ColumnMatcher {
    /// Folded alias → field and the alias's rank.
    exact: HashMap<String, (Field, usize)>,
    /// Aliases of [`FUZZY_MIN_CHARS`] or more, with their length in characters.
    fuzzy: Vec<(String, usize, Field, usize)>,
}

impl ColumnMatcher {
    /// Builds the matcher from the aliases per field.
    pub fn new(aliases: &BTreeMap<Field, Vec<String>>) -> Self {
        let mut exact = HashMap::new();
        let mut fuzzy = Vec::new();
        for (field, names) in aliases {
            for (rank, name) in names.iter().enumerate() {
                let folded = fold(name);
                let chars = folded.chars().count();
                if chars >= FUZZY_MIN_CHARS {
                    fuzzy.push((folded.clone(), chars, *field, rank));
                }
                exact.entry(folded).or_insert((*field, rank));
            }
        }
        ColumnMatcher { exact, fuzzy }
    }

    /// The field a heading names, if any.
    pub fn field(&self, heading: &str) -> Option<Match> {
        let forms = heading_forms(heading);
        let exact = forms.iter().enumerate().find_map(|(position, form)| {
            let (field, rank) = self.exact.get(form)?;
            let closeness = if position == 0 { 1.0 } else { SHORTENED };
            Some(Match { field: *field, how: MatchHow::Exact, closeness, rank: *rank })
        });
        if exact.is_some() {
            return exact;
        }
        forms
            .iter()
            .map(|form| (form, form.chars().count()))
            .filter(|(_, chars)| *chars >= FUZZY_MIN_CHARS)
            .flat_map(|(form, chars)| {
                self.fuzzy
                    .iter()
                    .filter(move |(_, alias_chars, _, _)| may_be_similar(chars, *alias_chars))
                    .map(move |(alias, _, field, rank)| (strsim::normalized_levenshtein(form, alias), *field, *rank))
            })
            .filter(|(similarity, _, _)| *similarity >= FUZZY_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(closeness, field, rank)| Match { field, how: MatchHow::Fuzzy, closeness, rank })
    }
}

/// Whether texts of these lengths can be [`FUZZY_SIMILARITY`] alike: their edit distance is
/// at least the difference of their lengths. Spares the distance of every long data cell
/// of the rows searched for a header.
fn may_be_similar(chars: usize, alias_chars: usize) -> bool {
    let longer = chars.max(alias_chars) as f64;
    (chars.abs_diff(alias_chars) as f64) <= (1.0 - FUZZY_SIMILARITY) * longer
}

/// The folded forms of a heading worth trying: as written; before a parenthesis or
/// colon ("RV (S x K)" → "rv"); without a trailing scale ("Sannolikhet 1-5").
fn heading_forms(heading: &str) -> Vec<String> {
    let mut forms = vec![fold(heading)];
    if let Some(cut) = heading.find(['(', ':']).filter(|cut| *cut > 0) {
        forms.push(fold(&heading[..cut]));
    }
    let without_numbers: Vec<&str> = {
        let mut words: Vec<&str> = forms[0].split(' ').collect();
        while words.len() > 1 && words.last().is_some_and(|word| word.chars().all(|c| c.is_ascii_digit())) {
            words.pop();
        }
        words
    };
    forms.push(without_numbers.join(" "));
    forms.retain(|form| !form.is_empty());
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests;
