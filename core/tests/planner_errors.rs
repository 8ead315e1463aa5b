//! The planner's errors (`grassroots::planner::PlanError`, from the `grassroots-planner` crate) as the
//! core's `Error`: an invalid value is `INVALID_FIELD` naming the field, infeasibility is
//! `RULE_VIOLATED` with every reason in the message, nothing else set.

use grassroots::planner::{Household, Instance, Member, PlanError, Policy, plan};
use grassroots::{Error, ErrorCode};

#[test]
fn an_invalid_value_is_an_invalid_field_error_naming_the_field() {
    let mut households = vec![Household::at(0.0, 0.0), Household::at(1.0, 0.0)];
    households[1].weight = 0;
    let inst = Instance { households, members: vec![Member::at(0.0, 0.0)], policy: Policy::default() };
    let err = Error::from(plan(&inst).unwrap_err());
    assert_eq!(err, Error::invalid_field("households[1].weight", "must be at least 1"));
    assert_eq!(err.code(), ErrorCode::InvalidField);
    assert_eq!(err.field.as_deref(), Some("households[1].weight"));
}

#[test]
fn infeasibility_is_a_rule_violation_with_the_reasons() {
    let households = (0..40).map(|k| Household::at(k as f64, 0.0)).collect();
    let members = vec![Member::at(0.0, 0.0), Member::at(5.0, 0.0)];
    let inst = Instance { households, members, policy: Policy { min: 1, max: 12, ..Policy::default() } };
    let e = plan(&inst).unwrap_err();
    assert!(matches!(e, PlanError::Infeasible(_)));
    let message = e.to_string();
    let err = Error::from(e);
    assert_eq!(err, Error::rule("microGrid.planFeasible", message));
    assert_eq!(err.code, ErrorCode::RuleViolated);
    assert!(err.message.starts_with("no plan links every household: group 0: 40 households"), "{}", err.message);
    assert!(err.message.contains("add 2 more member(s)"), "{}", err.message);
}
