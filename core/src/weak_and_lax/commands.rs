//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{
    Decision, DepartmentFeedback, DepartmentFeedbackRecorded, Rubric, RubricSet, WeakAndLaxDecided, WeakAndLaxEvents,
    WeakAndLaxListConfirmed, WeakAndLaxListSubmitted, WeakAndLaxState, assess,
};
use crate::engine::check::{text, text_or_empty};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::organization::{PartyOrganization, campaign_in_scope};
use crate::review::ReviewStatus;
use serde::{Deserialize, Serialize};

/// Records a department's feedback on a village's or community's party organization for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDepartmentFeedback {
    /// The feedback.
    pub feedback: DepartmentFeedback,
}

/// Sets a new version of the rubric (the earlier versions, and decisions made on them, stay).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetRubric {
    /// The rubric.
    pub rubric: Rubric,
}

/// The sub-district committee decides whether to propose an organization as weak and lax, with its
/// reason; the decision keeps the assessment of the current rubric at this moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecideWeakAndLax {
    /// The party organization.
    pub organization: String,
    /// Whether it is proposed.
    pub propose: bool,
    /// Why (the rubric only informs).
    pub reason: String,
}

/// Submits the list of the organizations proposed, as decided now, upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitWeakAndLaxList {
    /// To whom, e.g. `区委组织部`.
    pub to: String,
}

/// A district (or city) inspector confirms a submitted list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfirmWeakAndLaxList {
    /// The list's version.
    pub version: u32,
}

crate::engine::guarded! {
    RecordDepartmentFeedback => ManageOrganizations, "determine weak and lax organizations";
    SetRubric => ManageOrganizations, "determine weak and lax organizations";
    DecideWeakAndLax => ManageOrganizations, "determine weak and lax organizations";
    SubmitWeakAndLaxList => ManageOrganizations, "determine weak and lax organizations";
    ConfirmWeakAndLaxList => ConfirmLists, "confirm lists submitted upward";
}

/// A village's or community's party organization inside the actor's scope (rectification uses it too).
pub(crate) fn village_organization<'a, S: WeakAndLaxState>(
    state: &'a S,
    cx: &Context<'_>,
    id: &str,
    field: &str,
) -> Result<&'a PartyOrganization> {
    let o = state.organization().org_in_scope(cx.actor, id, field)?;
    if !state.organization().units.get(&o.unit).is_some_and(|u| u.level.is_village_or_community()) {
        return Err(Error::invalid_field(field, "weak and lax organizations are those of villages and communities"));
    }
    Ok(o)
}

impl<S: WeakAndLaxState, E: WeakAndLaxEvents> Decide<S, E> for RecordDepartmentFeedback {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let f = self.feedback;
        let o = village_organization(state, cx, &f.organization, "command.feedback.organization")?;
        if f.count > 100_000 {
            return Err(Error::invalid_field("command.feedback.count", "a count is at most 100,000"));
        }
        if state.weak_and_lax().feedback.len() >= 100_000 {
            return Err(Error::rule("weakAndLax.feedbackBounded", "the campaign holds 100,000 feedback entries")
                .at_field("command.feedback"));
        }
        let period = text(&f.period, "command.feedback.period", 20)?;
        if state
            .weak_and_lax()
            .feedback
            .iter()
            .any(|x| x.organization == o.id && x.source == f.source && x.period == period)
        {
            return Err(Error::rule(
                "weakAndLax.feedbackOncePerPeriod",
                format!("this department's feedback on `{}` for {period} is already recorded", o.id),
            )
            .at_field("command.feedback.period"));
        }
        let notes = text_or_empty(&f.notes, "command.feedback.notes", 2000)?;
        Ok(vec![
            DepartmentFeedbackRecorded {
                feedback: DepartmentFeedback { organization: o.id.clone(), period, notes: notes.to_string(), ..f },
            }
            .into(),
        ])
    }
}

impl<S: WeakAndLaxState, E: WeakAndLaxEvents> Decide<S, E> for SetRubric {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        campaign_in_scope(state, cx, "command.rubric")?;
        self.rubric.check()?;
        let version = state.weak_and_lax().rubrics.len() as u32 + 1;
        if version > 1_000 {
            return Err(
                Error::rule("weakAndLax.rubricsBounded", "1,000 rubric versions are enough").at_field("command.rubric")
            );
        }
        Ok(vec![RubricSet { version, rubric: self.rubric }.into()])
    }
}

impl<S: WeakAndLaxState, E: WeakAndLaxEvents> Decide<S, E> for DecideWeakAndLax {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let o = village_organization(state, cx, &self.organization, "command.organization")?;
        let reviewed = state.reviews().reviews.iter().any(|r| r.unit == o.unit && r.status == ReviewStatus::Concluded);
        let Some((version, rubric)) = state.weak_and_lax().rubric().filter(|_| reviewed) else {
            return Err(Error::rule(
                "weakAndLax.decideOnAnAssessment",
                format!(
                    "organization `{}` has no assessment yet: set a rubric and conclude its unit's look-back first",
                    o.id
                ),
            )
            .at_field("command.organization"));
        };
        let reason = text(&self.reason, "command.reason", 2000)?;
        let assessment = assess(state, o, version, rubric, cx.at);
        Ok(vec![
            WeakAndLaxDecided {
                organization: o.id.clone(),
                decision: Decision { propose: self.propose, reason, at: cx.at, assessment },
            }
            .into(),
        ])
    }
}

impl<S: WeakAndLaxState, E: WeakAndLaxEvents> Decide<S, E> for SubmitWeakAndLaxList {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        campaign_in_scope(state, cx, "command.to")?;
        let w = state.weak_and_lax();
        if w.decisions.is_empty() {
            return Err(
                Error::rule("weakAndLax.listOfDecisions", "no organization is decided on yet").at_field("command")
            );
        }
        let organizations = w.decisions.iter().filter(|(_, d)| d.propose).map(|(o, _)| o.clone()).collect();
        Ok(vec![
            WeakAndLaxListSubmitted {
                version: w.submissions.len() as u32 + 1,
                to: text(&self.to, "command.to", 100)?,
                organizations,
            }
            .into(),
        ])
    }
}

impl<S: WeakAndLaxState, E: WeakAndLaxEvents> Decide<S, E> for ConfirmWeakAndLaxList {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let subdistrict = state.organization().open_campaign()?.subdistrict.code;
        // A district's or city's inspector: its scope holds the sub-district and is above it.
        cx.actor.require_scope(subdistrict, "command.version")?;
        if cx.actor.scope == subdistrict {
            return Err(Error::denied(
                "weakAndLax.confirmedFromAbove",
                "the sub-district's list is confirmed by the district or the city, not by the sub-district itself",
            )
            .at_field("actor.scope"));
        }
        let s = state
            .weak_and_lax()
            .submissions
            .iter()
            .find(|s| s.version == self.version)
            .ok_or_else(|| Error::not_found("list", &self.version.to_string(), "command.version"))?;
        if state.weak_and_lax().submissions.last().is_some_and(|l| l.version != s.version) {
            return Err(Error::transition(
                "weakAndLax.confirmTheLatest",
                format!("list {} was replaced by a later version: confirm that one", s.version),
            )
            .at_field("command.version"));
        }
        if s.confirmed.is_some() {
            return Err(Error::transition(
                "weakAndLax.confirmedOnce",
                format!("list {} is already confirmed", s.version),
            )
            .at_field("command.version"));
        }
        Ok(vec![WeakAndLaxListConfirmed { version: s.version, by: cx.actor.id.clone() }.into()])
    }
}
