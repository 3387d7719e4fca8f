//! The register sheets (Risker, Internkontrollplan, Uppföljning) and the plain frame of
//! `import -o x.xlsx`: which canonical columns each shows, under which heading, and how.

use std::borrow::Cow;

use super::table::{Column, Style, Value};
use crate::normalise::frame::{date_of, FrameView};
use crate::schema::{self, col};
use crate::templates::Values;

/// A canonical column as a workbook column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
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
    /// goal
    Goal,
    /// process
    Process,
    /// method
    Method,
    /// risk_no
    RiskNo,
    /// event
    Event,
    /// probability
    Probability,
    /// consequence
    Consequence,
    /// risk_value
    RiskValue,
    /// level
    Level,
    /// in_ikp
    InIkp,
    /// control
    Control,
    /// control_activity
    ControlActivity,
    /// measure
    Measure,
    /// status
    Status,
    /// start_date
    StartDate,
    /// end_date
    EndDate,
    /// analysis
    Analysis,
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

use Item::*;

/// The columns of the Risker sheet.
pub const RISKS: &[Item] = &[
    DistrictCurrent, District, Year, GoalId, Goal, Process, Method, RiskNo, Event, Probability, Consequence, RiskValue, Level, InIkp, Themes, Flags,
    SourceFile, SourceSheet, SourceRow,
];

/// The columns of the Internkontrollplan sheet.
pub const PLAN: &[Item] = &[
    DistrictCurrent, District, Year, GoalId, Goal, Process, Method, Control, RiskNo, Event, RiskValue, Level, ControlActivity, Analysis, Themes,
    Flags, SourceFile, SourceSheet, SourceRow,
];

/// The columns of the Uppföljning sheet.
pub const FOLLOW_UP: &[Item] = &[
    DistrictCurrent, District, Year, GoalId, Goal, Process, RiskNo, Control, Event, Measure, Status, StartDate, EndDate, Analysis, Themes, Flags,
    SourceFile, SourceSheet, SourceRow,
];

/// Every canonical column, in schema order (the frame of `import -o x.xlsx`).
pub const ALL: &[Item] = &[
    District, DistrictCurrent, Year, Kind, GoalId, Goal, Process, Method, RiskNo, Event, Probability, Consequence, RiskValue, Level, InIkp, Control,
    ControlActivity, Measure, Status, StartDate, EndDate, Analysis, Themes, EventKey, Flags, SourceFile, SourceSheet, SourceRow,
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
        match self {
            DistrictCurrent => ("Stadsdelsnämnd", col::DISTRICT_CURRENT, 20.0, Style::Text),
            District => ("Stadsdelsnämnd i registret", col::DISTRICT, 20.0, Style::Text),
            Year => ("År", col::YEAR, 7.0, Style::Number),
            Kind => ("Typ", col::KIND, 12.0, Style::Text),
            GoalId => ("Mål", col::GOAL_ID, 6.0, Style::Text),
            Goal => ("KF:s mål för verksamhetsområdet", col::GOAL, 34.0, Style::Wrap),
            Process => ("Process", col::PROCESS, 26.0, Style::Wrap),
            Method => ("Arbetssätt", col::METHOD, 30.0, Style::Wrap),
            RiskNo => ("Nr", col::RISK_NO, 6.0, Style::Number),
            Event => ("Oönskad händelse", col::EVENT, 44.0, Style::Wrap),
            Probability => ("Sannolikhet", col::PROBABILITY, 8.0, Style::Number),
            Consequence => ("Konsekvens", col::CONSEQUENCE, 8.0, Style::Number),
            RiskValue => ("RV", col::RISK_VALUE, 6.0, Style::Number),
            Level => ("Risknivå", col::LEVEL, 10.0, Style::Text),
            InIkp => ("I IKP", col::IN_IKP, 7.0, Style::Text),
            Control => ("Systematisk kontroll", col::CONTROL, 30.0, Style::Wrap),
            ControlActivity => ("Kontrollaktivitet", col::CONTROL_ACTIVITY, 40.0, Style::Wrap),
            Measure => ("Åtgärd", col::MEASURE, 34.0, Style::Wrap),
            Status => ("Status", col::STATUS, 14.0, Style::Text),
            StartDate => ("Startdatum", col::START_DATE, 11.0, Style::Date),
            EndDate => ("Slutdatum", col::END_DATE, 11.0, Style::Date),
            Analysis => ("Analys / resultat", col::ANALYSIS, 50.0, Style::Wrap),
            Themes => ("Teman", col::THEMES, 24.0, Style::Wrap),
            EventKey => ("Händelsenyckel", col::EVENT_KEY, 30.0, Style::Text),
            Flags => ("Flaggor", col::FLAGS, 18.0, Style::Wrap),
            SourceFile => ("Källfil", col::SOURCE_FILE, 30.0, Style::Text),
            SourceSheet => ("Blad", col::SOURCE_SHEET, 14.0, Style::Text),
            SourceRow => ("Rad", col::SOURCE_ROW, 6.0, Style::Number),
        }
    }

    /// The table column, with the Swedish heading or the canonical name.
    pub fn column(self, canonical: bool) -> Column {
        let (swedish, name, width, style) = self.describe();
        Column::new(if canonical { name } else { swedish }, width, style)
    }

    /// The cell of row `row`. `labels` gives status labels in Swedish; without it the
    /// canonical values are written.
    pub fn value<'a>(self, view: &FrameView<'a>, row: usize, labels: Option<&'a Values>) -> Value<'a> {
        match self {
            DistrictCurrent => Value::text(view.district_current.get(row)),
            District => Value::text(view.district.get(row)),
            Year => Value::number(view.year.get(row)),
            Kind => Value::text(view.kind.get(row)),
            GoalId => Value::text(view.goal_id.get(row)),
            Goal => Value::text(view.goal.get(row)),
            Process => Value::text(view.process.get(row)),
            Method => Value::text(view.method.get(row)),
            RiskNo => Value::number(view.risk_no.get(row)),
            Event => Value::text(view.event.get(row)),
            Probability => Value::number(view.probability.get(row)),
            Consequence => Value::number(view.consequence.get(row)),
            RiskValue => Value::number(view.risk_value.get(row)),
            Level => Value::text(view.level.get(row)),
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
            Themes => Value::text(view.themes.get(row).filter(|themes| !themes.is_empty())),
            EventKey => Value::text(view.event_key.get(row)),
            Flags => Value::text(view.flags.get(row).filter(|flags| !flags.is_empty())),
            SourceFile => Value::text(view.source_file.get(row)),
            SourceSheet => Value::text(view.source_sheet.get(row).filter(|sheet| !sheet.is_empty())),
            SourceRow => Value::number(view.source_row.get(row)),
        }
    }
}
