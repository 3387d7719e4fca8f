//! Value cells to typed values: "4. Sannolikt", "4" and "Sannolikt" → 4; "★", "X",
//! "Ja" → in the plan; Excel serials, ISO and Swedish text dates; "Försenad/ avvikelse"
//! → `forsenad`; text cells whitespace-normalised.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::read::Cell;
use crate::schema::Status;
use crate::templates::{Level, ScaleStep, Values};
use crate::text::{constant_regex, fold, squash, tidy};

/// The outcome of reading one value cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed<T> {
    /// The cell is empty.
    Missing,
    /// A value.
    Value(T),
    /// Something is there, but not a valid value.
    Invalid,
}

/// Which five-step scale a cell is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Sannolikhet.
    Probability,
    /// Konsekvens.
    Consequence,
}

/// Parses value cells with the words of `values.toml`.
#[derive(Debug, Clone)]
pub struct ValueParser {
    probability: HashMap<String, i8>,
    consequence: HashMap<String, i8>,
    in_ikp: HashMap<String, bool>,
    status: HashMap<String, Status>,
    /// Folded level name → the name in `levels.toml`.
    levels: HashMap<String, String>,
}

impl ValueParser {
    /// Builds the parser from `values.toml` and the level names of `levels.toml`.
    pub fn new(values: &Values, levels: &[Level]) -> Self {
        let scale = |steps: &[ScaleStep]| {
            steps
                .iter()
                .flat_map(|step| {
                    std::iter::once(&step.label).chain(&step.aliases).map(move |word| (fold(word), step.value as i8))
                })
                .collect()
        };
        let in_ikp = values
            .in_ikp
            .yes
            .iter()
            .map(|word| (word, true))
            .chain(values.in_ikp.no.iter().map(|word| (word, false)))
            .flat_map(|(word, yes)| [(word.trim().to_lowercase(), yes), (fold(word), yes)])
            .filter(|(word, _)| !word.is_empty())
            .collect();
        let status = values
            .status
            .iter()
            .flat_map(|(status, words)| words.iter().map(move |word| (fold(word), *status)))
            .collect();
        let levels = levels.iter().map(|level| (fold(&level.name), level.name.clone())).collect();
        ValueParser {
            probability: scale(&values.probability),
            consequence: scale(&values.consequence),
            in_ikp,
            status,
            levels,
        }
    }

    /// A sannolikhet or konsekvens 1–5: "4. Sannolikt", "4", 4.0 or "Sannolikt".
    pub fn scale(&self, cell: Cell<'_>, scale: Scale) -> Parsed<i8> {
        let labels = match scale {
            Scale::Probability => &self.probability,
            Scale::Consequence => &self.consequence,
        };
        match cell {
            Cell::Empty => Parsed::Missing,
            Cell::Number(number) => in_scale(whole(number)),
            Cell::Text(text) if text.trim().is_empty() => Parsed::Missing,
            Cell::Text(text) => match leading_integer(text) {
                Some(number) => in_scale(Some(number)),
                None => labels.get(&fold(text)).map_or(Parsed::Invalid, |value| Parsed::Value(*value)),
            },
            Cell::Date(_) | Cell::Bool(_) | Cell::Error => Parsed::Invalid,
        }
    }

    /// A whole number (Nr, RV): 12, "12", "12.0".
    pub fn integer(&self, cell: Cell<'_>) -> Parsed<i64> {
        match cell {
            Cell::Empty => Parsed::Missing,
            Cell::Number(number) => whole(number).map_or(Parsed::Invalid, Parsed::Value),
            Cell::Text(text) if text.trim().is_empty() => Parsed::Missing,
            Cell::Text(text) => {
                let text = text.trim();
                let number =
                    text.parse::<i64>().ok().or_else(|| text.replace(',', ".").parse::<f64>().ok().and_then(whole));
                number.map_or(Parsed::Invalid, Parsed::Value)
            }
            Cell::Date(_) | Cell::Bool(_) | Cell::Error => Parsed::Invalid,
        }
    }

    /// An IKP mark: "Ja", "★", "X" → in the plan; "Nej, endast VoR" or empty → not.
    pub fn in_ikp(&self, cell: Cell<'_>) -> Parsed<bool> {
        match cell {
            Cell::Empty => Parsed::Value(false),
            Cell::Bool(flag) => Parsed::Value(flag),
            Cell::Number(number) => match whole(number) {
                Some(1) => Parsed::Value(true),
                Some(0) => Parsed::Value(false),
                _ => Parsed::Invalid,
            },
            Cell::Text(text) if text.trim().is_empty() => Parsed::Value(false),
            Cell::Text(text) => {
                let lower = text.trim().to_lowercase();
                self.in_ikp
                    .get(&lower)
                    .or_else(|| self.in_ikp.get(&fold(text)))
                    .map_or(Parsed::Invalid, |yes| Parsed::Value(*yes))
            }
            Cell::Date(_) | Cell::Error => Parsed::Invalid,
        }
    }

    /// A level named as `levels.toml` names it ("Kritisk", "medium").
    pub fn level(&self, text: &str) -> Option<&str> {
        self.levels.get(&fold(text)).map(String::as_str)
    }

    /// A status: "Avslutad", "Försenad/ avvikelse" (over two lines), "Pågår".
    pub fn status(&self, cell: Cell<'_>) -> Parsed<Status> {
        match cell {
            Cell::Empty => Parsed::Missing,
            Cell::Text(text) if text.trim().is_empty() => Parsed::Missing,
            Cell::Text(text) => self.status.get(&fold(text)).map_or(Parsed::Invalid, |status| Parsed::Value(*status)),
            _ => Parsed::Invalid,
        }
    }
}

/// What a compound risk cell says: "6 (Sannolikhet: 3, Konsekvens: 2)", "3x4=12",
/// "3 × 4 = 12", "S3 x K4 = 12", "12 (S3 K4)", "12 (3x4)".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compound {
    /// The risk value, when the cell states one.
    pub risk_value: Option<i64>,
    /// Sannolikhet, when the cell states it.
    pub probability: Option<i64>,
    /// Konsekvens, when the cell states it.
    pub consequence: Option<i64>,
}

static PRODUCT: LazyLock<Regex> = LazyLock::new(|| {
    constant_regex(r"(?i)^\s*(?:s\s*)?(\d{1,2})\s*[x×*·]\s*(?:k\s*)?(\d{1,2})\s*(?:=\s*(\d{1,3}))?\s*$")
});
static LABELLED: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^\s*(\d{1,3})\s*\((.*)\)\s*$"));
static LABELLED_PROBABILITY: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"(?i)\b(?:sannolikhet|s)\s*[:=]?\s*(\d{1,2})\b"));
static LABELLED_CONSEQUENCE: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"(?i)\b(?:konsekvens|k)\s*[:=]?\s*(\d{1,2})\b"));

/// Reads a compound risk cell (Stratsys and hand-written forms); `None` for anything else.
pub fn compound(text: &str) -> Option<Compound> {
    let number = |captures: &regex::Captures<'_>, group: usize| captures.get(group)?.as_str().parse::<i64>().ok();
    if let Some(captures) = PRODUCT.captures(text) {
        return Some(Compound {
            risk_value: number(&captures, 3),
            probability: number(&captures, 1),
            consequence: number(&captures, 2),
        });
    }
    let captures = LABELLED.captures(text)?;
    let inside = captures.get(2)?.as_str();
    if let Some(product) = PRODUCT.captures(inside) {
        return Some(Compound {
            risk_value: number(&captures, 1),
            probability: number(&product, 1),
            consequence: number(&product, 2),
        });
    }
    let probability = LABELLED_PROBABILITY.captures(inside).and_then(|found| number(&found, 1));
    let consequence = LABELLED_CONSEQUENCE.captures(inside).and_then(|found| number(&found, 1));
    (probability.is_some() || consequence.is_some()).then(|| Compound {
        risk_value: number(&captures, 1),
        probability,
        consequence,
    })
}

/// A date: a date cell, an Excel serial number, ISO text ("2018-01-01", with or without
/// time), Swedish numeric text ("15/11/2016", "15.11.2016") or Swedish words
/// ("31 december 2018", "15 nov. 2016").
pub fn date(cell: Cell<'_>) -> Parsed<NaiveDate> {
    match cell {
        Cell::Empty => Parsed::Missing,
        Cell::Date(date) => Parsed::Value(date),
        Cell::Number(serial) => date_from_serial(serial).map_or(Parsed::Invalid, Parsed::Value),
        Cell::Text(text) if text.trim().is_empty() => Parsed::Missing,
        Cell::Text(text) => date_from_text(text.trim()).map_or(Parsed::Invalid, Parsed::Value),
        Cell::Bool(_) | Cell::Error => Parsed::Invalid,
    }
}

/// Serials from 1950 to 2100 in Excel's 1900 date system.
fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !(18_264.0..=73_051.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial.trunc() as u64))
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+)?$"));
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$"));
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"^(\d{1,2})\s+([[:alpha:]]+)\.?\s+(\d{4})$"));

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

fn date_from_text(text: &str) -> Option<NaiveDate> {
    let number = |captures: &regex::Captures<'_>, group: usize| captures.get(group)?.as_str().parse::<u32>().ok();
    if let Some(captures) = ISO_DATE.captures(text) {
        return NaiveDate::from_ymd_opt(
            i32::try_from(number(&captures, 1)?).ok()?,
            number(&captures, 2)?,
            number(&captures, 3)?,
        );
    }
    if let Some(captures) = NUMERIC_DATE.captures(text) {
        return NaiveDate::from_ymd_opt(
            i32::try_from(number(&captures, 3)?).ok()?,
            number(&captures, 2)?,
            number(&captures, 1)?,
        );
    }
    let captures = WORD_DATE.captures(text)?;
    let month_word = fold(captures.get(2)?.as_str());
    let month = MONTHS.iter().position(|month| month_word.starts_with(month) && month_word.len() >= 3)?;
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(&captures, 3)?).ok()?,
        u32::try_from(month + 1).ok()?,
        number(&captures, 1)?,
    )?;
    (date.year() >= 1950).then_some(date)
}

fn in_scale(number: Option<i64>) -> Parsed<i8> {
    match number {
        Some(value @ 1..=5) => Parsed::Value(value as i8),
        _ => Parsed::Invalid,
    }
}

/// The integer an f64 holds exactly.
fn whole(number: f64) -> Option<i64> {
    (number.fract() == 0.0 && number.abs() < 1e15).then_some(number as i64)
}

/// "4. Sannolikt" → 4; "4" → 4; "4,0" → 4; "Sannolikt" → none.
fn leading_integer(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    if digits == 0 {
        return None;
    }
    let rest = text[digits..].trim_start_matches([',', '.']).trim_start_matches('0');
    let value = text[..digits].parse().ok()?;
    let separated = rest.is_empty() || rest.starts_with(|c: char| !c.is_ascii_digit());
    separated.then_some(value)
}

/// A one-line value, whitespace-normalised; `None` when blank.
pub fn text_of(cell: Cell<'_>) -> Option<Cow<'_, str>> {
    match cell {
        Cell::Text(text) => Some(squash(text)).filter(|text| !text.is_empty()),
        Cell::Empty | Cell::Error => None,
        other => Some(Cow::Owned(other.display())),
    }
}

/// A prose value with its paragraphs kept; `None` when blank.
pub fn prose_of(cell: Cell<'_>) -> Option<Cow<'_, str>> {
    match cell {
        Cell::Text(text) => Some(tidy(text)).filter(|text| !text.is_empty()),
        other => text_of(other),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
