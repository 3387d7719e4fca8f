//! Översikt: per district and year, the risks by level, mean and highest RV, the plan
//! and the measures by status; per year the totals; and native charts of both.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartMarker, ChartMarkerType, ChartSolidFill, ChartType, Color, Worksheet, XlsxError,
};

use super::styles::{heat_scale, Styles};
use super::table::{print_setup, write_table, Column, Style, TableSpec, Value};
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
    let spec = TableSpec::block("Oversikt", TABLE_ROW, &columns);
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
    let spec = TableSpec::block("PerAr", year_row, &year_columns);
    write_table(sheet, styles, &spec, per_year.len(), year_rows)?;
    sheet.set_row_height(year_row, 30)?;

    // The two tables share the columns: each as wide as its widest heading needs.
    for (index, column) in columns.iter().enumerate() {
        let width = year_columns.get(index).map_or(column.width, |other| column.width.max(other.width));
        sheet.set_column_width(u16::try_from(index).unwrap_or(u16::MAX), width)?;
    }
    print_setup(sheet, None)?;
    let last = TABLE_ROW + u32::try_from(figures.len().max(1)).unwrap_or(u32::MAX);
    for (position, column) in columns.iter().enumerate() {
        if column.heading == "Medel-RV" || levels.first().is_some_and(|level| level.name == column.heading) {
            let column = u16::try_from(position).unwrap_or(u16::MAX);
            heat_scale(sheet, TABLE_ROW + 1, column, last, column)?;
        }
    }
    let trend_row = year_row + u32::try_from(per_year.len().max(1)).unwrap_or(u32::MAX) + 3;
    trends(sheet, styles, &figures, &levels, (year_row, per_year.len()), trend_row)
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

/// The line under the title: what was read, counted in words of the right number.
fn summary_line(batch: &Batch) -> String {
    use crate::svenska::count as n;
    let sheets: usize =
        batch.files.iter().map(|file| file.sheets.iter().map(|sheet| sheet.tables.len()).sum::<usize>()).sum();
    let unread = match batch.unread_files() {
        0 => "alla filer kunde läsas".to_string(),
        failed => n(failed, "fil kunde inte läsas", "filer kunde inte läsas"),
    };
    format!(
        "{}, {}: {}, {}, {}. {} med flaggor, {}, {unread} (se Datakvalitet och Källor).",
        n(batch.files.len(), "fil", "filer"),
        n(sheets, "registerblad", "registerblad"),
        n(batch.rows_of(Kind::Vor), "risk", "risker"),
        n(batch.rows_of(Kind::Ikp), "planrad", "planrader"),
        n(batch.rows_of(Kind::Uppfoljning), "åtgärd", "åtgärder"),
        n(batch.flagged_rows(), "rad", "rader"),
        n(batch.rejected_rows(), "avvisad rad", "avvisade rader"),
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

/// A measure followed across the years in a district × year table and a trend chart.
struct Trend {
    title: &'static str,
    table: &'static str,
    axis: &'static str,
    value: fn(&Figures, &[&Level]) -> Option<f64>,
}

/// The measures followed: risks, critical risks (the most severe level) and mean RV.
const TRENDS: [Trend; 3] = [
    Trend {
        title: "Antal risker",
        table: "TrendRisker",
        axis: "Risker",
        value: |figures, _| (figures.risks > 0).then_some(f64::from(figures.risks)),
    },
    Trend {
        title: "Antal risker på högsta nivån",
        table: "TrendHogsta",
        axis: "Risker",
        value: |figures, levels| {
            let top = levels.first()?;
            (figures.risks > 0).then(|| f64::from(figures.levels.get(&top.name).copied().unwrap_or(0)))
        },
    },
    Trend { title: "Medel-RV", table: "TrendMedelRV", axis: "RV", value: |figures, _| figures.mean_rv() },
];

/// Chart size in pixels, and rows a chart takes with the blank row after it.
const CHART_WIDTH: u32 = 960;
const CHART_HEIGHT: u32 = 420;
const CHART_ROWS: u32 = 23;

/// Per measure, a district × year table (heat-coloured) and a line chart with a line per
/// district; each on a page of its own, from `top`. Then the city's risks per year by
/// level. Returns nothing; page breaks keep each table and chart whole.
fn trends(
    sheet: &mut Worksheet,
    styles: &Styles,
    figures: &BTreeMap<Key, Figures>,
    levels: &[&Level],
    per_year: (u32, usize),
    mut top: u32,
) -> Result<(), XlsxError> {
    let districts: Vec<&str> =
        figures.keys().map(|(_, _, district)| district.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let years: Vec<i32> =
        figures.keys().filter_map(|(_, year, _)| *year).collect::<BTreeSet<_>>().into_iter().collect();
    let mut breaks = vec![top - 1];
    let last_column = u16::try_from(years.len()).unwrap_or(u16::MAX);
    for trend in &TRENDS {
        let measure = trend.title;
        sheet.write_string_with_format(top, 0, format!("{measure} per stadsdelsnämnd och år"), &styles.heading)?;
        let headings: Vec<String> = years.iter().map(i32::to_string).collect();
        let mut columns = vec![Column::new("Stadsdelsnämnd", 22.0, Style::Text)];
        let style = if trend.axis == "RV" { Style::Decimal } else { Style::Number };
        columns.extend(headings.iter().map(|year| Column::new(year, 8.0, style)));
        let rows = districts.iter().map(|district| {
            let mut row = vec![Value::text(Some(*district))];
            row.extend(years.iter().map(|year| {
                let key = (false, Some(*year), district.to_string());
                Value::number(figures.get(&key).and_then(|figures| (trend.value)(figures, levels)))
            }));
            row
        });
        let table_row = top + 1;
        let spec = TableSpec::block(trend.table, table_row, &columns);
        write_table(sheet, styles, &spec, districts.len(), rows)?;
        let last_row = table_row + u32::try_from(districts.len().max(1)).unwrap_or(u32::MAX);
        heat_scale(sheet, table_row + 1, 1, last_row, last_column)?;
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(measure);
        chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
        chart.y_axis().set_name(trend.axis);
        for offset in 0..u32::try_from(districts.len()).unwrap_or(0) {
            let row = table_row + 1 + offset;
            chart
                .add_series()
                .set_name((SHEET, row, 0))
                .set_categories((SHEET, table_row, 1, table_row, last_column))
                .set_values((SHEET, row, 1, row, last_column))
                .set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
        }
        let chart_row = last_row + 2;
        sheet.insert_chart(chart_row, 0, &chart)?;
        top = chart_row + CHART_ROWS;
        breaks.push(top - 1);
    }
    let (year_row, year_count) = per_year;
    if year_count > 0 {
        let last = year_row + u32::try_from(year_count).unwrap_or(u32::MAX);
        let mut chart = Chart::new(ChartType::ColumnStacked);
        chart.title().set_name("Stadens risker per år och nivå");
        chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
        chart.y_axis().set_name("Risker");
        for (position, level) in levels.iter().enumerate() {
            let column = u16::try_from(3 + position).unwrap_or(u16::MAX);
            chart
                .add_series()
                .set_name((SHEET, year_row, column))
                .set_categories((SHEET, year_row + 1, 0, last, 0))
                .set_values((SHEET, year_row + 1, column, last, column))
                .set_format(&mut fill(level))
                .set_gap(60);
        }
        sheet.insert_chart(top, 0, &chart)?;
    }
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}

fn fill(level: &Level) -> ChartFormat {
    let color = level.chart_color.as_deref().unwrap_or(&level.color);
    let rgb = u32::from_str_radix(color.trim_start_matches('#'), 16).unwrap_or(0x80_80_80);
    let mut format = ChartFormat::new();
    format.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(rgb)));
    format
}
