//! The queries of this area: one payload type each, with its permission and its answer.

use super::views::visible;
use super::{Level, Listing, ListingOverdue, Problem, ProblemItem, ProblemState, ProblemStatus, ProblemView};
use crate::calendar::local_date;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use crate::people::{page_limit, unit_filter};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A page of the problems inside the actor's scope (a handler: those of its targets), in the order
/// reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Only problems in this state.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<ProblemStatus>,
    /// Only problems dispatched to this target.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<String>,
    /// Only this category.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub category: Option<String>,
    /// Start after this problem id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// See [`ProblemsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemsResult {
    /// The page.
    pub problems: Vec<ProblemItem>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// One problem in full, with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemQuery {
    /// Its id.
    pub id: String,
}

/// See [`ProblemQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemResult {
    /// The problem, masked for the reader.
    pub problem: Box<ProblemView>,
}

/// The deadlines at a moment (the core reads no clock): how many problems are due, at risk and
/// overdue, per village, target and supervisor, and a page of the overdue ones with the level each is
/// reported to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemDeadlinesQuery {
    /// The moment.
    pub at: DateTime<FixedOffset>,
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Only this target.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<String>,
    /// Only the problems listed under this supervisor.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub supervisor: Option<String>,
    /// Start the overdue page after this problem id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many overdue lines (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// How many problems with a running deadline are in each band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeadlineCounts {
    /// Due later than the at-risk window.
    pub on_track: u32,
    /// Due within the at-risk window (the campaign's `atRiskWorkingDays`), not yet overdue.
    pub at_risk: u32,
    /// Past their due date.
    pub overdue: u32,
}

impl DeadlineCounts {
    fn count(&mut self, band: Band) {
        match band {
            Band::OnTrack => self.on_track += 1,
            Band::AtRisk => self.at_risk += 1,
            Band::Overdue => self.overdue += 1,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Band {
    OnTrack,
    AtRisk,
    Overdue,
}

/// An overdue problem, and to whom it is reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverdueLine {
    /// The problem.
    pub problem: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its category code.
    pub category: String,
    /// Where it is.
    pub status: ProblemStatus,
    /// Its target (none for a problem fixed at once whose rework is due).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<String>,
    /// Its due date.
    pub due: NaiveDate,
    /// Days past due.
    pub days_overdue: i64,
    /// Working days past due (0 when only a weekend or holiday has passed since).
    pub working_days_overdue: i64,
    /// The level it is reported to: the one above its target's (or above its supervisor's, if listed).
    pub report_to: Level,
}

/// See [`ProblemDeadlinesQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemDeadlinesResult {
    /// The day (UTC+8) the bands are counted for.
    pub day: NaiveDate,
    /// The last day of the at-risk window.
    pub at_risk_until: NaiveDate,
    /// Over everything asked.
    pub total: DeadlineCounts,
    /// Per village or community.
    pub by_unit: BTreeMap<DivisionCode, DeadlineCounts>,
    /// Per target.
    pub by_target: BTreeMap<String, DeadlineCounts>,
    /// Per supervisor of a listing.
    pub by_supervisor: BTreeMap<String, DeadlineCounts>,
    /// A page of the overdue problems, in the order reported.
    pub overdue: Vec<OverdueLine>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// The loop's figures at a moment, per village or community, per target and per category: open,
/// overdue, closed, on-time rate, verification failures, satisfaction, and the mean working days to
/// confirm, dispatch and close.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemSummaryQuery {
    /// The moment.
    pub at: DateTime<FixedOffset>,
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// The figures of one group of problems.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemFigures {
    /// Reported, merged and rejected ones included.
    pub reported: u32,
    /// Not closed, rejected or merged.
    pub open: u32,
    /// Open and past their due date.
    pub overdue: u32,
    /// Closed.
    pub closed: u32,
    /// Closed whose work was reported done by the due date.
    pub closed_on_time: u32,
    /// `closedOnTime / closed` (absent with nothing closed).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub on_time_rate: Option<f64>,
    /// Verifications that failed.
    pub verification_failures: u32,
    /// Closed with a satisfied resident.
    pub satisfied: u32,
    /// `satisfied / closed` (absent with nothing closed).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub satisfaction: Option<f64>,
    /// Mean working days from report to confirmation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub days_to_confirm: Option<f64>,
    /// Mean working days from report to first dispatch.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub days_to_dispatch: Option<f64>,
    /// Mean working days from report to closing.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub days_to_close: Option<f64>,
    #[serde(skip)]
    sums: [(i64, u32); 3],
}

/// See [`ProblemSummaryQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemSummaryResult {
    /// The day (UTC+8).
    pub day: NaiveDate,
    /// Over everything inside the scope.
    pub total: ProblemFigures,
    /// Per village or community, with its name.
    pub by_unit: Vec<UnitFigures>,
    /// Per target (problems dispatched to it last).
    pub by_target: BTreeMap<String, ProblemFigures>,
    /// Per category.
    pub by_category: BTreeMap<String, ProblemFigures>,
}

/// The figures of one village or community.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitFigures {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// Its figures.
    #[serde(flatten)]
    pub figures: ProblemFigures,
}

/// The listings inside the actor's scope at a moment, each with whether and why it is overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupervisionsQuery {
    /// The moment.
    pub at: DateTime<FixedOffset>,
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Delisted ones too (default: only those still listed).
    #[serde(default)]
    pub include_delisted: bool,
    /// Start after this listing id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// A listing with its state at the moment asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListingLine {
    /// The listing.
    #[serde(flatten)]
    pub listing: Listing,
    /// Why it is overdue, if it is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub overdue: Option<ListingOverdue>,
    /// The next progress report is due by the end of this day.
    pub next_report_by: NaiveDate,
    /// How many of its problems are verified or closed.
    pub verified: u32,
}

/// See [`SupervisionsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionsResult {
    /// The day (UTC+8).
    pub day: NaiveDate,
    /// The page.
    pub listings: Vec<ListingLine>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

crate::engine::guarded! {
    ProblemsQuery => Read, "read the campaign", Filtered;
    ProblemQuery => Read, "read the campaign";
    ProblemDeadlinesQuery => Read, "read the campaign", Filtered;
    ProblemSummaryQuery => Read, "read the campaign", Filtered;
    SupervisionsQuery => Read, "read the campaign", Filtered;
}

impl<S: ProblemState> Answer<S> for ProblemsQuery {
    type Output = ProblemsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ProblemsResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let limit = page_limit(self.limit)? as usize;
        let all = state.problems();
        let rows = all.problems.page_after(self.after.as_deref(), "problem")?;
        let mut problems = Vec::new();
        let mut next_after = None;
        let wanted = |p: &&Problem| {
            unit.is_none_or(|u| u == p.unit)
                && self.status.is_none_or(|s| s == p.status)
                && self.target.as_deref().is_none_or(|t| p.target.is_some_and(|i| all.target_id(i) == t))
                && self.category.as_deref().is_none_or(|c| all.category(p.category).0 == c)
                && visible(state, cx.actor, p)
        };
        for p in rows.iter().filter(wanted) {
            if problems.len() == limit {
                next_after = problems.last().map(|l: &ProblemItem| l.id.clone());
                break;
            }
            problems.push(ProblemItem::of(state, cx.actor, p));
        }
        Ok(ProblemsResult { problems, next_after })
    }
}

impl<S: ProblemState> Answer<S> for ProblemQuery {
    type Output = ProblemResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ProblemResult> {
        let p =
            state.problems().problems.get(&self.id).ok_or_else(|| Error::not_found("problem", &self.id, "query.id"))?;
        cx.actor.require_scope(p.unit, "query.id")?;
        if !visible(state, cx.actor, p) {
            // A handler asking for a problem of another target learns nothing of it.
            return Err(Error::not_found("problem", &self.id, "query.id"));
        }
        Ok(ProblemResult { problem: Box::new(ProblemView::of(state, cx.actor, p)) })
    }
}

impl<S: ProblemState> Answer<S> for ProblemDeadlinesQuery {
    type Output = ProblemDeadlinesResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ProblemDeadlinesResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let limit = page_limit(self.limit)? as usize;
        let problems = state.problems();
        let calendar = state.calendar();
        let day = local_date(self.at);
        let at_risk_until = calendar.add_working_days(day, problems.policy.at_risk_working_days);
        // Who supervises each listed problem (few listings; looked up per problem below).
        let mut supervisor_of: BTreeMap<&str, (&str, Level)> = BTreeMap::new();
        for l in problems.listings.iter().filter(|l| l.is_listed()) {
            for p in &l.problems {
                supervisor_of.insert(p, (&l.supervisor, l.level));
            }
        }
        let mut result = ProblemDeadlinesResult {
            day,
            at_risk_until,
            total: DeadlineCounts::default(),
            by_unit: BTreeMap::new(),
            by_target: BTreeMap::new(),
            by_supervisor: BTreeMap::new(),
            overdue: Vec::new(),
            next_after: None,
        };
        // The overdue page starts after `after`; the counts cover every problem.
        let first = match &self.after {
            Some(a) => problems.problems.position(a).ok_or_else(|| Error::not_found("problem", a, "query.after"))? + 1,
            None => 0,
        };
        for (i, p) in problems.problems.iter().enumerate() {
            let Some(due) = p.due else { continue };
            let target = p.target.map(|t| problems.target_id(t));
            let listed = supervisor_of.get(&*p.id).copied();
            let wanted = p.clock_runs()
                && unit.is_none_or(|u| u == p.unit)
                && self.target.as_deref().is_none_or(|t| target == Some(t))
                && self.supervisor.as_deref().is_none_or(|s| listed.is_some_and(|(l, _)| l == s))
                && visible(state, cx.actor, p);
            if wanted {
                let band = if day > due {
                    Band::Overdue
                } else if due <= at_risk_until {
                    Band::AtRisk
                } else {
                    Band::OnTrack
                };
                result.total.count(band);
                result.by_unit.entry(p.unit).or_default().count(band);
                if let Some(target) = target {
                    result.by_target.entry(target.to_string()).or_default().count(band);
                }
                if let Some((s, _)) = listed {
                    result.by_supervisor.entry(s.to_string()).or_default().count(band);
                }
                if band == Band::Overdue && i >= first {
                    if result.overdue.len() == limit {
                        if result.next_after.is_none() {
                            result.next_after = result.overdue.last().map(|l| l.problem.clone());
                        }
                    } else {
                        let level = p.target.and_then(|t| problems.target_at(t)).map_or(Level::Village, |t| t.level);
                        result.overdue.push(OverdueLine {
                            problem: p.id.to_string(),
                            unit: p.unit,
                            category: problems.category(p.category).0.to_string(),
                            status: p.status,
                            target: target.map(str::to_string),
                            due,
                            days_overdue: (day - due).num_days(),
                            working_days_overdue: calendar.working_days_between(due, day),
                            report_to: listed.map(|(_, l)| l).unwrap_or(level).above(),
                        });
                    }
                }
            }
        }
        Ok(result)
    }
}

impl ProblemFigures {
    /// The sums behind the three means, each `(working days in all, problems timed)`: from report to
    /// confirmation, to first dispatch and to closing. A mean does not add up across groups; these
    /// sums do (a roll-up carries them and divides at the end).
    pub fn working_day_sums(&self) -> [(i64, u32); 3] {
        self.sums
    }

    fn add(&mut self, p: &Problem, day: NaiveDate, calendar: &crate::calendar::Calendar) {
        self.reported += 1;
        if p.status.is_open() {
            self.open += 1;
            if p.clock_runs() && p.due.is_some_and(|d| day > d) {
                self.overdue += 1;
            }
        }
        self.verification_failures += u32::from(p.verification_failures);
        let reported = p.reported_at().map(local_date);
        let mut span = |i: usize, at: Option<DateTime<FixedOffset>>| {
            if let (Some(from), Some(to)) = (reported, at) {
                self.sums[i].0 += calendar.working_days_between(from, local_date(to));
                self.sums[i].1 += 1;
            }
        };
        span(
            0,
            p.first_at(ProblemStatus::Confirmed)
                .or(p.first_at(ProblemStatus::ReportedDone).filter(|_| p.target.is_none())),
        );
        span(1, p.first_at(ProblemStatus::Dispatched));
        if p.status == ProblemStatus::Closed {
            span(2, p.last_at(ProblemStatus::Closed));
            self.closed += 1;
            let done = p.last_at(ProblemStatus::ReportedDone).map(local_date);
            if let (Some(done), Some(due)) = (done, p.due)
                && done <= due
            {
                self.closed_on_time += 1;
            }
            if p.satisfied == Some(true) {
                self.satisfied += 1;
            }
        }
    }

    fn finish(&mut self) {
        let rate = |n: u32, d: u32| (d > 0).then(|| f64::from(n) / f64::from(d));
        self.on_time_rate = rate(self.closed_on_time, self.closed);
        self.satisfaction = rate(self.satisfied, self.closed);
        let mean = |(sum, n): (i64, u32)| (n > 0).then(|| sum as f64 / f64::from(n));
        self.days_to_confirm = mean(self.sums[0]);
        self.days_to_dispatch = mean(self.sums[1]);
        self.days_to_close = mean(self.sums[2]);
    }
}

impl<S: ProblemState> Answer<S> for ProblemSummaryQuery {
    type Output = ProblemSummaryResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ProblemSummaryResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let day = local_date(self.at);
        let calendar = state.calendar();
        let mut total = ProblemFigures::default();
        let mut by_unit: BTreeMap<DivisionCode, ProblemFigures> = BTreeMap::new();
        let mut by_target: BTreeMap<String, ProblemFigures> = BTreeMap::new();
        let mut by_category: BTreeMap<String, ProblemFigures> = BTreeMap::new();
        let problems = state.problems();
        for p in problems.problems.iter() {
            if unit.is_some_and(|u| u != p.unit) || !visible(state, cx.actor, p) {
                continue;
            }
            total.add(p, day, calendar);
            by_unit.entry(p.unit).or_default().add(p, day, calendar);
            if let Some(t) = p.target {
                by_target.entry(problems.target_id(t).to_string()).or_default().add(p, day, calendar);
            }
            by_category.entry(problems.category(p.category).0.to_string()).or_default().add(p, day, calendar);
        }
        total.finish();
        let units = &state.organization().units;
        let by_unit = by_unit
            .into_iter()
            .map(|(unit, mut figures)| {
                figures.finish();
                UnitFigures { unit, name: units.get(&unit).map(|u| u.name.clone()).unwrap_or_default(), figures }
            })
            .collect();
        let finish = |mut m: BTreeMap<String, ProblemFigures>| {
            m.values_mut().for_each(ProblemFigures::finish);
            m
        };
        Ok(ProblemSummaryResult { day, total, by_unit, by_target: finish(by_target), by_category: finish(by_category) })
    }
}

impl<S: ProblemState> Answer<S> for SupervisionsQuery {
    type Output = SupervisionsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<SupervisionsResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let limit = page_limit(self.limit)? as usize;
        let day = local_date(self.at);
        let problems = state.problems();
        let rows = problems.listings.page_after(self.after.as_deref(), "listing")?;
        let mut listings = Vec::new();
        let mut next_after = None;
        let shown = |l: &&Listing| {
            cx.actor.scope.contains(l.unit)
                && unit.is_none_or(|u| u == l.unit)
                && (self.include_delisted || l.is_listed())
                && l.problems.iter().filter_map(|p| problems.problems.get(p)).any(|p| visible(state, cx.actor, p))
        };
        for l in rows.iter().filter(shown) {
            if listings.len() == limit {
                next_after = listings.last().map(|x: &ListingLine| x.listing.id.clone());
                break;
            }
            let verified = l
                .problems
                .iter()
                .filter_map(|p| problems.problems.get(p))
                .filter(|p| matches!(p.status, ProblemStatus::Verified | ProblemStatus::Closed))
                .count() as u32;
            // Reports and reasons may name people: kept for readers who see sensitive data.
            let mut listing = l.clone();
            if !cx.actor.sees_sensitive_in(l.unit) && cx.actor.role != crate::engine::access::Role::Handler {
                listing.reports.iter_mut().for_each(|r| r.note.clear());
                listing.escalations.iter_mut().for_each(|e| e.reason.clear());
            }
            listings.push(ListingLine {
                listing,
                overdue: l.overdue(state.calendar(), day),
                next_report_by: state.calendar().add_working_days(l.last_report_on, l.cadence_working_days),
                verified,
            });
        }
        Ok(SupervisionsResult { day, listings, next_after })
    }
}
