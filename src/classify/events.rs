//! Which rows are the same event (DESIGN §5): rows of one district — today's, so that
//! merged districts line up — whose event keys are equal or similar enough (see
//! [`super::matching`]) share an `event_id`, across years and across VoR, plan and
//! follow-up; the same join across districts groups the city's recurring events. Event
//! numbers follow the order of the batch, so the same inputs give the same ids.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::matching::{groups, WordSets};
use crate::normalise::register::Register;
use crate::schema::Text;

/// The city-wide view of the events: for each district (today's name; `None` when
/// unknown), the city-wide group of each of its events, by event number.
#[derive(Debug, Default)]
pub struct CityEvents {
    /// District → city group per event number.
    pub groups: BTreeMap<Option<String>, Vec<u32>>,
}

impl CityEvents {
    /// The city-wide group of an event of a district.
    pub fn group(&self, district: Option<&str>, event: u32) -> Option<u32> {
        self.groups.get(&district.map(str::to_string))?.get(event as usize).copied()
    }
}

/// Sets every keyed row's `event_id` (its event's number within its district) and
/// returns the city-wide groups of the events; `threshold` is the Dice threshold.
pub fn link(registers: &mut [Register], threshold: f64) -> CityEvents {
    // Distinct keys, and each district's keys in the order they first appear.
    let mut key_ids: HashMap<Text, u32> = HashMap::new();
    let mut keys: Vec<Text> = Vec::new();
    let mut districts: BTreeMap<Option<String>, (Vec<u32>, HashSet<u32>)> = BTreeMap::new();
    // Per key, the registers it is in, ascending.
    let mut in_registers: Vec<Vec<u32>> = Vec::new();
    for (index, register) in registers.iter().enumerate() {
        let district = districts.entry(register.district_current().map(str::to_string)).or_default();
        for key in register.rows.iter().filter_map(|row| row.event_key.as_ref()).filter(|key| !key.is_empty()) {
            let id = *key_ids.entry(key.clone()).or_insert_with(|| {
                keys.push(key.clone());
                in_registers.push(Vec::new());
                keys.len() as u32 - 1
            });
            let seen = &mut in_registers[id as usize];
            if seen.last() != Some(&(index as u32)) {
                seen.push(index as u32);
            }
            if district.1.insert(id) {
                district.0.push(id);
            }
        }
    }
    // Two different keys of one register are two of its events, however alike their
    // words: a register lists each event once.
    let mut pairs = WordSets::new(keys.iter().map(|key| key.as_ref())).similar_pairs(threshold);
    pairs.retain(|(a, b)| !share_one(&in_registers[*a as usize], &in_registers[*b as usize]));

    // Each district's events: its keys linked by the pairs of keys both of which it has.
    let mut local: Vec<HashMap<u32, u32>> = Vec::new();
    let mut in_districts: Vec<Vec<usize>> = vec![Vec::new(); keys.len()];
    for (index, (order, _)) in districts.values().enumerate() {
        local.push(order.iter().enumerate().map(|(position, key)| (*key, position as u32)).collect());
        order.iter().for_each(|key| in_districts[*key as usize].push(index));
    }
    let mut local_pairs: Vec<Vec<(u32, u32)>> = vec![Vec::new(); districts.len()];
    for (a, b) in &pairs {
        for district in in_districts[*a as usize].iter().filter(|district| in_districts[*b as usize].contains(district))
        {
            local_pairs[*district].push((local[*district][a], local[*district][b]));
        }
    }
    let events: Vec<Vec<u32>> =
        districts.values().zip(local_pairs).map(|((order, _), pairs)| groups(order.len(), pairs)).collect();

    let names: Vec<Option<String>> = districts.keys().cloned().collect();
    for register in registers.iter_mut() {
        let district = names.binary_search(&register.district_current().map(str::to_string)).unwrap_or_default();
        for row in &mut register.rows {
            let key = row.event_key.as_ref().and_then(|key| key_ids.get(key));
            row.event_id =
                key.and_then(|key| local[district].get(key)).map(|position| events[district][*position as usize]);
        }
    }

    let city = groups(keys.len(), pairs);
    let mut city_events = CityEvents::default();
    for (index, (name, (order, _))) in districts.into_iter().enumerate() {
        let count = events[index].iter().max().map_or(0, |last| *last as usize + 1);
        let mut of_event = vec![0; count];
        for (position, key) in order.iter().enumerate() {
            of_event[events[index][position] as usize] = city[*key as usize];
        }
        city_events.groups.insert(name, of_event);
    }
    city_events
}

#[cfg(test)]
mod tests;

/// Whether two ascending lists share an element.
fn share_one(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}
