//! `riskreg themes`: the theme catalogue, or which themes a text has and why.

use std::fmt::Write;
use std::path::Path;

use super::usage::Target;
use super::{print, Common};
use crate::error::{exit, Result};
use crate::write::csv::{self, CsvOptions};

/// Prints the catalogue, writes it as CSV to `output` (one row per pattern: `id`,
/// `label`, `pattern`, `exclude`), or with `explain` prints the themes of that text and
/// the patterns that matched.
///
/// # Errors
/// [`crate::Error::OutputFormat`] unless `output` ends in `.csv`; [`crate::Error::ExcelCsv`]
/// for `options.excel` without an output; [`crate::Error::Template`] when a template is
/// invalid; the output errors of
/// [`super::usage::output`]; write errors.
pub fn run(common: &Common, explain: Option<&str>, output: Option<&Path>, options: CsvOptions) -> Result<u8> {
    if let Some(path) = output {
        if crate::paths::extension(path).as_deref() != Some("csv") {
            return Err(crate::Error::OutputFormat { path: path.to_path_buf(), expected: ".csv" });
        }
    } else if options.excel {
        return Err(crate::Error::ExcelCsv("the catalogue printed".to_string()));
    }
    let rules = common.rules()?;
    if let Some(path) = output {
        super::usage::output(Target::File(path), &Default::default())?;
        let rows: Vec<Vec<String>> = rules
            .themes
            .themes()
            .iter()
            .flat_map(|theme| {
                let patterns = theme.patterns.iter().map(|pattern| (pattern, false));
                patterns.chain(theme.exclude.iter().map(|pattern| (pattern, true))).map(|(pattern, exclude)| {
                    vec![theme.id.clone(), theme.label.clone(), pattern.clone(), exclude.to_string()]
                })
            })
            .collect();
        csv::write_rows(path, &["id", "label", "pattern", "exclude"], &rows, options)?;
        if !common.quiet {
            eprintln!("riskreg: skrev {} ({} teman)", path.display(), rules.themes.themes().len());
        }
        return Ok(exit::CLEAN);
    }
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
