//! Row accounting: every row read is kept, skipped for a stated reason, or rejected and
//! listed. `read = kept + skipped + rejected` holds for every sheet.

use std::collections::BTreeMap;

use serde::Serialize;

/// Why a row was skipped (not a register row, nothing lost).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Empty or whitespace only.
    Blank,
    /// Above the header: titles, legends, notes.
    Title,
    /// The header, or a repeat of it after a page break.
    Header,
    /// A summary such as "7 Kritisk 81 Medium 3 Låg Totalt: 91".
    Summary,
    /// A heading that only sets the goal or process of the rows below it.
    Section,
    /// A sheet on which no register header was found.
    NoHeader,
}

impl SkipReason {
    /// Every reason, in reporting order.
    pub const ALL: [SkipReason; 6] = [
        SkipReason::Blank,
        SkipReason::Title,
        SkipReason::Header,
        SkipReason::Summary,
        SkipReason::Section,
        SkipReason::NoHeader,
    ];

    /// The reason's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Blank => "blank",
            SkipReason::Title => "title",
            SkipReason::Header => "header",
            SkipReason::Summary => "summary",
            SkipReason::Section => "section",
            SkipReason::NoHeader => "no_header",
        }
    }
}

/// The row accounting of one sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    /// Rows read.
    pub read: u32,
    /// Rows kept as register rows.
    pub kept: u32,
    /// Rows skipped, by reason.
    pub skipped: BTreeMap<SkipReason, u32>,
    /// Rows rejected (each listed with its reason).
    pub rejected: u32,
}

impl Accounting {
    /// Counts a kept row.
    pub fn keep(&mut self) {
        self.read += 1;
        self.kept += 1;
    }

    /// Counts a skipped row.
    pub fn skip(&mut self, reason: SkipReason) {
        self.read += 1;
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Counts a rejected row.
    pub fn reject(&mut self) {
        self.read += 1;
        self.rejected += 1;
    }

    /// All skipped rows.
    pub fn skipped_total(&self) -> u32 {
        self.skipped.values().sum()
    }

    /// Whether read = kept + skipped + rejected.
    pub fn balances(&self) -> bool {
        self.read == self.kept + self.skipped_total() + self.rejected
    }
}
