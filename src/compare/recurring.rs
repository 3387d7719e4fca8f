//! Which themes recur: per theme, the districts and years that flag it and the highest
//! risk value, and the long table (theme, district, year) behind it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::classify::themes::{ThemeInfo, ThemeSet};
use crate::normalise::register::Register;

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
