//! Bytes → every `ValueParser` method, `values::date` and `split_goal`, with the
//! bytes as text (lossy UTF-8), as a number (when the text parses as one, and the first
//! eight bytes as an f64's bits) and as a date (the first four bytes as a day count).
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use riskreg::fuzzing::values::{self, Parsed, Scale, ValueParser};
use riskreg::fuzzing::{split_goal, Cell};
use riskreg::fuzzing::Templates;

fn parser() -> &'static ValueParser {
    static PARSER: OnceLock<ValueParser> = OnceLock::new();
    PARSER.get_or_init(|| match Templates::embedded() {
        Ok(templates) => ValueParser::new(&templates.values, &templates.levels),
        Err(err) => panic!("the embedded templates do not load: {err}"),
    })
}

fn check(parser: &ValueParser, cell: Cell<'_>) {
    for scale in [Scale::Probability, Scale::Consequence] {
        let parsed = parser.scale(cell, scale);
        if let Parsed::Value(value) = parsed {
            assert!((1..=5).contains(&value), "{scale:?} {value} out of 1–5 for {cell:?}");
        }
        if cell.is_blank() {
            assert_eq!(parsed, Parsed::Missing, "a blank cell is missing, not {parsed:?}");
        }
    }
    let integer = parser.integer(cell);
    if let (Parsed::Value(value), Cell::Number(number)) = (integer, cell) {
        assert_eq!(value as f64, number, "integer {value} from {number}");
    }
    let in_ikp = parser.in_ikp(cell);
    if cell.is_blank() {
        assert_eq!(in_ikp, Parsed::Value(false));
    }
    std::hint::black_box(parser.status(cell));
    std::hint::black_box(values::date(cell));
}

fuzz_target!(|data: &[u8]| {
    let parser = parser();
    let text = String::from_utf8_lossy(data);

    check(parser, Cell::Text(&text));
    check(parser, Cell::Text(text.trim()));
    if let Ok(number) = text.trim().parse::<f64>() {
        check(parser, Cell::Number(number));
    }
    if let Ok(number) = text.trim().replace(',', ".").parse::<f64>() {
        check(parser, Cell::Number(number));
    }
    if let Some(bits) = data.get(..8) {
        let bits: [u8; 8] = bits.try_into().unwrap_or_default();
        check(parser, Cell::Number(f64::from_le_bytes(bits)));
    }
    if let Some(bytes) = data.get(..4) {
        let days = i32::from_le_bytes(bytes.try_into().unwrap_or_default());
        if let Some(date) = NaiveDate::from_num_days_from_ce_opt(days) {
            check(parser, Cell::Date(date));
            assert_eq!(values::date(Cell::Date(date)), Parsed::Value(date));
        }
    }
    for cell in [Cell::Empty, Cell::Bool(data.first().is_some_and(|byte| byte & 1 == 1)), Cell::Error] {
        check(parser, cell);
    }

    if let Parsed::Value(date) = values::date(Cell::Text(&text)) {
        std::hint::black_box(date);
    }

    let (id, rest) = split_goal(&text);
    match id {
        Some(id) => {
            assert!(!id.is_empty() && text.contains(id), "goal id {id:?} not in {text:?}");
            assert!(!rest.is_empty() && text.ends_with(rest), "goal text {rest:?} not the end of {text:?}");
        }
        None => assert_eq!(rest, &*text),
    }
});
