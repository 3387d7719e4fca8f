//! What recurs: per theme, the districts and years that flag it and the highest risk
//! value, with the long table (theme, district, year) behind it; and the city's
//! recurring events — the same event in two districts or more, or in two years or more
//! (DESIGN §5).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::classify::events::CityEvents;
use crate::classify::themes::{ThemeInfo, ThemeSet};
use crate::normalise::register::Register;
use crate::schema::{Kind, Themes};

/// One theme in one district and year: the long table of `compare -o x.csv`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Occurrence {
    /// Theme id.
    pub theme: String,
    /// Today's district.
    pub district_current: String,
    /// Year.
    pub year: i32,
    /// Rows of any kind with the theme.
    pub rows: u32,
    /// Highest RV among them.
    pub max_risk_value: Option<i16>,
    /// Rows among them that are in the internkontrollplan.
    pub in_ikp_rows: u32,
}

/// A theme in one district, over the years.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DistrictSpread {
    /// The years the district flags the theme.
    pub years: BTreeSet<i32>,
    /// The highest RV.
    pub max_risk_value: Option<i16>,
}

/// How widely a theme occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeSpread {
    /// Theme id.
    pub id: String,
    /// Theme label.
    pub label: String,
    /// Per district.
    pub districts: BTreeMap<String, DistrictSpread>,
    /// Per year, the districts flagging it.
    pub years: BTreeMap<i32, BTreeSet<String>>,
    /// In at least two years of one district, or in at least two districts.
    pub recurring: bool,
}

impl ThemeSpread {
    /// District-years flagging the theme.
    pub fn district_years(&self) -> usize {
        self.districts.values().map(|spread| spread.years.len()).sum()
    }

    /// The highest RV anywhere.
    pub fn max_risk_value(&self) -> Option<i16> {
        self.districts.values().filter_map(|spread| spread.max_risk_value).max()
    }
}

/// The long table, from every row with a district, a year and themes.
pub fn occurrences(registers: &[Register], catalogue: &ThemeSet) -> Vec<Occurrence> {
    #[derive(Default)]
    struct Tally {
        rows: u32,
        max_risk_value: Option<i16>,
        in_ikp_rows: u32,
    }
    let mut table: BTreeMap<(u16, &str, i32), Tally> = BTreeMap::new();
    for register in registers {
        let (Some(district), Some(year)) = (register.district_current(), register.year) else { continue };
        for row in &register.rows {
            for theme in row.themes.iter() {
                let tally = table.entry((*theme, district, year)).or_default();
                tally.rows += 1;
                tally.max_risk_value = tally.max_risk_value.max(row.risk_value);
                tally.in_ikp_rows += u32::from(row.in_ikp == Some(true));
            }
        }
    }
    table
        .into_iter()
        .map(|((theme, district, year), tally)| Occurrence {
            theme: catalogue.themes()[usize::from(theme)].id.clone(),
            district_current: district.to_string(),
            year,
            rows: tally.rows,
            max_risk_value: tally.max_risk_value,
            in_ikp_rows: tally.in_ikp_rows,
        })
        .collect()
}

/// Every theme's spread, recurring themes first, then by districts, district-years and RV.
pub fn spreads(occurrences: &[Occurrence], themes: &[ThemeInfo]) -> Vec<ThemeSpread> {
    let mut spreads: Vec<ThemeSpread> = themes
        .iter()
        .map(|ThemeInfo { id, label, .. }| {
            let mut spread = ThemeSpread {
                id: id.clone(),
                label: label.clone(),
                districts: BTreeMap::new(),
                years: BTreeMap::new(),
                recurring: false,
            };
            for occurrence in occurrences.iter().filter(|occurrence| &occurrence.theme == id) {
                let district = spread.districts.entry(occurrence.district_current.clone()).or_default();
                district.years.insert(occurrence.year);
                district.max_risk_value = district.max_risk_value.max(occurrence.max_risk_value);
                spread.years.entry(occurrence.year).or_default().insert(occurrence.district_current.clone());
            }
            spread.recurring =
                spread.districts.len() >= 2 || spread.districts.values().any(|district| district.years.len() >= 2);
            spread
        })
        .collect();
    spreads.sort_by(|a, b| {
        let key = |spread: &ThemeSpread| {
            (spread.recurring, spread.districts.len(), spread.district_years(), spread.max_risk_value())
        };
        key(b).cmp(&key(a)).then_with(|| a.id.cmp(&b.id))
    });
    spreads
}

/// An event of the city seen in two districts or more, or in two years or more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurringEvent {
    /// The wording most rows give it (on a tie the latest year's, then the first by
    /// alphabet).
    pub wording: String,
    /// The districts (today's names) that have it.
    pub districts: BTreeSet<String>,
    /// The highest RV per year it was seen (a year without an RV maps to none).
    pub years: BTreeMap<i32, Option<i16>>,
    /// The themes of its rows.
    pub themes: Themes,
    /// District-years that have it in the plan.
    pub in_plan: u32,
}

/// The city's recurring events, the most widespread first: most districts, then most
/// years, then the highest RV.
pub fn recurring_events(registers: &[Register], events: &CityEvents) -> Vec<RecurringEvent> {
    #[derive(Default)]
    struct Tally {
        wordings: BTreeMap<String, (u32, i32)>,
        districts: BTreeSet<String>,
        years: BTreeMap<i32, Option<i16>>,
        themes: BTreeSet<u16>,
        planned: BTreeSet<(String, i32)>,
    }
    let mut groups: BTreeMap<u32, Tally> = BTreeMap::new();
    for register in registers {
        let Some(year) = register.year else { continue };
        let district = register.district_current();
        for row in &register.rows {
            let Some(group) = row.event_id.and_then(|event| events.group(district, event)) else { continue };
            let tally = groups.entry(group).or_default();
            let wording = tally.wordings.entry(row.event.as_deref().unwrap_or_default().to_string()).or_default();
            *wording = (wording.0 + 1, wording.1.max(year));
            tally.districts.extend(district.map(str::to_string));
            let highest = tally.years.entry(year).or_default();
            *highest = (*highest).max(row.risk_value);
            tally.themes.extend(row.themes.iter().copied());
            if register.kind == Kind::Ikp || row.in_ikp == Some(true) {
                tally.planned.insert((district.unwrap_or_default().to_string(), year));
            }
        }
    }
    let mut recurring: Vec<RecurringEvent> = groups
        .into_values()
        .filter(|tally| tally.districts.len() >= 2 || tally.years.len() >= 2)
        .map(|tally| {
            let wording = tally
                .wordings
                .iter()
                .max_by(|a, b| (a.1, std::cmp::Reverse(a.0)).cmp(&(b.1, std::cmp::Reverse(b.0))))
                .map(|(wording, _)| wording.clone())
                .unwrap_or_default();
            RecurringEvent {
                wording,
                districts: tally.districts,
                years: tally.years,
                themes: tally.themes.into_iter().collect(),
                in_plan: tally.planned.len() as u32,
            }
        })
        .collect();
    recurring.sort_by(|a, b| {
        let key = |event: &RecurringEvent| {
            (event.districts.len(), event.years.len(), event.years.values().flatten().max().copied())
        };
        key(b).cmp(&key(a)).then_with(|| a.wording.cmp(&b.wording))
    });
    recurring
}
