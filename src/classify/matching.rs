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
    pub fn similar_pairs(&self, threshold: f64) -> Vec<(u32, u32)> {
        let mut by_size: Vec<u32> =
            (0..self.sets.len() as u32).filter(|key| !self.sets[*key as usize].is_empty()).collect();
        by_size.sort_by_key(|key| self.sets[*key as usize].len());
        let mut index: Vec<Vec<u32>> = vec![Vec::new(); self.words];
        let mut seen: Vec<u32> = vec![u32::MAX; self.sets.len()];
        let mut pairs = Vec::new();
        for (stamp, &key) in by_size.iter().enumerate() {
            let set = &self.sets[key as usize];
            let prefix = prefix_length(set.len(), threshold);
            let smallest = min_size(set.len(), threshold);
            for word in &set[..prefix] {
                for &other in &index[*word as usize] {
                    if seen[other as usize] == stamp as u32 {
                        continue;
                    }
                    seen[other as usize] = stamp as u32;
                    let other_set = &self.sets[other as usize];
                    if other_set.len() >= smallest && dice_at_least(set, other_set, threshold) {
                        pairs.push((key.min(other), key.max(other)));
                    }
                }
            }
            for word in &set[..prefix] {
                index[*word as usize].push(key);
            }
        }
        pairs.sort_unstable();
        pairs
    }
}

/// Words of a set of `size` that a key within the threshold must share at least one of:
/// a pair needs an overlap of at least ⌈t·|x| / (2 − t)⌉, so among the `size − overlap + 1`
/// rarest words of each set there is a common one.
fn prefix_length(size: usize, threshold: f64) -> usize {
    let overlap = (threshold * size as f64 / (2.0 - threshold) - 1e-9).ceil().max(1.0) as usize;
    (size + 1).saturating_sub(overlap).clamp(1, size)
}

/// The smallest set size that can reach the threshold with a set of `size`.
fn min_size(size: usize, threshold: f64) -> usize {
    (threshold * size as f64 / (2.0 - threshold) - 1e-9).ceil().max(1.0) as usize
}

/// Whether 2·|a ∩ b| ≥ t·(|a| + |b|), for ascending sets; stops as soon as the rest of
/// either set cannot make up the overlap needed.
pub fn dice_at_least(a: &[u32], b: &[u32], threshold: f64) -> bool {
    let needed = (threshold * (a.len() + b.len()) as f64 / 2.0 - 1e-9).ceil().max(0.0) as usize;
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
