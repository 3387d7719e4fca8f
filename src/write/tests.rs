//! Unit tests of the parent module.

use super::*;

#[test]
fn formulas_are_neutralised() {
    assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
    assert_eq!(neutralise("-2+3"), "'-2+3");
    assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(neutralise("+cmd"), "'+cmd");
    assert_eq!(neutralise("'quoted"), "''quoted");
    assert_eq!(neutralise("Löneskuld"), "Löneskuld");
}

#[test]
fn formats_by_extension() {
    assert_eq!(OutputFormat::from_path(Path::new("a.PARQUET")).ok(), Some(OutputFormat::Parquet));
    assert!(OutputFormat::from_path(Path::new("a.txt")).is_err());
}

#[test]
fn a_failed_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.csv");
    std::fs::write(&path, "old").expect("write");
    let result = atomically(&path, |writer| {
        writer.write_all(b"half").map_err(|err| Error::write(Path::new("x"), err))?;
        Err(Error::ConvertOneOutput(2))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}
