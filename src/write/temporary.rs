//! The temporary files and folders outputs are written into before they are renamed into
//! place: while one exists it is listed here, and an interrupted run (Ctrl-C, SIGTERM,
//! SIGHUP) removes every one listed before it exits, so no `.riskreg-*` is left behind.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporaries that exist now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit status of a run ended by a signal (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

/// Lists a temporary for as long as it lives.
#[derive(Debug)]
pub struct Listed(PathBuf);

impl Listed {
    /// Lists `path`.
    pub fn new(path: &Path) -> Self {
        if let Ok(mut live) = LIVE.lock() {
            live.push(path.to_path_buf());
        }
        Listed(path.to_path_buf())
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|path| *path != self.0);
        }
    }
}

/// Removes every listed temporary when the run is interrupted, then exits with status 130.
///
/// # Errors
/// The handler could not be installed (one is already).
pub fn clean_up_on_interrupt() -> Result<(), ctrlc::Error> {
    ctrlc::set_handler(|| {
        if let Ok(live) = LIVE.lock() {
            for path in live.iter() {
                let _ = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
            }
        }
        eprintln!("riskreg: interrupted; nothing was written");
        std::process::exit(INTERRUPTED);
    })
}
