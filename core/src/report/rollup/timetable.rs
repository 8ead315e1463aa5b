//! The timetable (实施计划表, attachment 1), added up.

use super::{add, merge_counts, rate};
use crate::oversight::{TimetableLine, TimetableStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The timetables of any number of sub-districts: their items by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimetableSummary {
    /// Items in all.
    pub items: u64,
    /// By status (statuses without items left out).
    pub by_status: BTreeMap<TimetableStatus, u64>,
}

impl TimetableSummary {
    /// The summary of timetable lines (a `timetable` answer's `items`).
    pub fn from_lines(lines: &[TimetableLine]) -> TimetableSummary {
        let mut s = TimetableSummary::default();
        for l in lines {
            add(&mut s.items, 1);
            add(s.by_status.entry(l.status).or_default(), 1);
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &TimetableSummary) {
        add(&mut self.items, other.items);
        merge_counts(&mut self.by_status, &other.by_status);
    }

    /// The items of one status.
    pub fn of_status(&self, status: TimetableStatus) -> u64 {
        self.by_status.get(&status).copied().unwrap_or(0)
    }

    /// Items done (completed or shown done) over all items (absent with no item).
    pub fn done_share(&self) -> Option<f64> {
        let done = self.of_status(TimetableStatus::Completed) + self.of_status(TimetableStatus::ShownDone);
        rate(done, self.items)
    }
}
