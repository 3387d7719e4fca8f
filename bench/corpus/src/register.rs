//! Writes a generated register as a district's workbook, in the layout riskreg's former
//! `generate-corpus` wrote (riskreg's standard template of `templates/standard.toml`, made
//! "messy" as many district files are): sheet "Väsentlighets- och riskanalys" with two
//! merged title rows, a blank row, the header, KF goals merged over their rows, process and
//! arbetssätt written only where they change (blank continuation cells); optionally sheet
//! "Internkontrollplan" with the plan's rows under goal headings, process and arbetssätt
//! merged; and an empty "Ej placerat" table. The calls to rust_xlsxwriter are riskreg's own,
//! in the same order, so the files are the same bytes as before the generator moved here.
//! Also the same register as a Windows-1252 `;` CSV.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Table, TableColumn, TableStyle, Workbook,
    Worksheet, XlsxError,
};

/// One risk of a generated register.
#[derive(Debug, Clone)]
pub struct Risk {
    /// The KF goal as written, its number first ("1.2 Stockholm är …").
    pub goal: String,
    pub process: Option<String>,
    pub method: Option<String>,
    pub event: String,
    pub probability: i8,
    pub consequence: i8,
}

impl Risk {
    pub fn risk_value(&self) -> i16 {
        i16::from(self.probability) * i16::from(self.consequence)
    }
}

/// A plan's systematisk kontroll and kontrollaktivitet.
pub type Control = (String, String);

/// Which generated risks go into the plan: most of the critical ones.
pub fn in_plan(number: usize, risk_value: i16) -> bool {
    risk_value >= 12 && !number.is_multiple_of(3)
}

/// Sannolikhet and konsekvens labels of `templates/values.toml`.
const PROBABILITY: [&str; 5] = ["Osannolikt", "Mindre sannolikt", "Möjlig", "Sannolikt", "Mycket sannolikt"];
const CONSEQUENCE: [&str; 5] = ["Försumbar", "Lindrig", "Kännbar", "Allvarlig", "Mycket allvarlig"];
const IKP_YES: &str = "Ja";
const IKP_NO: &str = "Nej, endast VoR";

fn step(labels: &[&str; 5], value: i8) -> String {
    match usize::try_from(value).ok().filter(|value| (1..=5).contains(value)) {
        Some(index) => format!("{value}. {}", labels[index - 1]),
        None => String::new(),
    }
}

/// Splits "1.2. Stockholm är …" into ("1.2", "Stockholm är …"), as riskreg reads a goal
/// (`^(?:Mål\s+)?(\d{1,2}(?:\.\d{1,2})+)\.?\s+(\S.*)$`).
pub fn split_goal(goal: &str) -> (Option<&str>, &str) {
    let rest =
        goal.strip_prefix("Mål").filter(|rest| rest.starts_with(char::is_whitespace)).map_or(goal, str::trim_start);
    let digits = |text: &str| text.bytes().take_while(u8::is_ascii_digit).count();
    let first = digits(rest);
    if !(1..=2).contains(&first) {
        return (None, goal);
    }
    let mut end = first;
    let mut groups = 0;
    while rest[end..].starts_with('.') {
        let more = digits(&rest[end + 1..]);
        if !(1..=2).contains(&more) {
            break;
        }
        end += 1 + more;
        groups += 1;
    }
    if groups == 0 {
        return (None, goal);
    }
    let id = &rest[..end];
    let after = rest[end..].strip_prefix('.').unwrap_or(&rest[end..]);
    let text = after.trim_start_matches(char::is_whitespace);
    if text.len() == after.len() || text.is_empty() || text.contains('\n') {
        return (None, goal);
    }
    (Some(id), text)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Vor,
    Ikp,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Goal,
    Process,
    Method,
    RiskNo,
    Event,
    Probability,
    Consequence,
    RiskValue,
    InIkp,
    Control,
    ControlActivity,
}

struct Column {
    field: Field,
    heading: &'static str,
    width: f64,
    optional: bool,
}

const fn column(field: Field, heading: &'static str, width: f64, optional: bool) -> Column {
    Column { field, heading, width, optional }
}

/// `[vor]` of templates/standard.toml. The analysis column of `[ikp]` is left out: no
/// generated row has one, and an optional column without values is not written.
const VOR: [Column; 11] = [
    column(Field::Goal, "KF:s mål för verksamhetsområdet", 36.0, false),
    column(Field::Process, "Process", 28.0, false),
    column(Field::Method, "Arbetssätt", 32.0, false),
    column(Field::RiskNo, "Nr", 6.0, false),
    column(Field::Event, "Oönskad händelse", 44.0, true),
    column(Field::Probability, "Sannolikhet", 18.0, false),
    column(Field::Consequence, "Konsekvens", 18.0, false),
    column(Field::RiskValue, "RV", 6.0, false),
    column(Field::InIkp, "IKP", 16.0, true),
    column(Field::Control, "Systematisk kontroll", 32.0, true),
    column(Field::ControlActivity, "Kontrollaktivitet", 40.0, true),
];
const IKP: [Column; 7] = [
    column(Field::Process, "Process", 28.0, false),
    column(Field::Method, "Arbetssätt", 32.0, false),
    column(Field::Control, "Systematisk kontroll", 34.0, false),
    column(Field::RiskNo, "Nr", 6.0, true),
    column(Field::Event, "Oönskad händelse", 40.0, true),
    column(Field::RiskValue, "RV", 6.0, true),
    column(Field::ControlActivity, "Kontrollaktivitet", 44.0, false),
];

struct Layout {
    sheet: &'static str,
    title: [&'static str; 2],
    goal_as_section: bool,
    merge: &'static [Field],
    blank_repeats: &'static [Field],
    columns: &'static [Column],
    /// riskreg's carry-down order of the kind (src/detect/kind.rs `hierarchy`).
    hierarchy: &'static [Field],
}

/// The standard VoR with goals merged and processes and arbetssätt written only where they
/// change (the former generator's "messy" layout).
const VOR_LAYOUT: Layout = Layout {
    sheet: "Väsentlighets- och riskanalys",
    title: ["Väsentlighets- och riskanalys {year}", "{district_genitive} stadsdelsnämnd"],
    goal_as_section: false,
    merge: &[Field::Goal],
    blank_repeats: &[Field::Process, Field::Method],
    columns: &VOR,
    hierarchy: &[Field::Goal, Field::Process, Field::Method],
};
const IKP_LAYOUT: Layout = Layout {
    sheet: "Internkontrollplan",
    title: ["Internkontrollplan {year}", "{district_genitive} stadsdelsnämnd"],
    goal_as_section: true,
    merge: &[Field::Process, Field::Method],
    blank_repeats: &[],
    columns: &IKP,
    hierarchy: &[Field::Goal, Field::Process, Field::Method, Field::Control],
};

/// One row of a sheet, as riskreg's frame held it.
struct Row<'a> {
    risk: &'a Risk,
    number: usize,
    kind: Kind,
    in_plan: bool,
    control: Option<&'a Control>,
}

impl Row<'_> {
    fn goal(&self) -> Option<String> {
        let (id, text) = split_goal(&self.risk.goal);
        Some(match id {
            Some(id) => format!("{id} {text}"),
            None => text.to_string(),
        })
    }

    fn goal_heading(&self) -> Option<String> {
        let (id, _) = split_goal(&self.risk.goal);
        let goal = self.goal()?;
        Some(if id.is_some() { goal } else { format!("Mål: {goal}") })
    }

    /// The text of a field as the standard template writes it.
    fn cell(&self, field: Field) -> String {
        let risk = self.risk;
        let vor = self.kind == Kind::Vor;
        let text = match field {
            Field::Goal => self.goal(),
            Field::Process => risk.process.clone(),
            Field::Method => risk.method.clone(),
            Field::RiskNo => Some((self.number + 1).to_string()),
            Field::Event => Some(risk.event.clone()),
            Field::Probability => vor.then(|| step(&PROBABILITY, risk.probability)),
            Field::Consequence => vor.then(|| step(&CONSEQUENCE, risk.consequence)),
            Field::RiskValue => Some(risk.risk_value().to_string()),
            Field::InIkp => vor.then(|| (if self.in_plan { IKP_YES } else { IKP_NO }).to_string()),
            Field::Control => self.control.filter(|_| !vor).map(|(control, _)| control.clone()),
            Field::ControlActivity => self.control.filter(|_| !vor).map(|(_, activity)| activity.clone()),
        };
        text.unwrap_or_default()
    }
}

struct Formats {
    title: Format,
    header: Format,
    section: Format,
    cell: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: cell.clone().set_bold().set_background_color(Color::RGB(0xD9_E1_F2)),
            section: Format::new().set_bold().set_italic(),
            cell,
        }
    }
}

/// Deflate level of riskreg's workbooks (src/write/workbook/mod.rs `ZIP_LEVEL`).
const ZIP_LEVEL: u8 = 1;

/// Excel's limit on the characters (UTF-16 units) of one cell, and riskreg's cut.
const MAX_CELL: usize = 32_767;

fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_CELL || text.encode_utf16().count() <= MAX_CELL {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut units = 0;
    let cut = text.char_indices().find(|(_, c)| {
        units += c.len_utf16();
        units > MAX_CELL - 16
    });
    std::borrow::Cow::Owned(format!("{} […]", &text[..cut.map_or(text.len(), |(index, _)| index)]))
}

/// "Bromma" stays "Bromma stadsdelsnämnd"; "Södermalm" becomes "Södermalms".
fn genitive(name: &str) -> String {
    let ends_in_vowel = name.chars().last().is_some_and(|c| "aeiouyåäöAEIOUYÅÄÖsxz".contains(c));
    if ends_in_vowel {
        name.to_string()
    } else {
        format!("{name}s")
    }
}

/// Writes one register workbook: the VoR sheet, the plan sheet when `with_plan`, and
/// "Ej placerat".
pub fn write_workbook(
    register: &[Risk],
    controls: &[Control],
    district: &str,
    year: i32,
    path: &Path,
    with_plan: bool,
) -> Result<(), String> {
    let xlsx = |err: XlsxError| format!("{}: {err}", path.display());
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new().set_author("riskreg").set_comment("Skapad av riskreg");
    if let Ok(fixed) = ExcelDateTime::from_ymd(2000, 1, 1) {
        properties = properties.set_creation_datetime(&fixed);
    }
    workbook.set_properties(&properties);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    for kind in [Kind::Vor, Kind::Ikp] {
        if kind == Kind::Ikp && !with_plan {
            continue;
        }
        let rows: Vec<Row<'_>> = register
            .iter()
            .enumerate()
            .filter_map(|(number, risk)| {
                let in_plan = in_plan(number, risk.risk_value());
                (kind == Kind::Vor || in_plan).then(|| Row {
                    risk,
                    number,
                    kind,
                    in_plan,
                    control: controls.get(number % controls.len().max(1)),
                })
            })
            .collect();
        let layout = if kind == Kind::Vor { &VOR_LAYOUT } else { &IKP_LAYOUT };
        let sheet = workbook.add_worksheet();
        sheet.set_name(layout.sheet).map_err(xlsx)?;
        write_sheet(sheet, layout, &formats, &rows, district, year).map_err(xlsx)?;
    }
    write_unplaced(workbook.add_worksheet()).map_err(xlsx)?;
    let file = File::create(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let mut out = BufWriter::new(file);
    workbook.save_to_writer(&mut out).map_err(xlsx)?;
    out.flush().map_err(|err| format!("{}: {err}", path.display()))
}

/// riskreg's src/write/template.rs `SheetWriter::write`.
fn write_sheet(
    sheet: &mut Worksheet,
    layout: &Layout,
    formats: &Formats,
    rows: &[Row<'_>],
    district: &str,
    year: i32,
) -> Result<(), XlsxError> {
    let columns: Vec<&Column> = layout
        .columns
        .iter()
        .filter(|column| !column.optional || rows.iter().any(|row| !row.cell(column.field).is_empty()))
        .collect();
    let last_column = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    let mut next = 0u32;
    if !rows.is_empty() {
        for line in layout.title {
            let text = line
                .replace("{year}", &year.to_string())
                .replace("{district_genitive}", &genitive(district))
                .replace("{district}", district);
            let format = if next == 0 { &formats.title } else { &formats.section };
            if last_column > 0 {
                sheet.merge_range(next, 0, next, last_column, &text, format)?;
            } else {
                sheet.write_string_with_format(next, 0, text, format)?;
            }
            next += 1;
        }
    }
    next += 1;
    for (index, column) in columns.iter().enumerate() {
        let index = u16::try_from(index).unwrap_or(u16::MAX);
        sheet.set_column_width(index, column.width)?;
        sheet.write_string_with_format(next, index, column.heading, &formats.header)?;
    }
    sheet.set_freeze_panes(next + 1, 0)?;
    next += 1;
    let mut goal: Option<String> = None;
    let mut placed: Vec<(u32, usize)> = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        if layout.goal_as_section {
            let this_goal = row.goal();
            if let Some(heading) = row.goal_heading().filter(|_| this_goal != goal) {
                sheet.write_string_with_format(next, 0, fit(&heading).as_ref(), &formats.section)?;
                next += 1;
            }
            goal = this_goal;
        }
        placed.push((next, index));
        next += 1;
    }
    for (index, column) in columns.iter().enumerate() {
        let index = u16::try_from(index).unwrap_or(u16::MAX);
        let merge = layout.merge.contains(&column.field);
        if merge || layout.blank_repeats.contains(&column.field) {
            run_column(sheet, layout, formats, index, column.field, rows, &placed, merge)?;
        } else {
            for (sheet_row, row) in &placed {
                write_cell(sheet, formats, *sheet_row, index, column.field, &rows[*row])?;
            }
        }
    }
    Ok(())
}

/// A merge run continues while the value and every value of the fields above it in the
/// carry-down order are equal.
fn merge_key(layout: &Layout, field: Field, row: &Row<'_>) -> (String, Vec<String>) {
    let parents =
        layout.hierarchy.iter().take_while(|parent| **parent != field).map(|parent| row.cell(*parent)).collect();
    (row.cell(field), parents)
}

/// Runs of equal consecutive values as one merged cell (`merge`), or written once with
/// blank cells below.
#[allow(clippy::too_many_arguments)]
fn run_column(
    sheet: &mut Worksheet,
    layout: &Layout,
    formats: &Formats,
    column: u16,
    field: Field,
    rows: &[Row<'_>],
    placed: &[(u32, usize)],
    merge: bool,
) -> Result<(), XlsxError> {
    let mut start = 0;
    while start < placed.len() {
        let key = merge_key(layout, field, &rows[placed[start].1]);
        let mut end = start;
        while end + 1 < placed.len()
            && placed[end + 1].0 == placed[end].0 + 1
            && !key.0.is_empty()
            && merge_key(layout, field, &rows[placed[end + 1].1]) == key
        {
            end += 1;
        }
        let (first_row, last_row) = (placed[start].0, placed[end].0);
        if merge && last_row > first_row {
            sheet.merge_range(first_row, column, last_row, column, fit(&key.0).as_ref(), &formats.cell)?;
        } else {
            write_cell(sheet, formats, first_row, column, field, &rows[placed[start].1])?;
        }
        start = end + 1;
    }
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    formats: &Formats,
    sheet_row: u32,
    column: u16,
    field: Field,
    row: &Row<'_>,
) -> Result<(), XlsxError> {
    let number = match field {
        Field::RiskNo => Some((row.number + 1) as f64),
        Field::RiskValue => Some(f64::from(row.risk.risk_value())),
        _ => None,
    };
    match number {
        Some(number) => sheet.write_number_with_format(sheet_row, column, number, &formats.cell)?,
        None => sheet.write_string_with_format(sheet_row, column, fit(&row.cell(field)).as_ref(), &formats.cell)?,
    };
    Ok(())
}

/// riskreg's "Ej placerat" sheet with no issues: an empty Excel table
/// (src/write/workbook/quality.rs `write_issues`, table.rs `write_table`).
fn write_unplaced(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name("Ej placerat")?;
    let top = Format::new().set_align(FormatAlign::Top);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F_4E_78))
        .set_border_bottom(FormatBorder::Thin);
    let text = top.clone();
    let wrap = top.clone().set_text_wrap();
    let number = top.clone();
    let columns: [(&str, f64, &Format); 7] = [
        ("Fil", 36.0, &text),
        ("Blad", 18.0, &text),
        ("Rad", 6.0, &number),
        ("Kolumn", 18.0, &text),
        ("Värde", 30.0, &wrap),
        ("Flagga", 18.0, &text),
        ("Orsak", 60.0, &wrap),
    ];
    for (index, (_, width, format)) in columns.iter().enumerate() {
        sheet.set_column_width(index as u16, *width)?;
        sheet.set_column_format(index as u16, format)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_row_height(0, 30)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    let headers: Vec<TableColumn> = columns
        .iter()
        .map(|(heading, _, _)| TableColumn::new().set_header(*heading).set_header_format(&header))
        .collect();
    let table = Table::new().set_name("EjPlacerat").set_style(TableStyle::Medium2).set_columns(&headers);
    sheet.add_table(0, 0, 1, columns.len() as u16 - 1, &table)?;
    Ok(())
}

/// The register as a Windows-1252 `;` CSV: two title rows, the standard VoR header, values
/// as the template writes them, blank continuation cells for goal and process.
///
/// The former generator left "Oönskad händelse" out of the header while writing the event
/// in every row, so that riskreg read the events as sannolikhet (every row flagged
/// `probability_invalid`, no event kept); here the header has the column.
pub fn write_csv(register: &[Risk], district: &str, year: i32, path: &Path) -> Result<(), String> {
    let csv_error = |err: csv::Error| format!("{}: {err}", path.display());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    writer
        .write_record([format!("{district} stadsdelsnämnd – Väsentlighets- och riskanalys {year}")])
        .map_err(csv_error)?;
    writer.write_record([""]).map_err(csv_error)?;
    let headings = VOR
        .iter()
        .filter(|column| !column.optional || matches!(column.field, Field::Event | Field::InIkp))
        .map(|column| column.heading);
    writer.write_record(headings).map_err(csv_error)?;
    let mut previous: Option<&Risk> = None;
    for (number, risk) in register.iter().enumerate() {
        let same_goal = previous.is_some_and(|previous| previous.goal == risk.goal);
        let same_process = same_goal && previous.is_some_and(|previous| previous.process == risk.process);
        let risk_value = risk.risk_value();
        let ikp = if in_plan(number, risk_value) { IKP_YES } else { IKP_NO };
        writer
            .write_record([
                if same_goal { "" } else { &risk.goal },
                if same_process { "" } else { risk.process.as_deref().unwrap_or_default() },
                risk.method.as_deref().unwrap_or_default(),
                &(number + 1).to_string(),
                &risk.event,
                &step(&PROBABILITY, risk.probability),
                &step(&CONSEQUENCE, risk.consequence),
                &risk_value.to_string(),
                ikp,
            ])
            .map_err(csv_error)?;
        previous = Some(risk);
    }
    let text = writer.into_inner().map_err(|err| format!("{}: {err}", path.display()))?;
    let text = String::from_utf8_lossy(&text);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(path, &bytes).map_err(|err| format!("{}: {err}", path.display()))
}
