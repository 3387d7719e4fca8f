//! The checks that look across rows and sheets once everything is read and classified:
//! registers whose district or year nobody could tell, registers that copy one another,
//! and each VoR against the internkontrollplan of its district and year. They flag rows,
//! set copies apart and report findings; they never change a value.

mod context;
pub mod duplicates;
mod plan;

use crate::classify::event_key::EventKeyer;
use crate::normalise::quality::Issue;
use crate::normalise::register::Register;
use duplicates::Duplicate;

/// The batch's registers after the checks.
pub struct Checked {
    /// The registers counted.
    pub registers: Vec<Register>,
    /// The copies set apart, their rows flagged.
    pub duplicates: Vec<Duplicate>,
    /// The findings.
    pub issues: Vec<Issue>,
}

/// Runs every check over the batch's registers, flagging their rows; copies are set
/// apart unless `keep_duplicates`.
pub fn run(mut registers: Vec<Register>, keys: &EventKeyer, keep_duplicates: bool) -> Checked {
    let mut issues = context::check(&mut registers);
    let (mut registers, duplicates, found) = if keep_duplicates {
        (registers, Vec::new(), Vec::new())
    } else {
        duplicates::split(registers, keys.duplicate_threshold())
    };
    issues.extend(found);
    issues.extend(plan::check(&mut registers, keys));
    Checked { registers, duplicates, issues }
}
