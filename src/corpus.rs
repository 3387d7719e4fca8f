//! Benchmark corpora, generated deterministically from the rows of real registers
//! (the fixtures): "city", 13 districts × 12 years × about 100 risks, one VoR-and-plan
//! workbook each; "big", one workbook of N risks and the same rows as a Windows-1252 `;`
//! CSV; "scale", one workbook of N risks. Workbooks have two merged title rows, merged
//! goal cells and blank continuation cells, as district files do.

use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::normalise::frame::{FrameView, RowValues, SheetColumns, SheetConstants};
use crate::pipeline::{self, Options};
use crate::rules::Rules;
use crate::schema::{col, Field, Flags, Kind};
use crate::templates::Templates;
use crate::write::template::{self, SourceSheet};

/// Which corpus to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corpus {
    /// 13 districts × 12 years × about 100 risks.
    City,
    /// One workbook of `rows` risks, and the same rows as a Windows-1252 CSV.
    Big,
    /// One workbook of `rows` risks.
    Scale,
}

/// The districts of the "city" corpus: Stockholm's 13 before 2020.
const DISTRICTS: [&str; 13] = [
    "Bromma",
    "Enskede-Årsta-Vantör",
    "Farsta",
    "Hägersten-Liljeholmen",
    "Hässelby-Vällingby",
    "Kungsholmen",
    "Norrmalm",
    "Rinkeby-Kista",
    "Skarpnäck",
    "Skärholmen",
    "Spånga-Tensta",
    "Södermalm",
    "Östermalm",
];
/// The years of the "city" corpus.
const YEARS: std::ops::RangeInclusive<i32> = 2011..=2022;
/// Risks per generated register, about.
const RISKS_PER_REGISTER: usize = 100;

/// A plan's systematisk kontroll and kontrollaktivitet.
type Control = (String, String);

/// A risk of the vocabulary.
#[derive(Debug, Clone)]
struct Risk {
    goal: String,
    process: Option<String>,
    method: Option<String>,
    event: String,
    probability: i8,
    consequence: i8,
}

/// Writes a corpus into `out`, drawing rows from the registers under `from`.
///
/// # Errors
/// [`Error::Usage`] when `from` holds no VoR rows; write errors.
pub fn generate(
    rules: &Rules,
    corpus: Corpus,
    rows: usize,
    from: &Path,
    out: &Path,
    seed: u64,
) -> Result<Vec<PathBuf>> {
    let batch = pipeline::run(rules, &Options::default(), &[from.to_path_buf()])?;
    let (risks, controls) = vocabulary(&batch.frame)?;
    if risks.is_empty() {
        return Err(Error::Usage(format!("{}: no VoR rows to draw a corpus from", from.display())));
    }
    std::fs::create_dir_all(out).map_err(|err| Error::write(out, err))?;
    let mut random = SplitMix(seed);
    let mut written = Vec::new();
    match corpus {
        Corpus::City => {
            for district in DISTRICTS {
                let folder = out.join(crate::text::fold(district).replace(' ', "-"));
                std::fs::create_dir_all(&folder).map_err(|err| Error::write(&folder, err))?;
                for year in YEARS {
                    let count = RISKS_PER_REGISTER - 5 + random.below(11);
                    let register = draw(&risks, count, &mut random);
                    let path = folder.join(format!("VoR {year} {district}.xlsx"));
                    write_workbook(rules, &register, &controls, district, year, &path, true)?;
                    written.push(path);
                }
            }
        }
        Corpus::Big | Corpus::Scale => {
            let mut register = Vec::with_capacity(rows);
            while register.len() < rows {
                register.extend(draw(&risks, RISKS_PER_REGISTER.min(rows - register.len()), &mut random));
            }
            let path = out.join(format!("VoR {rows}.xlsx"));
            write_workbook(rules, &register, &controls, DISTRICTS[0], *YEARS.end(), &path, false)?;
            written.push(path);
            if corpus == Corpus::Big {
                let csv = out.join(format!("VoR {rows}.csv"));
                write_csv(rules, &register, DISTRICTS[0], *YEARS.end(), &csv)?;
                written.push(csv);
            }
        }
    }
    Ok(written)
}

/// The VoR risks and the plan's (control, control activity) pairs of a frame.
fn vocabulary(frame: &DataFrame) -> Result<(Vec<Risk>, Vec<Control>)> {
    let view = FrameView::new(frame)?;
    let text = |column: &StringChunked, row: usize| column.get(row).map(str::to_string);
    let mut risks = Vec::new();
    let mut controls = Vec::new();
    for row in 0..view.len() {
        match view.kind_of(row) {
            Some(Kind::Vor) => {
                let (Some(event), Some(probability), Some(consequence)) =
                    (text(view.event, row), view.probability.get(row), view.consequence.get(row))
                else {
                    continue;
                };
                let goal = match (view.goal_id.get(row), view.goal.get(row)) {
                    (Some(id), Some(goal)) => format!("{id} {goal}"),
                    (None, Some(goal)) => goal.to_string(),
                    _ => continue,
                };
                risks.push(Risk {
                    goal,
                    process: text(view.process, row),
                    method: text(view.method, row),
                    event,
                    probability,
                    consequence,
                });
            }
            Some(Kind::Ikp) => {
                if let (Some(control), Some(activity)) = (text(view.control, row), text(view.control_activity, row)) {
                    controls.push((control, activity));
                }
            }
            _ => {}
        }
    }
    Ok((risks, controls))
}

/// `count` risks drawn from the vocabulary, grouped by goal and process as a register is,
/// their sannolikhet and konsekvens moved a step now and then, as from year to year.
fn draw(risks: &[Risk], count: usize, random: &mut SplitMix) -> Vec<Risk> {
    let mut drawn: Vec<Risk> = (0..count)
        .map(|_| {
            let mut risk = risks[random.below(risks.len())].clone();
            let nudge = |value: i8, roll: usize| (value + [0, 0, 0, 1, -1][roll]).clamp(1, 5);
            risk.probability = nudge(risk.probability, random.below(5));
            risk.consequence = nudge(risk.consequence, random.below(5));
            risk
        })
        .collect();
    drawn.sort_by(|a, b| (&a.goal, &a.process).cmp(&(&b.goal, &b.process)));
    drawn
}

/// The frame of one generated register: the VoR rows, then the plan rows of the risks
/// marked for it.
fn frame(
    rules: &Rules,
    register: &[Risk],
    controls: &[Control],
    district: &str,
    year: i32,
    with_plan: bool,
) -> Result<DataFrame> {
    let mut frames = Vec::new();
    for kind in [Kind::Vor, Kind::Ikp] {
        if kind == Kind::Ikp && !with_plan {
            continue;
        }
        let mut columns = SheetColumns::with_capacity(register.len());
        let mut next_row = 1;
        for (number, risk) in register.iter().enumerate() {
            let risk_value = i16::from(risk.probability) * i16::from(risk.consequence);
            let in_plan = in_plan(number, risk_value);
            if kind == Kind::Ikp && !in_plan {
                continue;
            }
            let (goal_id, goal) = crate::normalise::values::split_goal(&risk.goal);
            let control = controls.get(number % controls.len().max(1));
            let values = RowValues {
                goal_id,
                goal: Some(goal),
                process: risk.process.as_deref(),
                method: risk.method.as_deref(),
                risk_no: i32::try_from(number + 1).ok(),
                event: Some(&risk.event),
                probability: (kind == Kind::Vor).then_some(risk.probability),
                consequence: (kind == Kind::Vor).then_some(risk.consequence),
                risk_value: Some(risk_value),
                in_ikp: (kind == Kind::Vor).then_some(in_plan),
                control: control.filter(|_| kind == Kind::Ikp).map(|(control, _)| control.as_str()),
                control_activity: control.filter(|_| kind == Kind::Ikp).map(|(_, activity)| activity.as_str()),
                source_row: next_row,
                ..RowValues::default()
            };
            next_row += 1;
            columns.push(&values, Flags::default());
        }
        let district_name = rules.districts.from_option(district);
        let constants = SheetConstants {
            district: Some(&district_name.name),
            district_current: Some(&district_name.current),
            year: Some(year),
            kind,
            source_file: "",
            source_sheet: kind.as_str(),
        };
        let mut sheet = columns.finish(&constants)?.frame;
        let height = sheet.height();
        for name in [col::THEMES, col::EVENT_KEY, col::FLAGS] {
            sheet.with_column(StringChunked::full(name.into(), "", height).into_column())?;
        }
        frames.push(sheet);
    }
    crate::normalise::frame::concat(frames)
}

/// The generation layout: the standard VoR with goals merged and processes and arbetssätt
/// written only where they change, as many district files are.
fn messy(templates: &Templates) -> Templates {
    let mut templates = templates.clone();
    templates.standard.vor.merge = vec![Field::Goal];
    templates.standard.vor.blank_repeats = vec![Field::Process, Field::Method];
    templates
}

fn write_workbook(
    rules: &Rules,
    register: &[Risk],
    controls: &[Control],
    district: &str,
    year: i32,
    path: &Path,
    with_plan: bool,
) -> Result<()> {
    let frame = frame(rules, register, controls, district, year, with_plan)?;
    let view = FrameView::new(&frame)?;
    let rows_of = |kind: Kind| (0..view.len()).filter(|row| view.kind_of(*row) == Some(kind)).collect::<Vec<_>>();
    let mut sheets = vec![SourceSheet { name: "vor", kind: Kind::Vor, rows: rows_of(Kind::Vor) }];
    if with_plan {
        sheets.push(SourceSheet { name: "ikp", kind: Kind::Ikp, rows: rows_of(Kind::Ikp) });
    }
    template::write(&view, &sheets, &[], &messy(&rules.templates), path)
}

/// The register as a Windows-1252 `;` CSV with the standard VoR header, values as the
/// template writes them, blank continuation cells for goal and process.
fn write_csv(rules: &Rules, register: &[Risk], district: &str, year: i32, path: &Path) -> Result<()> {
    let values = &rules.templates.values;
    let label = |scale: &[crate::templates::ScaleStep], value: i8| {
        scale
            .iter()
            .find(|step| i16::from(step.value) == i16::from(value))
            .map_or(value.to_string(), |step| format!("{value}. {}", step.label))
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    let csv_error = |err: csv::Error| Error::write(path, err.into());
    writer
        .write_record([format!("{district} stadsdelsnämnd – Väsentlighets- och riskanalys {year}")])
        .map_err(csv_error)?;
    writer.write_record([""]).map_err(csv_error)?;
    let layout = &rules.templates.standard.vor;
    writer
        .write_record(
            layout
                .columns
                .iter()
                .filter(|column| !column.optional || column.field == Field::InIkp)
                .map(|column| &column.heading),
        )
        .map_err(csv_error)?;
    let mut previous: Option<&Risk> = None;
    for (number, risk) in register.iter().enumerate() {
        let same_goal = previous.is_some_and(|previous| previous.goal == risk.goal);
        let same_process = same_goal && previous.is_some_and(|previous| previous.process == risk.process);
        let risk_value = i16::from(risk.probability) * i16::from(risk.consequence);
        let ikp = if in_plan(number, risk_value) { &values.in_ikp.yes_label } else { &values.in_ikp.no_label };
        writer
            .write_record([
                if same_goal { "" } else { &risk.goal },
                if same_process { "" } else { risk.process.as_deref().unwrap_or_default() },
                risk.method.as_deref().unwrap_or_default(),
                &(number + 1).to_string(),
                &risk.event,
                &label(&values.probability, risk.probability),
                &label(&values.consequence, risk.consequence),
                &risk_value.to_string(),
                ikp,
            ])
            .map_err(csv_error)?;
        previous = Some(risk);
    }
    let text = writer.into_inner().map_err(|err| Error::write(path, err.into_error()))?;
    let text = String::from_utf8_lossy(&text);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    crate::write::atomically(path, |out| out.write_all(&bytes).map_err(|err| Error::write(path, err)))
}

/// Which generated risks go into the plan: most of the critical ones.
fn in_plan(number: usize, risk_value: i16) -> bool {
    risk_value >= 12 && number % 3 != 0
}

/// A small deterministic generator (SplitMix64), enough to draw rows reproducibly.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (at least 1).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}
