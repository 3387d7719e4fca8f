//! Unit tests of the parent module.

use super::*;
use crate::detect::context::DistrictName;
use crate::error::Location;
use crate::normalise::register::Row;

/// A VoR of Farsta in `year` with (event number, RV) rows.
fn vor(year: i32, events: &[(u32, i16)]) -> Register {
    let rows = events
        .iter()
        .map(|(event, value)| Row {
            event_id: Some(*event),
            risk_value: Some(*value),
            event: Some(format!("E{event}").into()),
            ..Row::default()
        })
        .collect();
    let district = DistrictName { name: "Farsta".into(), current: "Farsta".into(), known: true };
    Register {
        location: Location::file("f"),
        kind: Kind::Vor,
        district: Some(district),
        year: Some(year),
        rows,
        order: (0, 0, 0),
    }
}

fn history(changes: &[Change], event: u32) -> Vec<(i32, Option<&'static str>)> {
    changes
        .iter()
        .filter(|change| change.event == event)
        .map(|change| (change.year, change.change.map(ChangeKind::as_str)))
        .collect()
}

#[test]
fn every_sighting_and_every_gap() {
    let registers = [vor(2018, &[(0, 6), (1, 9)]), vor(2019, &[(0, 8), (2, 4)]), vor(2021, &[(0, 8), (1, 9)])];
    let changes = changes(&registers);
    assert_eq!(history(&changes, 0), [(2018, None), (2019, Some("höjd")), (2021, Some("oförändrad"))]);
    assert_eq!(history(&changes, 1), [(2018, None), (2019, Some("borttagen")), (2021, Some("åter"))]);
    assert_eq!(history(&changes, 2), [(2019, Some("ny")), (2021, Some("borttagen"))]);
    let back = changes.iter().find(|change| change.event == 1 && change.year == 2021).unwrap();
    assert_eq!((back.previous_year, back.previous_risk_value, back.risk_value), (Some(2018), Some(9), Some(9)));
    let counted = counts(&changes);
    assert_eq!(
        counted[&("Farsta".to_string(), 2021)],
        BTreeMap::from([(ChangeKind::Removed, 1), (ChangeKind::Unchanged, 1), (ChangeKind::Back, 1)])
    );
}
