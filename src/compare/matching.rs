//! The same event across years within one district: rows whose `event_key`s are equal,
//! or similar enough, form one event. Candidates are found through the words keys share,
//! so a district with many thousand events is not compared pair by pair.

use std::collections::{BTreeMap, HashMap};

use crate::classify::event_key::EventKeyer;

/// A word in more keys than this is not used to find candidates (it says little).
const COMMON_WORD: usize = 200;

/// Groups the distinct keys of one district: returns, for each key, its group number
/// (groups numbered in order of their first key).
pub fn group_keys<'k>(keys: &[&'k str], keyer: &EventKeyer) -> HashMap<&'k str, usize> {
    let distinct: Vec<&str> = {
        let mut seen = std::collections::HashSet::new();
        keys.iter().copied().filter(|key| !key.is_empty() && seen.insert(*key)).collect()
    };
    let mut parent: Vec<usize> = (0..distinct.len()).collect();
    let mut by_word: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, key) in distinct.iter().enumerate() {
        let mut words: Vec<&str> = key.split(' ').collect();
        words.sort_unstable();
        words.dedup();
        for word in words {
            by_word.entry(word).or_default().push(index);
        }
    }
    for members in by_word.values().filter(|members| members.len() <= COMMON_WORD) {
        for (position, a) in members.iter().enumerate() {
            for b in &members[position + 1..] {
                if find(&mut parent, *a) != find(&mut parent, *b) && keyer.same(distinct[*a], distinct[*b]) {
                    union(&mut parent, *a, *b);
                }
            }
        }
    }
    let mut numbers: HashMap<usize, usize> = HashMap::new();
    distinct
        .iter()
        .enumerate()
        .map(|(index, key)| {
            let root = find(&mut parent, index);
            let next = numbers.len();
            (*key, *numbers.entry(root).or_insert(next))
        })
        .collect()
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    parent[high] = low;
}

#[cfg(test)]
mod tests;
