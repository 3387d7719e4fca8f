//! riskreg reads the internal-control risk registers of Stockholm's district councils
//! (stadsdelsnämnder), normalises them into one polars `DataFrame` with a fixed canonical
//! schema, compares years and districts, and writes the workbooks analysts open.
//!
//! The data flows one way through one module per stage, each stage's output a type of
//! its own:
//!
//! ```text
//!  files ─▶ read ─▶ detect ─▶ normalise ─▶ classify ─▶ check ─▶ compare ─▶ write
//!         cells,    header,   typed rows,   themes,     VoR vs   recurring,  parquet, csv,
//!         merged    columns,  carry-down,   event_key   plan,    year over   json, xlsx,
//!         regions   kind,     values,                   unknown  year        workbook,
//!                   district, flags,                    district             template
//!                   year      accounting                or year
//! ```
//!
//! `pipeline` drives read → classify for every file (in parallel), then the checks,
//! into a batch of typed registers with a report of every file and sheet; `frame` is
//! the one place where typed rows become the canonical polars frame (for `import`);
//! [`commands`] orchestrate the stages for each command of the command line. The
//! templates hold everything a user may want to change: column aliases, value words,
//! risk levels, districts, the theme catalogue and the standard layouts.

#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod check;
mod classify;
pub mod commands;
mod compare;
mod detect;
pub mod error;
mod frame;
mod normalise;
mod paths;
mod pipeline;
pub mod progress;
mod read;
mod report;
mod rules;
pub mod schema;
mod svenska;
mod templates;
mod text;
mod write;

pub use error::{Error, Result};
pub use pipeline::Options;
pub use read::csv::CsvInput;
pub use read::Limits;
pub use write::csv::CsvOptions;
pub use write::parquet::Existing;
pub use write::temporary::clean_up_on_interrupt;

/// The internals the fuzz targets of `tests/fuzz` drive (feature `fuzzing`).
#[cfg(feature = "fuzzing")]
pub mod fuzzing {
    pub use crate::detect::context::{self, Clues, DistrictResolver, Origin, TitleLine};
    pub use crate::detect::rows::split_goal;
    pub use crate::error::Location;
    pub use crate::normalise::values::{self, Parsed, Scale, ValueParser};
    pub use crate::normalise::SheetNormaliser;
    pub use crate::read::csv::Text;
    pub use crate::read::{Cell, Limits, Merges, Region, RowSink};
    pub use crate::rules::Rules;
    pub use crate::schema::Kind;
    pub use crate::templates::Templates;
}
