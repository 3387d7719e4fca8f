//! The district and year of a register, and where each came from.
//!
//! Precedence: `--district`/`--year`, the sheet's own title rows, the title rows of the
//! workbook's other sheets, the file name, the folder names (nearest first). District
//! names are matched after folding case, accents and dashes, with a genitive -s allowed
//! ("Hägersten-Liljeholmens stadsdelsnämnd"); the longest name found wins, so
//! "Hägersten-Liljeholmen" is not taken for "Hägersten".

use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::templates::District;
use crate::text::{constant_regex, fold};

/// Where a district or year was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Origin {
    /// The `--district` or `--year` option.
    Option,
    /// A title row of the sheet itself.
    SheetTitle {
        /// 1-based row.
        row: u32,
    },
    /// A title row of another sheet of the workbook.
    OtherSheet {
        /// That sheet.
        sheet: String,
        /// 1-based row.
        row: u32,
    },
    /// The file name.
    FileName,
    /// A folder name on the file's path.
    Folder {
        /// The folder's name.
        folder: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Option => f.write_str("command-line option"),
            Origin::SheetTitle { row } => write!(f, "sheet title (row {row})"),
            Origin::OtherSheet { sheet, row } => write!(f, "title of sheet '{sheet}' (row {row})"),
            Origin::FileName => f.write_str("file name"),
            Origin::Folder { folder } => write!(f, "folder '{folder}'"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// Its origin.
    pub origin: Origin,
}

/// A district as a register names it, and today's district it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictName {
    /// The canonical name as of the register's year.
    pub name: String,
    /// Today's district, after mergers.
    pub current: String,
    /// Whether the name is in `districts.toml` (an unknown `--district` is kept as given).
    pub known: bool,
}

/// A text row above a header (or on a sheet without one), as a clue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TitleLine {
    /// 1-based row.
    pub row: u32,
    /// The row's text, cells joined by spaces.
    pub text: String,
}

/// Finds district names in text.
#[derive(Debug, Clone)]
pub struct DistrictResolver {
    districts: Vec<District>,
    /// Folded tokens of every name and alias, with the district's index.
    spellings: Vec<(Vec<String>, usize)>,
}

impl DistrictResolver {
    /// Builds the resolver from `districts.toml`.
    pub fn new(districts: &[District]) -> Self {
        let spellings = districts
            .iter()
            .enumerate()
            .flat_map(|(index, district)| {
                std::iter::once(&district.name).chain(&district.aliases).map(move |name| (tokens(name), index))
            })
            .collect();
        DistrictResolver { districts: districts.to_vec(), spellings }
    }

    /// The district named in `text`: the longest name found, the earliest on a tie.
    pub fn find(&self, text: &str) -> Option<DistrictName> {
        let words = tokens(text);
        let mut best: Option<(usize, usize, usize)> = None; // (token count, -position, district)
        for (name, district) in &self.spellings {
            if let Some(position) = find_tokens(&words, name) {
                let candidate = (name.len(), usize::MAX - position, *district);
                if best.is_none_or(|current| (candidate.0, candidate.1) > (current.0, current.1)) {
                    best = Some(candidate);
                }
            }
        }
        best.map(|(_, _, index)| self.name_of(index))
    }

    /// The district `text` names as a whole, as a `--district` value must: a name or
    /// alias of `districts.toml` (case, accents and dashes folded), optionally followed by
    /// "stadsdelsnämnd", "stadsdelsförvaltning" or "stadsdelsområde" (the name then also
    /// in the genitive). Unlike [`Self::find`], a name inside a longer text is not taken:
    /// "Hägerstn-Älvsjö" is not Älvsjö.
    pub fn exact(&self, text: &str) -> Option<DistrictName> {
        let mut words = tokens(text);
        let suffixed = words.len() > 1 && words.last().is_some_and(|word| SUFFIXES.contains(&word.as_str()));
        if suffixed {
            words.pop();
        }
        self.spellings
            .iter()
            .find(|(name, _)| {
                name.len() == words.len() && (*name == words || (suffixed && find_tokens(&words, name) == Some(0)))
            })
            .map(|(_, index)| self.name_of(*index))
    }

    /// The district a `--district` value names ([`Self::exact`]); an unknown name is kept
    /// as given.
    pub fn named(&self, text: &str) -> DistrictName {
        self.exact(text).unwrap_or_else(|| {
            let name = crate::text::squash(text).into_owned();
            DistrictName { current: name.clone(), name, known: false }
        })
    }

    /// The district whose name or alias is most like `text` (a misspelt `--district`),
    /// if any is alike ([`closeness`] at least one half); on a tie the one listed first in
    /// `districts.toml` (today's districts before former ones).
    pub fn closest(&self, text: &str) -> Option<&str> {
        let words = tokens(text);
        let mut best: Option<(f64, usize)> = None;
        for (name, index) in &self.spellings {
            let score = closeness(&words, name);
            if score >= 0.5 && best.is_none_or(|(top, _)| score > top) {
                best = Some((score, *index));
            }
        }
        best.map(|(_, index)| self.districts[index].name.as_str())
    }

    /// Every district's name, in the order of `districts.toml`.
    pub fn names(&self) -> Vec<&str> {
        self.districts.iter().map(|district| district.name.as_str()).collect()
    }

    fn name_of(&self, index: usize) -> DistrictName {
        let mut current = &self.districts[index];
        for _ in 0..self.districts.len() {
            let Some(next) =
                current.merged_into.as_ref().and_then(|name| self.districts.iter().find(|d| &d.name == name))
            else {
                break;
            };
            current = next;
        }
        DistrictName { name: self.districts[index].name.clone(), current: current.name.clone(), known: true }
    }
}

/// Words after a district's name that name the district itself (folded).
const SUFFIXES: [&str; 3] = ["stadsdelsnamnd", "stadsdelsforvaltning", "stadsdelsomrade"];

/// How alike two folded names are, 0 to 1: the better of the edit distance of the whole
/// texts ("Hässelby-Vällinby" and "Hässelby-Vällingby") and, when every word of the
/// shorter is nearly a word of the longer ("Enskede" in "Enskede-Årsta-Vantör", "Farsta
/// sdn" and "Farsta"), one half plus up to 0.4 by how alike those words are and how much
/// of the longer they cover.
fn closeness(words: &[String], name: &[String]) -> f64 {
    let whole = strsim::normalized_levenshtein(&words.join(" "), &name.join(" "));
    let (short, long) = if words.len() <= name.len() { (words, name) } else { (name, words) };
    if short.is_empty() {
        return whole;
    }
    let alike: Vec<f64> = short
        .iter()
        .map(|word| long.iter().map(|other| strsim::normalized_levenshtein(word, other)).fold(0.0, f64::max))
        .collect();
    if alike.iter().any(|similarity| *similarity < 0.75) {
        return whole;
    }
    let mean = alike.iter().sum::<f64>() / alike.len() as f64;
    whole.max(0.5 + 0.4 * mean * short.len() as f64 / long.len() as f64)
}

fn tokens(text: &str) -> Vec<String> {
    fold(text).split(' ').filter(|word| !word.is_empty()).map(str::to_string).collect()
}

/// The position of `name` in `words`; the last word may carry a genitive -s.
fn find_tokens(words: &[String], name: &[String]) -> Option<usize> {
    let (last, init) = name.split_last()?;
    (0..words.len().checked_sub(name.len())? + 1).find(|&start| {
        let window = &words[start..start + name.len()];
        window[..init.len()] == *init
            && (window[init.len()] == *last || window[init.len()].strip_suffix('s') == Some(last.as_str()))
    })
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"(?:^|[^0-9])((?:19[5-9]|20[0-9])[0-9])(?:$|[^0-9])"));

/// The first plausible year (1950–2099) standing alone in `text`.
pub fn find_year(text: &str) -> Option<i32> {
    YEAR.captures(text).and_then(|captures| captures.get(1)).and_then(|year| year.as_str().parse().ok())
}

/// What is known about a sheet when its district and year are resolved.
pub struct Clues<'a> {
    /// `--district`, if given.
    pub district_option: Option<&'a str>,
    /// `--year`, if given.
    pub year_option: Option<i32>,
    /// The sheet's own title rows.
    pub sheet_titles: &'a [TitleLine],
    /// The other sheets' names and title rows, in workbook order.
    pub other_sheets: Vec<(&'a str, &'a [TitleLine])>,
    /// The file's path.
    pub path: &'a Path,
}

/// A sheet's district and year, each with its origin; `None` when nothing names it.
pub type Context = (Option<Found<DistrictName>>, Option<Found<i32>>);

/// The district and year of a sheet, each with its origin; `None` when nothing names it.
pub fn resolve(resolver: &DistrictResolver, clues: &Clues<'_>) -> Context {
    let district = match clues.district_option {
        Some(option) => Some(Found { value: resolver.named(option), origin: Origin::Option }),
        None => first_clue(clues, |text| resolver.find(text)),
    };
    let year = match clues.year_option {
        Some(year) => Some(Found { value: year, origin: Origin::Option }),
        None => first_clue(clues, find_year),
    };
    (district, year)
}

/// The first clue, in order of precedence, from which `find` extracts a value.
fn first_clue<T>(clues: &Clues<'_>, find: impl Fn(&str) -> Option<T>) -> Option<Found<T>> {
    let in_titles =
        |titles: &[TitleLine]| titles.iter().find_map(|line| find(&line.text).map(|value| (value, line.row)));
    if let Some((value, row)) = in_titles(clues.sheet_titles) {
        return Some(Found { value, origin: Origin::SheetTitle { row } });
    }
    for (sheet, titles) in &clues.other_sheets {
        if let Some((value, row)) = in_titles(titles) {
            return Some(Found { value, origin: Origin::OtherSheet { sheet: (*sheet).to_string(), row } });
        }
    }
    if let Some(value) = clues.path.file_stem().and_then(|stem| stem.to_str()).and_then(&find) {
        return Some(Found { value, origin: Origin::FileName });
    }
    clues
        .path
        .parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .filter_map(|folder| folder.file_name().and_then(|name| name.to_str()))
        .find_map(|folder| {
            find(folder).map(|value| Found { value, origin: Origin::Folder { folder: folder.to_string() } })
        })
}

#[cfg(test)]
mod tests;
