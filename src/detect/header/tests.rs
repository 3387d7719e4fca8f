//! Unit tests of the parent module.

use super::*;

fn texts(cells: &[&'static str]) -> Vec<Cell<'static>> {
    cells.iter().map(|text| if text.is_empty() { Cell::Empty } else { Cell::Text(text) }).collect()
}

#[test]
fn a_vor_header_is_read_and_its_repeat_recognised() {
    let matcher = &crate::rules::tests::embedded().columns;
    let cells = texts(&[
        "KF:s mål för verksamhetsområdet",
        "Process",
        "Arbetsätt",
        "Nr",
        "Oönskad händelse",
        "Sannolikhet",
        "Konsekvens",
        "RV",
        "IKP",
        "Kommentar",
    ]);
    let header = read_header(10, &cells, matcher, None).expect("header");
    assert_eq!(header.kind, Kind::Vor);
    assert_eq!(header.columns.len(), 9);
    assert_eq!(header.column_of(Field::Method), Some(2));
    assert_eq!(header.unmapped.len(), 1);
    assert!(header.is_repeated_by(&cells));
    assert!(!header.is_repeated_by(&texts(&["1.1 Mål", "Process", "", "1", "Händelse", "3. Möjlig"])));
}

#[test]
fn a_scale_legend_is_not_a_header() {
    let matcher = &crate::rules::tests::embedded().columns;
    assert!(read_header(3, &texts(&["", "Sannolikhet", "Konsekvens"]), matcher, None).is_none());
}

#[test]
fn the_search_takes_the_row_naming_most_columns() {
    let matcher = &crate::rules::tests::embedded().columns;
    let mut search = HeaderSearch::new(None);
    assert!(!search.push(0, &texts(&["Riskanalys 2020"]), matcher));
    assert!(!search.push(1, &texts(&["", "Sannolikhet", "Konsekvens"]), matcher));
    assert!(!search.push(2, &texts(&["Process", "Oönskad händelse", "Sannolikhet", "RV"]), matcher));
    assert!(!search.push(3, &texts(&["Inköp", "E1", "3", "6"]), matcher));
    let found = search.finish();
    assert_eq!(found.position, Some(2));
    assert_eq!(found.header.map(|header| (header.row, header.kind)), Some((2, Kind::Vor)));
    assert_eq!(found.rows.len(), 4);
}

#[test]
fn a_certain_header_ends_the_search() {
    let matcher = &crate::rules::tests::embedded().columns;
    let mut search = HeaderSearch::new(None);
    assert!(search.push(0, &texts(&["Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV"]), matcher));
}
