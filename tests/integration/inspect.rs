//! `riskreg inspect`: what was detected, and the row accounting of every sheet (issue #3).

use serde_json::Value;

use crate::util::*;

fn inspect_json(paths: &[&str]) -> (Value, Run) {
    let mut args = vec!["inspect", "--json"];
    args.extend(paths);
    let run = riskreg(&args);
    let json = serde_json::from_str(&run.stdout()).unwrap_or_else(|err| panic!("{err}: {}", run.stdout()));
    (json, run)
}

fn sheets(json: &Value) -> Vec<(&str, &Value)> {
    json["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|file| {
            file["sheets"]
                .as_array()
                .expect("sheets")
                .iter()
                .map(move |sheet| (file["file"].as_str().expect("file"), sheet))
        })
        .collect()
}

#[test]
fn every_sheet_of_every_fixture_balances() {
    let (json, run) = inspect_json(&["fixtures/registers", "fixtures/broken"]);
    run.expect_status(1);
    let mut checked = 0;
    for (file, sheet) in sheets(&json) {
        let accounting = &sheet["accounting"];
        let read = accounting["read"].as_u64().expect("read");
        let kept = accounting["kept"].as_u64().expect("kept");
        let rejected = accounting["rejected"].as_u64().expect("rejected");
        let skipped: u64 = accounting["skipped"].as_object().expect("skipped").values().filter_map(Value::as_u64).sum();
        assert_eq!(read, kept + skipped + rejected, "{file} {}", sheet["sheet"]);
        checked += 1;
    }
    // Registers: 2 + 1 + 1 + 3 + 1 + 1 sheets; broken files with sheets: 4.
    assert_eq!(checked, 13);
}

#[test]
fn seed_003_detection_in_detail() {
    let (json, run) = inspect_json(&["fixtures/registers/hagersten-liljeholmen/2020"]);
    run.expect_status(0);
    let all = sheets(&json);
    let (_, vor) = all[0];
    assert_eq!(vor["sheet"], "Väsentlighets- och riskanalys");
    let table = &vor["tables"][0];
    assert_eq!(vor["tables"].as_array().map(Vec::len), Some(1));
    assert_eq!(table["kind"], "vor");
    assert_eq!(table["header_rows"], serde_json::json!([11]));
    assert_eq!(vor["district"]["value"]["name"], "Hägersten-Liljeholmen");
    assert_eq!(vor["district"]["value"]["current"], "Hägersten-Älvsjö");
    assert_eq!(vor["district"]["origin"], serde_json::json!({"from": "sheet_title", "row": 2}));
    assert_eq!(vor["year"]["origin"], serde_json::json!({"from": "sheet_title", "row": 1}));
    let method = &table["columns"][2];
    assert_eq!(
        (method["heading"].as_str(), method["field"].as_str(), method["index"].as_u64()),
        (Some("Arbetsätt"), Some("method"), Some(2))
    );
    assert_eq!(
        vor["accounting"],
        serde_json::json!({"read": 114, "kept": 91, "skipped": {"blank": 3, "title": 8, "header": 11, "summary": 1}, "rejected": 0})
    );
    let (_, plan) = all[1];
    let plan_table = &plan["tables"][0];
    assert_eq!(plan["tables"].as_array().map(Vec::len), Some(1));
    assert_eq!((plan_table["kind"].as_str(), plan_table["header_rows"][0].as_u64()), (Some("ikp"), Some(4)));
    assert_eq!(plan["accounting"]["skipped"]["section"], 5);
    let (_, lists) = all[2];
    assert_eq!(lists["hidden"], true);
}

#[test]
fn text_report_names_mapping_origin_and_rejections() {
    let run = riskreg(&["inspect", "fixtures/broken/wrong-values.csv"]).expect_status(1);
    let text = run.stdout();
    assert!(text.contains("(CSV): vor, header at row 2"), "{text}");
    assert!(text.contains("district  Skärholmen  from sheet title (row 1)"), "{text}");
    assert!(text.contains("C 'Arbetsätt' → method"), "{text}");
    assert!(text.contains("J 'Kommentar' not used: not a register column"), "{text}");
    assert!(text.contains("rows      8 read = 5 kept + 2 skipped (title 1, header 1) + 1 rejected"), "{text}");
    assert!(
        text.contains("rejected  row 8: inga registeruppgifter i de igenkända kolumnerna; bara text under 'Kommentar'"),
        "{text}"
    );
}

#[test]
fn district_and_year_from_other_sheets_and_folders() {
    let (json, _) = inspect_json(&["fixtures/registers/enskede-arsta-vantor", "fixtures/registers/spanga-tensta"]);
    let all = sheets(&json);
    let plan = all.iter().find(|(_, sheet)| sheet["sheet"] == "Internkontrollplan").expect("plan").1;
    assert_eq!(plan["district"]["origin"], serde_json::json!({"from": "other_sheet", "sheet": "VoR 2024", "row": 1}));
    let follow_up = all.iter().find(|(file, _)| file.ends_with(".csv")).expect("csv").1;
    assert_eq!(follow_up["district"]["origin"], serde_json::json!({"from": "folder", "folder": "spanga-tensta"}));
    assert_eq!(follow_up["year"]["value"], 2013);
}
