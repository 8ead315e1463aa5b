//! Reading micro-grids: the grids with their members and loads, one member's households, and the
//! survey's coverage per micro-grid.

use super::MemberLinkage;
use super::MicroGridState;
use super::checks::{party_member, weight_of};
use crate::engine::access::Actor;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::organization::{NamedPerson, named};
use crate::people::{HouseholdLine, unit_filter};
use crate::survey::CoverageCounts;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A micro-grid with its leader, members and households.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MicroGridView {
    /// Its id.
    pub id: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// The grid leader.
    pub leader: NamedPerson,
    /// Its members.
    pub members: Vec<GridMemberView>,
    /// Households linked to its members.
    pub households: u32,
    /// Its contact channel.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact_channel: Option<String>,
}

/// A member of a micro-grid with their load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridMemberView {
    /// The member.
    pub member: NamedPerson,
    /// Households linked to them.
    pub households: u32,
    /// Their load (households in weight).
    pub load: u64,
    /// Their lower bound.
    pub min: u32,
    /// Their upper bound.
    pub max: u32,
    /// Whether they are available for linkage.
    pub available: bool,
    /// Their contact channel.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact_channel: Option<String>,
}

/// One member's linkage and households.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberLinksView {
    /// The member.
    pub member: NamedPerson,
    /// Their linkage settings.
    pub linkage: MemberLinkage,
    /// Their micro-grid.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub grid: Option<String>,
    /// Their load (households in weight).
    pub load: u64,
    /// Their lower bound.
    pub min: u32,
    /// Their upper bound.
    pub max: u32,
    /// Their households, in registration order.
    pub households: Vec<HouseholdLine>,
}

/// One micro-grid's survey coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GridCoverageLine {
    /// The micro-grid.
    pub grid: String,
    /// Its name.
    pub name: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Coverage of the households linked to its members.
    pub counts: CoverageCounts,
}

/// Households and load per member.
fn loads<S: MicroGridState>(state: &S) -> BTreeMap<&str, (u32, u64)> {
    let mut out: BTreeMap<&str, (u32, u64)> = BTreeMap::new();
    for (h, m) in &state.micro_grids().links {
        if let Some(h) = state.people().households.get(h) {
            let e = out.entry(m.as_str()).or_default();
            e.0 += 1;
            e.1 += u64::from(weight_of(state, h));
        }
    }
    out
}

/// The micro-grids inside the actor's scope (or of `unit`), by id.
pub(crate) fn micro_grids<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
) -> Result<super::MicroGridsResult> {
    let only = unit_filter(actor, unit)?;
    let micro = state.micro_grids();
    let loads = loads(state);
    let grids = micro
        .grids
        .values()
        .filter(|g| actor.scope.contains(g.unit) && only.is_none_or(|o| o == g.unit))
        .map(|g| {
            let members: Vec<GridMemberView> = g
                .members
                .iter()
                .map(|m| {
                    let (households, load) = loads.get(m.as_str()).copied().unwrap_or_default();
                    let (min, max) = micro.bounds(m);
                    let linkage = micro.linkage(m);
                    GridMemberView {
                        member: named(state, m),
                        households,
                        load,
                        min,
                        max,
                        available: linkage.available,
                        contact_channel: linkage.contact_channel,
                    }
                })
                .collect();
            MicroGridView {
                id: g.id.clone(),
                unit: g.unit,
                name: g.name.clone(),
                leader: named(state, &g.leader),
                households: members.iter().map(|m| m.households).sum(),
                members,
                contact_channel: g.contact_channel.clone(),
            }
        })
        .collect();
    Ok(super::MicroGridsResult { grids, next_after: None })
}

/// One member's linkage and households.
pub(crate) fn member_links<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    member: &str,
) -> Result<super::MemberLinksResult> {
    let p = party_member(state, member, "query.member")?;
    actor.require_scope(state.people().person_unit(p), "query.member")?;
    let micro = state.micro_grids();
    let mut households = Vec::new();
    let mut load = 0;
    // Registration order: the same live, on replay and after a restore.
    for h in state.people().households.iter().filter(|h| micro.links.get(&h.id).is_some_and(|m| *m == p.id)) {
        load += u64::from(weight_of(state, h));
        households.push(HouseholdLine::of(h));
    }
    let (min, max) = micro.bounds(&p.id);
    Ok(super::MemberLinksResult {
        links: MemberLinksView {
            member: named(state, &p.id),
            linkage: micro.linkage(&p.id),
            grid: micro.grid_of(&p.id).map(|g| g.id.clone()),
            load,
            min,
            max,
            households,
        },
    })
}

/// Survey coverage per micro-grid inside the actor's scope (or of `unit`), by grid id, and of the
/// households linked to no grid's member.
pub(crate) fn grid_coverage<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
) -> Result<super::MicroGridCoverageResult> {
    let only = unit_filter(actor, unit)?;
    let micro = state.micro_grids();
    let wanted = |u: DivisionCode| actor.scope.contains(u) && only.is_none_or(|o| o == u);
    let mut grid_of_member: BTreeMap<&str, &str> = BTreeMap::new();
    for g in micro.grids.values().filter(|g| wanted(g.unit)) {
        for m in &g.members {
            grid_of_member.insert(m.as_str(), g.id.as_str());
        }
    }
    let mut counts: BTreeMap<&str, CoverageCounts> = BTreeMap::new();
    let mut outside = CoverageCounts::default();
    for (i, h) in state.people().households.iter().enumerate().filter(|(_, h)| wanted(h.unit)) {
        let status =
            state.survey().coverage.get(i).map(|c| c.status()).unwrap_or(crate::survey::CoverageStatus::NotTried);
        match micro.links.get(&h.id).and_then(|m| grid_of_member.get(m.as_str())) {
            Some(g) => counts.entry(g).or_default().count(status, 1),
            None => outside.count(status, 1),
        }
    }
    let grids = micro
        .grids
        .values()
        .filter(|g| wanted(g.unit))
        .map(|g| GridCoverageLine {
            grid: g.id.clone(),
            name: g.name.clone(),
            unit: g.unit,
            counts: counts.get(g.id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    Ok(super::MicroGridCoverageResult { grids, outside_grids: outside })
}
