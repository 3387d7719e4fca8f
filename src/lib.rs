//! riskreg reads the internal-control risk registers of Stockholm's district councils
//! (stadsdelsnämnder), normalises them into one polars `DataFrame` with a fixed canonical
//! schema, compares years and districts, and writes the workbooks analysts open.
//!
//! The data flows through one module per stage:
//!
//! ```text
//!  files ─▶ read ─▶ detect ─▶ normalise ─▶ classify ─▶ compare ─▶ write
//!          (calamine,  (header,   (carry-down,  (themes,    (recurring,   (parquet, csv,
//!           csv,        columns,   values,       event_key)  year over     json, xlsx,
//!           encodings)  kind,      flags,                    year, VoR vs  workbook,
//!                       district,  accounting)               plan)         template)
//!                       year)
//! ```
//!
//! [`pipeline::run`] drives read → classify for every file (in parallel) and returns a
//! [`pipeline::Batch`]: the frame, a report per file and sheet, and every data-quality
//! finding. [`commands`] wires the stages to the command line. The templates
//! ([`templates`]) hold everything a user may want to change: column aliases, value
//! words, risk levels, districts, the theme catalogue and the standard layouts.

#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod classify;
pub mod commands;
pub mod compare;
pub mod corpus;
pub mod detect;
pub mod error;
pub mod normalise;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rules;
pub mod schema;
pub mod templates;
pub mod text;
pub mod write;

pub use error::{Error, Result};
