//! Layouts of other districts, years and boards (issue 13): headers over two or three
//! rows, merges in every column and format, section rows, carry-down past a change,
//! seed 001 in its own words, sparse headers, compound risk cells, two headings for one
//! field, a VoR without its event column, columns outside the schema.
//!
//! The registers in `fixtures/layouts/` and their right values (`expected.json`) were
//! laid out from the seeds and DESIGN §1–2 by someone who had not read riskreg's code
//! (`fixtures/layouts.py`); the cases in `fixtures/cases/` come from trying riskreg as a
//! new user would.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::*;

fn layout(name: &str) -> PathBuf {
    fixtures().join("layouts").join(name)
}

fn case(name: &str) -> PathBuf {
    fixtures().join("cases").join(name)
}

/// The rows of one file read alone.
fn rows_of(path: &Path) -> Vec<Row> {
    import(&[path], &[]).0
}

/// A row by its Nr.
fn nr(rows: &[Row], wanted: i64) -> &Row {
    rows.iter().find(|row| number(row, "risk_no") == Some(wanted)).unwrap_or_else(|| panic!("no Nr {wanted}"))
}

/// A row by the start of its event.
fn event<'r>(rows: &'r [Row], start: &str) -> &'r Row {
    rows.iter().find(|row| text(row, "event").starts_with(start)).unwrap_or_else(|| panic!("no event {start}"))
}

fn flags(row: &Row) -> Vec<String> {
    let mut flags: Vec<String> =
        text(row, "flags").split(';').filter(|flag| !flag.is_empty()).map(str::to_string).collect();
    flags.sort();
    flags
}

/// Every file of `fixtures/layouts/` gives the rows `expected.json` states: per sheet the
/// kind, district, year, the register rows and every field of each, and the rows read
/// and skipped by reason.
#[test]
fn every_layout_reads_as_its_expectation_states() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(layout("expected.json")).expect("expected.json")).expect("JSON");
    let fields: Vec<&str> = expected["fields"].as_array().expect("fields").iter().filter_map(Value::as_str).collect();
    let files = expected["files"].as_array().expect("files");
    assert_eq!(files.len(), 28);
    for file in files {
        let name = file["file"].as_str().expect("file");
        let (rows, run) = import(&[&layout(name)], &[]);
        let inspect: Value =
            serde_json::from_str(&riskreg(&["inspect", "--json", arg(&layout(name))]).stdout()).expect("inspect JSON");
        for sheet in file["sheets"].as_array().expect("sheets") {
            let sheet_name = sheet["sheet"].as_str().expect("sheet");
            let got: Vec<&Row> = rows.iter().filter(|row| text(row, "source_sheet") == sheet_name).collect();
            let context = format!("{name} sheet '{sheet_name}'\n{}", run.stderr());
            assert_eq!(got.len() as u64, sheet["register_rows"].as_u64().expect("rows"), "{context}");
            for (field, key) in [("kind", "kind"), ("district", "district"), ("district_current", "district_current")] {
                assert!(got.iter().all(|row| row[field] == sheet[key]), "{context}: {field}");
            }
            assert!(got.iter().all(|row| row["year"] == sheet["year"]), "{context}: year");
            let report = inspect["files"][0]["sheets"]
                .as_array()
                .expect("sheets")
                .iter()
                .find(|report| report["sheet"] == sheet["sheet"])
                .expect("sheet report");
            assert_eq!(report["accounting"]["read"], sheet["rows_read"], "{context}");
            assert_eq!(report["accounting"]["skipped"], sheet["skipped_by_reason"], "{context}");
            let unasserted: Vec<&str> = sheet["unasserted_fields"]
                .as_object()
                .map(|fields| fields.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for want in sheet["rows"].as_array().expect("rows") {
                let source_row = want["source_line"].as_u64().or(want["source_row"].as_u64()).expect("source row");
                let row = got
                    .iter()
                    .find(|row| row["source_row"].as_u64() == Some(source_row))
                    .unwrap_or_else(|| panic!("{context}: row {source_row} missing"));
                for field in fields.iter().filter(|field| !unasserted.contains(field)) {
                    let actual = match *field {
                        "flags" => Value::from(flags(row)),
                        "extra" => row["extra"].as_str().map_or(Value::Object(Default::default()), |json| {
                            serde_json::from_str(json).expect("extra is JSON")
                        }),
                        _ => row[*field].clone(),
                    };
                    let mut wanted = want[*field].clone();
                    if *field == "flags" {
                        let mut sorted: Vec<String> = wanted
                            .as_array()
                            .expect("flags")
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect();
                        sorted.sort();
                        wanted = Value::from(sorted);
                    }
                    assert_eq!(actual, wanted, "{context}: row {source_row}, {field}");
                }
            }
        }
    }
}

/// The case of issue 13: "Riskbedömning" merged over S, K and RV, the other labels merged
/// down over both header rows.
#[test]
fn a_header_over_two_rows_keeps_every_column() {
    let path = case("vor-farsta-2024-tvaradig-rubrik.xlsx");
    let rows = rows_of(&path);
    assert_eq!(rows.len(), 6);
    let numbers: Vec<i64> = rows.iter().filter_map(|row| number(row, "risk_no")).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
    assert_eq!(rows.iter().filter_map(|row| number(row, "risk_value")).sum::<i64>(), 48);
    let levels = rows.iter().fold(BTreeMap::new(), |mut levels, row| {
        *levels.entry(text(row, "level")).or_insert(0) += 1;
        levels
    });
    assert_eq!(levels, BTreeMap::from([("Kritisk".into(), 2), ("Låg".into(), 1), ("Medium".into(), 3)]));
    assert_eq!(rows.iter().filter(|row| row["in_ikp"] == true).count(), 3);
    let first = nr(&rows, 1);
    assert_eq!(
        [
            text(first, "district"),
            number(first, "year").map(|year| year.to_string()).unwrap_or_default(),
            text(first, "goal_id"),
            text(first, "goal"),
            text(first, "process"),
            text(first, "method"),
            text(first, "event"),
        ],
        [
            "Farsta",
            "2024",
            "3.1",
            "Stockholms stad har en god och långsiktigt hållbar ekonomi",
            "Ekonomi",
            "Budgetuppföljning",
            "Prognosen för helåret är missvisande och underskott upptäcks sent",
        ]
    );
    assert_eq!(
        (number(first, "probability"), number(first, "consequence"), number(first, "risk_value")),
        (Some(3), Some(4), Some(12))
    );
    assert_eq!(first["in_ikp"], true);
    let third = nr(&rows, 3);
    assert_eq!((text(third, "process"), text(third, "method")), ("Inköp".into(), "Direktupphandling".into()));
    assert_eq!(
        (number(third, "probability"), number(third, "consequence"), number(third, "risk_value")),
        (Some(4), Some(3), Some(12))
    );
    assert_eq!(third["in_ikp"], true);
    let sixth = nr(&rows, 6);
    assert_eq!(
        (text(sixth, "goal_id"), text(sixth, "process"), text(sixth, "event"), text(sixth, "level")),
        ("1.2".into(), "Arbetsmiljö".into(), "Medarbetare utsätts för hot och våld vid hembesök".into(), "Låg".into())
    );
    assert_eq!(
        (number(sixth, "probability"), number(sixth, "consequence"), number(sixth, "risk_value")),
        (Some(1), Some(3), Some(3))
    );
    assert_eq!(sixth["in_ikp"], false);
    assert!(rows.iter().all(|row| text(row, "flags").is_empty()));
    // inspect shows both header rows and the columns that decided the kind.
    let report: Value =
        serde_json::from_str(&riskreg(&["inspect", "--json", arg(&path)]).expect_status(0).stdout()).unwrap();
    let sheet = &report["files"][0]["sheets"][0]["tables"][0];
    assert_eq!(sheet["header_rows"], serde_json::json!([3, 4]));
    assert_eq!(
        sheet["kind_from"],
        serde_json::json!({"from": "columns", "fields": ["probability", "consequence", "in_ikp"]})
    );
    let text_report = riskreg(&["inspect", arg(&path)]).stdout();
    assert!(text_report.contains("header at rows 3–4"), "{text_report}");
    assert!(text_report.contains("kind      from the columns probability, consequence, in_ikp"), "{text_report}");
}

/// The case of issue 13: Status and Analys merged over the two measures of one event.
#[test]
fn a_merged_status_and_analysis_hold_for_the_second_measure() {
    let rows = rows_of(&case("uppfoljning-farsta-2020-sammanslagen-analys.xlsx"));
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|row| text(row, "kind") == "uppfoljning" && text(row, "district") == "Farsta"));
    let second =
        rows.iter().find(|row| text(row, "measure") == "Utbildning i attestregler för nya chefer").expect("measure");
    assert_eq!(
        [text(second, "status"), text(second, "start_date"), text(second, "end_date"), text(second, "analysis")],
        [
            "avslutad",
            "2020-02-01",
            "2020-12-31",
            "Attesträtterna är genomgångna och utbildningen genomförd för samtliga nya chefer."
        ]
    );
    assert_eq!(text(second, "flags"), "");
}

/// An IKP "Ja" merged over two risks counts both in the plan, in xlsx, xls and ods.
#[test]
fn a_merged_ikp_mark_holds_in_every_format() {
    for name in [
        "vor-sodermalm-2024-sammanslagen-ikp.xlsx",
        "vor-bromma-2024-sammanslagen-ikp.xls",
        "vor-kungsholmen-2024-sammanslagen-ikp.ods",
    ] {
        let rows = rows_of(&layout(name));
        let planned: Vec<i64> =
            rows.iter().filter(|row| row["in_ikp"] == true).filter_map(|row| number(row, "risk_no")).collect();
        assert!(planned.len() >= 2, "{name}: {planned:?}");
        assert!(planned.windows(2).any(|pair| pair[1] == pair[0] + 1), "{name}: the merged pair {planned:?}");
    }
}

/// A kontrollaktivitet merged over two plan rows gives the second row the same activity.
#[test]
fn a_merged_control_activity_holds_for_the_second_plan_row() {
    for name in [
        "ikp-bromma-2023-sammanslagen-kontrollaktivitet.xlsx",
        "ikp-kungsholmen-2023-sammanslagen-kontrollaktivitet.xls",
        "ikp-hasselby-vallingby-2024-sammanslagen-kontrollaktivitet.ods",
    ] {
        let rows = rows_of(&layout(name));
        assert!(rows.iter().all(|row| !text(row, "control_activity").is_empty()), "{name}");
        let shared = rows
            .windows(2)
            .filter(|pair| text(&pair[0], "control_activity") == text(&pair[1], "control_activity"))
            .count();
        assert!(shared >= 1, "{name}");
    }
}

/// Labels merged across a plan and prose rows are sections, never register rows.
#[test]
fn section_rows_are_skipped_not_kept() {
    let rows = rows_of(&layout("ikp-sodermalm-2021-avsnittsrader.ods"));
    assert_eq!(rows.len(), 9);
    for label in ["Åtgärder", "Kommungemensamma granskningar", "Återrapportering sker", "Granskningarna samordnas"] {
        assert!(
            rows.iter().all(|row| !text(row, "event").starts_with(label) && !text(row, "process").starts_with(label)),
            "{label}"
        );
    }
}

/// A blank systematisk kontroll beside a new event to its left stays empty; the blank
/// process beside it carries.
#[test]
fn carry_down_stops_at_a_change_to_the_left() {
    let rows = rows_of(&layout("ikp-farsta-2021-kontroll-efter-handelse.csv"));
    let second = event(&rows, "Kärnuppdraget att ge råd och stöd");
    assert_eq!((text(second, "process"), text(second, "control")), ("Social prevention".into(), String::new()));
}

/// Seed 001 kept under its own words: Nr | Område | Iakttagelse | Åtgärd | Resultat.
#[test]
fn seed_001_in_its_own_words() {
    for name in
        ["granskning-handlingsplaner-2013-egna-rubriker.xlsx", "uppfoljning-handlingsplaner-spanga-tensta-2013.csv"]
    {
        let rows = rows_of(&layout(name));
        assert_eq!(rows.len(), 7, "{name}");
        assert!(rows.iter().all(|row| text(row, "kind") == "uppfoljning" && text(row, "district") == "Spånga-Tensta"));
        let first = nr(&rows, 1);
        assert_eq!(text(first, "process"), "Säkerställa att aktuella arbetsplaner finns i alla ärenden.");
        assert!(text(first, "event").starts_with("Vid granskningen framkom att flera ärenden saknade en arbetsplan"));
        assert!(text(first, "measure").starts_with("Närmsta arbetsledare är ansvarig"));
        assert!(text(first, "analysis").starts_with("Granskningen visar att av ett urval på 73 klienter"));
        assert_eq!(text(nr(&rows, 2), "process"), "Hantering av skyddade personuppgifter");
    }
}

/// Compound risk cells give S, K and RV; a contradiction is flagged, an unreadable cell
/// flagged on its row and listed whole.
#[test]
fn compound_risk_cells() {
    let path = layout("vor-jarva-2024-stratsys-riskvarde.xlsx");
    let rows = rows_of(&path);
    let triple = |row: &Row| (number(row, "probability"), number(row, "consequence"), number(row, "risk_value"));
    let stratsys =
        rows.iter().find(|row| triple(row) == (Some(2), Some(3), Some(6))).expect("6 (Sannolikhet: 2, Konsekvens: 3)");
    assert_eq!((text(stratsys, "level"), flags(stratsys)), ("Medium".into(), Vec::<String>::new()));
    let contradiction = rows.iter().find(|row| triple(row) == (Some(3), Some(4), Some(10))).expect("10 (…: 3, …: 4)");
    assert_eq!(flags(contradiction), ["rv_mismatch"]);
    let unreadable = rows.iter().find(|row| flags(row).contains(&"risk_value_invalid".to_string())).expect("Hög");
    assert_eq!((triple(unreadable), text(unreadable, "level")), ((None, None, None), String::new()));
    let out = tempfile::tempdir().unwrap();
    let workbook = out.path().join("riskreg.xlsx");
    riskreg(&["consolidate", arg(&path), "-o", arg(&workbook)]).expect_status(0);
    let quality = sheet(&workbook, "Datakvalitet");
    assert!(find_row(&quality, 4, "Hög").is_some(), "the unreadable value listed whole");
}

/// "Processområde | Process": the real process is in "Process"; the other column is kept
/// as an extra.
#[test]
fn the_more_specific_heading_wins() {
    let rows = rows_of(&layout("vor-norra-innerstaden-2024-processomrade-och-process.xlsx"));
    let extra: Value = serde_json::from_str(&text(&rows[0], "extra")).expect("extra");
    assert!(extra.get("Processområde").is_some(), "{extra}");
    assert!(rows.iter().all(|row| !text(row, "process").is_empty() && text(row, "process") != extra["Processområde"]));
}

/// A VoR without its event column: every row flagged, a warning, exit 1.
#[test]
fn a_vor_without_an_event_column_needs_attention() {
    let path = layout("vor-skarholmen-2021-utan-handelse.ods");
    let (rows, run) = import(&[&path], &[]);
    assert_eq!(run.status(), 1);
    assert!(!rows.is_empty() && rows.iter().all(|row| flags(row).contains(&"event_missing".to_string())));
    let report = riskreg(&["inspect", arg(&path)]).stdout();
    assert!(report.contains("no column for the oönskad händelse"), "{report}");
}

/// Ansvarig, Frekvens and Rapporteras till have columns of their own; every other cell
/// of the table is kept in `extra`.
#[test]
fn columns_outside_the_schema_are_kept() {
    let rows = rows_of(&layout("ikp-rinkeby-kista-2021-extra-kolumner.xlsx"));
    let first = &rows[0];
    assert!(!text(first, "responsible").is_empty() && !text(first, "frequency").is_empty());
    assert!(!text(first, "reported_to").is_empty());
    let extra: Value = serde_json::from_str(&text(first, "extra")).expect("extra");
    assert!(extra.get("Kontrollansvarig enhet").is_some() && extra.get("Kommentar").is_some(), "{extra}");
}

/// Sparse headers of other boards are read; a board that is not a district is read with
/// its district empty and flagged.
#[test]
fn sparse_headers_of_other_boards() {
    let plan = rows_of(&layout("internkontrollplan-socialnamnden-2021-risk-granskning.xlsx"));
    assert!(plan.iter().all(|row| text(row, "kind") == "ikp" && text(row, "district").is_empty()));
    assert!(plan.iter().all(|row| flags(row).contains(&"district_unknown".to_string())));
    let listed = rows_of(&layout("internkontrollplan-2019-risk-sida.xlsx"));
    assert!(listed.iter().all(|row| text(row, "kind") == "ikp"));
    let follow_up = rows_of(&layout("uppfoljning-norrmalm-2022-risk-atgard.xls"));
    assert!(follow_up.iter().all(|row| text(row, "kind") == "uppfoljning" && !text(row, "measure").is_empty()));
}
