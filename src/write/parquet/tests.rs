//! Unit tests of the parent module.

use super::*;

#[test]
fn partition_values_are_escaped() {
    assert_eq!(escape("Hägersten-Älvsjö"), "Hägersten-Älvsjö");
    assert_eq!(escape("a/b=c"), "a%2Fb%3Dc");
}
