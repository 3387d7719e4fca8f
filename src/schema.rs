//! The canonical schema: one source of truth for column names, dtypes and the small
//! vocabularies (kind, status, flags) every stage shares.

use std::fmt;

use polars::prelude::DataType;
use serde::{Deserialize, Serialize};

/// The kind of register a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Väsentlighets- och riskanalys: risks with sannolikhet, konsekvens and RV.
    Vor,
    /// Internkontrollplan: the chosen risks with their controls.
    Ikp,
    /// Uppföljning: measures with status and dates.
    Uppfoljning,
}

impl Kind {
    /// Every kind, in the order riskreg reports them.
    pub const ALL: [Kind; 3] = [Kind::Vor, Kind::Ikp, Kind::Uppfoljning];

    /// The canonical name (`vor`, `ikp`, `uppfoljning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Vor => "vor",
            Kind::Ikp => "ikp",
            Kind::Uppfoljning => "uppfoljning",
        }
    }

    /// The kind with this canonical name.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status of a follow-up measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done.
    Avslutad,
    /// Under way.
    Pagaende,
    /// Late, or deviating from the plan.
    Forsenad,
    /// Not started.
    EjPaborjad,
}

impl Status {
    /// Every status, in reporting order.
    pub const ALL: [Status; 4] = [Status::Avslutad, Status::Pagaende, Status::Forsenad, Status::EjPaborjad];

    /// The canonical name (`avslutad`, `pagaende`, `forsenad`, `ej_paborjad`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Avslutad => "avslutad",
            Status::Pagaende => "pagaende",
            Status::Forsenad => "forsenad",
            Status::EjPaborjad => "ej_paborjad",
        }
    }

    /// The status with this canonical name.
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// A data-quality flag on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// RV was missing and computed as S × K.
    RvComputed,
    /// The stated RV differs from S × K; the stated value is kept.
    RvMismatch,
    /// Sannolikhet missing or not a value 1–5.
    ProbabilityInvalid,
    /// Konsekvens missing or not a value 1–5.
    ConsequenceInvalid,
    /// The row has no oönskad händelse.
    EventMissing,
    /// The IKP mark disagrees with the district's internkontrollplan.
    IkpInconsistent,
    /// The risk number appears more than once in the sheet.
    RiskNoDuplicate,
    /// A date cell could not be read as a date.
    DateInvalid,
    /// The status is none of the known ones.
    StatusUnknown,
    /// The district could not be determined.
    DistrictUnknown,
    /// The year could not be determined.
    YearUnknown,
}

impl Flag {
    /// Every flag, in the order they are listed in the `flags` column.
    pub const ALL: [Flag; 11] = [
        Flag::RvComputed,
        Flag::RvMismatch,
        Flag::ProbabilityInvalid,
        Flag::ConsequenceInvalid,
        Flag::EventMissing,
        Flag::IkpInconsistent,
        Flag::RiskNoDuplicate,
        Flag::DateInvalid,
        Flag::StatusUnknown,
        Flag::DistrictUnknown,
        Flag::YearUnknown,
    ];

    /// The canonical name, as in the `flags` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::RvComputed => "rv_computed",
            Flag::RvMismatch => "rv_mismatch",
            Flag::ProbabilityInvalid => "probability_invalid",
            Flag::ConsequenceInvalid => "consequence_invalid",
            Flag::EventMissing => "event_missing",
            Flag::IkpInconsistent => "ikp_inconsistent",
            Flag::RiskNoDuplicate => "risk_no_duplicate",
            Flag::DateInvalid => "date_invalid",
            Flag::StatusUnknown => "status_unknown",
            Flag::DistrictUnknown => "district_unknown",
            Flag::YearUnknown => "year_unknown",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of flags, small enough to keep one per row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags(u16);

impl Flags {
    /// Adds a flag.
    pub fn insert(&mut self, flag: Flag) {
        self.0 |= flag.bit();
    }

    /// Whether the set holds `flag`.
    pub fn contains(self, flag: Flag) -> bool {
        self.0 & flag.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags in canonical order.
    pub fn iter(self) -> impl Iterator<Item = Flag> {
        Flag::ALL.into_iter().filter(move |flag| self.contains(*flag))
    }

    /// The `;`-joined names, as in the `flags` column.
    pub fn joined(self) -> String {
        self.iter().map(Flag::as_str).collect::<Vec<_>>().join(";")
    }
}

/// A register column a district's sheet can have, mapped from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// KF:s mål för verksamhetsområdet.
    Goal,
    /// Process.
    Process,
    /// Arbetssätt.
    Method,
    /// Nr.
    RiskNo,
    /// Oönskad händelse.
    Event,
    /// Sannolikhet.
    Probability,
    /// Konsekvens.
    Consequence,
    /// RV.
    RiskValue,
    /// IKP.
    InIkp,
    /// Systematisk kontroll.
    Control,
    /// Kontrollaktivitet.
    ControlActivity,
    /// Åtgärd.
    Measure,
    /// Status.
    Status,
    /// Startdatum.
    StartDate,
    /// Slutdatum.
    EndDate,
    /// Analys / beskrivning och resultat.
    Analysis,
}

impl Field {
    /// Every field, in canonical order.
    pub const ALL: [Field; 16] = [
        Field::Goal,
        Field::Process,
        Field::Method,
        Field::RiskNo,
        Field::Event,
        Field::Probability,
        Field::Consequence,
        Field::RiskValue,
        Field::InIkp,
        Field::Control,
        Field::ControlActivity,
        Field::Measure,
        Field::Status,
        Field::StartDate,
        Field::EndDate,
        Field::Analysis,
    ];

    /// The canonical column name.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Goal => col::GOAL,
            Field::Process => col::PROCESS,
            Field::Method => col::METHOD,
            Field::RiskNo => col::RISK_NO,
            Field::Event => col::EVENT,
            Field::Probability => col::PROBABILITY,
            Field::Consequence => col::CONSEQUENCE,
            Field::RiskValue => col::RISK_VALUE,
            Field::InIkp => col::IN_IKP,
            Field::Control => col::CONTROL,
            Field::ControlActivity => col::CONTROL_ACTIVITY,
            Field::Measure => col::MEASURE,
            Field::Status => col::STATUS,
            Field::StartDate => col::START_DATE,
            Field::EndDate => col::END_DATE,
            Field::Analysis => col::ANALYSIS,
        }
    }

    /// The position of this field in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The canonical column names.
pub mod col {
    /// Canonical district name as of the register's year.
    pub const DISTRICT: &str = "district";
    /// Today's district, after mergers.
    pub const DISTRICT_CURRENT: &str = "district_current";
    /// The year the register covers.
    pub const YEAR: &str = "year";
    /// `vor`, `ikp` or `uppfoljning`.
    pub const KIND: &str = "kind";
    /// "1.1", "3.5" … when the goal text starts with one.
    pub const GOAL_ID: &str = "goal_id";
    /// KF:s mål för verksamhetsområdet, without its number.
    pub const GOAL: &str = "goal";
    /// Process.
    pub const PROCESS: &str = "process";
    /// Arbetssätt.
    pub const METHOD: &str = "method";
    /// Nr.
    pub const RISK_NO: &str = "risk_no";
    /// Oönskad händelse.
    pub const EVENT: &str = "event";
    /// Sannolikhet 1–5.
    pub const PROBABILITY: &str = "probability";
    /// Konsekvens 1–5.
    pub const CONSEQUENCE: &str = "consequence";
    /// RV as stated, else S × K.
    pub const RISK_VALUE: &str = "risk_value";
    /// Risk level from the templates.
    pub const LEVEL: &str = "level";
    /// Whether the risk is in the internkontrollplan.
    pub const IN_IKP: &str = "in_ikp";
    /// Systematisk kontroll.
    pub const CONTROL: &str = "control";
    /// Kontrollaktivitet.
    pub const CONTROL_ACTIVITY: &str = "control_activity";
    /// Åtgärd.
    pub const MEASURE: &str = "measure";
    /// Canonical status.
    pub const STATUS: &str = "status";
    /// Startdatum.
    pub const START_DATE: &str = "start_date";
    /// Slutdatum.
    pub const END_DATE: &str = "end_date";
    /// Analys / beskrivning och resultat.
    pub const ANALYSIS: &str = "analysis";
    /// Theme ids, `;`-joined, sorted.
    pub const THEMES: &str = "themes";
    /// Normalised text used to match the same event across years.
    pub const EVENT_KEY: &str = "event_key";
    /// Data-quality flags, `;`-joined.
    pub const FLAGS: &str = "flags";
    /// The file's path as given.
    pub const SOURCE_FILE: &str = "source_file";
    /// The sheet name (empty for CSV).
    pub const SOURCE_SHEET: &str = "source_sheet";
    /// The 1-based row or line.
    pub const SOURCE_ROW: &str = "source_row";
}

/// The canonical columns in order, with their dtypes.
pub fn columns() -> [(&'static str, DataType); 28] {
    use col::*;
    [
        (DISTRICT, DataType::String),
        (DISTRICT_CURRENT, DataType::String),
        (YEAR, DataType::Int32),
        (KIND, DataType::String),
        (GOAL_ID, DataType::String),
        (GOAL, DataType::String),
        (PROCESS, DataType::String),
        (METHOD, DataType::String),
        (RISK_NO, DataType::Int32),
        (EVENT, DataType::String),
        (PROBABILITY, DataType::Int8),
        (CONSEQUENCE, DataType::Int8),
        (RISK_VALUE, DataType::Int16),
        (LEVEL, DataType::String),
        (IN_IKP, DataType::Boolean),
        (CONTROL, DataType::String),
        (CONTROL_ACTIVITY, DataType::String),
        (MEASURE, DataType::String),
        (STATUS, DataType::String),
        (START_DATE, DataType::Date),
        (END_DATE, DataType::Date),
        (ANALYSIS, DataType::String),
        (THEMES, DataType::String),
        (EVENT_KEY, DataType::String),
        (FLAGS, DataType::String),
        (SOURCE_FILE, DataType::String),
        (SOURCE_SHEET, DataType::String),
        (SOURCE_ROW, DataType::UInt32),
    ]
}

/// Whether a canonical column is provenance (where a row came from), not content.
pub fn is_provenance(column: &str) -> bool {
    matches!(column, col::SOURCE_FILE | col::SOURCE_SHEET | col::SOURCE_ROW)
}
