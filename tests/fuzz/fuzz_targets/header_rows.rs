//! Bytes → rows of cells → `SheetNormaliser` (header search, title/blank/summary/section
//! rows, carry-down over merged regions, value parsing) → `finish()`, then the row
//! accounting: every row fed is read, and read = kept + skipped + rejected.
//!
//! Input layout:
//! - byte 0, flags: bit 0 cell delimiter (`;` or tab); bit 1 typed cells (numbers,
//!   TRUE/FALSE, `#REF!`-style errors and ISO dates become Number/Bool/Error/Date cells,
//!   as a workbook reader would give them); bits 2–3 the kind the user set (none, VoR,
//!   IKP, Uppföljning); bits 4–6 the number of merged regions (0–7); bit 7 hands them
//!   over lazily (`Merges::lazy`, as for `.xlsx`) instead of known (`Merges::known`).
//! - 4 bytes per merged region: first row, extra rows, first column (mod 16), extra
//!   columns (mod 4).
//! - the rest, as lossy UTF-8: rows split on '\n' (a trailing '\r' dropped), cells on
//!   the delimiter.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use riskreg::fuzzing::Location;
use riskreg::fuzzing::SheetNormaliser;
use riskreg::fuzzing::{Cell, Merges, Region, RowSink};
use riskreg::fuzzing::Rules;
use riskreg::fuzzing::Kind;
use riskreg::fuzzing::Templates;

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| match Templates::embedded().and_then(Rules::new) {
        Ok(rules) => rules,
        Err(err) => panic!("the embedded templates do not compile: {err}"),
    })
}

fn typed(text: &str) -> Cell<'_> {
    let trimmed = text.trim();
    if text.is_empty() {
        Cell::Empty
    } else if let Ok(number) = trimmed.parse::<f64>() {
        Cell::Number(number)
    } else if trimmed == "TRUE" || trimmed == "FALSE" {
        Cell::Bool(trimmed == "TRUE")
    } else if trimmed.starts_with('#') && trimmed.ends_with('!') {
        Cell::Error
    } else if let Ok(date) = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
        Cell::Date(date)
    } else {
        Cell::Text(text)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let delimiter = if flags & 1 == 0 { ';' } else { '\t' };
    let typed_cells = flags & 2 != 0;
    let kind = match (flags >> 2) & 3 {
        0 => None,
        1 => Some(Kind::Vor),
        2 => Some(Kind::Ikp),
        _ => Some(Kind::Uppfoljning),
    };
    let region_count = usize::from((flags >> 4) & 7);
    let region_bytes = rest.len().min(region_count * 4);
    let (regions, body) = rest.split_at(region_bytes);
    let merged: Vec<Region> = regions
        .chunks_exact(4)
        .map(|chunk| {
            let (first_row, first_column) = (u32::from(chunk[0]), u32::from(chunk[2] % 16));
            Region {
                first_row,
                last_row: first_row + u32::from(chunk[1]),
                first_column,
                last_column: first_column + u32::from(chunk[3] % 4),
            }
        })
        .collect();

    let text = String::from_utf8_lossy(body);
    let rules = rules();
    let mut sheet = SheetNormaliser::new(&rules.columns, &rules.values, Location::file("fuzz.csv"), kind);
    sheet.merged(if flags & 0x80 != 0 { Merges::lazy(move || merged) } else { Merges::known(merged) });
    let mut fed = 0u32;
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let cells: Vec<Cell<'_>> = line
            .split(delimiter)
            .map(|cell| if typed_cells { typed(cell) } else if cell.is_empty() { Cell::Empty } else { Cell::Text(cell) })
            .collect();
        let Ok(index) = u32::try_from(index) else { return };
        sheet.row(index, &cells);
        fed += 1;
    }
    let out = sheet.finish();
    let accounting = &out.accounting;
    assert!(accounting.balances(), "the accounting does not balance: {accounting:?}");
    assert_eq!(accounting.read, fed, "{fed} rows fed but {} read: {accounting:?}", accounting.read);
    for table in &out.tables {
        assert!(table.header.rows.iter().all(|row| *row < fed), "header rows {:?} past the {fed} rows fed", table.header.rows);
    }
    std::hint::black_box((out.titles.len(), out.issues.len()));
});
