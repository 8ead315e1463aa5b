//! The events of this area: one payload type each, with its `apply`.

use super::{HelperRole, Household, KeyPersonTag, Location, PeopleState, Person};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use crate::engine::flag_set::FlagSet;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A person was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PersonRegistered {
    /// The person (without a household).
    pub person: Person,
}

/// A person's helper roles were replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HelperRolesSet {
    /// The person.
    pub person: String,
    /// The roles.
    pub roles: FlagSet<HelperRole>,
}

/// A household was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdRegistered {
    /// The household (without residents).
    pub household: Household,
}

/// A household moved; the fields are its new values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdMoved {
    /// The household.
    pub household: String,
    /// Its address.
    pub address: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its building.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub building: Option<String>,
    /// Its location.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

/// A person became a resident of a household (leaving the previous one, if any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResidentAdded {
    /// The household.
    pub household: String,
    /// The person.
    pub person: String,
}

/// A resident left a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResidentLeft {
    /// The household.
    pub household: String,
    /// The person.
    pub person: String,
}

/// A person was tagged as a key person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyPersonTagged {
    /// The person.
    pub person: String,
    /// The tag.
    pub tag: KeyPersonTag,
}

/// A key-person tag was removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyPersonUntagged {
    /// The person.
    pub person: String,
    /// The tag.
    pub tag: KeyPersonTag,
}

impl<S: PeopleState> Apply<S> for PersonRegistered {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.people_mut().persons.insert(self.person.clone());
    }
}

impl<S: PeopleState> Apply<S> for HelperRolesSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(p) = state.people_mut().persons.get_mut(&self.person) {
            p.helper_roles = self.roles;
        }
    }
}

impl<S: PeopleState> Apply<S> for HouseholdRegistered {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.people_mut().households.insert(self.household.clone());
        state.household_registered(self.household.unit);
    }
}

impl<S: PeopleState> Apply<S> for HouseholdMoved {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let Self { household, address, unit, building, location } = self;
        let from = state.people().households.get(household).map(|h| h.unit).filter(|old| old != unit);
        if let Some(from) = from {
            state.household_moving(household, from, *unit);
        }
        if let Some(h) = state.people_mut().households.get_mut(household) {
            h.address.clone_from(address);
            h.unit = *unit;
            h.building.clone_from(building);
            h.location = *location;
        }
    }
}

impl<S: PeopleState> Apply<S> for ResidentAdded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let Self { household, person } = self;
        let people = state.people_mut();
        let previous = people.persons.get(person).and_then(|p| p.household.clone());
        if let Some(prev) = previous {
            people.remove_resident(&prev, person);
        }
        if let Some(h) = people.households.get_mut(household) {
            h.residents.push(person.clone());
        }
        if let Some(p) = people.persons.get_mut(person) {
            p.household = Some(household.clone());
        }
    }
}

impl<S: PeopleState> Apply<S> for ResidentLeft {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let Self { household, person } = self;
        let people = state.people_mut();
        people.remove_resident(household, person);
        if let Some(p) = people.persons.get_mut(person)
            && p.household.as_deref() == Some(household.as_str())
        {
            p.household = None;
        }
    }
}

impl<S: PeopleState> Apply<S> for KeyPersonTagged {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(p) = state.people_mut().persons.get_mut(&self.person) {
            p.key_person_tags.insert(self.tag);
        }
    }
}

impl<S: PeopleState> Apply<S> for KeyPersonUntagged {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(p) = state.people_mut().persons.get_mut(&self.person) {
            p.key_person_tags.remove(self.tag);
        }
    }
}

impl super::People {
    fn remove_resident(&mut self, household: &str, person: &str) {
        if let Some(h) = self.households.get_mut(household) {
            h.residents.retain(|r| r != person);
        }
    }
}
