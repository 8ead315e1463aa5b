//! The commands of listed supervision (挂牌督办): listing problems, reporting progress, escalating and
//! delisting.

use super::commands::{acts_for, find};
use super::{
    Level, Listing, ProblemEvents, ProblemState, ProblemStatus, SupervisionDelisted, SupervisionEscalated,
    SupervisionListed, SupervisionProgressReported,
};
use crate::calendar::local_date;
use crate::engine::check::{new_id, text};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A listing as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListingSpec {
    /// Its id.
    pub id: String,
    /// The problems (one, or several of one village or community).
    pub problems: Vec<String>,
    /// The supervisor, by name and post.
    pub supervisor: String,
    /// The level that supervises: sub-district, district or city.
    pub level: Level,
    /// The day every listed problem must be verified by.
    pub deadline: NaiveDate,
    /// Progress is reported at least every this many working days (1 to 60).
    pub cadence_working_days: u32,
}

/// Puts problems under listed supervision (挂牌督办).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListSupervision {
    /// The listing.
    pub listing: ListingSpec,
}

/// Reports progress to a listing's supervisor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportSupervisionProgress {
    /// The listing.
    pub listing: String,
    /// What was done.
    pub note: String,
}

/// Moves a listing to a supervisor at a higher level (e.g. an overdue one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EscalateSupervision {
    /// The listing.
    pub listing: String,
    /// The new supervisor.
    pub supervisor: String,
    /// Their level, above the current one.
    pub level: Level,
    /// A new deadline (absent: the current one stays).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline: Option<NaiveDate>,
    /// Why.
    pub reason: String,
}

/// Takes a listing down (摘牌), once each of its problems is verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DelistSupervision {
    /// The listing.
    pub listing: String,
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ListSupervision {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = self.listing;
        let problems = state.problems();
        let id = text(&l.id, "command.listing.id", 64)?;
        let id = new_id(&id, problems.listings.contains_key(&id), "listing", "command.listing.id")?;
        if l.problems.is_empty() || l.problems.len() > 1000 {
            return Err(Error::invalid_field("command.listing.problems", "list 1 to 1,000 problems"));
        }
        if l.level == Level::Village {
            return Err(Error::invalid_field(
                "command.listing.level",
                "a listing is supervised by the sub-district, district or city",
            ));
        }
        let mut unit = None;
        let mut ids = Vec::new();
        for (i, pid) in l.problems.iter().enumerate() {
            let field = format!("command.listing.problems[{i}]");
            let p = find(state, cx, pid, &field)?;
            if !p.status.is_open() {
                return Err(Error::rule(
                    "supervision.listsOpenProblems",
                    format!("problem `{}` is {}", p.id, p.status.as_str()),
                )
                .at_field(field));
            }
            if *unit.get_or_insert(p.unit) != p.unit {
                return Err(Error::rule("supervision.oneUnit", "a listing holds problems of one village or community")
                    .at_field(field));
            }
            if let Some(other) =
                problems.listings.iter().find(|o| o.is_listed() && o.problems.iter().any(|x| **x == *p.id))
            {
                return Err(Error::rule(
                    "supervision.listedOnce",
                    format!("problem `{}` is already listed under `{}`", p.id, other.id),
                )
                .at_field(field));
            }
            if !ids.iter().any(|x: &String| **x == *p.id) {
                ids.push(p.id.to_string());
            }
        }
        let today = local_date(cx.at);
        if l.deadline < today {
            return Err(Error::rule(
                "problem.dueNotBeforeToday",
                format!("the deadline {} is before today ({today})", l.deadline),
            )
            .at_field("command.listing.deadline"));
        }
        if !(1..=60).contains(&l.cadence_working_days) {
            return Err(Error::invalid_field(
                "command.listing.cadenceWorkingDays",
                "`cadenceWorkingDays` must be 1 to 60",
            ));
        }
        let Some(unit) = unit else {
            return Err(Error::invalid_field("command.listing.problems", "list 1 to 1,000 problems"));
        };
        let listing = Listing {
            id,
            unit,
            problems: ids,
            supervisor: text(&l.supervisor, "command.listing.supervisor", 100)?,
            level: l.level,
            listed_on: today,
            deadline: l.deadline,
            cadence_working_days: l.cadence_working_days,
            last_report_on: today,
            reports: Vec::new(),
            escalations: Vec::new(),
            delisted_at: None,
        };
        Ok(vec![SupervisionListed { listing }.into()])
    }
}

/// The listing `id`, listed, inside the actor's scope.
fn listed<'a, S: ProblemState>(state: &'a S, cx: &Context<'_>, id: &str) -> Result<&'a Listing> {
    let l =
        state.problems().listings.get(id.trim()).ok_or_else(|| Error::not_found("listing", id, "command.listing"))?;
    cx.actor.require_scope(l.unit, "command.listing")?;
    if !l.is_listed() {
        return Err(Error::transition("supervision.stillListed", format!("listing `{}` is delisted", l.id))
            .at_field("command.listing"));
    }
    Ok(l)
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for ReportSupervisionProgress {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = listed(state, cx, &self.listing)?;
        let problems = state.problems();
        let handles = l.problems.iter().filter_map(|p| problems.problems.get(p)).any(|p| acts_for(state, p, cx.actor));
        if !handles && !cx.actor.role.allows(crate::engine::access::Permission::ManageProblems) {
            return Err(Error::denied(
                "supervision.reportedByItsHandlers",
                format!("actor `{}` handles none of the problems of listing `{}`", cx.actor.id, l.id),
            )
            .at_field("actor.id"));
        }
        if l.reports.len() >= 10_000 {
            return Err(Error::rule("supervision.reportsBounded", format!("listing `{}` has 10,000 reports", l.id))
                .at_field("command.listing"));
        }
        let note = text(&self.note, "command.note", 2000)?;
        Ok(vec![SupervisionProgressReported { listing: l.id.clone(), note }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for EscalateSupervision {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = listed(state, cx, &self.listing)?;
        if self.level <= l.level {
            return Err(Error::rule(
                "supervision.escalateUpward",
                format!("listing `{}` is supervised at the {:?} level: escalate to a higher one", l.id, l.level),
            )
            .at_field("command.level"));
        }
        let deadline = self.deadline.unwrap_or(l.deadline);
        if deadline < local_date(cx.at) {
            return Err(
                Error::rule("problem.dueNotBeforeToday", "the deadline is before today").at_field("command.deadline")
            );
        }
        Ok(vec![
            SupervisionEscalated {
                listing: l.id.clone(),
                supervisor: text(&self.supervisor, "command.supervisor", 100)?,
                level: self.level,
                deadline,
                reason: text(&self.reason, "command.reason", 500)?,
            }
            .into(),
        ])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for DelistSupervision {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let l = listed(state, cx, &self.listing)?;
        let problems = &state.problems().problems;
        let unverified = l
            .problems
            .iter()
            .filter_map(|p| problems.get(p))
            .find(|p| !matches!(p.status, ProblemStatus::Verified | ProblemStatus::Closed | ProblemStatus::Merged));
        if let Some(p) = unverified {
            return Err(Error::rule(
                "supervision.delistAfterVerification",
                format!(
                    "problem `{}` of listing `{}` is {}: delist once each is verified",
                    p.id,
                    l.id,
                    p.status.as_str()
                ),
            )
            .at_field("command.listing"));
        }
        Ok(vec![SupervisionDelisted { listing: l.id.clone() }.into()])
    }
}

crate::engine::guarded! {
    ListSupervision => SuperviseProblems, "supervise problems";
    ReportSupervisionProgress => HandleProblems, "report progress to a supervisor";
    EscalateSupervision => SuperviseProblems, "supervise problems";
    DelistSupervision => SuperviseProblems, "supervise problems";
}
