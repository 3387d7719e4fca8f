//! Unit tests of the parent module.

use super::*;

fn theme(id: &str, patterns: &[&str], exclude: &[&str]) -> Theme {
    Theme {
        id: id.into(),
        label: id.into(),
        patterns: patterns.iter().map(|p| p.to_string()).collect(),
        exclude: exclude.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn patterns_exclusions_and_order() {
    let set = ThemeSet::new(&[
        theme("loneskulder", &[r"löneskuld"], &[]),
        theme("hot_och_vald", &[r"\bhot\b"], &[r"hotell"]),
    ])
    .expect("set");
    assert_eq!(set.joined(&set.classify(["Löneskulder uppstår"])), "loneskulder");
    assert_eq!(set.joined(&set.classify(["Hot och våld", "LÖNESKULD"])), "hot_och_vald;loneskulder");
    assert!(set.classify(["hot på hotell"]).is_empty());
    assert_eq!(set.explain("Löneskulder uppstår")[0].matched, "Löneskuld");
}

#[test]
fn a_bad_pattern_is_named() {
    let err = ThemeSet::new(&[theme("trasig", &["(oavslutad"], &[])]).expect_err("invalid");
    assert!(err.to_string().contains("trasig"));
}

/// The prefilter only spares work: on texts made of every theme's literals, in every case
/// and among other words, each theme's regexes alone give the same themes.
#[test]
fn the_prefilter_finds_what_every_regex_finds() {
    let templates = crate::templates::Templates::embedded().expect("templates");
    let set = ThemeSet::new(&templates.themes).expect("set");
    let words: Vec<String> = templates
        .themes
        .iter()
        .flat_map(|theme| prefix_literals(theme).expect("literals").unwrap_or_default())
        .map(|literal| String::from_utf8_lossy(&literal).into_owned())
        .collect();
    let mut texts: Vec<String> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let next = &words[(index * 7 + 3) % words.len()];
        texts.push(format!("Risk att {word} inte {next} följs"));
        texts.push(format!("{}{}", word.to_uppercase(), next));
        texts.push(format!("{word}er och {next}na"));
    }
    for text in &texts {
        let folded = base_letters(text);
        let brute: Vec<u16> =
            (0..).zip(&set.matchers).filter(|(_, matcher)| matcher.matches(&folded)).map(|(index, _)| index).collect();
        assert_eq!(set.classify([text.as_str()]), brute, "{text}");
    }
    assert!(texts.iter().filter(|text| !set.classify([text.as_str()]).is_empty()).count() > texts.len() / 2);
}
