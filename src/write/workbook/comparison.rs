//! Återkommande (theme × district and theme × year matrices, heat-coloured, recurring
//! themes first, with a line chart of the most recurring themes) and År mot år (each
//! district's events from one VoR year to the next).

use std::borrow::Cow;
use std::collections::BTreeSet;

use rust_xlsxwriter::{Chart, ChartMarker, ChartMarkerType, ChartType, Format, Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{write_table, Column, Style, TableSpec, Value};
use crate::compare::{ChangeKind, Comparison, ThemeSpread};
use crate::rules::Rules;
use crate::schema::Kind;
use crate::templates::Templates;

/// The name of the Återkommande sheet.
pub const RECURRING: &str = "Återkommande teman";
/// The name of the Återkommande risker sheet.
pub const RECURRING_EVENTS: &str = "Återkommande risker";
/// The name of the År mot år sheet.
pub const YEAR_OVER_YEAR: &str = "År mot år";
/// Themes drawn in the line chart.
const CHART_THEMES: usize = 6;

/// Writes Återkommande.
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
        "Ett tema är återkommande när det finns i minst två år hos en stadsdelsnämnd eller hos minst två stadsdelsnämnder. Stadsdelsnämnder under dagens namn.",
        &styles.subtitle,
    )?;
    let spreads: Vec<&ThemeSpread> = comparison.spreads.iter().filter(|spread| !spread.districts.is_empty()).collect();
    if spreads.is_empty() {
        sheet.write_string(3, 0, "Inga teman hittades i registren.")?;
        return Ok(());
    }
    let districts: Vec<&str> = spreads
        .iter()
        .flat_map(|spread| spread.districts.keys())
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let years: Vec<i32> =
        spreads.iter().flat_map(|spread| spread.years.keys().copied()).collect::<BTreeSet<_>>().into_iter().collect();
    sheet.set_column_width(0, 26.0)?;
    sheet.set_column_width(1, 40.0)?;
    sheet.set_freeze_panes(4, 2)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);

    let max_years = spreads
        .iter()
        .flat_map(|spread| spread.districts.values())
        .map(|district| district.years.len())
        .max()
        .unwrap_or(1) as f64;
    let mut top = 3;
    let summary = ["Återkommande", "Stadsdelsnämnder", "Stadsdelsnämnd-år", "Högsta RV"];
    let headings: Vec<&str> = summary.iter().copied().chain(districts.iter().copied()).collect();
    grid(sheet, styles, top, "Antal år per stadsdelsnämnd", &headings, &spreads, |spread, column| {
        let value = match column {
            0 => return Some((Cow::Borrowed(if spread.recurring { "ja" } else { "nej" }), None)),
            1 => spread.districts.len() as f64,
            2 => spread.district_years() as f64,
            3 => {
                return spread
                    .max_risk_value()
                    .map(|rv| (Cow::Owned(rv.to_string()), level_format(styles, templates, rv)))
            }
            _ => spread
                .districts
                .get(districts[column - summary.len()])
                .map_or(0.0, |district| district.years.len() as f64),
        };
        (value > 0.0)
            .then(|| (Cow::Owned(value.to_string()), (column >= summary.len()).then(|| styles.heat(value, max_years))))
    })?;

    top += spreads.len() as u32 + 3;
    grid(sheet, styles, top, "Högsta RV per stadsdelsnämnd", &districts, &spreads, |spread, column| {
        let rv = spread.districts.get(districts[column]).and_then(|district| district.max_risk_value)?;
        Some((Cow::Owned(rv.to_string()), level_format(styles, templates, rv)))
    })?;

    top += spreads.len() as u32 + 3;
    let year_headings: Vec<String> = years.iter().map(i32::to_string).collect();
    let year_refs: Vec<&str> = year_headings.iter().map(String::as_str).collect();
    let max_districts =
        spreads.iter().flat_map(|spread| spread.years.values()).map(BTreeSet::len).max().unwrap_or(1) as f64;
    let year_block = top;
    grid(sheet, styles, top, "Antal stadsdelsnämnder per år", &year_refs, &spreads, |spread, column| {
        let count = spread.years.get(&years[column]).map_or(0, BTreeSet::len) as f64;
        Some((Cow::Owned(count.to_string()), (count > 0.0).then(|| styles.heat(count, max_districts))))
    })?;

    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("De mest återkommande temana: stadsdelsnämnder per år");
    chart.set_width(720).set_height(360);
    chart.y_axis().set_name("Stadsdelsnämnder");
    let last_column = 1 + u16::try_from(years.len()).unwrap_or(u16::MAX);
    for (offset, _) in spreads.iter().enumerate().take(CHART_THEMES).filter(|(_, spread)| spread.recurring) {
        let row = year_block + 2 + offset as u32;
        chart
            .add_series()
            .set_name((RECURRING, row, 1))
            .set_categories((RECURRING, year_block + 1, 2, year_block + 1, last_column))
            .set_values((RECURRING, row, 2, row, last_column))
            .set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
    }
    if spreads.iter().take(CHART_THEMES).any(|spread| spread.recurring) {
        sheet.insert_chart(top + spreads.len() as u32 + 3, 0, &chart)?;
    }
    Ok(())
}

/// One matrix: a title, a header (Tema, Etikett, `headings`), a row per theme with the
/// cells `cell` gives (text and an optional format); numbers are written as numbers.
fn grid<'f>(
    sheet: &mut Worksheet,
    styles: &'f Styles,
    top: u32,
    title: &str,
    headings: &[&str],
    spreads: &[&ThemeSpread],
    cell: impl Fn(&ThemeSpread, usize) -> Option<(Cow<'static, str>, Option<&'f Format>)>,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(top, 0, title, &styles.heading)?;
    sheet.write_string_with_format(top + 1, 0, "Tema", &styles.header)?;
    sheet.write_string_with_format(top + 1, 1, "Etikett", &styles.header)?;
    for (offset, heading) in headings.iter().enumerate() {
        let column = 2 + u16::try_from(offset).unwrap_or(u16::MAX);
        sheet.write_string_with_format(top + 1, column, *heading, &styles.header)?;
        sheet.set_column_width(column, 12.0)?;
    }
    for (index, spread) in spreads.iter().enumerate() {
        let row = top + 2 + index as u32;
        sheet.write_string(row, 0, &spread.id)?;
        sheet.write_string(row, 1, &spread.label)?;
        for offset in 0..headings.len() {
            let column = 2 + u16::try_from(offset).unwrap_or(u16::MAX);
            let Some((text, format)) = cell(spread, offset) else { continue };
            let format = format.unwrap_or(&styles.text);
            match text.parse::<f64>() {
                Ok(number) => sheet.write_number_with_format(row, column, number, format)?,
                Err(_) => sheet.write_string_with_format(row, column, text.as_ref(), format)?,
            };
        }
    }
    Ok(())
}

fn level_format<'s>(styles: &'s Styles, templates: &Templates, rv: i16) -> Option<&'s Format> {
    Some(styles.level(templates.level_of(rv).map(|level| level.name.as_str())))
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
    ];
    let yes_no = |flag: Option<bool>| Value::text(flag.map(|flag| if flag { "Ja" } else { "Nej" }));
    let templates = &rules.templates;
    let rows = comparison.changes.iter().map(|change| {
        let registers: Vec<&str> = change.registers.iter().map(|kind| kind_label(*kind)).collect();
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
            Value::Text(Cow::Owned(rules.themes.joined(&change.themes))),
            Value::Text(Cow::Owned(crate::frame::event_id(Some(&change.district_current), change.event))),
        ]
    });
    let spec = TableSpec { name: "ArMotAr", first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &spec, comparison.changes.len(), rows)
}

/// The Swedish name of a register kind.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Vor => "VoR",
        Kind::Ikp => "Internkontrollplan",
        Kind::Uppfoljning => "Uppföljning",
    }
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
            Value::Text(Cow::Owned(rules.themes.joined(&event.themes))),
            Value::Number(f64::from(event.in_plan)),
        ]
    });
    let spec =
        TableSpec { name: "AterkommandeRisker", first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &spec, comparison.recurring_events.len(), rows)
}
