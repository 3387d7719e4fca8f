//! The commands: short wiring from options through the pipeline to an output. Each
//! returns the process exit status (see [`crate::error::exit`]).

pub mod compare;
pub mod consolidate;
pub mod convert;
pub mod import;
pub mod inspect;
pub mod themes;
pub mod usage;

use std::path::PathBuf;

use crate::error::{exit, Result};
use crate::pipeline::{self, Batch, Options};
use crate::progress::Progress;
use crate::rules::Rules;
use crate::templates::Templates;
use usage::{Inputs, Target};

/// What every command that reads registers takes.
#[derive(Debug, Clone, Default)]
pub struct Common {
    /// The inputs: files and folders.
    pub paths: Vec<PathBuf>,
    /// `--templates DIR`.
    pub templates: Option<PathBuf>,
    /// District, year, kind overrides and limits.
    pub options: Options,
    /// `--quiet`: no summary on stderr (errors are still printed).
    pub quiet: bool,
    /// The progress display.
    pub progress: Progress,
}

impl Common {
    /// Compiles the templates.
    ///
    /// # Errors
    /// [`crate::Error::Template`] when a template is invalid.
    pub(crate) fn rules(&self) -> Result<Rules> {
        Rules::new(Templates::load(self.templates.as_deref())?)
    }

    /// Checks everything that can be checked before reading ([`usage`]) for an output
    /// to `target`, then reads every input into a batch, printing its summary on stderr.
    ///
    /// # Errors
    /// The usage errors of [`usage`]; [`crate::Error::Template`].
    pub(crate) fn read_for(&self, target: Target<'_>) -> Result<(Rules, Batch)> {
        let rules = self.rules()?;
        let inputs = self.checked(&rules, target)?;
        let batch = self.read(&rules, inputs);
        Ok((rules, batch))
    }

    /// The inputs, checked with the overrides and `target` ([`usage`]).
    ///
    /// # Errors
    /// The usage errors of [`usage`].
    pub(crate) fn checked(&self, rules: &Rules, target: Target<'_>) -> Result<Inputs> {
        let inputs = usage::inputs(&self.paths)?;
        usage::overrides(&self.options, &rules.districts)?;
        usage::output(target, &inputs)?;
        Ok(inputs)
    }

    /// Reads `inputs` into a batch, printing the problems met on stderr.
    pub(crate) fn read(&self, rules: &Rules, inputs: Inputs) -> Batch {
        let batch = pipeline::run(rules, &self.options, inputs.files, inputs.problems, &self.progress);
        self.progress.note(&crate::report::problems(&batch));
        batch
    }

    /// Shows a stage of the run.
    pub(crate) fn stage(&self, message: impl Into<String>) {
        self.progress.stage(message);
    }

    /// Ends the run: clears the progress and prints what was written to `output`, and
    /// where to `see` what needs attention.
    pub(crate) fn done(&self, batch: &Batch, output: &str, see: &str) {
        self.progress.finish();
        if !self.quiet {
            eprint!("{}", crate::report::written(batch, output, see));
        }
    }
}

/// The exit status after an output was written.
pub(crate) fn status(batch: &Batch) -> u8 {
    if batch.needs_attention() {
        exit::ATTENTION
    } else {
        exit::CLEAN
    }
}

/// Prints to stdout; a closed pipe (`riskreg inspect … | head`) is not an error.
pub(crate) fn print(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
