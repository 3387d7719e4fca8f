//! The user-editable templates: column aliases, value words, risk levels, districts, the
//! theme catalogue, event matching and the standard layouts.
//!
//! The TOML files under `templates/` are embedded in the binary as the default.
//! `--templates DIR` replaces any of them with the file of the same name in DIR; files DIR
//! lacks keep their embedded version. Everything is validated on load, so a typo in a
//! template is reported with its file, not discovered halfway through a batch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::normalise::quality::Finding;
use crate::schema::{Field, Flag, Status};

/// The template files, with their embedded default text.
pub const FILES: [(&str, &str); 8] = [
    ("aliases.toml", include_str!("../templates/aliases.toml")),
    ("values.toml", include_str!("../templates/values.toml")),
    ("levels.toml", include_str!("../templates/levels.toml")),
    ("districts.toml", include_str!("../templates/districts.toml")),
    ("themes.toml", include_str!("../templates/themes.toml")),
    ("matching.toml", include_str!("../templates/matching.toml")),
    ("standard.toml", include_str!("../templates/standard.toml")),
    ("flags.toml", include_str!("../templates/flags.toml")),
];

/// Every template, parsed and validated.
#[derive(Debug, Clone)]
pub struct Templates {
    /// Header spellings per register column (`aliases.toml`).
    pub aliases: BTreeMap<Field, Vec<String>>,
    /// The words of value cells (`values.toml`).
    pub values: Values,
    /// Risk levels by RV (`levels.toml`).
    pub levels: Vec<Level>,
    /// Districts and mergers (`districts.toml`).
    pub districts: Vec<District>,
    /// The theme catalogue (`themes.toml`).
    pub themes: Vec<Theme>,
    /// Event matching across years (`matching.toml`).
    pub matching: Matching,
    /// The standard layouts `convert` writes (`standard.toml`).
    pub standard: Standard,
    /// The Swedish label and explanation of each data-quality finding (`flags.toml`).
    pub flags: Vec<FlagText>,
}

/// How the workbook names and explains one data-quality finding: a flag, or `rejected`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagText {
    /// The finding's id: a flag's name in the `flags` column, or `rejected`.
    pub id: String,
    /// Its short Swedish label.
    pub label: String,
    /// What it means and what to do, in Swedish.
    pub explanation: String,
}

/// One risk level: RV from `min` to `max` inclusive.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The level's name, e.g. "Kritisk".
    pub name: String,
    /// Lowest RV of the level.
    pub min: u8,
    /// Highest RV of the level.
    pub max: u8,
    /// Fill colour of cells in workbooks, `#RRGGBB`.
    pub color: String,
    /// Colour of the level's bars in charts, `#RRGGBB`; the fill colour if not given.
    pub chart_color: Option<String>,
}

/// One step of the sannolikhet or konsekvens scale.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleStep {
    /// The value 1–5.
    pub value: u8,
    /// The label of the city's template, e.g. "Sannolikt".
    pub label: String,
    /// Other spellings seen in registers.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The words of an IKP cell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IkpWords {
    /// Words meaning "in the plan".
    pub yes: Vec<String>,
    /// Words meaning "VoR only".
    pub no: Vec<String>,
    /// What riskreg writes for "in the plan".
    pub yes_label: String,
    /// What riskreg writes for "VoR only".
    pub no_label: String,
}

/// The words districts write in value cells.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    /// Sannolikhet 1–5.
    pub probability: Vec<ScaleStep>,
    /// Konsekvens 1–5.
    pub consequence: Vec<ScaleStep>,
    /// IKP cell words.
    pub in_ikp: IkpWords,
    /// Spellings of each status.
    pub status: BTreeMap<Status, Vec<String>>,
    /// The label riskreg writes for each status.
    pub status_labels: BTreeMap<Status, String>,
}

impl Values {
    /// The label of a status, falling back to its canonical name.
    pub fn status_label(&self, status: Status) -> &str {
        self.status_labels.get(&status).map_or(status.as_str(), String::as_str)
    }
}

/// A district, today's or historical.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// The canonical name.
    pub name: String,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The last day a historical district existed.
    pub until: Option<String>,
    /// The district it was merged into.
    pub merged_into: Option<String>,
}

/// A theme of the catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// ASCII snake_case id.
    pub id: String,
    /// Swedish label.
    pub label: String,
    /// Regex patterns; any match classifies a text into the theme.
    pub patterns: Vec<String>,
    /// Regex patterns that veto the theme.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// How events are matched across years.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matching {
    /// Minimum token similarity (0–1] for two event keys to be the same event.
    pub similarity: f64,
    /// Minimum similarity (0–1] of two registers' sets of event keys for one to be a copy
    /// of the other (same district, year and kind).
    pub duplicate_register: f64,
    /// Words dropped from event keys.
    pub stop_words: Vec<String>,
}

/// The standard layouts of `convert`, one per kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// The väsentlighets- och riskanalys sheet.
    pub vor: Layout,
    /// The internkontrollplan sheet.
    pub ikp: Layout,
    /// The follow-up sheet.
    pub uppfoljning: Layout,
}

/// One standard sheet layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The sheet name.
    pub sheet: String,
    /// Title rows above the header, with `{year}`, `{district}`, `{district_genitive}`.
    pub title: Vec<String>,
    /// Write the goal as a heading row above its rows rather than as a column.
    pub goal_as_section: bool,
    /// Fields whose equal consecutive cells are merged.
    pub merge: Vec<Field>,
    /// Fields written only where their value changes, blank below (as many districts do).
    #[serde(default)]
    pub blank_repeats: Vec<Field>,
    /// The columns, left to right.
    pub columns: Vec<LayoutColumn>,
}

/// One column of a standard layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutColumn {
    /// The canonical field written here.
    pub field: Field,
    /// The header text.
    pub heading: String,
    /// The column width in Excel character units.
    pub width: f64,
    /// Written only when some row has a value.
    #[serde(default)]
    pub optional: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasesFile {
    columns: BTreeMap<Field, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelsFile {
    level: Vec<Level>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictsFile {
    district: Vec<District>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<Theme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagsFile {
    flag: Vec<FlagText>,
}

impl Templates {
    /// The embedded templates.
    ///
    /// # Errors
    /// [`Error::Template`] if an embedded file is invalid (a build defect).
    #[cfg(any(test, feature = "fuzzing"))]
    pub fn embedded() -> Result<Templates> {
        Templates::load(None)
    }

    /// The templates, each file taken from `dir` when it has one, else the embedded one.
    ///
    /// # Errors
    /// [`Error::Template`] naming the file when `dir` does not exist, a file cannot be
    /// read, is not valid TOML of the expected shape, or is inconsistent.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Error::Template {
                    file: dir.display().to_string(),
                    message: "not a folder of template files".into(),
                });
            }
        }
        let templates = Templates {
            aliases: parse::<AliasesFile>(dir, "aliases.toml")?.columns,
            values: parse(dir, "values.toml")?,
            levels: parse::<LevelsFile>(dir, "levels.toml")?.level,
            districts: parse::<DistrictsFile>(dir, "districts.toml")?.district,
            themes: parse::<ThemesFile>(dir, "themes.toml")?.theme,
            matching: parse(dir, "matching.toml")?,
            standard: parse(dir, "standard.toml")?,
            flags: parse::<FlagsFile>(dir, "flags.toml")?.flag,
        };
        templates.validate()?;
        Ok(templates)
    }

    /// The levels from the most to the least severe.
    pub fn levels_by_severity(&self) -> Vec<&Level> {
        let mut levels: Vec<&Level> = self.levels.iter().collect();
        levels.sort_by_key(|level| std::cmp::Reverse(level.min));
        levels
    }

    /// The level whose range holds `risk_value`.
    pub fn level_of(&self, risk_value: i16) -> Option<&Level> {
        self.levels.iter().find(|level| (i16::from(level.min)..=i16::from(level.max)).contains(&risk_value))
    }

    /// The label and explanation of a finding (validated on load: every finding has one).
    pub fn finding(&self, finding: Finding) -> Option<&FlagText> {
        self.flags.iter().find(|text| text.id == finding.as_str())
    }

    /// The Swedish label of a finding, or its id if the templates lack it.
    pub fn finding_label(&self, finding: Finding) -> &str {
        self.finding(finding).map_or(finding.as_str(), |text| text.label.as_str())
    }

    fn validate(&self) -> Result<()> {
        validate_levels(&self.levels).map_err(|message| invalid("levels.toml", message))?;
        for (name, scale) in [("probability", &self.values.probability), ("consequence", &self.values.consequence)] {
            validate_scale(scale).map_err(|message| invalid("values.toml", format!("[[{name}]]: {message}")))?;
        }
        validate_districts(&self.districts).map_err(|message| invalid("districts.toml", message))?;
        validate_themes(&self.themes).map_err(|message| invalid("themes.toml", message))?;
        validate_flags(&self.flags).map_err(|message| invalid("flags.toml", message))?;
        if !(self.matching.similarity > 0.0 && self.matching.similarity <= 1.0) {
            return Err(invalid("matching.toml", "similarity must be in (0, 1]".into()));
        }
        if !(self.matching.duplicate_register > 0.0 && self.matching.duplicate_register <= 1.0) {
            return Err(invalid("matching.toml", "duplicate_register must be in (0, 1]".into()));
        }
        Ok(())
    }
}

fn invalid(file: &str, message: String) -> Error {
    Error::Template { file: file.to_string(), message }
}

/// Reads `name` from `dir` if it is there, else the embedded text, and parses it.
/// The largest template file read (the embedded theme catalogue is about 30 KB).
const MAX_TEMPLATE_BYTES: u64 = 4 << 20;

/// A template file's text, refused past [`MAX_TEMPLATE_BYTES`] (a link to `/dev/zero`).
fn read_capped(path: &Path) -> Result<String> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|err| invalid(&shown, err.to_string()))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_TEMPLATE_BYTES + 1), &mut bytes)
        .map_err(|err| invalid(&shown, err.to_string()))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(invalid(&shown, format!("larger than {} MiB: not a template", MAX_TEMPLATE_BYTES >> 20)));
    }
    String::from_utf8(bytes).map_err(|err| invalid(&shown, err.to_string()))
}

fn parse<T: DeserializeOwned>(dir: Option<&Path>, name: &str) -> Result<T> {
    let override_path = dir.map(|dir| dir.join(name)).filter(|path| path.exists());
    let (file, text) = match &override_path {
        Some(path) => (path.display().to_string(), read_capped(path)?),
        None => {
            let embedded = FILES.iter().find(|(file, _)| *file == name).map(|(_, text)| *text).unwrap_or_default();
            (name.to_string(), embedded.to_string())
        }
    };
    toml::from_str(&text).map_err(|err| invalid(&file, err.to_string()))
}

fn validate_levels(levels: &[Level]) -> std::result::Result<(), String> {
    let mut sorted: Vec<&Level> = levels.iter().collect();
    sorted.sort_by_key(|level| level.min);
    let mut next = 1u8;
    for level in &sorted {
        if level.min != next || level.max < level.min {
            return Err(format!(
                "level '{}' ({}–{}) leaves a gap or overlap: the levels must cover RV 1–25 in order",
                level.name, level.min, level.max
            ));
        }
        next = level.max.saturating_add(1);
    }
    if next != 26 {
        return Err("the levels must cover RV 1–25 exactly".into());
    }
    Ok(())
}

fn validate_scale(scale: &[ScaleStep]) -> std::result::Result<(), String> {
    let values: BTreeSet<u8> = scale.iter().map(|step| step.value).collect();
    if values != (1..=5).collect() || scale.len() != 5 {
        return Err("needs exactly one step for each value 1–5".into());
    }
    Ok(())
}

fn validate_districts(districts: &[District]) -> std::result::Result<(), String> {
    let names: BTreeSet<&str> = districts.iter().map(|district| district.name.as_str()).collect();
    if names.len() != districts.len() {
        return Err("a district is listed twice".into());
    }
    for district in districts {
        let merged = district.merged_into.is_some();
        match &district.until {
            Some(until) if !merged => {
                return Err(format!("'{}' has an end date ({until}) but is merged into none", district.name))
            }
            Some(until) if chrono::NaiveDate::parse_from_str(until, "%Y-%m-%d").is_err() => {
                return Err(format!("'{}': until = \"{until}\" is not a date like 2023-06-30", district.name));
            }
            None if merged => {
                return Err(format!("'{}' is merged into another district but has no end date (until)", district.name))
            }
            _ => {}
        }
        let mut current = district;
        for _ in 0..=districts.len() {
            let Some(next) = &current.merged_into else { break };
            current = districts
                .iter()
                .find(|candidate| &candidate.name == next)
                .ok_or_else(|| format!("'{}' is merged into '{next}', which is not listed", current.name))?;
        }
        if current.merged_into.is_some() {
            return Err(format!("the mergers of '{}' go round in a circle", district.name));
        }
    }
    Ok(())
}

/// Every finding once: each flag of [`Flag::ALL`] and `rejected`, and nothing else.
fn validate_flags(flags: &[FlagText]) -> std::result::Result<(), String> {
    let expected: BTreeSet<&str> =
        Flag::ALL.iter().map(|flag| flag.as_str()).chain([Finding::Rejected.as_str()]).collect();
    let mut seen = BTreeSet::new();
    for flag in flags {
        if !expected.contains(flag.id.as_str()) {
            return Err(format!("'{}' is not a flag of riskreg", flag.id));
        }
        if !seen.insert(flag.id.as_str()) {
            return Err(format!("flag '{}' is listed twice", flag.id));
        }
    }
    match expected.difference(&seen).next() {
        Some(missing) => Err(format!("flag '{missing}' has no label")),
        None => Ok(()),
    }
}

fn validate_themes(themes: &[Theme]) -> std::result::Result<(), String> {
    let mut ids = BTreeSet::new();
    for theme in themes {
        if !ids.insert(theme.id.as_str()) {
            return Err(format!("theme id '{}' is used twice", theme.id));
        }
        if theme.patterns.is_empty() {
            return Err(format!("theme '{}' has no patterns", theme.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
