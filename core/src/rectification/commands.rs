//! The commands on a ledger as a whole: open it, start rectifying, record exceptions, mark it ready
//! for acceptance and reopen it. Measures are in `measure_commands.rs`, pairings in
//! `pairing_commands.rs`.

use super::{
    ExceptionSubject, Ledger, LedgerOpened, MeasureStatus, ReadyForAcceptanceMarked, RectificationAction,
    RectificationEvents, RectificationExceptionRecorded, RectificationReopened, RectificationStarted,
    RectificationState, require,
};
use crate::engine::check::text;
use crate::engine::error::{Error, ErrorCode, Result};
use crate::engine::{Context, Decide};
use crate::review::ReviewStatus;
use crate::weak_and_lax::village_organization;
use serde::{Deserialize, Serialize};

/// Opens a ledger for an organization that is not on the weak-and-lax list but has problems to
/// rectify (open problems of its village or community, or structural problems its look-back found).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenLedger {
    /// The party organization.
    pub organization: String,
    /// Why.
    pub reason: String,
}

/// The measures are drawn up: the organization starts rectifying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartRectifying {
    /// The party organization.
    pub organization: String,
}

/// The sub-district committee records an exception: a measure that cannot be verified, or a linked
/// problem that cannot be closed, within the campaign; readiness then does not wait for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordRectificationException {
    /// The party organization.
    pub organization: String,
    /// What for.
    pub subject: ExceptionSubject,
    /// Why.
    pub reason: String,
}

/// Marks the organization ready for acceptance: every measure verified and every linked problem
/// closed, or excepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkReadyForAcceptance {
    /// The party organization.
    pub organization: String,
}

/// Sends an organization ready for acceptance back to rectifying (something was found undone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReopenRectification {
    /// The party organization.
    pub organization: String,
    /// Why.
    pub reason: String,
}

crate::engine::guarded! {
    OpenLedger => ManageOrganizations, "rectify weak and lax organizations";
    StartRectifying => ManageOrganizations, "rectify weak and lax organizations";
    RecordRectificationException => ManageOrganizations, "rectify weak and lax organizations";
    MarkReadyForAcceptance => ManageOrganizations, "rectify weak and lax organizations";
    ReopenRectification => ManageOrganizations, "rectify weak and lax organizations";
}

/// The ledger of organization `id`, inside the actor's scope; `NOT_FOUND` names an organization that
/// has none.
pub(crate) fn ledger<'a, S: RectificationState>(
    state: &'a S,
    cx: &Context<'_>,
    id: &str,
    field: &str,
) -> Result<&'a Ledger> {
    let o = village_organization(state, cx, id, field)?;
    state.rectification().ledgers.get(&o.id).ok_or_else(|| {
        Error::new(
            ErrorCode::NotFound,
            format!(
                "organization `{}` has no ledger: it gets one when the district confirms the weak-and-lax list with it, or by `openLedger`",
                o.id
            ),
        )
        .at_field(field)
    })
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for OpenLedger {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let o = village_organization(state, cx, &self.organization, "command.organization")?;
        if state.rectification().ledgers.contains_key(&o.id) {
            return Err(Error::already_exists("ledger", &o.id, "command.organization"));
        }
        let open_problems = state.problems().problems.iter().any(|p| p.unit == o.unit && p.status.is_open());
        let structural = state
            .reviews()
            .reviews
            .iter()
            .rev()
            .find(|r| r.unit == o.unit && r.status == ReviewStatus::Concluded)
            .is_some_and(|r| r.problems().next().is_some());
        if !open_problems && !structural {
            return Err(Error::rule(
                "rectification.somethingToRectify",
                format!(
                    "organization `{}` has no open problem and its look-back found no structural problem: nothing to rectify",
                    o.id
                ),
            )
            .at_field("command.organization"));
        }
        let reason = text(&self.reason, "command.reason", 2000)?;
        Ok(vec![LedgerOpened { organization: o.id.clone(), unit: o.unit, reason, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for StartRectifying {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = ledger(state, cx, &self.organization, "command.organization")?;
        require(&l.organization, l.status, RectificationAction::StartRectifying)?;
        if l.measures.is_empty() {
            return Err(Error::rule(
                "rectification.measuresFirst",
                format!("the ledger of `{}` has no measure yet: add its measures first", l.organization),
            )
            .at_field("command.organization"));
        }
        Ok(vec![RectificationStarted { organization: l.organization.clone(), by: cx.actor.id.clone() }.into()])
    }
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for RecordRectificationException {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = ledger(state, cx, &self.organization, "command.organization")?;
        require(&l.organization, l.status, RectificationAction::RecordException)?;
        let subject = match self.subject {
            ExceptionSubject::Measure { measure } => {
                let measure = measure.trim().to_string();
                let m =
                    l.measures.iter().find(|m| m.id == measure).ok_or_else(|| {
                        Error::not_found("measure of this ledger", &measure, "command.subject.measure")
                    })?;
                if m.status == MeasureStatus::Verified {
                    return Err(Error::rule(
                        "rectification.exceptionForWhatIsOpen",
                        format!("measure `{measure}` is verified: it needs no exception"),
                    )
                    .at_field("command.subject.measure"));
                }
                // An exception stands in for the verification: its owner, or whoever reported it done,
                // does not record one either.
                let actor = cx.actor.id.trim();
                if actor == m.owner || m.done.as_ref().is_some_and(|d| d.by.trim() == actor) {
                    return Err(Error::denied(
                        "rectification.verifierIsNotTheOwner",
                        format!("an exception for measure `{measure}` is recorded by someone other than its owner and whoever reported it done"),
                    )
                    .at_field("actor.id"));
                }
                ExceptionSubject::Measure { measure }
            }
            ExceptionSubject::Problem { problem } => {
                let problem = problem.trim().to_string();
                if !l.linked_problems().contains(&problem.as_str()) {
                    return Err(Error::not_found(
                        "problem answered by this ledger",
                        &problem,
                        "command.subject.problem",
                    ));
                }
                if state.problems().problems.get(&problem).is_none_or(|p| !p.status.is_open()) {
                    return Err(Error::rule(
                        "rectification.exceptionForWhatIsOpen",
                        format!("problem `{problem}` is no longer open: it needs no exception"),
                    )
                    .at_field("command.subject.problem"));
                }
                ExceptionSubject::Problem { problem }
            }
        };
        if l.excepted(&subject) {
            return Err(Error::rule("rectification.exceptionOnce", "this exception is already recorded")
                .at_field("command.subject"));
        }
        let reason = text(&self.reason, "command.reason", 2000)?;
        Ok(vec![
            RectificationExceptionRecorded {
                organization: l.organization.clone(),
                subject,
                reason,
                by: cx.actor.id.clone(),
            }
            .into(),
        ])
    }
}

/// What keeps ledger `l` from being ready: measures neither verified nor excepted, and linked
/// problems neither closed nor excepted (ids only: the words may name people).
pub fn missing_for_ready<S: RectificationState>(state: &S, l: &Ledger) -> (Vec<String>, Vec<String>) {
    let excepted = l.excepted_subjects();
    let measures = l
        .measures
        .iter()
        .filter(|m| m.status != MeasureStatus::Verified)
        .filter(|m| !excepted.contains(&ExceptionSubject::Measure { measure: m.id.clone() }))
        .map(|m| m.id.clone())
        .collect();
    let problems = l
        .linked_problems()
        .into_iter()
        .filter(|p| state.problems().problems.get(p).is_some_and(|p| p.status.is_open()))
        .filter(|p| !excepted.contains(&ExceptionSubject::Problem { problem: p.to_string() }))
        .map(str::to_string)
        .collect();
    (measures, problems)
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for MarkReadyForAcceptance {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = ledger(state, cx, &self.organization, "command.organization")?;
        require(&l.organization, l.status, RectificationAction::MarkReady)?;
        let (measures, problems) = missing_for_ready(state, l);
        if !measures.is_empty() || !problems.is_empty() {
            let mut missing = Vec::new();
            if !measures.is_empty() {
                missing.push(format!("measures not verified: {}", measures.join(", ")));
            }
            if !problems.is_empty() {
                missing.push(format!("linked problems not closed: {}", problems.join(", ")));
            }
            return Err(Error::rule(
                "rectification.readyWhenAllVerified",
                format!(
                    "`{}` is not ready for acceptance ({}); verify them, or record an exception",
                    l.organization,
                    missing.join("; ")
                ),
            )
            .at_field("command.organization"));
        }
        Ok(vec![ReadyForAcceptanceMarked { organization: l.organization.clone(), by: cx.actor.id.clone() }.into()])
    }
}

impl<S: RectificationState, E: RectificationEvents> Decide<S, E> for ReopenRectification {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = ledger(state, cx, &self.organization, "command.organization")?;
        require(&l.organization, l.status, RectificationAction::Reopen)?;
        let reason = text(&self.reason, "command.reason", 2000)?;
        Ok(vec![RectificationReopened { organization: l.organization.clone(), reason, by: cx.actor.id.clone() }.into()])
    }
}
