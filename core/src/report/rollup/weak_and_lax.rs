//! The determination of weak-and-lax organizations (软弱涣散), added up.

use super::{add, rate};
use crate::weak_and_lax::{WeakAndLaxAssessmentResult, WeakAndLaxListResult};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where one party organization stands in the determination: the line the summary counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxLine {
    /// The party organization.
    pub organization: String,
    /// Assessed under the rubric in force.
    pub assessed: bool,
    /// The rubric suggests proposing it.
    pub suggested: bool,
    /// A veto of the rubric hit it.
    pub vetoed: bool,
    /// The committee decided on it.
    pub decided: bool,
    /// The committee proposed it.
    pub proposed: bool,
    /// On the latest list submitted upward.
    pub submitted: bool,
    /// On the latest list the district confirmed.
    pub confirmed: bool,
}

impl WeakAndLaxLine {
    /// One line per organization the two answers name (assessed, decided on or listed), by id.
    pub fn lines(assessment: &WeakAndLaxAssessmentResult, list: &WeakAndLaxListResult) -> Vec<WeakAndLaxLine> {
        let mut by_id: BTreeMap<&str, WeakAndLaxLine> = BTreeMap::new();
        for a in &assessment.assessments {
            let l = line(&mut by_id, &a.organization);
            l.assessed = true;
            l.suggested = a.suggested;
            l.vetoed = !a.vetoes_hit.is_empty();
        }
        for d in &list.decisions {
            let l = line(&mut by_id, &d.organization);
            l.decided = true;
            l.proposed = d.propose;
        }
        if let Some(s) = list.submissions.iter().max_by_key(|s| s.version) {
            s.organizations.iter().for_each(|o| line(&mut by_id, o).submitted = true);
        }
        if let Some(s) = list.submissions.iter().filter(|s| s.confirmed.is_some()).max_by_key(|s| s.version) {
            s.organizations.iter().for_each(|o| line(&mut by_id, o).confirmed = true);
        }
        by_id.into_values().collect()
    }
}

/// The line of organization `id`, made blank the first time it is named.
fn line<'a, 'm>(by_id: &'m mut BTreeMap<&'a str, WeakAndLaxLine>, id: &'a str) -> &'m mut WeakAndLaxLine {
    by_id.entry(id).or_insert_with(|| WeakAndLaxLine { organization: id.to_string(), ..WeakAndLaxLine::default() })
}

/// The determination over any number of sub-districts: organizations assessed, suggested, proposed
/// and listed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeakAndLaxSummary {
    /// Organizations assessed under the rubric in force.
    pub assessed: u64,
    /// Of those, the ones the rubric suggests proposing.
    pub suggested: u64,
    /// Of those, the ones a veto hit.
    pub vetoed: u64,
    /// Organizations the committee decided on.
    pub decided: u64,
    /// Of those, the ones proposed.
    pub proposed: u64,
    /// Organizations on the latest list submitted upward.
    pub submitted: u64,
    /// Organizations on the latest list confirmed.
    pub confirmed: u64,
}

impl WeakAndLaxSummary {
    /// The summary of organizations' lines ([`WeakAndLaxLine::lines`]).
    pub fn from_lines(lines: &[WeakAndLaxLine]) -> WeakAndLaxSummary {
        let mut s = WeakAndLaxSummary::default();
        for l in lines {
            add(&mut s.assessed, u64::from(l.assessed));
            add(&mut s.suggested, u64::from(l.assessed && l.suggested));
            add(&mut s.vetoed, u64::from(l.assessed && l.vetoed));
            add(&mut s.decided, u64::from(l.decided));
            add(&mut s.proposed, u64::from(l.decided && l.proposed));
            add(&mut s.submitted, u64::from(l.submitted));
            add(&mut s.confirmed, u64::from(l.confirmed));
        }
        s
    }

    /// Adds another summary's counts: associative and commutative, the empty summary its identity.
    pub fn merge(&mut self, other: &WeakAndLaxSummary) {
        add(&mut self.assessed, other.assessed);
        add(&mut self.suggested, other.suggested);
        add(&mut self.vetoed, other.vetoed);
        add(&mut self.decided, other.decided);
        add(&mut self.proposed, other.proposed);
        add(&mut self.submitted, other.submitted);
        add(&mut self.confirmed, other.confirmed);
    }

    /// `proposed / decided`: the share of the decisions that propose (absent with no decision).
    pub fn proposed_share(&self) -> Option<f64> {
        rate(self.proposed, self.decided)
    }
}
