//! The register sheets (Risker, Internkontrollplan, Uppföljning): which canonical columns
//! each shows, how wide and in which style, and each cell as the analyst reads it.

use std::borrow::Cow;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{write_table, Style, TableSpec, Value};
use crate::normalise::quality::Finding;
use crate::normalise::register::{self, Register, Row};
use crate::pipeline::Batch;
use crate::rules::Rules;
use crate::schema::{Column, Kind};
use crate::templates::Templates;

use Column::*;

/// What a column of a register sheet shows: a canonical column as the frame holds it
/// (themes and flags by their ids, for filtering), or the Swedish labels of a row's themes
/// or flags, for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The canonical column.
    Value(Column),
    /// The labels of [`Column::Themes`] or [`Column::Flags`].
    Labels(Column),
}

impl Shown {
    /// The column's heading: the canonical heading; "Tema-id" and "Flagg-id" for the ids
    /// beside the labels.
    pub fn heading(self) -> &'static str {
        match self {
            Shown::Value(Themes) => "Tema-id",
            Shown::Value(Flags) => "Flagg-id",
            Shown::Value(column) | Shown::Labels(column) => column.heading(),
        }
    }
}

use Shown::{Labels, Value as Of};

/// The printed columns of the Risker sheet.
pub const RISKS: &[Shown] = &[
    Of(DistrictCurrent),
    Of(Year),
    Of(GoalId),
    Of(Goal),
    Of(Process),
    Of(Method),
    Of(RiskNo),
    Of(Event),
    Of(Probability),
    Of(Consequence),
    Of(RiskValue),
    Of(Level),
    Of(InIkp),
    Labels(Themes),
    Labels(Flags),
];

/// The printed columns of the Internkontrollplan sheet.
pub const PLAN: &[Shown] = &[
    Of(DistrictCurrent),
    Of(Year),
    Of(GoalId),
    Of(Goal),
    Of(Process),
    Of(Method),
    Of(Control),
    Of(RiskNo),
    Of(Event),
    Of(RiskValue),
    Of(Level),
    Of(ControlActivity),
    Of(Analysis),
    Labels(Themes),
    Labels(Flags),
];

/// The printed columns of the Uppföljning sheet.
pub const FOLLOW_UP: &[Shown] = &[
    Of(DistrictCurrent),
    Of(Year),
    Of(GoalId),
    Of(Goal),
    Of(Process),
    Of(RiskNo),
    Of(Control),
    Of(Event),
    Of(Measure),
    Of(Status),
    Of(StartDate),
    Of(EndDate),
    Of(Analysis),
    Labels(Themes),
    Labels(Flags),
];

/// The machine columns every register sheet has after its printed ones, outside the
/// print area: the district as the register wrote it, theme and flag ids, the event id
/// and the source.
pub const MACHINE: &[Shown] =
    &[Of(District), Of(Themes), Of(Flags), Of(EventId), Of(SourceFile), Of(SourceSheet), Of(SourceRow)];

/// A register sheet: its name, its table's name, the kind of its rows, its columns.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// The sheet's name.
    pub name: &'static str,
    /// The Excel table's name.
    pub table: &'static str,
    /// The kind of its rows.
    pub kind: Kind,
    /// Its printed columns, left to right; [`MACHINE`] follows them.
    pub printed: &'static [Shown],
}

impl Sheet {
    /// Every column, left to right: the printed ones, then [`MACHINE`].
    pub fn columns(&self) -> impl Iterator<Item = Shown> {
        self.printed.iter().chain(MACHINE).copied()
    }

    /// The registers whose rows the sheet holds, in the order it holds them.
    pub fn registers<'b>(&self, batch: &'b Batch) -> impl Iterator<Item = &'b Register> {
        let kind = self.kind;
        batch.registers.iter().filter(move |register| register.kind == kind)
    }
}

/// The sheets of registers, Risker first.
pub const SHEETS: [Sheet; 3] = [
    Sheet { name: "Risker", table: "Risker", kind: Kind::Vor, printed: RISKS },
    Sheet { name: "Internkontrollplan", table: "Internkontrollplan", kind: Kind::Ikp, printed: PLAN },
    Sheet { name: "Uppföljning", table: "Uppfoljning", kind: Kind::Uppfoljning, printed: FOLLOW_UP },
];

/// The width (in characters) and style of a canonical column in workbooks.
pub fn layout(column: Column) -> (f64, Style) {
    match column {
        District | DistrictCurrent => (17.0, Style::Wrap),
        Year => (6.0, Style::Number),
        Kind => (12.0, Style::Text),
        GoalId => (6.0, Style::Text),
        RiskNo | RiskValue | SourceRow => (6.0, Style::Number),
        Goal | Measure => (28.0, Style::Wrap),
        Process => (20.0, Style::Wrap),
        Method | Control => (24.0, Style::Wrap),
        Event => (44.0, Style::Wrap),
        Probability | Consequence => (12.0, Style::Number),
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
/// and flags by their ids or, under [`Shown::Labels`], by their Swedish labels.
pub fn cell<'a>(register: &'a Register, row: &'a Row, shown: Shown, rules: &'a Rules) -> Value<'a> {
    let templates = &rules.templates;
    let (column, labels) = match shown {
        Shown::Value(column) => (column, false),
        Shown::Labels(column) => (column, true),
    };
    match register.value(row, column, templates) {
        register::Value::Null => Value::Empty,
        register::Value::Text("") => Value::Empty,
        register::Value::Text(text) => Value::Text(Cow::Borrowed(text)),
        register::Value::Int(number) => Value::Number(number as f64),
        register::Value::Bool(flag) => Value::Text(Cow::Borrowed(if flag { "Ja" } else { "Nej" })),
        register::Value::Date(date) => Value::Date(date),
        register::Value::Status(status) => Value::Text(Cow::Borrowed(templates.values.status_label(status))),
        register::Value::Themes([]) => Value::Empty,
        register::Value::Themes(themes) if labels => Value::Text(Cow::Owned(rules.themes.labels(themes))),
        register::Value::Themes(themes) => Value::Text(Cow::Owned(rules.themes.joined(themes))),
        register::Value::Flags(flags) if flags.is_empty() => Value::Empty,
        register::Value::Flags(flags) if labels => Value::Text(Cow::Owned(
            flags.iter().map(|flag| templates.finding_label(Finding::Flag(flag))).collect::<Vec<_>>().join("; "),
        )),
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
    let shown: Vec<Shown> = spec.columns().collect();
    let columns: Vec<super::table::Column> = shown
        .iter()
        .map(|column| {
            let (width, style) = match column {
                Shown::Value(Themes | Flags) => (14.0, Style::Text),
                Shown::Value(column) | Shown::Labels(column) => layout(*column),
            };
            super::table::Column::new(column.heading(), width, style)
        })
        .collect();
    let count = spec.registers(batch).map(|register| register.rows.len()).sum();
    let rows = spec.registers(batch).flat_map(|register| {
        register.rows.iter().map(|row| shown.iter().map(|column| cell(register, row, *column, rules)).collect())
    });
    let table = TableSpec::sheet(spec.table, &columns, spec.printed.len());
    write_table(sheet, styles, &table, count, rows)?;
    let last_row = u32::try_from(count.max(1)).unwrap_or(u32::MAX);
    for (index, column) in shown.iter().enumerate() {
        let by_value = *column == Of(RiskValue);
        if by_value || *column == Of(Level) {
            let column = u16::try_from(index).unwrap_or(u16::MAX);
            level_colours(sheet, styles, &rules.templates, (1, column, last_row), by_value)?;
        }
    }
    Ok(())
}

/// Colours the rows `first_row..=last_row` of a column of risk values (`by_value`) or
/// level names by level, with one conditional format per level rather than a format per
/// cell.
///
/// # Errors
/// The writer's error.
pub fn level_colours(
    sheet: &mut Worksheet,
    styles: &Styles,
    templates: &Templates,
    (first_row, column, last_row): (u32, u16, u32),
    by_value: bool,
) -> Result<(), XlsxError> {
    use rust_xlsxwriter::{
        ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatText, ConditionalFormatTextRule,
    };
    for level in &templates.levels {
        let format = styles.level(Some(&level.name)).clone();
        if by_value {
            let rule = ConditionalFormatCellRule::Between(f64::from(level.min), f64::from(level.max));
            let rule = ConditionalFormatCell::new().set_rule(rule).set_format(format);
            sheet.add_conditional_format(first_row, column, last_row, column, &rule)?;
        } else {
            let rule = ConditionalFormatTextRule::BeginsWith(level.name.clone());
            let rule = ConditionalFormatText::new().set_rule(rule).set_format(format);
            sheet.add_conditional_format(first_row, column, last_row, column, &rule)?;
        }
    }
    Ok(())
}
