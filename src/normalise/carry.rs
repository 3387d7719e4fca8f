//! Carrying hierarchy values down (DESIGN §1): a blank, unmerged cell of a hierarchical
//! column ([`crate::schema::Kind::hierarchy`]: goal, process, arbetssätt; in plans also
//! systematisk kontroll; in follow-ups the control and the event) takes the value above
//! only while the columns to its left that it belongs under are unchanged: the
//! hierarchical columns before it in the hierarchy, and for a plan's systematisk kontroll
//! also the event it controls. A blank arbetssätt under a new process, or a blank
//! systematisk kontroll beside a new event to its left, stays empty; a goal stays put
//! when an event to its left changes (seed 002 puts the event first). Merged cells reach
//! this stage filled (see `merges`), so a merged continuation is an unchanged value.

use super::values::text_of;
use crate::detect::header::Header;
use crate::detect::rows::split_goal;
use crate::read::Cell;
use crate::schema::{Field, Text};
use crate::text::squash;

/// The carried-down values of a sheet's hierarchy columns.
pub struct Carry {
    hierarchy: &'static [Field],
    values: Vec<Option<Text>>,
    /// The columns that decide carrying, left to right: a hierarchy field's position in
    /// `hierarchy`, or `None` for the event column where the event is not carried.
    columns: Vec<(usize, Option<usize>)>,
    /// The last event seen in a sheet whose event is not carried.
    event: Option<Text>,
    /// The carried goal's number and text, split when the goal changes.
    goal: (Option<Text>, Option<Text>),
}

impl Carry {
    /// Nothing carried yet, under `header`.
    pub fn new(header: &Header) -> Self {
        let hierarchy = header.kind.hierarchy();
        let mut columns: Vec<(usize, Option<usize>)> = hierarchy
            .iter()
            .enumerate()
            .filter_map(|(position, field)| Some((header.column_of(*field)?, Some(position))))
            .collect();
        if !hierarchy.contains(&Field::Event) {
            columns.extend(header.column_of(Field::Event).map(|column| (column, None)));
        }
        columns.sort_unstable();
        Carry { hierarchy, values: vec![None; hierarchy.len()], columns, event: None, goal: (None, None) }
    }

    /// The carried value of a hierarchy field (`None` for other fields).
    pub fn get(&self, field: Field) -> Option<&Text> {
        let position = self.hierarchy.iter().position(|candidate| *candidate == field)?;
        self.values[position].as_ref()
    }

    /// Whether `field` is carried down in this register.
    pub fn carries(&self, field: Field) -> bool {
        self.hierarchy.contains(&field)
    }

    /// The carried goal split into its number and its text ("1.2", "Stockholm är …").
    pub fn goal(&self) -> &(Option<Text>, Option<Text>) {
        &self.goal
    }

    fn set(&mut self, position: usize, value: Option<Text>) {
        if self.hierarchy[position] == Field::Goal {
            self.goal = match value.as_deref().map(split_goal) {
                Some((Some(id), text)) => (Some(id.into()), Some(text.into())),
                Some((None, _)) => (None, value.clone()),
                None => (None, None),
            };
        }
        self.values[position] = value;
    }

    /// A section heading sets its field and clears the fields below it in the hierarchy.
    pub fn set_section(&mut self, field: Field, text: &str) {
        let Some(position) = self.hierarchy.iter().position(|candidate| *candidate == field) else { return };
        self.set(position, Some(squash(text).into()));
        (position + 1..self.values.len()).for_each(|below| self.set(below, None));
    }

    /// Takes a row's cells: a value replaces the carried one; a blank keeps it unless a
    /// column to its left that it belongs under changed.
    pub fn update(&mut self, cells: &[Cell<'_>]) {
        // The hierarchy positions that took a new value in this row, and whether the event did.
        let mut changed: Vec<usize> = Vec::new();
        let mut event_changed = false;
        for index in 0..self.columns.len() {
            let (column, position) = self.columns[index];
            let text = text_of(cells.get(column).copied().unwrap_or(Cell::Empty));
            match (position, text) {
                (Some(position), Some(text)) if self.values[position].as_deref() != Some(text.as_ref()) => {
                    self.set(position, Some(text.as_ref().into()));
                    changed.push(position);
                }
                (Some(position), None) => {
                    let under_control = self.hierarchy[position] == Field::Control && event_changed;
                    if under_control || changed.iter().any(|ancestor| *ancestor < position) {
                        self.set(position, None);
                        changed.push(position);
                    }
                }
                (None, Some(text)) if self.event.as_deref() != Some(text.as_ref()) => {
                    self.event = Some(text.as_ref().into());
                    event_changed = true;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
