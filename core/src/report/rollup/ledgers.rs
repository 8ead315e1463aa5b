//! The rectification ledgers (整改台账), added up.

use super::{add, merge_counts, rate};
use crate::rectification::{LedgerLine, RectificationStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The ledgers over any number of sub-districts: by state, and their measures and linked problems.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LedgerSummary {
    /// Ledgers in all.
    pub ledgers: u64,
    /// Of those, the ones opened for an organization on the weak-and-lax list (the rest were opened
    /// for their problems).
    pub listed: u64,
    /// Ledgers by their organization's state (states without ledgers left out).
    pub by_status: BTreeMap<RectificationStatus, u64>,
    /// Measures in all.
    pub measures: u64,
    /// Measures open.
    pub measures_open: u64,
    /// Measures reported done, not yet verified.
    pub measures_done: u64,
    /// Measures verified.
    pub measures_verified: u64,
    /// Measures not verified and past their due date.
    pub measures_overdue: u64,
    /// Exceptions recorded.
    pub exceptions: u64,
    /// Problems the measures answer.
    pub linked_problems: u64,
    /// Of those, the ones no longer open.
    pub linked_problems_closed: u64,
    /// Pairings still attached (不脱钩).
    pub pairings: u64,
}

impl LedgerSummary {
    /// The summary of ledger lines (the pages of a `ledgers` answer).
    pub fn from_lines(lines: &[LedgerLine]) -> LedgerSummary {
        let mut s = LedgerSummary::default();
        for l in lines {
            let p = &l.progress;
            add(&mut s.ledgers, 1);
            add(&mut s.listed, u64::from(l.listed));
            add(s.by_status.entry(l.status).or_default(), 1);
            add(&mut s.measures, u64::from(p.measures));
            add(&mut s.measures_open, u64::from(p.open));
            add(&mut s.measures_done, u64::from(p.done));
            add(&mut s.measures_verified, u64::from(p.verified));
            add(&mut s.measures_overdue, u64::from(p.overdue));
            add(&mut s.exceptions, u64::from(p.exceptions));
            add(&mut s.linked_problems, u64::from(p.linked_problems));
            add(&mut s.linked_problems_closed, u64::from(p.linked_problems_closed));
            add(&mut s.pairings, u64::from(l.pairings));
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &LedgerSummary) {
        add(&mut self.ledgers, other.ledgers);
        add(&mut self.listed, other.listed);
        merge_counts(&mut self.by_status, &other.by_status);
        add(&mut self.measures, other.measures);
        add(&mut self.measures_open, other.measures_open);
        add(&mut self.measures_done, other.measures_done);
        add(&mut self.measures_verified, other.measures_verified);
        add(&mut self.measures_overdue, other.measures_overdue);
        add(&mut self.exceptions, other.exceptions);
        add(&mut self.linked_problems, other.linked_problems);
        add(&mut self.linked_problems_closed, other.linked_problems_closed);
        add(&mut self.pairings, other.pairings);
    }

    /// `measuresVerified / measures` (absent with no measure).
    pub fn verified_share(&self) -> Option<f64> {
        rate(self.measures_verified, self.measures)
    }
}
