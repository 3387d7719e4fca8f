//! Unit tests of the parent module.

use super::*;

#[test]
fn equal_and_similar_keys_share_a_group() {
    let keyer = &crate::rules::tests::embedded().keys;
    let texts = [
        "Att inköp görs utanför ramavtal",
        "Inköp görs utanför ramavtal.",
        "Löneskulder uppstår",
        "Försörjningsstödtagare får inte insatser som leder till egen försörjning.",
        "Försörjningsstödstagare får inte insatser som leder till egen försörjning.",
    ];
    let keys: Vec<String> = texts.iter().map(|text| keyer.key(text)).collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let groups = group_keys(&refs, keyer);
    assert_eq!(groups[refs[0]], groups[refs[1]]);
    assert_eq!(groups[refs[3]], groups[refs[4]]);
    assert_ne!(groups[refs[0]], groups[refs[2]]);
    assert_ne!(groups[refs[2]], groups[refs[3]]);
}
