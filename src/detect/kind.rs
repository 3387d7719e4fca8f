//! The register kind a sheet holds, told from the columns its header names.

use crate::schema::{Field, Kind};

/// The columns only a follow-up has.
const FOLLOW_UP: [Field; 4] = [Field::Measure, Field::Status, Field::StartDate, Field::EndDate];
/// The columns only a plan has.
const PLAN: [Field; 2] = [Field::Control, Field::ControlActivity];
/// The columns only a risk analysis has.
const ANALYSIS: [Field; 3] = [Field::Probability, Field::Consequence, Field::InIkp];

/// The kind the fields show, and the fields that decide it: measures, statuses or dates
/// make a follow-up; controls make a plan (which may carry S, K and RV as well);
/// sannolikhet, konsekvens or an IKP mark, or RV beside an event, make a risk analysis.
pub fn detect_kind(fields: &[Field]) -> Option<(Kind, Vec<Field>)> {
    let having =
        |wanted: &[Field]| -> Vec<Field> { wanted.iter().copied().filter(|field| fields.contains(field)).collect() };
    let (follow_up, plan, analysis) = (having(&FOLLOW_UP), having(&PLAN), having(&ANALYSIS));
    if !follow_up.is_empty() {
        Some((Kind::Uppfoljning, follow_up))
    } else if !plan.is_empty() {
        Some((Kind::Ikp, plan))
    } else if !analysis.is_empty() {
        Some((Kind::Vor, analysis))
    } else if fields.contains(&Field::RiskValue) && fields.contains(&Field::Event) {
        Some((Kind::Vor, vec![Field::RiskValue]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
