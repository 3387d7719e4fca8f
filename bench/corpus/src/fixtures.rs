//! The rows the corpora are drawn from: riskreg's canonical frame of the fixture registers
//! as JSON records (`riskreg import fixtures/registers -o rows.json`).

use std::path::Path;

use serde::Deserialize;

use crate::register::{Control, Risk};

#[derive(Deserialize)]
struct Record {
    kind: Option<String>,
    goal_id: Option<String>,
    goal: Option<String>,
    process: Option<String>,
    method: Option<String>,
    event: Option<String>,
    probability: Option<i64>,
    consequence: Option<i64>,
    control: Option<String>,
    control_activity: Option<String>,
    event_key: Option<String>,
}

/// What the corpora draw from.
pub struct Fixtures {
    /// The VoR risks, in frame order.
    pub risks: Vec<Risk>,
    /// The plan's (systematisk kontroll, kontrollaktivitet) pairs, in frame order.
    pub controls: Vec<Control>,
    /// Every (event, event_key) riskreg wrote, to check this crate's keys against.
    pub keys: Vec<(String, String)>,
}

/// Reads the JSON records.
pub fn load(path: &Path) -> Result<Fixtures, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let records: Vec<Record> =
        serde_json::from_str(&text).map_err(|err| format!("{}: not riskreg's JSON records: {err}", path.display()))?;
    let mut fixtures = Fixtures { risks: Vec::new(), controls: Vec::new(), keys: Vec::new() };
    for record in records {
        if let (Some(event), Some(key)) = (&record.event, &record.event_key) {
            fixtures.keys.push((event.clone(), key.clone()));
        }
        match record.kind.as_deref() {
            Some("vor") => {
                let (Some(event), Some(probability), Some(consequence)) =
                    (record.event, record.probability, record.consequence)
                else {
                    continue;
                };
                let goal = match (record.goal_id, record.goal) {
                    (Some(id), Some(goal)) => format!("{id} {goal}"),
                    (None, Some(goal)) => goal,
                    _ => continue,
                };
                let (Ok(probability), Ok(consequence)) = (i8::try_from(probability), i8::try_from(consequence)) else {
                    continue;
                };
                fixtures.risks.push(Risk {
                    goal,
                    process: record.process,
                    method: record.method,
                    event,
                    probability,
                    consequence,
                });
            }
            Some("ikp") => {
                if let (Some(control), Some(activity)) = (record.control, record.control_activity) {
                    fixtures.controls.push((control, activity));
                }
            }
            _ => {}
        }
    }
    if fixtures.risks.is_empty() {
        return Err(format!("{}: no VoR rows to draw a corpus from", path.display()));
    }
    Ok(fixtures)
}
