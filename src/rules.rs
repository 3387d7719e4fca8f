//! The templates compiled once for a run: matchers and parsers every stage uses.

use crate::classify::event_key::EventKeyer;
use crate::classify::themes::ThemeSet;
use crate::detect::columns::ColumnMatcher;
use crate::detect::context::DistrictResolver;
use crate::error::Result;
use crate::normalise::values::ValueParser;
use crate::templates::Templates;

/// Everything compiled from the templates.
pub struct Rules {
    /// The templates themselves.
    pub templates: Templates,
    /// Header cells to fields.
    pub columns: ColumnMatcher,
    /// Value cells to values.
    pub values: ValueParser,
    /// District names in text.
    pub districts: DistrictResolver,
    /// The theme catalogue.
    pub themes: ThemeSet,
    /// Event keys and their similarity.
    pub keys: EventKeyer,
}

/// Test support: the embedded templates, compiled once for the unit tests.
#[cfg(test)]
pub mod tests;

impl Rules {
    /// Compiles the templates.
    ///
    /// # Errors
    /// [`crate::Error::Template`] when a theme pattern is not a valid regex.
    pub fn new(templates: Templates) -> Result<Rules> {
        Ok(Rules {
            columns: ColumnMatcher::new(&templates.aliases),
            values: ValueParser::new(&templates.values, &templates.levels),
            districts: DistrictResolver::new(&templates.districts),
            themes: ThemeSet::new(&templates.themes)?,
            keys: EventKeyer::new(&templates.matching),
            templates,
        })
    }
}
