//! Unit tests of the parent module: the crafted files of `fixtures/hostile` and ordinary
//! registers, each refused with the error that names what is wrong, or sanitised and then
//! read by calamine (`Xls::new`, the merged regions and `worksheet_range` of every sheet)
//! to the cells it had.

use std::io::{Cursor, Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use super::{sanitise, BiffError, Sanitised};
use calamine::{Data, DataType, Reader, Xls};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

fn hostile(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join("hostile").join(name)).unwrap()
}

/// A sheet as calamine reads it: its cells at their absolute positions (whitespace-only text left
/// out: the sanitiser drops it), its merged regions, and the size of its range.
#[derive(Debug, PartialEq)]
struct Sheet {
    name: String,
    cells: Vec<(u32, u32, Data)>,
    merges: Vec<((u32, u32), (u32, u32))>,
    size: (usize, usize),
}

fn read(bytes: Vec<u8>) -> Result<Vec<Sheet>, calamine::XlsError> {
    let mut book = Xls::new(Cursor::new(bytes))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let merges = book.merge_cells_by_sheet_name(&name)?.iter().map(|m| (m.start, m.end)).collect();
        let range = book.worksheet_range(&name)?;
        let (top, left) = range.start().unwrap_or_default();
        let cells = range
            .used_cells()
            .filter(|(_, _, value)| !matches!(value, Data::String(text) if text.trim().is_empty()))
            .map(|(row, column, value)| (top + row as u32, left + column as u32, value.clone()))
            .collect();
        sheets.push(Sheet { name, cells, merges, size: range.get_size() });
    }
    Ok(sheets)
}

fn without_sizes(mut sheets: Vec<Sheet>) -> Vec<Sheet> {
    sheets.iter_mut().for_each(|sheet| sheet.size = (0, 0));
    sheets
}

/// Seed 003's register: Nr 1–6 in column D and RV 6 9 6 3 6 4 in column H, sheet rows 4–9.
fn assert_register(sheets: &[Sheet]) {
    let [sheet] = sheets else { panic!("one sheet expected, got {}", sheets.len()) };
    let column = |index| {
        let values = sheet.cells.iter().filter(|(row, column, _)| *column == index && (3..9).contains(row));
        values.map(|(_, _, value)| value.as_f64().unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(column(3), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_eq!(column(7), [6.0, 9.0, 6.0, 3.0, 6.0, 4.0]);
    assert_eq!(sheet.size, (9, 9), "the range is the register's, not the sheet's furthest cell");
}

#[test]
fn refuses_what_calamine_would_abort_or_panic_on() {
    let refusal = |name| sanitise(hostile(name)).map(|_| ()).unwrap_err();

    let err = refusal("xls-cell-col-65535.xls");
    assert!(matches!(&err, BiffError::OutsideGrid { row: 65535, column: 65535, .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "cell at row 65 536, column 65 536 of sheet 'VoR 2020' is outside an .xls sheet (65 536 rows × 256 columns)"
    );
    let err = refusal("xls-mulrk-reversed.xls");
    assert!(matches!(err, BiffError::MulRkReversed { row: 12, first: 5, last: 2, .. }), "{err:?}");
    let err = refusal("xls-mergecells-count.xls");
    assert!(matches!(err, BiffError::MergeCount { count: 100, room: 1, .. }), "{err:?}");
    let err = refusal("xls-lbl-short.xls");
    assert!(matches!(err, BiffError::ShortRecord { record: "Lbl (defined name)", len: 2, needed: 14, .. }), "{err:?}");
    for (name, says) in [
        ("xls-cfb-directory-loop.xls", "Directory chain includes duplicate sector index"),
        ("xls-cfb-stream-loop.xls", "Chain contained duplicate sector id"),
    ] {
        let err = refusal(name);
        assert!(matches!(err, BiffError::Container(_)) && err.to_string().contains(says), "{name}: {err}");
    }
}

#[test]
fn lying_dimensions_are_rewritten_to_the_cells() {
    for name in ["xls-dimensions-4g-rows.xls", "xls-dimensions-reversed.xls"] {
        let Sanitised { bytes, blank_cells_dropped, dimensions_fixed } = sanitise(hostile(name)).unwrap();
        assert_eq!((blank_cells_dropped, dimensions_fixed), (0, 1), "{name}");
        assert_register(&read(bytes).unwrap());
    }
}

#[test]
fn a_stray_space_in_iv65536_is_dropped() {
    let original = hostile("xls-stray-space-iv65536.xls");
    let Sanitised { bytes, blank_cells_dropped, dimensions_fixed } = sanitise(original.clone()).unwrap();
    assert_eq!((blank_cells_dropped, dimensions_fixed), (1, 1));
    let sanitised = read(bytes).unwrap();
    assert_register(&sanitised);
    let before = read(original).unwrap(); // a dense 65 536 × 256 range, about 1 GiB
    assert_eq!(before[0].size, (65536, 256));
    assert_eq!(without_sizes(before), without_sizes(sanitised));
}

/// The ordinary `.xls` registers of the fixtures.
fn ordinary() -> Vec<PathBuf> {
    let folders = ["registers/hagersten-liljeholmen/2018", "layouts", "holdout"];
    let folders: Vec<PathBuf> = folders.iter().map(|folder| Path::new(FIXTURES).join(folder)).collect();
    let mut files: Vec<PathBuf> = folders
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("xls")))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    files
}

#[test]
fn ordinary_registers_read_the_same() {
    for path in ordinary() {
        let original = std::fs::read(&path).unwrap();
        let sanitised = sanitise(original.clone()).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let changed = original.iter().zip(&sanitised.bytes).filter(|(a, b)| a != b).count();
        eprintln!(
            "{}: {} blank cells dropped, {} dimensions fixed, {changed} bytes changed",
            path.display(),
            sanitised.blank_cells_dropped,
            sanitised.dimensions_fixed
        );
        assert_eq!(original.len(), sanitised.bytes.len());
        assert!(changed <= 2 * sanitised.blank_cells_dropped + 12 * sanitised.dimensions_fixed);
        let again = sanitise(sanitised.bytes.clone()).unwrap();
        assert_eq!((again.blank_cells_dropped, again.dimensions_fixed), (0, 0));
        assert!(again.bytes == sanitised.bytes, "{}: a second pass changed bytes", path.display());
        let before = read(original).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        assert_eq!(without_sizes(before), without_sizes(read(sanitised.bytes).unwrap()), "{}", path.display());
    }
}

/// The file with its workbook stream edited in place by `edit` (given the stream and the offsets
/// and types of its records).
fn edited(bytes: Vec<u8>, edit: impl FnOnce(&mut Vec<u8>, &[(usize, u16)])) -> Vec<u8> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
    let mut stream = Vec::new();
    file.open_stream("/Workbook").unwrap().read_to_end(&mut stream).unwrap();
    let mut records = Vec::new();
    let mut at = 0;
    while at + 4 <= stream.len() {
        records.push((at, u16::from_le_bytes([stream[at], stream[at + 1]])));
        at += 4 + usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
    }
    edit(&mut stream, &records);
    file.open_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.into_inner().into_inner()
}

fn first(records: &[(usize, u16)], typ: u16) -> usize {
    records.iter().find(|(_, t)| *t == typ).unwrap().0
}

/// The register as a readable `.xls` (the 4 G-row Dimensions rewritten).
fn register() -> Vec<u8> {
    sanitise(hostile("xls-dimensions-4g-rows.xls")).unwrap().bytes
}

#[test]
fn refuses_damaged_records() {
    let refusal = |edit: fn(&mut Vec<u8>, &[(usize, u16)])| sanitise(edited(register(), edit)).map(|_| ()).unwrap_err();
    // SST: cstUnique of a million in a table of a few hundred bytes
    let err = refusal(|stream, records| {
        stream[first(records, 0x00FC) + 8..][..4].copy_from_slice(&1_000_000u32.to_le_bytes())
    });
    assert!(matches!(err, BiffError::SstCount { claimed: 1_000_000, .. }), "{err:?}");
    // SST: its first string claims 65 535 characters
    let err = refusal(|stream, records| stream[first(records, 0x00FC) + 12..][..2].copy_from_slice(&[0xFF, 0xFF]));
    assert!(matches!(err, BiffError::SstDamaged { index: 0 }), "{err:?}");
    // the sheet's EOF claims 65 535 bytes
    let err = refusal(|stream, records| {
        let eof = records.iter().filter(|(_, t)| *t == 0x000A).nth(1).unwrap().0;
        stream[eof + 2..][..2].copy_from_slice(&[0xFF, 0xFF]);
    });
    assert!(matches!(err, BiffError::Truncated { .. }), "{err:?}");
    // the sheet said to start at byte 4 294 967 280, and at byte 0 (inside the globals)
    let err =
        refusal(|stream, records| stream[first(records, 0x0085) + 4..][..4].copy_from_slice(&[0xF0, 0xFF, 0xFF, 0xFF]));
    assert!(matches!(err, BiffError::SheetOffset { offset: 0xFFFF_FFF0, .. }), "{err:?}");
    let err = refusal(|stream, records| stream[first(records, 0x0085) + 4..][..4].copy_from_slice(&[0; 4]));
    assert!(matches!(err, BiffError::SheetsOverlap { .. }), "{err:?}");
    // CodePage (its data 0x04B0) retyped FilePass: an encrypted workbook
    let err =
        refusal(|stream, records| stream[first(records, 0x0042)..][..2].copy_from_slice(&0x002Fu16.to_le_bytes()));
    assert!(matches!(err, BiffError::Encrypted), "{err:?}");
}

#[test]
fn refuses_a_formula_whose_tokens_run_past_it() {
    // a MulRk of four numbers (32 bytes) retyped Formula, its cce (bytes 20–21 of the data) 65 535
    let layout = Path::new(FIXTURES).join("layouts/vor-enskede-arsta-vantor-2023-tvaradig-rubrik-tomma-celler.xls");
    let bytes = edited(std::fs::read(layout).unwrap(), |stream, records| {
        let len = |at: usize| usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let at = records.iter().find(|&&(at, typ)| typ == 0x00BD && len(at) >= 22).unwrap().0;
        stream[at..][..2].copy_from_slice(&0x0006u16.to_le_bytes());
        stream[at + 24..][..2].copy_from_slice(&[0xFF, 0xFF]);
    });
    let err = sanitise(bytes).map(|_| ()).unwrap_err();
    assert!(matches!(err, BiffError::ShortRecord { record: "Formula", needed: 65557, .. }), "{err:?}");
}

#[test]
fn refuses_a_stream_that_ends_before_its_declared_size() {
    // xls-cfb-stream-loop.xls with the loop cut: the chain ends after 8 sectors, the directory
    // still declares 4 294 967 295 bytes (its FAT is sector 0; the last stream sector is 9)
    let mut bytes = hostile("xls-cfb-stream-loop.xls");
    bytes[512 + 9 * 4..][..4].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    let err = sanitise(bytes).map(|_| ()).unwrap_err();
    assert!(matches!(err, BiffError::Container(_)), "{err:?}");
}

/// Containers `cfb` opens but calamine's own compound-file reader would blow up on.
#[test]
fn refuses_container_claims_cfb_lets_through() {
    let put = |bytes: &mut Vec<u8>, at: usize, value: u32| bytes[at..][..4].copy_from_slice(&value.to_le_bytes());
    // the register with a mini stream declared 4 GiB whose chain is a sector pointing to itself:
    // calamine copies it until it holds the 4 GiB (abort)
    let mut bytes = register();
    let n = (bytes.len() - 512) / 512; // sectors 0 (FAT), 1 (directory), 2–9 (Workbook)
    put(&mut bytes, 512 + 4 * n, n as u32); // FAT: sector n → n
    put(&mut bytes, 512 + 4 * (n + 1), 0xFFFF_FFFE); // FAT: sector n + 1 (the MiniFAT) ends
    bytes.extend([0; 512].into_iter().chain([0xFF; 512]));
    put(&mut bytes, 60, n as u32 + 1); // MiniFAT start
    put(&mut bytes, 64, 1); // MiniFAT sectors
    put(&mut bytes, 1024 + 116, n as u32); // Root Entry: mini stream start
    put(&mut bytes, 1024 + 120, 0xFFFF_FFC0); // and size
    let err = sanitise(bytes).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("a directory entry claims 4294967232 bytes"), "{err}");
    // the register with its directory's chain running on to sector 10 (one past the file), whose
    // FAT entry (past the file, so cfb drops it) leads to sector 0, whose own entry (which cfb
    // overwrites, as sector 0 is the FAT) leads back to the directory: calamine loops (abort)
    let mut bytes = register();
    put(&mut bytes, 512 + 4, 10);
    put(&mut bytes, 512 + 40, 0);
    put(&mut bytes, 512, 1);
    let err = sanitise(bytes).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("the directory's sector chain loops"), "{err}");
    // ... and one that runs on to sector 10 and stays there (no sector past the file is counted)
    let mut bytes = register();
    put(&mut bytes, 512 + 4, 10);
    put(&mut bytes, 512 + 40, 10);
    assert!(sanitise(bytes).is_err());
    // the register with a second entry named Workbook, outside the directory's tree (the root's child
    // is now entry 2, a copy of entry 1): calamine reads entry 1, which cfb does not see
    let mut bytes = register();
    bytes.copy_within(1024 + 128..1024 + 256, 1024 + 256);
    put(&mut bytes, 1024 + 76, 2);
    let err = sanitise(bytes).map(|_| ()).unwrap_err();
    assert!(matches!(err, BiffError::StrayWorkbook("Workbook")), "{err:?}");
    // a DIFAT listing sector 0 as a FAT sector 127 times in each of 2 000 sectors: cfb and calamine
    // would each hold 127 MB for this 1 MB file
    let mut bytes = register()[..512].to_vec();
    put(&mut bytes, 68, 1); // first DIFAT sector
    for sector in 1..2000 {
        let mut entries = vec![0u32; 127];
        entries.push(if sector < 1999 { sector + 1 } else { 0xFFFF_FFFE });
        bytes.extend(entries.iter().flat_map(|entry| entry.to_le_bytes()));
    }
    bytes.splice(512..512, register()[512..1024].iter().copied()); // sector 0: the FAT
    let err = sanitise(bytes).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("it lists 253874 FAT sectors but has 2000 sectors"), "{err}");
}

#[test]
fn drops_whitespace_label_records() {
    // risk 1's event (LabelSst, 10 bytes) rewritten as a Label of one no-break space
    let bytes = edited(register(), |stream, records| {
        let cell = records.iter().filter(|(_, t)| *t == 0x00FD).nth(14).unwrap().0;
        stream[cell..][..2].copy_from_slice(&0x0204u16.to_le_bytes());
        stream[cell + 10..][..4].copy_from_slice(&[1, 0, 0, 0xA0]);
    });
    let before = read(bytes.clone()).unwrap();
    let Sanitised { bytes: after, blank_cells_dropped, .. } = sanitise(bytes).unwrap();
    assert_eq!(blank_cells_dropped, 1);
    let after = read(after).unwrap();
    assert_eq!(before[0].cells.len(), after[0].cells.len());
    assert_eq!(without_sizes(before), without_sizes(after));
}

/// xorshift64*: deterministic damage.
fn random(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// Two registers damaged at random (1–4 bytes anywhere) and cut short: the sanitiser never panics,
/// a second pass finds nothing to change, and calamine reads what it passes without a panic (these
/// registers hold no formulas, whose tokens calamine still trusts).
#[test]
fn damage_anywhere_is_refused_or_read() {
    let mut state = 0x9E37_79B9_7F4A_7C15;
    let mut panics = Vec::new();
    let (mut refused, mut read_ok) = (0, 0);
    for name in ["xls-stray-space-iv65536.xls", "xls-dimensions-4g-rows.xls"] {
        let original = hostile(name);
        let cases = (0..1500).map(|_| {
            let mut bytes = original.clone();
            for _ in 0..1 + random(&mut state) % 4 {
                let at = random(&mut state) as usize % bytes.len();
                bytes[at] = random(&mut state) as u8;
            }
            bytes
        });
        let cuts = (0..original.len()).step_by(97).map(|len| original[..len].to_vec());
        for bytes in cases.chain(cuts) {
            match sanitise(bytes) {
                Err(_) => refused += 1,
                Ok(sanitised) => {
                    let again = sanitise(sanitised.bytes.clone()).unwrap();
                    assert_eq!((again.blank_cells_dropped, again.dimensions_fixed), (0, 0));
                    match catch_unwind(AssertUnwindSafe(|| read(sanitised.bytes))) {
                        Ok(_) => read_ok += 1,
                        Err(panic) => panics.push(format!("{:?}", panic.downcast_ref::<String>())),
                    }
                }
            }
        }
    }
    eprintln!("damaged copies: {refused} refused, {read_ok} read");
    assert!(panics.is_empty(), "calamine panicked on sanitised bytes: {panics:?}");
}
