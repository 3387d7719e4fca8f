//! The command line (issue 15): everything that can be checked before reading is, with
//! exit status 2, one line on stderr and nothing written; standard output; CSV input
//! options; the catalogue as CSV; and a last line that says what was written.

use std::path::Path;

use crate::util::*;

/// Runs `args` in a fresh folder holding an input folder `in` with one register, and
/// checks that it is refused with status 2, one line naming `message`, and that the
/// folder holds nothing new.
fn refused(args: &[&str], message: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("in")).expect("folder");
    std::fs::copy(seed_002(), dir.path().join("in").join("VoR 2024.xlsx")).expect("register");
    std::fs::copy(seed_004(), dir.path().join("in").join("IKP 2022.csv")).expect("register");
    std::fs::create_dir(dir.path().join("tom")).expect("empty folder");
    let before = listing(dir.path());
    let run = riskreg_in(dir.path(), args).expect_status(2);
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("riskreg: error: ") && stderr.contains(message), "{args:?}: {stderr}");
    assert_eq!(listing(dir.path()), before, "{args:?} wrote something");
}

fn listing(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> =
        walkdir::WalkDir::new(dir).into_iter().flatten().map(|entry| entry.path().display().to_string()).collect();
    found.sort();
    found
}

#[test]
fn usage_errors_are_refused_before_reading_and_write_nothing() {
    refused(&["consolidate", "saknas", "-o", "k.xlsx"], "saknas: no such file or folder");
    refused(&["consolidate", "in", "saknas.xlsx", "-o", "k.xlsx"], "saknas.xlsx: no such file or folder");
    refused(&["consolidate", "tom", "-o", "k.xlsx"], "no register file found in tom");
    refused(
        &["consolidate", "in", "--district", "Hässelby-Vällinby", "-o", "k.xlsx"],
        "did you mean 'Hässelby-Vällingby'?",
    );
    refused(
        &["consolidate", "in", "--district", "Atlantis", "-o", "k.xlsx"],
        "--district 'Atlantis': no such district in districts.toml; the districts are Bromma, Enskede-Årsta-Vantör, \
         Farsta, Hägersten-Älvsjö, Hässelby-Vällingby, Järva, Kungsholmen, Norra innerstaden, Skarpnäck, Skärholmen, \
         Södermalm, Rinkeby-Kista, Spånga-Tensta, Norrmalm, Östermalm, Hägersten-Liljeholmen, Älvsjö, Rinkeby, Kista, \
         Hägersten, Liljeholmen, Enskede-Årsta, Vantör, Maria-Gamla stan, Katarina-Sofia",
    );
    // The whole text must name a district: a misspelling that contains a former
    // district's name is not taken for it.
    refused(
        &["consolidate", "in", "--district", "Hägerstn-Älvsjö", "-o", "k.xlsx"],
        "--district 'Hägerstn-Älvsjö': no such district in districts.toml; did you mean 'Hägersten-Älvsjö'?",
    );
    refused(&["consolidate", "in", "--district", "Farsta 2020", "-o", "k.xlsx"], "did you mean 'Farsta'?");
    refused(&["consolidate", "in", "--year", "20", "-o", "k.xlsx"], "--year 20: not a plausible register year");
    refused(&["consolidate", "in", "-o", "in/k.xlsx"], "it is inside the input folder");
    refused(&["consolidate", "in/VoR 2024.xlsx", "-o", "in/VoR 2024.xlsx"], "it is one of the input files");
    refused(&["consolidate", "in", "-o", "k.csv"], "cannot write k.csv: this command writes .xlsx");
    refused(&["import", "in", "-o", "p.csv", "--partition-by", "year"], "names a file; give a folder");
    refused(&["import", "in", "-o", "p", "--partition-by", "foo"], "no column named 'foo'");
    refused(&["import", "in", "-o", "-"], "-o - needs --format");
    refused(&["import", "in", "-o", "a.csv", "--format", "csv"], "--format is for -o -");
    refused(&["import", "in", "-o", ".", "--partition-by", "year", "--overwrite"], "holds files other than");
    refused(&["convert", "in", "in/VoR 2024.xlsx", "-o", "one.xlsx"], "use --out-dir DIR");
    refused(&["convert", "in", "--out-dir", "in/standard"], "it is inside the input folder");
}

#[test]
fn a_district_option_names_a_district_as_a_whole() {
    let (rows, _) = import(&[&seed_002()], &["--district", "hägersten-älvsjös stadsdelsnämnd"]);
    let districts: std::collections::BTreeSet<String> = rows.iter().map(|row| text(row, "district")).collect();
    assert_eq!(districts.into_iter().collect::<Vec<_>>(), ["Hägersten-Älvsjö"]);
    let (rows, _) = import(&[&seed_002()], &["--district", "ÄLVSJÖ"]);
    assert_eq!(
        (text(&rows[0], "district"), text(&rows[0], "district_current")),
        ("Älvsjö".into(), "Hägersten-Älvsjö".into())
    );
}

#[test]
fn outputs_a_command_cannot_write_are_refused_before_reading() {
    refused(&["themes", "-o", "teman.xlsx"], "cannot write teman.xlsx: this command writes .csv");
    refused(&["themes", "-o", "teman.json"], "cannot write teman.json: this command writes .csv");
    refused(&["themes", "--excel-csv"], "--excel-csv is for CSV output, and the catalogue printed is not CSV");
    refused(
        &["compare", "in", "--events", "-o", "h.xlsx"],
        "cannot write h.xlsx: this command writes .csv with --events",
    );
    refused(&["compare", "in", "-o", "h.parquet"], "cannot write h.parquet: this command writes .xlsx or .csv");
    refused(&["compare", "in", "-o", "j.xlsx", "--excel-csv"], "--excel-csv is for CSV output, and j.xlsx is not CSV");
    refused(
        &["import", "in", "-o", "a.parquet", "--excel-csv"],
        "--excel-csv is for CSV output, and a.parquet is not CSV",
    );
    refused(
        &["import", "in", "-o", "-", "--format", "ndjson", "--excel-csv"],
        "--excel-csv is for CSV output, and standard output in that --format is not CSV",
    );
    refused(&["import", "in", "-o", "p", "--partition-by", "year", "--excel-csv"], "and p is not CSV");
    refused(
        &["import", "in", "-o", "a.txt"],
        "cannot write a.txt: this command writes .parquet, .csv, .xlsx, .json or .ndjson",
    );
    refused(&["consolidate", "tom", "-o", "k.xlsx"], "and its own .parquet, .json and .ndjson)");
}

#[test]
fn the_frame_as_ndjson_has_one_record_a_line() {
    let (rows, _) = import(&[&seed_002()], &[]);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("alla.ndjson");
    riskreg(&["import", arg(&seed_002()), "-o", arg(&out)]).expect_status(0);
    let written = std::fs::read_to_string(&out).expect("ndjson");
    let parsed: Vec<Row> = written.lines().map(|line| serde_json::from_str(line).expect("record")).collect();
    assert_eq!(parsed.len(), 61);
    assert!(parsed == rows, "ndjson differs");
}

#[test]
fn options_a_command_does_not_use_are_not_offered() {
    for args in [
        vec!["themes", "--year", "2020"],
        vec!["consolidate", "fixtures/registers", "-o", "k.xlsx", "--excel-csv"],
        vec!["inspect", "fixtures/registers", "--append"],
    ] {
        let run = riskreg(&args).expect_status(2);
        assert!(run.stderr().contains("unexpected argument"), "{args:?}: {}", run.stderr());
    }
}

#[test]
fn the_frame_to_standard_output_parses_back() {
    let (rows, _) = import(&[Path::new("fixtures/registers")], &[]);
    let ndjson = riskreg(&["import", "fixtures/registers", "-o", "-", "--format", "ndjson"]).expect_status(0).stdout();
    let parsed: Vec<Row> = ndjson.lines().map(|line| serde_json::from_str(line).expect("record")).collect();
    assert!(parsed == rows, "ndjson differs");
    let json = riskreg(&["import", "fixtures/registers", "-o", "-", "--format", "json"]).expect_status(0).stdout();
    assert!(serde_json::from_str::<Vec<Row>>(&json).expect("array") == rows, "json differs");
    let csv = riskreg(&["import", "fixtures/registers", "-o", "-", "--format", "csv"]).expect_status(0).stdout();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let events: Vec<String> = reader.records().map(|record| record.expect("record")[9].to_string()).collect();
    assert_eq!(events, rows.iter().map(|row| text(row, "event")).collect::<Vec<_>>());
}

#[test]
fn csv_delimiter_and_encoding_can_be_set() {
    let dir = tempfile::tempdir().expect("tempdir");
    let register = "Farsta stadsdelsnämnd 2023\nNr|Oönskad händelse|Sannolikhet|Konsekvens\n1|Löneskulder uppstår för timanställda|3|4\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(register);
    let path = dir.path().join("risker.txt");
    std::fs::write(&path, bytes).expect("write");
    let (rows, _) = import(&[&path], &["--delimiter", "|", "--encoding", "windows-1252"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(text_of(&rows[0]), ("Löneskulder uppstår för timanställda".to_string(), Some(12)));
    let guessed = riskreg(&["import", arg(&path), "-o", arg(&dir.path().join("x.json"))]);
    assert_eq!(guessed.status(), 1, "without the delimiter no header is found: {}", guessed.stderr());
}

fn text_of(row: &Row) -> (String, Option<i64>) {
    (text(row, "event"), number(row, "risk_value"))
}

#[test]
fn the_theme_catalogue_as_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("teman.csv");
    let run = riskreg(&["themes", "-o", arg(&out)]).expect_status(0);
    assert!(run.stderr().contains("skrev"), "{}", run.stderr());
    let listed = riskreg(&["themes"]).stdout();
    let themes: usize =
        listed.lines().last().and_then(|line| line.split(' ').next()).and_then(|n| n.parse().ok()).expect("count");
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    let records: Vec<csv::StringRecord> = reader.records().map(|record| record.expect("record")).collect();
    let mut ids: Vec<&str> = records.iter().map(|record| &record[0]).collect();
    ids.dedup();
    assert_eq!(ids.len(), themes);
    assert!(records.iter().any(|record| &record[0] == "loneskulder" && &record[3] == "false"));
}

#[test]
fn the_last_line_says_what_was_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("riskreg.xlsx");
    let run = riskreg(&["consolidate", "fixtures/registers", "-o", arg(&out)]).expect_status(0);
    let last = run.stderr().lines().last().expect("a line").to_string();
    assert_eq!(
        last,
        format!(
            "riskreg: skrev {}: 233 risker, 54 planrader, 53 åtgärder; 33 rader flaggade — se Datakvalitet",
            out.display()
        )
    );
    let quiet = riskreg(&["consolidate", "fixtures/registers", "-o", arg(&out), "--quiet"]).expect_status(0);
    assert_eq!(quiet.stderr(), "");
}

#[test]
fn the_cell_budget_holds_for_xls_and_csv_too() {
    // The rows before the budget ran out are kept; the file is reported, exit 1.
    for (input, kept, all) in [(seed_000(), 9, 46), (seed_004(), 6, 28)] {
        let (rows, run) = import(&[&input], &["--max-cells", "60"]);
        assert_eq!(run.status(), 1, "{}", run.stderr());
        assert!(
            run.stderr()
                .contains("more than 60 cells with content; reading stopped there (raise the budget with --max-cells)"),
            "{}",
            run.stderr()
        );
        assert_eq!(rows.len(), kept, "{}", input.display());
        assert_eq!(import(&[&input], &[]).0.len(), all);
    }
}

#[test]
fn standard_output_closed_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    for format in ["ndjson", "csv", "json"] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("riskreg"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["import", "fixtures/registers", "-o", "-", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
        assert!(!first.is_empty());
        // The reader is gone, as after `| head -1`.
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!((output.status.code(), stderr.as_ref()), (Some(0), ""), "{format}");
    }
}
