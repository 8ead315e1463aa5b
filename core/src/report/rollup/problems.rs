//! The problem-handling loop, added up. A rate or a mean does not add up; its numerator and its
//! denominator do, so the summary carries both and divides only when asked.

use super::{add, rate};
use crate::problem::{ProblemFigures, ProblemSummaryResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Working days summed over the problems timed, for a mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkingDays {
    /// Problems timed.
    pub problems: u64,
    /// Working days, summed over them.
    pub days: u64,
}

impl WorkingDays {
    fn of((days, problems): (i64, u32)) -> WorkingDays {
        // Spans run forward from the report; a negative sum cannot arise and is counted as none.
        WorkingDays { problems: u64::from(problems), days: u64::try_from(days).unwrap_or(0) }
    }

    /// Adds another sum.
    pub fn merge(&mut self, other: &WorkingDays) {
        add(&mut self.problems, other.problems);
        add(&mut self.days, other.days);
    }

    /// The mean in working days (absent with no problem timed).
    pub fn mean(&self) -> Option<f64> {
        rate(self.days, self.problems)
    }
}

/// The counts of one group of problems.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HandlingCounts {
    /// Reported, merged and rejected ones included.
    pub reported: u64,
    /// Not closed, rejected or merged.
    pub open: u64,
    /// Open and past their due date (at the moment each sub-district was summarized).
    pub overdue: u64,
    /// Closed.
    pub closed: u64,
    /// Closed whose work was reported done by the due date.
    pub closed_on_time: u64,
    /// Closed with a satisfied resident.
    pub satisfied: u64,
    /// Verifications that failed.
    pub verification_failures: u64,
    /// From report to confirmation.
    pub to_confirm: WorkingDays,
    /// From report to first dispatch.
    pub to_dispatch: WorkingDays,
    /// From report to closing.
    pub to_close: WorkingDays,
}

impl HandlingCounts {
    /// The counts behind the area's figures of one group.
    pub fn from_figures(f: &ProblemFigures) -> HandlingCounts {
        let [confirm, dispatch, close] = f.working_day_sums();
        HandlingCounts {
            reported: u64::from(f.reported),
            open: u64::from(f.open),
            overdue: u64::from(f.overdue),
            closed: u64::from(f.closed),
            closed_on_time: u64::from(f.closed_on_time),
            satisfied: u64::from(f.satisfied),
            verification_failures: u64::from(f.verification_failures),
            to_confirm: WorkingDays::of(confirm),
            to_dispatch: WorkingDays::of(dispatch),
            to_close: WorkingDays::of(close),
        }
    }

    /// Adds another group's counts.
    pub fn merge(&mut self, other: &HandlingCounts) {
        add(&mut self.reported, other.reported);
        add(&mut self.open, other.open);
        add(&mut self.overdue, other.overdue);
        add(&mut self.closed, other.closed);
        add(&mut self.closed_on_time, other.closed_on_time);
        add(&mut self.satisfied, other.satisfied);
        add(&mut self.verification_failures, other.verification_failures);
        self.to_confirm.merge(&other.to_confirm);
        self.to_dispatch.merge(&other.to_dispatch);
        self.to_close.merge(&other.to_close);
    }

    /// `closedOnTime / closed` (absent with nothing closed).
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.closed_on_time, self.closed)
    }

    /// `satisfied / closed` (absent with nothing closed).
    pub fn satisfaction(&self) -> Option<f64> {
        rate(self.satisfied, self.closed)
    }
}

/// The problem-handling loop over any number of sub-districts: the counts in all and by category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemHandlingSummary {
    /// Villages and communities with problems.
    pub units: u64,
    /// Over every problem.
    pub total: HandlingCounts,
    /// By category, keyed by the category's wire name (categories without problems left out).
    pub by_category: BTreeMap<String, HandlingCounts>,
}

impl ProblemHandlingSummary {
    /// The summary of `problemSummary` answers, one per sub-district (or per scope): a line here is
    /// a whole answer, since the area gives its categories for the whole scope only.
    pub fn from_lines(lines: &[ProblemSummaryResult]) -> ProblemHandlingSummary {
        let mut s = ProblemHandlingSummary::default();
        for r in lines {
            add(&mut s.units, r.by_unit.len() as u64);
            s.total.merge(&HandlingCounts::from_figures(&r.total));
            for (category, f) in r.by_category.iter().filter(|(_, f)| f.reported > 0) {
                s.by_category.entry(category.clone()).or_default().merge(&HandlingCounts::from_figures(f));
            }
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &ProblemHandlingSummary) {
        add(&mut self.units, other.units);
        self.total.merge(&other.total);
        for (category, c) in &other.by_category {
            self.by_category.entry(category.clone()).or_default().merge(c);
        }
    }
}
