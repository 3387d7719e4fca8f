//! Unit and property tests of the parent module: the join equals a comparison of every
//! pair.

use proptest::prelude::*;

use super::*;

/// Every pair whose Dice coefficient reaches `threshold`, by comparing every pair.
fn brute_force(keys: &[String], threshold: f64) -> Vec<(u32, u32)> {
    let sets: Vec<std::collections::BTreeSet<&str>> =
        keys.iter().map(|key| key.split(' ').filter(|word| !word.is_empty()).collect()).collect();
    let mut pairs = Vec::new();
    for (a, first) in sets.iter().enumerate() {
        for (b, second) in sets.iter().enumerate().skip(a + 1) {
            if first.is_empty() || second.is_empty() {
                continue;
            }
            let shared = first.intersection(second).count();
            if 2.0 * shared as f64 >= threshold * (first.len() + second.len()) as f64 - 1e-9 {
                pairs.push((a as u32, b as u32));
            }
        }
    }
    pairs
}

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
    let pairs = WordSets::new(keys.iter().map(String::as_str)).similar_pairs(0.75);
    let groups = groups(keys.len(), pairs);
    assert_eq!(groups[0], groups[1]);
    assert_eq!(groups[3], groups[4]);
    assert_ne!(groups[0], groups[2]);
    assert_ne!(groups[2], groups[3]);
}

#[test]
fn the_threshold_is_met_exactly() {
    // 3 shared of 4 and 4 words: Dice 0.75.
    let keys = ["a b c d", "a b c e", "a b f g"];
    assert_eq!(WordSets::new(keys).similar_pairs(0.75), [(0, 1)]);
    assert_eq!(WordSets::new(keys).similar_pairs(0.5), [(0, 1), (0, 2), (1, 2)]);
}

/// Keys drawn from a small shared vocabulary, so that most keys share words.
fn corpus() -> impl Strategy<Value = Vec<String>> {
    let word = prop::sample::select(vec![
        "risk",
        "brist",
        "inkop",
        "avtal",
        "ramavtal",
        "lon",
        "skuld",
        "hot",
        "vald",
        "rutin",
        "kontroll",
        "attest",
        "behorighet",
        "uppfoljning",
    ]);
    prop::collection::vec(prop::collection::vec(word, 0..7).prop_map(|words| words.join(" ")), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The join finds exactly the pairs a comparison of every pair finds, at any threshold.
    #[test]
    fn the_join_equals_brute_force(keys in corpus(), threshold in prop::sample::select(vec![0.5, 0.6, 0.75, 0.8, 0.9, 1.0])) {
        let joined = WordSets::new(keys.iter().map(String::as_str)).similar_pairs(threshold);
        prop_assert_eq!(joined, brute_force(&keys, threshold));
    }

    /// Groups are the transitive closure of the pairs: linked keys share a group, and
    /// keys in one group are linked through a chain of pairs.
    #[test]
    fn groups_are_the_transitive_closure(keys in corpus()) {
        let pairs = brute_force(&keys, 0.75);
        let found = groups(keys.len(), pairs.iter().copied());
        for (a, b) in &pairs {
            prop_assert_eq!(found[*a as usize], found[*b as usize]);
        }
        // Reachability by search from each key.
        for start in 0..keys.len() {
            let mut reached = vec![false; keys.len()];
            let mut stack = vec![start];
            reached[start] = true;
            while let Some(key) = stack.pop() {
                for (a, b) in &pairs {
                    for (from, to) in [(*a as usize, *b as usize), (*b as usize, *a as usize)] {
                        if from == key && !reached[to] {
                            reached[to] = true;
                            stack.push(to);
                        }
                    }
                }
            }
            for other in 0..keys.len() {
                prop_assert_eq!(found[start] == found[other], reached[other]);
            }
        }
    }
}
