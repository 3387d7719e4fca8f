//! Values computed once per distinct text in a run and shared by the threads that read
//! the files: registers repeat their texts (an event over its measures, a risk year after
//! year, a process over its rows).

use std::collections::HashMap;
use std::sync::Mutex;

/// A cache from text to value, for the length of one run.
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
