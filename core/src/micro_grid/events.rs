//! The events of this area: one payload type each, with its `apply`.

use super::{LinkPair, LinkagePolicy, MemberLinkage, MicroGrid, MicroGridState};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The linkage policy was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkagePolicySet {
    /// The policy.
    pub policy: LinkagePolicy,
}

/// A member's linkage was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberLinkageSet {
    /// The member.
    pub person: String,
    /// The setting.
    pub linkage: MemberLinkage,
}

/// A household's own weight was set (or reset when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdWeightSet {
    /// The household.
    pub household: String,
    /// The weight.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weight: Option<u32>,
}

/// A micro-grid was established.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MicroGridEstablished {
    /// The grid.
    pub grid: MicroGrid,
}

/// A micro-grid was changed; this is its new value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MicroGridUpdated {
    /// The grid.
    pub grid: MicroGrid,
}

/// A link plan was adopted: every household of `units` is linked as `links` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkPlanAdopted {
    /// The villages and communities planned.
    pub units: Vec<DivisionCode>,
    /// One link per household of the units, in household registration order.
    pub links: Vec<LinkPair>,
    /// Households linked before that got another member.
    pub moved: u32,
    /// Households without a link before.
    pub linked_anew: u32,
}

impl<S: MicroGridState> Apply<S> for LinkagePolicySet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.micro_grids_mut().policy = self.policy;
    }
}

impl<S: MicroGridState> Apply<S> for MemberLinkageSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.micro_grids_mut().members.insert(self.person.clone(), self.linkage.clone());
    }
}

impl<S: MicroGridState> Apply<S> for HouseholdWeightSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let weights = &mut state.micro_grids_mut().weights;
        match self.weight {
            Some(w) => {
                weights.insert(self.household.clone(), w);
            }
            None => {
                weights.remove(&self.household);
            }
        }
    }
}

impl<S: MicroGridState> Apply<S> for MicroGridEstablished {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.micro_grids_mut().grids.insert(self.grid.id.clone(), self.grid.clone());
    }
}

impl<S: MicroGridState> Apply<S> for MicroGridUpdated {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.micro_grids_mut().grids.insert(self.grid.id.clone(), self.grid.clone());
    }
}

impl<S: MicroGridState> Apply<S> for LinkPlanAdopted {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let micro = state.micro_grids_mut();
        // Every household of `units` is in `links` (checked when decided), so inserting replaces the
        // unit's whole plan.
        for l in &self.links {
            micro.links.insert(l.household.clone(), l.member.clone());
        }
        micro.planned.extend(self.units.iter().copied());
    }
}
