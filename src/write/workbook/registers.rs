//! The register sheets (Risker, Internkontrollplan, Uppföljning): which canonical columns
//! each shows, how wide and in which style, and each cell as the analyst reads it.

use std::borrow::Cow;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{write_table, Style, TableSpec, Value};
use crate::normalise::register::{self, Register, Row};
use crate::pipeline::Batch;
use crate::rules::Rules;
use crate::schema::{Column, Kind};

use Column::*;

/// The columns of the Risker sheet.
pub const RISKS: &[Column] = &[
    DistrictCurrent,
    District,
    Year,
    GoalId,
    Goal,
    Process,
    Method,
    RiskNo,
    Event,
    Probability,
    Consequence,
    RiskValue,
    Level,
    InIkp,
    Themes,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// The columns of the Internkontrollplan sheet.
pub const PLAN: &[Column] = &[
    DistrictCurrent,
    District,
    Year,
    GoalId,
    Goal,
    Process,
    Method,
    Control,
    RiskNo,
    Event,
    RiskValue,
    Level,
    ControlActivity,
    Analysis,
    Themes,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// The columns of the Uppföljning sheet.
pub const FOLLOW_UP: &[Column] = &[
    DistrictCurrent,
    District,
    Year,
    GoalId,
    Goal,
    Process,
    RiskNo,
    Control,
    Event,
    Measure,
    Status,
    StartDate,
    EndDate,
    Analysis,
    Themes,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// A register sheet: its name, its table's name, the kind of its rows, its columns.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// The sheet's name.
    pub name: &'static str,
    /// The Excel table's name.
    pub table: &'static str,
    /// The kind of its rows.
    pub kind: Kind,
    /// Its columns, left to right.
    pub columns: &'static [Column],
}

/// The sheets of registers, Risker first.
pub const SHEETS: [Sheet; 3] = [
    Sheet { name: "Risker", table: "Risker", kind: Kind::Vor, columns: RISKS },
    Sheet { name: "Internkontrollplan", table: "Internkontrollplan", kind: Kind::Ikp, columns: PLAN },
    Sheet { name: "Uppföljning", table: "Uppfoljning", kind: Kind::Uppfoljning, columns: FOLLOW_UP },
];

/// The width (in characters) and style of a canonical column in workbooks.
pub fn layout(column: Column) -> (f64, Style) {
    match column {
        District | DistrictCurrent => (20.0, Style::Text),
        Year => (7.0, Style::Number),
        Kind => (12.0, Style::Text),
        GoalId => (6.0, Style::Text),
        RiskNo | RiskValue | SourceRow => (6.0, Style::Number),
        Goal | Measure => (34.0, Style::Wrap),
        Process => (26.0, Style::Wrap),
        Method | Control => (30.0, Style::Wrap),
        Event => (44.0, Style::Wrap),
        Probability | Consequence => (8.0, Style::Number),
        Level => (10.0, Style::Text),
        InIkp => (7.0, Style::Text),
        ControlActivity => (40.0, Style::Wrap),
        Status => (14.0, Style::Text),
        StartDate | EndDate => (11.0, Style::Date),
        Analysis => (50.0, Style::Wrap),
        Responsible | Frequency | ReportedTo => (16.0, Style::Wrap),
        Extra => (40.0, Style::Wrap),
        Themes => (24.0, Style::Wrap),
        EventKey | SourceFile => (30.0, Style::Text),
        EventId => (18.0, Style::Text),
        Flags => (18.0, Style::Wrap),
        SourceSheet => (14.0, Style::Text),
    }
}

/// A cell of a register sheet: IKP as "Ja" or "Nej", statuses by their labels, themes
/// and flags by their ids.
pub fn cell<'a>(register: &'a Register, row: &'a Row, column: Column, rules: &'a Rules) -> Value<'a> {
    let templates = &rules.templates;
    match register.value(row, column, templates) {
        register::Value::Null => Value::Empty,
        register::Value::Text("") => Value::Empty,
        register::Value::Text(text) => Value::Text(Cow::Borrowed(text)),
        register::Value::Int(number) => Value::Number(number as f64),
        register::Value::Bool(flag) => Value::Text(Cow::Borrowed(if flag { "Ja" } else { "Nej" })),
        register::Value::Date(date) => Value::Date(date),
        register::Value::Status(status) => Value::Text(Cow::Borrowed(templates.values.status_label(status))),
        register::Value::Themes([]) => Value::Empty,
        register::Value::Themes(themes) => Value::Text(Cow::Owned(rules.themes.joined(themes))),
        register::Value::Flags(flags) if flags.is_empty() => Value::Empty,
        register::Value::Flags(flags) => Value::Text(Cow::Owned(flags.joined())),
        register::Value::Event { district, number } => {
            Value::Text(Cow::Owned(crate::frame::event_id(district, number)))
        }
        register::Value::Extra(cells) => {
            let lines: Vec<String> = cells.iter().map(|(heading, text)| format!("{heading}: {text}")).collect();
            Value::Text(Cow::Owned(lines.join("\n")))
        }
    }
}

/// Writes one register sheet: every row of its kind.
///
/// # Errors
/// The writer's error.
pub fn write(
    sheet: &mut Worksheet,
    styles: &Styles,
    batch: &Batch,
    rules: &Rules,
    spec: Sheet,
) -> Result<(), XlsxError> {
    sheet.set_name(spec.name)?;
    let columns: Vec<super::table::Column> = spec
        .columns
        .iter()
        .map(|column| {
            let (width, style) = layout(*column);
            super::table::Column::new(column.heading(), width, style)
        })
        .collect();
    let registers: Vec<&Register> = batch.registers.iter().filter(|register| register.kind == spec.kind).collect();
    let count = registers.iter().map(|register| register.rows.len()).sum();
    let rows = registers.iter().flat_map(|register| {
        register.rows.iter().map(|row| spec.columns.iter().map(|column| cell(register, row, *column, rules)).collect())
    });
    let table = TableSpec { name: spec.table, first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &table, count, rows)?;
    let last_row = u32::try_from(count.max(1)).unwrap_or(u32::MAX);
    for (index, column) in spec.columns.iter().enumerate() {
        let by_value = *column == RiskValue;
        if by_value || *column == Level {
            level_colours(sheet, styles, rules, u16::try_from(index).unwrap_or(u16::MAX), last_row, by_value)?;
        }
    }
    Ok(())
}

/// Colours a column of risk values (`by_value`) or level names by level, with one
/// conditional format per level rather than a format per cell.
fn level_colours(
    sheet: &mut Worksheet,
    styles: &Styles,
    rules: &Rules,
    column: u16,
    last_row: u32,
    by_value: bool,
) -> Result<(), XlsxError> {
    use rust_xlsxwriter::{
        ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatText, ConditionalFormatTextRule,
    };
    for level in &rules.templates.levels {
        let format = styles.level(Some(&level.name)).clone();
        if by_value {
            let rule = ConditionalFormatCellRule::Between(f64::from(level.min), f64::from(level.max));
            let rule = ConditionalFormatCell::new().set_rule(rule).set_format(format);
            sheet.add_conditional_format(1, column, last_row, column, &rule)?;
        } else {
            let rule = ConditionalFormatTextRule::BeginsWith(level.name.clone());
            let rule = ConditionalFormatText::new().set_rule(rule).set_format(format);
            sheet.add_conditional_format(1, column, last_row, column, &rule)?;
        }
    }
    Ok(())
}
