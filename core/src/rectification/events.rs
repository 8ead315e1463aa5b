//! The events of this area: one payload type each, with its `apply` (total: an event that no longer
//! fits the state changes nothing).

use super::{
    ExceptionSubject, Ledger, LedgerMeasure, LedgerOrigin, LedgerStep, MeasureDraft, MeasureNote, MeasureStatus,
    MeasureVerification, Pairing, PairingDraft, RectificationAction, RectificationException, RectificationState,
    RectificationStatus, next,
};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A ledger was opened for an organization with problems to rectify.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LedgerOpened {
    /// The party organization.
    pub organization: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
}

/// A measure was added to a ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasureAdded {
    /// The party organization.
    pub organization: String,
    /// The measure.
    pub measure: MeasureDraft,
}

/// An organization started rectifying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RectificationStarted {
    /// The party organization.
    pub organization: String,
    /// Who.
    pub by: String,
}

/// Progress on a measure was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasureProgressRecorded {
    /// The measure.
    pub measure: String,
    /// What was done so far.
    pub text: String,
    /// Who.
    pub by: String,
}

/// A measure was reported done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasureDone {
    /// The measure.
    pub measure: String,
    /// What was done.
    pub text: String,
    /// Who.
    pub by: String,
}

/// A measure was verified, passing or failing (then open again, due on a new date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasureVerified {
    /// The measure.
    pub measure: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub text: String,
    /// The new due date, when it failed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<NaiveDate>,
    /// Who.
    pub by: String,
}

/// The committee recorded an exception.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RectificationExceptionRecorded {
    /// The party organization.
    pub organization: String,
    /// What for.
    pub subject: ExceptionSubject,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
}

/// An organization was marked ready for acceptance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadyForAcceptanceMarked {
    /// The party organization.
    pub organization: String,
    /// Who.
    pub by: String,
}

/// An organization went back to rectifying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RectificationReopened {
    /// The party organization.
    pub organization: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
}

/// A pairing was assigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PairingAssigned {
    /// The pairing.
    pub pairing: PairingDraft,
    /// The organization's village or community.
    pub unit: DivisionCode,
}

/// A pairing ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PairingEnded {
    /// The pairing.
    pub pairing: String,
    /// The last day.
    pub on: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Opens a ledger in `listed` unless the organization has one (the list's confirmation calls it too).
pub fn open_ledger<S: RectificationState>(
    state: &mut S,
    organization: &str,
    unit: DivisionCode,
    origin: LedgerOrigin,
    by: &str,
    at: DateTime<FixedOffset>,
) {
    state.rectification_mut().ledgers.entry(organization.to_string()).or_insert_with(|| Ledger {
        organization: organization.to_string(),
        unit,
        origin,
        status: RectificationStatus::Listed,
        measures: Vec::new(),
        exceptions: Vec::new(),
        history: vec![LedgerStep {
            at,
            action: None,
            status: RectificationStatus::Listed,
            by: by.to_string(),
            note: None,
        }],
    });
}

/// Puts organization `organization` on the confirmed list's footing: a new ledger in `listed`; an
/// existing one takes the list as its origin, and one that was accepted starts again in `listed` (a
/// step with the list's version as its note).
pub fn list_ledger<S: RectificationState>(
    state: &mut S,
    organization: &str,
    unit: DivisionCode,
    origin: LedgerOrigin,
    by: &str,
    at: DateTime<FixedOffset>,
) {
    let Some(l) = state.rectification_mut().ledgers.get_mut(organization) else {
        open_ledger(state, organization, unit, origin, by, at);
        return;
    };
    if l.status == RectificationStatus::Accepted {
        l.status = RectificationStatus::Listed;
        let note = match &origin {
            LedgerOrigin::WeakAndLaxList { version } => {
                Some(format!("再次列入软弱涣散基层党组织名单（第{version}版）"))
            }
            _ => None,
        };
        l.history.push(LedgerStep { at, action: None, status: RectificationStatus::Listed, by: by.to_string(), note });
    }
    l.origin = origin;
}

/// Moves a ledger by `action` if the table allows it, recording the step (the acceptance area moves
/// it too).
pub fn step<S: RectificationState>(
    state: &mut S,
    organization: &str,
    action: RectificationAction,
    by: &str,
    note: Option<&str>,
    at: DateTime<FixedOffset>,
) {
    if let Some(l) = state.rectification_mut().ledgers.get_mut(organization)
        && let Some(to) = next(l.status, action)
    {
        l.status = to;
        l.history.push(LedgerStep {
            at,
            action: Some(action),
            status: to,
            by: by.to_string(),
            note: note.map(str::to_string),
        });
    }
}

impl<S: RectificationState> Apply<S> for LedgerOpened {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let origin = LedgerOrigin::Opened { reason: self.reason.clone() };
        open_ledger(state, &self.organization, self.unit, origin, &self.by, at);
    }
}

impl<S: RectificationState> Apply<S> for MeasureAdded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(l) = state.rectification_mut().ledgers.get_mut(&self.organization) {
            let d = self.measure.clone();
            l.measures.push(LedgerMeasure {
                id: d.id,
                text: d.text,
                owner: d.owner,
                owner_post: d.owner_post,
                due: d.due,
                answers: d.answers,
                status: MeasureStatus::Open,
                progress: Vec::new(),
                done: None,
                verifications: Vec::new(),
            });
        }
    }
}

impl<S: RectificationState> Apply<S> for RectificationStarted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.organization, RectificationAction::StartRectifying, &self.by, None, at);
    }
}

impl<S: RectificationState> Apply<S> for MeasureProgressRecorded {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(m) = state.rectification_mut().measure_mut(&self.measure) {
            m.progress.push(MeasureNote { at, by: self.by.clone(), text: self.text.clone() });
        }
    }
}

impl<S: RectificationState> Apply<S> for MeasureDone {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(m) = state.rectification_mut().measure_mut(&self.measure)
            && m.status == MeasureStatus::Open
        {
            m.status = MeasureStatus::Done;
            m.done = Some(MeasureNote { at, by: self.by.clone(), text: self.text.clone() });
        }
    }
}

impl<S: RectificationState> Apply<S> for MeasureVerified {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(m) = state.rectification_mut().measure_mut(&self.measure)
            && m.status == MeasureStatus::Done
        {
            m.verifications.push(MeasureVerification {
                at,
                by: self.by.clone(),
                text: self.text.clone(),
                passed: self.passed,
            });
            if self.passed {
                m.status = MeasureStatus::Verified;
            } else {
                m.status = MeasureStatus::Open;
                if let Some(due) = self.due {
                    m.due = due;
                }
            }
        }
    }
}

impl<S: RectificationState> Apply<S> for RectificationExceptionRecorded {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(l) = state.rectification_mut().ledgers.get_mut(&self.organization) {
            l.exceptions.push(RectificationException {
                subject: self.subject.clone(),
                reason: self.reason.clone(),
                at,
                by: self.by.clone(),
            });
        }
    }
}

impl<S: RectificationState> Apply<S> for ReadyForAcceptanceMarked {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.organization, RectificationAction::MarkReady, &self.by, None, at);
    }
}

impl<S: RectificationState> Apply<S> for RectificationReopened {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.organization, RectificationAction::Reopen, &self.by, Some(&self.reason), at);
    }
}

impl<S: RectificationState> Apply<S> for PairingAssigned {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let d = self.pairing.clone();
        state.rectification_mut().pairings.entry(d.id.clone()).or_insert(Pairing {
            id: d.id,
            organization: d.organization,
            kind: d.kind,
            who: d.who,
            from: d.from,
            unit: self.unit,
            ended: None,
        });
    }
}

impl<S: RectificationState> Apply<S> for PairingEnded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(p) = state.rectification_mut().pairings.get_mut(&self.pairing)
            && p.ended.is_none()
        {
            p.ended = Some((self.on, self.reason.clone()));
        }
    }
}
