//! What a run shows on stderr while it works, stage by stage — reading the files (a bar),
//! then checking and matching events, comparing, writing (a spinner naming the stage) —
//! on a terminal only, and cleared when the run ends; the last line, printed by the
//! command, says what was written.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// The progress display of one run; hidden when stderr is not a terminal or `--quiet`.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Default for Progress {
    fn default() -> Self {
        Progress { bar: ProgressBar::hidden() }
    }
}

impl Progress {
    /// A display, shown only when `show`.
    pub fn new(show: bool) -> Self {
        if !show {
            return Progress::default();
        }
        let bar = ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar }
    }

    /// The reading stage: a bar over `files` files.
    pub fn reading(&self, files: usize) {
        self.bar.set_length(files as u64);
        self.bar.set_position(0);
        if let Ok(style) = ProgressStyle::with_template("{spinner} läser filer {pos}/{len} [{bar:30}] {elapsed}") {
            self.bar.set_style(style.progress_chars("=> "));
        }
    }

    /// One more file read.
    pub fn file_read(&self) {
        self.bar.inc(1);
    }

    /// A stage without a count: "matchar händelser", "skriver riskreg.xlsx".
    pub fn stage(&self, message: impl Into<String>) {
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            self.bar.set_style(style);
        }
        self.bar.set_message(message.into());
    }

    /// Prints `text` on stderr without garbling the display.
    pub fn note(&self, text: &str) {
        if !text.is_empty() {
            self.bar.suspend(|| eprint!("{text}"));
        }
    }

    /// Clears the display.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
