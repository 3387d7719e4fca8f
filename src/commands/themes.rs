//! `riskreg themes`: the theme catalogue, or which themes a text has and why.

use std::fmt::Write;

use super::{print, Common};
use crate::error::{exit, Result};

/// Prints the catalogue, or with `explain` the themes of that text and the patterns
/// that matched.
///
/// # Errors
/// [`crate::Error::Template`] when a template is invalid.
pub fn run(common: &Common, explain: Option<&str>) -> Result<u8> {
    let rules = common.rules()?;
    let mut out = String::new();
    match explain {
        None => {
            for theme in rules.themes.themes() {
                let _ = writeln!(out, "{:<28} {}", theme.id, theme.label);
                for pattern in &theme.patterns {
                    let _ = writeln!(out, "{:<28}   {pattern}", "");
                }
                for pattern in &theme.exclude {
                    let _ = writeln!(out, "{:<28}   not: {pattern}", "");
                }
            }
            let _ = writeln!(out, "{} themes", rules.themes.themes().len());
        }
        Some(text) => {
            let explanations = rules.themes.explain(text);
            if explanations.is_empty() {
                let _ = writeln!(out, "no theme matches");
            }
            let mut previous = None;
            for explanation in &explanations {
                if previous != Some(&explanation.id) {
                    let _ = writeln!(out, "{:<28} {}", explanation.id, explanation.label);
                    previous = Some(&explanation.id);
                }
                let _ = writeln!(out, "{:<28}   '{}' matched \"{}\"", "", explanation.pattern, explanation.matched);
            }
        }
    }
    print(&out);
    Ok(exit::CLEAN)
}
