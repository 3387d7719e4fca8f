//! Merged cells over register rows (DESIGN §1): a merged cell's value holds over its whole
//! range, in every column — a status or an analysis merged over the two measures of one
//! event, an IKP "Ja" merged over two risks, a kontrollaktivitet over two plan rows.
//!
//! Rows stream in order, so the regions are swept: a region starts on its first row,
//! where its value is taken from its first cell, and every cell it covers gets that
//! value. Regions that start above the first register row (titles, the header) fill
//! nothing below.

use crate::read::{Cell, OwnedCell, Region};

/// Columns a merged region is filled across, at most.
const MAX_COLUMNS: usize = 16_384;

/// The sweep of a sheet's merged regions over its register rows.
pub struct MergeFill {
    /// Regions not started yet, by first row, last first.
    waiting: Vec<Region>,
    /// Regions started, with their value.
    active: Vec<(Region, OwnedCell)>,
}

/// A register row with its merged cells filled.
pub struct Filled<'a> {
    /// The cells, merged continuations taking their region's value.
    pub cells: Vec<Cell<'a>>,
    /// Whether everything the row holds is one value merged across two columns or more
    /// (a label across the table).
    pub merged_across: bool,
}

impl MergeFill {
    /// The sweep of `regions` over the rows from `first` (the first register row) down.
    pub fn new(mut regions: Vec<Region>, first: u32) -> Self {
        regions.retain(|region| region.first_row >= first);
        regions.sort_unstable_by_key(|region| std::cmp::Reverse((region.first_row, region.first_column)));
        MergeFill { waiting: regions, active: Vec::new() }
    }

    /// Row `index` (0-based, rows in order) with its merged cells filled.
    pub fn fill<'a>(&'a mut self, index: u32, cells: &[Cell<'a>]) -> Filled<'a> {
        self.active.retain(|(region, _)| region.last_row >= index);
        while self.waiting.last().is_some_and(|region| region.first_row <= index) {
            let Some(region) = self.waiting.pop() else { break };
            if region.first_row == index {
                let first = cells.get(region.first_column as usize).copied().unwrap_or(Cell::Empty);
                self.active.push((region, OwnedCell::from_cell(&first)));
            }
        }
        let mut filled = cells.to_vec();
        for (region, value) in &self.active {
            let last = (region.last_column as usize).min(MAX_COLUMNS - 1);
            if filled.len() <= last {
                filled.resize(last + 1, Cell::Empty);
            }
            for cell in &mut filled[region.first_column as usize..=last] {
                if cell.is_blank() {
                    *cell = value.as_cell();
                }
            }
        }
        let merged_across = self.merged_across(&filled);
        Filled { cells: filled, merged_across }
    }

    /// Whether the non-blank cells all lie in one region two columns wide or more.
    fn merged_across(&self, cells: &[Cell<'_>]) -> bool {
        let mut filled = cells.iter().enumerate().filter(|(_, cell)| !cell.is_blank()).map(|(column, _)| column as u32);
        let Some(first) = filled.next() else { return false };
        let Some((region, _)) = self.active.iter().find(|(region, _)| {
            region.last_column > region.first_column && (region.first_column..=region.last_column).contains(&first)
        }) else {
            return false;
        };
        filled.all(|column| (region.first_column..=region.last_column).contains(&column))
    }
}

#[cfg(test)]
mod tests;
