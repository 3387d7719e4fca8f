//! The analyst's consolidated workbook (Översikt, Risker, Internkontrollplan,
//! Uppföljning, Riskmatris, Återkommande risker, Återkommande teman, År mot år,
//! Datakvalitet, Källor), written with rust_xlsxwriter.
//!
//! The register sheets can hold hundreds of thousands of rows: they are written in
//! constant-memory mode, row by row, with formats set per column rather than per cell.
//! Document properties carry no timestamp, so the same inputs give the same bytes.

pub mod comparison;
pub mod matrix;
pub mod overview;
pub mod quality;
pub mod readme;
pub mod registers;
pub mod styles;
pub mod table;

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::pipeline::Batch;
use crate::rules::Rules;
use styles::Styles;

/// Deflate level of the xlsx container: the fastest. Most of the time of saving a large
/// workbook goes into compressing its sheets; level 1 makes files about a third larger
/// than the default 6 and saves about half of that time.
const ZIP_LEVEL: u8 = 1;

/// The custom document property that marks a workbook as riskreg's, with the command
/// that wrote it as its value: the next run skips a consolidated or compared workbook
/// found among its inputs.
pub const MARKER: &str = "riskreg";

/// A workbook with riskreg's properties, marked as written by `command`, created at
/// [`created`] of `sources`.
pub fn new_workbook(command: &str, sources: &[&str]) -> Workbook {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_author("riskreg")
        .set_comment(format!("Skapad av riskreg {}", env!("CARGO_PKG_VERSION")))
        .set_custom_property(MARKER, command)
        .set_creation_datetime(&created(sources));
    workbook.set_properties(&properties);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    workbook
}

/// The workbook's creation time: `SOURCE_DATE_EPOCH` when it is set (reproducible
/// builds' convention), else the time the newest of `sources` was last changed — never
/// the clock, so the same inputs give the same bytes — else 1980-01-01, the earliest
/// time a zip entry can carry.
pub fn created(sources: &[&str]) -> ExcelDateTime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|text| text.trim().parse::<i64>().ok());
    let newest = || {
        sources
            .iter()
            .filter_map(|source| std::fs::metadata(source).and_then(|metadata| metadata.modified()).ok())
            .filter_map(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|since| i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
            .max()
    };
    from_env
        .or_else(newest)
        .and_then(|seconds| ExcelDateTime::from_timestamp(seconds).ok())
        .or_else(|| ExcelDateTime::from_ymd(1980, 1, 1).ok())
        .unwrap_or_default()
}

/// Saves `workbook` to `path`, atomically.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn save(mut workbook: Workbook, path: &Path) -> Result<()> {
    crate::write::atomically(path, |out| workbook.save_to_writer(out).map_err(|err| Error::xlsx(path, err)))
}

/// The consolidated workbook's sheets, made before anything is written so that they can
/// be written in three parts side by side ([`Consolidated::write`]).
pub struct Consolidated {
    workbook: Workbook,
    risks: Worksheet,
    registers: RegisterSheets,
    comparison: ComparisonSheets,
}

/// The sheets of the registers as read: Läs mig, Internkontrollplan, Uppföljning, Riskmatris,
/// Datakvalitet and Källor.
struct RegisterSheets {
    readme: Worksheet,
    plan: Worksheet,
    follow_up: Worksheet,
    matrix: Worksheet,
    quality: Worksheet,
    sources: Worksheet,
}

/// The sheets that need the comparison: Översikt, Återkommande risker, Återkommande
/// teman and År mot år.
struct ComparisonSheets {
    overview: Worksheet,
    recurring_events: Worksheet,
    recurring: Worksheet,
    year_over_year: Worksheet,
}

impl Consolidated {
    /// The empty sheets.
    ///
    /// # Errors
    /// The writer's error.
    pub fn new(sources: &[&str]) -> Result<Self, XlsxError> {
        let mut workbook = new_workbook("consolidate", sources);
        // Risker keeps its strings in the workbook's shared-string table (much smaller
        // files for repetitive registers); it alone fills that table while the other
        // sheets are written beside it, so the table's order, and the file, stay the same
        // run to run.
        let risks = workbook.new_worksheet_with_low_memory()?;
        let registers = RegisterSheets {
            readme: Worksheet::new(),
            plan: workbook.new_worksheet_with_constant_memory()?,
            follow_up: workbook.new_worksheet_with_constant_memory()?,
            matrix: Worksheet::new(),
            quality: workbook.new_worksheet_with_constant_memory()?,
            sources: Worksheet::new(),
        };
        let comparison = ComparisonSheets {
            overview: Worksheet::new(),
            recurring_events: workbook.new_worksheet_with_constant_memory()?,
            recurring: Worksheet::new(),
            year_over_year: workbook.new_worksheet_with_constant_memory()?,
        };
        Ok(Consolidated { workbook, risks, registers, comparison })
    }

    /// Writes every sheet in three parts on the thread pool: Risker (by far the largest);
    /// the comparison and its sheets; the other register sheets.
    ///
    /// # Errors
    /// The writer's error.
    pub fn write(&mut self, batch: &Batch, rules: &Rules) -> Result<(), XlsxError> {
        let styles = Styles::new(&rules.templates.levels);
        let Consolidated { risks, registers, comparison, .. } = self;
        let (risks, (compared, rest)) = rayon::join(
            || registers::write(risks, &styles, batch, rules, registers::SHEETS[0]),
            || rayon::join(|| comparison.write(&styles, batch, rules), || registers.write(&styles, batch, rules)),
        );
        risks.and(compared).and(rest)
    }

    /// Saves the written workbook to `path`, atomically, its sheets in reading order.
    ///
    /// # Errors
    /// [`Error::Write`] or [`Error::Xlsx`].
    pub fn save(self, path: &Path) -> Result<()> {
        let Consolidated { mut workbook, risks, registers, comparison } = self;
        let order = [
            registers.readme,
            comparison.overview,
            risks,
            registers.plan,
            registers.follow_up,
            registers.matrix,
            comparison.recurring_events,
            comparison.recurring,
            comparison.year_over_year,
            registers.quality,
            registers.sources,
        ];
        order.into_iter().for_each(|sheet| workbook.push_worksheet(sheet));
        save(workbook, path)
    }
}

impl RegisterSheets {
    fn write(&mut self, styles: &Styles, batch: &Batch, rules: &Rules) -> Result<(), XlsxError> {
        readme::write(&mut self.readme, styles, batch, rules)?;
        registers::write(&mut self.plan, styles, batch, rules, registers::SHEETS[1])?;
        registers::write(&mut self.follow_up, styles, batch, rules, registers::SHEETS[2])?;
        matrix::write(&mut self.matrix, styles, batch, &rules.templates)?;
        let issues: Vec<_> = batch.issues.iter().collect();
        let links = quality::Links::new(batch);
        let names = (quality::QUALITY, "Datakvalitet");
        quality::write_issues(&mut self.quality, styles, names, &issues, &rules.templates, Some(&links))?;
        quality::write_sources(&mut self.sources, styles, &batch.files)
    }
}

impl ComparisonSheets {
    fn write(&mut self, styles: &Styles, batch: &Batch, rules: &Rules) -> Result<(), XlsxError> {
        let comparison = crate::compare::compare(batch, rules);
        overview::write(&mut self.overview, styles, batch, &comparison, &rules.templates)?;
        comparison::write_recurring_events(&mut self.recurring_events, styles, &comparison, rules)?;
        comparison::write_recurring(&mut self.recurring, styles, &comparison, &rules.templates)?;
        comparison::write_year_over_year(&mut self.year_over_year, styles, &comparison, rules)
    }
}

/// Writes a workbook of the comparison only: Återkommande risker, Återkommande teman and
/// År mot år.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn comparison_workbook(comparison: &Comparison, rules: &Rules, path: &Path) -> Result<()> {
    let styles = Styles::new(&rules.templates.levels);
    let mut workbook = new_workbook("compare", &[]);
    let xlsx = |err: XlsxError| Error::xlsx(path, err);
    let events = workbook.add_worksheet_with_constant_memory().map_err(xlsx)?;
    comparison::write_recurring_events(events, &styles, comparison, rules).map_err(xlsx)?;
    comparison::write_recurring(workbook.add_worksheet(), &styles, comparison, &rules.templates).map_err(xlsx)?;
    let year_over_year = workbook.add_worksheet_with_constant_memory().map_err(xlsx)?;
    comparison::write_year_over_year(year_over_year, &styles, comparison, rules).map_err(xlsx)?;
    save(workbook, path)
}
