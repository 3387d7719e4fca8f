//! The canonical schema, defined once: every column's name, type, Swedish heading and
//! meaning ([`COLUMNS`]), and the small vocabularies every stage shares (kind, status,
//! flags, the register fields a header can name). The frame builder, the register sheets
//! and the README's table of columns all come from here.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The most characters (UTF-16 code units) an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// A text value of a register row; shared where many rows carry the same value (a goal
/// over its risks, an event over its measures).
pub type Text = Arc<str>;

/// The themes of a row: indices into the theme catalogue (ordered by id), ascending.
pub type Themes = Arc<[u16]>;

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

    /// The fields that carry down over blank continuation cells, outermost first: a blank
    /// cell takes the value above while the fields before it in this list are unchanged
    /// (DESIGN §1, "Carrying values down").
    pub fn hierarchy(self) -> &'static [Field] {
        match self {
            Kind::Vor => &[Field::Goal, Field::Process, Field::Method],
            Kind::Ikp => &[Field::Goal, Field::Process, Field::Method, Field::Control],
            Kind::Uppfoljning => &[Field::Goal, Field::Process, Field::Control, Field::Event],
        }
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
    /// The RV cell holds something that is not a risk value.
    RiskValueInvalid,
    /// The row has no oönskad händelse (or the sheet has no column for it).
    EventMissing,
    /// The IKP mark disagrees with the district's internkontrollplan.
    IkpInconsistent,
    /// The IKP cell is neither a yes nor a no.
    InIkpInvalid,
    /// The Nr cell is not a whole number.
    RiskNoInvalid,
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
    /// The register copies another of the same district, year and kind; its rows are
    /// not counted.
    DuplicateRegister,
    /// A text is longer than an Excel cell holds: cut in xlsx outputs, whole elsewhere.
    TextTooLong,
}

impl Flag {
    /// Every flag, in the order they are listed in the `flags` column.
    pub const ALL: [Flag; 16] = [
        Flag::RvComputed,
        Flag::RvMismatch,
        Flag::ProbabilityInvalid,
        Flag::ConsequenceInvalid,
        Flag::RiskValueInvalid,
        Flag::EventMissing,
        Flag::IkpInconsistent,
        Flag::InIkpInvalid,
        Flag::RiskNoInvalid,
        Flag::RiskNoDuplicate,
        Flag::DateInvalid,
        Flag::StatusUnknown,
        Flag::DistrictUnknown,
        Flag::YearUnknown,
        Flag::DuplicateRegister,
        Flag::TextTooLong,
    ];

    /// The canonical name, as in the `flags` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::RvComputed => "rv_computed",
            Flag::RvMismatch => "rv_mismatch",
            Flag::ProbabilityInvalid => "probability_invalid",
            Flag::ConsequenceInvalid => "consequence_invalid",
            Flag::RiskValueInvalid => "risk_value_invalid",
            Flag::EventMissing => "event_missing",
            Flag::IkpInconsistent => "ikp_inconsistent",
            Flag::InIkpInvalid => "in_ikp_invalid",
            Flag::RiskNoInvalid => "risk_no_invalid",
            Flag::RiskNoDuplicate => "risk_no_duplicate",
            Flag::DateInvalid => "date_invalid",
            Flag::StatusUnknown => "status_unknown",
            Flag::DistrictUnknown => "district_unknown",
            Flag::YearUnknown => "year_unknown",
            Flag::DuplicateRegister => "duplicate_register",
            Flag::TextTooLong => "text_too_long",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of flags, small enough to keep one per row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags(u32);

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

/// A register field a district's header can name, mapped through `aliases.toml`.
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
    /// Ansvarig.
    Responsible,
    /// Frekvens.
    Frequency,
    /// Rapporteras till.
    ReportedTo,
    /// Risknivå, as the register states it.
    Level,
}

impl Field {
    /// Every field, in canonical order.
    pub const ALL: [Field; 20] = [
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
        Field::Responsible,
        Field::Frequency,
        Field::ReportedTo,
        Field::Level,
    ];

    /// The canonical column the field fills.
    pub fn column(self) -> Column {
        match self {
            Field::Goal => Column::Goal,
            Field::Process => Column::Process,
            Field::Method => Column::Method,
            Field::RiskNo => Column::RiskNo,
            Field::Event => Column::Event,
            Field::Probability => Column::Probability,
            Field::Consequence => Column::Consequence,
            Field::RiskValue => Column::RiskValue,
            Field::InIkp => Column::InIkp,
            Field::Control => Column::Control,
            Field::ControlActivity => Column::ControlActivity,
            Field::Measure => Column::Measure,
            Field::Status => Column::Status,
            Field::StartDate => Column::StartDate,
            Field::EndDate => Column::EndDate,
            Field::Analysis => Column::Analysis,
            Field::Responsible => Column::Responsible,
            Field::Frequency => Column::Frequency,
            Field::ReportedTo => Column::ReportedTo,
            Field::Level => Column::Level,
        }
    }

    /// The canonical column name.
    pub fn as_str(self) -> &'static str {
        self.column().name()
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

/// The type of a canonical column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// UTF-8 text.
    Str,
    /// 8-bit signed integer.
    I8,
    /// 16-bit signed integer.
    I16,
    /// 32-bit signed integer.
    I32,
    /// 32-bit unsigned integer.
    U32,
    /// true or false.
    Bool,
    /// A calendar date.
    Date,
}

impl Dtype {
    /// The type's name as the README and DESIGN write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Dtype::Str => "str",
            Dtype::I8 => "i8",
            Dtype::I16 => "i16",
            Dtype::I32 => "i32",
            Dtype::U32 => "u32",
            Dtype::Bool => "bool",
            Dtype::Date => "date",
        }
    }
}

/// A canonical column, in frame order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// Canonical district name as of the register's year.
    District,
    /// Today's district, after mergers.
    DistrictCurrent,
    /// The year the register covers.
    Year,
    /// `vor`, `ikp` or `uppfoljning`.
    Kind,
    /// "1.1", "3.5" … when the goal text starts with one.
    GoalId,
    /// KF:s mål för verksamhetsområdet, without its number.
    Goal,
    /// Process.
    Process,
    /// Arbetssätt.
    Method,
    /// Nr.
    RiskNo,
    /// Oönskad händelse.
    Event,
    /// Sannolikhet 1–5.
    Probability,
    /// Konsekvens 1–5.
    Consequence,
    /// RV as stated, else S × K.
    RiskValue,
    /// Risk level from the templates.
    Level,
    /// Whether the risk is in the internkontrollplan.
    InIkp,
    /// Systematisk kontroll.
    Control,
    /// Kontrollaktivitet.
    ControlActivity,
    /// Åtgärd.
    Measure,
    /// Canonical status.
    Status,
    /// Startdatum.
    StartDate,
    /// Slutdatum.
    EndDate,
    /// Analys / beskrivning och resultat.
    Analysis,
    /// Ansvarig.
    Responsible,
    /// Frekvens.
    Frequency,
    /// Rapporteras till.
    ReportedTo,
    /// Every other non-empty cell of the row's table, heading → text, as a JSON object.
    Extra,
    /// Theme ids, `;`-joined, sorted.
    Themes,
    /// Normalised text used to match the same event across years.
    EventKey,
    /// Rows of one district that are the same event share it.
    EventId,
    /// Data-quality flags, `;`-joined.
    Flags,
    /// The file's path as given.
    SourceFile,
    /// The sheet name (empty for CSV).
    SourceSheet,
    /// The 1-based row or line.
    SourceRow,
}

/// What the schema says of one column.
#[derive(Debug, Clone, Copy)]
pub struct ColumnInfo {
    /// The column.
    pub column: Column,
    /// Its name in the frame and every machine-readable output.
    pub name: &'static str,
    /// Its type.
    pub dtype: Dtype,
    /// Its heading in the workbooks.
    pub heading: &'static str,
    /// What it holds, for the documentation.
    pub meaning: &'static str,
}

const fn info(
    column: Column,
    name: &'static str,
    dtype: Dtype,
    heading: &'static str,
    meaning: &'static str,
) -> ColumnInfo {
    ColumnInfo { column, name, dtype, heading, meaning }
}

/// The canonical columns in frame order (DESIGN §2).
pub const COLUMNS: [ColumnInfo; 33] = [
    info(
        Column::District,
        "district",
        Dtype::Str,
        "Stadsdelsnämnd i registret",
        "canonical name as of the register's year",
    ),
    info(Column::DistrictCurrent, "district_current", Dtype::Str, "Stadsdelsnämnd", "today's district (after mergers)"),
    info(Column::Year, "year", Dtype::I32, "År", "the year the register covers"),
    info(Column::Kind, "kind", Dtype::Str, "Typ", "`vor`, `ikp` or `uppfoljning`"),
    info(Column::GoalId, "goal_id", Dtype::Str, "Mål", "\"1.1\", \"3.5\" … when the goal text starts with one"),
    info(
        Column::Goal,
        "goal",
        Dtype::Str,
        "KF:s mål för verksamhetsområdet",
        "KF:s mål för verksamhetsområdet, without its number",
    ),
    info(Column::Process, "process", Dtype::Str, "Process", "process"),
    info(Column::Method, "method", Dtype::Str, "Arbetssätt", "arbetssätt"),
    info(Column::RiskNo, "risk_no", Dtype::I32, "Nr", "Nr"),
    info(Column::Event, "event", Dtype::Str, "Oönskad händelse", "oönskad händelse, whitespace-normalised"),
    info(Column::Probability, "probability", Dtype::I8, "Sannolikhet", "sannolikhet 1–5"),
    info(Column::Consequence, "consequence", Dtype::I8, "Konsekvens", "konsekvens 1–5"),
    info(Column::RiskValue, "risk_value", Dtype::I16, "RV", "RV as stated, else sannolikhet × konsekvens"),
    info(
        Column::Level,
        "level",
        Dtype::Str,
        "Risknivå",
        "`Låg`, `Medium` or `Kritisk` (levels.toml) from RV; without an RV, the level the register states",
    ),
    info(Column::InIkp, "in_ikp", Dtype::Bool, "I IKP", "the risk is in the internkontrollplan"),
    info(Column::Control, "control", Dtype::Str, "Systematisk kontroll", "systematisk kontroll"),
    info(Column::ControlActivity, "control_activity", Dtype::Str, "Kontrollaktivitet", "kontrollaktivitet"),
    info(Column::Measure, "measure", Dtype::Str, "Åtgärd", "åtgärd"),
    info(Column::Status, "status", Dtype::Str, "Status", "`avslutad`, `pagaende`, `forsenad`, `ej_paborjad`, or empty"),
    info(Column::StartDate, "start_date", Dtype::Date, "Startdatum", "startdatum"),
    info(Column::EndDate, "end_date", Dtype::Date, "Slutdatum", "slutdatum"),
    info(Column::Analysis, "analysis", Dtype::Str, "Analys / resultat", "analys / beskrivning och resultat"),
    info(Column::Responsible, "responsible", Dtype::Str, "Ansvarig", "ansvarig"),
    info(Column::Frequency, "frequency", Dtype::Str, "Frekvens", "frekvens"),
    info(Column::ReportedTo, "reported_to", Dtype::Str, "Rapporteras till", "rapporteras till"),
    info(
        Column::Extra,
        "extra",
        Dtype::Str,
        "Övriga kolumner",
        "every other non-empty cell of the row's table, as a JSON object heading → text",
    ),
    info(Column::Themes, "themes", Dtype::Str, "Teman", "theme ids, `;`-joined, sorted"),
    info(Column::EventKey, "event_key", Dtype::Str, "Händelsenyckel", "normalised text used to match the same event"),
    info(
        Column::EventId,
        "event_id",
        Dtype::Str,
        "Händelse-id",
        "rows of one district_current that are the same event, across years and registers, share it",
    ),
    info(Column::Flags, "flags", Dtype::Str, "Flaggor", "data-quality flags, `;`-joined"),
    info(Column::SourceFile, "source_file", Dtype::Str, "Källfil", "the file's path as given"),
    info(Column::SourceSheet, "source_sheet", Dtype::Str, "Blad", "the sheet's name (empty for CSV)"),
    info(Column::SourceRow, "source_row", Dtype::U32, "Rad", "the 1-based row or line"),
];

impl Column {
    /// What the schema says of this column.
    pub fn info(self) -> &'static ColumnInfo {
        &COLUMNS[self as usize]
    }

    /// The column's canonical name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The column's Swedish heading.
    pub fn heading(self) -> &'static str {
        self.info().heading
    }

    /// Every column, in frame order.
    pub fn all() -> impl Iterator<Item = Column> {
        COLUMNS.iter().map(|info| info.column)
    }
}

#[cfg(test)]
mod tests;
