//! Comparison across years and districts: which themes recur where, and how each
//! district's risks changed from one year to the next. Also the check of each VoR
//! against its internkontrollplan, which runs before the frame is final.

pub mod matching;
pub mod plan;
pub mod recurring;
pub mod year_over_year;

use polars::prelude::*;

use crate::error::Result;
use crate::normalise::frame::FrameView;
use crate::rules::Rules;
pub use recurring::{Occurrence, ThemeSpread};
pub use year_over_year::{Change, ChangeKind};

/// Everything the comparison found.
pub struct Comparison {
    /// Theme × district × year, the long table.
    pub occurrences: Vec<Occurrence>,
    /// Every theme's spread, recurring themes first.
    pub spreads: Vec<ThemeSpread>,
    /// Year-over-year changes per district and event.
    pub changes: Vec<Change>,
}

/// Compares the rows of a canonical frame.
///
/// # Errors
/// [`crate::Error::Polars`] when the frame lacks a canonical column (a defect).
pub fn compare(frame: &DataFrame, rules: &Rules) -> Result<Comparison> {
    let view = FrameView::new(frame)?;
    let occurrences = recurring::occurrences(&view);
    let labels: Vec<(String, String)> =
        rules.themes.themes().iter().map(|theme| (theme.id.clone(), theme.label.clone())).collect();
    let spreads = recurring::spreads(&occurrences, &labels);
    let changes = year_over_year::changes(&view, &rules.keys);
    Ok(Comparison { occurrences, spreads, changes })
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
