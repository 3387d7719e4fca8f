//! The one place where typed values become polars columns: the canonical frame, in the
//! order and with the types of the schema ([`crate::schema::COLUMNS`]), and the long
//! tables of the comparison.

use polars::prelude::{
    BooleanChunkedBuilder, ChunkedArray, ChunkedBuilder, Column, DataFrame, Int16Type, Int32Type, Int8Type, IntoColumn,
    PlSmallStr, PolarsNumericType, PrimitiveChunkedBuilder, StringChunkedBuilder, UInt32Type,
};

use crate::compare::Comparison;
use crate::error::Result;
use crate::normalise::register::{Register, Value};
use crate::rules::Rules;
use crate::schema::{ColumnInfo, Dtype, COLUMNS};

/// Days from 0001-01-01 (day 1) to 1970-01-01, polars' epoch for dates.
const EPOCH_DAYS_CE: i32 = 719_163;

/// The frame of `registers`: one row per register row, every canonical column.
///
/// # Errors
/// [`crate::Error::Polars`] if polars refuses the columns (a defect).
pub fn build(registers: &[&Register], rules: &Rules) -> Result<DataFrame> {
    let height = registers.iter().map(|register| register.rows.len()).sum();
    let columns = COLUMNS.iter().map(|info| column(info, registers, rules, height)).collect();
    Ok(DataFrame::new(height, columns)?)
}

/// One canonical column of every row.
fn column(info: &ColumnInfo, registers: &[&Register], rules: &Rules, height: usize) -> Column {
    let values = registers
        .iter()
        .flat_map(|register| register.rows.iter().map(move |row| register.value(row, info.column, &rules.templates)));
    let name: PlSmallStr = info.name.into();
    match info.dtype {
        Dtype::Str => {
            let mut builder = StringChunkedBuilder::new(name, height);
            for value in values {
                match value {
                    Value::Text(text) => builder.append_value(text),
                    Value::Status(status) => builder.append_value(status.as_str()),
                    Value::Themes(themes) => builder.append_value(rules.themes.joined(themes)),
                    Value::Flags(flags) => builder.append_value(flags.joined()),
                    Value::Extra(cells) => builder.append_value(extra_json(cells)),
                    Value::Event { district, number } => builder.append_value(event_id(district, number)),
                    _ => builder.append_null(),
                }
            }
            builder.finish().into_column()
        }
        Dtype::Bool => {
            let mut builder = BooleanChunkedBuilder::new(name, height);
            for value in values {
                builder.append_option(match value {
                    Value::Bool(flag) => Some(flag),
                    _ => None,
                });
            }
            builder.finish().into_column()
        }
        Dtype::Date => {
            let days = values.map(|value| match value {
                Value::Date(date) => Value::Int(i64::from(chrono::Datelike::num_days_from_ce(&date) - EPOCH_DAYS_CE)),
                _ => Value::Null,
            });
            integers::<Int32Type>(name, height, days).into_date().into_column()
        }
        Dtype::I8 => integers::<Int8Type>(name, height, values).into_column(),
        Dtype::I16 => integers::<Int16Type>(name, height, values).into_column(),
        Dtype::I32 => integers::<Int32Type>(name, height, values).into_column(),
        Dtype::U32 => integers::<UInt32Type>(name, height, values).into_column(),
    }
}

/// A column of whole numbers; a value out of the type's range (never read so) is null.
fn integers<'a, T>(name: PlSmallStr, height: usize, values: impl Iterator<Item = Value<'a>>) -> ChunkedArray<T>
where
    T: PolarsNumericType,
    T::Native: TryFrom<i64>,
{
    let mut builder = PrimitiveChunkedBuilder::<T>::new(name, height);
    for value in values {
        builder.append_option(match value {
            Value::Int(number) => T::Native::try_from(number).ok(),
            _ => None,
        });
    }
    builder.finish()
}

/// The long table of recurring themes: `theme, district_current, year, rows,
/// max_risk_value, in_ikp_rows`.
///
/// # Errors
/// [`crate::Error::Polars`] (a defect).
pub fn themes_table(comparison: &Comparison) -> Result<DataFrame> {
    let rows = &comparison.occurrences;
    let columns = vec![
        Column::new("theme".into(), rows.iter().map(|row| row.theme.as_str()).collect::<Vec<_>>()),
        Column::new(
            "district_current".into(),
            rows.iter().map(|row| row.district_current.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("year".into(), rows.iter().map(|row| row.year).collect::<Vec<_>>()),
        Column::new("rows".into(), rows.iter().map(|row| row.rows).collect::<Vec<_>>()),
        Column::new("max_risk_value".into(), rows.iter().map(|row| row.max_risk_value).collect::<Vec<_>>()),
        Column::new("in_ikp_rows".into(), rows.iter().map(|row| row.in_ikp_rows).collect::<Vec<_>>()),
    ];
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The event table (År mot år, DESIGN §5): one row per district, event and year, with
/// `district_current, event_id, event, year, change, previous_year, registers,
/// risk_value, level, previous_risk_value, in_ikp, previous_in_ikp, control_activity,
/// statuses, previous_statuses, themes`.
///
/// # Errors
/// [`crate::Error::Polars`] (a defect).
pub fn events_table(comparison: &Comparison, rules: &Rules) -> Result<DataFrame> {
    let rows = &comparison.changes;
    let text = |name: &str, value: &dyn Fn(&crate::compare::Change) -> Option<String>| {
        Column::new(name.into(), rows.iter().map(value).collect::<Vec<_>>())
    };
    let level =
        |value: Option<i16>| value.and_then(|value| rules.templates.level_of(value)).map(|level| level.name.clone());
    let columns = vec![
        text("district_current", &|row| Some(row.district_current.clone())),
        text("event_id", &|row| Some(event_id(Some(&row.district_current), row.event))),
        text("event", &|row| Some(row.wording.clone())),
        Column::new("year".into(), rows.iter().map(|row| row.year).collect::<Vec<_>>()),
        text("change", &|row| row.change.map(|change| change.as_str().to_string())),
        Column::new("previous_year".into(), rows.iter().map(|row| row.previous_year).collect::<Vec<_>>()),
        text("registers", &|row| Some(row.registers.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(";"))),
        Column::new("risk_value".into(), rows.iter().map(|row| row.risk_value).collect::<Vec<_>>()),
        text("level", &|row| level(row.risk_value)),
        Column::new("previous_risk_value".into(), rows.iter().map(|row| row.previous_risk_value).collect::<Vec<_>>()),
        Column::new("in_ikp".into(), rows.iter().map(|row| row.in_ikp).collect::<Vec<_>>()),
        Column::new("previous_in_ikp".into(), rows.iter().map(|row| row.previous_in_ikp).collect::<Vec<_>>()),
        text("control_activity", &|row| row.control_activity.clone()),
        text("statuses", &|row| Some(row.statuses.iter().map(|status| status.as_str()).collect::<Vec<_>>().join(";"))),
        text("previous_statuses", &|row| {
            Some(row.previous_statuses.iter().map(|status| status.as_str()).collect::<Vec<_>>().join(";"))
        }),
        text("themes", &|row| Some(rules.themes.joined(&row.themes))),
    ];
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The cells outside the schema as a JSON object, heading → text, in column order.
pub fn extra_json(cells: &[(crate::schema::Text, crate::schema::Text)]) -> String {
    let quoted = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    let members: Vec<String> =
        cells.iter().map(|(heading, text)| format!("{}:{}", quoted(heading), quoted(text))).collect();
    format!("{{{}}}", members.join(","))
}

/// An event's id: its district's name folded (`hagersten-alvsjo`) and its number from 1,
/// `okand` for a district not known.
pub fn event_id(district: Option<&str>, number: u32) -> String {
    format!("{}:{}", district.map_or_else(|| "okand".to_string(), crate::text::slug), number + 1)
}

/// A date column value (days since 1970-01-01) as a date.
pub fn date_of(days: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days + EPOCH_DAYS_CE)
}
