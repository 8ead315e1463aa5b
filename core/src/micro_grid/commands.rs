//! The commands of this area: one payload type each, with its permission and its `decide`.

use serde::{Deserialize, Serialize};

/// Sets the sub-district's linkage policy (member bounds, links inside units, key-person weight).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetLinkagePolicy {
    /// The policy; fields left out take their defaults (10–15, inside units, weight 1).
    pub policy: super::LinkagePolicy,
}

/// Sets how a party member takes part in the linkage: available or not (a member who leaves),
/// their own bounds, their qualification for key persons, their contact channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetMemberLinkage {
    /// The member's person id.
    pub person: String,
    /// The whole setting (fields left out take their defaults).
    pub linkage: super::MemberLinkage,
}

/// Sets (or, with no `weight`, resets) a household's own workload weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetHouseholdWeight {
    /// The household.
    pub household: String,
    /// 1–10; absent resets to the default.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weight: Option<u32>,
}

/// Establishes a micro-grid under a leader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EstablishMicroGrid {
    /// The grid.
    pub grid: super::MicroGridSpec,
}

/// Replaces a micro-grid's name, leader, members or contact channel (its unit stays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMicroGrid {
    /// The grid as it should be.
    pub grid: super::MicroGridSpec,
}

/// Adopts a link plan for a village or community (or for every one in the actor's scope): every
/// household is linked to exactly one available member, within bounds, key-person households to
/// qualified members. Usually the links of a `proposeLinkPlan` answer, sent with its `basedOnSeq`
/// as `expectedSeq`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdoptLinkPlan {
    /// The village or community; absent: all inside the actor's scope.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// The links, one per household.
    pub links: Vec<super::LinkPair>,
}
