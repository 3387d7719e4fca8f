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

/// The fields that carry down over blank continuation cells, outermost first: a blank
/// cell takes the value above while the fields before it in this list are unchanged.
pub fn hierarchy(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Vor => &[Field::Goal, Field::Process, Field::Method],
        Kind::Ikp => &[Field::Goal, Field::Process, Field::Method, Field::Control],
        Kind::Uppfoljning => &[Field::Goal, Field::Process, Field::Control, Field::Event],
    }
}

/// The fields that only give context (goal, process, arbetssätt): a row with nothing
/// else is a section heading, not a register row.
pub fn is_context(field: Field) -> bool {
    matches!(field, Field::Goal | Field::Process | Field::Method)
}

#[cfg(test)]
mod tests;
