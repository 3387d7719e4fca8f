//! `convert`: a register in the city's standard layout of `standard.toml`: title rows
//! naming the register, district and year, the standard header, goal and process cells
//! merged over their rows, values written as the template writes them ("4. Sannolikt",
//! "Nej, endast VoR"), and a sheet "Ej placerat" with every flag and rejected row.
//!
//! Nothing is invented and nothing lost: a value riskreg could not read is written back
//! as it was found, an RV that was computed is left empty, so reading the converted file
//! gives the same register rows as reading the original.

use std::collections::HashMap;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::workbook::styles::Styles;
use super::workbook::table::fit;
use super::workbook::table::wrapped_height;
use super::workbook::{new_workbook, save};
use crate::error::{Error, Result};
use crate::normalise::quality::{Finding, Issue};
use crate::normalise::register::{Register, Row};
use crate::schema::{Field, Flag, Kind};
use crate::templates::{Layout, ScaleStep, Templates};

/// The name of the sheet listing flags and rejected rows.
pub const UNPLACED: &str = "Ej placerat";

/// Writes one converted workbook: a standard sheet per source sheet with rows (its
/// `registers`, in sheet order), then "Ej placerat" with the file's `issues`.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn write(registers: &[&Register], issues: &[&Issue], templates: &Templates, path: &Path) -> Result<()> {
    let styles = Styles::new(&templates.levels);
    let formats = Formats::new();
    let raw = raw_values(issues);
    let mut workbook =
        new_workbook("convert", &registers.iter().map(|register| register.location.file.as_str()).collect::<Vec<_>>());
    let xlsx = |err: XlsxError| Error::xlsx(path, err);
    let mut used: Vec<String> = Vec::new();
    for register in registers {
        let layout = match register.kind {
            Kind::Vor => &templates.standard.vor,
            Kind::Ikp => &templates.standard.ikp,
            Kind::Uppfoljning => &templates.standard.uppfoljning,
        };
        let name = unique_name(&layout.sheet, &used);
        used.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(xlsx)?;
        let writer = SheetWriter { register, layout, templates, formats: &formats, raw: &raw };
        writer.write(sheet).map_err(xlsx)?;
    }
    super::workbook::quality::write_issues(
        workbook.add_worksheet(),
        &styles,
        (UNPLACED, "EjPlacerat"),
        issues,
        templates,
        None,
    )
    .map_err(xlsx)?;
    save(workbook, path)
}

/// "Väsentlighets- och riskanalys", then "… (2)" for a second sheet of the same kind.
fn unique_name(base: &str, used: &[String]) -> String {
    (1..)
        .map(|n| if n == 1 { base.to_string() } else { format!("{} ({n})", base.chars().take(25).collect::<String>()) })
        .find(|name| !used.contains(name))
        .unwrap_or_else(|| base.to_string())
}

struct Formats {
    title: Format,
    header: Format,
    section: Format,
    cell: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        let cell =
            Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(rust_xlsxwriter::FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: cell.clone().set_bold().set_background_color(rust_xlsxwriter::Color::RGB(0xD9_E1_F2)),
            section: Format::new().set_bold().set_italic(),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            cell,
        }
    }
}

/// Values riskreg could not read, by (sheet, row, field), to write back as found.
type RawValues<'a> = HashMap<(&'a str, u32, Field), &'a str>;

fn raw_values<'a>(issues: &[&'a Issue]) -> RawValues<'a> {
    issues
        .iter()
        .filter(|issue| {
            matches!(
                issue.finding,
                Finding::Flag(
                    Flag::ProbabilityInvalid
                        | Flag::ConsequenceInvalid
                        | Flag::RiskValueInvalid
                        | Flag::InIkpInvalid
                        | Flag::RiskNoInvalid
                        | Flag::DateInvalid
                        | Flag::StatusUnknown
                )
            )
        })
        .filter_map(|issue| {
            let place = (issue.location.sheet.as_deref().unwrap_or_default(), issue.location.row?, issue.field?);
            Some((place, issue.value.as_str()))
        })
        .collect()
}

struct SheetWriter<'w> {
    register: &'w Register,
    layout: &'w Layout,
    templates: &'w Templates,
    formats: &'w Formats,
    raw: &'w RawValues<'w>,
}

impl SheetWriter<'_> {
    fn write(&self, sheet: &mut Worksheet) -> std::result::Result<(), XlsxError> {
        let rows = &self.register.rows;
        let columns: Vec<_> = self
            .layout
            .columns
            .iter()
            .filter(|column| !column.optional || rows.iter().any(|row| !self.cell(column.field, row).is_empty()))
            .collect();
        let last_column = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
        let mut next = 0u32;
        for line in &self.layout.title {
            if let Some(text) = rows.first().and_then(|_| self.title(line)) {
                let format = if next == 0 { &self.formats.title } else { &self.formats.section };
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
            sheet.write_string_with_format(next, index, &column.heading, &self.formats.header)?;
        }
        sheet.set_freeze_panes(next + 1, 0)?;
        super::workbook::table::print_setup(sheet, Some(next))?;
        next += 1;
        let mut goal: Option<String> = None;
        let mut placed: Vec<(u32, &Row)> = Vec::with_capacity(rows.len());
        for row in rows {
            if self.layout.goal_as_section {
                let this_goal = goal_text(row);
                if let Some(heading) = goal_heading(row).filter(|_| this_goal != goal) {
                    sheet.write_string_with_format(next, 0, fit(&heading).as_ref(), &self.formats.section)?;
                    next += 1;
                }
                goal = this_goal;
            }
            let texts: Vec<(String, f64)> =
                columns.iter().map(|column| (self.cell(column.field, row), column.width)).collect();
            let height = wrapped_height(texts.iter().map(|(text, width)| (text.as_str(), *width)));
            if let Some(height) = height {
                sheet.set_row_height(next, height)?;
            }
            placed.push((next, row));
            next += 1;
        }
        for (index, column) in columns.iter().enumerate() {
            let index = u16::try_from(index).unwrap_or(u16::MAX);
            let merge = self.layout.merge.contains(&column.field);
            if merge || self.layout.blank_repeats.contains(&column.field) {
                self.run_column(sheet, index, column.field, &placed, merge)?;
            } else {
                for (sheet_row, row) in &placed {
                    self.write_cell(sheet, *sheet_row, index, column.field, row)?;
                }
            }
        }
        Ok(())
    }

    /// A title line with its placeholders filled; `None` when a value is unknown.
    fn title(&self, line: &str) -> Option<String> {
        let district = self.register.district.as_ref().map(|district| district.name.as_str());
        let year = self.register.year.map(|year| year.to_string());
        let mut text = line.to_string();
        for (placeholder, value) in [
            ("{year}", year),
            ("{district_genitive}", district.map(genitive)),
            ("{district}", district.map(str::to_string)),
        ] {
            if text.contains(placeholder) {
                text = text.replace(placeholder, &value?);
            }
        }
        Some(text)
    }

    /// Runs of equal consecutive values (under the same parent values) as one merged
    /// cell (`merge`), or written once with blank cells below.
    fn run_column(
        &self,
        sheet: &mut Worksheet,
        column: u16,
        field: Field,
        placed: &[(u32, &Row)],
        merge: bool,
    ) -> std::result::Result<(), XlsxError> {
        let mut start = 0;
        while start < placed.len() {
            let key = self.merge_key(field, placed[start].1);
            let mut end = start;
            while end + 1 < placed.len()
                && placed[end + 1].0 == placed[end].0 + 1
                && !key.0.is_empty()
                && self.merge_key(field, placed[end + 1].1) == key
            {
                end += 1;
            }
            let (first_row, last_row) = (placed[start].0, placed[end].0);
            if merge && last_row > first_row {
                sheet.merge_range(first_row, column, last_row, column, fit(&key.0).as_ref(), &self.formats.cell)?;
            } else {
                self.write_cell(sheet, first_row, column, field, placed[start].1)?;
            }
            start = end + 1;
        }
        Ok(())
    }

    /// A merge run continues while the value and every value of the fields above it
    /// in the carry-down order are equal.
    fn merge_key(&self, field: Field, row: &Row) -> (String, Vec<String>) {
        let hierarchy = self.register.kind.hierarchy();
        let parents =
            hierarchy.iter().take_while(|parent| **parent != field).map(|parent| self.cell(*parent, row)).collect();
        (self.cell(field, row), parents)
    }

    fn write_cell(
        &self,
        sheet: &mut Worksheet,
        sheet_row: u32,
        column: u16,
        field: Field,
        row: &Row,
    ) -> std::result::Result<(), XlsxError> {
        let date = match field {
            Field::StartDate => row.start_date,
            Field::EndDate => row.end_date,
            _ => None,
        };
        let number = match field {
            Field::RiskNo => row.risk_no.map(f64::from),
            Field::RiskValue if !row.flags.contains(Flag::RvComputed) => row.risk_value.map(f64::from),
            _ => None,
        };
        match (date, number) {
            (Some(date), _) => sheet.write_date_with_format(sheet_row, column, date, &self.formats.date)?,
            (_, Some(number)) => sheet.write_number_with_format(sheet_row, column, number, &self.formats.cell)?,
            _ => sheet.write_string_with_format(
                sheet_row,
                column,
                fit(&self.cell(field, row)).as_ref(),
                &self.formats.cell,
            )?,
        };
        Ok(())
    }

    /// The text of a field as the standard template writes it, or the value as found
    /// when riskreg could not read it.
    fn cell(&self, field: Field, row: &Row) -> String {
        let values = &self.templates.values;
        let step = |scale: &[ScaleStep], value: Option<i8>| {
            value.and_then(|value| {
                scale
                    .iter()
                    .find(|step| i16::from(step.value) == i16::from(value))
                    .map(|step| format!("{value}. {}", step.label))
            })
        };
        let text = |text: &Option<crate::schema::Text>| text.as_deref().map(str::to_string);
        let value = match field {
            Field::Goal => goal_text(row),
            Field::Process => text(&row.process),
            Field::Method => text(&row.method),
            Field::RiskNo => row.risk_no.map(|number| number.to_string()),
            Field::Event => text(&row.event),
            Field::Probability => step(&values.probability, row.probability),
            Field::Consequence => step(&values.consequence, row.consequence),
            Field::RiskValue => {
                row.risk_value.filter(|_| !row.flags.contains(Flag::RvComputed)).map(|value| value.to_string())
            }
            Field::InIkp => {
                row.in_ikp.map(|yes| if yes { values.in_ikp.yes_label.clone() } else { values.in_ikp.no_label.clone() })
            }
            Field::Control => text(&row.control),
            Field::ControlActivity => text(&row.control_activity),
            Field::Measure => text(&row.measure),
            Field::Status => row.status.map(|status| values.status_label(status).to_string()),
            Field::StartDate => row.start_date.map(|date| date.to_string()),
            Field::EndDate => row.end_date.map(|date| date.to_string()),
            Field::Analysis => text(&row.analysis),
            Field::Responsible => text(&row.responsible),
            Field::Frequency => text(&row.frequency),
            Field::ReportedTo => text(&row.reported_to),
            Field::Level => text(&row.stated_level),
        };
        value
            .or_else(|| {
                let sheet = self.register.location.sheet.as_deref().unwrap_or_default();
                self.raw.get(&(sheet, row.source_row, field)).map(|raw| (*raw).to_string())
            })
            .unwrap_or_default()
    }
}

/// The goal as written in the source: its number, then its text.
fn goal_text(row: &Row) -> Option<String> {
    let text = row.goal.as_deref()?;
    Some(match row.goal_id.as_deref() {
        Some(id) => format!("{id} {text}"),
        None => text.to_string(),
    })
}

/// A goal heading row: numbered goals as they are, others as "Mål: …" so that they read
/// back as goals.
fn goal_heading(row: &Row) -> Option<String> {
    let goal = goal_text(row)?;
    Some(if row.goal_id.is_some() { goal } else { format!("Mål: {goal}") })
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

#[cfg(test)]
mod tests;
