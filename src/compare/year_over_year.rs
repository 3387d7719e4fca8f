//! Year over year: for each district (under today's name, so merged districts line up)
//! and each event of its VoRs, the risk value in each year and how it changed since the
//! district's previous VoR year.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::matching::group_keys;
use crate::classify::event_key::EventKeyer;
use crate::normalise::register::{Register, Row};
use crate::schema::{Kind, Themes};

/// How an event's risk changed from one VoR year to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ChangeKind {
    /// New this year.
    #[serde(rename = "ny")]
    New,
    /// Gone this year.
    #[serde(rename = "borttagen")]
    Removed,
    /// Higher RV.
    #[serde(rename = "höjd")]
    Raised,
    /// Lower RV.
    #[serde(rename = "sänkt")]
    Lowered,
    /// Same RV.
    #[serde(rename = "oförändrad")]
    Unchanged,
}

impl ChangeKind {
    /// The Swedish word.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "ny",
            ChangeKind::Removed => "borttagen",
            ChangeKind::Raised => "höjd",
            ChangeKind::Lowered => "sänkt",
            ChangeKind::Unchanged => "oförändrad",
        }
    }
}

/// One event of one district between two consecutive VoR years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Today's district.
    pub district_current: String,
    /// The event, as worded in the later year (or the earlier, if removed).
    pub event: String,
    /// The event's themes.
    pub themes: Themes,
    /// The earlier year.
    pub previous_year: i32,
    /// The later year.
    pub year: i32,
    /// RV in the earlier year (the highest, if the event occurs more than once).
    pub previous_risk_value: Option<i16>,
    /// RV in the later year.
    pub risk_value: Option<i16>,
    /// The change.
    pub change: ChangeKind,
    /// In the plan in the earlier year.
    pub previous_in_ikp: Option<bool>,
    /// In the plan in the later year.
    pub in_ikp: Option<bool>,
}

impl Change {
    /// "in i IKP", "ur IKP" or nothing.
    pub fn ikp_change(&self) -> Option<&'static str> {
        match (self.previous_in_ikp, self.in_ikp) {
            (Some(false), Some(true)) => Some("in i IKP"),
            (Some(true), Some(false)) => Some("ur IKP"),
            _ => None,
        }
    }
}

/// An event in one year.
#[derive(Debug, Clone)]
struct Sighting {
    event: String,
    themes: Themes,
    risk_value: Option<i16>,
    in_ikp: Option<bool>,
}

/// The changes of every district, ordered by district, year, change and event.
pub fn changes(registers: &[Register], keyer: &EventKeyer) -> Vec<Change> {
    let mut by_district: BTreeMap<&str, Vec<(i32, &Row)>> = BTreeMap::new();
    for register in registers.iter().filter(|register| register.kind == Kind::Vor) {
        let (Some(district), Some(year)) = (register.district_current(), register.year) else { continue };
        let keyed = register.rows.iter().filter(|row| row.event_key.as_deref().is_some_and(|key| !key.is_empty()));
        by_district.entry(district).or_default().extend(keyed.map(|row| (year, row)));
    }
    let mut changes = Vec::new();
    for (district, rows) in by_district {
        let keys: Vec<&str> = rows.iter().filter_map(|(_, row)| row.event_key.as_deref()).collect();
        let groups = group_keys(&keys, keyer);
        let mut years: BTreeMap<i32, BTreeMap<usize, Sighting>> = BTreeMap::new();
        for (year, row) in rows {
            let Some(group) = row.event_key.as_deref().and_then(|key| groups.get(key)) else { continue };
            let sighting = years.entry(year).or_default().entry(*group).or_insert_with(|| Sighting {
                event: row.event.as_deref().unwrap_or_default().to_string(),
                themes: row.themes.clone(),
                risk_value: None,
                in_ikp: None,
            });
            sighting.risk_value = sighting.risk_value.max(row.risk_value);
            sighting.in_ikp = match (sighting.in_ikp, row.in_ikp) {
                (Some(a), Some(b)) => Some(a || b),
                (a, b) => a.or(b),
            };
        }
        let years: Vec<(i32, BTreeMap<usize, Sighting>)> = years.into_iter().collect();
        for pair in years.windows(2) {
            let ((previous_year, before), (year, after)) = (&pair[0], &pair[1]);
            let groups: BTreeSet<usize> = before.keys().chain(after.keys()).copied().collect();
            for group in groups {
                let (old, new) = (before.get(&group), after.get(&group));
                let Some(latest) = new.or(old) else { continue };
                let change = match (old, new) {
                    (None, Some(_)) => ChangeKind::New,
                    (Some(_), None) => ChangeKind::Removed,
                    (Some(old), Some(new)) => match new.risk_value.cmp(&old.risk_value) {
                        std::cmp::Ordering::Greater => ChangeKind::Raised,
                        std::cmp::Ordering::Less => ChangeKind::Lowered,
                        std::cmp::Ordering::Equal => ChangeKind::Unchanged,
                    },
                    (None, None) => continue,
                };
                changes.push(Change {
                    district_current: district.to_string(),
                    event: latest.event.clone(),
                    themes: latest.themes.clone(),
                    previous_year: *previous_year,
                    year: *year,
                    previous_risk_value: old.and_then(|sighting| sighting.risk_value),
                    risk_value: new.and_then(|sighting| sighting.risk_value),
                    change,
                    previous_in_ikp: old.and_then(|sighting| sighting.in_ikp),
                    in_ikp: new.and_then(|sighting| sighting.in_ikp),
                });
            }
        }
    }
    changes.sort_by(|a, b| {
        (&a.district_current, a.year, a.change, &a.event).cmp(&(&b.district_current, b.year, b.change, &b.event))
    });
    changes
}
