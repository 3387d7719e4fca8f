//! Paths both sides of riskreg look at: a file's extension.

use std::path::Path;

/// The lower-case extension of a path.
pub fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase)
}
