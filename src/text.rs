//! Small text helpers every stage shares: folding for comparisons, whitespace
//! normalisation for values, column letters for messages.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

/// Folds text for comparison: lower case, accents dropped (å→a, ä→a, ö→o, é→e), every
/// run of non-alphanumeric characters one space, trimmed. "KF:s mål" → "kf s mal".
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
            unicode_normalization::char::decompose_compatible(c, |part| {
                if !is_combining_mark(part) {
                    push(part, &mut folded);
                }
            });
        }
    }
    folded
}

/// Text with accented Latin letters replaced by their base letter (å→a, Ö→O, é→e), one
/// character for one, everything else kept. Swedish text becomes ASCII, which the regex
/// engine's fast automaton can match with Unicode word boundaries.
pub fn base_letters(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(base_letter).collect())
}

/// The lower-case base letter of one character, as [`fold`] gives it ('Ö' → 'o').
pub fn base_letters_of_char(c: char) -> char {
    let base = base_letter(c);
    base.to_lowercase().next().unwrap_or(base)
}

fn base_letter(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut base = None;
    let mut parts = 0;
    unicode_normalization::char::decompose_canonical(c, |part| {
        if !is_combining_mark(part) {
            base = Some(part);
            parts += 1;
        }
    });
    match base {
        Some(base) if parts == 1 && base.is_ascii() => base,
        _ => c,
    }
}

/// Whitespace-normalises a one-line value: trimmed, every run of whitespace (line breaks,
/// tabs, no-break spaces) and control characters one space.
pub fn squash(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_matches(is_space);
    let mut previous_space = false;
    let clean = trimmed.chars().all(|c| {
        let ok = if c == ' ' { !previous_space } else { !is_space(c) };
        previous_space = c == ' ';
        ok
    });
    if clean {
        return Cow::Borrowed(trimmed);
    }
    let mut squashed = String::with_capacity(trimmed.len());
    for word in trimmed.split(is_space).filter(|word| !word.is_empty()) {
        if !squashed.is_empty() {
            squashed.push(' ');
        }
        squashed.push_str(word);
    }
    Cow::Owned(squashed)
}

/// Normalises a prose value, keeping its paragraphs: line ends unified, each line
/// squashed, runs of empty lines one empty line, trimmed.
pub fn tidy(text: &str) -> Cow<'_, str> {
    let lines: Vec<Cow<'_, str>> =
        text.trim_matches(is_space).split('\n').map(|line| squash(line.trim_end_matches('\r'))).collect();
    if lines.len() == 1 {
        return lines.into_iter().next().unwrap_or_default();
    }
    let mut tidied = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in &lines {
        if line.is_empty() {
            blank_run = true;
            continue;
        }
        if !tidied.is_empty() {
            tidied.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        blank_run = false;
        tidied.push_str(line);
    }
    Cow::Owned(tidied)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// A name as a slug for files and ids: folded, words joined by `-` ("Hägersten-Älvsjö" →
/// "hagersten-alvsjo").
pub fn slug(name: &str) -> String {
    fold(name).replace(' ', "-")
}

/// The spreadsheet letter of a 0-based column: 0 → "A", 27 → "AB".
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|b| *b as char).collect()
}

/// Compiles one of riskreg's own constant patterns (never user input; each is exercised
/// by the unit tests, so a typo fails the build's tests, not a user's run).
#[allow(clippy::expect_used)]
pub fn constant_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("riskreg's constant patterns are valid")
}

/// Shortens text for a message, on a character boundary.
pub fn excerpt(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

#[cfg(test)]
mod tests;

/// Ascending line numbers as ranges: `[10, 11, 12, 13, 40]` → "10–13, 40".
pub fn line_ranges(lines: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &line in lines {
        match ranges.last_mut() {
            Some((_, last)) if line == *last + 1 => *last = line,
            _ => ranges.push((line, line)),
        }
    }
    let shown: Vec<String> = ranges
        .iter()
        .map(|(first, last)| if first == last { first.to_string() } else { format!("{first}–{last}") })
        .collect();
    shown.join(", ")
}

/// Text with its control characters (an escape sequence in a sheet name) written as
/// `\u{1b}`, for a terminal.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}
