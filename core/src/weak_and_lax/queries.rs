//! The queries of this area: one payload type each, with its permission and its answer.

use super::{Assessment, DepartmentFeedback, ListSubmission, WeakAndLaxState, assess};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Each village's and community's party organization inside the actor's scope, assessed under the
/// current rubric at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxAssessmentQuery {
    /// The moment (overdue problems are counted at it).
    pub at: DateTime<FixedOffset>,
}

/// See [`WeakAndLaxAssessmentQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeakAndLaxAssessmentResult {
    /// The rubric version (absent before any rubric is set).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rubric_version: Option<u32>,
    /// The assessments, by organization id.
    pub assessments: Vec<Assessment>,
}

/// The committee's decisions inside the actor's scope, and the lists submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxListQuery {}

/// One decision as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionLine {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: DivisionCode,
    /// Whether proposed.
    pub propose: bool,
    /// The committee's reason (empty for roles that do not see sensitive data).
    pub reason: String,
    /// When decided.
    pub at: DateTime<FixedOffset>,
    /// The assessment it was made on.
    pub assessment: Assessment,
}

/// See [`WeakAndLaxListQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeakAndLaxListResult {
    /// The decisions, by organization id.
    pub decisions: Vec<DecisionLine>,
    /// The lists submitted upward.
    pub submissions: Vec<ListSubmission>,
}

/// The department feedback inside the actor's scope, in the order recorded (at most 10,000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentFeedbackQuery {
    /// Only this party organization.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization: Option<String>,
}

/// See [`DepartmentFeedbackQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentFeedbackResult {
    /// The feedback.
    pub feedback: Vec<DepartmentFeedback>,
}

crate::engine::guarded! {
    WeakAndLaxAssessmentQuery => Read, "read the campaign", Filtered;
    WeakAndLaxListQuery => Read, "read the campaign", Filtered;
    DepartmentFeedbackQuery => Read, "read the campaign", Filtered;
}

impl<S: WeakAndLaxState> Answer<S> for WeakAndLaxAssessmentQuery {
    type Output = WeakAndLaxAssessmentResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<WeakAndLaxAssessmentResult> {
        let organization = state.organization();
        let Some((version, rubric)) = state.weak_and_lax().rubric() else {
            return Ok(WeakAndLaxAssessmentResult { rubric_version: None, assessments: Vec::new() });
        };
        let assessments = organization
            .village_organizations_in(cx.actor.scope)
            .map(|o| assess(state, o, version, rubric, self.at))
            .collect();
        Ok(WeakAndLaxAssessmentResult { rubric_version: Some(version), assessments })
    }
}

impl<S: WeakAndLaxState> Answer<S> for WeakAndLaxListQuery {
    type Output = WeakAndLaxListResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<WeakAndLaxListResult> {
        let w = state.weak_and_lax();
        let orgs = &state.organization().party_organizations;
        let decisions = w
            .decisions
            .iter()
            .filter(|(_, d)| cx.actor.scope.contains(d.assessment.unit))
            .map(|(id, d)| DecisionLine {
                organization: id.clone(),
                name: orgs.get(id).map(|o| o.name.clone()).unwrap_or_default(),
                unit: d.assessment.unit,
                propose: d.propose,
                // The committee's words may name people: for roles that see sensitive data.
                reason: if cx.actor.sees_sensitive_in(d.assessment.unit) { d.reason.clone() } else { String::new() },
                at: d.at,
                assessment: d.assessment.clone(),
            })
            .collect();
        // A list is the sub-district's: shown whole to readers of the whole sub-district, else only
        // its organizations inside the scope.
        let submissions = w
            .submissions
            .iter()
            .map(|s| ListSubmission {
                organizations: s
                    .organizations
                    .iter()
                    .filter(|o| orgs.get(*o).is_some_and(|o| cx.actor.scope.contains(o.unit)))
                    .cloned()
                    .collect(),
                ..s.clone()
            })
            .collect();
        Ok(WeakAndLaxListResult { decisions, submissions })
    }
}

impl<S: WeakAndLaxState> Answer<S> for DepartmentFeedbackQuery {
    type Output = DepartmentFeedbackResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<DepartmentFeedbackResult> {
        let orgs = &state.organization().party_organizations;
        let feedback = state
            .weak_and_lax()
            .feedback
            .iter()
            .filter(|f| self.organization.as_deref().is_none_or(|o| o == f.organization))
            .filter_map(|f| Some((f, orgs.get(&f.organization)?.unit)))
            .filter(|(_, unit)| cx.actor.scope.contains(*unit))
            .take(10_000)
            .map(|(f, unit)| {
                // A department's notes may name people (a petitioner, a suspect).
                let notes = if cx.actor.sees_sensitive_in(unit) { f.notes.clone() } else { String::new() };
                DepartmentFeedback { notes, ..f.clone() }
            })
            .collect();
        Ok(DepartmentFeedbackResult { feedback })
    }
}
