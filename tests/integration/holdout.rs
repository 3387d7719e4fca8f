//! Registers riskreg had never seen when the layouts of issue 13 were done: built from
//! the seeds by someone who had not read riskreg's code, their right values written down
//! before riskreg ran on them (`fixtures/holdout/README.md`). Each test is one kind of
//! layout the first pass got wrong.

use std::path::PathBuf;

use crate::util::*;

fn holdout(name: &str) -> PathBuf {
    fixtures().join("holdout").join(name)
}

fn rows_of(name: &str) -> Vec<Row> {
    let (rows, run) = import(&[&holdout(name)], &[]);
    run.expect_status(0);
    rows
}

fn by_event<'r>(rows: &'r [Row], words: &str) -> &'r Row {
    rows.iter().find(|row| text(row, "event").contains(words)).unwrap_or_else(|| panic!("no event with '{words}'"))
}

fn risk_numbers(row: &Row) -> (Option<i64>, Option<i64>, Option<i64>) {
    (number(row, "probability"), number(row, "consequence"), number(row, "risk_value"))
}

/// Seed 004's plan: a goal heading merged across the table above the header, a
/// "Process:" row and a repeated header per goal block.
#[test]
fn goal_headings_above_and_between_repeated_headers_head_their_rows() {
    let rows = rows_of("F04_Uppföljning internkontrollplan.xlsx");
    assert_eq!(rows.len(), 4);
    let goals: Vec<String> = rows.iter().map(|row| text(row, "goal_id")).collect();
    assert_eq!(goals, ["1.1", "1.2", "1.2", "1.3"]);
    let first = by_event(&rows, "Förändringsplaner saknas");
    assert_eq!(text(first, "process"), "Handläggning av ekonomiskt bistånd");
    assert_eq!(text(first, "method"), "Upprätta förändringsplaner");
    let last = by_event(&rows, "Orosanmälningar görs inte");
    assert_eq!(text(last, "process"), "Orosanmälan till socialtjänsten");
    let report = riskreg(&["inspect", "--json", arg(&holdout("F04_Uppföljning internkontrollplan.xlsx"))]).stdout();
    let report: serde_json::Value = serde_json::from_str(&report).expect("inspect JSON");
    assert_eq!(report["files"][0]["sheets"][0]["accounting"]["skipped"]["section"], 6);
}

/// An .xls plan with its goal heading above the header and a "Process:" row below: the
/// next goal's rows do not keep the process of the goal before.
#[test]
fn a_goal_heading_above_the_header_and_a_process_row_below_it() {
    let rows = rows_of("F25_IKP HV 2019.xls");
    assert_eq!(rows.len(), 3);
    let first = by_event(&rows, "verkställs inte i tid");
    assert_eq!((text(first, "goal_id").as_str(), text(first, "process").as_str()), ("1.3", "Insatser för vuxna"));
    assert_eq!((number(first, "risk_value"), text(first, "level").as_str()), (Some(9), "Medium"));
    let next = by_event(&rows, "bristande kontinuitet");
    assert_eq!(text(next, "goal_id"), "1.4");
    assert_eq!(text(next, "process"), "Insatser för personer över 65 år");
}

/// One sheet with a VoR table and, below it, the plan's own header and rows.
#[test]
fn a_second_table_on_one_sheet_is_read_under_its_own_header() {
    let rows = rows_of("F31_Södermalm VoR IKP 2020.xlsx");
    assert_eq!(with(&rows, "kind", "vor").len(), 3);
    let plan = with(&rows, "kind", "ikp");
    assert_eq!(plan.len(), 2);
    let purchases = plan.iter().find(|row| text(row, "process") == "Inköp").expect("Inköp in the plan");
    assert_eq!(text(purchases, "control"), "Inköpsgruppen granskar fakturor");
    assert_eq!(text(purchases, "control_activity"), "Stickprov av 10 fakturor per kvartal");
    let third = rows.iter().find(|row| number(row, "risk_no") == Some(3)).expect("risk 3");
    assert_eq!((number(third, "risk_value"), third["in_ikp"].as_bool()), (Some(6), Some(false)));
    let report = riskreg(&["inspect", "--json", arg(&holdout("F31_Södermalm VoR IKP 2020.xlsx"))]).stdout();
    let report: serde_json::Value = serde_json::from_str(&report).expect("inspect JSON");
    let kinds: Vec<&str> = report["files"][0]["sheets"][0]["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|table| table["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["vor", "ikp"]);
}

/// A kontrollaktivitet merged across the systematisk kontroll column holds in both, in
/// every format.
#[test]
fn a_cell_merged_across_columns_holds_in_every_column_it_covers() {
    for name in ["F41_IKP Farsta 2022.ods", "F41x_IKP Farsta 2022.xlsx", "F41s_IKP Farsta 2022.xls"] {
        let rows = rows_of(name);
        assert_eq!(rows.len(), 3, "{name}");
        let salaries = by_event(&rows, "löneutbetalning");
        assert_eq!(text(salaries, "control"), "Stickprov av löneutbetalningar varje tertial", "{name}");
        assert_eq!(text(salaries, "control_activity"), "Stickprov av löneutbetalningar varje tertial", "{name}");
        let direct = by_event(&rows, "direktupphandlingar");
        assert_eq!(text(direct, "control_activity"), "Stickprov av fakturor per kvartal", "{name}");
        assert_eq!((text(direct, "process").as_str(), text(direct, "method").as_str()), ("Inköp", "Avtalstrohet"));
    }
}

/// "Risknivå" beside S and K: a number under it is the risk value, a word is the level.
#[test]
fn a_risk_level_column_next_to_probability_and_consequence() {
    let rows = rows_of("F10_riskanalys spånga-tensta 2020.csv");
    assert_eq!(rows.len(), 5);
    let first = rows.iter().find(|row| number(row, "risk_no") == Some(1)).expect("risk 1");
    assert_eq!(risk_numbers(first), (Some(3), Some(4), Some(12)));
    assert_eq!(text(first, "level"), "Kritisk");
    assert_eq!(text(first, "extra"), r#"{"Processområde":"Individ och familj"}"#);
    let fifth = rows.iter().find(|row| number(row, "risk_no") == Some(5)).expect("risk 5");
    assert_eq!(risk_numbers(fifth), (Some(2), Some(3), Some(8)));
    assert_eq!(text(fifth, "flags"), "rv_mismatch");
}

/// Risk values written as products, with S and K in words or letters, and values that
/// cannot be read at all.
#[test]
fn compound_risk_value_cells_and_unreadable_ones() {
    let rows = rows_of("F11_Riskregister HV 2022.xlsx");
    assert_eq!(risk_numbers(by_event(&rows, "Felaktiga utbetalningar")), (Some(2), Some(3), Some(6)));
    assert_eq!(risk_numbers(by_event(&rows, "Handläggningstiden")), (Some(3), Some(4), Some(12)));
    assert_eq!(risk_numbers(by_event(&rows, "för många medarbetare")), (Some(3), Some(4), Some(12)));
    assert_eq!(risk_numbers(by_event(&rows, "Genomförandeplan")), (Some(3), Some(3), Some(9)));
    let contradicting = by_event(&rows, "Otillräcklig bemanning");
    assert_eq!(
        (risk_numbers(contradicting), text(contradicting, "flags")),
        ((Some(2), Some(3), Some(4)), "rv_mismatch".into())
    );
    for words in ["Barn skadas", "Dyra och akuta"] {
        let unreadable = by_event(&rows, words);
        assert_eq!(risk_numbers(unreadable), (None, None, None), "{words}");
        assert_eq!(text(unreadable, "flags"), "risk_value_invalid", "{words}");
    }
    let rows = rows_of("F32_riskanalys HV.csv");
    assert_eq!(risk_numbers(by_event(&rows, "Prognosen")), (Some(3), Some(4), Some(12)));
    assert_eq!(risk_numbers(by_event(&rows, "Fel moms")), (Some(3), Some(2), Some(6)));
    assert_eq!(risk_numbers(by_event(&rows, "utanför ramavtal")), (Some(3), Some(4), Some(12)));
    // "12,5" is no product of S 2 and K 4: flagged, and the value computed from S × K.
    let half = by_event(&rows, "evakueras");
    assert_eq!(risk_numbers(half), (Some(2), Some(4), Some(8)));
    assert_eq!(text(half, "flags"), "rv_computed;risk_value_invalid");
}

/// The unreadable risk values stay whole in Datakvalitet, on their rows.
#[test]
fn unreadable_risk_values_are_listed_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("k.xlsx");
    riskreg(&["consolidate", arg(&holdout("F11_Riskregister HV 2022.xlsx")), "-o", arg(&out)]).expect_status(0);
    let quality = sheet(&out, "Datakvalitet");
    for (value, row) in [("hög", "7"), ("se bilaga", "9")] {
        let at = (0..quality.height()).find(|&r| (0..quality.width()).any(|c| cell(&quality, r, c) == value));
        let at = at.unwrap_or_else(|| panic!("'{value}' not in Datakvalitet"));
        assert!((0..quality.width()).any(|c| cell(&quality, at, c) == row), "'{value}' not on row {row}");
    }
}

/// A CSV VoR whose first risk has a note beginning with a heading ("Kontrollaktivitet:
/// …") in a column riskreg does not use: every cell of a CSV is text, and that row was
/// taken for a second header row — the risk lost without a word and the register read
/// as a plan.
#[test]
fn a_data_row_whose_note_begins_with_a_heading_is_not_a_header_row() {
    let rows = rows_of("F50_VoR 2024 Enskede-Årsta-Vantör.csv");
    assert!(rows.iter().all(|row| text(row, "kind") == "vor"));
    let numbers: Vec<Option<i64>> = rows.iter().map(|row| number(row, "risk_no")).collect();
    let expected = [13, 29, 28, 35, 31, 30, 32, 33, 34, 40, 36, 39, 38];
    assert_eq!(numbers, expected.map(Some));
    let planned: Vec<Option<i64>> = rows
        .iter()
        .filter(|row| row["in_ikp"] == serde_json::Value::Bool(true))
        .map(|row| number(row, "risk_no"))
        .collect();
    assert_eq!(planned, [13, 30, 33, 34, 36, 39].map(Some));
    let first = by_event(&rows, "Verksamheterna når inte de barn");
    assert_eq!(risk_numbers(first), (Some(4), Some(3), Some(12)));
    assert_eq!(text(first, "goal_id"), "1.1");
    assert_eq!(
        text(first, "extra"),
        r#"{"Kommentar":"Kontrollaktivitet: \"Uppföljning på planeringsdagar och resultatdagar.\"; se IKP"}"#
    );
}
