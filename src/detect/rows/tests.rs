//! Unit tests of the parent module.

use super::*;

fn cells(values: &[&'static str]) -> Vec<Cell<'static>> {
    values.iter().map(|value| if value.is_empty() { Cell::Empty } else { Cell::Text(value) }).collect()
}

#[test]
fn summaries_are_counts_not_prose() {
    for summary in ["7 Kritisk 81 Medium 3 Låg Totalt: 91", "Totalt: 91", "Summa 12", "Antal risker: 91"] {
        assert!(is_summary(&cells(&[summary])), "{summary}");
    }
    for prose in [
        "Totalt finns aktuella förändringsplaner i 66 procent",
        "Antal platser för feriejobb motsvarar inte behoven",
        "12",
        "3. Möjlig",
    ] {
        assert!(!is_summary(&cells(&[prose])), "{prose}");
    }
}

#[test]
fn section_headings_set_goal_or_process() {
    assert_eq!(section_heading(&cells(&["Process: Inköp"])), Some((Field::Process, "Inköp")));
    assert_eq!(section_heading(&cells(&["", "Mål: Trygghet"])), Some((Field::Goal, "Trygghet")));
    let goal = "1.2 Stockholm är en trygg stad";
    assert_eq!(section_heading(&cells(&[goal])), Some((Field::Goal, goal)));
    assert_eq!(section_heading(&cells(&["Process: Inköp", "x"])), None);
    assert_eq!(section_heading(&cells(&["Trygghet"])), None);
}

#[test]
fn goal_ids() {
    assert_eq!(split_goal("1.2. Stockholm är en trygg stad"), (Some("1.2"), "Stockholm är en trygg stad"));
    assert_eq!(split_goal("3.5 Hög beredskap"), (Some("3.5"), "Hög beredskap"));
    assert_eq!(split_goal("Mål 3.1. Stockholms ekonomi"), (Some("3.1"), "Stockholms ekonomi"));
    assert_eq!(split_goal("Trygghet"), (None, "Trygghet"));
    assert_eq!(split_goal("2018 års mål"), (None, "2018 års mål"));
}
