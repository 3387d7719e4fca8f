//! What the user set for a run.

use crate::read::csv::CsvInput;
use crate::read::Limits;
use crate::schema::Kind;

/// What the user set for a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--district`: overrides detection for every file.
    pub district: Option<String>,
    /// `--year`: overrides detection for every file.
    pub year: Option<i32>,
    /// `--kind`: overrides detection for every sheet.
    pub kind: Option<Kind>,
    /// Size limits.
    pub limits: Limits,
    /// `--delimiter` and `--encoding` of CSV inputs.
    pub csv: CsvInput,
    /// `--keep-duplicates`: count registers that copy one another as many.
    pub keep_duplicates: bool,
}
