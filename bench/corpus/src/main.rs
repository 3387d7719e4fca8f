//! The benchmark corpora of DESIGN.md section 6 (see bench/README.md), generated
//! deterministically from the canonical rows of the fixture registers.
//!
//! ```text
//! riskreg-corpus city         --from ROWS.json -o DIR              13 districts × 12 years, rows drawn from the fixtures
//! riskreg-corpus city-phrases --from ROWS.json -o DIR [--check F]  the same shape, events composed from a shared vocabulary
//! riskreg-corpus big          --from ROWS.json -o DIR --rows N     one N-row workbook and the same rows as a Windows-1252 CSV
//! riskreg-corpus scale        --from ROWS.json -o DIR --rows N...  one N-row workbook per N
//! riskreg-corpus scale-years  --from ROWS.json -o DIR --rows N... [--check F]
//!                                                                  N rows as 12 years of one district, in DIR/N/
//! ```
//!
//! ROWS.json is riskreg's canonical frame of the fixtures as JSON records
//! (`riskreg import fixtures/registers -o ROWS.json`). Options: `--seed S` (2026),
//! `--matching FILE` (templates/matching.toml: riskreg's stop words and similarity, for
//! the phrases corpora and their check), `--check FILE` (the phrases corpora's figures as
//! JSON, also summed up on stderr; keep it outside the corpus folder, which riskreg walks).

mod fixtures;
mod matcher;
mod phrases;
mod random;
mod register;
mod text;
mod vocabulary;

use std::path::{Path, PathBuf};

use random::SplitMix;
use register::{write_csv, write_workbook, Risk};

/// The districts of the "city" corpora: Stockholm's 13 before 2020.
pub const DISTRICTS: [&str; 13] = [
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
/// The years of the "city" corpora.
pub const YEARS: std::ops::RangeInclusive<i32> = 2011..=2022;
/// Risks per generated register, about.
pub const RISKS_PER_REGISTER: usize = 100;

struct Args {
    corpus: String,
    from: PathBuf,
    out: PathBuf,
    rows: Vec<usize>,
    seed: u64,
    matching: PathBuf,
    check: Option<PathBuf>,
}

const USAGE: &str = "usage: riskreg-corpus city|city-phrases|big|scale|scale-years --from ROWS.json -o DIR [--rows N]... [--seed S] [--matching templates/matching.toml] [--check FILE.json]";

fn parse() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().ok_or(USAGE)?;
    if !["city", "city-phrases", "big", "scale", "scale-years"].contains(&corpus.as_str()) {
        return Err(format!("unknown corpus {corpus:?}\n{USAGE}"));
    }
    let mut parsed = Args {
        corpus,
        from: PathBuf::new(),
        out: PathBuf::new(),
        rows: Vec::new(),
        seed: 2026,
        matching: PathBuf::from("templates/matching.toml"),
        check: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--from" => parsed.from = PathBuf::from(value()?),
            "-o" | "--output" => parsed.out = PathBuf::from(value()?),
            "--rows" => parsed.rows.push(value()?.parse().map_err(|_| format!("--rows: not a number\n{USAGE}"))?),
            "--seed" => parsed.seed = value()?.parse().map_err(|_| format!("--seed: not a number\n{USAGE}"))?,
            "--matching" => parsed.matching = PathBuf::from(value()?),
            "--check" => parsed.check = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    if parsed.from.as_os_str().is_empty() || parsed.out.as_os_str().is_empty() {
        return Err(USAGE.to_string());
    }
    let needs_rows = ["big", "scale", "scale-years"].contains(&parsed.corpus.as_str());
    if needs_rows && parsed.rows.is_empty() {
        return Err(format!("{} needs --rows N\n{USAGE}", parsed.corpus));
    }
    if parsed.rows.contains(&0) {
        return Err("--rows must be at least 1".into());
    }
    Ok(parsed)
}

fn main() {
    let args = match parse() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("riskreg-corpus: {message}");
            std::process::exit(2);
        }
    };
    match run(&args) {
        Ok(written) => eprintln!("riskreg-corpus: wrote {written} files under {}", args.out.display()),
        Err(message) => {
            eprintln!("riskreg-corpus: {message}");
            std::process::exit(1);
        }
    }
}

fn create_dir(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path).map_err(|err| format!("{}: {err}", path.display()))
}

fn run(args: &Args) -> Result<usize, String> {
    let fixtures = fixtures::load(&args.from)?;
    create_dir(&args.out)?;
    let mut random = SplitMix(args.seed);
    let mut written = 0;
    match args.corpus.as_str() {
        "city" => {
            for district in DISTRICTS {
                let folder = args.out.join(text::fold(district).replace(' ', "-"));
                create_dir(&folder)?;
                for year in YEARS {
                    let count = RISKS_PER_REGISTER - 5 + random.below(11);
                    let register = draw(&fixtures.risks, count, &mut random);
                    write_workbook(
                        &register,
                        &fixtures.controls,
                        district,
                        year,
                        &folder.join(format!("VoR {year} {district}.xlsx")),
                        true,
                    )?;
                    written += 1;
                }
            }
        }
        "big" | "scale" => {
            for &rows in &args.rows {
                // Each size from the seed, as the former generator ran once per size.
                let mut random = SplitMix(args.seed);
                let mut register = Vec::with_capacity(rows);
                while register.len() < rows {
                    register.extend(draw(&fixtures.risks, RISKS_PER_REGISTER.min(rows - register.len()), &mut random));
                }
                write_workbook(
                    &register,
                    &fixtures.controls,
                    DISTRICTS[0],
                    *YEARS.end(),
                    &args.out.join(format!("VoR {rows}.xlsx")),
                    false,
                )?;
                written += 1;
                if args.corpus == "big" {
                    write_csv(&register, DISTRICTS[0], *YEARS.end(), &args.out.join(format!("VoR {rows}.csv")))?;
                    written += 1;
                }
            }
        }
        "city-phrases" | "scale-years" => {
            let keyer = text::Keyer::from_file(&args.matching)?;
            check_keys(&keyer, &fixtures)?;
            let report = if args.corpus == "city-phrases" {
                phrases::city(&fixtures, &keyer, &args.out, &mut random, &mut written)?
            } else {
                let mut reports = Vec::new();
                for &rows in &args.rows {
                    let mut random = SplitMix(args.seed);
                    reports.push(phrases::scale_years(
                        &fixtures,
                        &keyer,
                        rows,
                        &args.out.join(rows.to_string()),
                        &mut random,
                        &mut written,
                    )?);
                }
                serde_json::Value::Array(reports)
            };
            if let Some(path) = &args.check {
                let text = serde_json::to_string_pretty(&report).map_err(|err| err.to_string())?;
                std::fs::write(path, text + "\n").map_err(|err| format!("{}: {err}", path.display()))?;
            }
        }
        _ => unreachable!("checked in parse"),
    }
    Ok(written)
}

/// This crate's event keys against those riskreg wrote into the fixture rows: the phrases
/// corpora are built on them, so they must be riskreg's.
fn check_keys(keyer: &text::Keyer, fixtures: &fixtures::Fixtures) -> Result<(), String> {
    let wrong: Vec<_> = fixtures.keys.iter().filter(|(event, key)| keyer.key(event) != *key).collect();
    match wrong.first() {
        None => Ok(()),
        Some((event, key)) => Err(format!(
            "{} of {} fixture events get another key here than riskreg's (e.g. {event:?}: riskreg {key:?}, here {:?}): is --matching riskreg's matching.toml?",
            wrong.len(),
            fixtures.keys.len(),
            keyer.key(event)
        )),
    }
}

/// `count` risks drawn from the fixtures, grouped by goal and process as a register is,
/// their sannolikhet and konsekvens moved a step now and then, as from year to year.
fn draw(risks: &[Risk], count: usize, random: &mut SplitMix) -> Vec<Risk> {
    let mut drawn: Vec<Risk> = (0..count)
        .map(|_| {
            let mut risk = risks[random.below(risks.len())].clone();
            risk.probability = nudge(risk.probability, random);
            risk.consequence = nudge(risk.consequence, random);
            risk
        })
        .collect();
    drawn.sort_by(|a, b| (&a.goal, &a.process).cmp(&(&b.goal, &b.process)));
    drawn
}

/// A value moved a step up or down now and then (one time in five each), within 1–5.
pub fn nudge(value: i8, random: &mut SplitMix) -> i8 {
    (value + [0, 0, 0, 1, -1][random.below(5)]).clamp(1, 5)
}
