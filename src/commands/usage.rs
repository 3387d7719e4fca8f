//! Everything about a command line that can be checked before a file is read (DESIGN
//! §3): the inputs exist and hold register files, `--district` and `--year` are
//! plausible, and no output lands on an input, inside an input folder, or in a folder
//! that holds inputs. A usage error exits 2 with nothing read and nothing written.

use std::path::{Component, Path, PathBuf};

use chrono::Datelike;

use crate::detect::context::DistrictResolver;
use crate::error::{Error, Result};
use crate::pipeline::Options;
use crate::read::{self, InputFile, InputProblem};

/// The inputs of a run, found before anything is read.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The files to read, sorted by path, each once.
    pub files: Vec<InputFile>,
    /// Problems met walking the folders (an unreadable subfolder, a link loop).
    pub problems: Vec<InputProblem>,
    /// Every input file and folder, resolved, to keep outputs away from them.
    resolved_files: Vec<PathBuf>,
    resolved_folders: Vec<PathBuf>,
}

/// Where a command writes.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Nothing (inspect).
    Nothing,
    /// Standard output.
    Stdout,
    /// One file.
    File(&'a Path),
    /// A folder of outputs (a partitioned table, converted workbooks).
    Folder(&'a Path),
}

/// Finds the input files under `paths`.
///
/// # Errors
/// [`Error::InputMissing`] for a path that does not exist; [`Error::NoInputFiles`] when
/// no register file is found.
pub fn inputs(paths: &[PathBuf]) -> Result<Inputs> {
    if let Some(missing) = paths.iter().find(|path| std::fs::symlink_metadata(path).is_err()) {
        return Err(Error::InputMissing(missing.clone()));
    }
    let (mut files, problems) = read::discover(paths);
    // The same inputs in any order, or named twice, are the same run.
    files.sort_by(|a, b| a.display.cmp(&b.display));
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(file.path.canonicalize().unwrap_or_else(|_| file.path.clone())));
    if files.is_empty() {
        let named: Vec<String> = paths.iter().map(|path| path.display().to_string()).collect();
        return Err(Error::NoInputFiles(named.join(", ")));
    }
    let resolved_files = files.iter().filter_map(|file| file.path.canonicalize().ok()).collect();
    let resolved_folders =
        paths.iter().filter(|path| path.is_dir()).filter_map(|path| path.canonicalize().ok()).collect();
    Ok(Inputs { files, problems, resolved_files, resolved_folders })
}

/// Checks that `--district` is, as a whole, a district of `districts.toml`, and `--year`
/// one of the years a register can be for.
///
/// # Errors
/// [`Error::UnknownDistrict`] naming the closest district, or every district when none
/// is close; [`Error::ImplausibleYear`].
pub fn overrides(options: &Options, districts: &DistrictResolver) -> Result<()> {
    if let Some(given) = &options.district {
        if districts.exact(given).is_none() {
            let closest = districts.closest(given).map(str::to_string);
            let names = districts.names().join(", ");
            return Err(Error::UnknownDistrict { given: given.clone(), closest, names });
        }
    }
    if let Some(year) = options.year {
        let (first, last) = plausible_years();
        if !(first..=last).contains(&year) {
            return Err(Error::ImplausibleYear { year, first, last });
        }
    }
    Ok(())
}

/// The years a register can be for: from the first district councils' registers to the
/// plans written ahead for the year after next.
fn plausible_years() -> (i32, i32) {
    (FIRST_YEAR, chrono::Local::now().year() + 2)
}

/// The earliest register year accepted by `--year`.
const FIRST_YEAR: i32 = 1990;

/// Checks that `target` can be written without touching an input: not an input file, not
/// inside an input folder, not a folder holding an input, and its folder exists.
///
/// # Errors
/// [`Error::OutputIsInput`], [`Error::OutputInsideInput`], [`Error::OutputHoldsInput`],
/// [`Error::OutputFolderMissing`].
pub fn output(target: Target<'_>, inputs: &Inputs) -> Result<()> {
    let (path, folder_output) = match target {
        Target::Nothing | Target::Stdout => return Ok(()),
        Target::File(path) => (path, false),
        Target::Folder(path) => (path, true),
    };
    let resolved = resolve(path);
    if inputs.resolved_files.contains(&resolved) {
        return Err(Error::OutputIsInput(path.to_path_buf()));
    }
    if let Some(folder) = inputs.resolved_folders.iter().find(|folder| resolved.starts_with(folder)) {
        return Err(Error::OutputInsideInput { output: path.to_path_buf(), folder: folder.clone() });
    }
    if folder_output {
        if let Some(input) = inputs.resolved_files.iter().find(|input| input.starts_with(&resolved)) {
            return Err(Error::OutputHoldsInput { folder: path.to_path_buf(), input: input.clone() });
        }
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(Error::OutputFolderMissing { path: path.to_path_buf(), folder: parent });
    }
    Ok(())
}

/// `path` made absolute with its links resolved, as far as it exists; the rest (the file
/// or folder about to be written) appended as written.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            return rest.iter().rev().fold(resolved, |path, part| path.join(part));
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(Component::Normal(name))) => {
                rest.push(name);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests;
