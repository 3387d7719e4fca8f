//! The theme catalogue compiled: per theme, one regex for the union of its patterns and
//! one for its exclusions; a text has the theme when the first matches and the second
//! does not.
//!
//! A text is not tried against every theme. The literals any match of a theme's patterns
//! starts with (regex-syntax's prefix extraction) go into one Aho–Corasick automaton over
//! all themes: one pass over the text names the themes worth trying, and only their
//! regexes run (the multi-pattern prefilter of Navarro and Raffinot, *Flexible Pattern
//! Matching in Strings*, §6). A theme whose patterns have no finite prefix set is always
//! tried.

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
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
/// know its letters, and the regex automata are small and fast.
#[derive(Debug)]
pub struct ThemeSet {
    themes: Vec<ThemeInfo>,
    matchers: Vec<ThemeMatcher>,
    prefilter: Prefilter,
}

/// One theme's patterns as one regex, and its exclusions as another.
///
/// A regex per theme rather than one `RegexSet` of every pattern: each regex finds its
/// texts through a literal prefilter ("budget", "löneskuld"), where the set's overlapping
/// search over some 300 patterns spends its time building automaton states.
#[derive(Debug)]
struct ThemeMatcher {
    any: Regex,
    exclude: Option<Regex>,
}

impl ThemeMatcher {
    fn new(theme: &Theme) -> Result<ThemeMatcher> {
        let exclude = if theme.exclude.is_empty() { None } else { Some(union(&theme.id, &theme.exclude)?) };
        Ok(ThemeMatcher { any: union(&theme.id, &theme.patterns)?, exclude })
    }

    /// Whether the (folded) text has the theme.
    fn matches(&self, folded: &str) -> bool {
        self.any.is_match(folded) && !self.exclude.as_ref().is_some_and(|exclude| exclude.is_match(folded))
    }
}

/// Regex size limit: a theme's union of patterns.
const SIZE_LIMIT: usize = 16 << 20;

impl ThemeSet {
    /// Compiles the catalogue; themes are ordered by id.
    ///
    /// # Errors
    /// [`Error::Template`] naming the theme and pattern that is not a valid regex.
    pub fn new(themes: &[Theme]) -> Result<ThemeSet> {
        let mut themes: Vec<&Theme> = themes.iter().collect();
        themes.sort_by(|a, b| a.id.cmp(&b.id));
        let prefilter = Prefilter::new(&themes)?;
        Ok(ThemeSet {
            prefilter,
            themes: themes
                .iter()
                .map(|theme| ThemeInfo {
                    id: theme.id.clone(),
                    label: theme.label.clone(),
                    patterns: theme.patterns.clone(),
                    exclude: theme.exclude.clone(),
                })
                .collect(),
            // Compiling is most of riskreg's start-up: one regex per core at a time.
            matchers: themes.par_iter().map(|theme| ThemeMatcher::new(theme)).collect::<Result<_>>()?,
        })
    }

    /// The themes, ordered by id.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// The themes (indices into [`themes`](Self::themes), ascending) that any of `texts` has.
    pub fn classify<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<u16> {
        let mut found = vec![false; self.themes.len()];
        let mut candidates = vec![false; self.themes.len()];
        for text in texts {
            let text = base_letters(text);
            self.prefilter.candidates(&text, &mut candidates);
            for ((hit, candidate), matcher) in found.iter_mut().zip(&candidates).zip(&self.matchers) {
                *hit = *hit || (*candidate && matcher.matches(&text));
            }
        }
        (0..).zip(&found).filter(|(_, hit)| **hit).map(|(index, _)| index).collect()
    }

    /// The `;`-joined ids of theme indices.
    pub fn joined(&self, themes: &[u16]) -> String {
        themes.iter().map(|index| self.themes[usize::from(*index)].id.as_str()).collect::<Vec<_>>().join(";")
    }

    /// The Swedish labels of theme indices, `; `-joined.
    pub fn labels(&self, themes: &[u16]) -> String {
        themes.iter().map(|index| self.themes[usize::from(*index)].label.as_str()).collect::<Vec<_>>().join("; ")
    }

    /// Which themes a text has, and by which pattern.
    pub fn explain(&self, text: &str) -> Vec<Explanation> {
        let mut explanations: Vec<Explanation> = Vec::new();
        for index in self.classify([text]) {
            let theme = &self.themes[usize::from(index)];
            let folded = base_letters(text);
            for pattern in &theme.patterns {
                let Ok(regex) = builder(&base_letters(pattern)).build() else { continue };
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
    regex_syntax::ParserBuilder::new().case_insensitive(true).unicode(false).build().parse(&folded).map_err(|err| {
        Error::Template {
            file: "themes.toml".into(),
            message: format!("theme '{theme}': pattern '{pattern}' is not a valid regex: {err}"),
        }
    })?;
    Ok(folded)
}

/// The themes worth trying on a text: those with a prefix literal in it, and those
/// without a finite set of prefix literals.
#[derive(Debug)]
struct Prefilter {
    /// Every theme's prefix literals, lower-case, matched ignoring ASCII case (the regexes
    /// fold no other case: they are compiled without Unicode).
    literals: AhoCorasick,
    /// The theme of each literal.
    theme_of: Vec<usize>,
    /// Themes tried on every text.
    always: Vec<bool>,
}

/// Most prefix literals a theme may have before it is tried on every text instead.
const MAX_LITERALS: usize = 250;

impl Prefilter {
    fn new(themes: &[&Theme]) -> Result<Prefilter> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut theme_of = Vec::new();
        let mut always = Vec::new();
        for (index, theme) in themes.iter().enumerate() {
            let found = prefix_literals(theme)?;
            always.push(found.is_none());
            for literal in found.into_iter().flatten() {
                literals.push(literal);
                theme_of.push(index);
            }
        }
        let literals = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&literals)
            .map_err(|err| Error::Template { file: "themes.toml".into(), message: err.to_string() })?;
        Ok(Prefilter { literals, theme_of, always })
    }

    /// Sets `candidates[theme]` for the themes worth trying on the (folded) `text`.
    fn candidates(&self, text: &str, candidates: &mut [bool]) {
        candidates.copy_from_slice(&self.always);
        for found in self.literals.find_overlapping_iter(text) {
            candidates[self.theme_of[found.pattern().as_usize()]] = true;
        }
    }
}

/// The literals every match of a theme's patterns starts with, lower-case; `None` when
/// there is no finite, non-empty set of them (a pattern that may start anywhere with
/// anything).
fn prefix_literals(theme: &Theme) -> Result<Option<Vec<Vec<u8>>>> {
    let mut all = Vec::new();
    for pattern in &theme.patterns {
        // Case-sensitive literals, lower-cased: every case-insensitive match starts with
        // an ASCII-case variant of one of them.
        let folded = compilable(&theme.id, pattern)?;
        let Ok(hir) = regex_syntax::ParserBuilder::new().unicode(false).build().parse(&folded) else {
            return Ok(None);
        };
        let mut extractor = Extractor::new();
        extractor.kind(ExtractKind::Prefix);
        let found = extractor.extract(&hir);
        let Some(literals) = found.literals() else { return Ok(None) };
        if literals.iter().any(|literal| literal.as_bytes().is_empty()) {
            return Ok(None);
        }
        all.extend(literals.iter().map(|literal| literal.as_bytes().to_ascii_lowercase()));
    }
    all.sort_unstable();
    all.dedup();
    Ok((all.len() <= MAX_LITERALS).then_some(all))
}

/// The builder every theme regex is compiled with.
fn builder(pattern: &str) -> RegexBuilder {
    let mut builder = RegexBuilder::new(pattern);
    builder.case_insensitive(true).unicode(false).size_limit(SIZE_LIMIT).dfa_size_limit(SIZE_LIMIT);
    builder
}

/// A theme's patterns as one regex that matches where any of them does.
fn union(theme: &str, patterns: &[String]) -> Result<Regex> {
    let folded = patterns
        .iter()
        .map(|pattern| compilable(theme, pattern).map(|pattern| format!("(?:{pattern})")))
        .collect::<Result<Vec<_>>>()?;
    builder(&folded.join("|"))
        .build()
        .map_err(|err| Error::Template { file: "themes.toml".into(), message: format!("theme '{theme}': {err}") })
}

#[cfg(test)]
mod tests;
