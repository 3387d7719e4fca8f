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
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::compare::Comparison;
use crate::error::{Error, Result};
use crate::normalise::frame::FrameView;
use crate::pipeline::Batch;
use crate::schema::Kind;
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

/// Writes the consolidated workbook.
///
/// # Errors
/// [`Error::Write`] or [`Error::Xlsx`].
pub fn consolidate(batch: &Batch, comparison: &Comparison, templates: &Templates, path: &Path) -> Result<()> {
    let view = FrameView::new(&batch.frame)?;
    let styles = Styles::new(&templates.levels);
    let mut workbook = new_workbook();
    let xlsx = |err: XlsxError| Error::xlsx(path, err);
    overview::write(workbook.add_worksheet(), &styles, &view, batch, templates).map_err(xlsx)?;
    for (name, table, kind, items) in registers::SHEETS {
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(xlsx)?;
        sheet.set_name(name).map_err(xlsx)?;
        register_sheet(sheet, &styles, &view, templates, table, kind, items).map_err(xlsx)?;
    }
    matrix::write(workbook.add_worksheet(), &styles, &view, templates).map_err(xlsx)?;
    comparison::write_recurring(workbook.add_worksheet(), &styles, comparison, templates).map_err(xlsx)?;
    comparison::write_year_over_year(workbook.add_worksheet_with_constant_memory().map_err(xlsx)?, &styles, comparison).map_err(xlsx)?;
    quality::write_quality(workbook.add_worksheet_with_constant_memory().map_err(xlsx)?, &styles, &batch.issues).map_err(xlsx)?;
    quality::write_sources(workbook.add_worksheet(), &styles, &batch.files).map_err(xlsx)?;
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
    comparison::write_year_over_year(workbook.add_worksheet_with_constant_memory().map_err(xlsx)?, &styles, comparison).map_err(xlsx)?;
    save(workbook, path)
}

/// One register sheet: the rows of one kind.
fn register_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    styles: &Styles,
    view: &FrameView<'_>,
    templates: &Templates,
    table: &str,
    kind: Kind,
    items: &[Item],
) -> std::result::Result<(), XlsxError> {
    let columns: Vec<Column> = items.iter().map(|item| item.column(false)).collect();
    let kind_name = kind.as_str();
    let selected: Vec<usize> = (0..view.len()).filter(|row| view.kind.get(*row) == Some(kind_name)).collect();
    let rows = selected.iter().map(|row| items.iter().map(|item| item.value(view, *row, Some(&templates.values))).collect());
    let spec = TableSpec { name: table, first_row: 0, first_column: 0, columns: &columns, whole_sheet: true };
    write_table(sheet, styles, &spec, selected.len(), rows)
}
