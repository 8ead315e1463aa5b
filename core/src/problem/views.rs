//! What a reader sees of a problem: sensitive fields (household, persons, key place, description, and
//! the words of its steps, which may name people) only for roles that see sensitive data inside their
//! scope, and for the handlers of its target.

use super::{
    Evidence, Feedback, PendingExtension, Problem, ProblemAction, ProblemSource, ProblemState, ProblemStatus,
    ProgressNote, Severity,
};
use crate::engine::access::{Actor, Role};
use crate::engine::division_code::DivisionCode;
use crate::people::KeyPlace;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Whether `actor` may see problem `p` at all: inside its scope; a handler only the problems of the
/// targets it acts for.
pub(crate) fn visible<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> bool {
    actor.scope.contains(p.unit) && (actor.role != Role::Handler || p.handled_by(state.problems(), &actor.id))
}

/// Whether `actor` sees the sensitive fields of `p`.
fn sees_sensitive<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> bool {
    actor.sees_sensitive_in(p.unit) || (actor.role == Role::Handler && p.handled_by(state.problems(), &actor.id))
}

/// A problem in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemItem {
    /// Its id.
    pub id: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its category code.
    pub category: String,
    /// The category's label in Chinese.
    pub category_label: String,
    /// How serious.
    pub severity: Severity,
    /// Urgent.
    pub urgent: bool,
    /// Where it is in the loop.
    pub status: ProblemStatus,
    /// The target it is dispatched to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<String>,
    /// The due date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<NaiveDate>,
    /// When it was reported.
    pub reported_at: DateTime<FixedOffset>,
    /// What it is (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Whether sensitive fields are left out.
    pub masked: bool,
}

impl ProblemItem {
    pub(crate) fn of<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> ProblemItem {
        let sees = sees_sensitive(state, actor, p);
        let problems = state.problems();
        let (category, label) = problems.category(p.category);
        ProblemItem {
            id: p.id.to_string(),
            unit: p.unit,
            category: category.to_string(),
            category_label: label.to_string(),
            severity: p.severity,
            urgent: p.urgent,
            status: p.status,
            target: p.target.map(|t| problems.target_id(t).to_string()),
            due: p.due,
            reported_at: p.reported_at().unwrap_or_default(),
            description: sees.then(|| p.description.to_string()),
            masked: !sees,
        }
    }
}

/// One step of a problem's history, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StepView {
    /// The action.
    pub action: ProblemAction,
    /// The state after it.
    pub status: ProblemStatus,
    /// When (UTC+8, to the second).
    pub at: DateTime<FixedOffset>,
    /// Its words: a note, a reason, what was done (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
}

/// A problem in full, masked for its reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemView {
    /// What a list shows.
    #[serde(flatten)]
    pub line: ProblemItem,
    /// The household (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub household: Option<String>,
    /// The persons (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub persons: Option<Vec<String>>,
    /// The key place (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
    /// Evidence ids and digests (empty when masked).
    pub evidence: Vec<Evidence>,
    /// Sources: finding and visit ids, petition and case numbers (empty when masked).
    pub sources: Vec<ProblemSource>,
    /// Co-handling targets.
    pub co_handlers: Vec<String>,
    /// Who dispatched it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dispatched_by: Option<String>,
    /// An extension waiting for a decision.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pending_extension: Option<PendingExtension>,
    /// What was done, as last reported (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done: Option<String>,
    /// Who reported it done.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done_by: Option<String>,
    /// The problem it was merged into.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merged_into: Option<String>,
    /// The last reason given: rejected, returned, failed verification, reopened (absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// Progress notes (empty when masked: they may name people).
    pub notes: Vec<ProgressNote>,
    /// How many verifications failed.
    pub verification_failures: u32,
    /// The resident's feedback, once closed (its words absent when masked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub feedback: Option<Feedback>,
    /// Every step, in order.
    pub history: Vec<StepView>,
}

impl ProblemView {
    pub(crate) fn of<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> ProblemView {
        use ProblemAction::*;
        let line = ProblemItem::of(state, actor, p);
        let sees = !line.masked;
        let problems = state.problems();
        let more = p.more();
        let words = |t: Option<&str>| t.filter(|_| sees).map(str::to_string);
        ProblemView {
            household: more.household.clone().filter(|_| sees),
            persons: sees.then(|| more.persons.clone()),
            key_place: p.key_place.filter(|_| sees),
            evidence: if sees { more.evidence.clone() } else { Vec::new() },
            sources: if sees { p.sources.to_vec() } else { Vec::new() },
            co_handlers: more.co_handlers.iter().map(|t| problems.target_id(*t).to_string()).collect(),
            dispatched_by: p.dispatched_by.as_deref().map(str::to_string),
            pending_extension: more
                .pending_extension
                .clone()
                .map(|e| PendingExtension { reason: if sees { e.reason } else { String::new() }, ..e }),
            done: words(p.last_text(&[ReportDone, FixImmediately])),
            done_by: p.done_by.as_deref().map(str::to_string),
            merged_into: more.merged_into.clone(),
            reason: words(p.last_text(&[Reject, Return, VerifyFail, Reopen])),
            notes: if sees {
                p.history
                    .iter()
                    .filter(|s| s.action == RecordProgress)
                    .filter_map(|s| Some(ProgressNote { at: s.at.to_datetime(), note: p.text_of(s)?.to_string() }))
                    .collect()
            } else {
                Vec::new()
            },
            verification_failures: u32::from(p.verification_failures),
            feedback: p.satisfied.map(|satisfied| Feedback {
                satisfied,
                note: words(p.history.iter().rev().find(|s| s.action == Close).and_then(|s| p.text_of(s))),
            }),
            history: p
                .history
                .iter()
                .map(|s| StepView {
                    action: s.action,
                    status: s.status,
                    at: s.at.to_datetime(),
                    text: words(p.text_of(s)),
                })
                .collect(),
            line,
        }
    }
}
