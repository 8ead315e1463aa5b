//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{
    CsvTable, HelperRole, HelperRolesSet, Household, HouseholdMoved, HouseholdRegistered, KeyPersonTag,
    KeyPersonTagged, KeyPersonUntagged, KeyPlace, Location, MobileNumber, PeopleEvents, PeopleState, Person,
    PersonRegistered, PoliticalStatus, ResidentAdded, ResidentIdNumber, ResidentLeft,
};
use crate::engine::check::{new_id, non_empty, optional_text};
use crate::engine::division_code::OrgLevel;
use crate::engine::error::{Error, Result};
use crate::engine::flag_set::FlagSet;
use crate::engine::{Context, Decide};
use serde::{Deserialize, Serialize};

/// Registers a person (a resident, a cadre, a party member, a helper).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterPerson {
    /// A new id.
    pub id: String,
    /// The person's name.
    pub name: String,
    /// The division code of the person's village, community or sub-district.
    pub unit: String,
    /// Resident ID number (GB 11643, 18 characters), if known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id_number: Option<String>,
    /// Mobile number (11 digits), if known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mobile: Option<String>,
    /// Political status.
    pub political_status: PoliticalStatus,
    /// The party organization of a party member (required for members, refused for others).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub party_organization: Option<String>,
    /// Helper roles.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub helper_roles: Vec<HelperRole>,
}

/// Replaces a person's helper roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetHelperRoles {
    /// The person's id.
    pub person: String,
    /// The new roles (may be empty).
    pub roles: Vec<HelperRole>,
}

/// Registers a household of a village or community.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterHousehold {
    /// A new id.
    pub id: String,
    /// The address.
    pub address: String,
    /// The division code of its village or community.
    pub unit: String,
    /// Building or compound.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub building: Option<String>,
    /// Location.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
    /// Key place kind.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
}

/// Moves a household: a new address, building or location, possibly another village or community.
/// Fields left out keep their value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoveHousehold {
    /// The household's id.
    pub household: String,
    /// New address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub address: Option<String>,
    /// New village or community (division code).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// New building or compound.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub building: Option<String>,
    /// New location.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

/// Makes a registered person a resident of a household (leaving any other household).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddResident {
    /// The household's id.
    pub household: String,
    /// The person's id.
    pub person: String,
}

/// Records that a resident left a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RemoveResident {
    /// The household's id.
    pub household: String,
    /// The person's id.
    pub person: String,
}

/// Tags a person as a key person (sensitive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TagKeyPerson {
    /// The person's id.
    pub person: String,
    /// The tag.
    pub tag: KeyPersonTag,
}

/// Removes a key-person tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UntagKeyPerson {
    /// The person's id.
    pub person: String,
    /// The tag.
    pub tag: KeyPersonTag,
}

/// Imports a CSV file: the whole file is accepted or nothing is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportCsv {
    /// What the file holds.
    pub table: CsvTable,
    /// The file's text (UTF-8; a byte-order mark is accepted; Chinese or English headers).
    pub csv: String,
}

crate::engine::guarded! {
    RegisterPerson => ManagePeople, "register persons";
    SetHelperRoles => ManagePeople, "set helper roles";
    RegisterHousehold => ManageHouseholds, "register households";
    MoveHousehold => ManageHouseholds, "move households";
    AddResident => ManageHouseholds, "add residents";
    RemoveResident => ManageHouseholds, "remove residents";
    TagKeyPerson => TagKeyPersons, "tag key persons";
    UntagKeyPerson => TagKeyPersons, "untag key persons";
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for RegisterPerson {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, name, unit, id_number, mobile, political_status, party_organization, helper_roles } = &self;
        let id = new_id(id, state.people().persons.contains_key(id.trim()), "person", "command.id")?;
        let name = non_empty(name, "command.name")?;
        let unit = state.organization().existing_unit(unit, "command.unit")?;
        if !matches!(unit.level, OrgLevel::Subdistrict | OrgLevel::Village | OrgLevel::Community) {
            return Err(Error::invalid_field(
                "command.unit",
                "a person belongs to the sub-district or one of its villages or communities",
            ));
        }
        cx.actor.require_scope(unit.code, "command.unit")?;
        let id_number = id_number.as_deref().map(|s| ResidentIdNumber::parse(s, "command.idNumber")).transpose()?;
        let mobile = mobile.as_deref().map(|s| MobileNumber::parse(s, "command.mobile")).transpose()?;
        let party_organization = match (political_status.is_party_member(), party_organization) {
            (true, Some(org)) => Some(state.organization().existing_org(org, "command.partyOrganization")?.id.clone()),
            (true, None) => {
                return Err(Error::invalid_field(
                    "command.partyOrganization",
                    "a party member belongs to a party organization: give `partyOrganization`",
                ));
            }
            (false, Some(_)) => {
                return Err(Error::rule(
                    "people.onlyMembersBelongToPartyOrganization",
                    "only party members belong to a party organization: drop `partyOrganization` or fix `politicalStatus`",
                )
                .at_field("command.partyOrganization"));
            }
            (false, None) => None,
        };
        let event = PersonRegistered {
            person: Person {
                id,
                name,
                unit: unit.code,
                id_number,
                mobile,
                political_status: *political_status,
                party_organization,
                helper_roles: helper_roles.iter().copied().collect(),
                key_person_tags: FlagSet::new(),
                household: None,
            },
        };
        Ok(vec![event.into()])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for SetHelperRoles {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { person, roles } = &self;
        let p = state.people().existing_person(person, "command.person")?;
        cx.actor.require_scope(p.unit, "command.person")?;
        Ok(vec![HelperRolesSet { person: p.id.clone(), roles: roles.iter().copied().collect() }.into()])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for RegisterHousehold {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, address, unit, building, location, key_place } = &self;
        let id = new_id(id, state.people().households.contains_key(id.trim()), "household", "command.id")?;
        let unit = state.organization().village_or_community(unit, "command.unit")?;
        cx.actor.require_scope(unit, "command.unit")?;
        Ok(vec![
            HouseholdRegistered {
                household: Household {
                    id,
                    address: non_empty(address, "command.address")?,
                    unit,
                    building: optional_text(building.as_deref()),
                    location: location.map(|l| l.validate("command.location")).transpose()?,
                    key_place: *key_place,
                    residents: Vec::new(),
                },
            }
            .into(),
        ])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for MoveHousehold {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { household, address, unit, building, location } = &self;
        let h = state.people().existing_household(household, "command.household")?;
        cx.actor.require_scope(h.unit, "command.household")?;
        if address.is_none() && unit.is_none() && building.is_none() && location.is_none() {
            return Err(Error::invalid_field(
                "command",
                "give at least one of `address`, `unit`, `building`, `location`",
            ));
        }
        let new_unit = match unit {
            Some(u) => {
                let code = state.organization().village_or_community(u, "command.unit")?;
                cx.actor.require_scope(code, "command.unit")?;
                code
            }
            None => h.unit,
        };
        Ok(vec![
            HouseholdMoved {
                household: h.id.clone(),
                address: match address {
                    Some(a) => non_empty(a, "command.address")?,
                    None => h.address.clone(),
                },
                unit: new_unit,
                building: match building {
                    Some(b) => optional_text(Some(b)),
                    None => h.building.clone(),
                },
                location: match location {
                    Some(l) => Some(l.validate("command.location")?),
                    None => h.location,
                },
            }
            .into(),
        ])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for AddResident {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { household, person } = &self;
        let h = state.people().existing_household(household, "command.household")?;
        cx.actor.require_scope(h.unit, "command.household")?;
        let p = state.people().existing_person(person, "command.person")?;
        match p.household.as_deref() {
            Some(current) if current == h.id => {
                return Err(Error::rule(
                    "people.residentOnce",
                    format!("person `{person}` already lives in household `{household}`"),
                )
                .at_field("command.person"));
            }
            // Moving a person out of another household changes that household too.
            Some(current) => {
                if let Some(other) = state.people().households.get(current) {
                    cx.actor.require_scope(other.unit, "command.person")?;
                }
            }
            None => cx.actor.require_scope(p.unit, "command.person")?,
        }
        Ok(vec![ResidentAdded { household: h.id.clone(), person: p.id.clone() }.into()])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for RemoveResident {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { household, person } = &self;
        let h = state.people().existing_household(household, "command.household")?;
        cx.actor.require_scope(h.unit, "command.household")?;
        if !h.residents.iter().any(|r| r == person) {
            return Err(Error::rule(
                "people.residentPresent",
                format!("person `{person}` is not a resident of household `{household}`"),
            )
            .at_field("command.person"));
        }
        Ok(vec![ResidentLeft { household: h.id.clone(), person: person.clone() }.into()])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for TagKeyPerson {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { person, tag } = &self;
        let p = state.people().existing_person(person, "command.person")?;
        cx.actor.require_scope(state.people().person_unit(p), "command.person")?;
        if p.key_person_tags.contains(*tag) {
            // The tag itself is not named: error messages end up in logs.
            return Err(Error::rule("people.keyPersonTagOnce", format!("person `{person}` already has this tag"))
                .at_field("command.tag"));
        }
        Ok(vec![KeyPersonTagged { person: p.id.clone(), tag: *tag }.into()])
    }
}

impl<S: PeopleState, E: PeopleEvents> Decide<S, E> for UntagKeyPerson {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { person, tag } = &self;
        let p = state.people().existing_person(person, "command.person")?;
        cx.actor.require_scope(state.people().person_unit(p), "command.person")?;
        if !p.key_person_tags.contains(*tag) {
            return Err(Error::rule("people.keyPersonTagPresent", format!("person `{person}` does not have this tag"))
                .at_field("command.tag"));
        }
        Ok(vec![KeyPersonUntagged { person: p.id.clone(), tag: *tag }.into()])
    }
}
