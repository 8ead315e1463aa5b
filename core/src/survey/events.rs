//! The events of this area: one payload type each, with its `apply`.

use super::{FindingRef, SurveyState};
use crate::engine::Apply;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A questionnaire version was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionnaireRegistered {
    /// The questionnaire (its definition on the wire).
    pub questionnaire: Box<super::questionnaire::Questionnaire>,
}

/// A door-knock visit was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VisitRecorded {
    /// The visit (shared with the state: visits carry answers, and are not copied).
    pub visit: std::sync::Arc<super::Visit>,
}

impl<S: SurveyState> Apply<S> for QuestionnaireRegistered {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        // Checked when decided; a version already present cannot arrive twice in a valid log.
        let _ = state.survey_mut().questionnaires.register(self.questionnaire.as_ref().clone());
    }
}

impl<S: SurveyState> Apply<S> for VisitRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let visit = &self.visit;
        let (survey, people) = state.survey_and_people_mut();
        for f in &visit.findings {
            survey.findings.insert(FindingRef {
                id: f.id.clone(),
                category: f.category,
                visit: visit.id.clone(),
                unit: visit.unit,
            });
        }
        survey.visits.insert(Arc::clone(visit));
        // One lookup gives both the household's unit and its place in `coverage`.
        let Some((i, unit)) = people.households.position_and_get(&visit.household).map(|(i, h)| (i, h.unit)) else {
            return;
        };
        let Some(coverage) = survey.coverage.get_mut(i) else {
            return;
        };
        let before = coverage.status();
        coverage.visits += 1;
        if visit.outcome.covers() {
            coverage.covered_at = Some(coverage.covered_at.map_or(visit.visited_at, |t| t.min(visit.visited_at)));
        } else {
            coverage.last_attempt_at =
                Some(coverage.last_attempt_at.map_or(visit.visited_at, |t| t.max(visit.visited_at)));
        }
        let after = coverage.status();
        if before != after {
            let counts = survey.unit_coverage.entry(unit).or_default();
            counts.count(before, -1);
            counts.count(after, 1);
        }
    }
}
