//! One input file through read → detect → normalise → classify: every visible sheet
//! normalised, district and year resolved from all the file's clues, the rows classified,
//! and a report of what was found. Nothing is thrown away.

use super::options::Options;
use super::reports::{FileReport, SheetReport, TableReport};
use crate::classify::Classifier;
use crate::detect::context::{self, Clues, Context, DistrictName, Found, TitleLine};
use crate::detect::header::{KindFrom, SEARCH_ROWS};
use crate::error::{Located, Location, ReadFailure, Warning};
use crate::normalise::canonical::CanonicalRegister;
use crate::normalise::quality::Issue;
use crate::normalise::register::Register;
use crate::normalise::{NormalisedSheet, SheetNormaliser};
use crate::read::{self, Document, InputFile, SheetInfo};
use crate::rules::Rules;
use crate::schema::Field;

/// What one file gave.
pub struct FileOutcome {
    /// What was found.
    pub report: FileReport,
    /// Its registers, one per sheet with a header.
    pub registers: Vec<Register>,
    /// Every flag and rejection in it.
    pub issues: Vec<Issue>,
}

/// A sheet as read: hidden sheets have no rows.
struct SheetRead {
    info: SheetInfo,
    sheet: Option<NormalisedSheet>,
    /// What the reader told about the rows.
    told: Vec<Warning>,
    error: Option<ReadFailure>,
}

/// The commands whose workbooks are not registers: found among the inputs, they are
/// skipped. `import`'s workbook is the canonical frame and is read back; `convert`'s is
/// a register in the standard layout.
const SKIPPED_OUTPUTS: [&str; 2] = ["consolidate", "compare"];

/// Reads one file; `order` is its position among the inputs.
pub fn read(
    rules: &Rules,
    classifier: &Classifier<'_>,
    options: &Options,
    file: &InputFile,
    order: usize,
) -> FileOutcome {
    let location = Location::file(&file.display);
    let mut report = FileReport::new(&file.display);
    let opened = match read::open(file, &options.limits, options.csv) {
        Ok(opened) => opened,
        Err(failure) => return failed(report, &location, failure, Vec::new()),
    };
    report.format = Some(opened.format.name());
    report.encoding = opened.document.encoding();
    report.sha256 = Some(opened.sha256);
    report.needs_attention = opened.warnings.iter().any(Warning::needs_attention);
    report.warnings = opened.warnings.into_iter().map(|warning| Located::new(location.clone(), warning)).collect();
    if let Some(command) = opened.written_by.filter(|command| SKIPPED_OUTPUTS.contains(&command.as_str())) {
        report.warnings.push(Located::new(location, Warning::OwnOutput { command }));
        return FileOutcome { report, registers: Vec::new(), issues: Vec::new() };
    }
    let mut document = opened.document;
    let infos = document.sheets();
    if !infos.iter().any(|info| info.visible) {
        return failed(report, &location, ReadFailure::NoVisibleSheet, Vec::new());
    }
    let sheets: Vec<SheetRead> =
        infos.into_iter().map(|info| normalise_sheet(rules, options, file, &mut document, info)).collect();
    drop(document);
    let has_registers = |sheet: &NormalisedSheet| !sheet.tables.is_empty() || !sheet.canonical.is_empty();
    if !sheets.iter().any(|read| read.sheet.as_ref().is_some_and(has_registers)) {
        let reports = sheets.into_iter().map(|read| sheet_report(&location, read, None, None).0).collect();
        return failed(report, &location, ReadFailure::NoHeader { searched: SEARCH_ROWS }, reports);
    }
    let contexts = resolve_contexts(rules, options, file, &sheets);
    let mut registers = Vec::new();
    let mut issues = Vec::new();
    for (sheet_order, (read, (district, year))) in sheets.into_iter().zip(contexts).enumerate() {
        let (sheet_report, sheet) = sheet_report(&location, read, district, year);
        report.needs_attention |=
            sheet_report.error.is_some() || sheet_report.warnings.iter().any(|warning| warning.error.needs_attention());
        if let Some(NormalisedSheet { tables, canonical, issues: sheet_issues, .. }) = sheet {
            let tables = tables.into_iter().map(|table| Register {
                location: location.clone().with_sheet(&sheet_report.sheet),
                kind: table.header.kind,
                district: sheet_report.district.as_ref().map(|found| found.value.clone()),
                year: sheet_report.year.as_ref().map(|found| found.value),
                rows: table.rows,
                order: (0, 0, 0),
            });
            let canonical = canonical.into_iter().map(|register| Register {
                location: register.location,
                kind: register.kind,
                district: register.district,
                year: register.year,
                rows: register.rows,
                order: (0, 0, 0),
            });
            for (table_order, mut register) in tables.chain(canonical).enumerate() {
                register.order = (order, sheet_order, table_order);
                classifier.classify(&mut register);
                registers.push(register);
            }
            issues.extend(sheet_issues);
        }
        report.sheets.push(sheet_report);
    }
    FileOutcome { report, registers, issues }
}

/// The outcome of a file whose reading met a defect (a panic, contained).
pub fn defect(file: &InputFile, message: String) -> FileOutcome {
    let report = FileReport::new(&file.display);
    failed(report, &Location::file(&file.display), ReadFailure::Defect(message), Vec::new())
}

/// The outcome of a file that could not be read.
fn failed(mut report: FileReport, location: &Location, failure: ReadFailure, sheets: Vec<SheetReport>) -> FileOutcome {
    report.error = Some(Located::new(location.clone(), failure));
    report.needs_attention = true;
    report.sheets = sheets;
    FileOutcome { report, registers: Vec::new(), issues: Vec::new() }
}

/// Streams one sheet through its normaliser; hidden sheets are skipped.
fn normalise_sheet(
    rules: &Rules,
    options: &Options,
    file: &InputFile,
    document: &mut Document,
    info: SheetInfo,
) -> SheetRead {
    if !info.visible {
        return SheetRead { info, sheet: None, told: Vec::new(), error: None };
    }
    let location = Location::file(&file.display).with_sheet(&info.name);
    let csv = matches!(document, Document::Csv(_));
    let mut normaliser = SheetNormaliser::new(&rules.columns, &rules.values, location, options.kind).csv(csv);
    let (told, error) = match document.stream(&info.name, &options.limits, &mut normaliser) {
        Ok(told) => (told, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    SheetRead { info, sheet: Some(normaliser.finish()), told, error }
}

/// District and year per sheet: from the options, the sheet's titles, the other sheets'
/// titles, the file name and the folders, in that order (`None` for sheets without a
/// header).
fn resolve_contexts(rules: &Rules, options: &Options, file: &InputFile, sheets: &[SheetRead]) -> Vec<Context> {
    let titles: Vec<(&str, &[TitleLine])> = sheets
        .iter()
        .filter_map(|read| read.sheet.as_ref().map(|sheet| (read.info.name.as_str(), sheet.titles.as_slice())))
        .collect();
    sheets
        .iter()
        .map(|read| {
            let Some(sheet) = read.sheet.as_ref().filter(|sheet| !sheet.tables.is_empty()) else { return (None, None) };
            let clues = Clues {
                district_option: options.district.as_deref(),
                year_option: options.year,
                sheet_titles: &sheet.titles,
                other_sheets: titles.iter().filter(|(name, _)| *name != read.info.name).copied().collect(),
                path: &file.path,
            };
            context::resolve(&rules.districts, &clues)
        })
        .collect()
}

/// The report of a sheet, and the sheet.
fn sheet_report(
    location: &Location,
    read: SheetRead,
    district: Option<Found<DistrictName>>,
    year: Option<Found<i32>>,
) -> (SheetReport, Option<NormalisedSheet>) {
    let SheetRead { info, sheet, told, error } = read;
    let location = location.clone().with_sheet(&info.name);
    let tables: &[crate::normalise::Table] = sheet.as_ref().map_or(&[], |sheet| &sheet.tables);
    let canonical: &[CanonicalRegister] = sheet.as_ref().map_or(&[], |sheet| &sheet.canonical);
    let mut warnings = told;
    if !info.visible {
        warnings.push(Warning::HiddenSheet);
    } else if tables.is_empty() && canonical.is_empty() && error.is_none() {
        warnings.push(Warning::NoHeader);
    } else if !tables.is_empty() && tables.iter().all(|table| table.rows.is_empty()) {
        warnings.push(Warning::HeaderWithoutRows);
    }
    warnings.extend(
        tables
            .iter()
            .filter(|table| table.header.column_of(Field::Event).is_none() && !table.rows.is_empty())
            .map(|table| Warning::NoEventColumn { kind: table.header.kind }),
    );
    let report = SheetReport {
        sheet: info.name,
        hidden: !info.visible,
        tables: tables
            .iter()
            .map(|table| TableReport {
                kind: table.header.kind,
                kind_from: table.header.kind_from.clone(),
                header_rows: table.header.rows.iter().map(|row| row + 1).collect(),
                columns: table.header.columns.clone(),
                unmapped: table.header.unmapped.clone(),
            })
            .chain(canonical.iter().map(|register| TableReport {
                kind: register.kind,
                kind_from: KindFrom::Canonical,
                header_rows: vec![1],
                columns: Vec::new(),
                unmapped: Vec::new(),
            }))
            .collect(),
        district,
        year,
        accounting: sheet.as_ref().map(|sheet| sheet.accounting.clone()).unwrap_or_default(),
        warnings: warnings.into_iter().map(|warning| Located::new(location.clone(), warning)).collect(),
        error: error.map(|error| Located::new(location, error)),
    };
    (report, sheet)
}
