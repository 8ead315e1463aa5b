//! The commands of the loop itself, from report to closing: one payload type each, with its
//! permissions and its `decide`. The set-up commands are in `setup.rs`, listed supervision's in
//! `supervision_commands.rs`.
//!
//! Every command of the loop first finds its problem inside the actor's scope, then asks the
//! transition table whether the problem's state allows the action (`INVALID_TRANSITION` names the
//! state), then checks its own rules; the events it returns are applied only if all pass.

use super::transitions::require;
use super::views::visible;
use super::{
    Evidence, ExtensionDecided, ExtensionRequested, Feedback, NewProblem, Problem, ProblemAccepted, ProblemAction,
    ProblemClosed, ProblemConfirmed, ProblemDispatched, ProblemEvents, ProblemFixedImmediately, ProblemMerged,
    ProblemProgressRecorded, ProblemRejected, ProblemReopened, ProblemReport, ProblemReportedDone, ProblemReturned,
    ProblemState, ProblemStatus, ProblemVerified, ProblemsReported, SourceKind,
};
use crate::calendar::local_date;
use crate::engine::access::Role;
use crate::engine::check::text;
use crate::engine::check::{new_id, prefixed};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Reports problems (信息收集), one or many at once (e.g. from the survey's findings after the
/// sub-district's analysis): all are recorded or none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportProblems {
    /// The problems (1 to 10,000).
    pub problems: Vec<ProblemReport>,
}

/// Places a reported problem on file (立案).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfirmProblem {
    /// The problem.
    pub problem: String,
}

/// Finds that a reported problem is not one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RejectProblem {
    /// The problem.
    pub problem: String,
    /// Why.
    pub reason: String,
}

/// Merges a duplicate into the problem it repeats (same village or community, still open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeProblem {
    /// The duplicate.
    pub problem: String,
    /// The problem it repeats.
    pub into: String,
}

/// When something is due: a date, or a number of working days from today. Exactly one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Due {
    /// The due date (UTC+8), not before today.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<NaiveDate>,
    /// Working days from today (1 to 250), over the working-day calendar.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub working_days: Option<u32>,
}

/// Dispatches a confirmed problem to a target with a due date (任务分办).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DispatchProblem {
    /// The problem.
    pub problem: String,
    /// The target's id.
    pub target: String,
    /// When it is due.
    pub due: Due,
}

/// The handler signs for a dispatched problem (签收).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptProblem {
    /// The problem.
    pub problem: String,
}

/// The handler sends a dispatched problem back (退单), for re-dispatch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnProblem {
    /// The problem.
    pub problem: String,
    /// Why (e.g. not this department's remit).
    pub reason: String,
}

/// A handler records progress, and may bring in co-handlers (协同处理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordProblemProgress {
    /// The problem.
    pub problem: String,
    /// What was done.
    pub note: String,
    /// Targets to bring in.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub co_handlers: Vec<String>,
}

/// The handler asks for a later due date (延期); whoever dispatched decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestExtension {
    /// The problem.
    pub problem: String,
    /// The due date asked for, after the current one.
    pub until: NaiveDate,
    /// Why.
    pub reason: String,
}

/// Whoever dispatched a problem approves or refuses the extension its handler asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecideExtension {
    /// The problem.
    pub problem: String,
    /// Whether approved.
    pub approved: bool,
}

/// The handler reports a problem done, saying what was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportProblemDone {
    /// The problem.
    pub problem: String,
    /// What was done.
    pub done: String,
}

/// A village or community cadre confirms an urgent problem and reports it fixed in one step
/// (立行立改); it is still verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FixImmediately {
    /// The problem (reported, urgent).
    pub problem: String,
    /// What was done.
    pub done: String,
}

/// Verifies a problem reported done (核查), by someone other than who reported it: passed, it waits
/// for the resident's feedback; failed, it is back with its handler.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyProblem {
    /// The problem.
    pub problem: String,
    /// Whether the work passes.
    pub passed: bool,
    /// What the verifier found.
    pub note: String,
    /// With a failure: when the rework is due (required then, refused with a pass).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<Due>,
}

/// Closes a verified problem with the resident's feedback (结果反馈).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseProblem {
    /// The problem.
    pub problem: String,
    /// The feedback.
    pub feedback: Feedback,
}

/// Reopens a closed problem within the campaign's window: back in progress with its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReopenProblem {
    /// The problem.
    pub problem: String,
    /// Why.
    pub reason: String,
    /// When it is due again.
    pub due: Due,
}

crate::engine::guarded! {
    ReportProblems => ReportProblems, "report problems";
    ConfirmProblem => ManageProblems, "confirm problems";
    RejectProblem => ManageProblems, "reject problems";
    MergeProblem => ManageProblems, "merge problems";
    DispatchProblem => ManageProblems, "dispatch problems";
    AcceptProblem => HandleProblems, "handle problems";
    ReturnProblem => HandleProblems, "handle problems";
    RecordProblemProgress => HandleProblems, "handle problems";
    RequestExtension => HandleProblems, "handle problems";
    DecideExtension => ManageProblems, "decide extensions";
    ReportProblemDone => HandleProblems, "handle problems";
    FixImmediately => ReportProblems & HandleProblems, "fix problems at once";
    VerifyProblem => VerifyProblems, "verify problems";
    CloseProblem => VerifyProblems, "close problems";
    ReopenProblem => ManageProblems, "reopen problems";
}

/// The most steps a problem takes (its history is kept in the state, and its words are numbered in
/// 16 bits).
const MAX_STEPS: usize = 10_000;

/// The problem `id`, inside the actor's scope (and, for a handler, of a target it acts for).
pub(super) fn find<'a, S: ProblemState>(state: &'a S, cx: &Context<'_>, id: &str, field: &str) -> Result<&'a Problem> {
    let p = state.problems().problems.get(id.trim()).ok_or_else(|| Error::not_found("problem", id, field))?;
    cx.actor.require_scope(p.unit, field)?;
    if !visible(state, cx.actor, p) {
        // A handler learns nothing of the problems of other targets, not even their state.
        return Err(Error::not_found("problem", id, field));
    }
    Ok(p)
}

/// The problem, in scope, whose state allows `action`.
fn acting<'a, S: ProblemState>(state: &'a S, cx: &Context<'_>, id: &str, action: ProblemAction) -> Result<&'a Problem> {
    let p = find(state, cx, id, "command.problem")?;
    require(&p.id, p.status, action)?;
    if p.history.len() >= MAX_STEPS {
        return Err(Error::rule(
            "problem.historyBounded",
            format!("problem `{}` has taken {MAX_STEPS} steps: report a new problem and close this one", p.id),
        )
        .at_field("command.problem"));
    }
    Ok(p)
}

/// Whether the actor may act as the problem's handler: a user of its target or of a co-handler, the
/// one who fixed it at once when it has no target, or the leading group's office.
pub(crate) fn acts_for<S: ProblemState>(state: &S, p: &Problem, actor: &crate::engine::access::Actor) -> bool {
    actor.role == Role::Administrator
        || p.handled_by(state.problems(), &actor.id)
        || (p.target.is_none() && p.done_by.as_deref() == Some(actor.id.as_str()))
}

fn require_handler<S: ProblemState>(state: &S, p: &Problem, cx: &Context<'_>) -> Result<()> {
    if acts_for(state, p, cx.actor) {
        Ok(())
    } else {
        Err(Error::denied(
            "problem.handlerActsForTheTarget",
            format!("actor `{}` does not act for the target of problem `{}`: only its handlers may", cx.actor.id, p.id),
        )
        .at_field("actor.id"))
    }
}

/// The due date a [`Due`] names, not before `today`.
fn due_date<S: ProblemState>(state: &S, today: NaiveDate, due: &Due, field: &str) -> Result<NaiveDate> {
    match (due.date, due.working_days) {
        (Some(date), None) if date >= today => Ok(date),
        (Some(date), None) => Err(Error::rule(
            "problem.dueNotBeforeToday",
            format!("the due date {date} is before today ({today}, UTC+8): give a later one"),
        )
        .at_field(format!("{field}.date"))),
        (None, Some(n)) if (1..=250).contains(&n) => Ok(state.calendar().add_working_days(today, n)),
        (None, Some(_)) => Err(Error::invalid_field(&format!("{field}.workingDays"), "`workingDays` must be 1 to 250")),
        _ => Err(Error::invalid_field(field, "give exactly one of `date` and `workingDays`")),
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ReportProblems {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        if self.problems.is_empty() || self.problems.len() > 10_000 {
            return Err(Error::invalid_field("command.problems", "report 1 to 10,000 problems at once"));
        }
        let mut ids = BTreeSet::new();
        let mut used = BTreeSet::new();
        let mut problems = Vec::with_capacity(self.problems.len());
        for (i, r) in self.problems.into_iter().enumerate() {
            let prefix = format!("command.problems[{i}]");
            let n = new_problem(state, cx, r, &mut used).map_err(|e| prefixed(e, &prefix))?;
            if !ids.insert(n.id.clone()) {
                return Err(Error::already_exists("problem", &n.id, &format!("{prefix}.id")));
            }
            problems.push(n);
        }
        Ok(vec![ProblemsReported { problems }.into()])
    }
}

/// One reported problem, checked; `used` holds the survey sources of the problems before it in the
/// same command. Fields are named relative to the problem.
fn new_problem<S: ProblemState>(
    state: &S,
    cx: &Context<'_>,
    r: ProblemReport,
    used: &mut BTreeSet<String>,
) -> Result<NewProblem> {
    let problems = state.problems();
    let id = text(&r.id, "id", 64)?;
    let id = new_id(&id, problems.problems.contains_key(&id), "problem", "id")?;
    let unit = state.organization().village_or_community(&r.unit, "unit")?;
    cx.actor.require_scope(unit, "unit")?;
    let category = r.category.trim().to_string();
    if !problems.has_category(&category) {
        return Err(Error::invalid_field(
            "category",
            format!(
                "`{category}` is not a category of the campaign: use a built-in one or add it with `addProblemCategory`"
            ),
        ));
    }
    let people = state.people();
    let household = match r.household.as_deref().map(str::trim) {
        Some(h) => {
            let h = people.existing_household(h, "household")?;
            if h.unit != unit {
                return Err(Error::rule("problem.inItsUnit", "the household lies in another village or community")
                    .at_field("household"));
            }
            Some(h.id.clone())
        }
        None => None,
    };
    if r.persons.len() > 100 || r.evidence.len() > 100 || r.sources.len() > 100 {
        return Err(Error::invalid_field("", "at most 100 persons, 100 pieces of evidence and 100 sources"));
    }
    let mut persons = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, p) in r.persons.iter().enumerate() {
        let field = format!("persons[{i}]");
        let person = people.persons.get(p.trim()).ok_or_else(|| Error::not_found("person", p, &field))?;
        if people.person_unit(person) != unit {
            return Err(
                Error::rule("problem.inItsUnit", "the person lives in another village or community").at_field(field)
            );
        }
        if seen.insert(person.id.as_str()) {
            persons.push(person.id.clone());
        }
    }
    let description = text(&r.description, "description", 2000)?;
    let mut evidence = Vec::new();
    for (i, e) in r.evidence.iter().enumerate() {
        let sha = e.sha256.trim();
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(Error::invalid_field(&format!("evidence[{i}].sha256"), "a SHA-256 is 64 lowercase hex digits"));
        }
        evidence.push(Evidence { id: text(&e.id, &format!("evidence[{i}].id"), 200)?, sha256: sha.to_string() });
    }
    if r.sources.is_empty() {
        return Err(Error::invalid_field("sources", "name at least one source of the problem"));
    }
    let survey = state.survey();
    let mut sources = Vec::new();
    for (i, s) in r.sources.into_iter().enumerate() {
        let field = format!("sources[{i}]");
        let reference = text(&s.reference, &format!("{field}.reference"), 200)?;
        let s = super::ProblemSource { reference: reference.into(), ..s };
        match s.kind {
            SourceKind::Finding => {
                let f = survey
                    .findings
                    .get(&s.reference)
                    .ok_or_else(|| Error::not_found("finding", &s.reference, &format!("{field}.reference")))?;
                if f.unit != unit {
                    return Err(Error::rule(
                        "problem.inItsUnit",
                        "the finding was made in another village or community",
                    )
                    .at_field(field));
                }
            }
            SourceKind::Demand => {
                let v = survey
                    .visits
                    .get(&s.reference)
                    .ok_or_else(|| Error::not_found("visit", &s.reference, &format!("{field}.reference")))?;
                if v.unit != unit {
                    return Err(Error::rule("problem.inItsUnit", "the visit was made in another village or community")
                        .at_field(field));
                }
                if s.item.unwrap_or(0) as usize >= v.demands.len() {
                    return Err(Error::invalid_field(
                        &format!("{field}.item"),
                        format!("visit `{}` has {} demands", v.id, v.demands.len()),
                    ));
                }
            }
            _ => {}
        }
        if let Some(key) = s.use_key() {
            if let Some(other) = problems.used_sources.get(&key) {
                return Err(Error::rule(
                    "problem.sourceFeedsOneProblem",
                    format!("`{key}` already feeds problem `{other}`: a finding or demand feeds one problem"),
                )
                .at_field(field));
            }
            if !used.insert(key.clone()) {
                return Err(Error::rule(
                    "problem.sourceFeedsOneProblem",
                    format!("`{key}` is named twice: a finding or demand feeds one problem"),
                )
                .at_field(field));
            }
        }
        sources.push(s);
    }
    Ok(NewProblem {
        id,
        unit,
        category,
        severity: r.severity,
        urgent: r.urgent,
        household,
        persons,
        key_place: r.key_place,
        description,
        evidence,
        sources,
    })
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ConfirmProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Confirm)?;
        Ok(vec![ProblemConfirmed { problem: p.id.to_string() }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for RejectProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Reject)?;
        let reason = text(&self.reason, "command.reason", 500)?;
        Ok(vec![ProblemRejected { problem: p.id.to_string(), reason }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for MergeProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Merge)?;
        let into = find(state, cx, &self.into, "command.into")?;
        if into.id == p.id || into.unit != p.unit || !into.status.is_open() {
            return Err(Error::rule(
                "problem.mergeIntoAnOpenProblemOfTheUnit",
                format!("problem `{}` is merged into another open problem of its village or community", p.id),
            )
            .at_field("command.into"));
        }
        Ok(vec![ProblemMerged { problem: p.id.to_string(), into: into.id.to_string() }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for DispatchProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Dispatch)?;
        let target = state
            .problems()
            .target(self.target.trim())
            .ok_or_else(|| Error::not_found("dispatch target", &self.target, "command.target"))?;
        if !target.covers(p.unit) {
            return Err(Error::rule(
                "problem.targetCoversTheUnit",
                format!("target `{}` does not serve the village or community of problem `{}`", target.id, p.id),
            )
            .at_field("command.target"));
        }
        let due = due_date(state, local_date(cx.at), &self.due, "command.due")?;
        Ok(vec![
            ProblemDispatched { problem: p.id.to_string(), target: target.id.clone(), due, by: cx.actor.id.clone() }
                .into(),
        ])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for AcceptProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Accept)?;
        require_handler(state, p, cx)?;
        Ok(vec![ProblemAccepted { problem: p.id.to_string() }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ReturnProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Return)?;
        require_handler(state, p, cx)?;
        let reason = text(&self.reason, "command.reason", 500)?;
        Ok(vec![ProblemReturned { problem: p.id.to_string(), reason }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for RecordProblemProgress {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::RecordProgress)?;
        require_handler(state, p, cx)?;
        let note = text(&self.note, "command.note", 2000)?;
        if self.co_handlers.len() > 50 {
            return Err(Error::invalid_field("command.coHandlers", "bring in at most 50 co-handlers at once"));
        }
        let mut co_handlers = Vec::new();
        for (i, t) in self.co_handlers.iter().enumerate() {
            let field = format!("command.coHandlers[{i}]");
            let target =
                state.problems().target(t.trim()).ok_or_else(|| Error::not_found("dispatch target", t, &field))?;
            if !target.covers(p.unit) {
                return Err(Error::rule(
                    "problem.targetCoversTheUnit",
                    format!("target `{}` does not serve the village or community of problem `{}`", target.id, p.id),
                )
                .at_field(field));
            }
            let index = state.problems().target_index(&target.id).map(|(i, _)| i);
            let known = index.is_some_and(|i| p.target == Some(i) || p.more().co_handlers.contains(&i));
            if !known && !co_handlers.contains(&target.id) {
                co_handlers.push(target.id.clone());
            }
        }
        Ok(vec![ProblemProgressRecorded { problem: p.id.to_string(), note, co_handlers }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for RequestExtension {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::RequestExtension)?;
        require_handler(state, p, cx)?;
        if p.more().pending_extension.is_some() {
            return Err(Error::rule(
                "problem.oneExtensionAtATime",
                format!("problem `{}` already waits for a decision on an extension", p.id),
            )
            .at_field("command.problem"));
        }
        let today = local_date(cx.at);
        if self.until < today {
            return Err(Error::rule(
                "problem.dueNotBeforeToday",
                format!("the date asked for, {}, is before today ({today}, UTC+8)", self.until),
            )
            .at_field("command.until"));
        }
        if p.due.is_some_and(|due| self.until <= due) {
            return Err(Error::rule(
                "problem.extensionIsLater",
                format!("an extension asks for a date after the current due date {}", p.due.unwrap_or_default()),
            )
            .at_field("command.until"));
        }
        let reason = text(&self.reason, "command.reason", 500)?;
        Ok(vec![ExtensionRequested { problem: p.id.to_string(), until: self.until, reason }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for DecideExtension {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::DecideExtension)?;
        let Some(pending) = &p.more().pending_extension else {
            return Err(Error::rule(
                "problem.extensionWasRequested",
                format!("no extension of problem `{}` waits for a decision", p.id),
            )
            .at_field("command.problem"));
        };
        if p.dispatched_by.as_deref() != Some(cx.actor.id.as_str()) && cx.actor.role != Role::Administrator {
            return Err(Error::denied(
                "problem.extensionByDispatcher",
                format!(
                    "only whoever dispatched problem `{}` (or the leading group's office) decides its extension",
                    p.id
                ),
            )
            .at_field("actor.id"));
        }
        let due = if self.approved { pending.until } else { p.due.unwrap_or(pending.until) };
        Ok(vec![ExtensionDecided { problem: p.id.to_string(), approved: self.approved, due }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ReportProblemDone {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::ReportDone)?;
        require_handler(state, p, cx)?;
        let done = text(&self.done, "command.done", 2000)?;
        Ok(vec![ProblemReportedDone { problem: p.id.to_string(), done, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for FixImmediately {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::FixImmediately)?;
        if !p.urgent {
            return Err(Error::rule(
                "problem.onlyUrgentFixedAtOnce",
                format!("problem `{}` is not urgent: confirm and dispatch it", p.id),
            )
            .at_field("command.problem"));
        }
        let done = text(&self.done, "command.done", 2000)?;
        Ok(vec![ProblemFixedImmediately { problem: p.id.to_string(), done, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for VerifyProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let action = if self.passed { ProblemAction::VerifyPass } else { ProblemAction::VerifyFail };
        let p = acting(state, cx, &self.problem, action)?;
        not_the_handler(state, p, cx)?;
        let note = text(&self.note, "command.note", 2000)?;
        let due = match (&self.due, self.passed) {
            (Some(due), false) => Some(due_date(state, local_date(cx.at), due, "command.due")?),
            (None, false) => {
                return Err(Error::invalid_field("command.due", "a failed verification gives the rework its due date"));
            }
            (Some(_), true) => {
                return Err(Error::invalid_field("command.due", "only a failed verification gives a due date"));
            }
            (None, true) => None,
        };
        Ok(vec![ProblemVerified { problem: p.id.to_string(), passed: self.passed, note, due }.into()])
    }
}

/// Refuses the one who reported the work done, or acts for its target, to verify or close it.
fn not_the_handler<S: ProblemState>(state: &S, p: &Problem, cx: &Context<'_>) -> Result<()> {
    let handler = p.done_by.as_deref() == Some(cx.actor.id.as_str()) || p.handled_by(state.problems(), &cx.actor.id);
    if handler {
        return Err(Error::rule(
            "problem.verifierIsNotTheHandler",
            format!("actor `{}` handled problem `{}`: someone else verifies and closes it", cx.actor.id, p.id),
        )
        .at_field("actor.id"));
    }
    Ok(())
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for CloseProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Close)?;
        not_the_handler(state, p, cx)?;
        let note = match self.feedback.note.as_deref() {
            Some(n) => Some(text(n, "command.feedback.note", 2000)?),
            None => None,
        };
        Ok(vec![
            ProblemClosed {
                problem: p.id.to_string(),
                feedback: Feedback { satisfied: self.feedback.satisfied, note },
            }
            .into(),
        ])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ReopenProblem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = acting(state, cx, &self.problem, ProblemAction::Reopen)?;
        let today = local_date(cx.at);
        let closed = p.last_at(ProblemStatus::Closed).map(local_date).unwrap_or(today);
        let window = state.problems().policy.reopen_within_working_days;
        if state.calendar().working_days_between(closed, today) > i64::from(window) {
            return Err(Error::rule(
                "problem.reopenWithinTheWindow",
                format!(
                    "problem `{}` was closed on {closed}, more than {window} working days ago: report a new one",
                    p.id
                ),
            )
            .at_field("command.problem"));
        }
        let reason = text(&self.reason, "command.reason", 500)?;
        let due = due_date(state, today, &self.due, "command.due")?;
        Ok(vec![ProblemReopened { problem: p.id.to_string(), reason, due }.into()])
    }
}
