//! Themes, recurring events and year over year (issue #5).

use std::collections::BTreeSet;

use crate::util::*;

/// (district today, year, kind, Nr or the first 30 characters of the event) of every row
/// with `theme`.
fn rows_with_theme(rows: &[Row], theme: &str) -> BTreeSet<(String, i64, String, String)> {
    rows.iter()
        .filter(|row| text(row, "themes").split(';').any(|found| found == theme))
        .map(|row| {
            let what = match number(row, "risk_no") {
                Some(number) if text(row, "kind") == "vor" => number.to_string(),
                _ => text(row, "event").chars().take(30).collect(),
            };
            (text(row, "district_current"), number(row, "year").unwrap_or_default(), text(row, "kind"), what)
        })
        .collect()
}

fn row(district: &str, year: i64, kind: &str, what: &str) -> (String, i64, String, String) {
    (district.into(), year, kind.into(), what.into())
}

#[test]
fn loneskulder_in_every_year_that_names_it_and_nowhere_else() {
    let (rows, _) = import(&[&register("")], &[]);
    assert_eq!(
        rows_with_theme(&rows, "loneskulder"),
        BTreeSet::from([
            row("Enskede-Årsta-Vantör", 2024, "vor", "48"),
            row("Hägersten-Älvsjö", 2018, "uppfoljning", "Fel på löneutbetalning. Lönesk"),
            row("Hägersten-Älvsjö", 2020, "ikp", "Fel på löneutbetalning. Lönesk"),
            row("Hägersten-Älvsjö", 2020, "vor", "79"),
            row("Hägersten-Älvsjö", 2021, "vor", "79"),
        ])
    );
}

#[test]
fn inkop_utanfor_avtal_in_all_district_years_that_mention_it() {
    let (rows, _) = import(&[&register("")], &[]);
    let found = rows_with_theme(&rows, "inkop_utanfor_avtal");
    assert_eq!(
        found,
        BTreeSet::from([
            row("Enskede-Årsta-Vantör", 2024, "ikp", "Köp utanför avtal/ otillåtna d"),
            row("Enskede-Årsta-Vantör", 2024, "vor", "6"),
            row("Hägersten-Älvsjö", 2018, "uppfoljning", "Att inköp görs utanför ramavta"),
            row("Hägersten-Älvsjö", 2020, "ikp", "Att inköp görs utanför ramavta"),
            row("Hägersten-Älvsjö", 2020, "ikp", "Inköp görs utan att direktupph"),
            row("Hägersten-Älvsjö", 2020, "vor", "53"),
            row("Hägersten-Älvsjö", 2020, "vor", "56"),
            row("Hägersten-Älvsjö", 2020, "vor", "57"),
            row("Hägersten-Älvsjö", 2021, "vor", "53"),
            row("Hägersten-Älvsjö", 2021, "vor", "56"),
            row("Hägersten-Älvsjö", 2021, "vor", "57"),
            row("Järva", 2022, "ikp", ""),
        ])
    );
    // Not using the Agresso purchasing module is a theme of its own.
    let agresso =
        rows.iter().find(|row| text(row, "event") == "Att Agresso inköpsmodul inte används.").expect("risk 55");
    assert_eq!(text(agresso, "themes"), "inkop_e_handel");
}

#[test]
fn every_seed_vor_event_has_a_theme_but_two() {
    let (rows, _) = import(&[&seed_003(), &seed_002()], &[]);
    let without: Vec<(String, i64)> = with(&rows, "kind", "vor")
        .iter()
        .filter(|row| text(row, "themes").is_empty())
        .map(|row| (text(row, "event"), number(row, "risk_no").unwrap_or_default()))
        .collect();
    // Consequences with no subject of their own.
    assert_eq!(without, [("Anseendeskada".to_string(), 50), ("Skadestånd".to_string(), 54)]);
}

#[test]
fn themes_explain_which_pattern_matched() {
    let run =
        riskreg(&["themes", "--explain", "Inköp görs utan att direktupphandlingsriktlinjer följs"]).expect_status(0);
    assert!(run.stdout().starts_with("inkop_utanfor_avtal "), "{}", run.stdout());
    assert!(
        run.stdout().contains("'\\bdirektupphandlingsriktlinje' matched \"direktupphandlingsriktlinje\""),
        "{}",
        run.stdout()
    );
    let catalogue = riskreg(&["themes"]).expect_status(0).stdout();
    let count: usize =
        catalogue.lines().last().and_then(|line| line.split(' ').next()).and_then(|n| n.parse().ok()).expect("count");
    assert!(count >= 25, "{count} themes");
}

#[test]
fn year_over_year_in_the_edited_second_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("jamforelse.xlsx");
    riskreg(&["compare", arg(&seed_003()), arg(&second_year()), "-o", arg(&out)]).expect_status(0);
    assert_eq!(sheet_names(&out), ["Återkommande risker", "Återkommande teman", "År mot år"]);
    let changes = sheet(&out, "År mot år");
    let header = headings(&changes, 0);
    let of = |kind: &str| -> BTreeSet<String> {
        (1..changes.height())
            .filter(|row| cell(&changes, *row, header["Förändring"]) == kind)
            .map(|row| cell(&changes, row, header["Oönskad händelse"]))
            .collect()
    };
    let set = |events: &[&str]| events.iter().map(|event| (*event).to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        of("borttagen"),
        set(&[
            "Undermålig parkskötsel och renhållning",
            "Felaktig lägesbild",
            "Att samverkan med lokalt näringsliv inte fungerar.",
            "Höga kostnader för behörigheter",
            "Fel moms dras"
        ])
    );
    assert_eq!(
        of("ny"),
        set(&[
            "Medarbetare utsätts för hot och våld i samband med myndighetsutövning",
            "Otillåten påverkan på handläggare vid biståndsbedömning",
            "Personuppgifter skickas okrypterat via e-post",
            "Förtroendekänsliga poster hanteras inte enligt stadens regler",
        ])
    );
    assert_eq!(
        of("höjd"),
        set(&[
            "Fel på löneutbetalning. Löneskuld, sent eller felaktigt utbetald lön.",
            "Att inköp görs utanför ramavtal",
            "Hög personalomsättning."
        ])
    );
    // Risk 45 keeps its stated RV of 6 (S × K is 8), so it reads as lowered.
    assert_eq!(
        of("sänkt"),
        set(&[
            "Samverkan med hälso- och sjukvården inom ramen för LOSAM utvecklas inte",
            "Att Agresso inköpsmodul inte används.",
            "Otillräcklig eller fel bemanning",
            "Personuppgiftsincident",
        ])
    );
    let line = |event: &str, year: &str| {
        (1..changes.height())
            .find(|row| {
                cell(&changes, *row, header["Oönskad händelse"]) == event && cell(&changes, *row, header["År"]) == year
            })
            .unwrap_or_else(|| panic!("{event} {year}"))
    };
    let raised = line("Hög personalomsättning.", "2021");
    assert_eq!(
        [
            cell(&changes, raised, header["Stadsdelsnämnd"]),
            cell(&changes, raised, header["Senast sedd"]),
            cell(&changes, raised, header["Register"])
        ],
        ["Hägersten-Älvsjö", "2020", "VoR"]
    );
    assert_eq!([cell(&changes, raised, header["RV senast"]), cell(&changes, raised, header["RV"])], ["9", "12"]);
    assert_eq!(cell(&changes, raised, header["IKP-förändring"]), "in i IKP");
    // The district's first year is the baseline: seen, no change.
    assert_eq!(cell(&changes, line("Hög personalomsättning.", "2020"), header["Förändring"]), "");
    let agresso = line("Att Agresso inköpsmodul inte används.", "2021");
    assert_eq!(cell(&changes, agresso, header["IKP-förändring"]), "ur IKP");
    let unchanged =
        (1..changes.height()).filter(|row| cell(&changes, *row, header["Förändring"]) == "oförändrad").count();
    assert!(unchanged > 60, "{unchanged} unchanged events");
}

#[test]
fn recurring_themes_long_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("teman.csv");
    riskreg(&["compare", arg(&register("")), "-o", arg(&out)]).expect_status(0);
    let text = std::fs::read_to_string(&out).expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "theme,district_current,year,rows,max_risk_value,in_ikp_rows");
    let loneskulder: Vec<&str> = lines.iter().copied().filter(|line| line.starts_with("loneskulder,")).collect();
    assert_eq!(
        loneskulder,
        [
            "loneskulder,Enskede-Årsta-Vantör,2024,1,9,0",
            "loneskulder,Hägersten-Älvsjö,2018,1,,0",
            "loneskulder,Hägersten-Älvsjö,2020,2,12,2",
            "loneskulder,Hägersten-Älvsjö,2021,1,16,1",
        ]
    );
}

#[test]
fn recurring_sheet_puts_recurring_themes_first() {
    let (_dir, out) = {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("riskreg.xlsx");
        riskreg(&["consolidate", arg(&register("")), "-o", arg(&out)]).expect_status(0);
        (dir, out)
    };
    let recurring = sheet(&out, "Återkommande teman");
    let header_row = find_row(&recurring, 0, "Tema").expect("summary header");
    let header = headings(&recurring, header_row);
    let themes: Vec<(String, String)> = (header_row + 1..recurring.height())
        .take_while(|row| !cell(&recurring, *row, 0).is_empty())
        .map(|row| (cell(&recurring, row, header["Tema-id"]), cell(&recurring, row, header["Återkommande"])))
        .collect();
    let loneskulder = themes.iter().position(|(id, _)| id == "loneskulder").expect("loneskulder");
    assert_eq!(themes[loneskulder].1, "Ja");
    let row = header_row + 1 + loneskulder;
    assert_eq!(cell(&recurring, row, 0), "Löneskulder och fel i löneutbetalning");
    assert_eq!(cell(&recurring, row, header["Stadsdelsnämnder alla år"]), "2");
    assert_eq!(cell(&recurring, row, header["Högsta RV alla år"]), "16");
    // Sorted by the districts with the theme in their latest year, most first.
    let latest: Vec<u32> = (header_row + 1..header_row + 1 + themes.len())
        .map(|row| cell(&recurring, row, header["Stadsdelsnämnder senaste året"]).parse().expect("count"))
        .collect();
    assert!(latest.windows(2).all(|pair| pair[0] >= pair[1]), "{latest:?}");
    // The years per district: Hägersten-Älvsjö has löneskulder in three years.
    let years_row = find_row(&recurring, 0, "År per stadsdelsnämnd").expect("years table") + 1;
    let years = headings(&recurring, years_row);
    let loneskulder = (years_row + 1..recurring.height())
        .find(|row| cell(&recurring, *row, 0) == "Löneskulder och fel i löneutbetalning");
    let cells = cell(&recurring, loneskulder.expect("row"), years["Hägersten-Älvsjö"]);
    assert_eq!(cells, "2018, 2020–2021");
}

/// Events seen word for word in both `a` and `b` (by their event text).
fn shared_events(a: &[Row], b: &[Row]) -> BTreeSet<String> {
    let events = |rows: &[Row]| {
        rows.iter().map(|row| text(row, "event")).filter(|event| !event.is_empty()).collect::<BTreeSet<_>>()
    };
    events(a).intersection(&events(b)).cloned().collect()
}

/// Hägersten-Liljeholmen's 2018 follow-up and 2020 VoR: every event they share word for
/// word is one event, and År mot år shows its 2018 status and 2020 RV on one line.
#[test]
fn a_follow_up_and_a_later_vor_are_linked_through_event_id() {
    let (follow_up, _) = import(&[&seed_000()], &[]);
    let (vor, _) = import(&[&seed_003()], &[]);
    let shared = shared_events(&follow_up, &with(&vor, "kind", "vor").into_iter().cloned().collect::<Vec<_>>());
    assert_eq!(shared.len(), 9, "{shared:?}");
    assert!(
        shared.contains("Att den enskilde inte har någon kontaktman.") && shared.contains("Hög personalomsättning.")
    );
    let (both, _) = import(&[&seed_000(), &seed_003()], &[]);
    for event in &shared {
        let ids: BTreeSet<String> =
            both.iter().filter(|row| &text(row, "event") == event).map(|row| text(row, "event_id")).collect();
        assert_eq!(ids.len(), 1, "{event}: {ids:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("handelser.csv");
    riskreg(&["compare", arg(&seed_000()), arg(&seed_003()), "--events", "-o", arg(&out)]).expect_status(0);
    let mut reader = ::csv::Reader::from_path(&out).unwrap();
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|heading| heading == name).unwrap();
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let line = records
        .iter()
        .find(|record| &record[column("event")] == "Hög personalomsättning." && &record[column("year")] == "2020")
        .expect("the 2020 line");
    assert_eq!(
        [
            &line[column("previous_year")],
            &line[column("previous_statuses")],
            &line[column("risk_value")],
            &line[column("registers")]
        ],
        ["2018", "avslutad", "9", "vor"]
    );
    for event in &shared {
        let years: Vec<&str> = records
            .iter()
            .filter(|record| &record[column("event")] == event)
            .map(|record| &record[column("year")])
            .collect();
        assert_eq!(years, ["2018", "2020"], "{event}");
    }
}

/// An event gone for a year is `borttagen` that year and `åter` when it comes back.
#[test]
fn an_event_back_after_a_gap_year() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("farsta");
    std::fs::create_dir(&folder).unwrap();
    let years = [
        (
            2019,
            vec![
                ("1", "Löneskulder uppstår vid sen inrapportering", "3", "4"),
                ("2", "Inköp görs utanför ramavtal", "2", "3"),
            ],
        ),
        (2020, vec![("1", "Löneskulder uppstår vid sen inrapportering", "3", "4")]),
        (
            2021,
            vec![
                ("1", "Löneskulder uppstår vid sen inrapportering", "4", "4"),
                ("2", "Inköp görs utanför ramavtal", "2", "3"),
            ],
        ),
    ];
    for (year, risks) in &years {
        let mut csv = format!(
            "Väsentlighets- och riskanalys {year} Farsta stadsdelsnämnd\nNr;Oönskad händelse;Sannolikhet;Konsekvens\n"
        );
        for risk in risks {
            csv.push_str(&format!("{};{};{};{}\n", risk.0, risk.1, risk.2, risk.3));
        }
        std::fs::write(folder.join(format!("VoR {year}.csv")), csv).unwrap();
    }
    let out = dir.path().join("handelser.csv");
    riskreg(&["compare", arg(&folder), "--events", "-o", arg(&out)]).expect_status(0);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|heading| heading == name).unwrap();
    let history = |event: &str| -> Vec<(String, String)> {
        ::csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .filter(|record| &record[column("event")] == event)
            .map(|record| (record[column("year")].to_string(), record[column("change")].to_string()))
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(history("Inköp görs utanför ramavtal"), pairs(&[("2019", ""), ("2020", "borttagen"), ("2021", "åter")]));
    assert_eq!(
        history("Löneskulder uppstår vid sen inrapportering"),
        pairs(&[("2019", ""), ("2020", "oförändrad"), ("2021", "höjd")])
    );
}

/// An event two districts word alike (Dice ≥ 0.75 on the key words) is a recurring
/// event of the city: "Obehöriga får tillgång …" (Enskede-Årsta-Vantör 2024) and
/// "Obehöriga har tillgång …" (Hägersten-Liljeholmen 2020, Hägersten-Älvsjö 2021).
#[test]
fn an_event_of_two_districts_is_recurring() {
    let (rows, _) = import(&[&register("")], &[]);
    let of =
        |event: &str| rows.iter().find(|row| text(row, "event") == event).map(|row| text(row, "event_id")).unwrap();
    assert!(of("Obehöriga får tillgång till känslig information").starts_with("enskede-arsta-vantor:"));
    assert!(of("Obehöriga har tillgång till känslig information").starts_with("hagersten-alvsjo:"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("jamforelse.xlsx");
    riskreg(&["compare", arg(&register("")), "-o", arg(&out)]).expect_status(0);
    let recurring = sheet(&out, "Återkommande risker");
    let header = headings(&recurring, 0);
    let two_districts: Vec<usize> =
        (1..recurring.height()).filter(|row| cell(&recurring, *row, header["Stadsdelsnämnder"]) == "2").collect();
    assert_eq!(two_districts, [1], "the only event of two districts comes first");
    assert_eq!(cell(&recurring, 1, header["Oönskad händelse"]), "Obehöriga har tillgång till känslig information");
    assert_eq!(cell(&recurring, 1, header["Vilka"]), "Enskede-Årsta-Vantör, Hägersten-Älvsjö");
    assert_eq!(cell(&recurring, 1, header["Högsta RV per år"]), "2020: 8; 2021: 8; 2024: 8");
}
