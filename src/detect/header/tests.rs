//! Unit tests of the parent module.

use super::*;

fn texts(cells: &[&'static str]) -> Vec<Cell<'static>> {
    cells.iter().map(|text| if text.is_empty() { Cell::Empty } else { Cell::Text(text) }).collect()
}

fn matcher() -> &'static ColumnMatcher {
    &crate::rules::tests::embedded().columns
}

/// The header found in `rows` (with `regions` merged), and its first row's position.
fn search(rows: &[Vec<&'static str>], regions: &[Region], kind: Option<Kind>) -> Option<(usize, Header)> {
    let mut search = HeaderSearch::new(kind);
    for (index, row) in rows.iter().enumerate() {
        if search.push(index as u32, &texts(row), matcher(), regions) {
            break;
        }
    }
    let found = search.finish();
    Some((found.position?, found.header?))
}

fn mapped(header: &Header) -> Vec<(usize, Field)> {
    header.columns.iter().map(|column| (column.index, column.field)).collect()
}

#[test]
fn a_vor_header_is_read_and_its_repeat_recognised() {
    let row = vec![
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
    ];
    let (position, header) = search(&[vec!["Riskanalys 2020"], row.clone(), vec![], vec![]], &[], None).unwrap();
    assert_eq!((position, header.rows.clone(), header.kind), (1, vec![1], Kind::Vor));
    assert_eq!(header.columns.len(), 9);
    assert_eq!(header.column_of(Field::Method), Some(2));
    assert_eq!(header.unmapped.len(), 1);
    assert!(header.is_repeated_by(&texts(&row)));
    assert!(!header.is_repeated_by(&texts(&["1.1 Mål", "Process", "", "1", "Händelse", "3. Möjlig"])));
}

#[test]
fn a_scale_legend_is_not_a_header() {
    assert!(search(&[vec!["", "Sannolikhet", "Konsekvens"]], &[], None).is_none());
}

#[test]
fn the_search_takes_the_row_naming_most_columns() {
    let rows = [
        vec!["Riskanalys 2020"],
        vec!["", "Sannolikhet", "Konsekvens"],
        vec!["Process", "Oönskad händelse", "Sannolikhet", "RV"],
        vec!["Inköp", "E1", "3", "6"],
    ];
    let (position, header) = search(&rows, &[], None).unwrap();
    assert_eq!((position, header.rows, header.kind), (2, vec![2], Kind::Vor));
}

/// The two-row header of DESIGN §1: labels merged down over both rows, a group label
/// merged across the three columns of the risk assessment.
#[test]
fn a_header_over_two_rows_is_read_column_by_column() {
    let rows = [
        vec!["Väsentlighets- och riskanalys 2024"],
        vec!["KF:s mål", "Process", "Arbetssätt", "Nr", "Oönskad händelse", "Riskbedömning", "", "", "Med i IKP"],
        vec!["", "", "", "", "", "Sannolikhet (1-5)", "Konsekvens (1-5)", "Riskvärde", ""],
        vec!["3.1 Ekonomi", "Ekonomi", "Budget", "1", "Prognosen är fel", "3", "4", "12", "Ja"],
    ];
    let merged =
        |first_row, last_row, first_column, last_column| Region { first_row, last_row, first_column, last_column };
    let mut regions: Vec<Region> = (0..5).map(|column| merged(1, 2, column, column)).collect();
    regions.push(merged(1, 1, 5, 7));
    regions.push(merged(1, 2, 8, 8));
    for regions in [regions, Vec::new()] {
        let (position, header) = search(&rows, &regions, None).unwrap();
        assert_eq!((position, header.rows.clone(), header.kind), (1, vec![1, 2], Kind::Vor));
        use Field::*;
        let expected = [Goal, Process, Method, RiskNo, Event, Probability, Consequence, RiskValue, InIkp];
        assert_eq!(mapped(&header), expected.iter().copied().enumerate().collect::<Vec<_>>());
        assert!(header.is_repeated_by(&texts(&rows[2])));
    }
}

#[test]
fn the_more_specific_of_two_headings_wins() {
    let rows = [vec!["Processområde", "Process", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV"]];
    let (_, header) = search(&rows, &[], None).unwrap();
    assert_eq!(header.column_of(Field::Process), Some(1));
    assert_eq!(header.unmapped.iter().map(|column| column.index).collect::<Vec<_>>(), [0]);
}

#[test]
fn sparse_headers_of_other_boards() {
    let plan = search(&[vec!["Risk", "Kontrollaktivitet"]], &[], None).unwrap().1;
    assert_eq!((plan.kind, plan.kind_from), (Kind::Ikp, KindFrom::Columns { fields: vec![Field::ControlActivity] }));
    let follow_up = search(&[vec!["Risk", "Åtgärd"]], &[], None).unwrap().1;
    assert_eq!(follow_up.kind, Kind::Uppfoljning);
    assert!(search(&[vec!["Risk", "Sida"]], &[], None).is_none());
    let titled = search(&[vec!["Internkontrollplan 2019"], vec!["Risk", "Sida"]], &[], None).unwrap().1;
    assert_eq!((titled.kind, titled.kind_from), (Kind::Ikp, KindFrom::Title { row: 1 }));
    let chosen = search(&[vec!["Risk", "Sida"]], &[], Some(Kind::Vor)).unwrap().1;
    assert_eq!((chosen.kind, chosen.kind_from), (Kind::Vor, KindFrom::Option));
}

#[test]
fn a_certain_header_waits_for_the_rows_that_could_extend_it() {
    let mut search = HeaderSearch::new(None);
    let header = texts(&["Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV"]);
    assert!(!search.push(0, &header, matcher(), &[]));
    assert!(!search.push(1, &texts(&["1", "E", "3", "4", "12"]), matcher(), &[]));
    assert!(search.push(2, &texts(&["2", "F", "3", "4", "12"]), matcher(), &[]));
}
