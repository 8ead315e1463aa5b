//! The checks behind the micro-grid commands and the planner's proposal: bounds, weights, contact
//! channels, members, the units a plan covers, and the adoption of a link plan.

use super::*;
use crate::engine::access::Actor;
use crate::engine::check::non_empty;
use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, Result};
use crate::people::Household;
use crate::people::Person;
use std::collections::{BTreeMap, BTreeSet};

/// The most households (in weight) one member may be given: far above the plan's 10–15, it only
/// catches typing errors.
const MAX_BOUND: u32 = 1_000;
/// The largest workload weight of one household.
const MAX_WEIGHT: u32 = 10;

pub(super) fn check_bounds(min: Option<u32>, max: Option<u32>, field: &str) -> Result<()> {
    if let Some(max) = max
        && (max == 0 || max > MAX_BOUND)
    {
        return Err(Error::invalid_field(&format!("{field}.max"), format!("`max` must be between 1 and {MAX_BOUND}")));
    }
    if let Some(min) = min
        && min > MAX_BOUND
    {
        return Err(Error::invalid_field(&format!("{field}.min"), format!("`min` must be at most {MAX_BOUND}")));
    }
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Err(Error::invalid_field(&format!("{field}.min"), "`min` must not exceed `max`"));
    }
    Ok(())
}

pub(super) fn check_weight(weight: u32, field: &str) -> Result<()> {
    if (1..=MAX_WEIGHT).contains(&weight) {
        Ok(())
    } else {
        Err(Error::invalid_field(field, format!("a household's weight must be between 1 and {MAX_WEIGHT}")))
    }
}

pub(super) fn channel(value: Option<&str>, field: &str) -> Result<Option<String>> {
    match value.map(str::trim) {
        None => Ok(None),
        Some("") => Err(Error::invalid_field(field, "`contactChannel` must not be empty: leave it out instead")),
        Some(v) if v.chars().count() > 200 => {
            Err(Error::invalid_field(field, "`contactChannel` must be at most 200 characters"))
        }
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// A registered party member (full or probationary): only members are linked to households.
pub(crate) fn party_member<'s, S: MicroGridState>(state: &'s S, id: &str, field: &str) -> Result<&'s Person> {
    let p = state.people().existing_person(id, field)?;
    if !p.political_status.is_party_member() {
        return Err(Error::rule(
            "microGrid.onlyPartyMembersAreLinked",
            format!("person `{id}` is not a party member: only party members are linked to households"),
        )
        .at_field(field));
    }
    Ok(p)
}

pub(super) fn micro_grid<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    id: String,
    spec: &MicroGridSpec,
) -> Result<MicroGrid> {
    let unit = state.organization().village_or_community(&spec.unit, "command.grid.unit")?;
    actor.require_scope(unit, "command.grid.unit")?;
    let name = non_empty(&spec.name, "command.grid.name")?;
    let leader = state.people().existing_person(spec.leader.trim(), "command.grid.leader")?.id.clone();
    let mut members = Vec::with_capacity(spec.members.len());
    for (i, m) in spec.members.iter().enumerate() {
        let field = format!("command.grid.members[{i}]");
        let p = party_member(state, m.trim(), &field)?;
        if state.people().person_unit(p) != unit {
            return Err(Error::rule(
                "microGrid.memberLivesInGridUnit",
                format!("member `{}` does not live in the micro-grid's village or community", p.id),
            )
            .at_field(field));
        }
        if members.contains(&p.id) {
            return Err(Error::invalid_field(&field, format!("member `{}` is listed twice", p.id)));
        }
        if let Some(other) = state.micro_grids().grid_of(&p.id).filter(|g| g.id != id) {
            return Err(Error::rule(
                "microGrid.memberInOneGrid",
                format!("member `{}` already belongs to micro-grid `{}`: take them out of it first", p.id, other.id),
            )
            .at_field(field));
        }
        members.push(p.id.clone());
    }
    let contact_channel = channel(spec.contact_channel.as_deref(), "command.grid.contactChannel")?;
    Ok(MicroGrid { id, unit, name, leader, members, contact_channel })
}

/// The villages and communities a plan covers: `unit`, or every one inside the actor's scope. When the
/// policy lets links cross units, a plan must cover them all together.
pub(crate) fn plan_units<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
    field: &str,
) -> Result<Vec<DivisionCode>> {
    match unit {
        Some(u) => {
            let code = state.organization().village_or_community(u, field)?;
            actor.require_scope(code, field)?;
            if !state.micro_grids().policy.stay_in_unit {
                return Err(Error::rule(
                    "microGrid.crossUnitPlansCoverAllUnits",
                    "the linkage policy lets links cross villages and communities: plan them all together (leave out `unit`)",
                )
                .at_field(field));
            }
            Ok(vec![code])
        }
        None => Ok(state
            .organization()
            .units
            .values()
            .filter(|u| matches!(u.level, OrgLevel::Village | OrgLevel::Community) && actor.scope.contains(u.code))
            .map(|u| u.code)
            .collect()),
    }
}

/// Whether any resident of the household carries a key-person tag.
pub(crate) fn has_key_persons<S: MicroGridState>(state: &S, h: &Household) -> bool {
    h.residents.iter().filter_map(|r| state.people().persons.get(r)).any(|p| !p.key_person_tags.is_empty())
}

/// A household's workload weight: its own, else the policy's for key-person households, else 1.
pub(crate) fn weight_of<S: MicroGridState>(state: &S, h: &Household) -> u32 {
    let m = state.micro_grids();
    match m.weights.get(&h.id) {
        Some(w) => *w,
        None if m.policy.key_person_weight != 1 && has_key_persons(state, h) => m.policy.key_person_weight,
        None => 1,
    }
}

/// Whether `member` may be linked to households of `unit` under the policy.
pub(crate) fn member_fits_unit<S: MicroGridState>(state: &S, member: &Person, unit: DivisionCode) -> bool {
    !state.micro_grids().policy.stay_in_unit || state.people().person_unit(member) == unit
}

pub(super) fn adopt<S: MicroGridState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
    links: &[LinkPair],
) -> Result<LinkPlanAdopted> {
    let units = plan_units(state, actor, unit, "command.unit")?;
    let in_plan: BTreeSet<DivisionCode> = units.iter().copied().collect();
    let households: Vec<&Household> = state.people().households.iter().filter(|h| in_plan.contains(&h.unit)).collect();
    if households.is_empty() {
        return Err(Error::rule("microGrid.planHasHouseholds", "there are no households to link in these units")
            .at_field("command.unit"));
    }
    let micro = state.micro_grids();
    let mut chosen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut load: BTreeMap<&str, u64> = BTreeMap::new();
    for (i, link) in links.iter().enumerate() {
        let field = format!("command.links[{i}]");
        let h = state.people().existing_household(&link.household, &format!("{field}.household"))?;
        if !in_plan.contains(&h.unit) {
            return Err(Error::rule(
                "microGrid.linkInPlannedUnits",
                format!("household `{}` is not in the villages or communities being planned", h.id),
            )
            .at_field(format!("{field}.household")));
        }
        let m = party_member(state, &link.member, &format!("{field}.member"))?;
        let linkage = micro.linkage(&m.id);
        if !linkage.available {
            return Err(Error::rule(
                "microGrid.memberAvailable",
                format!("member `{}` is not available for linkage", m.id),
            )
            .at_field(format!("{field}.member")));
        }
        if !member_fits_unit(state, m, h.unit) {
            return Err(Error::rule(
                "microGrid.linkStaysInUnit",
                format!(
                    "member `{}` is not of household `{}`'s village or community, and links stay inside it",
                    m.id, h.id
                ),
            )
            .at_field(format!("{field}.member")));
        }
        // The household is not named: saying which one needs a qualified member would tell who has
        // key persons, and error messages end up in logs.
        if !linkage.qualified_for_key_persons && has_key_persons(state, h) {
            return Err(Error::rule(
                "microGrid.keyPersonNeedsQualifiedMember",
                format!("this link needs a member qualified for key persons, and `{}` is not", m.id),
            )
            .at_field(format!("{field}.member")));
        }
        if chosen.insert(h.id.as_str(), m.id.as_str()).is_some() {
            return Err(Error::invalid_field(
                &format!("{field}.household"),
                format!("household `{}` is linked twice: each household has exactly one member", h.id),
            ));
        }
        *load.entry(m.id.as_str()).or_default() += u64::from(weight_of(state, h));
    }
    let missing: Vec<&str> = households.iter().map(|h| h.id.as_str()).filter(|h| !chosen.contains_key(h)).collect();
    // No links at all is what a host sends back from a proposal that had shortfalls (its `links` are
    // empty then): say so, rather than that every household lacks a member.
    if links.is_empty() {
        return Err(Error::rule(
            "microGrid.everyHouseholdLinked",
            format!(
                "no links to adopt: the proposal had shortfalls (see proposeLinkPlan's `shortfalls`, which say \
                 what to add and where, e.g. members qualified for key persons); the plan's units have {} \
                 household(s) to link",
                missing.len()
            ),
        )
        .at_field("command.links"));
    }
    if let Some(first) = missing.first() {
        return Err(Error::rule(
            "microGrid.everyHouseholdLinked",
            format!(
                "{} household(s) of the plan's units have no member, first `{first}`: every household is linked",
                missing.len()
            ),
        )
        .at_field("command.links"));
    }
    // Only the plan's own links count toward the bounds, as in the planner: with links inside units a
    // member serves one unit, and a link left elsewhere (its household moved away) is stale, listed
    // by `linkageViolations` once that unit is planned.
    for (m, l) in &load {
        let (min, max) = micro.bounds(m);
        if *l < u64::from(min) || *l > u64::from(max) {
            return Err(Error::rule(
                "microGrid.memberWithinBounds",
                format!("member `{m}` would take {l} (in weight), outside their bounds {min}–{max}"),
            )
            .at_field("command.links"));
        }
    }
    let mut moved = 0;
    let mut linked_anew = 0;
    for (h, m) in &chosen {
        match micro.links.get(*h) {
            Some(old) if old == m => {}
            Some(_) => moved += 1,
            None => linked_anew += 1,
        }
    }
    // Recorded in household registration order, whatever order the host sent.
    let links = households
        .iter()
        .map(|h| LinkPair { household: h.id.clone(), member: chosen[h.id.as_str()].to_string() })
        .collect();
    Ok(LinkPlanAdopted { units, links, moved, linked_anew })
}
