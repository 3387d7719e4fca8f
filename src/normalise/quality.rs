//! Data-quality findings: every flag raised and every row rejected, with the file, sheet,
//! row, column and value concerned, so an analyst can go back to the source.

use serde::Serialize;

use crate::error::Location;
use crate::schema::{Field, Flag};

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// A flag on a kept row (or, for district and year, on a whole sheet).
    Flag(Flag),
    /// The row was rejected and is not in the output.
    Rejected,
}

impl Finding {
    /// The finding's name in reports: the flag's name or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::Flag(flag) => flag.as_str(),
            Finding::Rejected => "rejected",
        }
    }
}

/// One data-quality finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Issue {
    /// Where: file, sheet, row, column.
    pub location: Location,
    /// The register field concerned, if one is.
    pub field: Option<Field>,
    /// The value concerned, as written (shortened when long).
    pub value: String,
    /// What it is.
    pub finding: Finding,
    /// Why, in words.
    pub reason: String,
}
