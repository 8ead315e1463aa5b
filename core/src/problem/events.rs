//! The events of this area: one payload type each, with its `apply`.
//!
//! Every event of the loop names its problem and the step is appended to the problem's history with
//! the state the transition table gives; `apply` is total (an unknown problem changes nothing).

use super::transitions::next;
use super::{
    AddedCategory, DispatchTarget, Escalation, Evidence, Feedback, Level, Listing, PendingExtension, Problem,
    ProblemAction, ProblemMore, ProblemPolicy, ProblemSource, ProblemState, ProblemStatus, Severity, Step,
    SupervisionReport,
};
use crate::calendar::local_date;
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use crate::engine::moment::Moment;
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
    /// With a failure: when the rework is due.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<NaiveDate>,
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

/// Moves a problem by `action` (as the table says) and appends the step, with `text` as its words;
/// returns the problem to change further. An action the table does not allow cannot come from
/// `decide`; from a forged log it changes nothing.
fn step<'a, S: ProblemState>(
    state: &'a mut S,
    problem: &str,
    action: ProblemAction,
    text: Option<&str>,
    at: DateTime<FixedOffset>,
) -> Option<&'a mut Problem> {
    let p = state.problems_mut().problems.get_mut(problem)?;
    // Only a move the table allows is taken, so that every history is a path of the table.
    let status = next(p.status, action)?;
    p.status = status;
    let text = text.map_or(Step::NO_TEXT, |t| p.add_words(t));
    p.history.push(Step { at: Moment::of(at), action, status, text });
    Some(p)
}

impl<S: ProblemState> Apply<S> for ProblemCategoryAdded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let problems = state.problems_mut();
        if !problems.has_category(&self.code) {
            problems.categories.push(AddedCategory { code: self.code.clone(), label_zh: self.label_zh.clone() });
        }
    }
}

impl<S: ProblemState> Apply<S> for DispatchTargetSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let targets = &mut state.problems_mut().targets;
        // A target keeps its position once registered: problems name it by position.
        match targets.iter_mut().find(|t| t.id == self.target.id) {
            Some(t) => *t = self.target.clone(),
            None => targets.push(self.target.clone()),
        }
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
            let more = (n.household.is_some() || !n.persons.is_empty() || !n.evidence.is_empty()).then(|| {
                Box::new(ProblemMore {
                    household: n.household.clone(),
                    persons: n.persons.clone(),
                    evidence: n.evidence.clone(),
                    ..ProblemMore::default()
                })
            });
            let category = problems.category_id(&n.category).unwrap_or(6);
            problems.problems.insert(Problem {
                id: n.id.as_str().into(),
                unit: n.unit,
                description: n.description.as_str().into(),
                sources: n.sources.clone().into_boxed_slice(),
                dispatched_by: None,
                done_by: None,
                history: vec![Step {
                    at: Moment::of(at),
                    action: ProblemAction::Report,
                    status: ProblemStatus::Reported,
                    text: Step::NO_TEXT,
                }],
                words: String::new(),
                word_ends: Vec::new(),
                more,
                due: None,
                category,
                target: None,
                verification_failures: 0,
                severity: n.severity,
                urgent: n.urgent,
                status: ProblemStatus::Reported,
                key_place: n.key_place,
                satisfied: None,
            });
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemConfirmed {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.problem, ProblemAction::Confirm, None, at);
    }
}

impl<S: ProblemState> Apply<S> for ProblemRejected {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.problem, ProblemAction::Reject, Some(&self.reason), at);
    }
}

impl<S: ProblemState> Apply<S> for ProblemMerged {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Merge, None, at) {
            p.more_mut().merged_into = Some(self.into.clone());
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemDispatched {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let target = state.problems().target_index(&self.target).map(|(i, _)| i);
        if let Some(p) = step(state, &self.problem, ProblemAction::Dispatch, None, at) {
            p.target = target;
            p.dispatched_by = Some(self.by.as_str().into());
            p.due = Some(self.due);
            if let Some(more) = &mut p.more {
                more.pending_extension = None;
            }
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemAccepted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        step(state, &self.problem, ProblemAction::Accept, None, at);
    }
}

impl<S: ProblemState> Apply<S> for ProblemReturned {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Return, Some(&self.reason), at) {
            // Back for re-dispatch: no target, no clock.
            p.target = None;
            p.dispatched_by = None;
            p.due = None;
            if let Some(more) = &mut p.more {
                more.co_handlers.clear();
                more.pending_extension = None;
            }
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemProgressRecorded {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let co: Vec<u16> =
            self.co_handlers.iter().filter_map(|t| state.problems().target_index(t).map(|(i, _)| i)).collect();
        if let Some(p) = step(state, &self.problem, ProblemAction::RecordProgress, Some(&self.note), at)
            && !co.is_empty()
        {
            let target = p.target;
            let more = p.more_mut();
            for t in co {
                if Some(t) != target && !more.co_handlers.contains(&t) {
                    more.co_handlers.push(t);
                }
            }
        }
    }
}

impl<S: ProblemState> Apply<S> for ExtensionRequested {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::RequestExtension, Some(&self.reason), at) {
            p.more_mut().pending_extension = Some(PendingExtension { until: self.until, reason: self.reason.clone() });
        }
    }
}

impl<S: ProblemState> Apply<S> for ExtensionDecided {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::DecideExtension, None, at) {
            if let Some(more) = &mut p.more {
                more.pending_extension = None;
            }
            p.due = Some(self.due);
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemReportedDone {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::ReportDone, Some(&self.done), at) {
            p.done_by = Some(self.by.as_str().into());
            if let Some(more) = &mut p.more {
                more.pending_extension = None;
            }
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemFixedImmediately {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::FixImmediately, Some(&self.done), at) {
            p.done_by = Some(self.by.as_str().into());
            // Fixed the day it was reported: due that day.
            p.due = Some(local_date(at));
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemVerified {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let action = if self.passed { ProblemAction::VerifyPass } else { ProblemAction::VerifyFail };
        if let Some(p) = step(state, &self.problem, action, Some(&self.note), at)
            && !self.passed
        {
            p.verification_failures = p.verification_failures.saturating_add(1);
            if self.due.is_some() {
                p.due = self.due;
            }
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemClosed {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Close, self.feedback.note.as_deref(), at) {
            p.satisfied = Some(self.feedback.satisfied);
        }
    }
}

impl<S: ProblemState> Apply<S> for ProblemReopened {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(p) = step(state, &self.problem, ProblemAction::Reopen, Some(&self.reason), at) {
            p.satisfied = None;
            p.due = Some(self.due);
        }
    }
}

fn listing_mut<'a, S: ProblemState>(state: &'a mut S, id: &str) -> Option<&'a mut Listing> {
    state.problems_mut().listings.get_mut(id)
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
