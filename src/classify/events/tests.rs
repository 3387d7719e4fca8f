//! Unit tests of the parent module.

use super::*;
use crate::detect::context::DistrictName;
use crate::error::Location;
use crate::normalise::register::Row;
use crate::schema::Kind;

/// A register of `district` and `year` whose rows have these event keys.
fn register(district: &str, year: i32, kind: Kind, keys: &[&str]) -> Register {
    let rows = keys.iter().map(|key| Row { event_key: Some((*key).into()), ..Row::default() }).collect();
    let district = DistrictName { name: district.into(), current: district.into(), known: true };
    Register { location: Location::file("f"), kind, district: Some(district), year: Some(year), rows, order: (0, 0, 0) }
}

fn ids(register: &Register) -> Vec<Option<u32>> {
    register.rows.iter().map(|row| row.event_id).collect()
}

#[test]
fn the_same_event_shares_an_id_across_years_and_registers_of_one_district() {
    let mut registers = vec![
        register("Farsta", 2019, Kind::Vor, &["inkop utanfor ramavtal", "loneskuld uppstar"]),
        register("Farsta", 2020, Kind::Uppfoljning, &["inkop gors utanfor ramavtal", "hot vald"]),
        register("Bromma", 2020, Kind::Vor, &["loneskuld uppstar"]),
    ];
    let city = link(&mut registers, 0.75);
    assert_eq!(ids(&registers[0]), [Some(0), Some(1)]);
    // "inkop gors utanfor ramavtal" has Dice 2·3/(3+4) ≈ 0.86 with the first key.
    assert_eq!(ids(&registers[1]), [Some(0), Some(2)]);
    assert_eq!(ids(&registers[2]), [Some(0)]);
    // Bromma's löneskuld and Farsta's are one event of the city.
    assert_eq!(city.group(Some("Bromma"), 0), city.group(Some("Farsta"), 1));
    assert_ne!(city.group(Some("Bromma"), 0), city.group(Some("Farsta"), 0));
}

#[test]
fn rows_without_a_key_have_no_event() {
    let mut registers = vec![register("Farsta", 2019, Kind::Vor, &["", "loneskuld"])];
    link(&mut registers, 0.75);
    assert_eq!(ids(&registers[0]), [None, Some(0)]);
}

#[test]
fn two_alike_rows_of_one_register_are_two_events_but_each_links_to_its_twin_in_another_year() {
    let mut registers = vec![
        register("Farsta", 2019, Kind::Vor, &["inkop utanfor ramavtal", "inkop gors utanfor ramavtal"]),
        register("Farsta", 2020, Kind::Vor, &["inkop utanfor ramavtal"]),
    ];
    link(&mut registers, 0.75);
    // Dice ≈ 0.86 links the two keys, but one register lists each of its events once.
    assert_eq!(ids(&registers[0]), [Some(0), Some(1)]);
    assert_eq!(ids(&registers[1]), [Some(0)]);
}
