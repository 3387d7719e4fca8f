//! Property tests of the parent module.

use proptest::prelude::*;

use super::*;
use crate::read::Region;

/// Cells a register sheet holds: headings, values, headings of sections, summaries,
/// numbers, blanks and arbitrary text.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => prop::sample::select(vec![
            "KF:s mål", "Process", "Arbetsätt", "Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV", "IKP", "Åtgärd", "Status",
            "Startdatum", "Kontrollaktivitet", "3. Möjlig", "Allvarlig", "Ja", "★", "Nej, endast VoR", "Avslutad", "2018-01-01",
            "Totalt: 91", "1.2 Stockholm är en trygg stad", "Process: Inköp", "12",
        ])
        .prop_map(str::to_string),
        1 => "\\PC{0,30}",
    ]
}

fn sheets() -> impl Strategy<Value = (Vec<Vec<String>>, Vec<Region>)> {
    let rows = prop::collection::vec(prop::collection::vec(cell_text(), 0..10), 0..60);
    let merges = prop::collection::vec((0u32..60, 0u32..4, 0u32..10), 0..6).prop_map(|merges| {
        merges
            .into_iter()
            .map(|(row, height, column)| Region {
                first_row: row,
                last_row: row + height,
                first_column: column,
                last_column: column,
            })
            .collect()
    });
    (rows, merges)
}

fn normalise(rows: &[Vec<String>], merged: &[Region]) -> NormalisedSheet {
    let rules = crate::rules::tests::embedded();
    let location = Location::file("p.xlsx").with_sheet("S");
    let mut sheet = SheetNormaliser::new(&rules.columns, &rules.values, location, None);
    sheet.merged(merged.to_vec());
    for (index, row) in rows.iter().enumerate() {
        let cells: Vec<Cell<'_>> = row
            .iter()
            .map(|text| match text.parse::<f64>() {
                Ok(number) if number.is_finite() => Cell::Number(number),
                _ if text.is_empty() => Cell::Empty,
                _ => Cell::Text(text),
            })
            .collect();
        sheet.row(index as u32, &cells);
    }
    sheet.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every row read is kept, skipped or rejected, whatever the sheet holds.
    #[test]
    fn the_accounting_balances_on_any_sheet((rows, merged) in sheets()) {
        let sheet = normalise(&rows, &merged);
        prop_assert!(sheet.accounting.balances());
        prop_assert_eq!(sheet.accounting.read as usize, rows.len());
        prop_assert_eq!(sheet.accounting.kept as usize, sheet.tables.iter().map(|table| table.rows.len()).sum::<usize>());
        let rejected = sheet.issues.iter().filter(|issue| issue.finding == Finding::Rejected).count();
        prop_assert_eq!(sheet.accounting.rejected as usize, rejected);
    }

    /// The same sheet gives the same rows and flags.
    #[test]
    fn normalising_is_deterministic((rows, merged) in sheets()) {
        let first = normalise(&rows, &merged);
        let second = normalise(&rows, &merged);
        prop_assert_eq!(&first.issues, &second.issues);
        let rows = |sheet: &NormalisedSheet| sheet.tables.iter().flat_map(|table| table.rows.clone()).collect::<Vec<_>>();
        prop_assert_eq!(rows(&first), rows(&second));
    }
}
