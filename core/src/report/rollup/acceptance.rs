//! The four-tier acceptance (评估验收) funnel, added up.

use super::{add, rate};
use crate::acceptance::{AcceptanceFunnelResult, Tier};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One tier's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierCounts {
    /// Organizations whose latest round passed it.
    pub passed: u64,
    /// Failures at it, over every round.
    pub failed: u64,
}

impl TierCounts {
    /// Adds another tier's counts.
    pub fn merge(&mut self, other: &TierCounts) {
        add(&mut self.passed, other.passed);
        add(&mut self.failed, other.failed);
    }
}

/// The acceptance funnel over any number of sub-districts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceSummary {
    /// Villages' and communities' organizations in all.
    pub organizations: u64,
    /// Not yet self-evaluated.
    pub not_begun: u64,
    /// Per tier (tiers nobody reached left out).
    pub tiers: BTreeMap<Tier, TierCounts>,
    /// Accepted (passed the city's verification).
    pub accepted: u64,
    /// In a second round or later.
    pub beyond_first_round: u64,
    /// Failed rounds whose secretary's adjustment is still due.
    pub adjustments_due: u64,
}

impl AcceptanceSummary {
    /// The summary of `acceptanceFunnel` answers, one per sub-district (or per scope): the area
    /// counts failures over every round only in its funnel, so a line here is a whole funnel.
    pub fn from_lines(lines: &[AcceptanceFunnelResult]) -> AcceptanceSummary {
        let mut s = AcceptanceSummary::default();
        for f in lines {
            add(&mut s.organizations, u64::from(f.organizations));
            add(&mut s.not_begun, u64::from(f.not_begun));
            add(&mut s.accepted, u64::from(f.accepted));
            add(&mut s.beyond_first_round, u64::from(f.beyond_first_round));
            add(&mut s.adjustments_due, u64::from(f.adjustments_due));
            for t in f.tiers.iter().filter(|t| t.passed > 0 || t.failed > 0) {
                let counts = TierCounts { passed: u64::from(t.passed), failed: u64::from(t.failed) };
                s.tiers.entry(t.tier).or_default().merge(&counts);
            }
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &AcceptanceSummary) {
        add(&mut self.organizations, other.organizations);
        add(&mut self.not_begun, other.not_begun);
        add(&mut self.accepted, other.accepted);
        add(&mut self.beyond_first_round, other.beyond_first_round);
        add(&mut self.adjustments_due, other.adjustments_due);
        for (tier, c) in &other.tiers {
            self.tiers.entry(*tier).or_default().merge(c);
        }
    }

    /// A tier's counts (zero when nobody reached it).
    pub fn tier(&self, tier: Tier) -> TierCounts {
        self.tiers.get(&tier).copied().unwrap_or_default()
    }

    /// `accepted / organizations` (absent with no organization).
    pub fn accepted_share(&self) -> Option<f64> {
        rate(self.accepted, self.organizations)
    }
}
