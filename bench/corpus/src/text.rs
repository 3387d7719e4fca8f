//! riskreg's text folding and event keys, as `templates/matching.toml` describes them
//! (src/text.rs `fold`, src/classify/event_key.rs `key` and `similarity`): folded words,
//! stop words dropped, Swedish endings trimmed; Sørensen–Dice over the key words. The
//! generator uses them to make events that are, or are not, the same event by riskreg's rule,
//! and to report the relation it made; `main` checks them against the `event_key`s riskreg
//! wrote into the fixture rows.

use std::collections::HashSet;
use std::path::Path;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Lower case, accents dropped, every run of non-alphanumeric characters one space.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char, folded: &mut String| {
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c, &mut folded);
        } else {
            decompose_compatible(c, |part| {
                if !is_combining_mark(part) {
                    push(part, &mut folded);
                }
            });
        }
    }
    folded
}

/// Endings trimmed from words of six letters or more, longest first.
const ENDINGS: [&str; 11] = ["arna", "erna", "orna", "ande", "ende", "ar", "er", "en", "et", "na", "a"];

fn stem(word: &str) -> &str {
    if word.chars().count() < 6 {
        return word;
    }
    ENDINGS.iter().find_map(|ending| word.strip_suffix(ending).filter(|stem| stem.chars().count() >= 4)).unwrap_or(word)
}

/// The matching rule of `templates/matching.toml`.
pub struct Keyer {
    stop_words: HashSet<String>,
    /// Sørensen–Dice threshold.
    pub similarity: f64,
}

impl Keyer {
    /// Reads `similarity` and `stop_words` from a matching.toml (a small reader for that
    /// file's two settings, so that this crate needs no TOML parser).
    pub fn from_file(path: &Path) -> Result<Keyer, String> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            format!(
                "{}: {err} (riskreg's matching.toml: run from the repository root, or give --matching FILE)",
                path.display()
            )
        })?;
        let mut similarity = None;
        let mut stop_words = HashSet::new();
        let mut in_list = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if let Some(value) = line.strip_prefix("similarity").map(str::trim).and_then(|rest| rest.strip_prefix('='))
            {
                similarity = value.trim().parse::<f64>().ok();
            }
            if line.starts_with("stop_words") {
                in_list = true;
            }
            if in_list {
                for (index, part) in line.split('"').enumerate() {
                    if index % 2 == 1 {
                        stop_words.insert(fold(part));
                    }
                }
                if line.contains(']') {
                    in_list = false;
                }
            }
        }
        let similarity = similarity.ok_or_else(|| format!("{}: no `similarity = …`", path.display()))?;
        if stop_words.is_empty() {
            return Err(format!("{}: no `stop_words = [ … ]`", path.display()));
        }
        Ok(Keyer { stop_words, similarity })
    }

    /// The event key: folded words, stop words dropped, endings trimmed.
    pub fn key(&self, text: &str) -> String {
        fold(text)
            .split(' ')
            .filter(|word| !word.is_empty() && !self.stop_words.contains(*word))
            .map(stem)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Sørensen–Dice similarity of two sorted, deduplicated word-id lists.
pub fn dice(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}
