//! Carrying hierarchy values down (DESIGN §1): a merged cell's value holds over its range;
//! a blank, unmerged cell of a hierarchy column (goal → process → arbetssätt …, see
//! [`Kind::hierarchy`]) takes the value above only while the columns to its left are
//! unchanged.

use std::collections::HashMap;

use super::values::text_of;
use crate::detect::header::Header;
use crate::detect::rows::split_goal;
use crate::read::{Cell, Merges, Region};
use crate::schema::{Field, Kind, Text};
use crate::text::squash;

/// The carried-down values of the hierarchy columns.
pub struct Carry {
    order: &'static [Field],
    values: Vec<Option<Text>>,
    /// The carried goal's number and text, split when the goal changes.
    goal: (Option<Text>, Option<Text>),
}

impl Carry {
    /// Nothing carried yet, for a register of `kind`.
    pub fn new(kind: Kind) -> Self {
        let order = kind.hierarchy();
        Carry { order, values: vec![None; order.len()], goal: (None, None) }
    }

    /// The carried value of a hierarchy field (`None` for other fields).
    pub fn get(&self, field: Field) -> Option<&Text> {
        let position = self.order.iter().position(|candidate| *candidate == field)?;
        self.values[position].as_ref()
    }

    /// Whether `field` is carried down in this register.
    pub fn carries(&self, field: Field) -> bool {
        self.order.contains(&field)
    }

    /// The carried goal split into its number and its text ("1.2", "Stockholm är …").
    pub fn goal(&self) -> &(Option<Text>, Option<Text>) {
        &self.goal
    }

    fn set(&mut self, position: usize, value: Option<Text>) {
        if self.order[position] == Field::Goal {
            self.goal = match value.as_deref().map(split_goal) {
                Some((Some(id), text)) => (Some(id.into()), Some(text.into())),
                Some((None, _)) => (None, value.clone()),
                None => (None, None),
            };
        }
        self.values[position] = value;
    }

    /// A section heading sets its field and clears the fields below it.
    pub fn set_section(&mut self, field: Field, text: &str) {
        let Some(position) = self.order.iter().position(|candidate| *candidate == field) else { return };
        self.set(position, Some(squash(text).into()));
        (position + 1..self.values.len()).for_each(|below| self.set(below, None));
    }

    /// Takes a row's hierarchy cells: a value replaces the carried one; a merged
    /// continuation keeps it; a blank keeps it unless a field before it changed.
    pub fn update(&mut self, header: &Header, cells: &[Cell<'_>], row: u32, merged: &mut LazyMerges) {
        let mut ancestor_changed = false;
        for position in 0..self.order.len() {
            let Some(column) = header.column_of(self.order[position]) else { continue };
            match text_of(cells.get(column).copied().unwrap_or(Cell::Empty)) {
                Some(text) if self.values[position].as_deref() != Some(text.as_ref()) => {
                    self.set(position, Some(text.as_ref().into()));
                    ancestor_changed = true;
                }
                Some(_) => {}
                None if !ancestor_changed || merged.continues(row, column) => {}
                None => self.set(position, None),
            }
        }
    }
}

/// The sheet's merged regions, indexed when carry-down first needs them.
pub struct LazyMerges {
    merges: Merges,
    index: Option<MergedIndex>,
}

impl LazyMerges {
    /// The regions, not yet indexed.
    pub fn new(merges: Merges) -> Self {
        LazyMerges { merges, index: None }
    }

    /// Whether the cell at `row` (0-based) and `column` continues a merged region.
    fn continues(&mut self, row: u32, column: usize) -> bool {
        let merges = &mut self.merges;
        self.index.get_or_insert_with(|| MergedIndex::new(merges.regions())).continues(row, column)
    }
}

/// Merged regions by their first column, for "is this cell a merged continuation".
struct MergedIndex {
    by_column: HashMap<usize, Vec<(u32, u32)>>,
}

impl MergedIndex {
    fn new(regions: &[Region]) -> Self {
        let mut by_column: HashMap<usize, Vec<(u32, u32)>> = HashMap::new();
        for region in regions.iter().filter(|region| region.last_row > region.first_row) {
            by_column.entry(region.first_column as usize).or_default().push((region.first_row, region.last_row));
        }
        by_column.values_mut().for_each(|ranges| ranges.sort_unstable());
        MergedIndex { by_column }
    }

    fn continues(&self, row: u32, column: usize) -> bool {
        let Some(ranges) = self.by_column.get(&column) else { return false };
        let after = ranges.partition_point(|(first, _)| *first < row);
        after > 0 && ranges[after - 1].1 >= row
    }
}
