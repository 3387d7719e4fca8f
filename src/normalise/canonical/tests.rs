//! Unit tests of the parent module.

use super::*;

fn header() -> Vec<Cell<'static>> {
    COLUMNS.iter().map(|info| Cell::Text(info.name)).collect()
}

fn cells<'a>(values: &[(&str, Cell<'a>)]) -> Vec<Cell<'a>> {
    COLUMNS
        .iter()
        .map(|info| values.iter().find(|(name, _)| *name == info.name).map_or(Cell::Empty, |(_, cell)| *cell))
        .collect()
}

#[test]
fn only_a_header_of_canonical_names_is_one() {
    let location = Location::file("alla.csv");
    assert!(CanonicalReader::from_header(&header(), &location, true).is_some());
    let mut other = header();
    other[3] = Cell::Text("Sannolikhet");
    assert!(CanonicalReader::from_header(&other, &location, true).is_none());
    assert!(CanonicalReader::from_header(&header()[..5], &location, true).is_none());
}

#[test]
fn values_flags_and_registers_come_back() {
    let location = Location::file("alla.csv");
    let mut reader = CanonicalReader::from_header(&header(), &location, true).expect("canonical");
    let mut accounting = Accounting::default();
    let first = cells(&[
        ("district", Cell::Text("Farsta")),
        ("year", Cell::Text("2021")),
        ("kind", Cell::Text("vor")),
        ("event", Cell::Text("'=Löneskulder")),
        ("probability", Cell::Text("3")),
        ("consequence", Cell::Text("4")),
        ("risk_value", Cell::Text("9")),
        ("flags", Cell::Text("rv_mismatch;probability_invalid;ikp_inconsistent")),
        ("source_file", Cell::Text("vor.xlsx")),
        ("source_row", Cell::Text("7")),
    ]);
    reader.row(1, &first, &mut accounting);
    let second = cells(&[("kind", Cell::Text("ikp")), ("source_file", Cell::Text("vor.xlsx"))]);
    reader.row(2, &second, &mut accounting);
    reader.row(3, &cells(&[("kind", Cell::Text("register"))]), &mut accounting);
    assert_eq!((accounting.kept, accounting.rejected), (2, 1));
    assert_eq!(reader.registers.len(), 2);
    let row = &reader.registers[0].rows[0];
    assert_eq!(row.event.as_deref(), Some("=Löneskulder"));
    assert_eq!((row.probability, row.consequence, row.risk_value, row.source_row), (Some(3), Some(4), Some(9), 7));
    // RV 9 against 3 × 4 is recomputed; the sannolikhet is filled in; the plan check
    // flags again what it finds.
    assert_eq!(row.flags.joined(), "rv_mismatch");
    assert_eq!(reader.registers[0].district.as_ref().map(|d| d.current.as_str()), Some("Farsta"));
    assert_eq!(reader.registers[1].rows[0].flags.joined(), "event_missing");
}
