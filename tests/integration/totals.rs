//! Totals an analyst can trust (issue 15): a copy of a register counted once and listed,
//! riskreg's own workbooks skipped, its canonical frame read back exactly, and shards
//! of a partitioned table built by separate runs.

use std::path::{Path, PathBuf};

use crate::util::*;

/// A folder holding seed 003 and a copy of it whose RV column was emptied.
fn folder_with_a_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::copy(seed_003(), folder.join("VoR och internkontrollplan 2020.xlsx")).expect("original");
    let copy = fixtures().join("copies").join("VoR och internkontrollplan 2020 - kopia.xlsx");
    std::fs::copy(copy, folder.join("VoR och internkontrollplan 2020 - kopia.xlsx")).expect("copy");
    (dir, folder)
}

/// The Översikt figures of one district and year: risks and Kritisk.
fn risks_and_critical(workbook: &Path, district: &str, year: &str) -> [String; 2] {
    let overview = sheet(workbook, "Översikt");
    let header = headings(&overview, 3);
    let row = (4..overview.height())
        .find(|row| cell(&overview, *row, 0) == district && cell(&overview, *row, 1) == year)
        .unwrap_or_else(|| panic!("{district} {year}"));
    [cell(&overview, row, header["Risker"]), cell(&overview, row, header["Kritisk"])]
}

#[test]
fn a_copy_in_the_folder_is_counted_once_and_listed() {
    let (dir, folder) = folder_with_a_copy();
    let out = dir.path().join("k.xlsx");
    let run = riskreg(&["consolidate", arg(&folder), "-o", arg(&out)]).expect_status(1);
    assert_eq!(risks_and_critical(&out, "Hägersten-Älvsjö", "2020"), ["91", "7"]);
    assert!(run.stderr().contains("2 kopior räknas inte"), "{}", run.stderr());
    // The copy lost its RV column: the original is counted, the copy listed against it.
    let quality = sheet(&out, "Datakvalitet");
    let listed: Vec<String> = (1..quality.height())
        .filter(|row| (0..quality.width()).any(|column| cell(&quality, *row, column).contains("duplicate_register")))
        .map(|row| (0..quality.width()).map(|column| cell(&quality, row, column)).collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.iter().all(|line| line.contains("- kopia.xlsx") && line.contains("en kopia av")), "{listed:?}");
    let sources = sheet(&out, "Källor");
    let noted = (1..sources.height())
        .filter(|row| (0..sources.width()).any(|column| cell(&sources, *row, column).contains("en kopia av")))
        .count();
    assert_eq!(noted, 2);
    // Both counted when asked.
    let both = dir.path().join("both.xlsx");
    riskreg(&["consolidate", arg(&folder), "-o", arg(&both), "--keep-duplicates"]).expect_status(0);
    assert_eq!(risks_and_critical(&both, "Hägersten-Älvsjö", "2020"), ["182", "14"]);
    // The frame keeps the copy's rows, flagged.
    let (rows, _) = import(&[&folder], &[]);
    let flagged = rows.iter().filter(|row| text(row, "flags").contains("duplicate_register")).count();
    assert_eq!((rows.len(), flagged), (216, 108));
}

#[test]
fn a_consolidated_workbook_among_the_inputs_is_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::copy(seed_002(), folder.join("VoR 2024.xlsx")).expect("register");
    let first = dir.path().join("riskreg.xlsx");
    riskreg(&["consolidate", arg(&folder), "-o", arg(&first)]).expect_status(0);
    std::fs::copy(&first, folder.join("riskreg.xlsx")).expect("left in the folder");
    let second = dir.path().join("again.xlsx");
    let run = riskreg(&["consolidate", arg(&folder), "-o", arg(&second)]).expect_status(0);
    assert!(run.stderr().contains("riskreg.xlsx: a workbook riskreg wrote (consolidate): skipped"), "{}", run.stderr());
    assert_eq!(
        risks_and_critical(&second, "Enskede-Årsta-Vantör", "2024"),
        risks_and_critical(&first, "Enskede-Årsta-Vantör", "2024")
    );
    assert_eq!(risks_and_critical(&second, "Enskede-Årsta-Vantör", "2024")[0], "52");
}

#[test]
fn the_canonical_frame_reads_back_exactly_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (original, _) = import(&[&register("")], &[]);
    assert_eq!(original.len(), 340);
    for (name, extra) in [
        ("alla.csv", None),
        ("alla.parquet", None),
        ("alla.xlsx", None),
        ("alla.json", None),
        ("alla.ndjson", None),
        ("excel.csv", Some("--excel-csv")),
    ] {
        let path = dir.path().join(name);
        let registers = register("");
        let mut args = vec!["import", arg(&registers)];
        args.extend(["-o", arg(&path)]);
        args.extend(extra);
        riskreg(&args).expect_status(0);
        let (again, run) = import(&[&path], &[]);
        assert_eq!(again.len(), original.len(), "{name}\n{}", run.stderr());
        for (a, b) in original.iter().zip(&again) {
            assert_eq!(a, b, "{name}");
        }
    }
}

#[test]
fn a_value_fixed_in_the_frame_flows_into_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("alla.csv");
    riskreg(&["import", arg(&seed_003()), "-o", arg(&csv)]).expect_status(0);
    let written = std::fs::read_to_string(&csv).expect("csv");
    // Risk 65 of seed 003: "Förvaltningen kan inte hålla förskolegarantin", S 2 × K 5.
    let fixed: String = written
        .lines()
        .map(|line| {
            if line.contains("inte hålla förskolegarantin") && line.contains(",65,") {
                line.replacen(",2,5,10,", ",4,5,20,", 1)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(fixed, written.trim_end());
    std::fs::write(&csv, fixed).expect("fixed");
    let (rows, _) = import(&[&csv], &[]);
    let risk = rows.iter().find(|row| number(row, "risk_no") == Some(65)).expect("risk 65");
    assert_eq!(
        (number(risk, "probability"), number(risk, "risk_value"), text(risk, "level")),
        (Some(4), Some(20), "Kritisk".to_string())
    );
}

#[test]
fn shards_are_appended_never_overwritten() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("tabell");
    let partition = ["--partition-by", "district_current,year"];
    let import_into = |input: &Path, more: &[&str]| {
        let mut args = vec!["import", arg(input), "-o", arg(&table)];
        args.extend(partition);
        args.extend(more);
        riskreg(&args)
    };
    import_into(&seed_003(), &[]).expect_status(0);
    let refused = import_into(&seed_002(), &[]).expect_status(2);
    assert!(refused.stderr().contains("exists and is not empty: add --append"), "{}", refused.stderr());
    import_into(&seed_002(), &["--append"]).expect_status(0);
    let again = import_into(&seed_002(), &["--append"]).expect_status(2);
    assert!(again.stderr().contains("was appended to"), "{}", again.stderr());
    let parts: Vec<PathBuf> = walkdir::WalkDir::new(&table)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "parquet"))
        .map(|entry| entry.into_path())
        .collect();
    let rows: usize = parts
        .iter()
        .map(|part| ParquetReader::new(std::fs::File::open(part).expect("part")).finish().expect("read").height())
        .sum();
    assert_eq!(rows, 108 + 61, "{parts:?}");
    import_into(&seed_002(), &["--overwrite"]).expect_status(0);
    let left = walkdir::WalkDir::new(&table).into_iter().flatten().filter(|entry| entry.file_type().is_file()).count();
    assert_eq!(left, 2, "a part file and _riskreg.json");
    // A folder holding anything else is refused either way.
    let other = dir.path().join("annat");
    std::fs::create_dir(&other).expect("folder");
    std::fs::write(other.join("notes.txt"), "mine").expect("file");
    let seed = seed_002();
    let mut args = vec!["import", arg(&seed), "-o", arg(&other)];
    args.extend(partition);
    args.push("--overwrite");
    riskreg(&args).expect_status(2);
    assert_eq!(std::fs::read_to_string(other.join("notes.txt")).expect("kept"), "mine");
}

/// Every file under `dir` with its bytes, sorted.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| (entry.path().to_path_buf(), std::fs::read(entry.path()).expect("read")))
        .collect();
    found.sort();
    found
}

#[test]
fn an_input_appended_before_is_refused_by_name_even_among_new_ones() {
    use polars::prelude::*;
    use sha2::Digest;
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("tabell");
    let import_into = |inputs: &[&Path], more: &[&str]| {
        let mut args = vec!["import"];
        args.extend(inputs.iter().map(|input| arg(input)));
        args.extend(["-o", arg(&table), "--partition-by", "district_current,year"]);
        args.extend(more);
        riskreg(&args)
    };
    let (first, second, third) = (seed_003(), seed_002(), seed_004());
    import_into(&[&first, &second], &[]).expect_status(0);
    let before = contents(&table);
    // Overlapping inputs: the second was appended with the first run.
    let overlapping = import_into(&[&second, &third], &["--append"]).expect_status(2);
    let stderr = overlapping.stderr();
    assert!(
        stderr.contains(&format!("riskreg: error: {} was appended to {} before", second.display(), table.display())),
        "{stderr}"
    );
    assert_eq!(contents(&table), before, "nothing written");
    // The same bytes under another name are the same input.
    let copy = dir.path().join("kopia.xlsx");
    std::fs::copy(&second, &copy).expect("copy");
    let renamed = import_into(&[&copy], &["--append"]).expect_status(2);
    assert!(
        renamed.stderr().contains(&format!("(as {}, listed in _riskreg.json)", second.display())),
        "{}",
        renamed.stderr()
    );
    assert_eq!(contents(&table), before, "nothing written");
    // A new input alone is appended.
    import_into(&[&third], &["--append"]).expect_status(0);
    let rows: usize = contents(&table)
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "parquet"))
        .map(|(_, bytes)| ParquetReader::new(std::io::Cursor::new(bytes)).finish().expect("read").height())
        .sum();
    assert_eq!(rows, 108 + 61 + 28);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(table.join("_riskreg.json")).expect("manifest")).expect("JSON");
    let listed: Vec<(String, String)> = manifest["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|input| {
            (input["file"].as_str().expect("file").to_string(), input["sha256"].as_str().expect("sha").to_string())
        })
        .collect();
    let sha = |path: &Path| -> String {
        sha2::Sha256::digest(std::fs::read(path).expect("read")).iter().map(|byte| format!("{byte:02x}")).collect()
    };
    let mut expected: Vec<(String, String)> =
        [&first, &second].iter().map(|path| (path.display().to_string(), sha(path))).collect();
    expected.sort();
    expected.push((third.display().to_string(), sha(&third)));
    assert_eq!(listed, expected);
}

#[test]
fn of_identical_copies_the_one_named_without_a_copy_marker_is_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("folder");
    // In input order "(1)" and "- Kopia" come before the original.
    for name in ["VoR 2024 (1).xlsx", "VoR 2024 - Kopia.xlsx", "VoR 2024.xlsx"] {
        std::fs::copy(seed_002(), folder.join(name)).expect("copy");
    }
    let (rows, run) = import(&[&folder], &[]);
    assert_eq!(run.status(), 1, "copies set aside need attention\n{}", run.stderr());
    let mut counted: Vec<String> = rows
        .iter()
        .filter(|row| !text(row, "flags").contains("duplicate_register"))
        .map(|row| text(row, "source_file"))
        .collect();
    counted.dedup();
    assert_eq!(counted, [folder.join("VoR 2024.xlsx").display().to_string()]);
    assert_eq!(rows.len(), 3 * 61);
    // Its VoR and its plan, in each of the two copies.
    assert!(run.stderr().contains("4 kopior räknas inte"), "{}", run.stderr());
}

#[test]
fn copies_found_in_a_frame_read_back_need_attention() {
    let (dir, folder) = folder_with_a_copy();
    let table = dir.path().join("tabell");
    std::fs::create_dir(&table).expect("folder");
    let csv = table.join("alla.csv");
    riskreg(&["import", arg(&folder), "-o", arg(&csv), "--keep-duplicates"]).expect_status(0);
    // Read back, the copy's registers are found again and set aside: exit 1.
    let (rows, run) = import(&[&table], &[]);
    assert_eq!(run.status(), 1, "{}", run.stderr());
    assert!(run.stderr().contains("2 kopior räknas inte"), "{}", run.stderr());
    let flagged = rows.iter().filter(|row| text(row, "flags").contains("duplicate_register")).count();
    assert_eq!((rows.len(), flagged), (216, 108));
}
