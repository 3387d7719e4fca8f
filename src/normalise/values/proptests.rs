//! Property tests of the parent module.

use proptest::prelude::*;

use super::*;
use crate::templates::Templates;

fn templates() -> &'static Templates {
    &crate::rules::tests::embedded().templates
}

const MONTH_NAMES: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

fn dates() -> impl Strategy<Value = NaiveDate> {
    (1950i32..2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("valid"))
}

proptest! {
    /// What the standard template writes reads back as the value written.
    #[test]
    fn scale_values_round_trip(value in 1i8..=5) {
        let templates = templates();
        let parser = &crate::rules::tests::embedded().values;
        for (scale, steps) in [(Scale::Probability, &templates.values.probability), (Scale::Consequence, &templates.values.consequence)] {
            let label = &steps.iter().find(|step| step.value as i8 == value).expect("step").label;
            prop_assert_eq!(parser.scale(Cell::Text(&format!("{value}. {label}")), scale), Parsed::Value(value));
            prop_assert_eq!(parser.scale(Cell::Text(label), scale), Parsed::Value(value));
            prop_assert_eq!(parser.scale(Cell::Number(f64::from(value)), scale), Parsed::Value(value));
        }
    }

    #[test]
    fn dates_round_trip(date in dates()) {
        prop_assert_eq!(super::date(Cell::Text(&date.to_string())), Parsed::Value(date));
        let words = format!("{} {} {}", date.day(), MONTH_NAMES[date.month0() as usize], date.year());
        prop_assert_eq!(super::date(Cell::Text(&words)), Parsed::Value(date));
        let serial = (date - NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch")).num_days() as f64;
        prop_assert_eq!(super::date(Cell::Number(serial)), Parsed::Value(date));
    }

    #[test]
    fn statuses_and_ikp_marks_round_trip(index in 0usize..4, yes in any::<bool>()) {
        let templates = templates();
        let parser = &crate::rules::tests::embedded().values;
        let status = Status::ALL[index];
        prop_assert_eq!(parser.status(Cell::Text(templates.values.status_label(status))), Parsed::Value(status));
        let mark = if yes { &templates.values.in_ikp.yes_label } else { &templates.values.in_ikp.no_label };
        prop_assert_eq!(parser.in_ikp(Cell::Text(mark)), Parsed::Value(yes));
    }

    /// No text makes a parser panic.
    #[test]
    fn parsers_take_any_text(text in "\\PC{0,40}") {
        let parser = &crate::rules::tests::embedded().values;
        let _ = parser.scale(Cell::Text(&text), Scale::Probability);
        let _ = parser.integer(Cell::Text(&text));
        let _ = parser.in_ikp(Cell::Text(&text));
        let _ = parser.status(Cell::Text(&text));
        let _ = super::date(Cell::Text(&text));
    }
}
