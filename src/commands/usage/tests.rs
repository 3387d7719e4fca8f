//! Unit tests of the parent module.

use super::*;

fn inputs_in(dir: &Path) -> Inputs {
    let folder = dir.join("in");
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(folder.join("a.csv"), "Oönskad händelse;Sannolikhet\n").expect("file");
    inputs(&[folder]).expect("inputs")
}

#[test]
fn an_output_beside_the_inputs_is_fine_and_inside_them_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let found = inputs_in(dir.path());
    assert!(output(Target::File(&dir.path().join("out.xlsx")), &found).is_ok());
    let inside = dir.path().join("in").join("sub").join("..").join("out.xlsx");
    assert!(matches!(output(Target::File(&inside), &found), Err(Error::OutputInsideInput { .. })));
    let same = dir.path().join("in").join("a.csv");
    assert!(matches!(output(Target::File(&same), &found), Err(Error::OutputIsInput(_))));
    assert!(matches!(output(Target::Folder(dir.path()), &found), Err(Error::OutputHoldsInput { .. })));
    let missing = dir.path().join("nowhere").join("out.xlsx");
    assert!(matches!(output(Target::File(&missing), &found), Err(Error::OutputFolderMissing { .. })));
}

#[test]
fn missing_and_empty_inputs_are_usage_errors() {
    let dir = tempfile::tempdir().expect("dir");
    assert!(matches!(inputs(&[dir.path().join("nothing")]), Err(Error::InputMissing(_))));
    assert!(matches!(inputs(&[dir.path().to_path_buf()]), Err(Error::NoInputFiles(_))));
}

#[test]
fn a_path_not_yet_written_resolves_through_its_folder() {
    let dir = tempfile::tempdir().expect("dir");
    let resolved = resolve(&dir.path().join("x").join("..").join("new").join("file.xlsx"));
    let base = dir.path().canonicalize().expect("canonical");
    assert!(resolved.starts_with(&base), "{resolved:?}");
}
