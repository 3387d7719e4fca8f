//! Classification: each row's themes (from its event, and for plan and follow-up rows
//! also its process, arbetssätt and åtgärd) and its `event_key`.

pub mod event_key;
pub mod themes;

use std::collections::HashMap;
use std::sync::Mutex;

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
    let (event, process, method, measure) =
        (text(col::EVENT)?, text(col::PROCESS)?, text(col::METHOD)?, text(col::MEASURE)?);
    let height = frame.height();
    let mut themes = StringChunkedBuilder::new(col::THEMES.into(), height);
    let mut keys = StringChunkedBuilder::new(col::EVENT_KEY.into(), height);
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
        keys.append_option(event_text.map(|text| rules.keys.remembered_key(text)).as_deref());
    }
    frame.with_column(themes.finish().into_column())?;
    frame.with_column(keys.finish().into_column())?;
    Ok(())
}

/// Values computed once per distinct text in a run, shared by the threads that read the
/// files: registers repeat their texts (an event over its measures, a risk year after
/// year, a process over its rows).
#[derive(Debug, Default)]
pub struct Memo<V>(Mutex<HashMap<String, V>>);

impl<V: Clone> Memo<V> {
    /// The value of `text`, computed by `compute` the first time.
    pub fn get(&self, text: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(found) = self.0.lock().ok().and_then(|known| known.get(text).cloned()) {
            return found;
        }
        let value = compute();
        if let Ok(mut known) = self.0.lock() {
            known.insert(text.to_string(), value.clone());
        }
        value
    }
}
