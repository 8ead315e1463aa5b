//! The events of this area: one payload type each, with its `apply`.

use super::{Decision, DepartmentFeedback, ListSubmission, Rubric, WeakAndLaxState};
use crate::engine::Apply;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Department feedback was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentFeedbackRecorded {
    /// The feedback.
    pub feedback: DepartmentFeedback,
}

/// A new rubric version was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RubricSet {
    /// Its version.
    pub version: u32,
    /// The rubric.
    pub rubric: Rubric,
}

/// The committee decided on an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxDecided {
    /// The party organization.
    pub organization: String,
    /// The decision, with the assessment it was made on.
    pub decision: Decision,
}

/// The list was submitted upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxListSubmitted {
    /// Its version.
    pub version: u32,
    /// To whom.
    pub to: String,
    /// The organizations proposed.
    pub organizations: Vec<String>,
}

/// The district confirmed a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxListConfirmed {
    /// The list's version.
    pub version: u32,
    /// Who confirmed it.
    pub by: String,
}

impl<S: WeakAndLaxState> Apply<S> for DepartmentFeedbackRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.weak_and_lax_mut().feedback.push(self.feedback.clone());
    }
}

impl<S: WeakAndLaxState> Apply<S> for RubricSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let rubrics = &mut state.weak_and_lax_mut().rubrics;
        if self.version as usize == rubrics.len() + 1 {
            rubrics.push(self.rubric.clone());
        }
    }
}

impl<S: WeakAndLaxState> Apply<S> for WeakAndLaxDecided {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.weak_and_lax_mut().decisions.insert(self.organization.clone(), self.decision.clone());
    }
}

impl<S: WeakAndLaxState> Apply<S> for WeakAndLaxListSubmitted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        state.weak_and_lax_mut().submissions.push(ListSubmission {
            version: self.version,
            to: self.to.clone(),
            at,
            organizations: self.organizations.clone(),
            confirmed: None,
        });
    }
}

impl<S: WeakAndLaxState> Apply<S> for WeakAndLaxListConfirmed {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(s) = state.weak_and_lax_mut().submissions.iter_mut().find(|s| s.version == self.version)
            && s.confirmed.is_none()
        {
            s.confirmed = Some((self.by.clone(), at));
            let organizations = s.organizations.clone();
            state.list_confirmed(self.version, &organizations, &self.by, at);
        }
    }
}
