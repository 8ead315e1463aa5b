//! People (glossary §3–4): persons (residents, cadres, party members, helpers), households with their
//! residents and key-person tags, and the bulk import of them from CSV files.
//!
//! Depends on the engine and `organization` (a person belongs to a unit and, as a member, to a party
//! organization). It keeps the roster that `organization` asks for.

mod commands;
pub(crate) mod csv_import;
mod events;
mod household;
mod mobile;
mod person;
mod queries;
mod resident_id;
mod sensitive_visitor;

pub use commands::*;
pub use csv_import::CsvTable;
pub use events::*;
pub use household::*;
pub use mobile::*;
pub use person::*;
pub use queries::*;
pub use resident_id::*;

use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::table::{Keyed, Table};
use crate::organization::{OrganizationState, Roster, RosterEntry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The people part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct People {
    /// Persons, in registration order.
    pub persons: Table<Person>,
    /// Households, in registration order.
    pub households: Table<Household>,
}

impl Keyed for Person {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Household {
    fn key(&self) -> &str {
        &self.id
    }
}

impl People {
    /// The person `id`, or `NOT_FOUND` naming `field`.
    pub fn existing_person(&self, id: &str, field: &str) -> Result<&Person> {
        self.persons.get(id).ok_or_else(|| Error::not_found("person", id, field))
    }

    /// The household `id`, or `NOT_FOUND` naming `field`.
    pub fn existing_household(&self, id: &str, field: &str) -> Result<&Household> {
        self.households.get(id).ok_or_else(|| Error::not_found("household", id, field))
    }

    /// The unit whose scope covers a person: their household's village or community, else their own
    /// unit.
    pub fn person_unit(&self, person: &Person) -> DivisionCode {
        person.household.as_deref().and_then(|h| self.households.get(h)).map_or(person.unit, |h| h.unit)
    }
}

impl Roster for People {
    fn person(&self, id: &str) -> Option<RosterEntry<'_>> {
        self.persons.get(id).map(|p| RosterEntry {
            id: &p.id,
            name: &p.name,
            full_member: p.political_status == PoliticalStatus::PartyMember,
            party_member: p.political_status.is_party_member(),
        })
    }

    fn members_per_organization(&self) -> BTreeMap<&str, u32> {
        let mut members = BTreeMap::<&str, u32>::new();
        for p in self.persons.iter() {
            if let Some(org) = &p.party_organization {
                *members.entry(org.as_str()).or_default() += 1;
            }
        }
        members
    }
}

/// A state that holds this area's part, and tells the areas built on it about households.
pub trait PeopleState: OrganizationState {
    /// This area's part.
    fn people(&self) -> &People;
    /// This area's part, to apply an event.
    fn people_mut(&mut self) -> &mut People;
    /// Called after a household is registered (at the end of `households`): areas that keep
    /// something per household (the survey's coverage) follow.
    fn household_registered(&mut self, unit: DivisionCode);
    /// Called before a household moves from one unit to another.
    fn household_moving(&mut self, household: &str, from: DivisionCode, to: DivisionCode);
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait PeopleEvents;
    PersonRegistered, HelperRolesSet, HouseholdRegistered, HouseholdMoved, ResidentAdded, ResidentLeft,
    KeyPersonTagged, KeyPersonUntagged,
}
