//! Comparison across years and districts (DESIGN §5): which themes and which events
//! recur where, and each district's events year by year.

pub mod recurring;
pub mod year_over_year;

use std::collections::BTreeMap;

use crate::normalise::register::Register;
use crate::pipeline::Batch;
use crate::rules::Rules;
pub use recurring::{Occurrence, RecurringEvent, ThemeSpread};
pub use year_over_year::{Change, ChangeKind};

/// Everything the comparison found.
pub struct Comparison {
    /// Theme × district × year, the long table.
    pub occurrences: Vec<Occurrence>,
    /// Every theme's spread, recurring themes first.
    pub spreads: Vec<ThemeSpread>,
    /// Each district's events year by year.
    pub changes: Vec<Change>,
    /// The city's recurring events, the most widespread first.
    pub recurring_events: Vec<RecurringEvent>,
    /// Each district's (today's name) latest year with a register row.
    pub latest_years: BTreeMap<String, i32>,
}

/// Compares the registers of a batch.
pub fn compare(batch: &Batch, rules: &Rules) -> Comparison {
    let occurrences = recurring::occurrences(&batch.registers, &rules.themes);
    let spreads = recurring::spreads(&occurrences, rules.themes.themes());
    let changes = year_over_year::changes(&batch.registers);
    let recurring_events = recurring::recurring_events(&batch.registers, &batch.events);
    let latest_years = latest_years(batch.registers.iter());
    Comparison { occurrences, spreads, changes, recurring_events, latest_years }
}

/// Each district's (today's name) latest year among `registers` that have rows.
pub fn latest_years<'r>(registers: impl Iterator<Item = &'r Register>) -> BTreeMap<String, i32> {
    let mut latest: BTreeMap<String, i32> = BTreeMap::new();
    for register in registers.filter(|register| !register.rows.is_empty()) {
        if let (Some(district), Some(year)) = (register.district_current(), register.year) {
            let entry = latest.entry(district.to_string()).or_insert(year);
            *entry = (*entry).max(year);
        }
    }
    latest
}
