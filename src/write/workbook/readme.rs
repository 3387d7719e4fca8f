//! Läs mig: what each sheet shows and how to use it, the risk levels with their RV bands
//! and colours, every flag and theme explained (labels and explanations from the
//! templates) with how many rows carry it here, the inputs counted and riskreg's
//! version. No clock time: the same inputs give the same bytes (DESIGN §4).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{print_setup, write_table, Column, Style, TableSpec, Value};
use crate::normalise::quality::Finding;
use crate::pipeline::Batch;
use crate::rules::Rules;
use crate::schema::{Flag, Kind};
use crate::svenska::count as n;

/// The sheet's name.
pub const SHEET: &str = "Läs mig";

/// Each sheet of the workbook: its name, what it shows and how to use it.
pub const SHEETS: [(&str, &str); 11] = [
    (SHEET, "Det här bladet: vad varje blad visar, risknivåerna, flaggorna och temana."),
    (
        super::overview::SHEET,
        "Per stadsdelsnämnd och år: risker per nivå, medel- och högsta RV, risker i internkontrollplanen, planrader, åtgärder per status och förändringar mot förra året. Värmekarta och trenddiagram per mått.",
    ),
    (
        super::registers::SHEETS[0].name,
        "Alla risker ur väsentlighets- och riskanalyserna (VoR), en rad per risk. Filtrera på stadsdelsnämnd, år, nivå, tema eller flagga.",
    ),
    (super::registers::SHEETS[1].name, "Alla rader ur internkontrollplanerna: systematisk kontroll och kontrollaktivitet."),
    (super::registers::SHEETS[2].name, "Alla åtgärder ur uppföljningarna med status, datum och analys."),
    (
        super::matrix::SHEET,
        "Antal risker per sannolikhet och konsekvens: staden som summan av varje stadsdelsnämnds senaste år, sedan varje stadsdelsnämnd. År läggs aldrig ihop.",
    ),
    (
        super::comparison::RECURRING_EVENTS,
        "Samma oönskade händelse hos minst två stadsdelsnämnder eller under minst två år, den mest spridda först.",
    ),
    (
        super::comparison::RECURRING,
        "Teman (till exempel löneskulder) på varje stadsdelsnämnds senaste år och över alla år, åren per stadsdelsnämnd och antal rader per år.",
    ),
    (
        super::comparison::YEAR_OVER_YEAR,
        "Varje händelse genom åren: ny, borttagen, höjd, sänkt, oförändrad eller åter efter ett uppehåll, med RV, plan och uppföljning.",
    ),
    (
        super::quality::QUALITY,
        "Varje flagga och avvisad rad: fil, blad, rad, kolumn, hela värdet och orsaken, med en länk till raden. Läs den först.",
    ),
    (
        super::quality::SOURCES,
        "Varje fil och blad: typ, stadsdelsnämnd och år och var de hittades, rubrikrad, kolumner, radräkning och SHA-256.",
    ),
];

/// Writes the sheet.
///
/// # Errors
/// The writer's error.
pub fn write(sheet: &mut Worksheet, styles: &Styles, batch: &Batch, rules: &Rules) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    print_setup(sheet, None)?;
    let version = env!("CARGO_PKG_VERSION");
    sheet.write_string_with_format(0, 0, format!("Läs mig – riskreg {version}"), &styles.title)?;
    sheet.write_string_with_format(1, 0, inputs_line(batch), &styles.subtitle)?;
    sheet.write_string_with_format(
        2,
        0,
        "Börja med Datakvalitet: där står varje värde som inte gick att läsa och varje rad som inte kom med. Flaggade rader finns kvar i Risker, Internkontrollplan och Uppföljning.",
        &styles.subtitle,
    )?;
    let mut top = 5;
    top = table(sheet, styles, top, "Bladen", "Blad", [("Blad", 22.0), ("Vad det visar", 100.0)], &SHEETS)?;

    sheet.write_string_with_format(top - 1, 0, "Risknivåer (RV = sannolikhet × konsekvens)", &styles.heading)?;
    let columns = [Column::new("Nivå", 22.0, Style::Text), Column::new("RV", 100.0, Style::Text)];
    let levels = rules.templates.levels_by_severity();
    let rows = levels.iter().map(|level| {
        vec![Value::text(Some(level.name.as_str())), Value::Text(format!("{}–{}", level.min, level.max).into())]
    });
    let spec = TableSpec::block("Nivaer", top, &columns);
    write_table(sheet, styles, &spec, levels.len(), rows)?;
    for (offset, level) in levels.iter().enumerate() {
        sheet.write_string_with_format(top + 1 + offset as u32, 0, &level.name, styles.level(Some(&level.name)))?;
    }
    top += levels.len() as u32 + 4;

    sheet.write_string_with_format(top - 1, 0, "Flaggor", &styles.heading)?;
    let mut flagged = [0usize; Flag::ALL.len()];
    for row in batch.registers.iter().flat_map(|register| &register.rows) {
        for (rows, flag) in flagged.iter_mut().zip(Flag::ALL) {
            *rows += usize::from(row.flags.contains(flag));
        }
    }
    let findings: Vec<(Finding, usize)> = Flag::ALL
        .iter()
        .zip(flagged)
        .map(|(flag, rows)| (Finding::Flag(*flag), rows))
        .chain([(Finding::Rejected, batch.rejected_rows())])
        .collect();
    let columns = [
        Column::new("Flagga", 22.0, Style::Wrap),
        Column::new("Förklaring", 100.0, Style::Wrap),
        Column::new("Rader", 10.0, Style::Number),
        Column::new("Flagg-id", 20.0, Style::Text),
    ];
    let rows = findings.iter().map(|(finding, rows)| {
        let text = rules.templates.finding(*finding);
        vec![
            Value::text(Some(rules.templates.finding_label(*finding))),
            Value::text(text.map(|text| text.explanation.as_str())),
            Value::Number(*rows as f64),
            Value::text(Some(finding.as_str())),
        ]
    });
    let spec = TableSpec::block("Flaggor", top, &columns);
    write_table(sheet, styles, &spec, findings.len(), rows)?;
    top += findings.len() as u32 + 4;

    sheet.write_string_with_format(
        top - 1,
        0,
        "Teman: en rad får ett tema när dess text nämner det",
        &styles.heading,
    )?;
    let themes = rules.themes.themes();
    let mut examples: Vec<(usize, Option<&str>)> = vec![(0, None); themes.len()];
    for register in &batch.registers {
        for row in &register.rows {
            for theme in row.themes.iter() {
                let (rows, example) = &mut examples[usize::from(*theme)];
                *rows += 1;
                if example.is_none() && register.kind == Kind::Vor {
                    *example = row.event.as_deref();
                }
            }
        }
    }
    let columns = [
        Column::new("Tema", 22.0, Style::Wrap),
        Column::new("Exempel ur registren", 100.0, Style::Wrap),
        Column::new("Rader", 10.0, Style::Number),
        Column::new("Tema-id", 20.0, Style::Text),
    ];
    let rows = themes.iter().zip(&examples).map(|(theme, (rows, example))| {
        vec![
            Value::text(Some(theme.label.as_str())),
            Value::text(*example),
            Value::Number(*rows as f64),
            Value::text(Some(theme.id.as_str())),
        ]
    });
    let spec = TableSpec::block("TemaForklaring", top, &columns);
    write_table(sheet, styles, &spec, themes.len(), rows)?;
    for (column, width) in [(0, 24.0), (1, 100.0), (2, 10.0), (3, 26.0)] {
        sheet.set_column_width(column, width)?;
    }
    let last = top + themes.len() as u32;
    sheet.set_print_area(0, 0, last, 2)?;
    Ok(())
}

/// A two-column table of texts with its heading above `top`; returns the next block's top.
fn table(
    sheet: &mut Worksheet,
    styles: &Styles,
    top: u32,
    heading: &str,
    name: &str,
    headings: [(&str, f64); 2],
    rows: &[(&str, &str)],
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(top - 1, 0, heading, &styles.heading)?;
    let columns = headings.map(|(heading, width)| Column::new(heading, width, Style::Wrap));
    let values = rows.iter().map(|(first, second)| vec![Value::text(Some(*first)), Value::text(Some(*second))]);
    let spec = TableSpec::block(name, top, &columns);
    write_table(sheet, styles, &spec, rows.len(), values)?;
    Ok(top + rows.len() as u32 + 4)
}

/// What was read: files, sheets, registers of each kind and their rows.
fn inputs_line(batch: &Batch) -> String {
    let registers = |kind: Kind| batch.registers.iter().filter(move |register| register.kind == kind);
    let kinds: Vec<String> = Kind::ALL
        .iter()
        .map(|kind| {
            let rows = n(batch.rows_of(*kind), "rad", "rader");
            format!("{} {} ({rows})", registers(*kind).count(), crate::svenska::kind(*kind))
        })
        .collect();
    format!(
        "Sammanställt ur {} ({} kunde inte läsas): {}.",
        n(batch.files.len(), "fil", "filer"),
        batch.unread_files(),
        kinds.join(", ")
    )
}
