//! `riskreg convert`: legacy registers into the city's standard layout, one workbook per
//! input file.

use std::path::{Path, PathBuf};

use super::usage::Target;
use super::{status, Common};
use crate::error::{Error, Result};
use crate::normalise::register::Register;
use crate::pipeline::reports::FileReport;
use crate::schema::Kind;
use crate::write::template;
use crate::write::OutputFormat;

/// Where converted workbooks go.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// One input, one output file.
    File(&'a Path),
    /// One `<district>_<year>_<kind>.xlsx` per input in this folder.
    Folder(&'a Path),
}

/// Converts every input file that holds a register to the standard layout; a file that
/// could not be read, holds no register or is one of riskreg's own workbooks is left
/// out (and reported).
///
/// # Errors
/// [`Error::ConvertOneOutput`] when `-o` is given for more than one input file;
/// [`Error::NothingConverted`] when no input holds a register (nothing is written, not
/// even the `--out-dir` folder); output errors.
pub fn run(common: &Common, destination: Destination<'_>) -> Result<u8> {
    let target = match destination {
        Destination::File(path) => {
            if OutputFormat::from_path(path).ok() != Some(OutputFormat::Xlsx) {
                return Err(Error::OutputFormat { path: path.to_path_buf(), expected: ".xlsx" });
            }
            Target::File(path)
        }
        Destination::Folder(folder) => Target::Folder(folder),
    };
    let rules = common.rules()?;
    let inputs = common.checked(&rules, target)?;
    if matches!(destination, Destination::File(_)) && inputs.files.len() > 1 {
        return Err(Error::ConvertOneOutput(inputs.files.len()));
    }
    let batch = common.read(&rules, inputs);
    // A copy of another register is converted too: each input has its own workbook.
    let registers = batch.all_registers();
    let converted: Vec<(usize, &FileReport)> = batch
        .files
        .iter()
        .enumerate()
        .filter(|(order, _)| registers.iter().any(|register| register.order.0 == *order && !register.rows.is_empty()))
        .collect();
    if converted.is_empty() {
        common.progress.finish();
        return Err(Error::NothingConverted);
    }
    if let Destination::Folder(folder) = destination {
        if !folder.is_dir() {
            std::fs::create_dir(folder).map_err(|err| Error::write(folder, err))?;
        }
    }
    let targets: Vec<PathBuf> = match destination {
        Destination::File(path) => vec![path.to_path_buf()],
        Destination::Folder(folder) => {
            let mut names: Vec<String> = Vec::new();
            converted
                .iter()
                .map(|(_, file)| {
                    let name = unique(file_name(file), &names);
                    names.push(name.clone());
                    folder.join(name)
                })
                .collect()
        }
    };
    for ((order, file), target) in converted.iter().zip(&targets) {
        let mut registers: Vec<&Register> = registers
            .iter()
            .copied()
            .filter(|register| register.order.0 == *order && !register.rows.is_empty())
            .collect();
        registers.sort_by_key(|register| register.order);
        let issues: Vec<_> = batch.issues.iter().filter(|issue| issue.location.file == file.file).collect();
        common.stage(format!("skriver {}", target.display()));
        template::write(&registers, &issues, &rules.templates, target)?;
        if !common.quiet {
            common.progress.note(&format!("riskreg: {} → {}\n", file.file, target.display()));
        }
    }
    let written = match destination {
        Destination::File(path) => path.display().to_string(),
        Destination::Folder(folder) => {
            format!("{} i {}", crate::svenska::count(targets.len(), "arbetsbok", "arbetsböcker"), folder.display())
        }
    };
    common.done(&batch, &written, "bladet Ej placerat");
    Ok(status(&batch))
}

/// `<district>_<year>_<kinds>.xlsx`, e.g. `hagersten-liljeholmen_2020_vor-ikp.xlsx`.
fn file_name(file: &FileReport) -> String {
    let sheets = file.sheets.iter().filter(|sheet| !sheet.tables.is_empty());
    let district = sheets
        .clone()
        .find_map(|sheet| sheet.district.as_ref())
        .map_or("okand-stadsdel".to_string(), |found| crate::text::slug(&found.value.name));
    let year = sheets
        .clone()
        .find_map(|sheet| sheet.year.as_ref())
        .map_or("okant-ar".to_string(), |found| found.value.to_string());
    let mut kinds: Vec<Kind> = sheets.flat_map(|sheet| sheet.tables.iter().map(|table| table.kind)).collect();
    kinds.sort();
    kinds.dedup();
    let kinds: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    format!("{district}_{year}_{}.xlsx", kinds.join("-"))
}

/// The name, or with "-2", "-3" … before the extension when it is taken.
fn unique(name: String, taken: &[String]) -> String {
    if !taken.contains(&name) {
        return name;
    }
    let stem = name.trim_end_matches(".xlsx");
    (2..).map(|n| format!("{stem}-{n}.xlsx")).find(|candidate| !taken.contains(candidate)).unwrap_or(name)
}
