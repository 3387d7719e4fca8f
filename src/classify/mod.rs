//! Classification: each row's themes (from its event, and for plan and follow-up rows
//! also its process, arbetssätt and åtgärd) and its `event_key`.

pub mod event_key;
pub mod events;
pub mod matching;
mod memo;
pub mod themes;

use event_key::EventKeyer;
use memo::Memo;
use themes::ThemeSet;

use crate::normalise::register::{Register, Row};
use crate::schema::{Kind, Text, Themes};

/// Classifies the rows of one run, remembering what each distinct text gave.
pub struct Classifier<'r> {
    themes: &'r ThemeSet,
    keys: &'r EventKeyer,
    themes_of: Memo<Themes>,
    key_of: Memo<Text>,
}

impl<'r> Classifier<'r> {
    /// A classifier with the run's theme catalogue and event keyer, remembering nothing yet.
    pub fn new(themes: &'r ThemeSet, keys: &'r EventKeyer) -> Self {
        Classifier { themes, keys, themes_of: Memo::default(), key_of: Memo::default() }
    }

    /// Sets the themes and the event key of every row of `register`.
    pub fn classify(&self, register: &mut Register) {
        let kind = register.kind;
        for row in &mut register.rows {
            row.themes = self.themes_of_row(kind, row);
            row.event_key = row.event.as_deref().map(|event| self.key_of.get(event, || self.keys.key(event).into()));
        }
    }

    /// The themes of a row's texts together.
    fn themes_of_row(&self, kind: Kind, row: &Row) -> Themes {
        let texts = match kind {
            Kind::Vor => [&row.event, &None, &None, &None],
            Kind::Ikp | Kind::Uppfoljning => [&row.event, &row.process, &row.method, &row.measure],
        };
        let mut found: Vec<Themes> = texts
            .into_iter()
            .flatten()
            .map(|text| self.themes_of.get(text, || self.themes.classify([text.as_ref()]).into()))
            .collect();
        match found.len() {
            0 => Themes::default(),
            1 => found.pop().unwrap_or_default(),
            _ => {
                let mut union: Vec<u16> = found.iter().flat_map(|themes| themes.iter().copied()).collect();
                union.sort_unstable();
                union.dedup();
                union.into()
            }
        }
    }
}
