//! The commands: short wiring from options through the pipeline to an output. Each
//! returns the process exit status (see [`crate::error::exit`]).

pub mod compare;
pub mod consolidate;
pub mod convert;
pub mod import;
pub mod inspect;
pub mod themes;

use std::path::{Path, PathBuf};

use crate::error::{exit, Result};
use crate::pipeline::{self, Batch, Options};
use crate::rules::Rules;
use crate::templates::Templates;

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
}

impl Common {
    /// Compiles the templates.
    ///
    /// # Errors
    /// [`crate::Error::Template`] when a template is invalid.
    pub(crate) fn rules(&self) -> Result<Rules> {
        Rules::new(Templates::load(self.templates.as_deref())?)
    }

    /// Reads every input into a batch, printing its summary on stderr.
    pub(crate) fn read(&self, rules: &Rules) -> Batch {
        let batch = pipeline::run(rules, &self.options, &self.paths);
        eprint!("{}", crate::report::problems(&batch));
        if !self.quiet {
            eprint!("{}", crate::report::totals(&batch));
        }
        batch
    }

    /// Reads every input for an output to `output`, checked before reading (its folder
    /// exists) and after (it is none of the inputs), so nothing is read in vain and no
    /// input is ever overwritten.
    ///
    /// # Errors
    /// [`crate::Error::OutputFolderMissing`], [`crate::Error::OutputIsInput`],
    /// [`crate::Error::Template`].
    pub(crate) fn read_for(&self, output: &Path) -> Result<(Rules, Batch)> {
        crate::write::check_output(output, &[])?;
        let rules = self.rules()?;
        let batch = self.read(&rules);
        crate::write::check_output(output, &batch.input_paths())?;
        Ok((rules, batch))
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
