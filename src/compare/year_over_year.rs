//! År mot år (DESIGN §5): for each district (today's name, so merged districts line up)
//! and each of its events, every year the event was seen — in which registers, with
//! which RV, in the plan or not, with which kontrollaktivitet and follow-up status — and
//! what changed since it was last seen. Years need not be consecutive: an event absent
//! from a year of the district's registers is `borttagen` that year, and `åter` when it
//! comes back.

use std::collections::{BTreeMap, BTreeSet};

use crate::normalise::register::Register;
use crate::schema::{Kind, Status, Themes};

/// How an event changed since it was last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Seen for the first time, after the district's first year.
    New,
    /// Not seen this year, though seen in the district's year before.
    Removed,
    /// A higher RV than when last seen.
    Raised,
    /// A lower RV.
    Lowered,
    /// The same RV.
    Unchanged,
    /// Seen again after a year of the district's registers without it.
    Back,
}

impl ChangeKind {
    /// Every change, in reporting order.
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::New,
        ChangeKind::Removed,
        ChangeKind::Raised,
        ChangeKind::Lowered,
        ChangeKind::Unchanged,
        ChangeKind::Back,
    ];

    /// The Swedish word.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "ny",
            ChangeKind::Removed => "borttagen",
            ChangeKind::Raised => "höjd",
            ChangeKind::Lowered => "sänkt",
            ChangeKind::Unchanged => "oförändrad",
            ChangeKind::Back => "åter",
        }
    }
}

/// One event of one district in one year: a year it was seen, or the year it was gone.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Today's district.
    pub district_current: String,
    /// The event's number within the district.
    pub event: u32,
    /// The event as worded this year (or, when gone, as last worded).
    pub wording: String,
    /// The event's themes.
    pub themes: Themes,
    /// The year.
    pub year: i32,
    /// The year it was seen before, if it was.
    pub previous_year: Option<i32>,
    /// The registers it is in this year.
    pub registers: BTreeSet<Kind>,
    /// RV this year: the VoR's (the highest, if it is there more than once), else the plan's.
    pub risk_value: Option<i16>,
    /// RV when last seen.
    pub previous_risk_value: Option<i16>,
    /// In the plan this year: marked for it in the VoR, or in the plan.
    pub in_ikp: Option<bool>,
    /// In the plan when last seen.
    pub previous_in_ikp: Option<bool>,
    /// The plan's kontrollaktivitet this year.
    pub control_activity: Option<String>,
    /// The follow-up's statuses this year.
    pub statuses: BTreeSet<Status>,
    /// The follow-up's statuses when last seen.
    pub previous_statuses: BTreeSet<Status>,
    /// The change since it was last seen; none in the district's first year, or when an
    /// RV to compare is missing.
    pub change: Option<ChangeKind>,
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

/// What one year's rows say of an event.
#[derive(Debug, Default)]
struct Seen {
    wording: Option<(Kind, String)>,
    themes: Themes,
    registers: BTreeSet<Kind>,
    vor_risk_value: Option<i16>,
    other_risk_value: Option<i16>,
    in_ikp: Option<bool>,
    control_activity: Option<String>,
    statuses: BTreeSet<Status>,
}

impl Seen {
    fn risk_value(&self) -> Option<i16> {
        self.vor_risk_value.or(self.other_risk_value)
    }
}

/// Every district's events year by year, ordered by district, wording, event and year.
pub fn changes(registers: &[Register]) -> Vec<Change> {
    // District → its register years, and event → year → what was seen.
    let mut years: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
    let mut events: BTreeMap<(&str, u32), BTreeMap<i32, Seen>> = BTreeMap::new();
    for register in registers {
        let (Some(district), Some(year)) = (register.district_current(), register.year) else { continue };
        if !register.rows.is_empty() {
            years.entry(district).or_default().insert(year);
        }
        for row in &register.rows {
            let Some(event) = row.event_id else { continue };
            let seen = events.entry((district, event)).or_default().entry(year).or_default();
            if seen.wording.as_ref().is_none_or(|(kind, _)| register.kind < *kind) {
                seen.wording = Some((register.kind, row.event.as_deref().unwrap_or_default().to_string()));
                seen.themes = row.themes.clone();
            }
            seen.registers.insert(register.kind);
            match register.kind {
                Kind::Vor => {
                    seen.vor_risk_value = seen.vor_risk_value.max(row.risk_value);
                    seen.in_ikp = Some(seen.in_ikp.unwrap_or(false) || row.in_ikp == Some(true));
                }
                Kind::Ikp => {
                    seen.other_risk_value = seen.other_risk_value.max(row.risk_value);
                    seen.in_ikp = Some(true);
                    if seen.control_activity.is_none() {
                        seen.control_activity = row.control_activity.as_deref().map(str::to_string);
                    }
                }
                Kind::Uppfoljning => seen.statuses.extend(row.status),
            }
        }
    }
    let mut changes = Vec::new();
    for ((district, event), seen) in events {
        let district_years = &years[district];
        let mut previous: Option<(i32, &Seen)> = None;
        for (&year, this) in &seen {
            if let Some((last, last_seen)) = previous {
                // Gone in the district's next year after it was last seen, when that is before this year.
                if let Some(gone) = district_years.range(last + 1..year).next() {
                    changes.push(removed(district, event, *gone, last, last_seen));
                }
            }
            let first_year = district_years.first() == Some(&year);
            let change = match previous {
                None if first_year => None,
                None => Some(ChangeKind::New),
                Some((last, _)) if district_years.range(last + 1..year).next().is_some() => Some(ChangeKind::Back),
                Some((_, last_seen)) => match (last_seen.risk_value(), this.risk_value()) {
                    (Some(before), Some(now)) if now > before => Some(ChangeKind::Raised),
                    (Some(before), Some(now)) if now < before => Some(ChangeKind::Lowered),
                    (Some(_), Some(_)) => Some(ChangeKind::Unchanged),
                    _ => None,
                },
            };
            changes.push(Change {
                district_current: district.to_string(),
                event,
                wording: this.wording.as_ref().map(|(_, text)| text.clone()).unwrap_or_default(),
                themes: this.themes.clone(),
                year,
                previous_year: previous.map(|(last, _)| last),
                registers: this.registers.clone(),
                risk_value: this.risk_value(),
                previous_risk_value: previous.and_then(|(_, last_seen)| last_seen.risk_value()),
                in_ikp: this.in_ikp,
                previous_in_ikp: previous.and_then(|(_, last_seen)| last_seen.in_ikp),
                control_activity: this.control_activity.clone(),
                statuses: this.statuses.clone(),
                previous_statuses: previous.map(|(_, last_seen)| last_seen.statuses.clone()).unwrap_or_default(),
                change,
            });
            previous = Some((year, this));
        }
        if let Some((last, last_seen)) = previous {
            if let Some(gone) = district_years.range(last + 1..).next() {
                changes.push(removed(district, event, *gone, last, last_seen));
            }
        }
    }
    changes.sort_by(|a, b| {
        (&a.district_current, &a.wording, a.event, a.year).cmp(&(&b.district_current, &b.wording, b.event, b.year))
    });
    changes
}

/// The year an event was gone: the district's next year after `last`.
fn removed(district: &str, event: u32, year: i32, last: i32, seen: &Seen) -> Change {
    Change {
        district_current: district.to_string(),
        event,
        wording: seen.wording.as_ref().map(|(_, text)| text.clone()).unwrap_or_default(),
        themes: seen.themes.clone(),
        year,
        previous_year: Some(last),
        registers: BTreeSet::new(),
        risk_value: None,
        previous_risk_value: seen.risk_value(),
        in_ikp: None,
        previous_in_ikp: seen.in_ikp,
        control_activity: None,
        statuses: BTreeSet::new(),
        previous_statuses: seen.statuses.clone(),
        change: Some(ChangeKind::Removed),
    }
}

/// Each change counted per district and year.
pub fn counts(changes: &[Change]) -> BTreeMap<(String, i32), BTreeMap<ChangeKind, u32>> {
    let mut counts: BTreeMap<(String, i32), BTreeMap<ChangeKind, u32>> = BTreeMap::new();
    for change in changes {
        if let Some(kind) = change.change {
            *counts.entry((change.district_current.clone(), change.year)).or_default().entry(kind).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests;
