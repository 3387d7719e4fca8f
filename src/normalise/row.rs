//! One register row built from its cells and the carried context: every value parsed,
//! and every value that cannot be read flagged on the row and recorded whole with its
//! place (DESIGN §2).

use super::carry::Carry;
use super::quality::{Finding, Issue};
use super::register::Row;
use super::values::{self, prose_of, text_of, Compound, Parsed, Scale, ValueParser};
use crate::detect::header::Header;
use crate::error::Location;
use crate::read::Cell;
use crate::schema::{Field, Flag, Flags, Kind, Status, Text, MAX_CELL_CHARS};

/// Reads one row's cells under its header.
pub struct RowReader<'a> {
    /// The value words.
    pub values: &'a ValueParser,
    /// The sheet's header.
    pub header: &'a Header,
    /// The carried hierarchy values, already updated with this row.
    pub carry: &'a Carry,
    /// The row's cells, merged cells filled.
    pub cells: &'a [Cell<'a>],
    /// Where flags and unreadable values are recorded.
    pub notes: Notes<'a>,
}

impl<'a> RowReader<'a> {
    /// The row's cell of `field`, if the sheet has the column.
    fn cell(&self, field: Field) -> Option<Cell<'a>> {
        self.header.column_of(field).map(|column| self.cells.get(column).copied().unwrap_or(Cell::Empty))
    }

    fn kind(&self) -> Kind {
        self.header.kind
    }

    /// The register row, with its flags; `risk_no` has been read by [`Self::risk_no`].
    pub fn read(mut self, risk_no: Option<i32>) -> (Row, Flags) {
        let event = self.event();
        let compound = self.compound();
        let probability = self.scale(Field::Probability, Scale::Probability, compound.probability);
        let consequence = self.scale(Field::Consequence, Scale::Consequence, compound.consequence);
        let risk_value = self.risk_value(probability, consequence, compound);
        let (stated_level, leftover) = self.stated_level(risk_value);
        let analysis = self.prose(Field::Analysis);
        let row = Row {
            goal_id: self.carry.goal().0.clone(),
            goal: self.carry.goal().1.clone(),
            process: self.text(Field::Process),
            method: self.text(Field::Method),
            risk_no,
            event,
            probability,
            consequence,
            risk_value,
            in_ikp: self.in_ikp(),
            control: self.text(Field::Control),
            control_activity: self.prose(Field::ControlActivity),
            measure: self.prose(Field::Measure),
            status: self.status(analysis.as_deref()),
            start_date: self.date(Field::StartDate),
            end_date: self.date(Field::EndDate),
            analysis,
            responsible: self.text(Field::Responsible),
            frequency: self.text(Field::Frequency),
            reported_to: self.text(Field::ReportedTo),
            stated_level,
            extra: leftover.into_iter().collect(),
            source_row: self.notes.row,
            ..Row::default()
        };
        self.too_long(&row);
        (row, self.notes.flags)
    }

    /// Flags a text longer than an Excel cell holds: it stays whole in the frame, and is
    /// cut (and marked) only in xlsx outputs.
    fn too_long(&mut self, row: &Row) {
        let texts = [
            (Field::Goal, &row.goal),
            (Field::Process, &row.process),
            (Field::Method, &row.method),
            (Field::Event, &row.event),
            (Field::Control, &row.control),
            (Field::ControlActivity, &row.control_activity),
            (Field::Measure, &row.measure),
            (Field::Analysis, &row.analysis),
            (Field::Responsible, &row.responsible),
            (Field::Frequency, &row.frequency),
            (Field::ReportedTo, &row.reported_to),
        ];
        for (field, text) in texts.into_iter().filter_map(|(field, text)| Some((field, text.as_deref()?))) {
            if text.len() > MAX_CELL_CHARS && text.encode_utf16().count() > MAX_CELL_CHARS {
                let reason = format!(
                    "{} tecken, fler än en Excel-cell rymmer: hel i Parquet, CSV och JSON, avkortad i xlsx",
                    text.chars().count()
                );
                self.notes.flag(Flag::TextTooLong, field, &crate::text::excerpt(text, 60), &reason);
            }
        }
    }

    /// Nr, if readable.
    pub fn risk_no(&mut self) -> Option<i32> {
        let cell = self.cell(Field::RiskNo)?;
        match self.values.integer(cell) {
            Parsed::Value(number) => i32::try_from(number).ok(),
            Parsed::Invalid => {
                self.notes.flag(Flag::RiskNoInvalid, Field::RiskNo, &cell.display(), "Nr är inte ett heltal");
                None
            }
            Parsed::Missing => None,
        }
    }

    /// A text field: carried down when it is in the hierarchy, else the row's own cell.
    fn text(&self, field: Field) -> Option<Text> {
        if self.carry.carries(field) {
            self.carry.get(field).cloned()
        } else {
            self.cell(field).and_then(text_of).map(|text| text.as_ref().into())
        }
    }

    /// A prose field, its paragraphs kept.
    fn prose(&self, field: Field) -> Option<Text> {
        self.cell(field).and_then(prose_of).map(|text| text.as_ref().into())
    }

    /// The oönskad händelse (carried down in follow-ups), flagged when missing; a sheet
    /// without an event column flags every row (and says so once, for the sheet).
    fn event(&mut self) -> Option<Text> {
        let event = self.text(Field::Event);
        if self.header.column_of(Field::Event).is_none() {
            self.notes.flags.insert(Flag::EventMissing);
        } else if event.is_none() {
            self.notes.flag(Flag::EventMissing, Field::Event, "", "raden saknar oönskad händelse");
        }
        event
    }

    /// The RV cell: the RV column's, else a number under "Risknivå" (a register that
    /// states its risk value there).
    fn risk_value_cell(&self) -> Option<Cell<'a>> {
        self.cell(Field::RiskValue)
            .or_else(|| self.cell(Field::Level).filter(|cell| matches!(self.values.integer(*cell), Parsed::Value(_))))
    }

    /// A level the register states ("Risknivå"): a level of `levels.toml` is kept where
    /// there is no RV; a number there is the RV (see [`Self::risk_value_cell`]); anything
    /// else, or a number that is not the RV, is kept under its heading in `extra`.
    fn stated_level(&self, risk_value: Option<i16>) -> (Option<Text>, Option<(Text, Text)>) {
        let Some(cell) = self.cell(Field::Level).filter(|cell| !cell.is_blank()) else { return (None, None) };
        let text = cell.display();
        if let Some(level) = self.values.level(&text) {
            return (Some(level.into()), None);
        }
        let is_risk_value = match self.values.integer(cell) {
            Parsed::Value(number) => self.cell(Field::RiskValue).is_none() || risk_value.map(i64::from) == Some(number),
            _ => false,
        };
        let heading = self.header.column_of(Field::Level).map(|column| self.header.heading_of(column));
        let leftover = (!is_risk_value).then(|| (heading.unwrap_or_default().into(), text.into()));
        (None, leftover)
    }

    /// What a compound RV cell says ("6 (Sannolikhet: 3, Konsekvens: 2)"), else nothing.
    fn compound(&self) -> Compound {
        match self.risk_value_cell() {
            Some(Cell::Text(text)) if !matches!(self.values.integer(Cell::Text(text)), Parsed::Value(_)) => {
                values::compound(text).unwrap_or_default()
            }
            _ => Compound::default(),
        }
    }

    /// Sannolikhet or konsekvens 1–5 from its column, else from a compound RV cell;
    /// flagged when unreadable (or, in a VoR, missing).
    fn scale(&mut self, field: Field, scale: Scale, compound: Option<i64>) -> Option<i8> {
        let (flag, name) = match scale {
            Scale::Probability => (Flag::ProbabilityInvalid, "sannolikhet"),
            Scale::Consequence => (Flag::ConsequenceInvalid, "konsekvens"),
        };
        let cell = self.cell(field);
        match cell.map(|cell| self.values.scale(cell, scale)) {
            Some(Parsed::Value(value)) => Some(value),
            Some(Parsed::Invalid) => {
                let shown = cell.unwrap_or(Cell::Empty).display();
                self.notes.flag(flag, field, &shown, &format!("{name} är inte ett värde 1–5"));
                None
            }
            parsed => match compound {
                Some(value @ 1..=5) => i8::try_from(value).ok(),
                Some(value) => {
                    let reason = format!("RV-cellen ger {name} {value}, inte ett värde 1–5");
                    self.notes.flag(flag, Field::RiskValue, &value.to_string(), &reason);
                    None
                }
                // An empty cell of a VoR's column; a sheet without the column states none.
                None => {
                    if self.kind() == Kind::Vor && parsed.is_some() {
                        self.notes.flag(flag, field, "", &format!("{name} saknas"));
                    }
                    None
                }
            },
        }
    }

    /// RV as stated (a number, or the RV of a compound cell), else S × K; a stated RV
    /// that contradicts S × K is kept and flagged.
    fn risk_value(&mut self, probability: Option<i8>, consequence: Option<i8>, compound: Compound) -> Option<i16> {
        let computed = probability.zip(consequence).map(|(s, k)| i16::from(s) * i16::from(k));
        let cell = self.risk_value_cell();
        let stated = match cell.map(|cell| self.values.integer(cell)) {
            Some(Parsed::Invalid) if compound != Compound::default() => {
                compound.risk_value.map_or(Parsed::Missing, Parsed::Value)
            }
            Some(parsed) => parsed,
            None => Parsed::Missing,
        };
        let shown = cell.unwrap_or(Cell::Empty).display();
        match stated {
            Parsed::Value(stated) => {
                let Some(stated) = i16::try_from(stated).ok().filter(|stated| (1..=25).contains(stated)) else {
                    self.notes.flag(Flag::RiskValueInvalid, Field::RiskValue, &shown, "RV är inte ett värde 1–25");
                    return computed;
                };
                if let Some(computed) = computed.filter(|computed| *computed != stated) {
                    let reason = format!("RV {stated} men sannolikhet × konsekvens = {computed}; angivet RV behålls");
                    self.notes.flag(Flag::RvMismatch, Field::RiskValue, &stated.to_string(), &reason);
                }
                Some(stated)
            }
            Parsed::Invalid | Parsed::Missing => {
                let invalid = matches!(stated, Parsed::Invalid);
                if invalid {
                    self.notes.flag(Flag::RiskValueInvalid, Field::RiskValue, &shown, "RV är inte ett tal");
                }
                if let Some(value) = computed {
                    let what = if invalid { "RV oläsligt" } else { "RV saknas" };
                    let reason = format!("{what}; beräknat som sannolikhet × konsekvens = {value}");
                    self.notes.flag(Flag::RvComputed, Field::RiskValue, "", &reason);
                }
                computed
            }
        }
    }

    /// In the plan: every plan row; a VoR's IKP mark; unknown for follow-ups.
    fn in_ikp(&mut self) -> Option<bool> {
        match self.kind() {
            Kind::Ikp => Some(true),
            Kind::Uppfoljning => None,
            Kind::Vor => {
                let cell = self.cell(Field::InIkp)?;
                match self.values.in_ikp(cell) {
                    Parsed::Value(value) => Some(value),
                    _ => {
                        let reason = "IKP-markeringen är varken ja (Ja, ★, X) eller nej (Nej, endast VoR)";
                        self.notes.flag(Flag::InIkpInvalid, Field::InIkp, &cell.display(), reason);
                        None
                    }
                }
            }
        }
    }

    /// The status from its column; without one, a result that is a status word
    /// ("Genomförd") is the status too.
    fn status(&mut self, analysis: Option<&str>) -> Option<Status> {
        let Some(cell) = self.cell(Field::Status) else {
            return analysis.and_then(|text| match self.values.status(Cell::Text(text)) {
                Parsed::Value(status) => Some(status),
                _ => None,
            });
        };
        match self.values.status(cell) {
            Parsed::Value(status) => Some(status),
            Parsed::Invalid => {
                let reason = "statusen är ingen av Avslutad, Pågående, Försenad/avvikelse, Ej påbörjad";
                self.notes.flag(Flag::StatusUnknown, Field::Status, &cell.display(), reason);
                None
            }
            Parsed::Missing => None,
        }
    }

    fn date(&mut self, field: Field) -> Option<chrono::NaiveDate> {
        let cell = self.cell(field)?;
        match values::date(cell) {
            Parsed::Value(date) => Some(date),
            Parsed::Invalid => {
                self.notes.flag(Flag::DateInvalid, field, &cell.display(), "inte ett datum");
                None
            }
            Parsed::Missing => None,
        }
    }
}

/// Records the flags and findings of one row.
pub struct Notes<'a> {
    /// The file and sheet.
    pub location: &'a Location,
    /// The sheet's header, for column headings.
    pub header: &'a Header,
    /// The 1-based row.
    pub row: u32,
    /// Where findings go.
    pub issues: &'a mut Vec<Issue>,
    /// The row's flags so far.
    pub flags: Flags,
}

impl Notes<'_> {
    /// Raises `flag` on the row, and records it with the value concerned, whole.
    pub fn flag(&mut self, flag: Flag, field: Field, value: &str, reason: &str) {
        self.flags.insert(flag);
        let column = self
            .header
            .column_of(field)
            .map_or_else(|| field.column().heading().to_string(), |index| self.header.heading_of(index));
        self.issues.push(Issue {
            location: self.location.clone().with_row(self.row).with_column(column),
            field: Some(field),
            value: value.to_string(),
            finding: Finding::Flag(flag),
            reason: reason.to_string(),
        });
    }
}
