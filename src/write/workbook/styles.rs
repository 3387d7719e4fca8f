//! The workbook's formats, made once: header, wrapped text, dates, and one fill per
//! risk level in the colours of `levels.toml`.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, ConditionalFormat2ColorScale, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::templates::Level;

/// Every format the workbook uses.
pub struct Styles {
    /// Table headers: bold, wrapped.
    pub header: Format,
    /// The sheet title.
    pub title: Format,
    /// A line under the title.
    pub subtitle: Format,
    /// Plain text, top-aligned.
    pub text: Format,
    /// Long text, wrapped and top-aligned.
    pub wrap: Format,
    /// Numbers, top-aligned.
    pub number: Format,
    /// Decimal numbers with one decimal.
    pub decimal: Format,
    /// Dates as yyyy-mm-dd.
    pub date: Format,
    /// A heading above a block (a table, a matrix, a chart).
    pub heading: Format,
    /// Matrix axis labels.
    pub axis: Format,
    /// Matrix totals.
    pub total: Format,
    levels: HashMap<String, Format>,
    level_cells: HashMap<String, Format>,
}

impl Styles {
    /// The formats, with level fills from `levels`.
    pub fn new(levels: &[Level]) -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        let fill =
            |color: &str| Color::RGB(u32::from_str_radix(color.trim_start_matches('#'), 16).unwrap_or(0xFF_FF_FF));
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F_4E_78))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_italic().set_font_color(Color::RGB(0x59_59_59)),
            text: top.clone(),
            wrap: top.clone().set_text_wrap(),
            number: top.clone(),
            decimal: top.clone().set_num_format("0.0"),
            date: top.clone().set_num_format("yyyy-mm-dd"),
            heading: Format::new().set_bold().set_font_size(12).set_font_color(Color::RGB(0x1F_4E_78)),
            axis: Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            total: Format::new().set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin),
            levels: levels
                .iter()
                .map(|level| (level.name.clone(), top.clone().set_background_color(fill(&level.color))))
                .collect(),
            level_cells: levels
                .iter()
                .map(|level| {
                    let format = Format::new()
                        .set_background_color(fill(&level.color))
                        .set_align(FormatAlign::Center)
                        .set_align(FormatAlign::VerticalCenter)
                        .set_border(FormatBorder::Thin)
                        .set_font_size(12);
                    (level.name.clone(), format)
                })
                .collect(),
        }
    }

    /// The fill of a risk level (a top-aligned cell), or plain text for no level.
    pub fn level(&self, level: Option<&str>) -> &Format {
        level.and_then(|level| self.levels.get(level)).unwrap_or(&self.text)
    }

    /// A risk-matrix cell in the colour of a level.
    pub fn matrix_cell(&self, level: Option<&str>) -> &Format {
        level.and_then(|level| self.level_cells.get(level)).unwrap_or(&self.total)
    }
}

/// A heat map over the cells `first_row..=last_row` × `first_column..=last_column`: a
/// conditional colour scale from white (the lowest) to red (the highest).
///
/// # Errors
/// The writer's error.
pub fn heat_scale(
    sheet: &mut Worksheet,
    first_row: u32,
    first_column: u16,
    last_row: u32,
    last_column: u16,
) -> Result<(), XlsxError> {
    let scale = ConditionalFormat2ColorScale::new()
        .set_minimum_color(Color::RGB(0xFF_FF_FF))
        .set_maximum_color(Color::RGB(0xF8_69_6B));
    sheet.add_conditional_format(first_row, first_column, last_row, last_column, &scale)?;
    Ok(())
}
