//! `riskreg convert`: legacy registers into the standard layout (issue #6).

use std::path::{Path, PathBuf};

use crate::util::*;

/// Rows without provenance, for comparing a register with its conversion.
fn content(rows: Vec<Row>) -> Vec<Row> {
    rows.into_iter()
        .map(|mut row| {
            for provenance in ["source_file", "source_sheet", "source_row"] {
                row.remove(provenance);
            }
            row
        })
        .collect()
}

fn convert(input: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("standard.xlsx");
    let run = riskreg(&["convert", arg(input), "-o", arg(&out)]);
    assert!(run.status() <= 1, "{}", run.stderr());
    out
}

#[test]
fn every_fixture_reads_back_the_same_after_conversion() {
    for fixture in [
        seed_003(),
        seed_000(),
        seed_004(),
        seed_002(),
        second_year(),
        seed_001(),
        fixtures().join("broken/wrong-values.csv"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let converted = convert(&fixture, dir.path());
        let (original, _) = import(&[&fixture], &[]);
        let (again, _) = import(&[&converted], &[]);
        assert_eq!(original.len(), again.len(), "{}", fixture.display());
        for (index, (a, b)) in content(original).iter().zip(content(again)).enumerate() {
            assert_eq!(*a, b, "{} row {index}", fixture.display());
        }
    }
}

#[test]
fn the_legacy_xls_in_the_standard_follow_up_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = convert(&seed_000(), dir.path());
    assert_eq!(sheet_names(&out), ["Uppföljning", "Ej placerat"]);
    let follow_up = sheet(&out, "Uppföljning");
    assert_eq!(cell(&follow_up, 0, 0), "Uppföljning av åtgärder 2018");
    assert_eq!(cell(&follow_up, 1, 0), "Hägersten-Liljeholmens stadsdelsnämnd");
    let header: Vec<String> = (0..7).map(|column| cell(&follow_up, 3, column)).collect();
    assert_eq!(
        header,
        [
            "Löpande kontroll/Systematiska kontroller",
            "Oönskad händelse",
            "Åtgärd",
            "Status",
            "Startdatum",
            "Slutdatum",
            "Analys"
        ]
    );
    assert_eq!(cell(&follow_up, 4, 1), "Missnöjda vårdnadshavare");
    assert_eq!(cell(&follow_up, 4, 3), "Avslutad");
    assert!(matches!(follow_up.get((4, 4)), Some(calamine::Data::DateTime(_))));
    let late = (4..follow_up.height()).filter(|row| cell(&follow_up, *row, 3) == "Försenad/avvikelse").count();
    assert_eq!(late, 3);
    assert_eq!(follow_up.height(), 4 + 46);
}

#[test]
fn the_windows_1252_csv_in_the_standard_plan_layout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = convert(&seed_004(), dir.path());
    let plan = sheet(&out, "Internkontrollplan");
    assert_eq!(cell(&plan, 0, 0), "Internkontrollplan 2022");
    assert_eq!(cell(&plan, 1, 0), "Rinkeby-Kista stadsdelsnämnd");
    let header: Vec<String> = (0..plan.width()).map(|column| cell(&plan, 3, column)).collect();
    assert_eq!(
        header,
        ["Process", "Arbetssätt", "Systematisk kontroll", "Kontrollaktivitet", "Beskrivning och resultat"]
    );
    // Goals are headings above their rows, as in the city's reports.
    assert_eq!(
        cell(&plan, 4, 0),
        "1.1 I Stockholm är människor självförsörjande och vägen till arbete och svenskkunskaper är kort"
    );
    assert_eq!(cell(&plan, 5, 0), "Handläggning av ekonomiskt bistånd");
    assert_eq!(cell(&plan, 5, 1), "Upprätta förändringsplaner");
    assert!(cell(&plan, 5, 4).contains("förändringsplaner i 66 procent"));
}

#[test]
fn the_vor_layout_writes_values_as_the_template_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = convert(&seed_002(), dir.path());
    assert_eq!(sheet_names(&out), ["Väsentlighets- och riskanalys", "Internkontrollplan", "Ej placerat"]);
    let vor = sheet(&out, "Väsentlighets- och riskanalys");
    assert_eq!(cell(&vor, 0, 0), "Väsentlighets- och riskanalys 2024");
    assert_eq!(cell(&vor, 1, 0), "Enskede-Årsta-Vantörs stadsdelsnämnd");
    let header = headings(&vor, 3);
    assert_eq!(header.len(), 9);
    let row = find_row(&vor, header["Nr"], "48").expect("risk 48");
    assert_eq!(
        [cell(&vor, row, header["Sannolikhet"]), cell(&vor, row, header["Konsekvens"]), cell(&vor, row, header["RV"])],
        ["3. Möjlig", "3. Kännbar", "9"]
    );
    assert_eq!(cell(&vor, row, header["IKP"]), "Nej, endast VoR");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&out).expect("open");
    let merged = workbook.merge_cells_by_sheet_name("Väsentlighets- och riskanalys").expect("merged");
    assert!(
        merged.iter().any(|region| region.start.1 == 0 && region.end.0 > region.start.0),
        "goal cells merged over their rows"
    );
}

#[test]
fn nothing_unread_is_lost_in_conversion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = convert(&fixtures().join("broken/wrong-values.csv"), dir.path());
    let vor = sheet(&out, "Väsentlighets- och riskanalys");
    let header = headings(&vor, 3);
    // The unreadable values stay as they were written, so they are flagged again when read.
    assert!(find_row(&vor, header["Sannolikhet"], "7").is_some());
    assert!(find_row(&vor, header["Konsekvens"], "Ganska allvarlig").is_some());
    let unplaced = sheet(&out, "Ej placerat");
    let columns = headings(&unplaced, 0);
    let findings: Vec<String> = (1..unplaced.height()).map(|row| cell(&unplaced, row, columns["Flagg-id"])).collect();
    assert!(findings.contains(&"rejected".to_string()), "{findings:?}");
    assert!(findings.contains(&"rv_mismatch".to_string()), "{findings:?}");
}

#[test]
fn many_files_into_a_folder_named_by_district_year_and_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    riskreg(&["convert", arg(&register("")), "--out-dir", arg(dir.path())]).expect_status(0);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "enskede-arsta-vantor_2024_vor-ikp.xlsx",
            "hagersten-alvsjo_2021_vor.xlsx",
            "hagersten-liljeholmen_2018_uppfoljning.xlsx",
            "hagersten-liljeholmen_2020_vor-ikp.xlsx",
            "rinkeby-kista_2022_ikp.xlsx",
            "spanga-tensta_2013_uppfoljning.xlsx",
        ]
    );
    let run = riskreg(&["convert", arg(&register("")), "-o", arg(&dir.path().join("one.xlsx"))]).expect_status(2);
    assert!(run.stderr().contains("use --out-dir DIR"), "{}", run.stderr());
}

#[test]
fn nothing_to_convert_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("folder");
    let own = folder.join("riskreg.xlsx");
    riskreg(&["consolidate", arg(&seed_002()), "-o", arg(&own)]).expect_status(0);
    std::fs::write(folder.join("trasig.csv"), "").expect("empty file");
    let out = dir.path().join("standard.xlsx");
    let run = riskreg(&["convert", arg(&own), "-o", arg(&out)]).expect_status(2);
    assert_eq!(
        run.stderr(),
        format!(
            "riskreg: {}: a workbook riskreg wrote (consolidate): skipped\n\
             riskreg: error: nothing converted: no input holds a register riskreg can read\n",
            own.display()
        )
    );
    assert!(!out.exists());
    let standard = dir.path().join("standard");
    let run = riskreg(&["convert", arg(&folder), "--out-dir", arg(&standard)]).expect_status(2);
    assert!(run.stderr().ends_with("riskreg: error: nothing converted: no input holds a register riskreg can read\n"));
    assert!(!run.stderr().contains("skrev"), "{}", run.stderr());
    assert!(!standard.exists(), "the folder is not made");
    // With a register beside them, only the register is converted.
    std::fs::copy(seed_002(), folder.join("VoR 2024.xlsx")).expect("register");
    let run = riskreg(&["convert", arg(&folder), "--out-dir", arg(&standard)]).expect_status(1);
    let written: Vec<String> = std::fs::read_dir(&standard)
        .expect("folder")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, ["enskede-arsta-vantor_2024_vor-ikp.xlsx"]);
    assert!(run.stderr().contains(&format!("riskreg: skrev 1 arbetsbok i {}", standard.display())), "{}", run.stderr());
}

#[test]
fn a_copy_is_converted_like_its_original() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("folder");
    for name in ["VoR 2024.xlsx", "VoR 2024 - Kopia.xlsx"] {
        std::fs::copy(seed_002(), folder.join(name)).expect("copy");
    }
    let standard = dir.path().join("standard");
    riskreg(&["convert", arg(&folder), "--out-dir", arg(&standard)]).expect_status(1);
    let original = standard.join("enskede-arsta-vantor_2024_vor-ikp.xlsx");
    let copy = standard.join("enskede-arsta-vantor_2024_vor-ikp-2.xlsx");
    let (rows, _) = import(&[&original], &[]);
    let (copied, _) = import(&[&copy], &[]);
    assert_eq!((rows.len(), copied.len()), (61, 61));
    assert_eq!(content(rows), content(copied));
}
