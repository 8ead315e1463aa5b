//! What replay checks of this area's events beyond the actor's role (issue #15): the ids an event
//! refers to exist, inside the actor's scope, and its numbers are ones a command could have given.
//! A forged log that links a household that does not exist, or gives one a weight of 4e9, is
//! refused at its record.

use super::checks::check_weight;
use super::{HouseholdWeightSet, LinkPlanAdopted, MicroGridState};
use crate::engine::access::Actor;
use crate::engine::error::{Error, Result};

/// A household's weight: the household exists inside the actor's scope, the weight within bounds.
pub(crate) fn household_weight_set<S: MicroGridState>(state: &S, actor: &Actor, e: &HouseholdWeightSet) -> Result<()> {
    let h = state.people().existing_household(&e.household, "event.household")?;
    actor.require_scope(h.unit, "event.household")?;
    if let Some(weight) = e.weight {
        check_weight(weight, "event.weight")?;
    }
    Ok(())
}

/// A link plan: every household exists inside the actor's scope, every member is a registered
/// person.
pub(crate) fn link_plan_adopted<S: MicroGridState>(state: &S, actor: &Actor, e: &LinkPlanAdopted) -> Result<()> {
    let people = state.people();
    for (i, link) in e.links.iter().enumerate() {
        let h = people
            .existing_household(&link.household, "event.links.household")
            .map_err(|e| e.at_field(format!("event.links[{i}].household")))?;
        actor.require_scope(h.unit, "event.links.household")?;
        if !people.persons.contains_key(link.member.as_str()) {
            return Err(Error::not_found("person", &link.member, &format!("event.links[{i}].member")));
        }
    }
    Ok(())
}
