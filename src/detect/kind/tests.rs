//! Unit tests of the parent module.

use super::*;

fn kind(fields: &[Field]) -> Option<Kind> {
    detect_kind(fields).map(|(kind, _)| kind)
}

#[test]
fn kinds_of_the_seed_layouts() {
    use Field::*;
    assert_eq!(
        kind(&[Goal, Process, Method, RiskNo, Event, Probability, Consequence, RiskValue, InIkp]),
        Some(Kind::Vor)
    );
    assert_eq!(kind(&[Process, Method, Control, Event, RiskValue, ControlActivity]), Some(Kind::Ikp));
    assert_eq!(kind(&[Method, Control, ControlActivity, Analysis]), Some(Kind::Ikp));
    assert_eq!(kind(&[Control, Event, Measure, Status, StartDate, EndDate, Analysis]), Some(Kind::Uppfoljning));
    assert_eq!(kind(&[Goal, Process, Method]), None);
}

#[test]
fn a_plan_with_a_risk_assessment_is_a_plan() {
    use Field::*;
    let (kind, deciding) =
        detect_kind(&[Process, Event, Probability, Consequence, RiskValue, ControlActivity]).unwrap();
    assert_eq!((kind, deciding), (Kind::Ikp, vec![ControlActivity]));
    assert_eq!(detect_kind(&[Event, RiskValue]), Some((Kind::Vor, vec![RiskValue])));
}
