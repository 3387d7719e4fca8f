//! `riskreg inspect`: what was detected in each file and sheet.

use super::usage::Target;
use super::{print, status, Common};
use crate::error::Result;
use crate::report;

/// Prints the detection report on stdout, as text or JSON.
///
/// # Errors
/// [`crate::Error::Template`] when a template is invalid; the usage errors of
/// [`super::usage`].
pub fn run(common: &Common, json: bool) -> Result<u8> {
    let rules = common.rules()?;
    let inputs = common.checked(&rules, Target::Nothing)?;
    let batch = crate::pipeline::run(&rules, &common.options, inputs.files, inputs.problems, &common.progress);
    common.progress.finish();
    if json {
        print(&(report::inspect_json(&batch)? + "\n"));
    } else {
        print(&report::inspect_text(&batch));
    }
    Ok(status(&batch))
}
