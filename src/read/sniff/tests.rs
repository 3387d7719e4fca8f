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
fn attributes_of_a_start_tag() {
    let tag = r#"<sst xmlns="x" count="40" uniqueCount="10000000000000""#;
    assert_eq!(attribute(tag, "count"), Some("40"));
    assert_eq!(attribute(tag, "uniqueCount"), Some("10000000000000"));
    assert_eq!(attribute(tag, "missing"), None);
}

#[test]
fn markup_named_as_a_workbook_is_named_for_what_it_is() {
    let limits = Limits::default();
    let html = b"\xEF\xBB\xBF<!DOCTYPE html>\n<html><body><table><tr><td>Risk</td></tr></table></body></html>";
    assert!(
        matches!(sniff(html, &limits), Err(ReadFailure::NotASpreadsheet(what)) if what.starts_with("an HTML page"))
    );
    let xml = b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
    assert!(
        matches!(sniff(xml, &limits), Err(ReadFailure::NotASpreadsheet(what)) if what.starts_with("Excel 2003 XML"))
    );
}
