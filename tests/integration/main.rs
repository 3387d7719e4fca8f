//! riskreg's integration tests: the real binary run on the fixtures, in one test binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod compare;
mod consolidate;
mod containment;
mod convert;
mod crafted;
mod errors;
mod holdout;
mod import;
mod inspect;
mod layouts;
mod totals;
mod usage;
mod util;
mod workbook;
