//! Comparison across years and districts: which themes recur where, and how each
//! district's risks changed from one year to the next.

pub mod matching;
pub mod recurring;
pub mod year_over_year;

use polars::prelude::{Column, DataFrame};

use crate::error::Result;
use crate::pipeline::Batch;
use crate::rules::Rules;
pub use recurring::{Occurrence, ThemeSpread};
pub use year_over_year::Change;

/// Everything the comparison found.
pub struct Comparison {
    /// Theme × district × year, the long table.
    pub occurrences: Vec<Occurrence>,
    /// Every theme's spread, recurring themes first.
    pub spreads: Vec<ThemeSpread>,
    /// Year-over-year changes per district and event.
    pub changes: Vec<Change>,
}

/// Compares the registers of a batch.
pub fn compare(batch: &Batch, rules: &Rules) -> Comparison {
    let occurrences = recurring::occurrences(&batch.registers, &rules.themes);
    let spreads = recurring::spreads(&occurrences, rules.themes.themes());
    let changes = year_over_year::changes(&batch.registers, &rules.keys);
    Comparison { occurrences, spreads, changes }
}

impl Comparison {
    /// The long table as a frame: `theme, district_current, year, rows, max_risk_value,
    /// in_ikp_rows`.
    ///
    /// # Errors
    /// [`crate::Error::Polars`] (a defect).
    pub fn long_frame(&self) -> Result<DataFrame> {
        let rows = &self.occurrences;
        let columns = vec![
            Column::new("theme".into(), rows.iter().map(|row| row.theme.as_str()).collect::<Vec<_>>()),
            Column::new(
                "district_current".into(),
                rows.iter().map(|row| row.district_current.as_str()).collect::<Vec<_>>(),
            ),
            Column::new("year".into(), rows.iter().map(|row| row.year).collect::<Vec<_>>()),
            Column::new("rows".into(), rows.iter().map(|row| row.rows).collect::<Vec<_>>()),
            Column::new("max_risk_value".into(), rows.iter().map(|row| row.max_risk_value).collect::<Vec<_>>()),
            Column::new("in_ikp_rows".into(), rows.iter().map(|row| row.in_ikp_rows).collect::<Vec<_>>()),
        ];
        Ok(DataFrame::new(rows.len(), columns)?)
    }
}
