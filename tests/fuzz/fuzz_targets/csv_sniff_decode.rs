//! Bytes of unknown encoding, written to a file → `Text::recognise` (hash, BOM, UTF-16
//! without BOM, lossy UTF-8, Windows-1252, delimiter sniffed from the head) →
//! `Text::stream` (streaming decode, blank-line tracking, csv parsing) into a sink that
//! reads every cell, as `read::open` and `Document::stream` do.
//!
//! Differential check: the rows streamed must equal the records of a one-shot decode of
//! the same bytes parsed in memory by the csv crate, and each row's index must be the
//! 0-based line its record starts on (lines counted by '\n', blank lines skipped by the
//! csv crate included).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use encoding_rs::Encoding;
use libfuzzer_sys::fuzz_target;
use riskreg::fuzzing::Text;
use riskreg::fuzzing::{Cell, Limits, Merges, RowSink};

/// `read::open` hands `recognise` the file's first 64 KiB.
const HEAD_BYTES: usize = 64 << 10;

/// Touches every cell and keeps the rows for the differential check.
#[derive(Default)]
struct Touch {
    merges_given: bool,
    rows: Vec<(u32, Vec<String>)>,
}

impl RowSink for Touch {
    fn merged(&mut self, mut merges: Merges) {
        assert!(!self.merges_given && self.rows.is_empty(), "merged regions must come once, before any row");
        self.merges_given = true;
        assert!(merges.regions().is_empty(), "a CSV file has no merged regions");
    }

    fn row(&mut self, index: u32, cells: &[Cell<'_>]) {
        assert!(self.merges_given, "a row came before the merged regions");
        if let Some((last, _)) = self.rows.last() {
            assert!(index >= *last, "row index went back from {last} to {index}");
        }
        let texts = cells
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => {
                    assert!(!text.is_empty(), "an empty field must be Cell::Empty");
                    std::hint::black_box(cell.is_blank());
                    text.to_string()
                }
                Cell::Empty => String::new(),
                other => panic!("CSV yields only text and empty cells, got {other:?}"),
            })
            .collect();
        self.rows.push((index, texts));
    }
}

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("riskreg-fuzz-csv-{}.csv", std::process::id())))
}

/// The records of `content` and the 0-based line each starts on.
fn expected_rows(content: &str, delimiter: u8) -> Option<Vec<(u32, Vec<String>)>> {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(content.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.ok()?;
        let position = record.position()?;
        let bytes = content.as_bytes();
        let mut start = usize::try_from(position.byte()).ok()?;
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = bytes[..start.min(bytes.len())].iter().filter(|byte| **byte == b'\n').count();
        rows.push((u32::try_from(line).ok()?, record.iter().map(str::to_string).collect()));
    }
    Some(rows)
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let Ok(recognised) = Text::recognise(path, &data[..data.len().min(HEAD_BYTES)], Default::default()) else { return };
    let text = &recognised.text;
    assert!([b';', b',', b'\t'].contains(&text.delimiter), "unexpected delimiter {}", text.delimiter);
    assert_eq!(recognised.sha256.len(), 64);

    let mut sink = Touch::default();
    let streamed = text.stream(&Limits::default(), &mut sink);
    let mut small = Touch::default();
    let small_limits = Limits { max_rows: 3, max_columns: 2, ..Limits::default() };
    let _ = text.stream(&small_limits, &mut small);
    assert!(small.rows.len() <= 3 && small.rows.iter().all(|(_, cells)| cells.len() <= 2));

    // The same bytes decoded at once and parsed in memory.
    let Some(encoding) = Encoding::for_label(text.encoding().as_bytes()) else {
        panic!("unknown encoding name {}", text.encoding())
    };
    let bom = Encoding::for_bom(data).filter(|(found, _)| *found == encoding).map_or(0, |(_, length)| length);
    let (content, _) = encoding.decode_without_bom_handling(&data[bom..]);
    let Some(expected) = expected_rows(&content, text.delimiter) else {
        // The in-memory parse of decoded text does not fail; if it ever does, no oracle.
        return;
    };
    if let Err(err) = &streamed {
        panic!("the stream failed where an in-memory parse of the same text succeeds: {err}");
    }
    {
        // How many U+FEFF a file that repeats its byte-order mark keeps at its start
        // differs between the two paths (the csv crate and the decoder each drop one):
        // harmless, so leading U+FEFF of the first field are not compared.
        let cells = |rows: &[(u32, Vec<String>)]| -> Vec<Vec<String>> {
            let mut cells: Vec<Vec<String>> = rows.iter().map(|(_, cells)| cells.clone()).collect();
            if let Some(first) = cells.first_mut().and_then(|row| row.first_mut()) {
                *first = first.trim_start_matches('\u{feff}').to_string();
            }
            cells
        };
        let (got, want) = (cells(&sink.rows), cells(&expected));
        assert_eq!(got, want, "streamed records differ from the in-memory parse");
        let got: Vec<u32> = sink.rows.iter().map(|(index, _)| *index).collect();
        let want: Vec<u32> = expected.iter().map(|(index, _)| *index).collect();
        assert_eq!(got, want, "row indices differ from the lines the records start on");
    }
});
