//! `riskreg import`: every fixture layout into the canonical frame (issue #3).

use std::collections::BTreeMap;

use crate::util::*;

fn count_by(rows: &[&Row], field: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for row in rows {
        *counts.entry(text(row, field)).or_default() += 1;
    }
    counts
}

fn risk<'r>(rows: &[&'r Row], number: i64) -> &'r Row {
    rows.iter().find(|row| number_of(row) == Some(number)).unwrap_or_else(|| panic!("risk {number}"))
}

fn number_of(row: &Row) -> Option<i64> {
    number(row, "risk_no")
}

#[test]
fn seed_003_vor_with_title_rows_merged_cells_and_repeated_headers() {
    let (rows, run) = import(&[&seed_003()], &[]);
    run.expect_status(0);
    let vor = with(&rows, "kind", "vor");
    assert_eq!(vor.len(), 91);
    assert_eq!(
        count_by(&vor, "level"),
        BTreeMap::from([("Kritisk".into(), 7), ("Låg".into(), 3), ("Medium".into(), 81)])
    );
    let loneskuld = risk(&vor, 79);
    assert_eq!(
        (number(loneskuld, "probability"), number(loneskuld, "consequence"), number(loneskuld, "risk_value")),
        (Some(3), Some(4), Some(12))
    );
    assert_eq!(text(loneskuld, "event"), "Fel på löneutbetalning. Löneskuld, sent eller felaktigt utbetald lön.");
    assert_eq!(text(loneskuld, "process"), "Lönehantering");
    assert_eq!(text(loneskuld, "goal_id"), "3.2");
    for row in &vor {
        assert_eq!(
            (text(row, "district"), text(row, "district_current"), number(row, "year")),
            ("Hägersten-Liljeholmen".into(), "Hägersten-Älvsjö".into(), Some(2020))
        );
    }
    let mut in_plan: Vec<i64> =
        vor.iter().filter(|row| row["in_ikp"] == true).filter_map(|row| number_of(row)).collect();
    in_plan.sort_unstable();
    assert_eq!(in_plan, [2, 13, 15, 22, 23, 24, 31, 32, 50, 53, 55, 57, 79, 83, 84, 85]);
}

#[test]
fn seed_003_carries_goal_process_and_method_down() {
    let (rows, _) = import(&[&seed_003()], &[]);
    let vor = with(&rows, "kind", "vor");
    let first = risk(&vor, 1);
    assert_eq!(
        text(first, "goal"),
        "I Stockholm är människor självförsörjande och vägen till arbete och svenskunskaper är kort"
    );
    // Risk 6: a blank process under a merged one, its own arbetssätt; risk 7 comes after a
    // repeated header, with goal, process and arbetssätt all blank.
    for number in [6, 7] {
        let row = risk(&vor, number);
        assert_eq!(text(row, "goal_id"), "1.2", "risk {number}");
        assert_eq!(text(row, "process"), "Drift och underhåll av stadsdelsområdets parker", "risk {number}");
        assert_eq!(text(row, "method"), "Löpande underhåll i parker", "risk {number}");
    }
    // A new process with a blank arbetssätt does not inherit the old one.
    assert_eq!(text(risk(&vor, 8), "process"), "Krisledning");
    assert_eq!(text(risk(&vor, 8), "method"), "Ta fram, underhålla och informera om förvaltningens krisledningsplan");
}

#[test]
fn seed_003_plan_and_its_consistency_with_the_vor() {
    let (rows, _) = import(&[&seed_003()], &[]);
    let plan = with(&rows, "kind", "ikp");
    assert_eq!(plan.len(), 17);
    assert!(plan.iter().all(|row| row["in_ikp"] == true));
    let losam = plan
        .iter()
        .find(|row| text(row, "event").starts_with("Samverkan med hälso- och sjukvården"))
        .expect("LOSAM row");
    assert_eq!(number(losam, "risk_value"), Some(16));
    assert_eq!(text(losam, "goal_id"), "1.2");
    assert_eq!(text(losam, "process"), "Social prevention");
    assert_eq!(text(losam, "control"), "Avstämning och utvärdering.");
    // The plan names "Förvaltningen kan inte hålla förskolegarantin", which the VoR marks
    // "Nej, endast VoR" twice (risks 65 and 66): both are flagged, nothing else is.
    let inconsistent: Vec<String> = rows
        .iter()
        .filter(|row| text(row, "flags").contains("ikp_inconsistent"))
        .map(|row| format!("{} {}", text(row, "kind"), text(row, "risk_no")))
        .collect();
    assert_eq!(inconsistent, ["vor 65", "vor 66"]);
}

#[test]
fn seed_000_legacy_xls_follow_up() {
    let (rows, run) = import(&[&seed_000()], &[]);
    run.expect_status(0);
    assert_eq!(rows.len(), 46);
    let refs: Vec<&Row> = rows.iter().collect();
    assert_eq!(count_by(&refs, "kind"), BTreeMap::from([("uppfoljning".into(), 46)]));
    assert_eq!(count_by(&refs, "status"), BTreeMap::from([("avslutad".into(), 43), ("forsenad".into(), 3)]));
    assert!(rows
        .iter()
        .all(|row| text(row, "district") == "Hägersten-Liljeholmen"
            && text(row, "district_current") == "Hägersten-Älvsjö"));
    assert!(rows.iter().all(|row| number(row, "year") == Some(2018)));
    let first = &rows[0];
    assert_eq!(text(first, "event"), "Missnöjda vårdnadshavare");
    assert_eq!((text(first, "start_date"), text(first, "end_date")), ("2016-01-01".into(), "2016-11-15".into()));
    // Text dates, one ISO and one in Swedish words.
    let newcomers = rows
        .iter()
        .find(|row| text(row, "measure") == "Individuella insatser för nyanlända barnfamiljer.")
        .expect("row 12");
    assert_eq!(
        (text(newcomers, "start_date"), text(newcomers, "end_date")),
        ("2018-03-28".into(), "2018-12-31".into())
    );
    assert_eq!(number(newcomers, "source_row"), Some(12));
    // A second measure under one event carries the control and the event down.
    let second = rows.iter().find(|row| number(row, "source_row") == Some(21)).expect("row 21");
    assert_eq!(
        text(second, "event"),
        "Att riktlinjer och rutiner inte följs. Frånvaro som innebär att beslut inte fattas i tid."
    );
    assert_eq!(
        text(second, "control"),
        "Ärendegenomgång, egenkontroll och individuppföljning vid beställarenheten äldre."
    );
    assert_eq!(text(second, "status"), "forsenad");
}

#[test]
fn seed_004_windows_1252_csv_with_goal_and_process_headings() {
    let (rows, run) = import(&[&seed_004()], &[]);
    run.expect_status(0);
    assert_eq!(rows.len(), 28);
    assert!(rows.iter().all(|row| text(row, "kind") == "ikp"
        && text(row, "district") == "Rinkeby-Kista"
        && text(row, "district_current") == "Järva"));
    assert!(rows.iter().all(|row| number(row, "year") == Some(2022)));
    let first = &rows[0];
    assert_eq!(text(first, "goal_id"), "1.1");
    assert_eq!(text(first, "process"), "Handläggning av ekonomiskt bistånd");
    assert_eq!(text(first, "method"), "Upprätta förändringsplaner");
    assert!(text(first, "analysis").starts_with("Ett fortsatt fokusområde är att hålla förändringsplaner aktuella"));
    let processes: Vec<String> = {
        let mut seen: Vec<String> = Vec::new();
        for row in &rows {
            let process = text(row, "process");
            if seen.last() != Some(&process) {
                seen.push(process);
            }
        }
        seen
    };
    // 14 "Process:" headings, two of them in a row for the same process.
    assert_eq!(processes.len(), 13, "{processes:?}");
    assert!(rows.iter().any(|row| text(row, "process") == "Inköp och avtalstrohet" && text(row, "goal_id") == "3.2"));
}

#[test]
fn seed_002_columns_in_another_order_and_values_in_three_forms() {
    let (rows, run) = import(&[&seed_002()], &[]);
    run.expect_status(0);
    let vor = with(&rows, "kind", "vor");
    assert_eq!(vor.len(), 52);
    assert_eq!(count_by(&vor, "level"), BTreeMap::from([("Kritisk".into(), 8), ("Medium".into(), 44)]));
    let salary = risk(&vor, 48);
    assert_eq!(text(salary, "event"), "Löneskulder uppstår");
    assert_eq!(
        (number(salary, "probability"), number(salary, "consequence"), number(salary, "risk_value")),
        (Some(3), Some(3), Some(9))
    );
    // Nr ≤ 20 are numbers, 21–40 labels ("Mycket allvarlig"), over 40 "4. Sannolikt".
    assert_eq!((number(risk(&vor, 13), "probability"), number(risk(&vor, 13), "consequence")), (Some(4), Some(3)));
    assert_eq!((number(risk(&vor, 29), "probability"), number(risk(&vor, 29), "consequence")), (Some(2), Some(5)));
    assert_eq!(text(risk(&vor, 6), "goal_id"), "3.5");
    let mut in_plan: Vec<i64> =
        vor.iter().filter(|row| row["in_ikp"] == true).filter_map(|row| number_of(row)).collect();
    in_plan.sort_unstable();
    assert_eq!(in_plan, [6, 10, 13, 20, 30, 33, 34, 36, 39]);
    assert_eq!(with(&rows, "kind", "ikp").len(), 9);
    assert!(rows
        .iter()
        .all(|row| text(row, "district_current") == "Enskede-Årsta-Vantör" && number(row, "year") == Some(2024)));
    assert!(rows.iter().all(|row| text(row, "flags").is_empty()), "the seed's VoR and plan agree");
}

#[test]
fn second_year_ods_with_labels_only_and_a_wrong_rv() {
    let (rows, _) = import(&[&second_year()], &[]);
    let vor = with(&rows, "kind", "vor");
    assert_eq!(vor.len(), 90);
    assert!(vor.iter().all(|row| text(row, "district") == "Hägersten-Älvsjö" && number(row, "year") == Some(2021)));
    assert_eq!(
        count_by(&vor, "level"),
        BTreeMap::from([("Kritisk".into(), 9), ("Låg".into(), 1), ("Medium".into(), 80)])
    );
    let wrong = risk(&vor, 45);
    assert_eq!(
        (number(wrong, "probability"), number(wrong, "consequence"), number(wrong, "risk_value")),
        (Some(2), Some(4), Some(6))
    );
    assert_eq!(text(wrong, "flags"), "rv_mismatch");
    for number_ in [90, 91] {
        assert_eq!(number(risk(&vor, number_), "risk_value"), Some(9));
        assert_eq!(text(risk(&vor, number_), "flags"), "rv_computed");
    }
    assert_eq!(vor.iter().filter(|row| row["in_ikp"] == true).count(), 19);
}

#[test]
fn seed_001_district_from_the_folder_and_the_first_year_of_the_title() {
    let (rows, _) = import(&[&seed_001()], &[]);
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|row| text(row, "district") == "Spånga-Tensta"
        && text(row, "district_current") == "Järva"
        && number(row, "year") == Some(2013)));
    let refs: Vec<&Row> = rows.iter().collect();
    assert_eq!(
        count_by(&refs, "status"),
        BTreeMap::from([("avslutad".into(), 1), ("ej_paborjad".into(), 1), ("pagaende".into(), 5)])
    );
}

#[test]
fn options_override_detection() {
    let (rows, _) = import(&[&seed_001()], &["--district", "Rinkeby-Kista stadsdelsförvaltning", "--year", "2014"]);
    assert!(rows.iter().all(|row| text(row, "district") == "Rinkeby-Kista"
        && text(row, "district_current") == "Järva"
        && number(row, "year") == Some(2014)));
}

#[test]
fn every_output_format_holds_the_same_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = register("");
    for name in ["alla.csv", "alla.parquet", "alla.xlsx"] {
        riskreg(&["import", arg(&folder), "-o", arg(&dir.path().join(name))]).expect_status(0);
    }
    let csv = std::fs::read_to_string(dir.path().join("alla.csv")).expect("csv");
    assert!(csv.starts_with("district,district_current,year,kind,goal_id,"));
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), 340);
    let parquet = std::fs::File::open(dir.path().join("alla.parquet")).expect("parquet");
    use polars::prelude::SerReader;
    let frame = polars::prelude::ParquetReader::new(parquet).finish().expect("read parquet");
    let names: Vec<&str> = frame.get_column_names().iter().map(|name| name.as_str()).collect();
    let schema: Vec<&str> = riskreg::schema::COLUMNS.iter().map(|info| info.name).collect();
    assert_eq!((frame.height(), names), (340, schema));
    let workbook = sheet(&dir.path().join("alla.xlsx"), "riskreg");
    assert_eq!(workbook.height(), 341);
    assert_eq!(cell(&workbook, 0, 0), "district");
    let (json, _) = import(&[&folder], &[]);
    assert_eq!(json.len(), 340);
}

#[test]
fn excel_csv_has_a_bom_and_semicolons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("excel.csv");
    riskreg(&["import", arg(&seed_001()), "-o", arg(&out), "--excel-csv"]).expect_status(0);
    let bytes = std::fs::read(&out).expect("csv");
    assert!(bytes.starts_with("\u{feff}district;district_current;year;".as_bytes()));
}

#[test]
fn partitioned_parquet_reads_back_as_the_same_frame() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().expect("tempdir");
    let whole = dir.path().join("alla.parquet");
    let parts = dir.path().join("tabell");
    riskreg(&["import", arg(&register("")), "-o", arg(&whole)]).expect_status(0);
    riskreg(&["import", arg(&register("")), "-o", arg(&parts), "--partition-by", "district_current,year"])
        .expect_status(0);
    let mut files: Vec<_> = walkdir::WalkDir::new(&parts)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    // Beside the partitions, the list of the inputs whose rows are there.
    assert_eq!(files.remove(0), parts.join("_riskreg.json"));
    let relative: Vec<String> =
        files.iter().map(|path| path.strip_prefix(&parts).expect("under").display().to_string()).collect();
    // One part file per partition, named after the run's inputs.
    let part = files[0].file_name().expect("name").to_string_lossy().into_owned();
    assert!(part.starts_with("part-") && part.len() == "part-0123456789abcdef.parquet".len(), "{part}");
    assert_eq!(
        relative,
        [
            "district_current=Enskede-Årsta-Vantör/year=2024",
            "district_current=Hägersten-Älvsjö/year=2018",
            "district_current=Hägersten-Älvsjö/year=2020",
            "district_current=Hägersten-Älvsjö/year=2021",
            "district_current=Järva/year=2013",
            "district_current=Järva/year=2022",
        ]
        .map(|folder| format!("{folder}/{part}"))
    );
    // Read each part as a hive reader does: the partition values come from the path.
    let mut frames = Vec::new();
    for path in &files {
        let mut frame = ParquetReader::new(std::fs::File::open(path).expect("part")).finish().expect("read part");
        let folders: Vec<String> = path
            .parent()
            .expect("folder")
            .iter()
            .rev()
            .take(2)
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        let year: i32 = folders[0].trim_start_matches("year=").parse().expect("year");
        let district = folders[1].trim_start_matches("district_current=").to_string();
        let height = frame.height();
        frame.with_column(Column::new("district_current".into(), vec![district; height])).expect("district");
        frame.with_column(Column::new("year".into(), vec![year; height])).expect("year");
        frames.push(frame);
    }
    let names: Vec<String> = riskreg::schema::COLUMNS.iter().map(|info| info.name.to_string()).collect();
    let mut joined = frames.remove(0).select(names.clone()).expect("select");
    for frame in frames {
        joined.vstack_mut(&frame.select(names.clone()).expect("select")).expect("stack");
    }
    let original = ParquetReader::new(std::fs::File::open(&whole).expect("whole")).finish().expect("read whole");
    assert!(joined.equals_missing(&original), "partitioned {joined:?}\nwhole {original:?}");
}
