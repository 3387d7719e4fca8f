//! Unit tests of the parent module.

use super::*;

fn parser() -> &'static ValueParser {
    &crate::rules::tests::embedded().values
}

#[test]
fn scales_in_every_form() {
    let parser = parser();
    let p = |cell| parser.scale(cell, Scale::Probability);
    let k = |cell| parser.scale(cell, Scale::Consequence);
    assert_eq!(p(Cell::Text("4. Sannolikt")), Parsed::Value(4));
    assert_eq!(p(Cell::Text("4")), Parsed::Value(4));
    assert_eq!(p(Cell::Number(4.0)), Parsed::Value(4));
    assert_eq!(p(Cell::Text("Sannolikt")), Parsed::Value(4));
    assert_eq!(p(Cell::Text("Mindre  sannolikt")), Parsed::Value(2));
    assert_eq!(p(Cell::Text("mycket sannolikt")), Parsed::Value(5));
    assert_eq!(k(Cell::Text("5. Mycket allvarig")), Parsed::Value(5));
    assert_eq!(k(Cell::Text("Mycket allvarig")), Parsed::Value(5));
    assert_eq!(k(Cell::Text("Kännbar")), Parsed::Value(3));
    assert_eq!(p(Cell::Text("7")), Parsed::Invalid);
    assert_eq!(k(Cell::Text("Ganska allvarlig")), Parsed::Invalid);
    assert_eq!(p(Cell::Number(3.5)), Parsed::Invalid);
    assert_eq!(p(Cell::Text(" ")), Parsed::Missing);
}

#[test]
fn ikp_marks() {
    let parser = parser();
    for yes in ["Ja", "★", "X", "x", " ja "] {
        assert_eq!(parser.in_ikp(Cell::Text(yes)), Parsed::Value(true), "{yes}");
    }
    for no in ["Nej, endast VoR", "Nej", "", "Nej,\nendast VoR"] {
        assert_eq!(parser.in_ikp(Cell::Text(no)), Parsed::Value(false), "{no}");
    }
    assert_eq!(parser.in_ikp(Cell::Text("Kanske")), Parsed::Invalid);
}

#[test]
fn statuses_wrapped_over_lines() {
    let parser = parser();
    assert_eq!(parser.status(Cell::Text("Försenad/\navvikelse")), Parsed::Value(Status::Forsenad));
    assert_eq!(parser.status(Cell::Text("Försenad\n/avvikelse")), Parsed::Value(Status::Forsenad));
    assert_eq!(parser.status(Cell::Text("Avslutad")), Parsed::Value(Status::Avslutad));
    assert_eq!(parser.status(Cell::Text("Pågår")), Parsed::Value(Status::Pagaende));
    assert_eq!(parser.status(Cell::Text("Vilande")), Parsed::Invalid);
}

#[test]
fn dates_in_every_form() {
    let ymd = |y, m, d| Parsed::Value(NaiveDate::from_ymd_opt(y, m, d).expect("date"));
    assert_eq!(date(Cell::Text("2018-03-28")), ymd(2018, 3, 28));
    assert_eq!(date(Cell::Text("2018-03-28 00:00:00")), ymd(2018, 3, 28));
    assert_eq!(date(Cell::Number(43_465.0)), ymd(2018, 12, 31));
    assert_eq!(date(Cell::Text("31 december 2018")), ymd(2018, 12, 31));
    assert_eq!(date(Cell::Text("15 nov. 2016")), ymd(2016, 11, 15));
    assert_eq!(date(Cell::Text("15/11/2016")), ymd(2016, 11, 15));
    assert_eq!(date(Cell::Text("1 maj 2020")), ymd(2020, 5, 1));
    assert_eq!(date(Cell::Text("2018-02-30")), Parsed::Invalid);
    assert_eq!(date(Cell::Text("hösten 2018")), Parsed::Invalid);
    assert_eq!(date(Cell::Number(12.0)), Parsed::Invalid);
}

#[test]
fn integers() {
    let parser = parser();
    assert_eq!(parser.integer(Cell::Number(12.0)), Parsed::Value(12));
    assert_eq!(parser.integer(Cell::Text(" 12 ")), Parsed::Value(12));
    assert_eq!(parser.integer(Cell::Text("12,0")), Parsed::Value(12));
    assert_eq!(parser.integer(Cell::Text("tolv")), Parsed::Invalid);
}

#[test]
fn compound_risk_cells() {
    let read = |text| compound(text).map(|found| (found.probability, found.consequence, found.risk_value));
    assert_eq!(read("6 (Sannolikhet: 2, Konsekvens: 3)"), Some((Some(2), Some(3), Some(6))));
    assert_eq!(read("3x4=12"), Some((Some(3), Some(4), Some(12))));
    assert_eq!(read("3 × 4 = 12"), Some((Some(3), Some(4), Some(12))));
    assert_eq!(read("12 (S3 K4)"), Some((Some(3), Some(4), Some(12))));
    assert_eq!(read("2 x 4"), Some((Some(2), Some(4), None)));
    assert_eq!(read("S3 x K4 = 12"), Some((Some(3), Some(4), Some(12))));
    assert_eq!(read("12 (3x4)"), Some((Some(3), Some(4), Some(12))));
    assert_eq!(read("Hög"), None);
    assert_eq!(read("12 (se bilaga)"), None);
}
