//! The events of this area: one payload type each, with its `apply` (total).

use super::{ParticipationState, Pledge, PledgeDraft, PledgeStatus, PledgeStep, StudySession, VolunteerActivity};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A study session was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StudySessionRecorded {
    /// The session.
    pub session: StudySession,
}

/// A member made a public pledge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PledgeMade {
    /// The pledge.
    pub pledge: PledgeDraft,
    /// The member's party organization, when recorded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization: Option<String>,
    /// The member's unit.
    pub unit: DivisionCode,
}

/// A pledge was reported fulfilled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PledgeFulfilled {
    /// The pledge.
    pub pledge: String,
    /// What was done.
    pub text: String,
    /// Who.
    pub by: String,
}

/// A pledge reported fulfilled was verified, passing or failing (then made again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PledgeVerified {
    /// The pledge.
    pub pledge: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub text: String,
    /// Who.
    pub by: String,
}

/// A volunteer activity was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VolunteerActivityRecorded {
    /// The activity.
    pub activity: VolunteerActivity,
}

impl<S: ParticipationState> Apply<S> for StudySessionRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let s = &self.session;
        state.participation_mut().sessions.entry(s.id.clone()).or_insert_with(|| s.clone());
    }
}

impl<S: ParticipationState> Apply<S> for PledgeMade {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let d = &self.pledge;
        state.participation_mut().pledges.entry(d.id.clone()).or_insert_with(|| Pledge {
            id: d.id.clone(),
            member: d.member.clone(),
            organization: self.organization.clone(),
            unit: self.unit,
            text: d.text.clone(),
            due: d.due,
            status: PledgeStatus::Made,
            fulfilled: None,
            failed_verifications: Vec::new(),
            verified: None,
        });
    }
}

impl<S: ParticipationState> Apply<S> for PledgeFulfilled {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = state.participation_mut().pledges.get_mut(&self.pledge)
            && p.status == PledgeStatus::Made
        {
            p.status = PledgeStatus::Fulfilled;
            p.fulfilled = Some(PledgeStep { at, by: self.by.clone(), text: self.text.clone() });
        }
    }
}

impl<S: ParticipationState> Apply<S> for PledgeVerified {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = state.participation_mut().pledges.get_mut(&self.pledge)
            && p.status == PledgeStatus::Fulfilled
        {
            let step = PledgeStep { at, by: self.by.clone(), text: self.text.clone() };
            if self.passed {
                p.status = PledgeStatus::Verified;
                p.verified = Some(step);
            } else {
                p.status = PledgeStatus::Made;
                p.failed_verifications.push(step);
            }
        }
    }
}

impl<S: ParticipationState> Apply<S> for VolunteerActivityRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let a = &self.activity;
        state.participation_mut().activities.entry(a.id.clone()).or_insert_with(|| a.clone());
    }
}
