//! Unit tests of the parent module.

use super::*;
use crate::read::Region;

struct Lines(Vec<(u32, Vec<String>)>);

impl RowSink for Lines {
    fn merged(&mut self, _: Vec<Region>) {}
    fn row(&mut self, index: u32, cells: &[Cell<'_>]) {
        let texts = cells
            .iter()
            .map(|cell| if let Cell::Text(text) = cell { text.to_string() } else { String::new() })
            .collect();
        self.0.push((index + 1, texts));
    }
}

/// Rows as 1-based line and cell texts.
type Rows = Vec<(u32, Vec<String>)>;

fn read(bytes: &[u8]) -> (Recognised, Rows) {
    let (recognised, lines, _) = read_told(bytes);
    (recognised, lines)
}

/// The recognised text, its rows, and what the reader told.
fn read_told(bytes: &[u8]) -> (Recognised, Rows, Vec<Warning>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.csv");
    std::fs::write(&path, bytes).expect("write");
    let recognised = Text::recognise(&path, &bytes[..bytes.len().min(65_536)], CsvInput::default()).expect("recognise");
    let mut lines = Lines(Vec::new());
    let told = recognised.text.stream(&Limits::default(), &mut lines).expect("stream");
    (recognised, lines.0, told)
}

#[test]
fn windows_1252_is_recognised() {
    let (recognised, lines) = read(b"Oo\xf6nskad h\xe4ndelse;\x96 \xe5tg\xe4rd\n");
    assert_eq!(recognised.text.encoding(), "windows-1252");
    assert_eq!(recognised.warning, None);
    assert_eq!(lines, [(1, vec!["Ooönskad händelse".to_string(), "– åtgärd".to_string()])]);
}

#[test]
fn boms_decide() {
    let (recognised, lines) = read(b"\xEF\xBB\xBFNr;Risk\n");
    assert_eq!(recognised.text.encoding(), "UTF-8");
    assert_eq!(lines[0].1, ["Nr", "Risk"]);
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("Åtgärd;Status\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let (recognised, lines) = read(&utf16);
    assert_eq!(recognised.text.encoding(), "UTF-16LE");
    assert_eq!(lines[0].1, ["Åtgärd", "Status"]);
}

#[test]
fn lines_of_another_encoding_are_read_as_what_they_are_and_named() {
    let mut bytes: Vec<u8> = "Åtgärd;för;lönehantering åäö\n".bytes().collect();
    bytes.extend(b"L\xf6neskuld;x\n");
    bytes.extend("Påminnelse;y\n".bytes());
    let (recognised, lines) = read(&bytes);
    assert_eq!(recognised.text.encoding(), "UTF-8 and windows-1252");
    assert_eq!(recognised.warning, Some(Warning::MixedEncodings { lines: "2".into() }));
    let first: Vec<&str> = lines.iter().map(|(_, cells)| cells[0].as_str()).collect();
    assert_eq!(first, ["Åtgärd", "Löneskuld", "Påminnelse"]);
}

#[test]
fn a_quote_never_closed_is_named_and_the_lines_after_it_read() {
    let (_, lines, told) = read_told("Nr;Händelse\n1;Ett\n2;\"Två\n3;Tre\n".as_bytes());
    assert_eq!(told, [Warning::QuoteNeverClosed { line: 3 }]);
    let rows: Vec<(u32, &str)> = lines.iter().map(|(line, cells)| (*line, cells[1].as_str())).collect();
    assert_eq!(rows, [(1, "Händelse"), (2, "Ett"), (3, "\"Två"), (4, "Tre")]);
}

#[test]
fn a_record_past_the_limits_is_left_out_and_the_rows_after_it_read() {
    let long = "x".repeat(MAX_RECORD_BYTES as usize + 10);
    let many = "rad\n".repeat(MAX_RECORD_LINES as usize + 1);
    let text = format!("Nr;Text\n1;{long}\n2;\"{many}\"\n3;kort\n");
    let (_, lines, told) = read_told(text.as_bytes());
    let line_of_many: u32 = 3;
    assert_eq!(
        told,
        [
            Warning::RecordTooLong { line: 2, bytes: MAX_RECORD_BYTES, lines: MAX_RECORD_LINES },
            Warning::RecordTooLong { line: u64::from(line_of_many), bytes: MAX_RECORD_BYTES, lines: MAX_RECORD_LINES },
        ]
    );
    let rows: Vec<(u32, &str)> = lines.iter().map(|(line, cells)| (*line, cells[1].as_str())).collect();
    assert_eq!(rows, [(1, "Text"), (line_of_many + MAX_RECORD_LINES as u32 + 2, "kort")]);
}

#[test]
fn lines_are_counted_past_empty_lines_and_multi_line_cells() {
    let (_, lines) = read(b"Titel\n\n\r\nNr;Text\n1;\"tv\xc3\xa5\nrader\"\n\n2;x\n");
    let numbers: Vec<u32> = lines.iter().map(|(line, _)| *line).collect();
    assert_eq!(numbers, [1, 4, 5, 8]);
}

/// Inputs the fuzzer found (tests/fuzz/regressions).
#[test]
fn line_ends_of_every_kind() {
    let lines = |bytes: &[u8]| read(bytes).1.iter().map(|(line, _)| *line).collect::<Vec<_>>();
    assert_eq!(lines(b"a;1\n\r\r\nb;2\n"), [1, 3]);
    assert_eq!(lines(b",r\r\n,1\n\n"), [1, 2]);
    // One byte that is not UTF-8: a Windows-1252 character, read as one.
    let (recognised, rows) = read(b"\xf4");
    assert_eq!(recognised.text.encoding(), "windows-1252");
    assert_eq!(rows, [(1, vec!["ô".to_string()])]);
    // A UTF-8 text cut short at its end: its last line is not UTF-8, and is read as
    // Windows-1252.
    let (recognised, rows) = read("Åtgärd;åäö\nö".as_bytes().split_last().map(|(_, rest)| rest).unwrap_or_default());
    assert_eq!(recognised.text.encoding(), "UTF-8 and windows-1252");
    assert_eq!(rows[1].1, ["Ã"]);
}

#[test]
fn delimiters_are_sniffed() {
    assert_eq!(sniff_delimiter("Titel\nNr;Oönskad händelse;RV\n1;Fel, stort;12\n"), b';');
    assert_eq!(sniff_delimiter("Nr,Oönskad händelse,RV\n1,\"Fel; stort\",12\n"), b',');
    assert_eq!(sniff_delimiter("Nr\tHändelse\tRV\n1\tFel\t12\n"), b'\t');
}

#[test]
fn utf8_is_counted_across_chunks() {
    let mut count = Utf8Count::default();
    let text = "åäö".as_bytes();
    count.feed(&text[..1]);
    count.feed(&text[1..]);
    assert_eq!((count.valid_multibyte, count.invalid), (3, 0));
}

#[test]
fn repeated_byte_order_marks_keep_the_text_after_them() {
    // Found by the fuzzer: the decoder's first read was the second mark alone.
    let (recognised, lines) = read(&[0xFE, 0xFF, 0xFE, 0xFF, 0xFE, 0xFF, 0xFF]);
    assert_eq!(recognised.text.encoding(), "UTF-16BE");
    assert_eq!(lines, [(1, vec!["\u{fffd}".to_string()])]);
}
