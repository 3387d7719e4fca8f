//! The register kind a sheet holds, told from the columns its header names.

use crate::schema::{Field, Kind};

/// The kind the fields show: measures, statuses or dates make a follow-up; sannolikhet,
/// konsekvens or RV beside an event make a risk analysis; controls make a plan.
pub fn detect_kind(fields: &[Field]) -> Option<Kind> {
    let has = |wanted: &[Field]| fields.iter().any(|field| wanted.contains(field));
    if has(&[Field::Measure, Field::Status, Field::StartDate, Field::EndDate]) {
        Some(Kind::Uppfoljning)
    } else if has(&[Field::Probability, Field::Consequence])
        || (has(&[Field::RiskValue]) && has(&[Field::Event]) && !has(&[Field::ControlActivity]))
    {
        Some(Kind::Vor)
    } else if has(&[Field::Control, Field::ControlActivity]) {
        Some(Kind::Ikp)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
