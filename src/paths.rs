//! Paths both sides of riskreg look at: a file's extension, and a path as shown to the
//! user.

use std::path::Path;

/// The lower-case extension of a path.
pub fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase)
}

/// A path as riskreg shows and records it: as given, with bytes that are not UTF-8 shown
/// as `\xNN` (an old Latin-1 file name) and control characters escaped, so that no name
/// can reach a terminal raw.
pub fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut shown = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            shown.push_str(&crate::text::printable(chunk.valid()));
            chunk.invalid().iter().for_each(|byte| shown.push_str(&format!("\\x{byte:02X}")));
        }
        shown
    }
    #[cfg(not(unix))]
    {
        crate::text::printable(&path.to_string_lossy()).into_owned()
    }
}
