//! Unit tests of the parent module.

use super::*;

fn matcher() -> &'static ColumnMatcher {
    &crate::rules::tests::embedded().columns
}

#[test]
fn spellings_of_real_registers_are_recognised() {
    let matcher = matcher();
    let cases = [
        ("KF:s mål för verksamhetsområdet", Field::Goal),
        ("Arbetsätt", Field::Method),
        ("Sannolikhet (1-5)", Field::Probability),
        ("Konsekvens 1-5", Field::Consequence),
        ("Riskvärde", Field::RiskValue),
        ("RV (S x K)", Field::RiskValue),
        ("Med i IKP", Field::InIkp),
        ("Löpande kontroll/\nSystematiska kontroller", Field::Control),
        ("Beskrivning och resultat", Field::Analysis),
        ("Oönskad händelse", Field::Event),
        ("oönskad  händelse:", Field::Event),
    ];
    for (heading, field) in cases {
        assert_eq!(matcher.field(heading).map(|found| found.field), Some(field), "{heading}");
    }
    assert_eq!(matcher.field("Arbetsätt").map(|found| found.how), Some(MatchHow::Exact));
    assert_eq!(matcher.field("Arbettsätt").map(|found| found.how), Some(MatchHow::Fuzzy));
}

#[test]
fn prose_is_not_a_heading() {
    let matcher = matcher();
    for text in [
        "Uppföljning av åtgärder - 2018",
        "Hägersten-Liljeholmens stadsdelsnämnd",
        "5",
        "Mycket sannolikt",
        "Kommentar",
    ] {
        assert_eq!(matcher.field(text).map(|found| found.field), None, "{text}");
    }
}

proptest::proptest! {
    /// The length test never spares a pair of texts alike enough to match.
    #[test]
    fn the_length_test_keeps_every_similar_pair(a in "[a-zåäö ]{5,40}", cut in 0usize..40, extra in "[a-zåäö]{0,6}") {
        let kept: String = a.chars().take(a.chars().count().saturating_sub(cut % 6)).collect();
        let b = kept + &extra;
        if strsim::normalized_levenshtein(&a, &b) >= FUZZY_SIMILARITY {
            proptest::prop_assert!(may_be_similar(a.chars().count(), b.chars().count()));
        }
    }
}
