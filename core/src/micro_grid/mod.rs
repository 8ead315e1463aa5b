//! Micro-grids and member–household links (微网格 + 党员联户, glossary §7).
//!
//! Each village and community sets up micro-grids led by a sub-district cadre or a capable member; each
//! party member is linked, as a rule, to 10–15 households chosen nearby, convenient and familiar
//! (就近、就便、就熟), and follows them through an online group (the contact channel). The linkage
//! policy is data ([`LinkagePolicy`], [`MemberLinkage`], household weights). A plan is proposed from the
//! campaign's state by the [`crate::planner`] (query `proposeLinkPlan`) and adopted by a command
//! (`adoptLinkPlan`); from then on the unit's invariants hold or are listed as violations (query
//! `linkageViolations`), for instance after households move in or a member leaves. Re-planning keeps
//! every link it can (minimal churn) and says how many households moved.
//!
//! Where links come from: only the `linkPlanAdopted` event sets them, so a log replays to the same links
//! without running the planner again.

mod checks;
mod commands;
mod events;
mod planning;
mod queries;
mod recheck;
mod views;
mod violations;

pub use commands::*;
pub use events::*;
pub use planning::{LinkPlanProposal, PlannedLink, PlannedTotals, ShortfallView};
pub use queries::*;
pub(crate) use recheck::{household_weight_set, link_plan_adopted};
pub use views::{GridCoverageLine, GridMemberView, MemberLinksView, MicroGridView};
pub use violations::LinkageViolation;

use crate::engine::division_code::DivisionCode;
use crate::survey::SurveyState;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The linkage policy of the sub-district: the bounds of a member's households, whether links stay
/// inside a village or community, and how much a household with key persons weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkagePolicy {
    /// The least weight of households a linked member takes (default 10).
    #[serde(default = "default_min")]
    pub min: u32,
    /// The most weight of households a member takes (default 15).
    #[serde(default = "default_max")]
    pub max: u32,
    /// Whether a household is linked only to a member of its own village or community (default yes).
    #[serde(default = "yes")]
    pub stay_in_unit: bool,
    /// The workload weight of a household with key persons (default 1; e.g. 2 makes it count double).
    /// A household's own weight ([`SetHouseholdWeight`]) overrides it.
    #[serde(default = "one")]
    pub key_person_weight: u32,
}

fn default_min() -> u32 {
    10
}
fn default_max() -> u32 {
    15
}
fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}

impl Default for LinkagePolicy {
    fn default() -> LinkagePolicy {
        LinkagePolicy { min: 10, max: 15, stay_in_unit: true, key_person_weight: 1 }
    }
}

/// How one party member takes part in the linkage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberLinkage {
    /// Whether the member can be linked to households (false once they move away or step down).
    #[serde(default = "yes")]
    pub available: bool,
    /// The member's own lower bound, overriding the policy's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub min: Option<u32>,
    /// The member's own upper bound, overriding the policy's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max: Option<u32>,
    /// Whether the member is politically reliable and capable enough to be paired with key persons
    /// (结对联系帮扶重点人员). Sensitive in effect: it says who may follow key-person households.
    #[serde(default)]
    pub qualified_for_key_persons: bool,
    /// The member's contact channel (the online group through which they follow their households).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact_channel: Option<String>,
}

impl Default for MemberLinkage {
    fn default() -> MemberLinkage {
        MemberLinkage { available: true, min: None, max: None, qualified_for_key_persons: false, contact_channel: None }
    }
}

/// A micro-grid (微网格): members of one village or community under a grid leader (微网格长).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MicroGrid {
    /// Its id.
    pub id: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its name, e.g. `一组`.
    pub name: String,
    /// The grid leader's person id (a sub-district cadre or a capable member).
    pub leader: String,
    /// The party members of the grid (each in one grid at most); their linked households are the grid's.
    pub members: Vec<String>,
    /// The grid's contact channel.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact_channel: Option<String>,
}

/// A micro-grid as a command gives it (the unit as a division code string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MicroGridSpec {
    /// Its id.
    pub id: String,
    /// Its village or community (division code).
    pub unit: String,
    /// Its name.
    pub name: String,
    /// The grid leader's person id.
    pub leader: String,
    /// The party members of the grid.
    #[serde(default)]
    pub members: Vec<String>,
    /// The grid's contact channel.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact_channel: Option<String>,
}

/// One member–household link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkPair {
    /// The household's id.
    pub household: String,
    /// The member's person id.
    pub member: String,
}

/// The micro-grid part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MicroGrids {
    /// The policy.
    #[serde(default)]
    pub policy: LinkagePolicy,
    /// Members whose linkage was set, by person id (the others take the defaults).
    #[serde(default)]
    pub members: BTreeMap<String, MemberLinkage>,
    /// Micro-grids by id.
    #[serde(default)]
    pub grids: BTreeMap<String, MicroGrid>,
    /// Links, household id → member person id.
    #[serde(default)]
    pub links: BTreeMap<String, String>,
    /// Households' own weights.
    #[serde(default)]
    pub weights: BTreeMap<String, u32>,
    /// Villages and communities whose plan was adopted: their invariants are checked from then on.
    #[serde(default)]
    pub planned: BTreeSet<DivisionCode>,
}

impl MicroGrids {
    /// Whether nothing was set (so that states without micro-grids serialize as before).
    pub fn is_empty(&self) -> bool {
        *self == MicroGrids::default()
    }

    /// A member's linkage (the defaults when never set).
    pub fn linkage(&self, person: &str) -> MemberLinkage {
        self.members.get(person).cloned().unwrap_or_default()
    }

    /// The grid a member belongs to.
    pub fn grid_of(&self, person: &str) -> Option<&MicroGrid> {
        self.grids.values().find(|g| g.members.iter().any(|m| m == person))
    }

    /// The member's bounds: their own where set, else the policy's — within what the policy allows.
    /// The policy's `max` caps every member (a member may take fewer households than the campaign's
    /// rule, never more), and a member's `min` never exceeds their effective `max`. The policy may be
    /// lowered after a member set their own bounds: the cap applies from then on, without rewriting
    /// the member's setting.
    pub fn bounds(&self, person: &str) -> (u32, u32) {
        let l = self.members.get(person);
        let max = l.and_then(|l| l.max).unwrap_or(self.policy.max).min(self.policy.max);
        (l.and_then(|l| l.min).unwrap_or(self.policy.min).min(max), max)
    }
}

/// A state that holds this area's part.
pub trait MicroGridState: SurveyState {
    /// This area's part.
    fn micro_grids(&self) -> &MicroGrids;
    /// This area's part, to apply an event.
    fn micro_grids_mut(&mut self) -> &mut MicroGrids;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait MicroGridEvents;
    LinkagePolicySet, MemberLinkageSet, HouseholdWeightSet, MicroGridEstablished, MicroGridUpdated, LinkPlanAdopted,
}
