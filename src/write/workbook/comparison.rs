//! Återkommande (theme × district and theme × year matrices, heat-coloured, recurring
//! themes first, with a line chart of the most recurring themes) and År mot år (each
//! district's events from one VoR year to the next).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{Chart, ChartMarker, ChartMarkerType, ChartType, Worksheet, XlsxError};

use super::registers::level_colours;
use super::styles::{heat_scale, Styles};
use super::table::{print_setup, write_table, Column, Style, TableSpec, Value};
use crate::compare::{ChangeKind, Comparison, ThemeSpread};
use crate::rules::Rules;
use crate::templates::Templates;

/// The name of the Återkommande sheet.
pub const RECURRING: &str = "Återkommande teman";
/// The name of the Återkommande risker sheet.
pub const RECURRING_EVENTS: &str = "Återkommande risker";
/// The name of the År mot år sheet.
pub const YEAR_OVER_YEAR: &str = "År mot år";
/// Themes drawn in the line chart.
const CHART_THEMES: usize = 6;

/// Writes Återkommande teman: three Excel tables — each theme on each district's latest
/// year and over all years; the years each theme appears per district; the rows per
/// theme and year, heat-coloured — and a line chart of the themes most present in the
/// latest years.
///
/// # Errors
/// The writer's error.
pub fn write_recurring(
    sheet: &mut Worksheet,
    styles: &Styles,
    comparison: &Comparison,
    templates: &Templates,
) -> Result<(), XlsxError> {
    sheet.set_name(RECURRING)?;
    sheet.write_string_with_format(0, 0, "Återkommande teman", &styles.title)?;
    sheet.write_string_with_format(
        1,
        0,
        "Senaste året: varje stadsdelsnämnds senaste år med register. Ett tema är återkommande när det finns i minst två år hos en stadsdelsnämnd eller hos minst två stadsdelsnämnder.",
        &styles.subtitle,
    )?;
    print_setup(sheet, None)?;
    let mut themes: Vec<ThemeFigures> = comparison
        .spreads
        .iter()
        .filter(|spread| !spread.districts.is_empty())
        .map(|spread| ThemeFigures::new(spread, comparison))
        .collect();
    if themes.is_empty() {
        sheet.write_string(3, 0, "Inga teman hittades i registren.")?;
        return Ok(());
    }
    themes.sort_by(|a, b| {
        (b.latest_districts, b.latest_rows, b.spread.district_years()).cmp(&(
            a.latest_districts,
            a.latest_rows,
            a.spread.district_years(),
        ))
    });
    sheet.set_column_width(0, 34.0)?;
    let mut top = 3;
    summary(sheet, styles, templates, top, &themes)?;
    top += themes.len() as u32 + 4;
    years_per_district(sheet, styles, top, &themes, comparison)?;
    top += themes.len() as u32 + 4;
    rows_per_year(sheet, styles, top, &themes, comparison)
}

/// One theme's figures on the districts' latest years.
struct ThemeFigures<'c> {
    spread: &'c ThemeSpread,
    /// Districts with the theme in their latest year.
    latest_districts: usize,
    /// Rows with the theme in the districts' latest years.
    latest_rows: u32,
    /// The highest RV among them.
    latest_max: Option<i16>,
}

impl<'c> ThemeFigures<'c> {
    fn new(spread: &'c ThemeSpread, comparison: &Comparison) -> Self {
        let latest = comparison.occurrences.iter().filter(|occurrence| {
            occurrence.theme == spread.id
                && comparison.latest_years.get(&occurrence.district_current) == Some(&occurrence.year)
        });
        let (mut latest_districts, mut latest_rows, mut latest_max) = (0, 0, None);
        for occurrence in latest {
            latest_districts += 1;
            latest_rows += occurrence.rows;
            latest_max = latest_max.max(occurrence.max_risk_value);
        }
        ThemeFigures { spread, latest_districts, latest_rows, latest_max }
    }
}

/// The table of each theme's spread: latest year, all years, whether it recurs.
fn summary(
    sheet: &mut Worksheet,
    styles: &Styles,
    templates: &Templates,
    top: u32,
    themes: &[ThemeFigures<'_>],
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top - 1, 0, "Teman på senaste året och alla år", &styles.heading)?;
    let columns = [
        Column::new("Tema", 34.0, Style::Wrap),
        Column::new("Stadsdelsnämnder senaste året", 17.0, Style::Number),
        Column::new("Rader senaste året", 11.0, Style::Number),
        Column::new("Högsta RV senaste året", 11.0, Style::Number),
        Column::new("Stadsdelsnämnder alla år", 17.0, Style::Number),
        Column::new("Stadsdelsnämnd-år", 17.0, Style::Number),
        Column::new("Högsta RV alla år", 11.0, Style::Number),
        Column::new("Återkommande", 14.0, Style::Text),
        Column::new("Tema-id", 24.0, Style::Text),
    ];
    let rows = themes.iter().map(|theme| {
        vec![
            Value::text(Some(theme.spread.label.as_str())),
            Value::Number(theme.latest_districts as f64),
            Value::Number(f64::from(theme.latest_rows)),
            Value::number(theme.latest_max),
            Value::Number(theme.spread.districts.len() as f64),
            Value::Number(theme.spread.district_years() as f64),
            Value::number(theme.spread.max_risk_value()),
            Value::text(Some(if theme.spread.recurring { "Ja" } else { "Nej" })),
            Value::text(Some(theme.spread.id.as_str())),
        ]
    });
    let spec = TableSpec::block("Teman", top, &columns);
    write_table(sheet, styles, &spec, themes.len(), rows)?;
    sheet.set_row_height(top, 45)?;
    for (index, column) in columns.iter().enumerate().skip(1) {
        sheet.set_column_width(index as u16, column.width)?;
    }
    let last = top + themes.len() as u32;
    heat_scale(sheet, top + 1, 1, last, 2)?;
    for rv_column in [3, 6] {
        level_colours(sheet, styles, templates, (top + 1, rv_column, last), true)?;
    }
    Ok(())
}

/// The table of the years each theme appears in each district: "2019–2021, 2023".
fn years_per_district(
    sheet: &mut Worksheet,
    styles: &Styles,
    top: u32,
    themes: &[ThemeFigures<'_>],
    comparison: &Comparison,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top - 1, 0, "År per stadsdelsnämnd", &styles.heading)?;
    let districts: Vec<&String> = comparison.latest_years.keys().collect();
    let mut columns = vec![Column::new("Tema", 34.0, Style::Wrap)];
    columns.extend(districts.iter().map(|district| Column::new(district, 14.0, Style::Wrap)));
    let rows = themes.iter().map(|theme| {
        let mut row = vec![Value::text(Some(theme.spread.label.as_str()))];
        row.extend(districts.iter().map(|district| {
            theme
                .spread
                .districts
                .get(*district)
                .map_or(Value::Empty, |spread| Value::Text(Cow::Owned(year_ranges(&spread.years))))
        }));
        row
    });
    let spec = TableSpec::block("TemanPerNamnd", top, &columns);
    write_table(sheet, styles, &spec, themes.len(), rows)?;
    sheet.set_row_height(top, 45)?;
    Ok(())
}

/// The table of rows per theme and year, heat-coloured, and a chart of the themes most
/// present in the latest years.
fn rows_per_year(
    sheet: &mut Worksheet,
    styles: &Styles,
    top: u32,
    themes: &[ThemeFigures<'_>],
    comparison: &Comparison,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top - 1, 0, "Rader per år", &styles.heading)?;
    let mut per_year: BTreeMap<(&str, i32), u32> = BTreeMap::new();
    for occurrence in &comparison.occurrences {
        *per_year.entry((occurrence.theme.as_str(), occurrence.year)).or_default() += occurrence.rows;
    }
    let years: Vec<i32> = per_year.keys().map(|(_, year)| *year).collect::<BTreeSet<_>>().into_iter().collect();
    let year_headings: Vec<String> = years.iter().map(i32::to_string).collect();
    let mut columns = vec![Column::new("Tema", 34.0, Style::Wrap)];
    columns.extend(year_headings.iter().map(|year| Column::new(year, 8.0, Style::Number)));
    let rows = themes.iter().map(|theme| {
        let mut row = vec![Value::text(Some(theme.spread.label.as_str()))];
        row.extend(years.iter().map(|year| {
            Value::Number(f64::from(per_year.get(&(theme.spread.id.as_str(), *year)).copied().unwrap_or(0)))
        }));
        row
    });
    let spec = TableSpec::block("TemanPerAr", top, &columns);
    write_table(sheet, styles, &spec, themes.len(), rows)?;
    let last_column = u16::try_from(years.len()).unwrap_or(u16::MAX);
    heat_scale(sheet, top + 1, 1, top + themes.len() as u32, last_column)?;

    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("De vanligaste temana senaste året: rader per år");
    chart.set_width(900).set_height(420);
    chart.y_axis().set_name("Rader");
    for offset in 0..themes.len().min(CHART_THEMES) {
        let row = top + 1 + offset as u32;
        chart
            .add_series()
            .set_name((RECURRING, row, 0))
            .set_categories((RECURRING, top, 1, top, last_column))
            .set_values((RECURRING, row, 1, row, last_column))
            .set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
    }
    let chart_row = top + themes.len() as u32 + 2;
    sheet.set_page_breaks(&[chart_row])?;
    sheet.insert_chart(chart_row, 0, &chart)?;
    Ok(())
}

/// Years as ranges: 2019, 2020, 2021, 2023 → "2019–2021, 2023".
fn year_ranges(years: &BTreeSet<i32>) -> String {
    let mut ranges: Vec<(i32, i32)> = Vec::new();
    for year in years {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == *year => *last = *year,
            _ => ranges.push((*year, *year)),
        }
    }
    let shown: Vec<String> = ranges
        .iter()
        .map(|(first, last)| if first == last { first.to_string() } else { format!("{first}–{last}") })
        .collect();
    shown.join(", ")
}

/// Writes År mot år: each district's events year by year.
///
/// # Errors
/// The writer's error.
pub fn write_year_over_year(
    sheet: &mut Worksheet,
    styles: &Styles,
    comparison: &Comparison,
    rules: &Rules,
) -> Result<(), XlsxError> {
    sheet.set_name(YEAR_OVER_YEAR)?;
    let columns = [
        Column::new("Stadsdelsnämnd", 20.0, Style::Text),
        Column::new("Oönskad händelse", 50.0, Style::Wrap),
        Column::new("År", 7.0, Style::Number),
        Column::new("Förändring", 12.0, Style::Text),
        Column::new("Senast sedd", 9.0, Style::Number),
        Column::new("Register", 16.0, Style::Text),
        Column::new("RV", 6.0, Style::Number),
        Column::new("Risknivå", 10.0, Style::Text),
        Column::new("RV senast", 9.0, Style::Number),
        Column::new("I IKP", 7.0, Style::Text),
        Column::new("IKP-förändring", 12.0, Style::Text),
        Column::new("Kontrollaktivitet", 40.0, Style::Wrap),
        Column::new("Status i uppföljning", 18.0, Style::Wrap),
        Column::new("Status senast", 18.0, Style::Wrap),
        Column::new("Teman", 24.0, Style::Wrap),
        Column::new("Händelse-id", 18.0, Style::Text),
        Column::new("Tema-id", 14.0, Style::Text),
    ];
    let yes_no = |flag: Option<bool>| Value::text(flag.map(|flag| if flag { "Ja" } else { "Nej" }));
    let templates = &rules.templates;
    let rows = comparison.changes.iter().map(|change| {
        let registers: Vec<&str> = change.registers.iter().map(|kind| crate::svenska::kind(*kind)).collect();
        let labels = |statuses: &std::collections::BTreeSet<crate::schema::Status>| {
            statuses.iter().map(|status| templates.values.status_label(*status)).collect::<Vec<_>>().join(", ")
        };
        vec![
            Value::text(Some(change.district_current.as_str())),
            Value::text(Some(change.wording.as_str())),
            Value::Number(f64::from(change.year)),
            Value::text(change.change.map(ChangeKind::as_str)),
            Value::number(change.previous_year),
            Value::Text(Cow::Owned(registers.join(", "))),
            Value::number(change.risk_value),
            Value::text(change.risk_value.and_then(|value| templates.level_of(value)).map(|level| level.name.as_str())),
            Value::number(change.previous_risk_value),
            yes_no(change.in_ikp),
            Value::text(change.ikp_change()),
            Value::text(change.control_activity.as_deref()),
            Value::Text(Cow::Owned(labels(&change.statuses))),
            Value::Text(Cow::Owned(labels(&change.previous_statuses))),
            Value::Text(Cow::Owned(rules.themes.labels(&change.themes))),
            Value::Text(Cow::Owned(crate::frame::event_id(Some(&change.district_current), change.event))),
            Value::Text(Cow::Owned(rules.themes.joined(&change.themes))),
        ]
    });
    let spec = TableSpec::sheet("ArMotAr", &columns, columns.len() - 2);
    write_table(sheet, styles, &spec, comparison.changes.len(), rows)
}

/// Writes Återkommande risker: the city's events seen in two districts or more, or in
/// two years or more, the most widespread first.
///
/// # Errors
/// The writer's error.
pub fn write_recurring_events(
    sheet: &mut Worksheet,
    styles: &Styles,
    comparison: &Comparison,
    rules: &Rules,
) -> Result<(), XlsxError> {
    sheet.set_name(RECURRING_EVENTS)?;
    let columns = [
        Column::new("Oönskad händelse", 50.0, Style::Wrap),
        Column::new("Stadsdelsnämnder", 10.0, Style::Number),
        Column::new("Vilka", 30.0, Style::Wrap),
        Column::new("År", 6.0, Style::Number),
        Column::new("Högsta RV per år", 28.0, Style::Wrap),
        Column::new("Högsta RV", 8.0, Style::Number),
        Column::new("Teman", 24.0, Style::Wrap),
        Column::new("I plan (stadsdelsnämnd-år)", 12.0, Style::Number),
        Column::new("Tema-id", 14.0, Style::Text),
    ];
    let rows = comparison.recurring_events.iter().map(|event| {
        let districts: Vec<&str> = event.districts.iter().map(String::as_str).collect();
        let years: Vec<String> = event
            .years
            .iter()
            .map(|(year, value)| value.map_or_else(|| year.to_string(), |value| format!("{year}: {value}")))
            .collect();
        vec![
            Value::text(Some(event.wording.as_str())),
            Value::Number(districts.len() as f64),
            Value::Text(Cow::Owned(districts.join(", "))),
            Value::Number(event.years.len() as f64),
            Value::Text(Cow::Owned(years.join("; "))),
            Value::number(event.years.values().flatten().max().copied()),
            Value::Text(Cow::Owned(rules.themes.labels(&event.themes))),
            Value::Number(f64::from(event.in_plan)),
            Value::Text(Cow::Owned(rules.themes.joined(&event.themes))),
        ]
    });
    let spec = TableSpec::sheet("AterkommandeRisker", &columns, columns.len() - 1);
    write_table(sheet, styles, &spec, comparison.recurring_events.len(), rows)
}
