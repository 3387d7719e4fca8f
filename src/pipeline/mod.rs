//! The pipeline every command shares: read → detect → normalise → classify, once per
//! file (files in parallel), then the cross-sheet checks and the linking of each
//! district's rows into events, into one batch of typed registers with the report of
//! every file and sheet.

mod contain;
mod file;
mod options;
pub mod reports;

use rayon::prelude::*;
use sha2::Digest;

use crate::check::duplicates::Duplicate;
use crate::classify::events::{self, CityEvents};
use crate::classify::Classifier;
use crate::normalise::quality::{Finding, Issue};
use crate::normalise::register::Register;
use crate::progress::Progress;
use crate::read::{InputFile, InputProblem};
use crate::rules::Rules;
use crate::schema::{Flag, Kind};
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
    /// Registers that copy another of the same district, year and kind: not counted.
    pub duplicates: Vec<Duplicate>,
    /// The city-wide groups of the districts' events.
    pub events: CityEvents,
    /// Inputs that could not be walked.
    pub problems: Vec<InputProblem>,
}

impl Batch {
    /// Whether the exit status should say "needs attention": an input could not be
    /// walked, a file needs attention, a register was set aside as a copy, a row was
    /// rejected, or a district or year is unknown.
    pub fn needs_attention(&self) -> bool {
        !self.problems.is_empty()
            || !self.duplicates.is_empty()
            || self.files.iter().any(|file| file.needs_attention)
            || self.issues.iter().any(|issue| {
                matches!(
                    issue.finding,
                    Finding::Rejected | Finding::Flag(Flag::DistrictUnknown) | Finding::Flag(Flag::YearUnknown)
                )
            })
    }

    /// A name for this run's inputs: the first 16 hex digits of the SHA-256 of their
    /// SHA-256s, sorted (the same inputs give the same name, in any order).
    pub fn inputs_id(&self) -> String {
        let mut hashes: Vec<&str> = self.files.iter().filter_map(|file| file.sha256.as_deref()).collect();
        hashes.sort_unstable();
        let digest = sha2::Sha256::digest(hashes.concat().as_bytes());
        crate::text::hex(&digest[..8])
    }

    /// The rows of the counted registers of `kind`.
    pub fn rows_of(&self, kind: Kind) -> usize {
        self.registers.iter().filter(|register| register.kind == kind).map(|register| register.rows.len()).sum()
    }

    /// The rows that carry a flag.
    pub fn flagged_rows(&self) -> usize {
        self.registers.iter().flat_map(|register| &register.rows).filter(|row| !row.flags.is_empty()).count()
    }

    /// The rows rejected (not in the output).
    pub fn rejected_rows(&self) -> usize {
        self.issues.iter().filter(|issue| issue.finding == Finding::Rejected).count()
    }

    /// The files that could not be read.
    pub fn unread_files(&self) -> usize {
        self.files.iter().filter(|file| file.error.is_some()).count()
    }

    /// Every register, copies too, in the batch's order.
    pub fn all_registers(&self) -> Vec<&Register> {
        let mut all: Vec<&Register> =
            self.registers.iter().chain(self.duplicates.iter().map(|duplicate| &duplicate.register)).collect();
        all.sort_by_cached_key(|register| order(register));
        all
    }
}

/// Reads every input file into one batch; `problems` are those met finding the files.
/// Problems with inputs are reported in the batch, never as an error.
pub fn run(
    rules: &Rules,
    options: &Options,
    files: Vec<InputFile>,
    problems: Vec<InputProblem>,
    progress: &Progress,
) -> Batch {
    let classifier = Classifier::new(&rules.themes, &rules.keys);
    progress.reading(files.len());
    let outcomes: Vec<file::FileOutcome> = files
        .par_iter()
        .enumerate()
        .map(|(order, input)| {
            let outcome = contain::contained(|| file::read(rules, &classifier, options, input, order))
                .unwrap_or_else(|message| file::defect(input, message));
            progress.file_read();
            outcome
        })
        .collect();
    progress.stage("kontrollerar och matchar händelser");

    let mut batch = Batch {
        files: Vec::new(),
        registers: Vec::new(),
        issues: Vec::new(),
        duplicates: Vec::new(),
        events: CityEvents::default(),
        problems,
    };
    let mut registers = Vec::new();
    for outcome in outcomes {
        batch.files.push(outcome.report);
        registers.extend(outcome.registers);
        batch.issues.extend(outcome.issues);
    }
    registers.sort_by_cached_key(order);
    let checked = crate::check::run(registers, &rules.keys, options.keep_duplicates);
    batch.registers = checked.registers;
    batch.issues.extend(checked.issues);
    batch.issues.sort();
    for duplicate in &checked.duplicates {
        reports::note_duplicate(&mut batch.files, duplicate);
    }
    batch.duplicates = checked.duplicates;
    batch.events = events::link(&mut batch.registers, rules.keys.threshold());
    batch
}

/// The batch's order of registers: by today's district (unknown last), year, kind, and
/// place in the inputs.
fn order(register: &Register) -> impl Ord {
    let district = register.district_current().map(str::to_string);
    (district.is_none(), district, register.year, register.kind, register.order)
}
