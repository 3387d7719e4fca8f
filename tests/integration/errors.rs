//! Hostile and broken input: each gets a clear error or a bounded, correct result, and
//! the rest of the batch is still read (issues #3 and #8).

use std::io::Write;
use std::path::Path;

use crate::util::*;

/// Imports `paths` with one good register beside them; returns the run and its rows.
fn batch_with_a_good_file(paths: &[&Path], extra: &[&str]) -> (Vec<Row>, Run) {
    let mut all: Vec<&Path> = paths.to_vec();
    let good = seed_001();
    all.push(&good);
    let (rows, run) = import(&all, extra);
    assert_eq!(with(&rows, "district", "Spånga-Tensta").len(), 7, "the good file is still read\n{}", run.stderr());
    (rows, run)
}

#[test]
fn broken_files_are_named_with_their_reason_and_the_batch_goes_on() {
    let broken = fixtures().join("broken");
    let expected = [
        ("empty.xlsx", "the file is empty (0 bytes)"),
        ("truncated.xlsx", "is damaged or truncated"),
        ("encrypted.xlsx", "the workbook is password-protected (encrypted)"),
        ("png-named.xlsx", "not a spreadsheet: the content is a PNG image"),
        ("no-header.xlsx", "no register header found in any sheet"),
        ("csv-named.xlsx", "the content is CSV, not .xlsx as the name says; read as CSV"),
    ];
    let paths: Vec<_> = expected.iter().map(|(name, _)| broken.join(name)).collect();
    let refs: Vec<&Path> = paths.iter().map(|path| path.as_path()).collect();
    let (rows, run) = batch_with_a_good_file(&refs, &[]);
    let run = run.expect_status(1);
    let stderr = run.stderr();
    for ((name, reason), path) in expected.iter().zip(&paths) {
        let line = format!("riskreg: {}: ", path.display());
        let reported = stderr
            .lines()
            .find(|message| message.starts_with(&line))
            .unwrap_or_else(|| panic!("{name} not reported:\n{stderr}"));
        assert!(reported.contains(reason), "{name}: {reported}");
    }
    // The CSV named .xlsx is read for what it is.
    assert_eq!(with(&rows, "district", "Farsta").len(), 3);
}

#[test]
fn a_header_without_rows_gives_no_rows_and_says_so() {
    let run = riskreg(&["inspect", "fixtures/broken/header-only.csv"]).expect_status(0);
    assert!(run.stdout().contains("rows      1 read = 0 kept + 1 skipped (header 1) + 0 rejected"), "{}", run.stdout());
    assert!(run.stdout().contains("warning   the header has no data rows below it"), "{}", run.stdout());
}

#[test]
fn wrong_values_are_flagged_and_the_empty_row_rejected() {
    let (rows, run) = import(&[&fixtures().join("broken/wrong-values.csv")], &[]);
    run.expect_status(1);
    let flags: Vec<(i64, String)> =
        rows.iter().map(|row| (number(row, "source_row").unwrap_or_default(), text(row, "flags"))).collect();
    assert_eq!(
        flags,
        [
            (3, "probability_invalid".to_string()),
            (4, "consequence_invalid".to_string()),
            (5, "rv_mismatch".to_string()),
            (6, "event_missing".to_string()),
            (7, "risk_no_duplicate".to_string()),
        ]
    );
    assert_eq!(number(&rows[2], "risk_value"), Some(20));
}

#[test]
fn long_cells_control_characters_and_invalid_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("farsta 2023.csv");
    let long = "å".repeat(32_000);
    let longer = "ö".repeat(40_000);
    let mut bytes = format!(
        "Nr;Oönskad händelse;Sannolikhet;Konsekvens;RV;Analys\n1;{long};3;4;12;{longer}\n2;Fel\u{1}på\u{7}lön;2;2;4;\n"
    )
    .into_bytes();
    bytes.extend_from_slice(b"3;Trasig \xff byte;1;1;1;\n");
    std::fs::write(&input, bytes).expect("write");
    let (rows, run) = import(&[&input], &[]);
    assert!(run.stderr().contains("lines 4 are Windows-1252, the rest UTF-8"), "{}", run.stderr());
    assert_eq!(rows.len(), 3);
    assert_eq!(text(&rows[0], "event").chars().count(), 32_000);
    assert_eq!(text(&rows[0], "analysis").chars().count(), 40_000);
    assert_eq!(text(&rows[0], "flags"), "text_too_long");
    assert_eq!(text(&rows[1], "event"), "Fel på lön");
    assert_eq!(text(&rows[2], "event"), "Trasig ÿ byte");
    let out = dir.path().join("out.xlsx");
    riskreg(&["import", arg(&input), "-o", arg(&out)]).expect_status(0);
    let frame = sheet(&out, "riskreg");
    let header = headings(&frame, 0);
    assert_eq!(cell(&frame, 1, header["event"]).chars().count(), 32_000);
    let cut = cell(&frame, 1, header["analysis"]);
    assert!(cut.ends_with(" […]") && cut.chars().count() < 32_768, "{}", cut.chars().count());
}

#[test]
fn mixed_encodings_in_one_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let register =
        "Farsta stadsdelsnämnd 2023\nNr;Oönskad händelse;Sannolikhet;Konsekvens\n1;Löneskulder uppstår;3;3\n";
    std::fs::write(dir.path().join("a-utf8.csv"), register).expect("utf-8");
    std::fs::write(dir.path().join("b-bom.csv"), format!("\u{feff}{register}")).expect("bom");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(register);
    std::fs::write(dir.path().join("c-1252.csv"), cp1252).expect("1252");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(register.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(dir.path().join("d-utf16.csv"), utf16).expect("utf-16");
    // Four copies of one register: counted as four only when asked.
    let (rows, run) = import(&[dir.path()], &["--keep-duplicates"]);
    run.expect_status(0);
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter().all(|row| text(row, "event") == "Löneskulder uppstår" && text(row, "district") == "Farsta"),
        "{rows:?}"
    );
    let encodings = riskreg(&["inspect", arg(dir.path())]).stdout();
    for encoding in ["CSV, UTF-8", "CSV, windows-1252", "CSV, UTF-16LE"] {
        assert!(encodings.contains(encoding), "{encoding}: {encodings}");
    }
}

#[test]
fn a_zip_bomb_is_refused_by_its_size_not_by_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = dir.path().join("bomb.xlsx");
    let file = std::fs::File::create(&bomb).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    zip.start_file("xl/workbook.xml", options).expect("entry");
    zip.write_all(b"<workbook/>").expect("write");
    zip.start_file("xl/worksheets/sheet1.xml", options).expect("entry");
    let block = vec![b' '; 1 << 20];
    for _ in 0..120 {
        zip.write_all(&block).expect("write");
    }
    zip.finish().expect("finish");
    assert!(std::fs::metadata(&bomb).expect("size").len() < 2 << 20);
    let (_, run) = batch_with_a_good_file(&[&bomb], &["--max-inflated", "100"]);
    let stderr = run.expect_status(1).stderr();
    assert!(stderr.contains("its content inflates to 125829131 bytes, over the budget of 104857600 bytes"), "{stderr}");
    assert!(stderr.contains("(raise it with --max-inflated MIB)"), "{stderr}");
}

#[test]
fn a_million_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("skarpnack 2024.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&input).expect("create"));
    writeln!(file, "Nr;Oönskad händelse;Sannolikhet;Konsekvens").expect("write");
    for number in 1..=1_000_000u32 {
        writeln!(file, "{number};Händelse {};{};{}", number % 97, number % 5 + 1, number % 3 + 1).expect("write");
    }
    drop(file);
    let out = dir.path().join("out.parquet");
    riskreg(&["import", arg(&input), "-o", arg(&out)]).expect_status(0);
    use polars::prelude::SerReader;
    let frame = polars::prelude::ParquetReader::new(std::fs::File::open(&out).expect("open")).finish().expect("read");
    assert_eq!(frame.height(), 1_000_000);
    // Parsed on a second thread: every row in order, with its own line.
    let last = frame.tail(Some(1));
    let value = |name: &str| last.column(name).expect(name).get(0).expect("value").to_string();
    assert_eq!(value("source_row"), "1000001");
    assert_eq!(value("event"), "\"Händelse 27\"");
    assert_eq!((value("probability"), value("consequence")), ("1".to_string(), "2".to_string()));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("arkiv");
    std::fs::create_dir(&folder).expect("folder");
    std::os::unix::fs::symlink(&folder, folder.join("loop")).expect("loop");
    std::os::unix::fs::symlink(folder.join("borta.xlsx"), folder.join("trasig-länk.xlsx")).expect("dangling");
    std::fs::copy(seed_001(), folder.join("register.csv")).expect("copy");
    let (rows, run) = import(&[&folder], &["--district", "Spånga-Tensta"]);
    let stderr = run.expect_status(1).stderr();
    assert_eq!(rows.len(), 7);
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(stderr.contains("trasig-länk.xlsx"), "{stderr}");
}

#[test]
fn outputs_that_cannot_be_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("finns-inte").join("ut.xlsx");
    let run = riskreg(&["consolidate", arg(&seed_001()), "-o", arg(&missing)]).expect_status(2);
    assert!(run.stderr().contains("does not exist"), "{}", run.stderr());
    let run = riskreg(&["import", arg(&seed_001()), "-o", "ut.txt"]).expect_status(2);
    assert!(
        run.stderr().contains("cannot write ut.txt: this command writes .parquet, .csv, .xlsx, .json or .ndjson"),
        "{}",
        run.stderr()
    );
    // A full disk: outputs linked to /dev/full are written in place, and the write fails.
    #[cfg(unix)]
    for name in ["ut.csv", "ut.xlsx"] {
        let full = dir.path().join(name);
        std::os::unix::fs::symlink("/dev/full", &full).expect("link");
        let command = if name.ends_with(".csv") { "import" } else { "consolidate" };
        let run = riskreg(&[command, arg(&seed_001()), "-o", arg(&full)]).expect_status(2);
        assert!(run.stderr().contains("No space left on device"), "{}", run.stderr());
    }
}
