//! Bytes of unknown encoding → `Text::decode` (BOM, UTF-16 without BOM, lossy UTF-8,
//! Windows-1252, delimiter sniffing) → `Text::stream` into a sink that reads every cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskreg::read::csv::Text;
use riskreg::read::{Cell, Limits, RowSink};

/// Touches every cell so nothing the reader hands out goes unread.
#[derive(Default)]
struct Touch {
    rows: u64,
    last_index: Option<u32>,
    bytes: usize,
}

impl RowSink for Touch {
    fn row(&mut self, index: u32, cells: &[Cell<'_>]) {
        // Records arrive in order: none starts on an earlier line than the one before.
        if let Some(last) = self.last_index {
            assert!(index >= last, "row index went back from {last} to {index}");
        }
        self.last_index = Some(index);
        self.rows += 1;
        std::hint::black_box(cells.len());
        for cell in cells {
            match cell {
                Cell::Text(text) => {
                    assert!(!text.is_empty(), "an empty field must be Cell::Empty");
                    self.bytes += std::hint::black_box(text.len() + usize::from(cell.is_blank()));
                }
                Cell::Empty => assert!(cell.is_blank()),
                other => panic!("CSV yields only text and empty cells, got {other:?}"),
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (text, _warning) = Text::decode(data.to_vec());
    assert!([b';', b',', b'\t'].contains(&text.delimiter), "unexpected delimiter {}", text.delimiter);
    let mut sink = Touch::default();
    let _ = text.stream(&Limits::default(), &mut sink);
    let small = Limits { max_rows: 3, max_columns: 2, ..Limits::default() };
    let mut sink = Touch::default();
    let _ = text.stream(&small, &mut sink);
    assert!(sink.rows <= 3);
});
