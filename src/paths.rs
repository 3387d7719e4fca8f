//! Paths both sides of riskreg look at: a file's extension, and whether an output would
//! land on one of the inputs.

use std::path::{Path, PathBuf};

/// The lower-case extension of a path.
pub fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase)
}

/// Whether `output` is one of the input files (compared after resolving links).
pub fn is_input(output: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(output) = output.canonicalize() else { return false };
    inputs.iter().any(|input| input.canonicalize().is_ok_and(|input| input == output))
}
