//! Property and unit tests of the parent module: DESIGN §1's carry-down rule.

use proptest::prelude::*;

use super::*;
use crate::read::Cell;
use crate::schema::Kind;

/// A plan header: Process | Arbetssätt | Oönskad händelse | Systematisk kontroll.
fn plan_header() -> Header {
    let cells = [
        Cell::Text("Process"),
        Cell::Text("Arbetssätt"),
        Cell::Text("Oönskad händelse"),
        Cell::Text("Systematisk kontroll"),
    ];
    let mut search = crate::detect::header::HeaderSearch::new(Some(Kind::Ikp));
    search.push(0, &cells, &crate::rules::tests::embedded().columns, &[]);
    search.finish().header.expect("header")
}

fn carried(carry: &Carry) -> Vec<Option<String>> {
    [Field::Process, Field::Method, Field::Control]
        .iter()
        .map(|field| carry.get(*field).map(|text| text.to_string()))
        .collect()
}

#[test]
fn a_blank_control_beside_a_new_event_stays_empty() {
    let header = plan_header();
    let mut carry = Carry::new(&header);
    carry.update(&[Cell::Text("P"), Cell::Text("M"), Cell::Text("E1"), Cell::Text("C1")]);
    carry.update(&[Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
    assert_eq!(carried(&carry), [Some("P".into()), Some("M".into()), Some("C1".into())]);
    carry.update(&[Cell::Empty, Cell::Empty, Cell::Text("E2"), Cell::Empty]);
    assert_eq!(carried(&carry), [Some("P".into()), Some("M".into()), None]);
    carry.update(&[Cell::Text("Q"), Cell::Empty, Cell::Text("E3"), Cell::Text("C3")]);
    assert_eq!(carried(&carry), [Some("Q".into()), None, Some("C3".into())]);
}

fn cell_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![2 => Just(None), 1 => prop::sample::select(vec!["a", "b", "c"]).prop_map(|text| Some(text.to_string()))]
}

proptest! {
    /// Over any plan, each carried value follows DESIGN §1: a value of the row is its
    /// own; a blank takes the value above while no column to its left that it belongs
    /// under (here all of them: process, arbetssätt, event, control) took a new value,
    /// and stays empty once one did.
    #[test]
    fn carry_down_follows_the_columns_to_the_left(rows in prop::collection::vec(prop::collection::vec(cell_text(), 4), 1..20)) {
        let header = plan_header();
        let mut carry = Carry::new(&header);
        // Process, Arbetssätt, event, Systematisk kontroll: the carried columns and the event.
        let mut above: Vec<Option<String>> = vec![None; 3];
        let mut event_above: Option<String> = None;
        for row in &rows {
            let cells: Vec<Cell<'_>> = row.iter().map(|text| text.as_deref().map_or(Cell::Empty, Cell::Text)).collect();
            carry.update(&cells);
            let now = carried(&carry);
            let mut changed = false;
            for (column, slot) in [(0, Some(0)), (1, Some(1)), (2, None), (3, Some(2))] {
                let own = row[column].clone();
                match slot {
                    Some(slot) => {
                        match &own {
                            Some(text) => prop_assert_eq!(now[slot].as_deref(), Some(text.as_str())),
                            None if changed => prop_assert_eq!(&now[slot], &None),
                            None => prop_assert_eq!(&now[slot], &above[slot]),
                        }
                        changed |= own.is_some() && own != above[slot];
                    }
                    None => {
                        changed |= own.is_some() && own != event_above;
                        if own.is_some() {
                            event_above = own;
                        }
                    }
                }
            }
            above = now;
        }
    }
}

#[test]
fn a_goal_holds_when_an_event_to_its_left_changes() {
    let cells =
        [Cell::Text("Oönskad händelse"), Cell::Text("Sannolikhet"), Cell::Text("KF:s mål"), Cell::Text("Process")];
    let mut search = crate::detect::header::HeaderSearch::new(None);
    search.push(0, &cells, &crate::rules::tests::embedded().columns, &[]);
    let header = search.finish().header.expect("header");
    let mut carry = Carry::new(&header);
    carry.update(&[Cell::Text("E1"), Cell::Text("3"), Cell::Text("1.1 Mål"), Cell::Text("P")]);
    carry.update(&[Cell::Text("E2"), Cell::Text("3"), Cell::Empty, Cell::Empty]);
    assert_eq!(carry.goal().0.as_deref(), Some("1.1"));
    assert_eq!(carry.get(Field::Process).map(|text| text.to_string()), Some("P".into()));
}
