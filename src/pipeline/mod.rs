//! The pipeline every command shares: read → detect → normalise → classify, once per
//! file (files in parallel), then the cross-sheet checks and the linking of each
//! district's rows into events, into one batch of typed registers with the report of
//! every file and sheet.

mod file;
mod options;
pub mod reports;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::classify::events::{self, CityEvents};
use crate::classify::Classifier;
use crate::normalise::quality::{Finding, Issue};
use crate::normalise::register::Register;
use crate::read::{self, InputProblem};
use crate::rules::Rules;
use crate::schema::Flag;
pub use options::Options;
use reports::FileReport;

/// The outcome of a run over all inputs.
pub struct Batch {
    /// One report per input file, in input order.
    pub files: Vec<FileReport>,
    /// Every sheet's register, ordered by today's district (unknown last), year, kind,
    /// file and sheet.
    pub registers: Vec<Register>,
    /// Every flag and rejection, in order of place.
    pub issues: Vec<Issue>,
    /// The city-wide groups of the districts' events.
    pub events: CityEvents,
    /// Inputs that could not be walked.
    pub problems: Vec<InputProblem>,
}

impl Batch {
    /// Whether the exit status should say "needs attention".
    pub fn needs_attention(&self) -> bool {
        !self.problems.is_empty()
            || self.files.iter().any(|file| file.needs_attention)
            || self.issues.iter().any(|issue| {
                matches!(
                    issue.finding,
                    Finding::Rejected | Finding::Flag(Flag::DistrictUnknown) | Finding::Flag(Flag::YearUnknown)
                )
            })
    }

    /// The input files, as given, for refusing to overwrite them.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|file| PathBuf::from(&file.file)).collect()
    }

    /// Register rows in all.
    pub fn rows(&self) -> usize {
        self.registers.iter().map(|register| register.rows.len()).sum()
    }
}

/// Reads every input into one batch. Problems with inputs are reported in the batch,
/// never as an error.
pub fn run(rules: &Rules, options: &Options, paths: &[PathBuf]) -> Batch {
    let (files, problems) = read::discover(paths);
    let classifier = Classifier::new(&rules.themes, &rules.keys);
    let progress = progress_bar(options.progress && files.len() > 1, files.len());
    let outcomes: Vec<file::FileOutcome> = files
        .par_iter()
        .enumerate()
        .map(|(order, input)| {
            let outcome = file::read(rules, &classifier, options, input, order);
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();

    let mut batch =
        Batch { files: Vec::new(), registers: Vec::new(), issues: Vec::new(), events: CityEvents::default(), problems };
    for outcome in outcomes {
        batch.files.push(outcome.report);
        batch.registers.extend(outcome.registers);
        batch.issues.extend(outcome.issues);
    }
    batch.registers.sort_by(|a, b| {
        let key = |register: &Register| {
            let district = register.district_current().map(str::to_string);
            (district.is_none(), district, register.year, register.kind, register.order)
        };
        key(a).cmp(&key(b))
    });
    batch.issues.extend(crate::check::run(&mut batch.registers, &rules.keys));
    batch.issues.sort();
    batch.events = events::link(&mut batch.registers, rules.keys.threshold());
    batch
}

fn progress_bar(show: bool, files: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} files read [{bar:30}] {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
