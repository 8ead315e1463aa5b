//! The events of this area: one payload type each, with its `apply`.
//!
//! Every event of the loop names its problem and the step is appended to the problem's history with
//! the state the transition table gives; `apply` is total (an unknown problem changes nothing).

use super::transitions::next;
use super::{
    DispatchTarget, Escalation, Evidence, Feedback, Level, Listing, PendingExtension, Problem, ProblemAction,
    ProblemPolicy, ProblemSource, ProblemState, ProblemStatus, ProgressNote, Severity, Step, SupervisionReport,
};
use crate::calendar::local_date;
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use crate::engine::table::Table;
use crate::people::KeyPlace;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A category was added to the campaign's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemCategoryAdded {
    /// Its code.
    pub code: String,
    /// Its label in Chinese.
    pub label_zh: String,
}

/// A dispatch target was registered or changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DispatchTargetSet {
    /// The target as it now is.
    pub target: DispatchTarget,
}

/// The loop's settings were set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemPolicySet {
    /// The settings.
    pub policy: ProblemPolicy,
}

/// A problem as recorded when reported (its unit checked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewProblem {
    /// Its id.
    pub id: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its category code.
    pub category: String,
    /// How serious.
    pub severity: Severity,
    /// Urgent.
    #[serde(default)]
    pub urgent: bool,
    /// The household (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub household: Option<String>,
    /// The persons (sensitive).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub persons: Vec<String>,
    /// The key place (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
    /// What it is (sensitive).
    pub description: String,
    /// Evidence.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<Evidence>,
    /// Sources.
    pub sources: Vec<ProblemSource>,
}

/// Problems were reported (one command may report many, all or nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemsReported {
    /// The problems.
    pub problems: Vec<NewProblem>,
}

/// A problem was placed on file (立案).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemConfirmed {
    /// The problem.
    pub problem: String,
}

/// A problem was found not to be one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemRejected {
    /// The problem.
    pub problem: String,
    /// Why.
    pub reason: String,
}

/// A problem was merged into another as its duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemMerged {
    /// The duplicate.
    pub problem: String,
    /// The problem it duplicates.
    pub into: String,
}

/// A problem was dispatched to a target with a due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemDispatched {
    /// The problem.
    pub problem: String,
    /// The target.
    pub target: String,
    /// The due date (end of the day, UTC+8).
    pub due: NaiveDate,
    /// Who dispatched it (the host's user id): they decide extensions.
    pub by: String,
}

/// The handler signed for a problem (签收).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemAccepted {
    /// The problem.
    pub problem: String,
}

/// The handler sent a problem back (退单) for re-dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemReturned {
    /// The problem.
    pub problem: String,
    /// Why.
    pub reason: String,
}

/// A handler recorded progress, perhaps bringing in co-handlers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemProgressRecorded {
    /// The problem.
    pub problem: String,
    /// What was done.
    pub note: String,
    /// Targets brought in to handle it together.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub co_handlers: Vec<String>,
}

/// The handler asked for a later due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionRequested {
    /// The problem.
    pub problem: String,
    /// The due date asked for.
    pub until: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Whoever dispatched a problem decided its extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtensionDecided {
    /// The problem.
    pub problem: String,
    /// Whether approved.
    pub approved: bool,
    /// The due date from now on.
    pub due: NaiveDate,
}

/// The handler reported a problem done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemReportedDone {
    /// The problem.
    pub problem: String,
    /// What was done.
    pub done: String,
    /// Who reported it (may not verify it).
    pub by: String,
}

/// An urgent problem was confirmed and fixed at once (立行立改).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemFixedImmediately {
    /// The problem.
    pub problem: String,
    /// What was done.
    pub done: String,
    /// Who fixed it (may not verify it).
    pub by: String,
}

/// A problem's work was verified (核查).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemVerified {
    /// The problem.
    pub problem: String,
    /// Whether it passed; if not, it is back in progress.
    pub passed: bool,
    /// What the verifier found.
    pub note: String,
}

/// A problem was closed with the resident's feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemClosed {
    /// The problem.
    pub problem: String,
    /// The feedback.
    pub feedback: Feedback,
}

/// A closed problem was reopened, back in progress with its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemReopened {
    /// The problem.
    pub problem: String,
    /// Why.
    pub reason: String,
    /// The new due date.
    pub due: NaiveDate,
}

/// Problems were put under listed supervision (挂牌督办).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupervisionListed {
    /// The listing.
    pub listing: Listing,
}

/// Progress was reported to a listing's supervisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupervisionProgressReported {
    /// The listing.
    pub listing: String,
    /// What was reported.
    pub note: String,
}

/// A listing moved to a higher supervisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupervisionEscalated {
    /// The listing.
    pub listing: String,
    /// The new supervisor.
    pub supervisor: String,
    /// Their level.
    pub level: Level,
    /// The deadline from now on.
    pub deadline: NaiveDate,
    /// Why.
    pub reason: String,
}

/// A listing was taken down (摘牌) after its problems were verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupervisionDelisted {
    /// The listing.
    pub listing: String,
}

/// Moves a problem by `action` (as the table says) and appends the step; returns the problem to
/// change further. An action the table does not allow cannot come from `decide`; from a forged log it
/// changes the history but not the state.
fn step<'a, S: ProblemState>(
    state: &'a mut S,
    problem: &str,
    action: ProblemAction,
    at: DateTime<FixedOffset>,
) -> Option<&'a mut Problem> {
    let p = state.problems_mut().problems.get_mut(problem)?;
    let status = next(p.status, action).unwrap_or(p.status);
    p.status = status;
    p.history.push(Step { action, status, at });
    Some(p)
}

impl<S: ProblemState> Apply<S> for ProblemCategoryAdded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.problems_mut().categories.insert(self.code.clone(), self.label_zh.clone());
    }
}

impl<S: ProblemState> Apply<S> for DispatchTargetSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.problems_mut().targets.insert(self.target.id.clone(), self.target.clone());
    }
}

impl<S: ProblemState> Apply<S> for ProblemPolicySet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.problems_mut().policy = self.policy;
    }
}

impl<S: ProblemState> Apply<S> for ProblemsReported {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let problems = state.problems_mut();
        for n in &self.problems {
            for key in n.sources.iter().filter_map(ProblemSource::use_key) {
                problems.used_sources.insert(key, n.id.clone());
            }
            let NewProblem {
                id,
                unit,
                category,
                severity,
                urgent,
                household,
                persons,
                key_place,
                description,
                evidence,
                sources,
            } = n.clone();
            problems.problems.insert(Problem {
                id,
                unit,
                category,
                severity,
                urgent,
                status: ProblemStatus::Reported,
                household,
                persons,
                key_place,
                description,
                evidence,
                sources,
                target: None,
                dispatched_by: None,
                co_handlers: Vec::new(),
                due: None,
                pending_extension: None,
                done_by: None,
                done: None,
                merged_into: None,
                reason: None,
                notes: Vec::new(),
                verification_failures: 0,
                feedback: None,
                history: vec![Step { action: ProblemAction::Report, status: ProblemStatus::Reported, at }],
            });
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemConfirmed {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.problem, ProblemAction::Confirm, at);
    }
}

impl<S: ProblemState> Apply<S> for ProblemRejected {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Reject, at) {
            p.reason = Some(self.reason.clone());
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemMerged {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Merge, at) {
            p.merged_into = Some(self.into.clone());
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemDispatched {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Dispatch, at) {
            p.target = Some(self.target.clone());
            p.dispatched_by = Some(self.by.clone());
            p.due = Some(self.due);
            p.pending_extension = None;
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemAccepted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.problem, ProblemAction::Accept, at);
    }
}

impl<S: ProblemState> Apply<S> for ProblemReturned {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Return, at) {
            // Back for re-dispatch: no target, no clock.
            p.target = None;
            p.dispatched_by = None;
            p.co_handlers.clear();
            p.due = None;
            p.pending_extension = None;
            p.reason = Some(self.reason.clone());
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemProgressRecorded {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::RecordProgress, at) {
            p.notes.push(ProgressNote { at, note: self.note.clone() });
            for t in &self.co_handlers {
                if !p.co_handlers.contains(t) {
                    p.co_handlers.push(t.clone());
                }
            }
        }
    }
}

impl<S: ProblemState> Apply<S> for ExtensionRequested {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::RequestExtension, at) {
            p.pending_extension = Some(PendingExtension { until: self.until, reason: self.reason.clone() });
        }
    }
}

impl<S: ProblemState> Apply<S> for ExtensionDecided {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::DecideExtension, at) {
            p.pending_extension = None;
            p.due = Some(self.due);
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemReportedDone {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::ReportDone, at) {
            p.done = Some(self.done.clone());
            p.done_by = Some(self.by.clone());
            p.pending_extension = None;
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemFixedImmediately {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::FixImmediately, at) {
            p.done = Some(self.done.clone());
            p.done_by = Some(self.by.clone());
            // Fixed the day it was reported: due that day.
            p.due = Some(local_date(at));
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemVerified {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let action = if self.passed { ProblemAction::VerifyPass } else { ProblemAction::VerifyFail };
        if let Some(p) = step(state, &self.problem, action, at)
            && !self.passed
        {
            p.verification_failures += 1;
            p.reason = Some(self.note.clone());
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemClosed {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Close, at) {
            p.feedback = Some(self.feedback.clone());
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemReopened {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Reopen, at) {
            p.reason = Some(self.reason.clone());
            p.feedback = None;
            p.due = Some(self.due);
        }
    }
}

fn listing_mut<'a, S: ProblemState>(state: &'a mut S, id: &str) -> Option<&'a mut Listing> {
    let listings: &mut Table<Listing> = &mut state.problems_mut().listings;
    listings.get_mut(id)
}

impl<S: ProblemState> Apply<S> for SupervisionListed {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.problems_mut().listings.insert(self.listing.clone());
    }
}

impl<S: ProblemState> Apply<S> for SupervisionProgressReported {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(l) = listing_mut(state, &self.listing) {
            l.reports.push(SupervisionReport { at, note: self.note.clone() });
            l.last_report_on = l.last_report_on.max(local_date(at));
        }
    }
}

impl<S: ProblemState> Apply<S> for SupervisionEscalated {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(l) = listing_mut(state, &self.listing) {
            l.escalations.push(Escalation {
                at,
                from_supervisor: std::mem::replace(&mut l.supervisor, self.supervisor.clone()),
                from_level: l.level,
                reason: self.reason.clone(),
            });
            l.level = self.level;
            l.deadline = self.deadline;
        }
    }
}

impl<S: ProblemState> Apply<S> for SupervisionDelisted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(l) = listing_mut(state, &self.listing) {
            l.delisted_at = Some(at);
        }
    }
}
