//! Unit tests of the parent module.

use super::*;

#[test]
fn a_panic_is_the_callers_error_and_the_next_call_runs() {
    let failed = contained(|| -> u8 { panic!("index out of bounds: the len is 2 but the index is 3") });
    let message = failed.expect_err("contained");
    assert!(message.starts_with("index out of bounds: the len is 2 but the index is 3 at "), "{message}");
    assert_eq!(contained(|| 7), Ok(7));
}
