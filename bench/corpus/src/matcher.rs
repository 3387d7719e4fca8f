//! riskreg's "same event" relation (DESIGN.md section 5: event keys of one district whose
//! Sørensen–Dice over key words is at least the threshold), found exactly and incrementally
//! with a prefix-filtered word index, and its transitive closure (union-find). The generator
//! asks it, before it writes an event, which earlier events the event would be the same as,
//! so that new events are new and a rewording is the same event as its predecessor or not by
//! riskreg's own rule; and it reports the relation it made, the ground truth riskreg's
//! `event_id`s must reproduce.
//!
//! Prefix filtering: Dice(A, B) ≥ t implies |A ∩ B| ≥ α(A) = ⌈t|A| / (2 − t)⌉ (and the same
//! for B), so with the words of every key in one fixed order, the first |A| − α(A) + 1 words
//! of A and the first |B| − α(B) + 1 words of B share a word. Only those prefix words are
//! indexed and probed; every candidate is then verified with riskreg's formula. The order puts
//! the rarest words first (frequencies from a sample of the vocabulary), which keeps the
//! candidates few; any fixed order would be exact.

use std::collections::HashMap;

use crate::text::dice;

/// Word ids and their fixed order.
pub struct Words {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    /// Frequency of each word id in the sample (0 for words the sample lacked).
    frequency: Vec<u32>,
}

impl Words {
    pub fn new() -> Self {
        Words { ids: HashMap::new(), names: Vec::new(), frequency: Vec::new() }
    }

    fn id(&mut self, word: &str) -> u32 {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.names.push(word.to_string());
        self.frequency.push(0);
        id
    }

    /// The word of an id.
    pub fn name(&self, id: u32) -> String {
        self.names[id as usize].clone()
    }

    /// Counts a sample key's words (before any key is indexed).
    pub fn sample(&mut self, key: &str) {
        let mut words = self.words(key);
        words.dedup();
        for id in words {
            self.frequency[id as usize] += 1;
        }
    }

    /// The key's word ids, sorted and deduplicated.
    pub fn words(&mut self, key: &str) -> Vec<u32> {
        let mut words: Vec<u32> = key.split(' ').filter(|word| !word.is_empty()).map(|word| self.id(word)).collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    /// The prefix of a key's words that the index holds: rarest first.
    fn prefix(&self, words: &[u32], threshold: f64) -> Vec<u32> {
        let mut ordered = words.to_vec();
        ordered.sort_unstable_by_key(|id| (self.frequency[*id as usize], *id));
        let need = ((threshold * words.len() as f64 / (2.0 - threshold)) - 1e-6).ceil().max(1.0) as usize;
        ordered.truncate(words.len() + 1 - need.min(words.len()));
        ordered
    }
}

/// The distinct keys of one district_current, the relation among them, its closure.
pub struct Matcher {
    pub threshold: f64,
    keys: Vec<Box<[u32]>>,
    index_of: HashMap<String, u32>,
    /// The lineage (event as generated) each key was first made for.
    pub lineage: Vec<u32>,
    postings: HashMap<u32, Vec<u32>>,
    stamp: Vec<u32>,
    probe: u32,
    parent: Vec<u32>,
    /// Pairs of keys with Dice ≥ threshold (equal keys are one key).
    pub edges: u64,
    /// Candidates verified, over all probes.
    pub verified: u64,
    /// The years (bit i: the i-th year of the corpus) each key was written in.
    pub seen: Vec<u32>,
}

impl Matcher {
    pub fn new(threshold: f64) -> Self {
        Matcher {
            threshold,
            keys: Vec::new(),
            index_of: HashMap::new(),
            lineage: Vec::new(),
            postings: HashMap::new(),
            stamp: Vec::new(),
            probe: 0,
            parent: Vec::new(),
            edges: 0,
            verified: 0,
            seen: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn key_words(&self, index: u32) -> &[u32] {
        &self.keys[index as usize]
    }

    pub fn find_key(&self, key: &str) -> Option<u32> {
        self.index_of.get(key).copied()
    }

    /// Every indexed key that is the same event as a key of these words.
    pub fn matches(&mut self, words: &Words, key_words: &[u32]) -> Vec<u32> {
        self.probe += 1;
        let mut found = Vec::new();
        for word in words.prefix(key_words, self.threshold) {
            let Some(posting) = self.postings.get(&word) else { continue };
            for &other in posting {
                if self.stamp[other as usize] == self.probe {
                    continue;
                }
                self.stamp[other as usize] = self.probe;
                self.verified += 1;
                if dice(key_words, &self.keys[other as usize]) >= self.threshold {
                    found.push(other);
                }
            }
        }
        found
    }

    /// Adds a key (unless it is there) with the matches `matches` gave for it; returns its index.
    pub fn insert(&mut self, words: &Words, key: &str, key_words: Vec<u32>, lineage: u32, matches: &[u32]) -> u32 {
        if let Some(index) = self.index_of.get(key) {
            return *index;
        }
        let index = self.keys.len() as u32;
        for word in words.prefix(&key_words, self.threshold) {
            self.postings.entry(word).or_default().push(index);
        }
        self.keys.push(key_words.into_boxed_slice());
        self.index_of.insert(key.to_string(), index);
        self.lineage.push(lineage);
        self.stamp.push(0);
        self.parent.push(index);
        self.seen.push(0);
        for &other in matches {
            self.edges += 1;
            self.union(index, other);
        }
        index
    }

    fn find(&mut self, mut node: u32) -> u32 {
        while self.parent[node as usize] != node {
            let grand = self.parent[self.parent[node as usize] as usize];
            self.parent[node as usize] = grand;
            node = grand;
        }
        node
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        let (low, high) = if a < b { (a, b) } else { (b, a) };
        self.parent[high as usize] = low;
    }

    /// The groups of the closure: their number and the largest's size.
    pub fn groups(&mut self) -> (usize, usize) {
        let mut sizes: HashMap<u32, usize> = HashMap::new();
        for index in 0..self.keys.len() as u32 {
            *sizes.entry(self.find(index)).or_default() += 1;
        }
        (sizes.len(), sizes.values().copied().max().unwrap_or(0))
    }

    /// What riskreg's År mot år should count, by the rule: per event (group), the years it
    /// was seen; `ny` when first seen after the first year, `borttagen` when seen in a year
    /// and not the next, `åter` when seen again after a gap.
    pub fn year_changes(&mut self, years: usize) -> (usize, usize, usize) {
        let mut seen: HashMap<u32, u32> = HashMap::new();
        for index in 0..self.keys.len() as u32 {
            let group = self.find(index);
            *seen.entry(group).or_default() |= self.seen[index as usize];
        }
        let (mut new, mut gone, mut back) = (0, 0, 0);
        for mask in seen.values() {
            let first = mask.trailing_zeros() as usize;
            if first > 0 && first < years {
                new += 1;
            }
            for year in first + 1..years {
                let (before, now) = (mask >> (year - 1) & 1 == 1, mask >> year & 1 == 1);
                if before && !now {
                    gone += 1;
                }
                if !before && now {
                    back += 1;
                }
            }
        }
        (new, gone, back)
    }

    /// The group of each key.
    pub fn group_of(&mut self) -> Vec<u32> {
        (0..self.keys.len() as u32).map(|index| self.find(index)).collect()
    }

    /// How many keys hold each word.
    pub fn document_frequency(&self) -> HashMap<u32, usize> {
        let mut frequency = HashMap::new();
        for key in &self.keys {
            for word in key.iter() {
                *frequency.entry(*word).or_default() += 1;
            }
        }
        frequency
    }

    /// Pairs of distinct keys sharing at least one word (all pairs compared: small sets only).
    pub fn pairs_sharing_a_word(&self) -> Option<(u64, u64)> {
        let n = self.keys.len();
        if n > 20_000 {
            return None;
        }
        let mut sharing = 0u64;
        for a in 0..n {
            for b in a + 1..n {
                if dice(&self.keys[a], &self.keys[b]) > 0.0 {
                    sharing += 1;
                }
            }
        }
        Some((sharing, (n as u64) * (n as u64 - 1) / 2))
    }
}
