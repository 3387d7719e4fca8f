//! Unit tests of the parent module.

use super::*;
use crate::read::Region;
use crate::schema::Flags;

fn cells(values: &[&'static str]) -> Vec<Cell<'static>> {
    values
        .iter()
        .map(|value| match value.parse::<f64>() {
            Ok(number) => Cell::Number(number),
            Err(_) if value.is_empty() => Cell::Empty,
            Err(_) => Cell::Text(value),
        })
        .collect()
}

const HEADER: &[&str] = &[
    "KF:s mål för verksamhetsområdet",
    "Process",
    "Arbetsätt",
    "Nr",
    "Oönskad händelse",
    "Sannolikhet",
    "Konsekvens",
    "RV",
    "IKP",
];

/// A sheet with every kind of row, and a process merged over rows 9–10.
fn normalise() -> NormalisedSheet {
    let rules = crate::rules::tests::embedded();
    let location = Location::file("test.xlsx").with_sheet("VoR");
    let mut sheet = SheetNormaliser::new(&rules.columns, &rules.values, location, None);
    sheet.merged(vec![Region { first_row: 8, last_row: 9, first_column: 1, last_column: 1 }]);
    let rows: Vec<Vec<&'static str>> = vec![
        vec!["Väsentlighetsanalys 2020"],
        vec![],
        vec!["", "Sannolikhet", "Konsekvens"],
        HEADER.to_vec(),
        vec!["1.1 Mål A", "P1", "M1", "1", "E1", "3. Möjlig", "2. Lindrig", "6", "Nej, endast VoR"],
        vec!["", "", "", "2", "E2", "4", "Allvarlig", "", "★"],
        vec!["", "P2", "", "3", "E3", "2", "2", "5", "Nej"],
        HEADER.to_vec(),
        vec!["", "P3", "M3", "4", "E4", "1", "1", "1", "Nej"],
        vec!["1.2 Mål B", "", "", "4", "", "9", "1", "", "Nej"],
        vec!["7 Kritisk 81 Medium 3 Låg Totalt: 91"],
        vec!["", "", "", "", "", "", "", "", "", "Kommentar"],
        vec!["Process: Lönehantering"],
        vec!["", "", "", "6", "E6", "1", "1", "1", ""],
    ];
    for (index, row) in rows.iter().enumerate() {
        sheet.row(index as u32, &cells(row));
    }
    sheet.finish()
}

fn texts(sheet: &NormalisedSheet, field: impl Fn(&Row) -> &Option<crate::schema::Text>) -> Vec<Option<&str>> {
    rows(sheet).map(|row| field(row).as_deref()).collect()
}

fn rows(sheet: &NormalisedSheet) -> impl Iterator<Item = &Row> {
    sheet.tables.iter().flat_map(|table| &table.rows)
}

fn flag_names(flags: Flags) -> String {
    flags.iter().map(Flag::as_str).collect::<Vec<_>>().join(";")
}

#[test]
fn every_row_is_accounted_for() {
    let sheet = normalise();
    let accounting = &sheet.accounting;
    assert_eq!(sheet.tables.iter().map(|table| table.header.rows.clone()).collect::<Vec<_>>(), [vec![3]]);
    assert_eq!((accounting.read, accounting.kept, accounting.rejected), (14, 6, 1));
    let skipped = |reason| accounting.skipped.get(&reason).copied().unwrap_or(0);
    assert_eq!(
        (
            skipped(SkipReason::Title),
            skipped(SkipReason::Blank),
            skipped(SkipReason::Header),
            skipped(SkipReason::Summary),
            skipped(SkipReason::Section)
        ),
        (2, 1, 2, 1, 1)
    );
    assert!(accounting.balances());
    assert_eq!(sheet.titles.len(), 2);
}

#[test]
fn carry_down_follows_merges_and_the_columns_to_the_left() {
    let sheet = normalise();
    assert_eq!(
        texts(&sheet, |row| &row.goal_id),
        [Some("1.1"), Some("1.1"), Some("1.1"), Some("1.1"), Some("1.2"), Some("1.2")]
    );
    // Row 10 has a new goal but a merged process: the process holds; the blank
    // arbetssätt under the new goal does not.
    assert_eq!(
        texts(&sheet, |row| &row.process),
        [Some("P1"), Some("P1"), Some("P2"), Some("P3"), Some("P3"), Some("Lönehantering")]
    );
    assert_eq!(texts(&sheet, |row| &row.method), [Some("M1"), Some("M1"), None, Some("M3"), None, None]);
}

#[test]
fn values_and_flags() {
    let sheet = normalise();
    let rv: Vec<Option<i16>> = rows(&sheet).map(|row| row.risk_value).collect();
    assert_eq!(rv, vec![Some(6), Some(16), Some(5), Some(1), None, Some(1)]);
    let flags: Vec<String> = rows(&sheet).map(|row| flag_names(row.flags)).collect();
    assert_eq!(flags[1], "rv_computed");
    assert_eq!(flags[2], "rv_mismatch");
    assert_eq!(flags[4], "probability_invalid;event_missing;risk_no_duplicate");
    let ikp: Vec<Option<bool>> = rows(&sheet).map(|row| row.in_ikp).collect();
    assert_eq!(ikp[..3], [Some(false), Some(true), Some(false)]);
}
