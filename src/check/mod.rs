//! The checks that look across rows and sheets once everything is read and classified:
//! registers whose district or year nobody could tell, and each VoR against the
//! internkontrollplan of its district and year. They flag rows and report findings;
//! they never change a value.

mod context;
mod plan;

use crate::classify::event_key::EventKeyer;
use crate::normalise::quality::Issue;
use crate::normalise::register::Register;

/// Runs every check over the batch's registers, flagging their rows, and returns the
/// findings.
pub fn run(registers: &mut [Register], keys: &EventKeyer) -> Vec<Issue> {
    let mut issues = context::check(registers);
    issues.extend(plan::check(registers, keys));
    issues
}
