//! The pipeline every command shares: read → detect → normalise → classify, once per
//! file (files in parallel), then the cross-sheet checks, into one canonical frame with
//! the reports of every file and sheet.

use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;
use rayon::prelude::*;
use serde::Serialize;

use crate::classify::classify;
use crate::compare::plan;
use crate::detect::context::{self, Clues, DistrictName, Found, TitleLine};
use crate::detect::header::{MappedColumn, UnmappedColumn, SEARCH_ROWS};
use crate::error::{Error, Location, ReadFailure, Result};
use crate::normalise::accounting::Accounting;
use crate::normalise::frame::{self, SheetConstants};
use crate::normalise::quality::{Finding, Issue};
use crate::normalise::rows::{NormalisedSheet, SheetNormaliser};
use crate::read::{self, Document, InputFile, Limits, SheetInfo};
use crate::rules::Rules;
use crate::schema::{col, Flag, Flags, Kind};

/// What the user set for a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--district`: overrides detection for every file.
    pub district: Option<String>,
    /// `--year`: overrides detection for every file.
    pub year: Option<i32>,
    /// `--kind`: overrides detection for every sheet.
    pub kind: Option<Kind>,
    /// Size limits.
    pub limits: Limits,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// What was found in one sheet.
#[derive(Debug, Clone, Serialize)]
pub struct SheetReport {
    /// The sheet's name (empty for CSV).
    pub sheet: String,
    /// Hidden sheets are listed and skipped.
    pub hidden: bool,
    /// The register kind, when a header was found.
    pub kind: Option<Kind>,
    /// The 1-based header row.
    pub header_row: Option<u32>,
    /// The columns mapped to fields.
    pub columns: Vec<MappedColumn>,
    /// The columns not used.
    pub unmapped: Vec<UnmappedColumn>,
    /// The district and where it came from.
    pub district: Option<Found<DistrictName>>,
    /// The year and where it came from.
    pub year: Option<Found<i32>>,
    /// Row accounting.
    pub accounting: Accounting,
    /// Things worth telling.
    pub warnings: Vec<String>,
    /// The sheet could not be read to its end.
    pub error: Option<String>,
}

/// What was found in one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The path as given or found.
    pub file: String,
    /// The format recognised by content.
    pub format: Option<&'static str>,
    /// The text encoding of a CSV file.
    pub encoding: Option<&'static str>,
    /// SHA-256 of the file's bytes.
    pub sha256: Option<String>,
    /// The sheets, in workbook order.
    pub sheets: Vec<SheetReport>,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    /// Things worth telling about the file as a whole.
    pub warnings: Vec<String>,
    /// Whether something here needs the user's attention.
    pub needs_attention: bool,
}

/// The outcome of a run over all inputs.
pub struct Batch {
    /// The canonical frame, grouped by district, year and kind.
    pub frame: DataFrame,
    /// One report per input file, in input order.
    pub files: Vec<FileReport>,
    /// Every flag and rejection.
    pub issues: Vec<Issue>,
    /// Inputs that could not be walked.
    pub problems: Vec<String>,
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
}

/// A normalised, classified sheet waiting for the cross-sheet checks.
pub struct SheetRows {
    /// The sheet's frame without `flags`.
    pub frame: DataFrame,
    /// Its rows' flags.
    pub flags: Vec<Flags>,
    /// Kind.
    pub kind: Kind,
    /// Today's district, if known.
    pub district_current: Option<String>,
    /// Year, if known.
    pub year: Option<i32>,
    /// File and sheet.
    pub location: Location,
    order: (usize, usize),
}

/// Reads every input into one canonical frame.
///
/// # Errors
/// [`Error::Polars`] if frames cannot be joined (a defect); problems with inputs are
/// reported in the [`Batch`], never as an error.
pub fn run(rules: &Rules, options: &Options, paths: &[PathBuf]) -> Result<Batch> {
    let (files, problems) = read::discover(paths);
    let progress = progress_bar(options.progress && files.len() > 1, files.len());
    let outcomes: Vec<(FileReport, Vec<SheetRows>, Vec<Issue>)> = files
        .par_iter()
        .enumerate()
        .map(|(order, file)| {
            let outcome = read_file(rules, options, file, order);
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();

    let mut reports = Vec::with_capacity(outcomes.len());
    let mut sheets = Vec::new();
    let mut issues = Vec::new();
    for (report, file_sheets, file_issues) in outcomes {
        reports.push(report);
        sheets.extend(file_sheets);
        issues.extend(file_issues);
    }
    sheets.sort_by(|a, b| {
        let key = |sheet: &SheetRows| {
            (sheet.district_current.is_none(), sheet.district_current.clone(), sheet.year, sheet.kind, sheet.order)
        };
        key(a).cmp(&key(b))
    });
    issues.extend(plan::check(rules, &mut sheets)?);
    issues.sort();
    let frames = sheets
        .into_iter()
        .map(|mut sheet| {
            let flags: Vec<String> = sheet.flags.iter().map(|flags| flags.joined()).collect();
            sheet.frame.with_column(polars::prelude::Column::new(col::FLAGS.into(), flags))?;
            Ok(sheet.frame)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Batch {
        frame: frame::concat(frames)?,
        files: reports,
        issues,
        problems: problems.iter().map(Error::to_string).collect(),
    })
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

/// Reads one file: every visible sheet normalised and classified, district and year
/// resolved, nothing thrown away.
fn read_file(
    rules: &Rules,
    options: &Options,
    file: &InputFile,
    order: usize,
) -> (FileReport, Vec<SheetRows>, Vec<Issue>) {
    let mut report = FileReport {
        file: file.display.clone(),
        format: None,
        encoding: None,
        sha256: None,
        sheets: Vec::new(),
        error: None,
        warnings: Vec::new(),
        needs_attention: false,
    };
    let failed = |mut report: FileReport, failure: ReadFailure| {
        report.error = Some(failure.to_string());
        report.needs_attention = true;
        (report, Vec::new(), Vec::new())
    };
    let opened = match read::open(file, &options.limits) {
        Ok(opened) => opened,
        Err(failure) => return failed(report, failure),
    };
    report.format = Some(opened.format.name());
    report.encoding = opened.document.encoding();
    report.sha256 = Some(opened.sha256);
    report.warnings = opened.warnings;
    report.needs_attention = opened.needs_attention;
    let mut document = opened.document;
    let infos = document.sheets();
    if !infos.iter().any(|info| info.visible) {
        return failed(report, ReadFailure::NoVisibleSheet);
    }
    let normalised: Vec<(SheetInfo, Option<NormalisedSheet>, Option<String>)> =
        infos.into_iter().map(|info| normalise_sheet(rules, options, file, &mut document, info)).collect();
    drop(document);
    if !normalised.iter().any(|(_, sheet, _)| sheet.as_ref().is_some_and(|sheet| sheet.header.is_some())) {
        let mut outcome = failed(report, ReadFailure::NoHeader { searched: SEARCH_ROWS });
        outcome.0.sheets =
            normalised.iter().map(|(info, sheet, error)| sheet_report(info, sheet.as_ref(), error.clone())).collect();
        return outcome;
    }
    let titles: Vec<(&str, &[TitleLine])> = normalised
        .iter()
        .filter_map(|(info, sheet, _)| sheet.as_ref().map(|sheet| (info.name.as_str(), sheet.titles.as_slice())))
        .collect();
    let mut contexts = Vec::new();
    for (info, sheet, _) in &normalised {
        let Some(sheet) = sheet.as_ref().filter(|sheet| sheet.header.is_some()) else {
            contexts.push((None, None));
            continue;
        };
        let clues = Clues {
            district_option: options.district.as_deref(),
            year_option: options.year,
            sheet_titles: &sheet.titles,
            other_sheets: titles.iter().filter(|(name, _)| *name != info.name).copied().collect(),
            path: &file.path,
        };
        contexts.push(context::resolve(&rules.districts, &clues));
    }

    let mut rows = Vec::new();
    let mut issues = Vec::new();
    for (sheet_order, ((info, sheet, error), (district, year))) in normalised.into_iter().zip(contexts).enumerate() {
        let mut sheet_report = sheet_report(&info, sheet.as_ref(), error);
        sheet_report.district = district;
        sheet_report.year = year;
        report.needs_attention |= sheet_report.error.is_some();
        if let Some(sheet) = sheet {
            let location = Location::file(&file.display).with_sheet(&info.name);
            match finish_sheet(rules, sheet, &sheet_report, location, (order, sheet_order)) {
                Ok((sheet_rows, sheet_issues)) => {
                    rows.extend(sheet_rows);
                    issues.extend(sheet_issues);
                }
                Err(err) => {
                    sheet_report.error = Some(err.to_string());
                    report.needs_attention = true;
                }
            }
        }
        report.sheets.push(sheet_report);
    }
    (report, rows, issues)
}

/// Streams one sheet through its normaliser; hidden sheets are skipped.
fn normalise_sheet(
    rules: &Rules,
    options: &Options,
    file: &InputFile,
    document: &mut Document,
    info: SheetInfo,
) -> (SheetInfo, Option<NormalisedSheet>, Option<String>) {
    if !info.visible {
        return (info, None, None);
    }
    let location = Location::file(&file.display).with_sheet(&info.name);
    let mut normaliser = SheetNormaliser::new(rules, location, options.kind);
    let error = document.stream(&info.name, &options.limits, &mut normaliser).err().map(|failure| failure.to_string());
    (info, Some(normaliser.finish()), error)
}

fn sheet_report(info: &SheetInfo, sheet: Option<&NormalisedSheet>, error: Option<String>) -> SheetReport {
    let header = sheet.and_then(|sheet| sheet.header.as_ref());
    let mut warnings = Vec::new();
    if !info.visible {
        warnings.push("hidden sheet: skipped".to_string());
    } else if header.is_none() && error.is_none() {
        warnings.push("no register header found: skipped".to_string());
    } else if sheet.is_some_and(|sheet| sheet.columns.is_empty()) {
        warnings.push("the header has no data rows below it".to_string());
    }
    SheetReport {
        sheet: info.name.clone(),
        hidden: !info.visible,
        kind: header.map(|header| header.kind),
        header_row: header.map(|header| header.row + 1),
        columns: header.map(|header| header.columns.clone()).unwrap_or_default(),
        unmapped: header.map(|header| header.unmapped.clone()).unwrap_or_default(),
        district: None,
        year: None,
        accounting: sheet.map(|sheet| sheet.accounting.clone()).unwrap_or_default(),
        warnings,
        error,
    }
}

/// Builds a sheet's frame with its constants, flags unknown district and year, and
/// classifies its rows.
fn finish_sheet(
    rules: &Rules,
    sheet: NormalisedSheet,
    report: &SheetReport,
    location: Location,
    order: (usize, usize),
) -> Result<(Option<SheetRows>, Vec<Issue>)> {
    let Some(header) = sheet.header else { return Ok((None, Vec::new())) };
    let mut issues = sheet.issues;
    let mut columns = sheet.columns;
    let district = report.district.as_ref().map(|found| &found.value);
    if !columns.is_empty() {
        for (missing, flag, what) in [
            (district.is_none(), Flag::DistrictUnknown, "the district (use --district)"),
            (report.year.is_none(), Flag::YearUnknown, "the year (use --year)"),
        ] {
            if missing {
                columns.flag_all(flag);
                issues.push(Issue {
                    location: location.clone(),
                    field: None,
                    value: String::new(),
                    finding: Finding::Flag(flag),
                    reason: format!(
                        "no title row, file name or folder names {what}; every row of the sheet is flagged"
                    ),
                });
            }
        }
    }
    let constants = SheetConstants {
        district: district.map(|district| district.name.as_str()),
        district_current: district.map(|district| district.current.as_str()),
        year: report.year.as_ref().map(|found| found.value),
        kind: header.kind,
        source_file: &location.file,
        source_sheet: location.sheet.as_deref().unwrap_or_default(),
    };
    let mut sheet_frame = columns.finish(&constants)?;
    classify(&mut sheet_frame.frame, rules, header.kind)?;
    let rows = SheetRows {
        frame: sheet_frame.frame,
        flags: sheet_frame.flags,
        kind: header.kind,
        district_current: district.map(|district| district.current.clone()),
        year: constants.year,
        location,
        order,
    };
    Ok((Some(rows), issues))
}

/// Whether `output` is one of the input files (compared after resolving links).
pub fn is_input(output: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(output) = output.canonicalize() else { return false };
    inputs.iter().any(|input| input.canonicalize().is_ok_and(|input| input == output))
}
