//! What the library computes for an organization and shows beside each tier's judgement: its
//! problems, listed supervision, rectification measures, and the residents' and members' satisfaction
//! from the survey and the look-back's democratic evaluation.

use super::AcceptanceState;
use crate::calendar::local_date;
use crate::organization::PartyOrganization;
use crate::review::ReviewStatus;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The indicators of one organization at a moment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    /// Problems of its village or community closed.
    pub problems_closed: u32,
    /// Problems still open.
    pub problems_open: u32,
    /// Open problems past their due date.
    pub problems_overdue: u32,
    /// Listings for supervision (挂牌督办) of its unit not yet delisted.
    pub supervision_open: u32,
    /// Its rectification measures verified.
    pub measures_verified: u32,
    /// Its rectification measures in all.
    pub measures: u32,
    /// The share of surveyed households satisfied or basically satisfied with the party organization
    /// (the reference questionnaire's `satisfaction_party`), of those that answered.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub survey_satisfaction: Option<f64>,
    /// The satisfaction of its latest concluded look-back's democratic evaluation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evaluation_satisfaction: Option<f64>,
}

/// The indicators of organization `o` at `at`.
pub fn indicators<S: AcceptanceState>(state: &S, o: &PartyOrganization, at: DateTime<FixedOffset>) -> Indicators {
    let day = local_date(at);
    let mut i = Indicators::default();
    for p in state.problems().problems.iter().filter(|p| p.unit == o.unit) {
        if p.status.is_open() {
            i.problems_open += 1;
            i.problems_overdue += u32::from(p.clock_runs() && p.due.is_some_and(|d| day > d));
        } else if p.status == crate::problem::ProblemStatus::Closed {
            i.problems_closed += 1;
        }
    }
    i.supervision_open =
        state.problems().listings.iter().filter(|l| l.unit == o.unit && l.delisted_at.is_none()).count() as u32;
    if let Some(l) = state.rectification().ledgers.get(&o.id) {
        i.measures = l.measures.len() as u32;
        i.measures_verified =
            l.measures.iter().filter(|m| m.status == crate::rectification::MeasureStatus::Verified).count() as u32;
    }
    let (mut answered, mut satisfied) = (0u32, 0u32);
    for v in state.survey().visits.iter().filter(|v| v.unit == o.unit && v.duplicate_of.is_none()) {
        match v.answers.as_ref().and_then(|a| a.get("satisfaction_party")).and_then(|x| x.as_str()) {
            Some("satisfied" | "basically_satisfied") => {
                answered += 1;
                satisfied += 1;
            }
            Some("dissatisfied") => answered += 1,
            _ => {}
        }
    }
    i.survey_satisfaction = (answered > 0).then(|| f64::from(satisfied) / f64::from(answered));
    i.evaluation_satisfaction = state
        .reviews()
        .reviews
        .iter()
        .rev()
        .find(|r| r.unit == o.unit && r.status == ReviewStatus::Concluded)
        .and_then(|r| r.evaluation.as_ref()?.satisfaction());
    i
}
