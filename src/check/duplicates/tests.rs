//! Unit tests of the parent module.

use super::*;
use crate::detect::context::DistrictName;
use crate::normalise::register::Row;

fn register(file: &str, year: i32, events: &[&str], rv: Option<i16>) -> Register {
    let rows =
        events.iter().map(|event| Row { event_key: Some((*event).into()), risk_value: rv, ..Row::default() }).collect();
    Register {
        location: Location::file(file).with_sheet("VoR"),
        kind: Kind::Vor,
        district: Some(DistrictName { name: "Farsta".into(), current: "Farsta".into(), known: true }),
        year: Some(year),
        rows,
        order: (0, 0, 0),
    }
}

const EVENTS: [&str; 10] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

#[test]
fn a_copy_without_risk_values_is_set_apart_and_the_original_counted() {
    let registers = vec![register("kopia.xlsx", 2020, &EVENTS, None), register("vor.xlsx", 2020, &EVENTS, Some(6))];
    let (kept, copies, issues) = split(registers, 0.9);
    assert_eq!(kept.iter().map(|r| r.location.file.as_str()).collect::<Vec<_>>(), ["vor.xlsx"]);
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].original.file, "vor.xlsx");
    assert!(copies[0].register.rows.iter().all(|row| row.flags.contains(Flag::DuplicateRegister)));
    assert_eq!(issues.len(), 1);
}

#[test]
fn other_years_and_other_events_are_not_copies() {
    let nine_of_ten = &EVENTS[..9];
    let other = ["k", "l", "m", "n", "o", "p", "q", "r", "s", "t"];
    let registers = vec![
        register("a.xlsx", 2020, &EVENTS, Some(6)),
        register("b.xlsx", 2021, &EVENTS, Some(6)),
        register("c.xlsx", 2020, &other, Some(6)),
        register("d.xlsx", 2020, nine_of_ten, Some(6)),
    ];
    let (kept, copies, _) = split(registers, 0.9);
    // d shares 9 of its 9 events with a's 10: Dice 18/19 ≥ 0.9, and a has more rows.
    assert_eq!(copies.iter().map(|copy| copy.register.location.file.as_str()).collect::<Vec<_>>(), ["d.xlsx"]);
    assert_eq!(kept.len(), 3);
}

#[test]
fn of_identical_copies_the_one_without_a_copy_marker_is_counted() {
    for (names, counted) in [
        (["VoR 2020 - Kopia.xlsx", "VoR 2020.xlsx"], "VoR 2020.xlsx"),
        (["a/Kopia av VoR 2020.xlsx", "b/VoR 2020 slutlig.xlsx"], "b/VoR 2020 slutlig.xlsx"),
        (["VoR 2020 (1).xlsx", "VoR 2020 v2.xlsx"], "VoR 2020 v2.xlsx"),
        (["Copy of VoR.xlsx", "VoR 2020 utkast.xlsx"], "VoR 2020 utkast.xlsx"),
        (["VoR 2020 slutlig.xlsx", "VoR 2020.xlsx"], "VoR 2020.xlsx"),
    ] {
        let registers = names.iter().map(|name| register(name, 2020, &EVENTS, Some(6))).collect();
        let (kept, copies, _) = split(registers, 0.9);
        assert_eq!(kept.iter().map(|r| r.location.file.as_str()).collect::<Vec<_>>(), [counted], "{names:?}");
        assert_eq!(copies[0].original.file, counted);
    }
}

#[test]
fn copy_markers() {
    assert!(copy_marked("VoR 2020 - Kopia.xlsx"));
    assert!(copy_marked("VoR 2020 (2).xlsx"));
    assert!(copy_marked("copy_of_vor.csv"));
    assert!(!copy_marked("VoR 2020 (slutlig).xlsx"));
    assert!(!copy_marked("Kopiering av rutiner.xlsx"));
}
