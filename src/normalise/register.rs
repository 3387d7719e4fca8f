//! The output of normalisation: typed register rows, one sheet at a time. Later stages
//! add to them (classify: themes and event key; check: flags); the frame and the
//! workbooks read them through [`Register::value`], the one place where each canonical
//! column's value is taken from a row.

use chrono::NaiveDate;

use crate::detect::context::DistrictName;
use crate::error::Location;
use crate::schema::{Column, Flags, Kind, Status, Text, Themes};
use crate::templates::Templates;

/// One register row: a risk, a plan row or a measure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// "1.1" when the goal starts with a number.
    pub goal_id: Option<Text>,
    /// KF:s mål, without its number.
    pub goal: Option<Text>,
    /// Process.
    pub process: Option<Text>,
    /// Arbetssätt.
    pub method: Option<Text>,
    /// Nr.
    pub risk_no: Option<i32>,
    /// Oönskad händelse.
    pub event: Option<Text>,
    /// Sannolikhet 1–5.
    pub probability: Option<i8>,
    /// Konsekvens 1–5.
    pub consequence: Option<i8>,
    /// RV as stated, else S × K.
    pub risk_value: Option<i16>,
    /// In the internkontrollplan (always for plan rows; unknown for follow-ups).
    pub in_ikp: Option<bool>,
    /// Systematisk kontroll.
    pub control: Option<Text>,
    /// Kontrollaktivitet.
    pub control_activity: Option<Text>,
    /// Åtgärd.
    pub measure: Option<Text>,
    /// Status.
    pub status: Option<Status>,
    /// Startdatum.
    pub start_date: Option<NaiveDate>,
    /// Slutdatum.
    pub end_date: Option<NaiveDate>,
    /// Analys / beskrivning och resultat.
    pub analysis: Option<Text>,
    /// Ansvarig.
    pub responsible: Option<Text>,
    /// Frekvens.
    pub frequency: Option<Text>,
    /// Rapporteras till.
    pub reported_to: Option<Text>,
    /// The level the register states (kept where there is no RV).
    pub stated_level: Option<Text>,
    /// Every other non-empty cell of the row's table: heading and text, left to right.
    pub extra: Vec<(Text, Text)>,
    /// The row's themes (set by classify).
    pub themes: Themes,
    /// The event's matching key (set by classify).
    pub event_key: Option<Text>,
    /// The event's number within its district (set when events are linked).
    pub event_id: Option<u32>,
    /// Data-quality flags.
    pub flags: Flags,
    /// The 1-based row (or line) in the source.
    pub source_row: u32,
}

/// The register rows of one sheet, with what is the same for all of them.
#[derive(Debug, Clone)]
pub struct Register {
    /// The file and sheet.
    pub location: Location,
    /// The register kind.
    pub kind: Kind,
    /// The district, if known.
    pub district: Option<DistrictName>,
    /// The year, if known.
    pub year: Option<i32>,
    /// The rows, in source order.
    pub rows: Vec<Row>,
    /// The file's position among the inputs, the sheet's in the file, the table's on
    /// the sheet.
    pub order: (usize, usize, usize),
}

/// A canonical column's value in one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// No value.
    Null,
    /// Text.
    Text(&'a str),
    /// A whole number.
    Int(i64),
    /// true or false.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
    /// A follow-up status.
    Status(Status),
    /// Theme indices into the catalogue.
    Themes(&'a [u16]),
    /// Data-quality flags.
    Flags(Flags),
    /// Headings and texts of the cells outside the schema.
    Extra(&'a [(Text, Text)]),
    /// An event: its number within the district.
    Event {
        /// Today's district, if known.
        district: Option<&'a str>,
        /// The event's number.
        number: u32,
    },
}

impl Register {
    /// Today's district, if known.
    pub fn district_current(&self) -> Option<&str> {
        self.district.as_ref().map(|district| district.current.as_str())
    }

    /// The value of `column` in `row` (one of this register's rows); the level comes from
    /// the templates' levels.
    pub fn value<'a>(&'a self, row: &'a Row, column: Column, templates: &'a Templates) -> Value<'a> {
        let text = |text: &'a Option<Text>| text.as_deref().map_or(Value::Null, Value::Text);
        let int = |number: Option<i64>| number.map_or(Value::Null, Value::Int);
        match column {
            Column::District => self.district.as_ref().map_or(Value::Null, |district| Value::Text(&district.name)),
            Column::DistrictCurrent => self.district_current().map_or(Value::Null, Value::Text),
            Column::Year => int(self.year.map(i64::from)),
            Column::Kind => Value::Text(self.kind.as_str()),
            Column::GoalId => text(&row.goal_id),
            Column::Goal => text(&row.goal),
            Column::Process => text(&row.process),
            Column::Method => text(&row.method),
            Column::RiskNo => int(row.risk_no.map(i64::from)),
            Column::Event => text(&row.event),
            Column::Probability => int(row.probability.map(i64::from)),
            Column::Consequence => int(row.consequence.map(i64::from)),
            Column::RiskValue => int(row.risk_value.map(i64::from)),
            Column::Level => match row.risk_value {
                Some(value) => templates.level_of(value).map_or(Value::Null, |level| Value::Text(&level.name)),
                None => text(&row.stated_level),
            },
            Column::InIkp => row.in_ikp.map_or(Value::Null, Value::Bool),
            Column::Control => text(&row.control),
            Column::ControlActivity => text(&row.control_activity),
            Column::Measure => text(&row.measure),
            Column::Status => row.status.map_or(Value::Null, Value::Status),
            Column::StartDate => row.start_date.map_or(Value::Null, Value::Date),
            Column::EndDate => row.end_date.map_or(Value::Null, Value::Date),
            Column::Analysis => text(&row.analysis),
            Column::Responsible => text(&row.responsible),
            Column::Frequency => text(&row.frequency),
            Column::ReportedTo => text(&row.reported_to),
            Column::Extra if row.extra.is_empty() => Value::Null,
            Column::Extra => Value::Extra(&row.extra),
            Column::Themes => Value::Themes(&row.themes),
            Column::EventKey => text(&row.event_key),
            Column::EventId => {
                row.event_id.map_or(Value::Null, |number| Value::Event { district: self.district_current(), number })
            }
            Column::Flags => Value::Flags(row.flags),
            Column::SourceFile => Value::Text(&self.location.file),
            Column::SourceSheet => Value::Text(self.location.sheet.as_deref().unwrap_or_default()),
            Column::SourceRow => Value::Int(i64::from(row.source_row)),
        }
    }
}
