//! Register rows into polars columns, built directly (no per-row records), and a typed
//! view of the finished frame for the stages that read it back.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::error::Result;
use crate::schema::{self, col, Flags, Kind, Status};

/// The values of one register row, borrowed from the cells and the carried context.
#[derive(Debug, Default, Clone, Copy)]
pub struct RowValues<'a> {
    /// "1.1" when the goal starts with a number.
    pub goal_id: Option<&'a str>,
    /// The goal without its number.
    pub goal: Option<&'a str>,
    /// Process.
    pub process: Option<&'a str>,
    /// Arbetssätt.
    pub method: Option<&'a str>,
    /// Nr.
    pub risk_no: Option<i32>,
    /// Oönskad händelse.
    pub event: Option<&'a str>,
    /// Sannolikhet.
    pub probability: Option<i8>,
    /// Konsekvens.
    pub consequence: Option<i8>,
    /// RV.
    pub risk_value: Option<i16>,
    /// Risk level.
    pub level: Option<&'a str>,
    /// In the internkontrollplan.
    pub in_ikp: Option<bool>,
    /// Systematisk kontroll.
    pub control: Option<&'a str>,
    /// Kontrollaktivitet.
    pub control_activity: Option<&'a str>,
    /// Åtgärd.
    pub measure: Option<&'a str>,
    /// Status.
    pub status: Option<Status>,
    /// Startdatum.
    pub start_date: Option<NaiveDate>,
    /// Slutdatum.
    pub end_date: Option<NaiveDate>,
    /// Analys.
    pub analysis: Option<&'a str>,
    /// 1-based source row.
    pub source_row: u32,
}

/// What is the same for every row of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetConstants<'a> {
    /// District as written.
    pub district: Option<&'a str>,
    /// Today's district.
    pub district_current: Option<&'a str>,
    /// Year.
    pub year: Option<i32>,
    /// Kind.
    pub kind: Kind,
    /// The file as given.
    pub source_file: &'a str,
    /// The sheet (empty for CSV).
    pub source_sheet: &'a str,
}

/// Column builders for the rows of one sheet.
pub struct SheetColumns {
    goal_id: StringChunkedBuilder,
    goal: StringChunkedBuilder,
    process: StringChunkedBuilder,
    method: StringChunkedBuilder,
    risk_no: PrimitiveChunkedBuilder<Int32Type>,
    event: StringChunkedBuilder,
    probability: PrimitiveChunkedBuilder<Int8Type>,
    consequence: PrimitiveChunkedBuilder<Int8Type>,
    risk_value: PrimitiveChunkedBuilder<Int16Type>,
    level: StringChunkedBuilder,
    in_ikp: BooleanChunkedBuilder,
    control: StringChunkedBuilder,
    control_activity: StringChunkedBuilder,
    measure: StringChunkedBuilder,
    status: StringChunkedBuilder,
    start_date: PrimitiveChunkedBuilder<Int32Type>,
    end_date: PrimitiveChunkedBuilder<Int32Type>,
    analysis: StringChunkedBuilder,
    source_row: PrimitiveChunkedBuilder<UInt32Type>,
    flags: Vec<Flags>,
}

/// A sheet's rows as a frame (without `themes`, `event_key` and `flags`, which later
/// stages add) and the flags of each row.
pub struct SheetFrame {
    /// The columns.
    pub frame: DataFrame,
    /// One flag set per row.
    pub flags: Vec<Flags>,
}

const EPOCH_DAYS_CE: i32 = 719_163;

fn days(date: Option<NaiveDate>) -> Option<i32> {
    date.map(|date| chrono::Datelike::num_days_from_ce(&date) - EPOCH_DAYS_CE)
}

impl Default for SheetColumns {
    fn default() -> Self {
        SheetColumns::with_capacity(64)
    }
}

impl SheetColumns {
    /// Builders sized for `capacity` rows.
    pub fn with_capacity(capacity: usize) -> Self {
        let text = |name: &str| StringChunkedBuilder::new(name.into(), capacity);
        SheetColumns {
            goal_id: text(col::GOAL_ID),
            goal: text(col::GOAL),
            process: text(col::PROCESS),
            method: text(col::METHOD),
            risk_no: PrimitiveChunkedBuilder::new(col::RISK_NO.into(), capacity),
            event: text(col::EVENT),
            probability: PrimitiveChunkedBuilder::new(col::PROBABILITY.into(), capacity),
            consequence: PrimitiveChunkedBuilder::new(col::CONSEQUENCE.into(), capacity),
            risk_value: PrimitiveChunkedBuilder::new(col::RISK_VALUE.into(), capacity),
            level: text(col::LEVEL),
            in_ikp: BooleanChunkedBuilder::new(col::IN_IKP.into(), capacity),
            control: text(col::CONTROL),
            control_activity: text(col::CONTROL_ACTIVITY),
            measure: text(col::MEASURE),
            status: text(col::STATUS),
            start_date: PrimitiveChunkedBuilder::new(col::START_DATE.into(), capacity),
            end_date: PrimitiveChunkedBuilder::new(col::END_DATE.into(), capacity),
            analysis: text(col::ANALYSIS),
            source_row: PrimitiveChunkedBuilder::new(col::SOURCE_ROW.into(), capacity),
            flags: Vec::with_capacity(capacity),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: &RowValues<'_>, flags: Flags) {
        self.goal_id.append_option(row.goal_id);
        self.goal.append_option(row.goal);
        self.process.append_option(row.process);
        self.method.append_option(row.method);
        self.risk_no.append_option(row.risk_no);
        self.event.append_option(row.event);
        self.probability.append_option(row.probability);
        self.consequence.append_option(row.consequence);
        self.risk_value.append_option(row.risk_value);
        self.level.append_option(row.level);
        self.in_ikp.append_option(row.in_ikp);
        self.control.append_option(row.control);
        self.control_activity.append_option(row.control_activity);
        self.measure.append_option(row.measure);
        self.status.append_option(row.status.map(Status::as_str));
        self.start_date.append_option(days(row.start_date));
        self.end_date.append_option(days(row.end_date));
        self.analysis.append_option(row.analysis);
        self.source_row.append_value(row.source_row);
        self.flags.push(flags);
    }

    /// Rows so far.
    pub fn len(&self) -> usize {
        self.flags.len()
    }

    /// Whether no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }

    /// The flags of the rows so far.
    pub fn flags(&self) -> &[Flags] {
        &self.flags
    }

    /// Adds `flag` to every row (district or year unknown).
    pub fn flag_all(&mut self, flag: crate::schema::Flag) {
        self.flags.iter_mut().for_each(|flags| flags.insert(flag));
    }

    /// The finished frame, with the sheet's constants as columns.
    ///
    /// # Errors
    /// [`crate::Error::Polars`] if polars refuses the columns (a defect).
    pub fn finish(self, constants: &SheetConstants<'_>) -> Result<SheetFrame> {
        let height = self.flags.len();
        let text = |name: &str, value: Option<&str>| match value {
            Some(value) => StringChunked::full(name.into(), value, height).into_column(),
            None => StringChunked::full_null(name.into(), height).into_column(),
        };
        let year = match constants.year {
            Some(year) => Int32Chunked::full(col::YEAR.into(), year, height),
            None => Int32Chunked::full_null(col::YEAR.into(), height),
        };
        let columns = vec![
            text(col::DISTRICT, constants.district),
            text(col::DISTRICT_CURRENT, constants.district_current),
            year.into_column(),
            text(col::KIND, Some(constants.kind.as_str())),
            self.goal_id.finish().into_column(),
            self.goal.finish().into_column(),
            self.process.finish().into_column(),
            self.method.finish().into_column(),
            self.risk_no.finish().into_column(),
            self.event.finish().into_column(),
            self.probability.finish().into_column(),
            self.consequence.finish().into_column(),
            self.risk_value.finish().into_column(),
            self.level.finish().into_column(),
            self.in_ikp.finish().into_column(),
            self.control.finish().into_column(),
            self.control_activity.finish().into_column(),
            self.measure.finish().into_column(),
            self.status.finish().into_column(),
            self.start_date.finish().into_date().into_column(),
            self.end_date.finish().into_date().into_column(),
            self.analysis.finish().into_column(),
            text(col::SOURCE_FILE, Some(constants.source_file)),
            text(col::SOURCE_SHEET, Some(constants.source_sheet)),
            self.source_row.finish().into_column(),
        ];
        Ok(SheetFrame { frame: DataFrame::new(height, columns)?, flags: self.flags })
    }
}

/// Joins per-sheet frames (already with every canonical column) into one, in canonical
/// column order, as a single chunk.
///
/// # Errors
/// [`crate::Error::Polars`] when the frames' schemas differ (a defect).
pub fn concat(frames: Vec<DataFrame>) -> Result<DataFrame> {
    let names: Vec<&str> = schema::columns().iter().map(|(name, _)| *name).collect();
    let mut frames = frames.into_iter();
    let Some(first) = frames.next() else { return Ok(empty()) };
    let mut all = first.select(names.iter().copied())?;
    for frame in frames {
        all.vstack_mut(&frame.select(names.iter().copied())?)?;
    }
    all.rechunk_mut_par();
    Ok(all)
}

/// A frame with the canonical schema and no rows.
pub fn empty() -> DataFrame {
    let schema: Schema = schema::columns().into_iter().map(|(name, dtype)| Field::new(name.into(), dtype)).collect();
    DataFrame::empty_with_schema(&schema)
}

/// Typed, row-indexed access to a canonical frame, for the writers and comparisons.
pub struct FrameView<'a> {
    /// district
    pub district: &'a StringChunked,
    /// district_current
    pub district_current: &'a StringChunked,
    /// year
    pub year: &'a Int32Chunked,
    /// kind
    pub kind: &'a StringChunked,
    /// goal_id
    pub goal_id: &'a StringChunked,
    /// goal
    pub goal: &'a StringChunked,
    /// process
    pub process: &'a StringChunked,
    /// method
    pub method: &'a StringChunked,
    /// risk_no
    pub risk_no: &'a Int32Chunked,
    /// event
    pub event: &'a StringChunked,
    /// probability
    pub probability: &'a Int8Chunked,
    /// consequence
    pub consequence: &'a Int8Chunked,
    /// risk_value
    pub risk_value: &'a Int16Chunked,
    /// level
    pub level: &'a StringChunked,
    /// in_ikp
    pub in_ikp: &'a BooleanChunked,
    /// control
    pub control: &'a StringChunked,
    /// control_activity
    pub control_activity: &'a StringChunked,
    /// measure
    pub measure: &'a StringChunked,
    /// status
    pub status: &'a StringChunked,
    /// start_date (days since 1970-01-01)
    pub start_date: &'a Int32Chunked,
    /// end_date (days since 1970-01-01)
    pub end_date: &'a Int32Chunked,
    /// analysis
    pub analysis: &'a StringChunked,
    /// themes
    pub themes: &'a StringChunked,
    /// event_key
    pub event_key: &'a StringChunked,
    /// flags
    pub flags: &'a StringChunked,
    /// source_file
    pub source_file: &'a StringChunked,
    /// source_sheet
    pub source_sheet: &'a StringChunked,
    /// source_row
    pub source_row: &'a UInt32Chunked,
}

impl<'a> FrameView<'a> {
    /// A view of a frame with the canonical schema.
    ///
    /// # Errors
    /// [`crate::Error::Polars`] when a column is missing or of another dtype.
    pub fn new(frame: &'a DataFrame) -> Result<FrameView<'a>> {
        let column = |name: &str| frame.column(name);
        Ok(FrameView {
            district: column(col::DISTRICT)?.str()?,
            district_current: column(col::DISTRICT_CURRENT)?.str()?,
            year: column(col::YEAR)?.i32()?,
            kind: column(col::KIND)?.str()?,
            goal_id: column(col::GOAL_ID)?.str()?,
            goal: column(col::GOAL)?.str()?,
            process: column(col::PROCESS)?.str()?,
            method: column(col::METHOD)?.str()?,
            risk_no: column(col::RISK_NO)?.i32()?,
            event: column(col::EVENT)?.str()?,
            probability: column(col::PROBABILITY)?.i8()?,
            consequence: column(col::CONSEQUENCE)?.i8()?,
            risk_value: column(col::RISK_VALUE)?.i16()?,
            level: column(col::LEVEL)?.str()?,
            in_ikp: column(col::IN_IKP)?.bool()?,
            control: column(col::CONTROL)?.str()?,
            control_activity: column(col::CONTROL_ACTIVITY)?.str()?,
            measure: column(col::MEASURE)?.str()?,
            status: column(col::STATUS)?.str()?,
            start_date: column(col::START_DATE)?.date()?.physical(),
            end_date: column(col::END_DATE)?.date()?.physical(),
            analysis: column(col::ANALYSIS)?.str()?,
            themes: column(col::THEMES)?.str()?,
            event_key: column(col::EVENT_KEY)?.str()?,
            flags: column(col::FLAGS)?.str()?,
            source_file: column(col::SOURCE_FILE)?.str()?,
            source_sheet: column(col::SOURCE_SHEET)?.str()?,
            source_row: column(col::SOURCE_ROW)?.u32()?,
        })
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.kind.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kind of row `index`.
    pub fn kind_of(&self, index: usize) -> Option<Kind> {
        self.kind.get(index).and_then(Kind::parse)
    }
}

/// A date column value (days since 1970-01-01) as a date.
pub fn date_of(days: Option<i32>) -> Option<NaiveDate> {
    days.and_then(|days| NaiveDate::from_num_days_from_ce_opt(days + EPOCH_DAYS_CE))
}
