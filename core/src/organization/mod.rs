//! Organization (glossary §1–2): the campaign's configuration, the organization units (villages and
//! communities of the sub-district), the party organizations with their secretaries and two-committee
//! teams, the leading group and the schedule.
//!
//! Depends on the engine only. Persons are kept by `people`, which builds on this area; what this
//! area needs to know of them (a name, party membership) it asks through [`Roster`].

mod campaign_config;
mod commands;
mod events;
mod leading_group;
mod org_unit;
mod party_organization;
mod queries;
mod schedule;

pub use campaign_config::*;
pub use commands::*;
pub use events::*;
pub use leading_group::*;
pub use org_unit::*;
pub use party_organization::*;
pub use queries::*;
pub use schedule::*;

use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The organization part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The campaign, once opened.
    pub campaign: Option<CampaignInfo>,
    /// Organization units by code.
    pub units: BTreeMap<DivisionCode, OrgUnit>,
    /// Party organizations by id.
    pub party_organizations: BTreeMap<String, PartyOrganization>,
    /// The leading group.
    pub leading_group: Option<LeadingGroup>,
    /// Schedule items by id.
    pub schedule: BTreeMap<String, ScheduleItem>,
}

impl Organization {
    /// The sub-district running the campaign, once opened.
    pub fn subdistrict(&self) -> Option<DivisionCode> {
        self.campaign.as_ref().map(|c| c.subdistrict.code)
    }

    /// The open campaign, or `CAMPAIGN_NOT_OPEN`.
    pub fn open_campaign(&self) -> Result<&CampaignInfo> {
        self.campaign.as_ref().ok_or_else(campaign_not_open)
    }

    /// The unit with the division code `code` (a string from a command), or `NOT_FOUND` naming
    /// `field`.
    pub fn existing_unit(&self, code: &str, field: &str) -> Result<&OrgUnit> {
        let code = DivisionCode::parse(code, field)?;
        self.units.get(&code).ok_or_else(|| Error::not_found("organization unit", &code.to_string(), field))
    }

    /// The village or community with the division code `code`, or why not.
    pub fn village_or_community(&self, code: &str, field: &str) -> Result<DivisionCode> {
        let unit = self.existing_unit(code, field)?;
        if matches!(unit.level, OrgLevel::Village | OrgLevel::Community) {
            Ok(unit.code)
        } else {
            Err(Error::invalid_field(
                field,
                format!("`{field}` must be a village or community, not a {}", unit.level.label_en()),
            ))
        }
    }

    /// The party organization `id`, or `NOT_FOUND` naming `field`.
    pub fn existing_org(&self, id: &str, field: &str) -> Result<&PartyOrganization> {
        self.party_organizations.get(id).ok_or_else(|| Error::not_found("party organization", id, field))
    }

    /// The party organizations of villages and communities inside `scope`, by id.
    pub fn village_organizations_in(&self, scope: DivisionCode) -> impl Iterator<Item = &PartyOrganization> + '_ {
        self.party_organizations.values().filter(move |o| {
            scope.contains(o.unit) && self.units.get(&o.unit).is_some_and(|u| u.level.is_village_or_community())
        })
    }

    /// The party organization `id` (trimmed) inside `actor`'s scope: `NOT_FOUND` or `OUT_OF_SCOPE`
    /// naming `field`.
    pub fn org_in_scope(
        &self,
        actor: &crate::engine::access::Actor,
        id: &str,
        field: &str,
    ) -> Result<&PartyOrganization> {
        let o = self.existing_org(id.trim(), field)?;
        actor.require_scope(o.unit, field)?;
        Ok(o)
    }
}

/// The refusal of anything but `openCampaign` before the campaign is open.
pub fn campaign_not_open() -> Error {
    Error::new(ErrorCode::CampaignNotOpen, "the campaign is not open yet: execute `openCampaign` first")
}

/// A person as this area sees them: enough to name them and to check a post's requirement.
#[derive(Debug, Clone, Copy)]
pub struct RosterEntry<'a> {
    /// The person's id.
    pub id: &'a str,
    /// The person's name.
    pub name: &'a str,
    /// Whether they are a full party member (a secretary must be).
    pub full_member: bool,
    /// Whether they are a full or probationary party member (party committee posts).
    pub party_member: bool,
}

/// The persons of the campaign as this area needs them, kept by `people` (inverted so that this area
/// does not depend on the one built on it).
pub trait Roster {
    /// The person `id`, if registered.
    fn person(&self, id: &str) -> Option<RosterEntry<'_>>;
    /// How many party members each party organization has, by organization id.
    fn members_per_organization(&self) -> BTreeMap<&str, u32>;
}

/// A state that holds this area's part.
pub trait OrganizationState {
    /// This area's part.
    fn organization(&self) -> &Organization;
    /// This area's part, to apply an event.
    fn organization_mut(&mut self) -> &mut Organization;
    /// The persons, as this area needs them.
    fn roster(&self) -> &dyn Roster;
    /// Whether the whole state shows `milestone` reached (a schedule item with it may be reported
    /// done only then).
    fn milestone_reached(&self, milestone: Milestone) -> bool;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait OrganizationEvents;
    CampaignOpened, OrgUnitRegistered, PartyOrganizationEstablished, SecretaryAppointed, TwoCommitteesSet,
    LeadingGroupSet, ScheduleItemAdded, ScheduleItemCompleted, ScheduleItemReopened,
}
