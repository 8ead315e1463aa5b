//! What a reader sees of a problem: sensitive fields (household, persons, key place, description)
//! only for roles that see sensitive data inside their scope, and for the handlers of its target.

use super::{
    Evidence, Feedback, PendingExtension, Problem, ProblemSource, ProblemState, ProblemStatus, ProgressNote, Severity,
    Step,
};
use crate::engine::access::{Actor, Role};
use crate::engine::division_code::DivisionCode;
use crate::people::KeyPlace;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Whether `actor` may see problem `p` at all: inside its scope; a handler only the problems of the
/// targets it acts for.
pub(crate) fn visible<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> bool {
    actor.scope.contains(p.unit)
        && (actor.role != Role::Handler || p.handled_by(|t| state.problems().target(t), &actor.id))
}

/// Whether `actor` sees the sensitive fields of `p`.
fn sees_sensitive<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> bool {
    actor.sees_sensitive_in(p.unit)
        || (actor.role == Role::Handler && p.handled_by(|t| state.problems().target(t), &actor.id))
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
        ProblemItem {
            id: p.id.clone(),
            unit: p.unit,
            category: p.category.clone(),
            category_label: state.problems().category_label(&p.category).to_string(),
            severity: p.severity,
            urgent: p.urgent,
            status: p.status,
            target: p.target.clone(),
            due: p.due,
            reported_at: p.reported_at().unwrap_or_default(),
            description: sees.then(|| p.description.clone()),
            masked: !sees,
        }
    }
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
    /// Evidence ids and digests.
    pub evidence: Vec<Evidence>,
    /// Sources.
    pub sources: Vec<ProblemSource>,
    /// Co-handling targets.
    pub co_handlers: Vec<String>,
    /// Who dispatched it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dispatched_by: Option<String>,
    /// An extension waiting for a decision.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pending_extension: Option<PendingExtension>,
    /// What was done, as last reported.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done: Option<String>,
    /// Who reported it done.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done_by: Option<String>,
    /// The problem it was merged into.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merged_into: Option<String>,
    /// The last reason given (rejected, returned, failed verification, reopened).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// Progress notes (empty when masked: they may name people).
    pub notes: Vec<ProgressNote>,
    /// How many verifications failed.
    pub verification_failures: u32,
    /// The resident's feedback.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub feedback: Option<Feedback>,
    /// Every step, in order.
    pub history: Vec<Step>,
}

impl ProblemView {
    pub(crate) fn of<S: ProblemState>(state: &S, actor: &Actor, p: &Problem) -> ProblemView {
        let line = ProblemItem::of(state, actor, p);
        let sees = !line.masked;
        ProblemView {
            household: p.household.clone().filter(|_| sees),
            persons: sees.then(|| p.persons.clone()),
            key_place: p.key_place.filter(|_| sees),
            evidence: p.evidence.clone(),
            sources: p.sources.clone(),
            co_handlers: p.co_handlers.clone(),
            dispatched_by: p.dispatched_by.clone(),
            pending_extension: p.pending_extension.clone(),
            done: p.done.clone().filter(|_| sees),
            done_by: p.done_by.clone(),
            merged_into: p.merged_into.clone(),
            reason: p.reason.clone().filter(|_| sees),
            notes: if sees { p.notes.clone() } else { Vec::new() },
            verification_failures: p.verification_failures,
            feedback: p.feedback.clone().map(|f| Feedback { note: f.note.filter(|_| sees), ..f }),
            history: p.history.clone(),
            line,
        }
    }
}
