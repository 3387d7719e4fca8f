//! The same event: an exact set-similarity join of event keys (AllPairs with prefix
//! filtering, Bayardo, Ma and Srikant 2007; the size filter of PPJoin, Xiao et al. 2008).
//!
//! Two keys name the same event when the Sørensen–Dice coefficient of their word sets is
//! at least the threshold of `matching.toml`: 2·|x ∩ y| / (|x| + |y|) ≥ t. Words are
//! interned once and ordered by rarity, each key kept as a sorted list of word ranks; a
//! pair can only reach the threshold if the rarest words of both share one, so each key
//! is compared only with the keys its rarest words lead to, and only when their sizes
//! allow it. The result is exactly the pairs a comparison of every pair would find —
//! however many words the keys share, the common words are never followed.

use std::collections::HashMap;

/// Keys as word sets, ready to be joined.
pub struct WordSets {
    /// Each key's words as ranks (rarest first), ascending.
    sets: Vec<Vec<u32>>,
    /// Distinct words.
    words: usize,
}

impl WordSets {
    /// The word sets of `keys` (words separated by single spaces, as `event_key` has them).
    pub fn new<'k>(keys: impl IntoIterator<Item = &'k str>) -> Self {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut frequency: Vec<u32> = Vec::new();
        let sets: Vec<Vec<u32>> = keys
            .into_iter()
            .map(|key| {
                let mut set: Vec<u32> = key
                    .split(' ')
                    .filter(|word| !word.is_empty())
                    .map(|word| {
                        let next = ids.len() as u32;
                        *ids.entry(word).or_insert(next)
                    })
                    .collect();
                set.sort_unstable();
                set.dedup();
                for word in &set {
                    if *word as usize == frequency.len() {
                        frequency.push(0);
                    }
                    frequency[*word as usize] += 1;
                }
                set
            })
            .collect();
        // Rank words by how few keys have them (ties by first appearance).
        let mut order: Vec<u32> = (0..frequency.len() as u32).collect();
        order.sort_by_key(|word| (frequency[*word as usize], *word));
        let mut rank = vec![0u32; frequency.len()];
        for (position, word) in order.iter().enumerate() {
            rank[*word as usize] = position as u32;
        }
        let sets = sets
            .into_iter()
            .map(|set| {
                let mut ranked: Vec<u32> = set.iter().map(|word| rank[*word as usize]).collect();
                ranked.sort_unstable();
                ranked
            })
            .collect();
        WordSets { sets, words: frequency.len() }
    }

    /// The Dice coefficient of two keys (indices into the keys given).
    pub fn dice(&self, a: u32, b: u32) -> f64 {
        let (a, b) = (&self.sets[a as usize], &self.sets[b as usize]);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let shared = a.iter().filter(|word| b.binary_search(word).is_ok()).count();
        2.0 * shared as f64 / (a.len() + b.len()) as f64
    }

    /// Every pair of keys (indices into the keys given, the smaller first) whose Dice
    /// coefficient is at least `threshold` (0 < threshold ≤ 1).
    ///
    /// Keys are taken in order of size. Each key's rarest words (its probing prefix) are
    /// looked up in an index of the smaller keys' rarest words (their indexing prefix,
    /// shorter: a larger key needs an overlap of at least t·|y| with a key y), where the
    /// keys too small to reach the threshold are dropped from the front of each list for
    /// good; a candidate's overlap is counted as it is met, and dropped once the words
    /// left on either side cannot make it up (the positional filter). What is left is
    /// verified by merging the two word lists.
    pub fn similar_pairs(&self, threshold: f64) -> Vec<(u32, u32)> {
        let mut by_size: Vec<u32> =
            (0..self.sets.len() as u32).filter(|key| !self.sets[*key as usize].is_empty()).collect();
        by_size.sort_by_key(|key| self.sets[*key as usize].len());
        // Per word: the keys indexed under it, with the word's position in each.
        let mut index: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.words];
        let mut start: Vec<usize> = vec![0; self.words];
        // Per key: the overlap counted so far with the key being probed, or PRUNED.
        let mut overlap: Vec<i32> = vec![0; self.sets.len()];
        let mut candidates: Vec<u32> = Vec::new();
        let mut pairs = Vec::new();
        for &key in &by_size {
            let set = &self.sets[key as usize];
            let smallest = min_size(set.len(), threshold);
            for (position, word) in set[..prefix_length(set.len(), threshold)].iter().enumerate() {
                let postings = &index[*word as usize];
                let first = &mut start[*word as usize];
                while *first < postings.len() && self.sets[postings[*first].0 as usize].len() < smallest {
                    *first += 1;
                }
                for &(other, other_position) in &postings[*first..] {
                    let counted = &mut overlap[other as usize];
                    if *counted == PRUNED {
                        continue;
                    }
                    let other_len = self.sets[other as usize].len();
                    let needed = required_overlap(set.len(), other_len, threshold) as i32;
                    let rest = (set.len() - position - 1).min(other_len - other_position as usize - 1) as i32;
                    if *counted + 1 + rest >= needed {
                        if *counted == 0 {
                            candidates.push(other);
                        }
                        *counted += 1;
                    } else {
                        if *counted == 0 {
                            candidates.push(other);
                        }
                        *counted = PRUNED;
                    }
                }
            }
            for other in candidates.drain(..) {
                if overlap[other as usize] != PRUNED && dice_at_least(set, &self.sets[other as usize], threshold) {
                    pairs.push((key.min(other), key.max(other)));
                }
                overlap[other as usize] = 0;
            }
            let indexed =
                (set.len() + 1).saturating_sub(ceil_at_least_one(threshold * set.len() as f64)).clamp(1, set.len());
            for (position, word) in set[..indexed].iter().enumerate() {
                index[*word as usize].push((key, position as u32));
            }
        }
        pairs.sort_unstable();
        pairs
    }
}

/// An overlap counter's mark for a candidate the positional filter ruled out.
const PRUNED: i32 = i32::MIN;

/// ⌈x⌉, at least 1, with a margin for rounding in `x`.
fn ceil_at_least_one(x: f64) -> usize {
    (x - 1e-9).ceil().max(1.0) as usize
}

/// The overlap two keys of these sizes need: ⌈t·(|x| + |y|) / 2⌉.
fn required_overlap(a: usize, b: usize, threshold: f64) -> usize {
    (threshold * (a + b) as f64 / 2.0 - 1e-9).ceil().max(0.0) as usize
}

/// Words of a set of `size` that a key within the threshold must share at least one of:
/// a pair needs an overlap of at least ⌈t·|x| / (2 − t)⌉, so among the `size − overlap + 1`
/// rarest words of each set there is a common one.
fn prefix_length(size: usize, threshold: f64) -> usize {
    (size + 1).saturating_sub(min_size(size, threshold)).clamp(1, size)
}

/// The smallest set size that can reach the threshold with a set of `size`:
/// ⌈t·|x| / (2 − t)⌉, which is also the least overlap such a pair needs.
fn min_size(size: usize, threshold: f64) -> usize {
    ceil_at_least_one(threshold * size as f64 / (2.0 - threshold))
}

/// Whether 2·|a ∩ b| ≥ t·(|a| + |b|), for ascending sets; stops as soon as the rest of
/// either set cannot make up the overlap needed.
pub fn dice_at_least(a: &[u32], b: &[u32], threshold: f64) -> bool {
    let needed = required_overlap(a.len(), b.len(), threshold);
    let (mut i, mut j, mut overlap) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if overlap + (a.len() - i).min(b.len() - j) < needed {
            return false;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                overlap += 1;
                i += 1;
                j += 1;
            }
        }
    }
    overlap >= needed
}

/// Groups of `count` items linked by `pairs`, as a group number per item (numbered in
/// the order of each group's first item): the transitive closure of the pairs.
pub fn groups(count: usize, pairs: impl IntoIterator<Item = (u32, u32)>) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..count as u32).collect();
    for (a, b) in pairs {
        let (a, b) = (find(&mut parent, a), find(&mut parent, b));
        if a != b {
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    let mut numbers: HashMap<u32, u32> = HashMap::new();
    (0..count as u32)
        .map(|item| {
            let root = find(&mut parent, item);
            let next = numbers.len() as u32;
            *numbers.entry(root).or_insert(next)
        })
        .collect()
}

fn find(parent: &mut [u32], mut node: u32) -> u32 {
    while parent[node as usize] != node {
        parent[node as usize] = parent[parent[node as usize] as usize];
        node = parent[node as usize];
    }
    node
}

#[cfg(test)]
mod tests;
