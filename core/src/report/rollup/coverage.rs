//! The door-knock survey's coverage (不漏一户), added up.

use super::{add, rate};
use crate::survey::UnitCoverageLine;
use serde::{Deserialize, Serialize};

/// Coverage of the door-knock survey over any number of villages and communities: every field a
/// count, so that summaries add up field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CoverageSummary {
    /// Villages and communities counted.
    pub units: u64,
    /// Of those, the ones where every registered household is covered (no household missed).
    pub units_complete: u64,
    /// Households registered.
    pub households: u64,
    /// Households covered.
    pub covered: u64,
    /// Households visited but not covered.
    pub attempted_only: u64,
    /// Households not visited yet.
    pub not_tried: u64,
}

impl CoverageSummary {
    /// The summary of the coverage lines of any villages and communities (the lines of several
    /// sub-districts' `coverage` answers concatenated give their union's summary).
    pub fn from_lines(lines: &[UnitCoverageLine]) -> CoverageSummary {
        let mut s = CoverageSummary::default();
        for l in lines {
            let c = &l.counts;
            add(&mut s.units, 1);
            add(&mut s.units_complete, u64::from(c.covered == c.households));
            add(&mut s.households, u64::from(c.households));
            add(&mut s.covered, u64::from(c.covered));
            add(&mut s.attempted_only, u64::from(c.attempted_only));
            add(&mut s.not_tried, u64::from(c.not_tried));
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &CoverageSummary) {
        add(&mut self.units, other.units);
        add(&mut self.units_complete, other.units_complete);
        add(&mut self.households, other.households);
        add(&mut self.covered, other.covered);
        add(&mut self.attempted_only, other.attempted_only);
        add(&mut self.not_tried, other.not_tried);
    }

    /// `covered / households` (absent with no household).
    pub fn coverage_rate(&self) -> Option<f64> {
        rate(self.covered, self.households)
    }
}
