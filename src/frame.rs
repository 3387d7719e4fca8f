//! The canonical frame: the one place where typed register rows become polars columns,
//! in the order and with the types of the schema ([`crate::schema::COLUMNS`]).

use polars::prelude::{
    BooleanChunkedBuilder, ChunkedArray, ChunkedBuilder, DataFrame, Int16Type, Int32Type, Int8Type, IntoColumn,
    PlSmallStr, PolarsNumericType, PrimitiveChunkedBuilder, StringChunkedBuilder, UInt32Type,
};

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
pub fn build(registers: &[Register], rules: &Rules) -> Result<DataFrame> {
    let height = registers.iter().map(|register| register.rows.len()).sum();
    let columns = COLUMNS.iter().map(|info| column(info, registers, rules, height)).collect();
    Ok(DataFrame::new(height, columns)?)
}

/// One canonical column of every row.
fn column(info: &ColumnInfo, registers: &[Register], rules: &Rules, height: usize) -> polars::prelude::Column {
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

/// The cells outside the schema as a JSON object, heading → text, in column order.
pub fn extra_json(cells: &[(crate::schema::Text, crate::schema::Text)]) -> String {
    let quoted = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    let members: Vec<String> =
        cells.iter().map(|(heading, text)| format!("{}:{}", quoted(heading), quoted(text))).collect();
    format!("{{{}}}", members.join(","))
}

/// A date column value (days since 1970-01-01) as a date.
pub fn date_of(days: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days + EPOCH_DAYS_CE)
}
