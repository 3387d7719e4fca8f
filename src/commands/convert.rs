//! `riskreg convert`: legacy registers into the city's standard layout, one workbook per
//! input file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{status, Common};
use crate::error::{exit, Error, Result};
use crate::normalise::frame::FrameView;
use crate::pipeline::FileReport;
use crate::schema::Kind;
use crate::write::template::{self, SourceSheet};
use crate::write::{check_output, OutputFormat};

/// Where converted workbooks go.
pub enum Destination<'a> {
    /// One input, one output file.
    File(&'a Path),
    /// One `<district>_<year>_<kind>.xlsx` per input in this folder.
    Folder(&'a Path),
}

/// Converts every input file to the standard layout.
///
/// # Errors
/// [`Error::Usage`] when `-o` is given for more than one input file; output errors.
pub fn run(common: &Common, destination: Destination<'_>) -> Result<u8> {
    if let Destination::File(path) = destination {
        if OutputFormat::from_path(path).ok() != Some(OutputFormat::Xlsx) {
            return Err(Error::OutputFormat { path: path.to_path_buf(), expected: ".xlsx" });
        }
    }
    let rules = common.rules()?;
    let batch = common.read(&rules)?;
    let converted: Vec<&FileReport> = batch.files.iter().filter(|file| file.error.is_none()).collect();
    let targets: Vec<PathBuf> = match destination {
        Destination::File(path) if batch.files.len() == 1 => vec![path.to_path_buf()],
        Destination::File(_) => {
            return Err(Error::Usage(format!(
                "{} input files: use --out-dir DIR to convert more than one",
                batch.files.len()
            )));
        }
        Destination::Folder(folder) => {
            if !folder.is_dir() {
                return Err(Error::OutputFolderMissing { path: folder.join("…"), folder: folder.to_path_buf() });
            }
            let mut names: Vec<String> = Vec::new();
            converted
                .iter()
                .map(|file| {
                    let name = unique(file_name(file), &names);
                    names.push(name.clone());
                    folder.join(name)
                })
                .collect()
        }
    };
    let inputs = batch.input_paths();
    let view = FrameView::new(&batch.frame)?;
    let mut rows_by_file: HashMap<&str, Vec<usize>> = HashMap::new();
    for row in 0..view.len() {
        rows_by_file.entry(view.source_file.get(row).unwrap_or_default()).or_default().push(row);
    }
    for (file, target) in converted.iter().zip(&targets) {
        check_output(target, &inputs)?;
        let rows = rows_by_file.get(file.file.as_str()).map(Vec::as_slice).unwrap_or_default();
        let sheets: Vec<SourceSheet<'_>> = file
            .sheets
            .iter()
            .filter_map(|sheet| {
                let kind = sheet.kind?;
                let rows: Vec<usize> = rows
                    .iter()
                    .copied()
                    .filter(|row| view.source_sheet.get(*row) == Some(sheet.sheet.as_str()))
                    .collect();
                Some(SourceSheet { name: &sheet.sheet, kind, rows }).filter(|sheet| !sheet.rows.is_empty())
            })
            .collect();
        let issues: Vec<_> = batch.issues.iter().filter(|issue| issue.location.file == file.file).collect();
        template::write(&view, &sheets, &issues, &rules.templates, target)?;
        if !common.quiet {
            eprintln!("riskreg: {} → {}", file.file, target.display());
        }
    }
    Ok(if converted.is_empty() { exit::FAILURE } else { status(&batch) })
}

/// `<district>_<year>_<kinds>.xlsx`, e.g. `hagersten-liljeholmen_2020_vor-ikp.xlsx`.
fn file_name(file: &FileReport) -> String {
    let sheets = file.sheets.iter().filter(|sheet| sheet.kind.is_some());
    let district = sheets
        .clone()
        .find_map(|sheet| sheet.district.as_ref())
        .map_or("okand-stadsdel".to_string(), |found| slug(&found.value.name));
    let year = sheets
        .clone()
        .find_map(|sheet| sheet.year.as_ref())
        .map_or("okant-ar".to_string(), |found| found.value.to_string());
    let mut kinds: Vec<Kind> = sheets.filter_map(|sheet| sheet.kind).collect();
    kinds.sort();
    kinds.dedup();
    let kinds: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    format!("{district}_{year}_{}.xlsx", kinds.join("-"))
}

fn slug(name: &str) -> String {
    crate::text::fold(name).replace(' ', "-")
}

/// The name, or with "-2", "-3" … before the extension when it is taken.
fn unique(name: String, taken: &[String]) -> String {
    if !taken.contains(&name) {
        return name;
    }
    let stem = name.trim_end_matches(".xlsx");
    (2..).map(|n| format!("{stem}-{n}.xlsx")).find(|candidate| !taken.contains(candidate)).unwrap_or(name)
}
