//! Registers whose district or year could not be told: every row is flagged
//! `district_unknown` or `year_unknown`, once per sheet in the findings.

use crate::normalise::quality::{Finding, Issue};
use crate::normalise::register::Register;
use crate::schema::Flag;

/// Flags the rows of registers without a district or a year.
pub fn check(registers: &mut [Register]) -> Vec<Issue> {
    let mut issues = Vec::new();
    for register in registers.iter_mut().filter(|register| !register.rows.is_empty()) {
        let missing = [
            (register.district.is_none(), Flag::DistrictUnknown, "stadsdelsnämnden (ange --district)"),
            (register.year.is_none(), Flag::YearUnknown, "året (ange --year)"),
        ];
        for (_, flag, what) in missing.into_iter().filter(|(missing, _, _)| *missing) {
            register.rows.iter_mut().for_each(|row| row.flags.insert(flag));
            issues.push(Issue {
                location: register.location.clone(),
                field: None,
                value: String::new(),
                finding: Finding::Flag(flag),
                reason: format!(
                    "ingen titelrad, inget filnamn och ingen mapp anger {what}; varje rad på bladet flaggas"
                ),
            });
        }
    }
    issues
}
