//! Unit tests of the parent module.

use super::*;

fn keyer() -> &'static EventKeyer {
    &crate::rules::tests::embedded().keys
}

#[test]
fn keys_ignore_case_punctuation_stop_words_and_endings() {
    let keyer = keyer();
    assert_eq!(keyer.key("Att inköp görs utanför ramavtal"), keyer.key("Inköp görs utanför ramavtal."));
    assert_eq!(keyer.key("Löneskulder uppstår"), keyer.key("löneskuld uppstår"));
    assert_eq!(
        keyer.key("Felaktiga behörigheter ligger kvar i system och används"),
        "felaktig behorighet ligg kvar system anvands"
    );
}

#[test]
fn similar_wordings_are_the_same_event() {
    let keyer = keyer();
    let a = keyer.key("Försörjningsstödtagare får inte insatser som leder till egen försörjning.");
    let b = keyer.key("Försörjningsstödstagare får inte insatser som leder till egen försörjning.");
    let same = |a: &str, b: &str| {
        !crate::classify::matching::WordSets::new([a, b]).similar_pairs(keyer.threshold()).is_empty()
    };
    assert!(same(&a, &b));
    assert!(!same(&keyer.key("Sekretessbrott"), &keyer.key("Personuppgiftsincident")));
}
