//! Unit tests of the parent module.

use super::*;

#[test]
fn recognises_foreign_files_and_text() {
    let limits = Limits::default();
    assert!(matches!(sniff(b"", &limits), Err(ReadFailure::Empty)));
    assert!(matches!(sniff(b"\x89PNG\r\n\x1a\n....", &limits), Err(ReadFailure::NotASpreadsheet("a PNG image"))));
    assert_eq!(sniff("Nr;Oönskad händelse\n".as_bytes(), &limits).ok(), Some(Format::Csv));
    assert!(matches!(sniff(b"PK\x03\x04garbage", &limits), Err(ReadFailure::Corrupt { .. })));
    assert!(matches!(sniff(b"\x00\x01\x02binary", &limits), Err(ReadFailure::NotASpreadsheet(_))));
}

#[test]
fn a_csv_named_xlsx_is_a_mismatch() {
    let warning = extension_mismatch(Path::new("a.xlsx"), Format::Csv);
    assert!(warning.is_some_and(|warning| warning.to_string().contains("not .xlsx")));
    assert_eq!(extension_mismatch(Path::new("a.csv"), Format::Csv), None);
}

#[test]
fn huge_ratios_are_refused() {
    let limits = Limits::default();
    assert!(check_size("xl/worksheets/sheet1.xml", 1 << 30, 1 << 20, &limits).is_err());
    assert!(check_size("xl/worksheets/sheet1.xml", 200 << 20, 20 << 20, &limits).is_ok());
    assert!(check_size("xl/sharedStrings.xml", 10 << 20, 1, &limits).is_ok());
}
