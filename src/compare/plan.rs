//! The VoR against the internkontrollplan of the same district and year: a risk marked
//! for the plan must be in it, a risk in the plan must not be marked "Nej, endast VoR",
//! and a plan row should name a risk of the VoR. Disagreements are flagged
//! `ikp_inconsistent` on the rows concerned; nothing is changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::classify::event_key::similarity;
use crate::error::Result;
use crate::normalise::quality::{Finding, Issue};
use crate::pipeline::SheetRows;
use crate::rules::Rules;
use crate::schema::{col, Field, Flag, Kind};

/// Above this many VoR rows in one district and year, only exact keys are compared.
const FUZZY_LIMIT: usize = 2_000;

/// One register row's identity for the check.
struct Entry {
    sheet: usize,
    row: usize,
    key: String,
    in_ikp: Option<bool>,
}

/// Flags the inconsistent rows in `sheets` and returns the findings.
///
/// # Errors
/// [`crate::Error::Polars`] if a sheet frame lacks `event_key` or `in_ikp` (a defect).
pub fn check(rules: &Rules, sheets: &mut [SheetRows]) -> Result<Vec<Issue>> {
    // Only districts and years with both a VoR and a plan are checked.
    let with_kind = |kind: Kind| -> BTreeSet<(&String, i32)> {
        sheets
            .iter()
            .filter(|sheet| sheet.kind == kind)
            .filter_map(|sheet| Some((sheet.district_current.as_ref()?, sheet.year?)))
            .collect()
    };
    let checked: BTreeSet<(String, i32)> = with_kind(Kind::Vor)
        .intersection(&with_kind(Kind::Ikp))
        .map(|(district, year)| ((*district).clone(), *year))
        .collect();
    let mut groups: BTreeMap<(String, i32), (Vec<Entry>, Vec<Entry>)> = BTreeMap::new();
    for (index, sheet) in sheets.iter().enumerate() {
        let (Some(district), Some(year)) = (&sheet.district_current, sheet.year) else { continue };
        if !checked.contains(&(district.clone(), year)) {
            continue;
        }
        let group = groups.entry((district.clone(), year)).or_default();
        let target = match sheet.kind {
            Kind::Vor => &mut group.0,
            Kind::Ikp => &mut group.1,
            Kind::Uppfoljning => continue,
        };
        let keys = sheet.frame.column(col::EVENT_KEY)?.str()?;
        let in_ikp = sheet.frame.column(col::IN_IKP)?.bool()?;
        for row in 0..sheet.frame.height() {
            if let Some(key) = keys.get(row).filter(|key| !key.is_empty()) {
                target.push(Entry { sheet: index, row, key: key.to_string(), in_ikp: in_ikp.get(row) });
            }
        }
    }
    let mut issues = Vec::new();
    for ((district, year), (vor, plan)) in &groups {
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, entry) in vor.iter().enumerate() {
            by_key.entry(entry.key.as_str()).or_default().push(index);
        }
        let mut planned = vec![false; vor.len()];
        for entry in plan {
            let risks = risks_of(rules, &entry.key, vor, &by_key);
            risks.iter().for_each(|index| planned[*index] = true);
            if risks.is_empty() {
                let reason =
                    format!("in the internkontrollplan, but no risk of the VoR of {district} {year} matches it");
                issues.push(flag(sheets, entry, reason));
            }
        }
        for (entry, planned) in vor.iter().zip(planned) {
            let reason = match (entry.in_ikp, planned) {
                (Some(true), false) => {
                    format!("marked for the internkontrollplan, but no plan row of {district} {year} names this risk")
                }
                (Some(false), true) => {
                    format!("in the internkontrollplan of {district} {year}, but marked as VoR only")
                }
                _ => continue,
            };
            issues.push(flag(sheets, entry, reason));
        }
    }
    Ok(issues)
}

/// The VoR risks a plan row names: every risk with the same key, else the one most
/// similar (a plan row words its risk a little differently at times, and names one).
fn risks_of(rules: &Rules, key: &str, vor: &[Entry], by_key: &HashMap<&str, Vec<usize>>) -> Vec<usize> {
    if let Some(exact) = by_key.get(key) {
        return exact.clone();
    }
    if vor.len() > FUZZY_LIMIT {
        return Vec::new();
    }
    let best = vor
        .iter()
        .enumerate()
        .map(|(index, entry)| (similarity(key, &entry.key), index))
        .filter(|(similarity, _)| rules.keys.similar_enough(*similarity))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    best.map(|(_, index)| vec![index]).unwrap_or_default()
}

fn flag(sheets: &mut [SheetRows], entry: &Entry, reason: String) -> Issue {
    let sheet = &mut sheets[entry.sheet];
    sheet.flags[entry.row].insert(Flag::IkpInconsistent);
    let source_row = sheet
        .frame
        .column(col::SOURCE_ROW)
        .ok()
        .and_then(|column| column.u32().ok())
        .and_then(|rows| rows.get(entry.row));
    let event = sheet
        .frame
        .column(col::EVENT)
        .ok()
        .and_then(|column| column.str().ok())
        .and_then(|events| events.get(entry.row))
        .unwrap_or_default();
    let mut location = sheet.location.clone().with_column("IKP");
    location.row = source_row;
    Issue {
        location,
        field: Some(Field::InIkp),
        value: event.to_string(),
        finding: Finding::Flag(Flag::IkpInconsistent),
        reason,
    }
}
