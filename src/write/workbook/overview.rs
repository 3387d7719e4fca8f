//! Översikt: per district and year, the risks by level, mean and highest RV, the plan
//! and the measures by status; per year the totals; and native charts of both.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Chart, ChartFormat, ChartSolidFill, ChartType, Color, Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{write_table, Column, Style, TableSpec, Value};
use crate::compare::year_over_year::{self, ChangeKind};
use crate::compare::Comparison;
use crate::normalise::register::{Register, Row};
use crate::pipeline::Batch;
use crate::schema::{Kind, Status};
use crate::templates::{Level, Templates};

/// The sheet's name.
pub const SHEET: &str = "Översikt";
/// The header row of the district × year table.
pub const TABLE_ROW: u32 = 3;
/// What a district is called when it is unknown.
pub const UNKNOWN_DISTRICT: &str = "(okänd)";

/// The figures of one district and year.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    /// VoR rows.
    pub risks: u32,
    /// VoR rows per level name.
    pub levels: BTreeMap<String, u32>,
    /// Sum of RV over VoR rows with an RV.
    pub rv_sum: f64,
    /// VoR rows with an RV.
    pub rv_count: u32,
    /// Highest RV.
    pub rv_max: Option<i16>,
    /// VoR rows marked for the plan.
    pub in_ikp: u32,
    /// Internkontrollplan rows.
    pub plan_rows: u32,
    /// Follow-up rows.
    pub measures: u32,
    /// Follow-up rows per status (`None`: no or unknown status).
    pub statuses: BTreeMap<Option<Status>, u32>,
}

impl Figures {
    fn add(&mut self, kind: Kind, row: &Row, templates: &Templates) {
        match kind {
            Kind::Vor => {
                self.risks += 1;
                if let Some(level) = row.risk_value.and_then(|value| templates.level_of(value)) {
                    *self.levels.entry(level.name.clone()).or_default() += 1;
                }
                if let Some(rv) = row.risk_value {
                    self.rv_sum += f64::from(rv);
                    self.rv_count += 1;
                    self.rv_max = self.rv_max.max(Some(rv));
                }
                self.in_ikp += u32::from(row.in_ikp == Some(true));
            }
            Kind::Ikp => self.plan_rows += 1,
            Kind::Uppfoljning => {
                self.measures += 1;
                *self.statuses.entry(row.status).or_default() += 1;
            }
        }
    }

    fn mean_rv(&self) -> Option<f64> {
        (self.rv_count > 0).then(|| self.rv_sum / f64::from(self.rv_count))
    }
}

/// A row of the table: unknown years last, then year, then district.
pub type Key = (bool, Option<i32>, String);

/// Figures per district and year.
pub fn figures(registers: &[Register], templates: &Templates) -> BTreeMap<Key, Figures> {
    let mut figures: BTreeMap<Key, Figures> = BTreeMap::new();
    for register in registers.iter().filter(|register| !register.rows.is_empty()) {
        let district = register.district_current().unwrap_or(UNKNOWN_DISTRICT).to_string();
        let year = register.year;
        let figures = figures.entry((year.is_none(), year, district)).or_default();
        register.rows.iter().for_each(|row| figures.add(register.kind, row, templates));
    }
    figures
}

/// Writes the sheet.
///
/// # Errors
/// The writer's error.
pub fn write(
    sheet: &mut Worksheet,
    styles: &Styles,
    batch: &Batch,
    comparison: &Comparison,
    templates: &Templates,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    let changes = year_over_year::counts(&comparison.changes);
    sheet.write_string_with_format(0, 0, "Riskregister – sammanställning", &styles.title)?;
    sheet.write_string_with_format(1, 0, summary_line(batch), &styles.subtitle)?;
    let levels = templates.levels_by_severity();
    let figures = figures(&batch.registers, templates);

    let mut columns = vec![
        Column::new("Stadsdelsnämnd", 22.0, Style::Text),
        Column::new("År", 7.0, Style::Number),
        Column::new("Risker", 8.0, Style::Number),
    ];
    columns.extend(levels.iter().map(|level| Column::new(&level.name, 9.0, Style::Number)));
    columns.extend([
        Column::new("Medel-RV", 9.0, Style::Decimal),
        Column::new("Max-RV", 8.0, Style::Number),
        Column::new("I IKP", 7.0, Style::Number),
        Column::new("Planrader", 10.0, Style::Number),
        Column::new("Åtgärder", 9.0, Style::Number),
    ]);
    columns.extend(
        Status::ALL.iter().map(|status| Column::new(templates.values.status_label(*status), 12.0, Style::Number)),
    );
    columns.push(Column::new("Utan känd status", 10.0, Style::Number));
    columns.extend(ChangeKind::ALL.iter().map(|change| Column::new(change_heading(*change), 10.0, Style::Number)));
    let rows = figures.iter().map(|((_, year, district), figures)| {
        let mut row =
            vec![Value::text(Some(district.as_str())), Value::number(*year), Value::Number(f64::from(figures.risks))];
        row.extend(
            levels.iter().map(|level| Value::Number(f64::from(figures.levels.get(&level.name).copied().unwrap_or(0)))),
        );
        row.extend([
            Value::number(figures.mean_rv()),
            Value::number(figures.rv_max),
            Value::Number(f64::from(figures.in_ikp)),
            Value::Number(f64::from(figures.plan_rows)),
            Value::Number(f64::from(figures.measures)),
        ]);
        row.extend(
            Status::ALL
                .iter()
                .map(|status| Value::Number(f64::from(figures.statuses.get(&Some(*status)).copied().unwrap_or(0)))),
        );
        row.push(Value::Number(f64::from(figures.statuses.get(&None).copied().unwrap_or(0))));
        let counted = year.and_then(|year| changes.get(&(district.clone(), year)));
        row.extend(ChangeKind::ALL.iter().map(|change| {
            Value::Number(f64::from(counted.and_then(|counts| counts.get(change)).copied().unwrap_or(0)))
        }));
        row
    });
    let spec =
        TableSpec { name: "Oversikt", first_row: TABLE_ROW, first_column: 0, columns: &columns, whole_sheet: false };
    write_table(sheet, styles, &spec, figures.len(), rows)?;
    sheet.set_freeze_panes(TABLE_ROW + 1, 1)?;
    sheet.set_row_height(TABLE_ROW, 30)?;

    let per_year = per_year(&figures);
    let year_row = TABLE_ROW + u32::try_from(figures.len().max(1)).unwrap_or(u32::MAX) + 3;
    sheet.write_string_with_format(year_row - 1, 0, "Per år", &styles.heading)?;
    let mut year_columns = vec![
        Column::new("År", 7.0, Style::Number),
        Column::new("Stadsdelsnämnder", 18.0, Style::Number),
        Column::new("Risker", 8.0, Style::Number),
    ];
    year_columns.extend(levels.iter().map(|level| Column::new(&level.name, 9.0, Style::Number)));
    year_columns.extend([Column::new("Planrader", 10.0, Style::Number), Column::new("Åtgärder", 9.0, Style::Number)]);
    let year_rows = per_year.iter().map(|(year, (districts, figures))| {
        let mut row = vec![
            Value::Number(f64::from(*year)),
            Value::Number(*districts as f64),
            Value::Number(f64::from(figures.risks)),
        ];
        row.extend(
            levels.iter().map(|level| Value::Number(f64::from(figures.levels.get(&level.name).copied().unwrap_or(0)))),
        );
        row.extend([Value::Number(f64::from(figures.plan_rows)), Value::Number(f64::from(figures.measures))]);
        row
    });
    let spec =
        TableSpec { name: "PerAr", first_row: year_row, first_column: 0, columns: &year_columns, whole_sheet: false };
    write_table(sheet, styles, &spec, per_year.len(), year_rows)?;
    sheet.set_row_height(year_row, 30)?;

    // The two tables share the columns: each as wide as its widest heading needs.
    for (index, column) in columns.iter().enumerate() {
        let width = year_columns.get(index).map_or(column.width, |other| column.width.max(other.width));
        sheet.set_column_width(u16::try_from(index).unwrap_or(u16::MAX), width)?;
    }
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    let chart_row = year_row + u32::try_from(per_year.len().max(1)).unwrap_or(u32::MAX) + 3;
    charts(sheet, styles, &figures, &per_year, &levels, year_row, chart_row)
}

/// The heading of a year-over-year change's count.
fn change_heading(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::New => "Nya händelser",
        ChangeKind::Removed => "Borttagna",
        ChangeKind::Raised => "Höjt RV",
        ChangeKind::Lowered => "Sänkt RV",
        ChangeKind::Unchanged => "Oförändrat RV",
        ChangeKind::Back => "Åter",
    }
}

/// The line under the title: what was read.
fn summary_line(batch: &Batch) -> String {
    let registers = || batch.registers.iter();
    let count = |kind: Kind| {
        registers().filter(|register| register.kind == kind).map(|register| register.rows.len()).sum::<usize>()
    };
    let sheets: usize =
        batch.files.iter().map(|file| file.sheets.iter().map(|sheet| sheet.tables.len()).sum::<usize>()).sum();
    let failed = batch.files.iter().filter(|file| file.error.is_some()).count();
    let flagged = registers().flat_map(|register| &register.rows).filter(|row| !row.flags.is_empty()).count();
    let rejected =
        batch.issues.iter().filter(|issue| issue.finding == crate::normalise::quality::Finding::Rejected).count();
    format!(
        "{} filer, {sheets} registerblad: {} risker, {} planrader, {} åtgärder. {flagged} rader med flaggor, {rejected} avvisade rader, {failed} filer kunde inte läsas (se Datakvalitet och Källor).",
        batch.files.len(),
        count(Kind::Vor),
        count(Kind::Ikp),
        count(Kind::Uppfoljning)
    )
}

/// Per year: the number of districts with risks, and the summed figures.
fn per_year(figures: &BTreeMap<Key, Figures>) -> BTreeMap<i32, (usize, Figures)> {
    let mut years: BTreeMap<i32, (usize, Figures)> = BTreeMap::new();
    for ((_, year, _), district) in figures {
        let Some(year) = year else { continue };
        let (districts, total) = years.entry(*year).or_default();
        *districts += usize::from(district.risks > 0);
        total.risks += district.risks;
        total.plan_rows += district.plan_rows;
        total.measures += district.measures;
        for (level, count) in &district.levels {
            *total.levels.entry(level.clone()).or_default() += count;
        }
    }
    years
}

/// Chart size in pixels, and the grid below the tables they are laid out in.
const CHART_WIDTH: u32 = 470;
const CHART_HEIGHT: u32 = 290;
const CHART_ROWS: u32 = 16;
const CHART_COLUMNS_APART: u16 = 6;

/// "Risker per år" (stacked by level) and one "Risknivåer {year}" chart per year,
/// stacked by level per district, two abreast below the tables from `chart_row`.
fn charts(
    sheet: &mut Worksheet,
    styles: &Styles,
    figures: &BTreeMap<Key, Figures>,
    per_year: &BTreeMap<i32, (usize, Figures)>,
    levels: &[&Level],
    year_row: u32,
    chart_row: u32,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(chart_row - 1, 0, "Diagram", &styles.heading)?;
    let level_column = |position: usize| u16::try_from(3 + position).unwrap_or(u16::MAX);
    let mut placed = 0u32;
    let mut place = |sheet: &mut Worksheet, chart: &Chart| -> Result<(), XlsxError> {
        let row = chart_row + (placed / 2) * CHART_ROWS;
        let column = u16::try_from(placed % 2).unwrap_or(0) * CHART_COLUMNS_APART;
        placed += 1;
        sheet.insert_chart(row, column, chart).map(|_| ())
    };
    if !per_year.is_empty() {
        let last = year_row + u32::try_from(per_year.len()).unwrap_or(u32::MAX);
        let mut chart = stacked_chart("Risker per år");
        for (position, level) in levels.iter().enumerate() {
            let column = level_column(position);
            chart
                .add_series()
                .set_name((SHEET, year_row, column))
                .set_categories((SHEET, year_row + 1, 0, last, 0))
                .set_values((SHEET, year_row + 1, column, last, column))
                .set_format(&mut fill(level))
                .set_gap(60);
        }
        place(sheet, &chart)?;
    }
    let mut first = TABLE_ROW + 1;
    for (year, (_, totals)) in per_year {
        let districts = figures.keys().filter(|(_, row_year, _)| *row_year == Some(*year)).count();
        let last = first + u32::try_from(districts).unwrap_or(0) - 1;
        if totals.risks == 0 {
            first = last + 1;
            continue;
        }
        let mut chart = stacked_chart(&format!("Risknivåer {year}"));
        for (position, level) in levels.iter().enumerate() {
            let column = level_column(position);
            chart
                .add_series()
                .set_name((SHEET, TABLE_ROW, column))
                .set_categories((SHEET, first, 0, last, 0))
                .set_values((SHEET, first, column, last, column))
                .set_format(&mut fill(level))
                .set_gap(60);
        }
        place(sheet, &chart)?;
        first = last + 1;
    }
    Ok(())
}

fn stacked_chart(title: &str) -> Chart {
    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart.title().set_name(title);
    chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    chart.y_axis().set_name("Antal risker");
    chart
}

fn fill(level: &Level) -> ChartFormat {
    let color = level.chart_color.as_deref().unwrap_or(&level.color);
    let rgb = u32::from_str_radix(color.trim_start_matches('#'), 16).unwrap_or(0x80_80_80);
    let mut format = ChartFormat::new();
    format.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(rgb)));
    format
}
