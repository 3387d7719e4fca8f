//! Unit tests of the parent module.

use super::*;

#[test]
fn folding_drops_case_accents_and_punctuation() {
    assert_eq!(fold("KF:s mål för verksamhetsområdet"), "kf s mal for verksamhetsomradet");
    assert_eq!(fold("  Sannolikhet (1-5) "), "sannolikhet 1 5");
    assert_eq!(fold("Försenad/\navvikelse"), "forsenad avvikelse");
    assert_eq!(fold("Enskede–Årsta–Vantörs"), "enskede arsta vantors");
}

#[test]
fn base_letters_keep_one_character_for_one() {
    assert_eq!(base_letters("Löneskuld, åtgärd, ÖVERSIKT, café"), "Loneskuld, atgard, OVERSIKT, cafe");
    assert_eq!(base_letters("★ – ß"), "★ – ß");
    assert!(matches!(base_letters("ascii"), Cow::Borrowed("ascii")));
}

#[test]
fn squash_joins_wrapped_lines() {
    assert_eq!(squash("  Löneskuld,\n sent  eller\tfelaktigt "), "Löneskuld, sent eller felaktigt");
    assert!(matches!(squash("redan ren"), Cow::Borrowed("redan ren")));
    assert_eq!(squash("a\u{a0}b\u{7}c"), "a b c");
}

#[test]
fn tidy_keeps_paragraphs() {
    assert_eq!(
        tidy("VB:\r\nStickprov  har gjorts.\n\n\n\nT2: inga  fel. "),
        "VB:\nStickprov har gjorts.\n\nT2: inga fel."
    );
}

#[test]
fn column_letters() {
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(8), "I");
    assert_eq!(column_letter(26), "AA");
    assert_eq!(column_letter(16_383), "XFD");
}
