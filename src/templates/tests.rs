//! Unit tests of the parent module.

use super::*;

#[test]
fn embedded_templates_are_valid() {
    let templates = Templates::embedded().expect("embedded templates");
    assert_eq!(templates.levels.len(), 3);
    assert_eq!(templates.level_of(12).map(|level| level.name.as_str()), Some("Kritisk"));
    assert_eq!(templates.level_of(3).map(|level| level.name.as_str()), Some("Låg"));
    assert!(templates.themes.len() >= 25);
}

#[test]
fn gaps_in_levels_are_refused() {
    let level = |name: &str, min, max| Level { name: name.into(), min, max, color: String::new(), chart_color: None };
    assert!(validate_levels(&[level("a", 1, 3), level("b", 5, 25)]).is_err());
    assert!(validate_levels(&[level("a", 1, 3), level("b", 4, 25)]).is_ok());
}

#[test]
fn circular_mergers_are_refused() {
    let district = |name: &str, into: &str| District {
        name: name.into(),
        aliases: vec![],
        until: None,
        merged_into: Some(into.into()),
    };
    assert!(validate_districts(&[district("a", "b"), district("b", "a")]).is_err());
}
