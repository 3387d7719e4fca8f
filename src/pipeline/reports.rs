//! What was found in each file and sheet: the account `inspect` gives, Källor lists and
//! the exit status reads.

use serde::Serialize;

use crate::check::duplicates::Duplicate;
use crate::detect::context::{DistrictName, Found};
use crate::detect::header::{KindFrom, MappedColumn, UnmappedColumn};
use crate::error::{Located, ReadFailure, Warning};
use crate::normalise::accounting::Accounting;
use crate::schema::Kind;

/// A register table found on a sheet.
#[derive(Debug, Serialize)]
pub struct TableReport {
    /// The register kind.
    pub kind: Kind,
    /// What decided the kind.
    pub kind_from: KindFrom,
    /// Every row of the header, 1-based (a header may span two or three rows).
    pub header_rows: Vec<u32>,
    /// The columns mapped to fields.
    pub columns: Vec<MappedColumn>,
    /// The columns not mapped (their cells go to `extra`).
    pub unmapped: Vec<UnmappedColumn>,
}

/// What was found in one sheet.
#[derive(Debug, Serialize)]
pub struct SheetReport {
    /// The sheet's name (empty for CSV).
    pub sheet: String,
    /// Hidden sheets are listed and skipped.
    pub hidden: bool,
    /// The register tables, top first (usually one).
    pub tables: Vec<TableReport>,
    /// The district and where it came from.
    pub district: Option<Found<DistrictName>>,
    /// The year and where it came from.
    pub year: Option<Found<i32>>,
    /// Row accounting.
    pub accounting: Accounting,
    /// Things worth telling.
    pub warnings: Vec<Located<Warning>>,
    /// Why the sheet could not be read to its end.
    pub error: Option<Located<ReadFailure>>,
}

/// What was found in one file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    /// The path as given or found.
    pub file: String,
    /// The format recognised by content.
    pub format: Option<&'static str>,
    /// The text encoding of a CSV file.
    pub encoding: Option<&'static str>,
    /// SHA-256 of the file's bytes.
    pub sha256: Option<String>,
    /// The sheets, in workbook order.
    pub sheets: Vec<SheetReport>,
    /// Why the file could not be read, if it could not.
    pub error: Option<Located<ReadFailure>>,
    /// Things worth telling about the file as a whole.
    pub warnings: Vec<Located<Warning>>,
    /// Whether something here needs the user's attention.
    pub needs_attention: bool,
}

impl FileReport {
    /// The report of `file` before anything is known of it.
    pub fn new(file: &str) -> Self {
        FileReport {
            file: file.to_string(),
            format: None,
            encoding: None,
            sha256: None,
            sheets: Vec::new(),
            error: None,
            warnings: Vec::new(),
            needs_attention: false,
        }
    }
}

/// Notes on the copy's sheet that it is a copy and not counted.
pub fn note_duplicate(files: &mut [FileReport], duplicate: &Duplicate) {
    let location = &duplicate.register.location;
    let Some(file) = files.iter_mut().find(|file| file.file == location.file) else { return };
    let name = location.sheet.as_deref().unwrap_or_default();
    let warning =
        Warning::DuplicateRegister { original: duplicate.original.to_string(), rows: duplicate.register.rows.len() };
    if let Some(sheet) = file.sheets.iter_mut().find(|sheet| sheet.sheet == name) {
        sheet.warnings.push(Located::new(location.clone(), warning));
        file.needs_attention = true;
    }
}
