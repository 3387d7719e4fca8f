//! The director's workbook read back as a reader would see it: Swedish in every visible
//! text, Läs mig complete, every sheet set up to print, Datakvalitet's links leading to
//! their rows, whole numbers written as whole numbers, no clock time.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::util::{arg, cell, fixtures, headings, register, riskreg, sheet, sheet_names};

/// The fixtures' registers with the broken files beside them: rejected rows, unreadable
/// values and files that cannot be read, so that every kind of text is written.
fn workbook() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("riskreg.xlsx");
    let run = riskreg(&["consolidate", arg(&register("")), arg(&fixtures().join("broken")), "-o", arg(&out)]);
    run.expect_status(1);
    (dir, out)
}

/// The XML parts of a written workbook, by name.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).expect("entry");
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("utf-8 part");
            (entry.name().expect("name").to_string(), text)
        })
        .collect()
}

/// A column of a table sheet (header in row `row`), below the header.
fn column(range: &calamine::Range<calamine::Data>, row: usize, heading: &str) -> Vec<String> {
    let index = headings(range, row)[heading];
    (row + 1..range.height()).map(|at| cell(range, at, index)).collect()
}

/// The ids the templates give flags and themes: `id = "…"` lines.
fn template_ids(file: &str) -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates").join(file)).expect("template");
    text.lines()
        .filter_map(|line| line.strip_prefix("id = \""))
        .map(|rest| rest.trim_end_matches('"').to_string())
        .collect()
}

/// Words that give English away in a sentence.
const ENGLISH: [&str; 12] =
    [" the ", " is ", " not ", " row ", " rows ", " sheet ", " file ", " of ", " but ", " none ", " missing", " from "];

#[test]
fn every_visible_text_is_swedish_with_labels_not_codes() {
    let (_dir, out) = workbook();
    let codes: BTreeSet<String> = template_ids("flags.toml").into_iter().chain(template_ids("themes.toml")).collect();
    let visible = [
        ("Datakvalitet", vec!["Flagga", "Orsak"]),
        ("Källor", vec!["Typ", "Stadsdelsnämnd från", "År från", "Anmärkning"]),
        ("Risker", vec!["Teman", "Flaggor"]),
        ("Internkontrollplan", vec!["Teman", "Flaggor"]),
        ("År mot år", vec!["Teman", "Förändring"]),
    ];
    let mut checked = 0;
    for (name, headings_of) in visible {
        let range = sheet(&out, name);
        for heading in headings_of {
            for text in column(&range, 0, heading).iter().filter(|text| !text.is_empty()) {
                checked += 1;
                let padded = format!(" {} ", text.to_lowercase());
                assert!(!ENGLISH.iter().any(|word| padded.contains(word)), "{name} / {heading}: English in {text:?}");
                let words: BTreeSet<&str> = text.split([';', ',', ' ']).map(str::trim).collect();
                assert!(
                    words.is_disjoint(&codes.iter().map(String::as_str).collect()),
                    "{name} / {heading}: a code in {text:?}"
                );
            }
        }
    }
    assert!(checked > 300, "only {checked} texts checked");
    // The flags are labelled, and their ids kept in a column of their own.
    let quality = sheet(&out, "Datakvalitet");
    let pairs: BTreeSet<(String, String)> =
        column(&quality, 0, "Flagga").into_iter().zip(column(&quality, 0, "Flagg-id")).collect();
    assert!(pairs.contains(&("RV stämmer inte".to_string(), "rv_mismatch".to_string())), "{pairs:?}");
    assert!(pairs.contains(&("Avvisad rad".to_string(), "rejected".to_string())), "{pairs:?}");
    // One file or two, in the right number.
    let overview = sheet(&out, "Översikt");
    let summary = cell(&overview, 1, 0);
    assert!(summary.starts_with("14 filer, "), "{summary}");
    assert!(summary.contains("5 filer kunde inte läsas"), "{summary}");
}

#[test]
fn read_me_explains_every_sheet_flag_and_theme() {
    let (_dir, out) = workbook();
    let names = sheet_names(&out);
    assert_eq!(names.first().map(String::as_str), Some("Läs mig"));
    let readme = sheet(&out, "Läs mig");
    assert!(cell(&readme, 0, 0).starts_with(&format!("Läs mig – riskreg {}", env!("CARGO_PKG_VERSION"))));
    let row_of = |text: &str| (0..readme.height()).find(|row| cell(&readme, *row, 0) == text).expect(text);
    let sheets: BTreeSet<String> = (row_of("Blad") + 1..readme.height())
        .map(|row| cell(&readme, row, 0))
        .take_while(|name| !name.is_empty())
        .collect();
    assert_eq!(sheets, names.iter().cloned().collect::<BTreeSet<_>>());
    let flags_row = row_of("Flagga");
    let flags = headings(&readme, flags_row);
    let listed: Vec<(String, String, String)> = (flags_row + 1..readme.height())
        .take_while(|row| !cell(&readme, *row, 0).is_empty())
        .map(|row| {
            (
                cell(&readme, row, flags["Flagg-id"]),
                cell(&readme, row, flags["Förklaring"]),
                cell(&readme, row, flags["Rader"]),
            )
        })
        .collect();
    let ids: BTreeSet<String> = listed.iter().map(|(id, _, _)| id.clone()).collect();
    assert_eq!(ids, template_ids("flags.toml"));
    assert!(listed.iter().all(|(_, explanation, _)| explanation.len() > 20), "{listed:?}");
    // The counts are the rows of the register sheets that carry each flag.
    let risks = sheet(&out, "Risker");
    let carried =
        |id: &str| column(&risks, 0, "Flagg-id").iter().filter(|flags| flags.split(';').any(|flag| flag == id)).count();
    let rv_computed = listed.iter().find(|(id, _, _)| id == "rv_computed").expect("rv_computed");
    assert_eq!(rv_computed.2, carried("rv_computed").to_string());
    let themes_row = row_of("Tema");
    let themes = headings(&readme, themes_row);
    let theme_ids: BTreeSet<String> = (themes_row + 1..readme.height())
        .map(|row| cell(&readme, row, themes["Tema-id"]))
        .take_while(|id| !id.is_empty())
        .collect();
    assert_eq!(theme_ids, template_ids("themes.toml"));
    let levels_row = row_of("Nivå");
    assert_eq!(
        (levels_row + 1..levels_row + 4).map(|row| (cell(&readme, row, 0), cell(&readme, row, 1))).collect::<Vec<_>>(),
        [("Kritisk".into(), "12–25".into()), ("Medium".into(), "4–11".into()), ("Låg".into(), "1–3".into())]
    );
}

#[test]
fn every_sheet_prints_on_a4_landscape_one_page_wide_with_page_numbers() {
    let (_dir, out) = workbook();
    let parts = parts(&out);
    let sheets: Vec<(&String, &String)> =
        parts.iter().filter(|(name, _)| name.starts_with("xl/worksheets/sheet")).collect();
    assert_eq!(sheets.len(), sheet_names(&out).len());
    for (name, xml) in sheets {
        assert!(xml.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#), "{name}");
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}: fit to page width");
        assert!(xml.contains("<oddFooter>&amp;L&amp;8&amp;A&amp;R&amp;8Sida &amp;P av &amp;N</oddFooter>"), "{name}");
    }
    let workbook = &parts["xl/workbook.xml"];
    let names = sheet_names(&out);
    let local = |sheet: &str| names.iter().position(|name| name == sheet).expect(sheet);
    for sheet in ["Risker", "Internkontrollplan", "Uppföljning", "År mot år", "Datakvalitet", "Källor"] {
        let titles = format!(r#"<definedName name="_xlnm.Print_Titles" localSheetId="{}">"#, local(sheet));
        assert!(workbook.contains(&titles), "{sheet}: the header repeats on every page");
    }
    // The machine columns (the district as written, ids, source) are outside the print
    // area: Risker prints A to O, Stadsdelsnämnd to Flaggor.
    let risks = sheet(&out, "Risker");
    let header = headings(&risks, 0);
    assert_eq!(header["Flaggor"], 14);
    assert!(header["Källfil"] > 14 && header["Flagg-id"] > 14 && header["Stadsdelsnämnd i registret"] > 14);
    let area = format!(
        r#"<definedName name="_xlnm.Print_Area" localSheetId="{}">Risker!$A$1:$O${}<"#,
        local("Risker"),
        risks.height()
    );
    assert!(workbook.contains(&area), "{area}");
    // The matrices are kept whole: a page break after every second block.
    let matrix = &parts[&format!("xl/worksheets/sheet{}.xml", local("Riskmatris") + 1)];
    assert!(matrix.contains("<brk id=\"26\""), "Riskmatris: a page break after the second block");
}

#[test]
fn data_quality_links_lead_to_the_rows_they_are_about() {
    let (_dir, out) = workbook();
    let parts = parts(&out);
    let names = sheet_names(&out);
    let quality_part = &parts[&format!(
        "xl/worksheets/sheet{}.xml",
        names.iter().position(|name| name == "Datakvalitet").expect("sheet") + 1
    )];
    let quality = sheet(&out, "Datakvalitet");
    let header = headings(&quality, 0);
    let links: Vec<(usize, String, usize)> = quality_part
        .split("<hyperlink ")
        .skip(1)
        .map(|link| {
            let attribute = |name: &str| {
                let start = link.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                link[start..start + link[start..].find('"').expect("quote")].to_string()
            };
            let at: usize = attribute("ref").trim_start_matches(char::is_alphabetic).parse().expect("row");
            let location = attribute("location");
            let (target, cell_ref) = location.rsplit_once('!').expect("sheet!cell");
            let target_row: usize = cell_ref.trim_start_matches(char::is_alphabetic).parse().expect("row");
            (at - 1, target.trim_matches('\'').to_string(), target_row - 1)
        })
        .collect();
    let flagged = (1..quality.height()).filter(|row| cell(&quality, *row, header["Flagg-id"]) != "rejected").count();
    assert!(links.len() >= flagged.min(1) && !links.is_empty(), "{} links", links.len());
    for (row, target, target_row) in links {
        let range = sheet(&out, &target);
        let columns = headings(&range, 0);
        let (file, line) = (cell(&quality, row, header["Fil"]), cell(&quality, row, header["Rad"]));
        assert_eq!(cell(&range, target_row, columns["Källfil"]), file, "row {row} → {target} {target_row}");
        if !line.is_empty() {
            assert_eq!(cell(&range, target_row, columns["Rad"]), line, "row {row} → {target} {target_row}");
        }
        assert_eq!(cell(&quality, row, header["Gå till"]), format!("{target} rad {}", target_row + 1));
    }
}

#[test]
fn whole_numbers_are_whole_and_no_clock_time_is_written() {
    let (dir, out) = workbook();
    let parts = parts(&out);
    for (name, xml) in parts.iter().filter(|(name, _)| name.starts_with("xl/worksheets/")) {
        assert!(!xml.contains(".0</v>"), "{name}: a whole number written as a float");
    }
    let created = |parts: &BTreeMap<String, String>| {
        let core = &parts["docProps/core.xml"];
        let start = core.find("<dcterms:created").expect("created");
        core[start..core[start..].find("</dcterms:created>").expect("end") + start].to_string()
    };
    assert!(!created(&parts).contains("2000-01-01"), "{}", created(&parts));
    let epoch = dir.path().join("epoch.xlsx");
    let run = crate::util::riskreg_with_env(
        &["consolidate", arg(&register("")), "-o", arg(&epoch)],
        &[("SOURCE_DATE_EPOCH", "1735689600")],
    );
    run.expect_status(0);
    assert!(created(&self::parts(&epoch)).ends_with(">2025-01-01T00:00:00Z"), "{}", created(&self::parts(&epoch)));
}
