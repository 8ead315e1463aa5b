//! The queries of this area: one ledger in full, every ledger's progress (paged), and pairings
//! (paged). Notes, reasons and what was done may name people: they are shown only to roles that see
//! sensitive data in the unit.

use super::commands::missing_for_ready;
use super::{
    ExceptionSubject, Ledger, LedgerMeasure, LedgerOrigin, LedgerStep, MeasureAnswers, MeasureStatus, Pairing,
    RectificationException, RectificationState, RectificationStatus,
};
use crate::calendar::local_date;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, ErrorCode, Result};
use crate::engine::{Answer, QueryContext};
use crate::people::page_limit;
use crate::problem::{ProblemStatus, visible};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::ops::Bound::{self, Excluded, Unbounded};

/// One organization's ledger in full, with each measure's deadline at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LedgerQuery {
    /// The party organization.
    pub organization: String,
    /// The moment deadlines are read at.
    pub at: DateTime<FixedOffset>,
}

/// How far a ledger has come.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerProgress {
    /// Measures in all.
    pub measures: u32,
    /// Measures open.
    pub open: u32,
    /// Measures reported done, not yet verified.
    pub done: u32,
    /// Measures verified.
    pub verified: u32,
    /// Measures not verified and past their due date.
    pub overdue: u32,
    /// Exceptions recorded.
    pub exceptions: u32,
    /// Problems its measures answer.
    pub linked_problems: u32,
    /// Of those, the ones no longer open (closed, or rejected or merged).
    pub linked_problems_closed: u32,
}

/// A measure as shown, with its deadline at the query's moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeasureView {
    /// The measure (notes blank for roles that do not see sensitive data).
    pub measure: LedgerMeasure,
    /// Not verified and past its due date.
    pub overdue: bool,
    /// Working days from the moment to the due date (negative when past); absent once verified.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub working_days_left: Option<i64>,
    /// Whether an exception is recorded for it.
    pub excepted: bool,
}

/// A problem a ledger's measures answer, and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkedProblem {
    /// The problem.
    pub problem: String,
    /// Where it stands in the handling loop.
    pub status: ProblemStatus,
    /// Whether an exception is recorded for it.
    pub excepted: bool,
}

/// See [`LedgerQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerResult {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Why it has a ledger (a reason blank for roles that do not see sensitive data).
    pub origin: LedgerOrigin,
    /// Where it stands.
    pub status: RectificationStatus,
    /// Its progress at the moment.
    pub progress: LedgerProgress,
    /// The measures.
    pub measures: Vec<MeasureView>,
    /// The problems they answer.
    pub linked_problems: Vec<LinkedProblem>,
    /// The exceptions (reasons blank for roles that do not see sensitive data).
    pub exceptions: Vec<RectificationException>,
    /// What keeps it from being ready for acceptance: measure ids.
    pub measures_missing: Vec<String>,
    /// What keeps it from being ready for acceptance: problem ids.
    pub problems_missing: Vec<String>,
    /// Every change of state.
    pub history: Vec<LedgerStep>,
}

/// Every ledger inside the actor's scope with its progress, by organization id (paged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LedgersQuery {
    /// The moment deadlines are read at.
    pub at: DateTime<FixedOffset>,
    /// Only organizations in this state.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<RectificationStatus>,
    /// Start after this organization id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// One ledger as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerLine {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// On the weak-and-lax list (else opened for its problems).
    pub listed: bool,
    /// Where it stands.
    pub status: RectificationStatus,
    /// Its progress.
    pub progress: LedgerProgress,
    /// Its pairings still attached.
    pub pairings: u32,
}

/// See [`LedgersQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgersResult {
    /// The page.
    pub ledgers: Vec<LedgerLine>,
    /// The organization id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// Pairings inside the actor's scope, by id (paged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PairingsQuery {
    /// Only this party organization's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization: Option<String>,
    /// Start after this pairing id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// See [`PairingsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PairingsResult {
    /// The page (reasons for ending blank for roles that do not see sensitive data).
    pub pairings: Vec<Pairing>,
    /// The pairing id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

crate::engine::guarded! {
    LedgerQuery => Read, "read the campaign";
    LedgersQuery => Read, "read the campaign", Filtered;
    PairingsQuery => Read, "read the campaign", Filtered;
}

/// Where a page starts: after `after`, or at the start.
fn after_bound(after: Option<&str>) -> Bound<&str> {
    after.map_or(Unbounded, Excluded)
}

/// Measure `m` is past due at `at`.
fn overdue(m: &LedgerMeasure, at: DateTime<FixedOffset>) -> bool {
    m.status != MeasureStatus::Verified && local_date(at) > m.due
}

/// The progress of ledger `l` at `at`.
pub fn progress<S: RectificationState>(state: &S, l: &Ledger, at: DateTime<FixedOffset>) -> LedgerProgress {
    let mut p = LedgerProgress {
        measures: l.measures.len() as u32,
        exceptions: l.exceptions.len() as u32,
        ..LedgerProgress::default()
    };
    for m in &l.measures {
        match m.status {
            MeasureStatus::Open => p.open += 1,
            MeasureStatus::Done => p.done += 1,
            MeasureStatus::Verified => p.verified += 1,
        }
        p.overdue += u32::from(overdue(m, at));
    }
    for id in l.linked_problems() {
        p.linked_problems += 1;
        p.linked_problems_closed += u32::from(state.problems().problems.get(id).is_some_and(|p| !p.status.is_open()));
    }
    p
}

impl<S: RectificationState> Answer<S> for LedgerQuery {
    type Output = LedgerResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<LedgerResult> {
        let id = self.organization.trim();
        let o = state.organization().org_in_scope(cx.actor, id, "query.organization")?;
        let l = state.rectification().ledgers.get(&o.id).ok_or_else(|| {
            Error::new(ErrorCode::NotFound, format!("organization `{id}` has no ledger")).at_field("query.organization")
        })?;
        let full = cx.actor.sees_sensitive_in(l.unit);
        let blank = |s: &str| if full { s.to_string() } else { String::new() };
        let today = local_date(self.at);
        let excepted = l.excepted_subjects();
        let seen = |p: &str| state.problems().problems.get(p).is_some_and(|x| visible(state, cx.actor, x));
        let measures = l
            .measures
            .iter()
            .map(|m| {
                let mut shown = m.clone();
                shown.answers.retain(|a| match a {
                    MeasureAnswers::Problem { problem } => seen(problem),
                    _ => true,
                });
                if !full {
                    shown.progress.iter_mut().for_each(|n| n.text.clear());
                    shown.done.iter_mut().for_each(|n| n.text.clear());
                    shown.verifications.iter_mut().for_each(|v| v.text.clear());
                }
                MeasureView {
                    overdue: overdue(m, self.at),
                    working_days_left: (m.status != MeasureStatus::Verified)
                        .then(|| state.calendar().working_days_between(today, m.due)),
                    excepted: excepted.contains(&ExceptionSubject::Measure { measure: m.id.clone() }),
                    measure: shown,
                }
            })
            .collect();
        let linked_problems = l
            .linked_problems()
            .into_iter()
            .filter_map(|p| {
                // A handler sees only its targets' problems, here as in the loop.
                let problem = state.problems().problems.get(p).filter(|x| visible(state, cx.actor, x))?;
                let excepted = excepted.contains(&ExceptionSubject::Problem { problem: p.to_string() });
                Some(LinkedProblem { problem: p.to_string(), status: problem.status, excepted })
            })
            .collect();
        let (measures_missing, mut problems_missing) = missing_for_ready(state, l);
        problems_missing.retain(|p| seen(p));
        Ok(LedgerResult {
            organization: o.id.clone(),
            name: o.name.clone(),
            unit: l.unit,
            origin: match &l.origin {
                LedgerOrigin::Opened { reason } => LedgerOrigin::Opened { reason: blank(reason) },
                listed => listed.clone(),
            },
            status: l.status,
            progress: progress(state, l, self.at),
            measures,
            linked_problems,
            exceptions: l
                .exceptions
                .iter()
                .filter(|e| match &e.subject {
                    ExceptionSubject::Problem { problem } => seen(problem),
                    ExceptionSubject::Measure { .. } => true,
                })
                .map(|e| RectificationException { reason: blank(&e.reason), ..e.clone() })
                .collect(),
            measures_missing,
            problems_missing,
            history: l.history.iter().map(|h| LedgerStep { note: h.note.as_deref().map(blank), ..h.clone() }).collect(),
        })
    }
}

impl<S: RectificationState> Answer<S> for LedgersQuery {
    type Output = LedgersResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<LedgersResult> {
        let limit = page_limit(self.limit)? as usize;
        let r = state.rectification();
        let after = self.after.as_deref().map(str::trim);
        let mut attached: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
        for p in r.pairings.values().filter(|p| p.ended.is_none()) {
            *attached.entry(p.organization.as_str()).or_default() += 1;
        }
        let mut ledgers = Vec::new();
        let mut next_after = None;
        for (id, l) in r.ledgers.range::<str, _>((after_bound(after), Unbounded)) {
            if !cx.actor.scope.contains(l.unit) || self.status.is_some_and(|s| s != l.status) {
                continue;
            }
            if ledgers.len() == limit {
                next_after = ledgers.last().map(|l: &LedgerLine| l.organization.clone());
                break;
            }
            ledgers.push(LedgerLine {
                organization: id.clone(),
                name: state.organization().party_organizations.get(id).map(|o| o.name.clone()).unwrap_or_default(),
                unit: l.unit,
                listed: matches!(l.origin, LedgerOrigin::WeakAndLaxList { .. }),
                status: l.status,
                progress: progress(state, l, self.at),
                pairings: attached.get(id.as_str()).copied().unwrap_or(0),
            });
        }
        Ok(LedgersResult { ledgers, next_after })
    }
}

impl<S: RectificationState> Answer<S> for PairingsQuery {
    type Output = PairingsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<PairingsResult> {
        let limit = page_limit(self.limit)? as usize;
        let after = self.after.as_deref().map(str::trim);
        let organization = self.organization.as_deref().map(str::trim);
        let mut pairings = Vec::new();
        let mut next_after = None;
        for p in state.rectification().pairings.range::<str, _>((after_bound(after), Unbounded)).map(|(_, p)| p) {
            if !cx.actor.scope.contains(p.unit) || organization.is_some_and(|o| o != p.organization) {
                continue;
            }
            if pairings.len() == limit {
                next_after = pairings.last().map(|p: &Pairing| p.id.clone());
                break;
            }
            let full = cx.actor.sees_sensitive_in(p.unit);
            let ended = p.ended.as_ref().map(|(on, why)| (*on, if full { why.clone() } else { String::new() }));
            pairings.push(Pairing { ended, ..p.clone() });
        }
        Ok(PairingsResult { pairings, next_after })
    }
}
