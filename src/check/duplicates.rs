//! Registers that copy one another: an analyst's folder holds "VoR 2020.xlsx" and "VoR
//! 2020 - kopia.xlsx", or "v2" beside "slutlig". Two registers of the same district, year
//! and kind are one register when their sets of event keys are at least
//! `duplicate_register` alike (Sørensen–Dice, `matching.toml`); of each group of copies
//! the most complete is counted — more stated risk values (a copy with the RV column
//! emptied is the worse one), then more rows, then the file with more stated values, then
//! the file whose name has no copy marker ("kopia", "copy", "(1)"), then the shorter
//! name, then the first in input order — and the others' rows are flagged
//! `duplicate_register` and set apart.

use std::collections::{BTreeMap, HashMap};

use crate::classify::matching;
use crate::error::Location;
use crate::normalise::quality::{Finding, Issue};
use crate::normalise::register::Register;
use crate::schema::{Flag, Kind};

/// A register set apart as a copy, and the register it copies.
#[derive(Debug, Clone)]
pub struct Duplicate {
    /// The copy, its rows flagged.
    pub register: Register,
    /// The file and sheet of the register counted instead.
    pub original: Location,
}

/// Splits `registers` into those counted and the copies, with one finding per copy.
pub fn split(registers: Vec<Register>, threshold: f64) -> (Vec<Register>, Vec<Duplicate>, Vec<Issue>) {
    let copies = copies(&registers, threshold);
    let mut kept = Vec::with_capacity(registers.len());
    let mut duplicates = Vec::new();
    let originals: Vec<Location> = registers.iter().map(|register| register.location.clone()).collect();
    for (index, mut register) in registers.into_iter().enumerate() {
        match copies.get(&index) {
            Some(&original) => {
                register.rows.iter_mut().for_each(|row| row.flags.insert(Flag::DuplicateRegister));
                duplicates.push(Duplicate { register, original: originals[original].clone() });
            }
            None => kept.push(register),
        }
    }
    let issues = duplicates.iter().map(finding).collect();
    (kept, duplicates, issues)
}

/// The finding of one copy.
fn finding(duplicate: &Duplicate) -> Issue {
    let rows = duplicate.register.rows.len();
    Issue {
        location: duplicate.register.location.clone(),
        field: None,
        value: String::new(),
        finding: Finding::Flag(Flag::DuplicateRegister),
        reason: format!(
            "en kopia av {}: dess {rows} rader flaggas och räknas inte (--keep-duplicates räknar dem)",
            duplicate.original
        ),
    }
}

/// What copies share: today's district, the year and the kind.
type Same<'r> = (Option<&'r str>, Option<i32>, Kind);

/// Each copy's index with the index of the register counted instead.
fn copies(registers: &[Register], threshold: f64) -> BTreeMap<usize, usize> {
    let keys = key_sets(registers);
    let mut groups: BTreeMap<Same<'_>, Vec<usize>> = BTreeMap::new();
    for (index, register) in registers.iter().enumerate().filter(|(index, _)| !keys[*index].is_empty()) {
        groups.entry((register.district_current(), register.year, register.kind)).or_default().push(index);
    }
    let mut copies = BTreeMap::new();
    for members in groups.values().filter(|members| members.len() > 1) {
        let pairs = (0..members.len())
            .flat_map(|a| (a + 1..members.len()).map(move |b| (a, b)))
            .filter(|&(a, b)| matching::dice_at_least(&keys[members[a]], &keys[members[b]], threshold));
        let cluster_of = matching::groups(members.len(), pairs.map(|(a, b)| (a as u32, b as u32)));
        let mut clusters: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (position, cluster) in cluster_of.into_iter().enumerate() {
            clusters.entry(cluster).or_default().push(members[position]);
        }
        for cluster in clusters.values().filter(|cluster| cluster.len() > 1) {
            let Some(&best) = cluster.iter().max_by_key(|&&index| completeness(registers, index)) else {
                continue;
            };
            copies.extend(cluster.iter().filter(|&&index| index != best).map(|&index| (index, best)));
        }
    }
    copies
}

/// Each register's event keys, interned, as an ascending set.
fn key_sets(registers: &[Register]) -> Vec<Vec<u32>> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    registers
        .iter()
        .map(|register| {
            let mut set: Vec<u32> = register
                .rows
                .iter()
                .filter_map(|row| row.event_key.as_deref())
                .map(|key| {
                    let next = ids.len() as u32;
                    *ids.entry(key).or_insert(next)
                })
                .collect();
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect()
}

/// How complete a register is, to keep the best of its copies: stated risk values, then
/// rows, then the stated risk values of its whole file (a copied file's every sheet
/// loses to the original's); between copies alike in these, the file whose name has no
/// copy marker ([`copy_marked`]), then the shorter name, then the earlier.
fn completeness(registers: &[Register], index: usize) -> impl Ord {
    let register = &registers[index];
    let file: usize = registers.iter().filter(|other| other.location.file == register.location.file).map(stated).sum();
    let name = file_name(&register.location.file);
    (
        stated(register),
        register.rows.len(),
        file,
        !copy_marked(name),
        std::cmp::Reverse(name.chars().count()),
        std::cmp::Reverse(index),
    )
}

/// The file name of a path as shown (the last part after a slash or backslash).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Whether a file name says it is a copy: "kopia" or "copy" as a word ("VoR 2020 -
/// Kopia.xlsx", "Kopia av VoR.xlsx", "Copy of VoR.xlsx"), or a number in brackets just
/// before the extension ("VoR 2020 (1).xlsx").
fn copy_marked(name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let words = crate::text::fold(stem);
    let numbered = stem
        .trim_end()
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('('))
        .is_some_and(|(_, number)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()));
    numbered || words.split(' ').any(|word| word == "kopia" || word == "copy")
}

/// The rows whose risk value the register states.
fn stated(register: &Register) -> usize {
    register.rows.iter().filter(|row| row.risk_value.is_some() && !row.flags.contains(Flag::RvComputed)).count()
}

#[cfg(test)]
mod tests;
