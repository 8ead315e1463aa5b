//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::checks::{adopt, channel, check_bounds, check_weight, micro_grid, party_member};
use super::{
    HouseholdWeightSet, LinkagePolicySet, MemberLinkage, MemberLinkageSet, MicroGridEstablished, MicroGridEvents,
    MicroGridState, MicroGridUpdated,
};
use crate::engine::check::new_id;
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::organization::campaign_in_scope;
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

crate::engine::guarded! {
    SetLinkagePolicy => ManageMicroGrids, "manage micro-grids and member links";
    SetMemberLinkage => ManageMicroGrids, "manage micro-grids and member links";
    SetHouseholdWeight => ManageMicroGrids, "manage micro-grids and member links";
    EstablishMicroGrid => ManageMicroGrids, "manage micro-grids and member links";
    UpdateMicroGrid => ManageMicroGrids, "manage micro-grids and member links";
    AdoptLinkPlan => ManageMicroGrids, "manage micro-grids and member links";
}

impl<S: MicroGridState, E: MicroGridEvents> Decide<S, E> for SetLinkagePolicy {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { policy } = &self;
        campaign_in_scope(state, cx, "command.policy")?;
        check_bounds(Some(policy.min), Some(policy.max), "command.policy")?;
        check_weight(policy.key_person_weight, "command.policy.keyPersonWeight")?;
        Ok(vec![LinkagePolicySet { policy: *policy }.into()])
    }
}

impl<S: MicroGridState, E: MicroGridEvents> Decide<S, E> for SetMemberLinkage {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { person, linkage } = &self;
        let p = party_member(state, person, "command.person")?;
        cx.actor.require_scope(state.people().person_unit(p), "command.person")?;
        check_bounds(linkage.min, linkage.max, "command.linkage")?;
        let contact_channel = channel(linkage.contact_channel.as_deref(), "command.linkage.contactChannel")?;
        Ok(vec![
            MemberLinkageSet { person: p.id.clone(), linkage: MemberLinkage { contact_channel, ..linkage.clone() } }
                .into(),
        ])
    }
}

impl<S: MicroGridState, E: MicroGridEvents> Decide<S, E> for SetHouseholdWeight {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { household, weight } = &self;
        let h = state.people().existing_household(household, "command.household")?;
        cx.actor.require_scope(h.unit, "command.household")?;
        if let Some(w) = weight {
            check_weight(*w, "command.weight")?;
        }
        Ok(vec![HouseholdWeightSet { household: h.id.clone(), weight: *weight }.into()])
    }
}

impl<S: MicroGridState, E: MicroGridEvents> Decide<S, E> for EstablishMicroGrid {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { grid } = &self;
        let id =
            new_id(&grid.id, state.micro_grids().grids.contains_key(grid.id.trim()), "micro-grid", "command.grid.id")?;
        Ok(vec![MicroGridEstablished { grid: micro_grid(state, cx.actor, id, grid)? }.into()])
    }
}

impl<S: MicroGridState, E: MicroGridEvents> Decide<S, E> for UpdateMicroGrid {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { grid } = &self;
        let current = state
            .micro_grids()
            .grids
            .get(grid.id.trim())
            .ok_or_else(|| Error::not_found("micro-grid", &grid.id, "command.grid.id"))?;
        let updated = micro_grid(state, cx.actor, current.id.clone(), grid)?;
        if updated.unit != current.unit {
            return Err(Error::invalid_field(
                "command.grid.unit",
                "a micro-grid stays in its village or community: establish a new one instead",
            ));
        }
        if updated == *current {
            return Err(Error::rule(
                "microGrid.updateChangesSomething",
                format!("micro-grid `{}` already is so", current.id),
            )
            .at_field("command.grid"));
        }
        Ok(vec![MicroGridUpdated { grid: updated }.into()])
    }
}

impl<S: MicroGridState, E: MicroGridEvents> Decide<S, E> for AdoptLinkPlan {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { unit, links } = &self;
        Ok(vec![adopt(state, cx.actor, unit.as_deref(), links)?.into()])
    }
}
