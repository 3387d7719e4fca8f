//! Test support: the embedded templates, compiled once for every module's unit tests.

use std::sync::LazyLock;

use super::Rules;
use crate::templates::Templates;

/// The embedded templates, compiled.
pub fn embedded() -> &'static Rules {
    static RULES: LazyLock<Rules> =
        LazyLock::new(|| Rules::new(Templates::embedded().expect("templates")).expect("rules"));
    &RULES
}
