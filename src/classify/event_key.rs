//! `event_key`: an event's text reduced to the words that identify it, so the same
//! oönskad händelse is recognised when a later year words it a little differently.

use crate::templates::Matching;
use crate::text::fold;
use std::collections::HashSet;

/// Endings trimmed from words of six letters or more, longest first, so that
/// "löneskulder"/"löneskuld" and "behörigheter"/"behörighet" share a key.
const ENDINGS: [&str; 11] = ["arna", "erna", "orna", "ande", "ende", "ar", "er", "en", "et", "na", "a"];

/// Reduces event texts to keys and compares keys.
#[derive(Debug)]
pub struct EventKeyer {
    stop_words: HashSet<String>,
    similarity: f64,
    duplicate_register: f64,
}

impl EventKeyer {
    /// Builds the keyer from `matching.toml`.
    pub fn new(matching: &Matching) -> Self {
        EventKeyer {
            stop_words: matching.stop_words.iter().map(|word| fold(word)).collect(),
            similarity: matching.similarity,
            duplicate_register: matching.duplicate_register,
        }
    }

    /// The key of an event text: folded words, stop words dropped, endings trimmed.
    pub fn key(&self, text: &str) -> String {
        fold(text)
            .split(' ')
            .filter(|word| !word.is_empty() && !self.stop_words.contains(*word))
            .map(stem)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The Dice threshold for two keys to be the same event.
    pub fn threshold(&self) -> f64 {
        self.similarity
    }

    /// The Dice threshold for two registers' sets of keys to be copies of one register.
    pub fn duplicate_threshold(&self) -> f64 {
        self.duplicate_register
    }
}

fn stem(word: &str) -> &str {
    if word.chars().count() < 6 {
        return word;
    }
    ENDINGS.iter().find_map(|ending| word.strip_suffix(ending).filter(|stem| stem.chars().count() >= 4)).unwrap_or(word)
}

#[cfg(test)]
mod tests;
