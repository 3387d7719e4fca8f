//! The register sheets (Risker, Internkontrollplan, Uppföljning) and the plain frame of
//! `import -o x.xlsx`: which canonical columns each shows, under which heading, and how.

use std::borrow::Cow;

use super::table::{Column, Style, Value};
use crate::normalise::frame::{date_of, FrameView};
use crate::schema::{self, col, Field};
use crate::templates::Values;

/// A canonical column as a workbook column: a register field, or one riskreg adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A field read from the registers.
    Field(Field),
    /// district_current
    DistrictCurrent,
    /// district
    District,
    /// year
    Year,
    /// kind
    Kind,
    /// goal_id
    GoalId,
    /// level
    Level,
    /// themes
    Themes,
    /// event_key
    EventKey,
    /// flags
    Flags,
    /// source_file
    SourceFile,
    /// source_sheet
    SourceSheet,
    /// source_row
    SourceRow,
}

use Field::*;
use Item::{
    District, DistrictCurrent, EventKey, Flags, GoalId, Kind, Level, SourceFile, SourceRow, SourceSheet, Themes, Year,
};

const fn f(field: Field) -> Item {
    Item::Field(field)
}

/// The columns of the Risker sheet.
pub const RISKS: &[Item] = &[
    DistrictCurrent,
    District,
    Year,
    GoalId,
    f(Goal),
    f(Process),
    f(Method),
    f(RiskNo),
    f(Event),
    f(Probability),
    f(Consequence),
    f(RiskValue),
    Level,
    f(InIkp),
    Themes,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// The columns of the Internkontrollplan sheet.
pub const PLAN: &[Item] = &[
    DistrictCurrent,
    District,
    Year,
    GoalId,
    f(Goal),
    f(Process),
    f(Method),
    f(Control),
    f(RiskNo),
    f(Event),
    f(RiskValue),
    Level,
    f(ControlActivity),
    f(Analysis),
    Themes,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// The columns of the Uppföljning sheet.
pub const FOLLOW_UP: &[Item] = &[
    DistrictCurrent,
    District,
    Year,
    GoalId,
    f(Goal),
    f(Process),
    f(RiskNo),
    f(Control),
    f(Event),
    f(Measure),
    f(Status),
    f(StartDate),
    f(EndDate),
    f(Analysis),
    Themes,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// Every canonical column, in schema order (the frame of `import -o x.xlsx`).
pub const ALL: &[Item] = &[
    District,
    DistrictCurrent,
    Year,
    Kind,
    GoalId,
    f(Goal),
    f(Process),
    f(Method),
    f(RiskNo),
    f(Event),
    f(Probability),
    f(Consequence),
    f(RiskValue),
    Level,
    f(InIkp),
    f(Control),
    f(ControlActivity),
    f(Measure),
    f(Status),
    f(StartDate),
    f(EndDate),
    f(Analysis),
    Themes,
    EventKey,
    Flags,
    SourceFile,
    SourceSheet,
    SourceRow,
];

/// A register sheet: name, table name, the kind of its rows, its columns.
pub type Sheet = (&'static str, &'static str, schema::Kind, &'static [Item]);

/// The sheets of registers.
pub const SHEETS: [Sheet; 3] = [
    ("Risker", "Risker", schema::Kind::Vor, RISKS),
    ("Internkontrollplan", "Internkontrollplan", schema::Kind::Ikp, PLAN),
    ("Uppföljning", "Uppfoljning", schema::Kind::Uppfoljning, FOLLOW_UP),
];

impl Item {
    /// The Swedish heading, the canonical name, the width and the style.
    fn describe(self) -> (&'static str, &'static str, f64, Style) {
        let (swedish, width, style) = match self {
            Item::Field(field) => match field {
                Goal => ("KF:s mål för verksamhetsområdet", 34.0, Style::Wrap),
                Process => ("Process", 26.0, Style::Wrap),
                Method => ("Arbetssätt", 30.0, Style::Wrap),
                RiskNo => ("Nr", 6.0, Style::Number),
                Event => ("Oönskad händelse", 44.0, Style::Wrap),
                Probability => ("Sannolikhet", 8.0, Style::Number),
                Consequence => ("Konsekvens", 8.0, Style::Number),
                RiskValue => ("RV", 6.0, Style::Number),
                InIkp => ("I IKP", 7.0, Style::Text),
                Control => ("Systematisk kontroll", 30.0, Style::Wrap),
                ControlActivity => ("Kontrollaktivitet", 40.0, Style::Wrap),
                Measure => ("Åtgärd", 34.0, Style::Wrap),
                Status => ("Status", 14.0, Style::Text),
                StartDate => ("Startdatum", 11.0, Style::Date),
                EndDate => ("Slutdatum", 11.0, Style::Date),
                Analysis => ("Analys / resultat", 50.0, Style::Wrap),
            },
            DistrictCurrent => ("Stadsdelsnämnd", 20.0, Style::Text),
            District => ("Stadsdelsnämnd i registret", 20.0, Style::Text),
            Year => ("År", 7.0, Style::Number),
            Kind => ("Typ", 12.0, Style::Text),
            GoalId => ("Mål", 6.0, Style::Text),
            Level => ("Risknivå", 10.0, Style::Text),
            Themes => ("Teman", 24.0, Style::Wrap),
            EventKey => ("Händelsenyckel", 30.0, Style::Text),
            Flags => ("Flaggor", 18.0, Style::Wrap),
            SourceFile => ("Källfil", 30.0, Style::Text),
            SourceSheet => ("Blad", 14.0, Style::Text),
            SourceRow => ("Rad", 6.0, Style::Number),
        };
        (swedish, self.name(), width, style)
    }

    /// The canonical column name.
    fn name(self) -> &'static str {
        match self {
            Item::Field(field) => field.as_str(),
            DistrictCurrent => col::DISTRICT_CURRENT,
            District => col::DISTRICT,
            Year => col::YEAR,
            Kind => col::KIND,
            GoalId => col::GOAL_ID,
            Level => col::LEVEL,
            Themes => col::THEMES,
            EventKey => col::EVENT_KEY,
            Flags => col::FLAGS,
            SourceFile => col::SOURCE_FILE,
            SourceSheet => col::SOURCE_SHEET,
            SourceRow => col::SOURCE_ROW,
        }
    }

    /// The table column, with the Swedish heading or the canonical name.
    pub fn column(self, canonical: bool) -> Column {
        let (swedish, name, width, style) = self.describe();
        Column::new(if canonical { name } else { swedish }, width, style)
    }

    /// The cell of row `row`. `labels` gives IKP and status in Swedish; without it the
    /// canonical values are written.
    pub fn value<'a>(self, view: &FrameView<'a>, row: usize, labels: Option<&'a Values>) -> Value<'a> {
        let present = |text: Option<&'a str>| Value::text(text.filter(|text| !text.is_empty()));
        match self {
            Item::Field(field) => field_value(field, view, row, labels),
            DistrictCurrent => Value::text(view.district_current.get(row)),
            District => Value::text(view.district.get(row)),
            Year => Value::number(view.year.get(row)),
            Kind => Value::text(view.kind.get(row)),
            GoalId => Value::text(view.goal_id.get(row)),
            Level => Value::text(view.level.get(row)),
            Themes => present(view.themes.get(row)),
            EventKey => Value::text(view.event_key.get(row)),
            Flags => present(view.flags.get(row)),
            SourceFile => Value::text(view.source_file.get(row)),
            SourceSheet => present(view.source_sheet.get(row)),
            SourceRow => Value::number(view.source_row.get(row)),
        }
    }
}

/// The cell of a register field.
fn field_value<'a>(field: Field, view: &FrameView<'a>, row: usize, labels: Option<&'a Values>) -> Value<'a> {
    match field {
        Goal => Value::text(view.goal.get(row)),
        Process => Value::text(view.process.get(row)),
        Method => Value::text(view.method.get(row)),
        RiskNo => Value::number(view.risk_no.get(row)),
        Event => Value::text(view.event.get(row)),
        Probability => Value::number(view.probability.get(row)),
        Consequence => Value::number(view.consequence.get(row)),
        RiskValue => Value::number(view.risk_value.get(row)),
        InIkp => match (view.in_ikp.get(row), labels) {
            (Some(flag), Some(_)) => Value::Text(Cow::Borrowed(if flag { "Ja" } else { "Nej" })),
            (Some(flag), None) => Value::Text(Cow::Borrowed(if flag { "true" } else { "false" })),
            (None, _) => Value::Empty,
        },
        Control => Value::text(view.control.get(row)),
        ControlActivity => Value::text(view.control_activity.get(row)),
        Measure => Value::text(view.measure.get(row)),
        Status => {
            let status = view.status.get(row);
            match (status.and_then(schema::Status::parse), labels) {
                (Some(status), Some(values)) => Value::text(Some(values.status_label(status))),
                _ => Value::text(status),
            }
        }
        StartDate => date_of(view.start_date.get(row)).map_or(Value::Empty, Value::Date),
        EndDate => date_of(view.end_date.get(row)).map_or(Value::Empty, Value::Date),
        Analysis => Value::text(view.analysis.get(row)),
    }
}
