//! The survey's problem list (突出问题清单), added up.

use super::{add, merge_counts};
use crate::survey::{ProblemCategory, ProblemLine};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The survey's findings over any number of villages and communities, by category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemListSummary {
    /// Villages and communities with findings.
    pub units: u64,
    /// Findings in all.
    pub findings: u64,
    /// Findings by category (categories without findings left out).
    pub by_category: BTreeMap<ProblemCategory, u64>,
}

impl ProblemListSummary {
    /// The summary of the problem-list lines of any villages and communities (a `problemList`
    /// answer's `units`).
    pub fn from_lines(lines: &[ProblemLine]) -> ProblemListSummary {
        let mut s = ProblemListSummary::default();
        for l in lines {
            add(&mut s.units, 1);
            for c in l.categories.iter().filter(|c| c.count > 0) {
                add(&mut s.findings, u64::from(c.count));
                add(s.by_category.entry(c.category).or_default(), u64::from(c.count));
            }
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &ProblemListSummary) {
        add(&mut self.units, other.units);
        add(&mut self.findings, other.findings);
        merge_counts(&mut self.by_category, &other.by_category);
    }

    /// The share of all findings that fall in `category` (absent with no finding).
    pub fn share(&self, category: ProblemCategory) -> Option<f64> {
        super::rate(self.by_category.get(&category).copied().unwrap_or(0), self.findings)
    }
}
