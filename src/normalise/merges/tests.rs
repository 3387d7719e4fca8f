//! Unit tests of the parent module.

use super::*;

fn region(first_row: u32, last_row: u32, first_column: u32, last_column: u32) -> Region {
    Region { first_row, last_row, first_column, last_column }
}

#[test]
fn a_merged_status_holds_over_its_rows_in_every_column() {
    let mut fill = MergeFill::new(vec![region(5, 6, 2, 2), region(5, 6, 3, 3), region(1, 2, 0, 0)], 5);
    let first = [Cell::Text("E1"), Cell::Text("Åtgärd 1"), Cell::Text("Avslutad"), Cell::Text("Analys")];
    assert_eq!(fill.fill(5, &first).cells, first);
    let second = [Cell::Empty, Cell::Text("Åtgärd 2")];
    let filled = fill.fill(6, &second);
    assert_eq!(filled.cells, [Cell::Empty, Cell::Text("Åtgärd 2"), Cell::Text("Avslutad"), Cell::Text("Analys")]);
    assert!(!filled.merged_across);
    assert_eq!(fill.fill(7, &second).cells, second);
}

#[test]
fn a_label_merged_across_the_table_is_told() {
    let mut fill = MergeFill::new(vec![region(3, 3, 0, 5)], 3);
    assert!(fill.fill(3, &[Cell::Text("Kommungemensamma granskningar")]).merged_across);
    assert!(!fill.fill(4, &[Cell::Text("Inköp"), Cell::Text("Risk")]).merged_across);
}

#[test]
fn a_value_merged_across_columns_holds_in_each() {
    let mut fill = MergeFill::new(vec![region(2, 2, 2, 3)], 2);
    let row = [Cell::Text("Inköp"), Cell::Text("Risk"), Cell::Text("Stickprov")];
    let filled = fill.fill(2, &row);
    assert_eq!(
        filled.cells,
        [Cell::Text("Inköp"), Cell::Text("Risk"), Cell::Text("Stickprov"), Cell::Text("Stickprov")]
    );
    assert!(!filled.merged_across);
}
