//! The theme catalogue compiled into one `RegexSet`: a text is matched against every
//! pattern of every theme in a single pass.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use regex::{RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::templates::Theme;
use crate::text::base_letters;

/// A theme's id and label.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeInfo {
    /// The id.
    pub id: String,
    /// The Swedish label.
    pub label: String,
    /// The patterns, as written.
    pub patterns: Vec<String>,
    /// The exclusion patterns, as written.
    pub exclude: Vec<String>,
}

/// Why a text has a theme.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The theme's id.
    pub id: String,
    /// The theme's label.
    pub label: String,
    /// The pattern that matched.
    pub pattern: String,
    /// The text it matched.
    pub matched: String,
}

/// The compiled catalogue. Texts and patterns are matched with their accents folded
/// (å→a, Ö→O, é→e) and without Unicode classes: Swedish text is then ASCII, `\w` and `\b`
/// know its letters, and the regex automaton is small and fast.
#[derive(Debug)]
pub struct ThemeSet {
    themes: Vec<ThemeInfo>,
    patterns: RegexSet,
    pattern_theme: Vec<usize>,
    excludes: RegexSet,
    exclude_theme: Vec<usize>,
    /// The themes of every text classified so far: registers repeat their texts (a risk
    /// year after year, a process over its rows), so most are classified once per run.
    known: Mutex<HashMap<String, Arc<[usize]>>>,
}

/// Regex size limit: the catalogue is large and Unicode case-insensitive.
const SIZE_LIMIT: usize = 64 << 20;

impl ThemeSet {
    /// Compiles the catalogue; themes are ordered by id.
    ///
    /// # Errors
    /// [`Error::Template`] naming the theme and pattern that is not a valid regex.
    pub fn new(themes: &[Theme]) -> Result<ThemeSet> {
        let mut themes: Vec<&Theme> = themes.iter().collect();
        themes.sort_by(|a, b| a.id.cmp(&b.id));
        let mut patterns = Vec::new();
        let mut pattern_theme = Vec::new();
        let mut excludes = Vec::new();
        let mut exclude_theme = Vec::new();
        for (index, theme) in themes.iter().enumerate() {
            for pattern in &theme.patterns {
                patterns.push(compilable(&theme.id, pattern)?);
                pattern_theme.push(index);
            }
            for pattern in &theme.exclude {
                excludes.push(compilable(&theme.id, pattern)?);
                exclude_theme.push(index);
            }
        }
        Ok(ThemeSet {
            themes: themes
                .iter()
                .map(|theme| ThemeInfo { id: theme.id.clone(), label: theme.label.clone(), patterns: theme.patterns.clone(), exclude: theme.exclude.clone() })
                .collect(),
            patterns: build_set(&patterns)?,
            pattern_theme,
            excludes: build_set(&excludes)?,
            exclude_theme,
            known: Mutex::new(HashMap::new()),
        })
    }

    /// The themes, ordered by id.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// The themes (indices into [`themes`](Self::themes), ascending) of one text,
    /// remembered for the next time the same text comes.
    pub fn classify_text(&self, text: &str) -> Arc<[usize]> {
        let lookup = |known: &HashMap<String, Arc<[usize]>>| known.get(text).cloned();
        if let Some(found) = self.known.lock().ok().and_then(|known| lookup(&known)) {
            return found;
        }
        let found: Arc<[usize]> = self.classify([text]).into();
        if let Ok(mut known) = self.known.lock() {
            known.insert(text.to_string(), Arc::clone(&found));
        }
        found
    }

    /// The themes (indices into [`themes`](Self::themes), ascending) that any of `texts` has.
    pub fn classify<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<usize> {
        let mut found = vec![false; self.themes.len()];
        for text in texts {
            let text = base_letters(text);
            let excluded: Vec<usize> = self.excludes.matches(&text).iter().map(|index| self.exclude_theme[index]).collect();
            for index in self.patterns.matches(&text).iter() {
                let theme = self.pattern_theme[index];
                found[theme] |= !excluded.contains(&theme);
            }
        }
        found.iter().enumerate().filter(|(_, hit)| **hit).map(|(index, _)| index).collect()
    }

    /// The `;`-joined ids of theme indices.
    pub fn joined(&self, themes: &[usize]) -> String {
        themes.iter().map(|index| self.themes[*index].id.as_str()).collect::<Vec<_>>().join(";")
    }

    /// Which themes a text has, and by which pattern.
    pub fn explain(&self, text: &str) -> Vec<Explanation> {
        let mut explanations: Vec<Explanation> = Vec::new();
        for index in self.classify([text]) {
            let theme = &self.themes[index];
            let folded = base_letters(text);
            for pattern in &theme.patterns {
                let Ok(regex) = RegexBuilder::new(&base_letters(pattern)).case_insensitive(true).unicode(false).build() else { continue };
                if let Some(found) = regex.find(&folded) {
                    // One character for one: the match's characters are the original's.
                    let start = folded[..found.start()].chars().count();
                    let length = found.as_str().chars().count();
                    explanations.push(Explanation {
                        id: theme.id.clone(),
                        label: theme.label.clone(),
                        pattern: pattern.clone(),
                        matched: text.chars().skip(start).take(length).collect(),
                    });
                }
            }
        }
        explanations
    }
}

/// The pattern as it is matched: accents folded like the texts (see [`base_letters`]),
/// after checking its syntax (parsing is enough, and much cheaper than compiling).
fn compilable(theme: &str, pattern: &str) -> Result<String> {
    let folded = base_letters(pattern).into_owned();
    regex_syntax::ParserBuilder::new().case_insensitive(true).unicode(false).build().parse(&folded).map_err(|err| Error::Template {
        file: "themes.toml".into(),
        message: format!("theme '{theme}': pattern '{pattern}' is not a valid regex: {err}"),
    })?;
    Ok(folded)
}

fn build_set(patterns: &[String]) -> Result<RegexSet> {
    RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .unicode(false)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|err| Error::Template { file: "themes.toml".into(), message: err.to_string() })
}

#[cfg(test)]
mod tests;
