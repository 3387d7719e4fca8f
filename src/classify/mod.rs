//! Classification: each row's themes (from its event, and for plan and follow-up rows
//! also its process, arbetssätt and åtgärd) and its `event_key`.

pub mod event_key;
pub mod themes;

use std::collections::HashMap;

use polars::prelude::*;

use crate::error::Result;
use crate::rules::Rules;
use crate::schema::{col, Kind};

/// Adds the `themes` and `event_key` columns to a sheet's frame.
///
/// # Errors
/// [`crate::Error::Polars`] if the frame lacks the text columns (a defect).
pub fn classify(frame: &mut DataFrame, rules: &Rules, kind: Kind) -> Result<()> {
    let text = |name: &str| frame.column(name).and_then(Column::str).cloned();
    let (event, process, method, measure) = (text(col::EVENT)?, text(col::PROCESS)?, text(col::METHOD)?, text(col::MEASURE)?);
    let height = frame.height();
    let mut themes = StringChunkedBuilder::new(col::THEMES.into(), height);
    let mut keys = StringChunkedBuilder::new(col::EVENT_KEY.into(), height);
    // Registers repeat their texts (an event over its measures, a risk year after year):
    // each distinct text is classified and keyed once.
    let mut key_of: HashMap<&str, String> = HashMap::new();
    for index in 0..height {
        let event_text = event.get(index);
        let texts = match kind {
            Kind::Vor => [event_text, None, None, None],
            Kind::Ikp | Kind::Uppfoljning => [event_text, process.get(index), method.get(index), measure.get(index)],
        };
        let mut found: Vec<usize> = Vec::new();
        for text in texts.into_iter().flatten() {
            found.extend(rules.themes.classify_text(text).iter());
        }
        found.sort_unstable();
        found.dedup();
        themes.append_value(rules.themes.joined(&found));
        keys.append_option(event_text.map(|text| key_of.entry(text).or_insert_with(|| rules.keys.key(text)).as_str()));
    }
    frame.with_column(themes.finish().into_column())?;
    frame.with_column(keys.finish().into_column())?;
    Ok(())
}
