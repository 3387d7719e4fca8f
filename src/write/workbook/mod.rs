//! The analyst's consolidated workbook (Översikt, Risker, Internkontrollplan,
//! Uppföljning, Riskmatris, Återkommande, År mot år, Datakvalitet, Källor) and the plain
//! frame of `import -o x.xlsx`, written with rust_xlsxwriter.
//!
//! The register sheets can hold hundreds of thousands of rows: they are written in
//! constant-memory mode, row by row, with formats set per column rather than per cell.
//! Document properties carry no timestamp, so the same inputs give the same bytes.

pub mod comparison;
pub mod matrix;
pub mod overview;
pub mod quality;
pub mod registers;
pub mod styles;
pub mod table;

use std::path::Path;

use polars::prelude::DataFrame;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::normalise::frame::FrameView;
use crate::pipeline::Batch;
use crate::templates::Templates;
use registers::Item;
use styles::Styles;
use table::{write_table, Column, TableSpec};

/// Deflate level of the xlsx container: the fastest. Most of the time of saving a large
/// workbook goes into compressing its sheets; level 1 makes files about a third larger
/// than the default 6 and saves about half of that time.
pub const ZIP_LEVEL: u8 = 1;

/// A workbook with riskreg's fixed properties.
pub fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new().set_author("riskreg").set_comment("Skapad av riskreg");
    if let Ok(fixed) = ExcelDateTime::from_ymd(2000, 1, 1) {
        properties = properties.set_creation_datetime(&fixed);
    }
    workbook.set_properties(&properties);
    workbook.set_zip_compression_level(ZIP_LEVEL);
    workbook
}

/// Saves `workbook` to `path`, atomically.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn save(mut workbook: Workbook, path: &Path) -> Result<()> {
    crate::write::atomically(path, |out| workbook.save_to_writer(out).map_err(|err| Error::xlsx(path, err)))
}

/// Writes a canonical frame as one table, canonical column names as headings.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn write_frame(frame: &DataFrame, path: &Path) -> Result<()> {
    let view = FrameView::new(frame)?;
    let mut workbook = new_workbook();
    let styles = Styles::new(&[]);
    let columns: Vec<Column> = registers::ALL.iter().map(|item| item.column(true)).collect();
    {
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(|err| Error::xlsx(path, err))?;
        sheet.set_name("riskreg").map_err(|err| Error::xlsx(path, err))?;
        let rows = (0..view.len()).map(|row| registers::ALL.iter().map(|item| item.value(&view, row, None)).collect());
        let spec = TableSpec { name: "riskreg", first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
        write_table(sheet, &styles, &spec, view.len(), rows).map_err(|err| Error::xlsx(path, err))?;
    }
    save(workbook, path)
}

/// Writes the consolidated workbook. `compare` gives the comparison of the batch's years
/// and districts: it is called once, beside the writing of the Risker sheet, so that the
/// two cores are kept busy.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`]; the error of `compare`.
pub fn consolidate(
    batch: &Batch,
    compare: impl FnOnce() -> Result<Comparison>,
    templates: &Templates,
    path: &Path,
) -> Result<()> {
    let view = FrameView::new(&batch.frame)?;
    let styles = Styles::new(&templates.levels);
    let mut workbook = new_workbook();
    let xlsx = |err: XlsxError| Error::xlsx(path, err);
    // Risker keeps its strings in the workbook's shared-string table (much smaller files
    // for repetitive registers); it alone fills that table while the other sheets are
    // written beside it, so the table's order, and the file, stay the same run to run.
    let mut registers = vec![workbook.new_worksheet_with_low_memory().map_err(xlsx)?];
    for _ in 1..registers::SHEETS.len() {
        registers.push(workbook.new_worksheet_with_constant_memory().map_err(xlsx)?);
    }
    let mut year_over_year = workbook.new_worksheet_with_constant_memory().map_err(xlsx)?;
    let mut quality = workbook.new_worksheet_with_constant_memory().map_err(xlsx)?;
    let (mut overview, mut matrix, mut recurring, mut sources) =
        (Worksheet::new(), Worksheet::new(), Worksheet::new(), Worksheet::new());
    // Risker, the largest sheet by far, is written on its own thread beside the others.
    let (risks, rest) = registers.split_at_mut(1);
    std::thread::scope(|scope| {
        let risks = scope.spawn(|| register_sheet(&mut risks[0], &styles, &view, templates, registers::SHEETS[0]));
        for (sheet, spec) in rest.iter_mut().zip(&registers::SHEETS[1..]) {
            register_sheet(sheet, &styles, &view, templates, *spec).map_err(xlsx)?;
        }
        overview::write(&mut overview, &styles, &view, batch, templates).map_err(xlsx)?;
        matrix::write(&mut matrix, &styles, &view, templates).map_err(xlsx)?;
        let comparison = compare()?;
        comparison::write_recurring(&mut recurring, &styles, &comparison, templates).map_err(xlsx)?;
        comparison::write_year_over_year(&mut year_over_year, &styles, &comparison).map_err(xlsx)?;
        quality::write_issues(
            &mut quality,
            &styles,
            quality::QUALITY,
            "Datakvalitet",
            &batch.issues.iter().collect::<Vec<_>>(),
        )
        .map_err(xlsx)?;
        quality::write_sources(&mut sources, &styles, &batch.files).map_err(xlsx)?;
        risks.join().unwrap_or(Err(XlsxError::ParameterError("the Risker sheet's thread failed".into()))).map_err(xlsx)
    })?;
    let mut registers = registers.into_iter();
    let order = [
        Some(overview),
        registers.next(),
        registers.next(),
        registers.next(),
        Some(matrix),
        Some(recurring),
        Some(year_over_year),
        Some(quality),
        Some(sources),
    ];
    order.into_iter().flatten().for_each(|sheet| workbook.push_worksheet(sheet));
    save(workbook, path)
}

/// Writes a workbook of the comparison only: Återkommande and År mot år.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn comparison_workbook(comparison: &Comparison, templates: &Templates, path: &Path) -> Result<()> {
    let styles = Styles::new(&templates.levels);
    let mut workbook = new_workbook();
    let xlsx = |err: XlsxError| Error::xlsx(path, err);
    comparison::write_recurring(workbook.add_worksheet(), &styles, comparison, templates).map_err(xlsx)?;
    comparison::write_year_over_year(workbook.add_worksheet_with_constant_memory().map_err(xlsx)?, &styles, comparison)
        .map_err(xlsx)?;
    save(workbook, path)
}

/// One register sheet: the rows of one kind.
fn register_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    view: &FrameView<'_>,
    templates: &Templates,
    spec: registers::Sheet,
) -> std::result::Result<(), XlsxError> {
    let (name, table, kind, items) = spec;
    sheet.set_name(name)?;
    let columns: Vec<Column> = items.iter().map(|item| item.column(false)).collect();
    let kind_name = kind.as_str();
    let selected: Vec<usize> = (0..view.len()).filter(|row| view.kind.get(*row) == Some(kind_name)).collect();
    let rows =
        selected.iter().map(|row| items.iter().map(|item| item.value(view, *row, Some(&templates.values))).collect());
    let spec = TableSpec { name: table, first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &spec, selected.len(), rows)?;
    let last_row = u32::try_from(selected.len().max(1)).unwrap_or(u32::MAX);
    for (index, item) in items.iter().enumerate() {
        let column = u16::try_from(index).unwrap_or(u16::MAX);
        let by_value = *item == Item::Field(crate::schema::Field::RiskValue);
        if by_value || *item == Item::Level {
            level_colours(sheet, styles, templates, column, last_row, by_value)?;
        }
    }
    Ok(())
}

/// Colours a column of risk values (`by_value`) or level names by level, with one
/// conditional format per level rather than a format per cell.
fn level_colours(
    sheet: &mut Worksheet,
    styles: &Styles,
    templates: &Templates,
    column: u16,
    last_row: u32,
    by_value: bool,
) -> std::result::Result<(), XlsxError> {
    use rust_xlsxwriter::{
        ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatText, ConditionalFormatTextRule,
    };
    for level in &templates.levels {
        let format = styles.level(Some(&level.name)).clone();
        if by_value {
            let rule = ConditionalFormatCellRule::Between(f64::from(level.min), f64::from(level.max));
            sheet.add_conditional_format(
                1,
                column,
                last_row,
                column,
                &ConditionalFormatCell::new().set_rule(rule).set_format(format),
            )?;
        } else {
            let rule = ConditionalFormatTextRule::BeginsWith(level.name.clone());
            sheet.add_conditional_format(
                1,
                column,
                last_row,
                column,
                &ConditionalFormatText::new().set_rule(rule).set_format(format),
            )?;
        }
    }
    Ok(())
}
