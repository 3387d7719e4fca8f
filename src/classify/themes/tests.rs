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
