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

/// Recognises headings.
#[derive(Debug, Clone)]
pub struct ColumnMatcher {
    exact: HashMap<String, Field>,
    /// Aliases of [`FUZZY_MIN_CHARS`] or more, with their length in characters.
    fuzzy: Vec<(String, usize, Field)>,
}

impl ColumnMatcher {
    /// Builds the matcher from the aliases per field.
    pub fn new(aliases: &BTreeMap<Field, Vec<String>>) -> Self {
        let mut exact = HashMap::new();
        let mut fuzzy = Vec::new();
        for (field, names) in aliases {
            for name in names {
                let folded = fold(name);
                let chars = folded.chars().count();
                if chars >= FUZZY_MIN_CHARS {
                    fuzzy.push((folded.clone(), chars, *field));
                }
                exact.entry(folded).or_insert(*field);
            }
        }
        ColumnMatcher { exact, fuzzy }
    }

    /// The field a heading names, if any.
    pub fn field(&self, heading: &str) -> Option<(Field, MatchHow)> {
        let candidates = heading_forms(heading);
        if let Some(field) = candidates.iter().find_map(|form| self.exact.get(form)) {
            return Some((*field, MatchHow::Exact));
        }
        candidates
            .iter()
            .map(|form| (form, form.chars().count()))
            .filter(|(_, chars)| *chars >= FUZZY_MIN_CHARS)
            .flat_map(|(form, chars)| {
                self.fuzzy
                    .iter()
                    .filter(move |(_, alias_chars, _)| may_be_similar(chars, *alias_chars))
                    .map(move |(alias, _, field)| (strsim::normalized_levenshtein(form, alias), *field))
            })
            .filter(|(similarity, _)| *similarity >= FUZZY_SIMILARITY)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, field)| (field, MatchHow::Fuzzy))
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
