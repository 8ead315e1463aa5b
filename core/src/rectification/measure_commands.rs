//! The commands on measures: draw one up, record its progress, report it done, verify it.

use super::{
    Ledger, LedgerMeasure, MeasureAdded, MeasureAnswers, MeasureDone, MeasureDraft, MeasureProgressRecorded,
    MeasureStatus, MeasureVerified, RectificationAction, RectificationEvents, RectificationState, commands::ledger,
    require,
};
use crate::calendar::local_date;
use crate::engine::access::Permission;
use crate::engine::check::{new_id, text};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Adds a measure to an organization's ledger (while listed or rectifying).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddMeasure {
    /// The party organization.
    pub organization: String,
    /// The measure.
    pub measure: MeasureDraft,
}

/// Records progress on a measure (its owner, or whoever manages rectification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordMeasureProgress {
    /// The measure.
    pub measure: String,
    /// What was done so far.
    pub text: String,
}

/// Reports a measure done (its owner, or whoever manages rectification).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkMeasureDone {
    /// The measure.
    pub measure: String,
    /// What was done.
    pub done: String,
}

/// Verifies a measure reported done: someone other than its owner and whoever reported it done. A
/// failure sends it back to open with a new due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyMeasure {
    /// The measure.
    pub measure: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub note: String,
    /// The new due date: required when it fails, absent when it passes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<NaiveDate>,
}

crate::engine::guarded! {
    AddMeasure => ManageOrganizations, "rectify weak and lax organizations";
    RecordMeasureProgress => Rectify, "work on rectification measures";
    MarkMeasureDone => Rectify, "work on rectification measures";
    VerifyMeasure => ManageOrganizations, "rectify weak and lax organizations";
}

/// At most this many measures per ledger, answers per measure and notes per measure.
const MAX_MEASURES: usize = 200;
const MAX_ANSWERS: usize = 50;
const MAX_NOTES: usize = 500;
const MAX_VERIFICATIONS: usize = 100;

/// A due date not before the command's day.
fn due_ahead(due: NaiveDate, cx: &Context<'_>, field: &str) -> Result<NaiveDate> {
    if due < local_date(cx.at) {
        return Err(Error::invalid_field(field, format!("the due date {due} is already past")));
    }
    Ok(due)
}

/// Checks that `answer` is the ledger's organization's own: a problem of its unit, a structural
/// problem of its unit's look-back, an item hit in the assessment of its decision.
fn check_answer<S: RectificationState>(state: &S, l: &Ledger, answer: &MeasureAnswers, field: &str) -> Result<()> {
    let own = match answer {
        MeasureAnswers::Problem { problem } => {
            let p = state
                .problems()
                .problems
                .get(problem)
                .ok_or_else(|| Error::not_found("problem", problem, &format!("{field}.problem")))?;
            p.unit == l.unit
        }
        MeasureAnswers::ReviewFinding { review, item } => {
            let r = state
                .reviews()
                .reviews
                .get(review)
                .ok_or_else(|| Error::not_found("review", review, &format!("{field}.review")))?;
            r.unit == l.unit && r.findings.get(item).is_some_and(|f| !f.sound)
        }
        MeasureAnswers::AssessmentItem { id } => state.weak_and_lax().decisions.get(&l.organization).is_some_and(|d| {
            d.assessment.criteria.iter().chain(&d.assessment.vetoes_hit).any(|c| c.hit && c.id == *id)
        }),
    };
    if !own {
        return Err(Error::rule(
            "rectification.answersItsOwn",
            format!(
                "a measure of `{}` answers its own problems, the structural problems its look-back found and the items hit in its assessment",
                l.organization
            ),
        )
        .at_field(field));
    }
    Ok(())
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for AddMeasure {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = ledger(state, cx, &self.organization, "command.organization")?;
        require(&l.organization, l.status, RectificationAction::AddMeasure)?;
        if l.measures.len() >= MAX_MEASURES {
            return Err(Error::rule("rectification.measuresBounded", "a ledger holds at most 200 measures")
                .at_field("command.measure"));
        }
        let d = self.measure;
        let id = new_id(&d.id, state.rectification().measure(d.id.trim()).is_some(), "measure", "command.measure.id")?;
        let text_ = text(&d.text, "command.measure.text", 1000)?;
        let owner = text(&d.owner, "command.measure.owner", 100)?;
        let owner_post = text(&d.owner_post, "command.measure.ownerPost", 100)?;
        let due = due_ahead(d.due, cx, "command.measure.due")?;
        if d.answers.is_empty() || d.answers.len() > MAX_ANSWERS {
            return Err(Error::invalid_field(
                "command.measure.answers",
                "a measure answers 1 to 50 problems, findings or assessment items",
            ));
        }
        let mut answers = d.answers;
        for (i, a) in answers.iter_mut().enumerate() {
            match a {
                MeasureAnswers::Problem { problem } => *problem = problem.trim().to_string(),
                MeasureAnswers::ReviewFinding { review, .. } => *review = review.trim().to_string(),
                MeasureAnswers::AssessmentItem { id } => *id = id.trim().to_string(),
            }
            check_answer(state, l, a, &format!("command.measure.answers[{i}]"))?;
        }
        let mut sorted = answers.clone();
        sorted.sort();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::invalid_field("command.measure.answers", "an item is answered twice"));
        }
        Ok(vec![
            MeasureAdded {
                organization: l.organization.clone(),
                measure: MeasureDraft { id, text: text_, owner, owner_post, due, answers },
            }
            .into(),
        ])
    }
}

/// Measure `id`, its ledger inside the actor's scope, and the ledger's state allowing work on it.
fn workable<'a, S: RectificationState>(
    state: &'a S,
    cx: &Context<'_>,
    id: &str,
) -> Result<(&'a Ledger, &'a LedgerMeasure)> {
    let id = id.trim();
    let (l, i) = state.rectification().measure(id).ok_or_else(|| Error::not_found("measure", id, "command.measure"))?;
    cx.actor.require_scope(l.unit, "command.measure")?;
    require(&l.organization, l.status, RectificationAction::WorkMeasure)?;
    Ok((l, &l.measures[i]))
}

/// Whether the actor may work measure `m`: its owner, or a role that manages rectification.
fn owner_or_manager(cx: &Context<'_>, m: &LedgerMeasure) -> Result<()> {
    if cx.actor.id.trim() != m.owner && !cx.actor.role.allows(Permission::ManageOrganizations) {
        return Err(Error::denied(
            "rectification.ownerOrManager",
            format!("measure `{}` is worked by its owner, or by whoever manages rectification", m.id),
        )
        .at_field("actor.id"));
    }
    Ok(())
}

/// Refuses unless measure `m` is in `status`.
fn measure_is(m: &LedgerMeasure, status: MeasureStatus, what: &str) -> Result<()> {
    if m.status != status {
        return Err(Error::transition(
            "rectification.measureTransitionAllowed",
            format!("measure `{}` is {}: {what}", m.id, m.status.label_zh()),
        )
        .at_field("command.measure"));
    }
    Ok(())
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for RecordMeasureProgress {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let (_, m) = workable(state, cx, &self.measure)?;
        owner_or_manager(cx, m)?;
        measure_is(m, MeasureStatus::Open, "progress is recorded on open measures")?;
        if m.progress.len() >= MAX_NOTES {
            return Err(Error::rule("rectification.notesBounded", "a measure holds at most 500 progress notes")
                .at_field("command.text"));
        }
        let text = text(&self.text, "command.text", 2000)?;
        Ok(vec![MeasureProgressRecorded { measure: m.id.clone(), text, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for MarkMeasureDone {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let (_, m) = workable(state, cx, &self.measure)?;
        owner_or_manager(cx, m)?;
        measure_is(m, MeasureStatus::Open, "only an open measure is reported done")?;
        if m.verifications.len() >= MAX_VERIFICATIONS {
            return Err(Error::rule(
                "rectification.notesBounded",
                "a measure failed 100 verifications: draw up a new measure instead",
            )
            .at_field("command.measure"));
        }
        let text = text(&self.done, "command.done", 2000)?;
        Ok(vec![MeasureDone { measure: m.id.clone(), text, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for VerifyMeasure {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let (_, m) = workable(state, cx, &self.measure)?;
        measure_is(m, MeasureStatus::Done, "only a measure reported done is verified")?;
        let reporter = m.done.as_ref().map(|d| d.by.trim());
        let actor = cx.actor.id.trim();
        if actor == m.owner || Some(actor) == reporter {
            return Err(Error::denied(
                "rectification.verifierIsNotTheOwner",
                format!("measure `{}` is verified by someone other than its owner and whoever reported it done", m.id),
            )
            .at_field("actor.id"));
        }
        let due = match (self.passed, self.due) {
            (true, None) => None,
            (true, Some(_)) => {
                return Err(Error::invalid_field("command.due", "a measure that passes needs no new due date"));
            }
            (false, None) => {
                return Err(Error::invalid_field("command.due", "a measure that fails needs a new due date"));
            }
            (false, Some(due)) => Some(due_ahead(due, cx, "command.due")?),
        };
        let text = text(&self.note, "command.note", 2000)?;
        Ok(vec![
            MeasureVerified { measure: m.id.clone(), passed: self.passed, text, due, by: cx.actor.id.clone() }.into(),
        ])
    }
}
