//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{
    CampaignConfig, CampaignOpened, LeadingGroup, LeadingGroupSet, Milestone, OrgUnit, OrgUnitRegistered,
    OrganizationEvents, OrganizationState, PartyOrgKind, PartyOrganizationEstablished, Phase, ScheduleItem,
    ScheduleItemAdded, ScheduleItemCompleted, ScheduleItemReopened, SecretaryAppointed, TeamMember, TeamPost,
    TwoCommitteesSet,
};
use crate::engine::check::{new_id, non_empty};
use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Opens the campaign: must be the first command, and only once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenCampaign {
    /// The campaign's configuration.
    pub config: CampaignConfig,
}

/// Registers a village or community of the campaign's sub-district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterOrgUnit {
    /// 12-digit division code; its last three digits agree with `level` (001–199 community,
    /// 200–399 village) and its first nine are the sub-district's.
    pub code: String,
    /// `village` or `community`.
    pub level: OrgLevel,
    /// The unit's name.
    pub name: String,
}

/// Establishes a party organization attached to a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EstablishPartyOrganization {
    /// A new id.
    pub id: String,
    /// Its kind: village/community branches attach to a village or community, the others to the
    /// sub-district.
    pub kind: PartyOrgKind,
    /// Its name.
    pub name: String,
    /// The division code of the unit it attaches to.
    pub unit: String,
}

/// Appoints (or replaces) the secretary of a party organization; the person must be a full
/// party member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppointSecretary {
    /// The party organization's id.
    pub party_organization: String,
    /// The person's id.
    pub person: String,
}

/// Sets the "two committees" team of a village's or community's party organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetTwoCommittees {
    /// The party organization's id.
    pub party_organization: String,
    /// The team, one entry per person and post.
    pub members: Vec<TeamMember>,
}

/// Sets the campaign's leading group and its office director.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetLeadingGroup {
    /// The group.
    pub group: LeadingGroup,
}

/// Adds a task to the schedule (attachment 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddScheduleItem {
    /// A new id.
    pub id: String,
    /// What must be done.
    pub task: String,
    /// Who answers for it.
    pub owner: String,
    /// The phase it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phase: Option<Phase>,
    /// The last day (UTC+8).
    pub due: NaiveDate,
    /// The party organization that answers for it, when it is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub owner_organization: Option<String>,
    /// What in the state shows it done: the timetable then completes it without a report.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done_when: Option<Milestone>,
}

/// Reports a schedule item done (at the envelope's `at`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompleteScheduleItem {
    /// The item's id.
    pub id: String,
}

/// Reopens a schedule item reported done by mistake: it is due again. The report stays in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReopenScheduleItem {
    /// The item's id.
    pub id: String,
    /// Why it is reopened (what was not done after all).
    pub reason: String,
}

crate::engine::guarded! {
    OpenCampaign => ManageCampaign, "open a campaign";
    RegisterOrgUnit => ManageCampaign, "register organization units";
    EstablishPartyOrganization => ManageOrganizations, "establish party organizations";
    AppointSecretary => ManageOrganizations, "appoint secretaries";
    SetTwoCommittees => ManageOrganizations, "set two-committee teams";
    SetLeadingGroup => ManageCampaign, "set the leading group";
    AddScheduleItem => ManageCampaign, "manage the schedule";
    CompleteScheduleItem => ManageCampaign, "manage the schedule";
    ReopenScheduleItem => ManageCampaign, "manage the schedule";
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for OpenCampaign {
    fn decide(self, _: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let campaign = self.config.validate()?;
        cx.actor.require_scope(campaign.subdistrict.code, "command.config.subdistrict.code")?;
        Ok(vec![CampaignOpened { campaign }.into()])
    }
}

/// The sub-district of the open campaign, which must lie inside the actor's scope (`field` names the
/// input that targets it).
pub(crate) fn campaign_in_scope(state: &impl OrganizationState, cx: &Context<'_>, field: &str) -> Result<DivisionCode> {
    let subdistrict = state.organization().open_campaign()?.subdistrict.code;
    cx.actor.require_scope(subdistrict, field)?;
    Ok(subdistrict)
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for RegisterOrgUnit {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { code, level, name } = &self;
        let subdistrict = state.organization().open_campaign()?.subdistrict.code;
        if !matches!(level, OrgLevel::Village | OrgLevel::Community) {
            return Err(Error::invalid_field(
                "command.level",
                "only villages and communities are registered; the city, district and sub-district come with `openCampaign`",
            ));
        }
        let code = DivisionCode::parse(code, "command.code")?;
        code.check_level(*level, "command.code")?;
        code.check_parent(subdistrict, "command.code")?;
        cx.actor.require_scope(code, "command.code")?;
        if state.organization().units.contains_key(&code) {
            return Err(Error::already_exists("unit", &code.to_string(), "command.code"));
        }
        let name = non_empty(name, "command.name")?;
        Ok(vec![OrgUnitRegistered { unit: OrgUnit { code, level: *level, name, parent: Some(subdistrict) } }.into()])
    }
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for EstablishPartyOrganization {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, kind, name, unit } = &self;
        let org = state.organization();
        let id = new_id(id, org.party_organizations.contains_key(id.trim()), "party organization", "command.id")?;
        let unit = org.existing_unit(unit, "command.unit")?;
        cx.actor.require_scope(unit.code, "command.unit")?;
        if !kind.fits(unit.level) {
            return Err(Error::rule(
                "organization.partyOrganizationAttachesToItsLevel",
                format!(
                    "a {} attaches to {}, not to a {}: fix `unit` or `kind`",
                    kind.label_zh(),
                    if kind.attaches_to_village_or_community() { "a village or community" } else { "the sub-district" },
                    unit.level.label_en()
                ),
            )
            .at_field("command.unit"));
        }
        Ok(vec![
            PartyOrganizationEstablished { id, kind: *kind, name: non_empty(name, "command.name")?, unit: unit.code }
                .into(),
        ])
    }
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for AppointSecretary {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { party_organization, person } = &self;
        let org = state.organization().existing_org(party_organization, "command.partyOrganization")?;
        cx.actor.require_scope(org.unit, "command.partyOrganization")?;
        let p = existing_person(state, person, "command.person")?;
        if !p.full_member {
            return Err(Error::rule(
                "organization.secretaryIsFullPartyMember",
                format!("person `{person}` is not a full party member and cannot be a secretary"),
            )
            .at_field("command.person"));
        }
        if org.secretary.as_deref() == Some(person.as_str()) {
            return Err(Error::rule(
                "organization.secretaryAlreadyAppointed",
                format!("person `{person}` is already the secretary of `{party_organization}`"),
            )
            .at_field("command.person"));
        }
        Ok(vec![
            SecretaryAppointed {
                party_organization: org.id.clone(),
                person: p.id.to_string(),
                previous: org.secretary.clone(),
            }
            .into(),
        ])
    }
}

/// The person `id` as the roster has them, or `NOT_FOUND` naming `field`.
fn existing_person<'s>(state: &'s impl OrganizationState, id: &str, field: &str) -> Result<super::RosterEntry<'s>> {
    state.roster().person(id).ok_or_else(|| Error::not_found("person", id, field))
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for SetTwoCommittees {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { party_organization, members } = self;
        let org = state.organization().existing_org(&party_organization, "command.partyOrganization")?;
        cx.actor.require_scope(org.unit, "command.partyOrganization")?;
        if !org.kind.attaches_to_village_or_community() {
            return Err(Error::rule(
                "organization.twoCommitteesOnlyInVillagesAndCommunities",
                format!("`{party_organization}` is not a village or community organization: only those have a two-committee team"),
            )
            .at_field("command.partyOrganization"));
        }
        let mut seen = BTreeSet::new();
        for (i, m) in members.iter().enumerate() {
            let field = format!("command.members[{i}]");
            let p = existing_person(state, &m.person, &format!("{field}.person"))?;
            if !seen.insert((m.person.as_str(), m.post as u8)) {
                return Err(Error::invalid_field(
                    &field,
                    format!("person `{}` is listed twice for the same post", m.person),
                ));
            }
            if matches!(m.post, TeamPost::PartySecretary | TeamPost::DeputySecretary | TeamPost::PartyCommitteeMember)
                && !p.party_member
            {
                return Err(Error::rule(
                    "organization.partyCommitteePostNeedsPartyMember",
                    format!("person `{}` is not a party member and cannot hold a party committee post", m.person),
                )
                .at_field(field));
            }
        }
        for unique in [TeamPost::PartySecretary, TeamPost::CommitteeDirector] {
            if members.iter().filter(|m| m.post == unique).count() > 1 {
                return Err(Error::invalid_field(
                    "command.members",
                    format!("the post `{unique:?}` is held by one person only"),
                ));
            }
        }
        Ok(vec![TwoCommitteesSet { party_organization: org.id.clone(), members }.into()])
    }
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for SetLeadingGroup {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { group } = self;
        campaign_in_scope(state, cx, "command.group")?;
        existing_person(state, &group.leader, "command.group.leader")?;
        existing_person(state, &group.first_deputy, "command.group.firstDeputy")?;
        existing_person(state, &group.office_director, "command.group.officeDirector")?;
        let mut seen = BTreeSet::new();
        for (i, d) in group.deputies.iter().enumerate() {
            existing_person(state, d, &format!("command.group.deputies[{i}]"))?;
            if !seen.insert(d) {
                return Err(Error::invalid_field(
                    &format!("command.group.deputies[{i}]"),
                    format!("deputy `{d}` is listed twice"),
                ));
            }
        }
        if !group.deputies.contains(&group.executive_deputy) {
            return Err(Error::invalid_field(
                "command.group.executiveDeputy",
                "the executive deputy must be one of `deputies`",
            ));
        }
        for (i, u) in group.member_units.iter().enumerate() {
            state.organization().existing_org(u, &format!("command.group.memberUnits[{i}]"))?;
        }
        Ok(vec![LeadingGroupSet { group }.into()])
    }
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for AddScheduleItem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, task, owner, phase, due, owner_organization, done_when } = &self;
        campaign_in_scope(state, cx, "command.id")?;
        let org = state.organization();
        let campaign = org.open_campaign()?;
        let id = new_id(id, org.schedule.contains_key(id.trim()), "schedule item", "command.id")?;
        if *due < campaign.start || *due > campaign.end {
            return Err(Error::invalid_field(
                "command.due",
                format!("`due` must lie inside the campaign's period, {} to {}", campaign.start, campaign.end),
            ));
        }
        Ok(vec![
            ScheduleItemAdded {
                item: ScheduleItem {
                    id,
                    task: non_empty(task, "command.task")?,
                    owner: non_empty(owner, "command.owner")?,
                    phase: *phase,
                    due: *due,
                    completed_at: None,
                    owner_organization: match owner_organization {
                        Some(o) => Some(org.existing_org(o.trim(), "command.ownerOrganization")?.id.clone()),
                        None => None,
                    },
                    done_when: *done_when,
                },
            }
            .into(),
        ])
    }
}

/// The schedule item `id` of the campaign, for an actor whose scope holds the sub-district.
fn schedule_item<'s>(state: &'s impl OrganizationState, cx: &Context<'_>, id: &str) -> Result<&'s ScheduleItem> {
    campaign_in_scope(state, cx, "command.id")?;
    state.organization().schedule.get(id).ok_or_else(|| Error::not_found("schedule item", id, "command.id"))
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for CompleteScheduleItem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id } = self;
        let item = schedule_item(state, cx, &id)?;
        if item.completed_at.is_some() {
            return Err(Error::rule(
                "organization.scheduleItemDoneOnce",
                format!("schedule item `{id}` is already done"),
            )
            .at_field("command.id"));
        }
        // An item the state can show done is done when it shows so: a report ahead of it (the survey
        // "complete" while households are still to visit) would put a false line in the timetable.
        if let Some(milestone) = item.done_when
            && !state.milestone_reached(milestone)
        {
            return Err(Error::rule(
                "organization.milestoneBeforeDone",
                format!(
                    "schedule item `{id}` is done when {}, and the campaign does not show that yet: finish the work first \
                     (the timetable then shows the item done by itself)",
                    milestone.describe()
                ),
            )
            .at_field("command.id"));
        }
        Ok(vec![ScheduleItemCompleted { id }.into()])
    }
}

impl<S: OrganizationState, E: OrganizationEvents> Decide<S, E> for ReopenScheduleItem {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, reason } = self;
        let item = schedule_item(state, cx, &id)?;
        if item.completed_at.is_none() {
            return Err(Error::transition(
                "organization.onlyDoneItemsReopen",
                format!("schedule item `{id}` is not done: only an item reported done can be reopened"),
            )
            .at_field("command.id"));
        }
        let reason = non_empty(&reason, "command.reason")?;
        Ok(vec![ScheduleItemReopened { id, reason }.into()])
    }
}
