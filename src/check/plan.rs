//! The VoR against the internkontrollplan of the same district and year: a risk marked
//! for the plan must be in it, a risk in the plan must not be marked "Nej, endast VoR",
//! and a plan row should name a risk of the VoR. Disagreements are flagged
//! `ikp_inconsistent` on the rows concerned; nothing is changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::classify::event_key::EventKeyer;
use crate::classify::matching::WordSets;
use crate::normalise::quality::{Finding, Issue};
use crate::normalise::register::Register;
use crate::schema::{Field, Flag, Kind};

/// One register row's identity for the check.
struct Entry<'k> {
    register: usize,
    row: usize,
    key: &'k str,
    in_ikp: Option<bool>,
}

/// A district and year's VoR rows and plan rows.
type Group<'k> = (Vec<Entry<'k>>, Vec<Entry<'k>>);

/// Flags the inconsistent rows of `registers` and returns the findings.
pub fn check(registers: &mut [Register], keys: &EventKeyer) -> Vec<Issue> {
    let mut flagged: Vec<(usize, usize, Issue)> = Vec::new();
    for ((district, year), (vor, plan)) in &groups(registers) {
        let matches = Matches::new(vor, plan, keys.threshold());
        let mut planned = vec![false; vor.len()];
        for (position, entry) in plan.iter().enumerate() {
            let risks = matches.risks_of(position);
            risks.iter().for_each(|index| planned[*index] = true);
            if risks.is_empty() {
                let reason =
                    format!("i internkontrollplanen, men ingen risk i VoR för {district} {year} motsvarar den");
                flagged.push((entry.register, entry.row, finding(registers, entry, reason)));
            }
        }
        for (entry, planned) in vor.iter().zip(planned) {
            let reason = match (entry.in_ikp, planned) {
                (Some(true), false) => {
                    format!("markerad för internkontrollplanen, men ingen planrad för {district} {year} tar upp risken")
                }
                (Some(false), true) => {
                    format!("i internkontrollplanen för {district} {year}, men markerad som endast VoR")
                }
                _ => continue,
            };
            flagged.push((entry.register, entry.row, finding(registers, entry, reason)));
        }
    }
    flagged
        .into_iter()
        .map(|(register, row, issue)| {
            registers[register].rows[row].flags.insert(Flag::IkpInconsistent);
            issue
        })
        .collect()
}

/// The VoR and plan rows with an event key, by district and year, where a district and
/// year has both a VoR and a plan.
fn groups(registers: &[Register]) -> BTreeMap<(String, i32), Group<'_>> {
    let with_kind = |kind: Kind| -> BTreeSet<(&str, i32)> {
        registers
            .iter()
            .filter(|register| register.kind == kind)
            .filter_map(|register| Some((register.district_current()?, register.year?)))
            .collect()
    };
    let checked: BTreeSet<(&str, i32)> = with_kind(Kind::Vor).intersection(&with_kind(Kind::Ikp)).copied().collect();
    let mut groups: BTreeMap<(String, i32), Group<'_>> = BTreeMap::new();
    for (index, register) in registers.iter().enumerate() {
        let (Some(district), Some(year)) = (register.district_current(), register.year) else { continue };
        if !checked.contains(&(district, year)) {
            continue;
        }
        let group = groups.entry((district.to_string(), year)).or_default();
        let target = match register.kind {
            Kind::Vor => &mut group.0,
            Kind::Ikp => &mut group.1,
            Kind::Uppfoljning => continue,
        };
        for (row, values) in register.rows.iter().enumerate() {
            if let Some(key) = values.event_key.as_deref().filter(|key| !key.is_empty()) {
                target.push(Entry { register: index, row, key, in_ikp: values.in_ikp });
            }
        }
    }
    groups
}

/// Which VoR risks each plan row names: every risk with the same key, else the one most
/// similar (a plan row words its risk a little differently at times, and names one),
/// found by the set-similarity join of the district-year's keys.
struct Matches {
    /// Per plan row, the VoR rows with its key.
    exact: Vec<Vec<usize>>,
    /// Per plan row, the most similar VoR row within the threshold.
    closest: Vec<Option<usize>>,
}

impl Matches {
    fn new(vor: &[Entry<'_>], plan: &[Entry<'_>], threshold: f64) -> Self {
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, entry) in vor.iter().enumerate() {
            by_key.entry(entry.key).or_default().push(index);
        }
        let exact: Vec<Vec<usize>> =
            plan.iter().map(|entry| by_key.get(entry.key).cloned().unwrap_or_default()).collect();
        // The join over the VoR's keys and the plan's: keys 0..vor.len() are the VoR's.
        let sets = WordSets::new(vor.iter().chain(plan).map(|entry| entry.key));
        let mut closest: Vec<Option<(f64, usize)>> = vec![None; plan.len()];
        for (a, b) in sets.similar_pairs(threshold) {
            let (a, b) = (a as usize, b as usize);
            if a >= vor.len() || b < vor.len() {
                continue;
            }
            let similarity = sets.dice(a as u32, b as u32);
            let best = &mut closest[b - vor.len()];
            if best.is_none_or(|(found, index)| similarity > found || (similarity == found && a < index)) {
                *best = Some((similarity, a));
            }
        }
        Matches { exact, closest: closest.into_iter().map(|best| best.map(|(_, index)| index)).collect() }
    }

    fn risks_of(&self, plan_row: usize) -> Vec<usize> {
        if !self.exact[plan_row].is_empty() {
            return self.exact[plan_row].clone();
        }
        self.closest[plan_row].into_iter().collect()
    }
}

fn finding(registers: &[Register], entry: &Entry<'_>, reason: String) -> Issue {
    let register = &registers[entry.register];
    let row = &register.rows[entry.row];
    let mut location = register.location.clone().with_column("IKP");
    location.row = Some(row.source_row);
    Issue {
        location,
        field: Some(Field::InIkp),
        value: row.event.as_deref().unwrap_or_default().to_string(),
        finding: Finding::Flag(Flag::IkpInconsistent),
        reason,
    }
}
