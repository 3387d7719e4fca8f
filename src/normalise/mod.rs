//! Normalisation: a sheet's raw rows into canonical register rows: carry-down, value
//! parsing, data-quality flags and the row accounting, built straight into polars columns.

pub mod accounting;
pub mod frame;
pub mod quality;
pub mod rows;
pub mod values;
