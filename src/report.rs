//! What riskreg tells the user: `inspect`'s per-file, per-sheet account (text or JSON)
//! and the short summary every command prints on stderr.

use std::fmt::Write;

use serde::Serialize;

use crate::detect::header::KindFrom;
use crate::error::{Result, Warning};
use crate::normalise::accounting::SkipReason;
use crate::normalise::quality::{Finding, Issue};
use crate::pipeline::reports::{FileReport, SheetReport, TableReport};
use crate::pipeline::Batch;
use crate::read::InputProblem;
use crate::schema::Kind;
use crate::text::column_letter;

/// `inspect --json`: every file's report, the inputs that could not be walked, and the
/// rejected rows.
#[derive(Serialize)]
struct InspectJson<'a> {
    files: &'a [FileReport],
    problems: &'a [InputProblem],
    rejected: Vec<&'a Issue>,
}

/// `inspect`'s output as JSON.
///
/// # Errors
/// [`crate::Error::Json`], never in practice (serialising plain data).
pub fn inspect_json(batch: &Batch) -> Result<String> {
    let rejected = batch.issues.iter().filter(|issue| issue.finding == Finding::Rejected).collect();
    let json = InspectJson { files: &batch.files, problems: &batch.problems, rejected };
    Ok(serde_json::to_string_pretty(&json)?)
}

/// `inspect`'s output as text.
pub fn inspect_text(batch: &Batch) -> String {
    let mut out = String::new();
    for problem in &batch.problems {
        let _ = writeln!(out, "{problem}\n");
    }
    for file in &batch.files {
        file_text(&mut out, file, &batch.issues);
    }
    out
}

fn file_text(out: &mut String, file: &FileReport, issues: &[Issue]) {
    let _ = writeln!(out, "{}", file.file);
    if let Some(format) = file.format {
        let encoding = file.encoding.map(|encoding| format!(", {encoding}")).unwrap_or_default();
        let _ = writeln!(out, "  format    {format}{encoding}");
    }
    for warning in &file.warnings {
        let _ = writeln!(out, "  warning   {}", warning.error);
    }
    if let Some(error) = &file.error {
        let _ = writeln!(out, "  ERROR     {}", error.error);
    }
    for sheet in &file.sheets {
        sheet_text(out, file, sheet, issues);
    }
    out.push('\n');
}

fn sheet_text(out: &mut String, file: &FileReport, sheet: &SheetReport, issues: &[Issue]) {
    let name = if sheet.sheet.is_empty() {
        format!("({})", file.format.unwrap_or("CSV"))
    } else {
        format!("sheet '{}'", crate::text::printable(&sheet.sheet))
    };
    match sheet.tables.first() {
        Some(table) => {
            let _ = writeln!(out, "  {name}: {}", table_line(table));
        }
        None => {
            let _ = writeln!(out, "  {name}");
        }
    }
    if let Some(district) = &sheet.district {
        let current = if district.value.current == district.value.name {
            String::new()
        } else {
            format!(" (today {})", district.value.current)
        };
        let _ = writeln!(out, "    district  {}{current}  from {}", district.value.name, district.origin);
    } else if detected(sheet) {
        let _ = writeln!(out, "    district  unknown");
    }
    if let Some(year) = &sheet.year {
        let _ = writeln!(out, "    year      {}  from {}", year.value, year.origin);
    } else if detected(sheet) {
        let _ = writeln!(out, "    year      unknown");
    }
    for (position, table) in sheet.tables.iter().enumerate() {
        if position > 0 {
            let _ = writeln!(out, "    then      {}", table_line(table));
        }
        table_text(out, table);
    }
    let accounting = &sheet.accounting;
    if accounting.read > 0 {
        let skipped: Vec<String> = SkipReason::ALL
            .iter()
            .filter_map(|reason| accounting.skipped.get(reason).map(|count| format!("{} {count}", reason.as_str())))
            .collect();
        let _ = writeln!(
            out,
            "    rows      {} read = {} kept + {} skipped ({}) + {} rejected",
            accounting.read,
            accounting.kept,
            accounting.skipped_total(),
            skipped.join(", "),
            accounting.rejected
        );
    }
    let in_sheet = |issue: &&Issue| {
        issue.location.file == file.file && issue.location.sheet.as_deref().unwrap_or_default() == sheet.sheet
    };
    for issue in issues.iter().filter(in_sheet).filter(|issue| issue.finding == Finding::Rejected) {
        let _ = writeln!(
            out,
            "    rejected  row {}: {} ('{}')",
            issue.location.row.unwrap_or_default(),
            issue.reason,
            crate::text::excerpt(&issue.value, 60)
        );
    }
    for warning in &sheet.warnings {
        let _ = writeln!(out, "    warning   {}", warning.error);
    }
    if let Some(error) = &sheet.error {
        let _ = writeln!(out, "    ERROR     {}", error.error);
    }
}

/// Whether the sheet has a table whose district and year were to be detected (not
/// riskreg's canonical table, whose rows name theirs).
fn detected(sheet: &SheetReport) -> bool {
    sheet.tables.iter().any(|table| table.kind_from != KindFrom::Canonical)
}

/// "vor, header at rows 3–4".
fn table_line(table: &TableReport) -> String {
    match table.header_rows.as_slice() {
        [first, .., last] => format!("{}, header at rows {first}–{last}", table.kind),
        [row] => format!("{}, header at row {row}", table.kind),
        [] => table.kind.to_string(),
    }
}

/// What decided a table's kind, and its columns.
fn table_text(out: &mut String, table: &TableReport) {
    let from = match &table.kind_from {
        KindFrom::Option => "--kind".to_string(),
        KindFrom::Columns { fields } => {
            format!("the columns {}", fields.iter().map(|field| field.as_str()).collect::<Vec<_>>().join(", "))
        }
        KindFrom::Title { row } => format!("the title (row {row})"),
        KindFrom::Canonical => "riskreg's canonical columns (district, year and source per row)".to_string(),
    };
    let _ = writeln!(out, "    kind      from {from}");
    for (position, column) in table.columns.iter().enumerate() {
        let label = if position == 0 { "columns" } else { "" };
        let how = if column.how == crate::detect::columns::MatchHow::Fuzzy { "  (spelling)" } else { "" };
        let heading = crate::text::squash(&column.heading);
        let _ = writeln!(out, "    {label:<9} {} '{heading}' → {}{how}", column_letter(column.index), column.field);
    }
    for column in &table.unmapped {
        let _ = writeln!(
            out,
            "    {:<9} {} '{}' not used: {}",
            "",
            column_letter(column.index),
            crate::text::squash(&column.heading),
            column.reason
        );
    }
}

/// One line per input that could not be walked, file that failed or sheet that broke
/// off, for stderr.
pub fn problems(batch: &Batch) -> String {
    let mut out = String::new();
    for problem in &batch.problems {
        let _ = writeln!(out, "riskreg: {problem}");
    }
    for file in &batch.files {
        for located in file.error.iter().map(ToString::to_string).chain(file.warnings.iter().map(ToString::to_string)) {
            let _ = writeln!(out, "riskreg: {located}");
        }
        for error in file.sheets.iter().filter_map(|sheet| sheet.error.as_ref()) {
            let _ = writeln!(out, "riskreg: {error}");
        }
    }
    out
}

/// The last line of a run, in Swedish: what was written to `output` and what needs
/// attention, and where to `see` it, e.g. "riskreg: skrev riskreg.xlsx: 233 risker,
/// 54 planrader, 53 åtgärder; 5 rader flaggade — se Datakvalitet".
pub fn written(batch: &Batch, output: &str, see: &str) -> String {
    let held = format!(
        "{}, {}, {}",
        count(batch.rows_of(Kind::Vor), "risk", "risker"),
        count(batch.rows_of(Kind::Ikp), "planrad", "planrader"),
        count(batch.rows_of(Kind::Uppfoljning), "åtgärd", "åtgärder"),
    );
    let failed = batch.unread_files() + batch.problems.len();
    let rejected = batch.rejected_rows();
    let flagged = batch.flagged_rows();
    let skipped = batch
        .files
        .iter()
        .filter(|file| file.warnings.iter().any(|warning| matches!(warning.error, Warning::OwnOutput { .. })))
        .count();
    let attention: Vec<String> = [
        (failed, count(failed, "fil kunde inte läsas", "filer kunde inte läsas")),
        (batch.duplicates.len(), count(batch.duplicates.len(), "kopia räknas inte", "kopior räknas inte")),
        (rejected, count(rejected, "rad avvisad", "rader avvisade")),
        (flagged, count(flagged, "rad flaggad", "rader flaggade")),
        (skipped, count(skipped, "egen arbetsbok hoppades över", "egna arbetsböcker hoppades över")),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect();
    if attention.is_empty() {
        format!("riskreg: skrev {output}: {held}\n")
    } else {
        format!("riskreg: skrev {output}: {held}; {} — se {see}\n", attention.join(", "))
    }
}

/// "1 risk", "2 risker".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
