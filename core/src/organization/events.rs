//! The events of this area: one payload type each, with its `apply`.

use super::{
    CampaignInfo, LeadingGroup, OrgUnit, OrganizationState, PartyOrgKind, PartyOrganization, ScheduleItem, TeamMember,
};
use crate::engine::Apply;
use crate::engine::division_code::{DivisionCode, OrgLevel};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The campaign was opened; its city, district and sub-district units exist from now on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignOpened {
    /// The validated configuration.
    pub campaign: CampaignInfo,
}

/// A village or community was registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgUnitRegistered {
    /// The unit.
    pub unit: OrgUnit,
}

/// A party organization was established.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartyOrganizationEstablished {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: PartyOrgKind,
    /// Its name.
    pub name: String,
    /// Its unit.
    pub unit: DivisionCode,
}

/// A secretary was appointed, replacing `previous` if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretaryAppointed {
    /// The party organization.
    pub party_organization: String,
    /// The new secretary.
    pub person: String,
    /// The secretary replaced.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub previous: Option<String>,
}

/// The two committees team was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwoCommitteesSet {
    /// The party organization.
    pub party_organization: String,
    /// The team.
    pub members: Vec<TeamMember>,
}

/// The leading group was set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeadingGroupSet {
    /// The group.
    pub group: LeadingGroup,
}

/// A schedule item was added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleItemAdded {
    /// The item.
    pub item: ScheduleItem,
}

/// A schedule item was reported done (at the record's `at`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleItemCompleted {
    /// The item's id.
    pub id: String,
}

/// A schedule item reported done was reopened: it is due again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleItemReopened {
    /// The item's id.
    pub id: String,
    /// Why.
    pub reason: String,
}

impl<S: OrganizationState> Apply<S> for CampaignOpened {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let org = state.organization_mut();
        let c = &self.campaign;
        for (unit, level, parent) in [
            (&c.city, OrgLevel::City, None),
            (&c.district, OrgLevel::District, Some(c.city.code)),
            (&c.subdistrict, OrgLevel::Subdistrict, Some(c.district.code)),
        ] {
            org.units.insert(unit.code, OrgUnit { code: unit.code, level, name: unit.name.clone(), parent });
        }
        org.campaign = Some(c.clone());
    }
}

impl<S: OrganizationState> Apply<S> for OrgUnitRegistered {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.organization_mut().units.insert(self.unit.code, self.unit.clone());
    }
}

impl<S: OrganizationState> Apply<S> for PartyOrganizationEstablished {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        let Self { id, kind, name, unit } = self;
        state.organization_mut().party_organizations.insert(
            id.clone(),
            PartyOrganization {
                id: id.clone(),
                kind: *kind,
                name: name.clone(),
                unit: *unit,
                secretary: None,
                two_committees: Vec::new(),
            },
        );
    }
}

impl<S: OrganizationState> Apply<S> for SecretaryAppointed {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(org) = state.organization_mut().party_organizations.get_mut(&self.party_organization) {
            org.secretary = Some(self.person.clone());
        }
    }
}

impl<S: OrganizationState> Apply<S> for TwoCommitteesSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(org) = state.organization_mut().party_organizations.get_mut(&self.party_organization) {
            org.two_committees = self.members.clone();
        }
    }
}

impl<S: OrganizationState> Apply<S> for LeadingGroupSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.organization_mut().leading_group = Some(self.group.clone());
    }
}

impl<S: OrganizationState> Apply<S> for ScheduleItemAdded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.organization_mut().schedule.insert(self.item.id.clone(), self.item.clone());
    }
}

impl<S: OrganizationState> Apply<S> for ScheduleItemCompleted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(item) = state.organization_mut().schedule.get_mut(&self.id) {
            item.completed_at = Some(at);
        }
    }
}

impl<S: OrganizationState> Apply<S> for ScheduleItemReopened {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(item) = state.organization_mut().schedule.get_mut(&self.id) {
            item.completed_at = None;
        }
    }
}
