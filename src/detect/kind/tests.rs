//! Unit tests of the parent module.

use super::*;

#[test]
fn kinds_of_the_seed_layouts() {
    use Field::*;
    assert_eq!(
        detect_kind(&[Goal, Process, Method, RiskNo, Event, Probability, Consequence, RiskValue, InIkp]),
        Some(Kind::Vor)
    );
    assert_eq!(detect_kind(&[Process, Method, Control, Event, RiskValue, ControlActivity]), Some(Kind::Ikp));
    assert_eq!(detect_kind(&[Method, Control, ControlActivity, Analysis]), Some(Kind::Ikp));
    assert_eq!(detect_kind(&[Control, Event, Measure, Status, StartDate, EndDate, Analysis]), Some(Kind::Uppfoljning));
    assert_eq!(detect_kind(&[Goal, Process, Method]), None);
}
