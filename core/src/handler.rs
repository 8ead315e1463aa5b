//! Deciding a command: check the actor, the target's scope and every rule against the current state,
//! and return the events to record. Nothing here mutates the state, which is why a refused command
//! leaves the campaign exactly as it was.

use crate::access::{Actor, Permission};
use crate::campaign_config::non_empty;
use crate::command::Command;
use crate::csv_import;
use crate::division_code::{DivisionCode, OrgLevel};
use crate::error::{Error, ErrorCode, Result};
use crate::event::Event;
use crate::flag_set::FlagSet;
use crate::household::Household;
use crate::mobile::MobileNumber;
use crate::org_unit::OrgUnit;
use crate::party_organization::{PartyOrganization, TeamPost};
use crate::person::{Person, PoliticalStatus};
use crate::resident_id::ResidentIdNumber;
use crate::schedule::ScheduleItem;
use crate::state::State;
use chrono::{DateTime, FixedOffset};
use std::collections::BTreeSet;

/// The events `command` would record, or why it is refused.
///
/// It takes the command by value so that a visit's answers move into its event instead of being
/// copied (visits are the most frequent command of the survey).
pub(crate) fn decide(state: &State, actor: &Actor, at: DateTime<FixedOffset>, command: Command) -> Result<Vec<Event>> {
    match command {
        Command::RecordVisit { visit } if state.campaign.is_some() => crate::visit::decide(state, actor, at, visit),
        command => decide_by_ref(state, actor, at, &command),
    }
}

fn decide_by_ref(state: &State, actor: &Actor, at: DateTime<FixedOffset>, command: &Command) -> Result<Vec<Event>> {
    let Some(campaign) = &state.campaign else {
        return match command {
            Command::OpenCampaign { config } => {
                actor.require(crate::access::Permission::ManageCampaign, "open a campaign")?;
                let campaign = config.validate()?;
                actor.require_scope(campaign.subdistrict.code, "command.config.subdistrict.code")?;
                Ok(vec![Event::CampaignOpened { campaign }])
            }
            _ => Err(Error::new(
                ErrorCode::CampaignNotOpen,
                "the campaign is not open yet: execute `openCampaign` first",
            )),
        };
    };
    let subdistrict = campaign.subdistrict.code;
    let event = match command {
        Command::OpenCampaign { .. } => {
            return Err(Error::new(
                ErrorCode::CampaignAlreadyOpen,
                "the campaign is already open: `openCampaign` may be executed once",
            ));
        }
        Command::RegisterOrgUnit { code, level, name } => {
            actor.require(Permission::ManageCampaign, "register organization units")?;
            if !matches!(level, OrgLevel::Village | OrgLevel::Community) {
                return Err(Error::invalid_field(
                    "command.level",
                    "only villages and communities are registered; the city, district and sub-district come with `openCampaign`",
                ));
            }
            let code = DivisionCode::parse(code, "command.code")?;
            code.check_level(*level, "command.code")?;
            code.check_parent(subdistrict, "command.code")?;
            actor.require_scope(code, "command.code")?;
            if state.units.contains_key(&code) {
                return Err(Error::already_exists("unit", &code.to_string(), "command.code"));
            }
            let name = non_empty(name, "command.name")?;
            Event::OrgUnitRegistered { unit: OrgUnit { code, level: *level, name, parent: Some(subdistrict) } }
        }
        Command::EstablishPartyOrganization { id, kind, name, unit } => {
            actor.require(Permission::ManageOrganizations, "establish party organizations")?;
            let id = new_id(id, state.party_organizations.contains_key(id.trim()), "party organization", "command.id")?;
            let unit = existing_unit(state, unit, "command.unit")?;
            actor.require_scope(unit.code, "command.unit")?;
            if !kind.fits(unit.level) {
                return Err(Error::new(
                    ErrorCode::RuleViolated,
                    format!(
                        "a {} attaches to {}, not to a {}: fix `unit` or `kind`",
                        kind.label_zh(),
                        if kind.attaches_to_village_or_community() {
                            "a village or community"
                        } else {
                            "the sub-district"
                        },
                        unit.level.label_en()
                    ),
                )
                .at_field("command.unit"));
            }
            Event::PartyOrganizationEstablished {
                id,
                kind: *kind,
                name: non_empty(name, "command.name")?,
                unit: unit.code,
            }
        }
        Command::AppointSecretary { party_organization, person } => {
            actor.require(Permission::ManageOrganizations, "appoint secretaries")?;
            let org = existing_org(state, party_organization, "command.partyOrganization")?;
            actor.require_scope(org.unit, "command.partyOrganization")?;
            let p = existing_person(state, person, "command.person")?;
            if p.political_status != PoliticalStatus::PartyMember {
                return Err(Error::new(
                    ErrorCode::RuleViolated,
                    format!("person `{person}` is not a full party member and cannot be a secretary"),
                )
                .at_field("command.person"));
            }
            if org.secretary.as_deref() == Some(person.as_str()) {
                return Err(Error::new(
                    ErrorCode::RuleViolated,
                    format!("person `{person}` is already the secretary of `{party_organization}`"),
                )
                .at_field("command.person"));
            }
            Event::SecretaryAppointed {
                party_organization: org.id.clone(),
                person: p.id.clone(),
                previous: org.secretary.clone(),
            }
        }
        Command::SetTwoCommittees { party_organization, members } => {
            actor.require(Permission::ManageOrganizations, "set two-committee teams")?;
            let org = existing_org(state, party_organization, "command.partyOrganization")?;
            actor.require_scope(org.unit, "command.partyOrganization")?;
            if !org.kind.attaches_to_village_or_community() {
                return Err(Error::new(ErrorCode::RuleViolated, format!("`{party_organization}` is not a village or community organization: only those have a two-committee team")).at_field("command.partyOrganization"));
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
                if matches!(
                    m.post,
                    TeamPost::PartySecretary | TeamPost::DeputySecretary | TeamPost::PartyCommitteeMember
                ) && !p.political_status.is_party_member()
                {
                    return Err(Error::new(
                        ErrorCode::RuleViolated,
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
            Event::TwoCommitteesSet { party_organization: org.id.clone(), members: members.clone() }
        }
        Command::SetLeadingGroup { group } => {
            actor.require(Permission::ManageCampaign, "set the leading group")?;
            actor.require_scope(subdistrict, "command.group")?;
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
                existing_org(state, u, &format!("command.group.memberUnits[{i}]"))?;
            }
            Event::LeadingGroupSet { group: group.clone() }
        }
        Command::AddScheduleItem { id, task, owner, phase, due } => {
            actor.require(Permission::ManageCampaign, "manage the schedule")?;
            actor.require_scope(subdistrict, "command.id")?;
            let id = new_id(id, state.schedule.contains_key(id.trim()), "schedule item", "command.id")?;
            if *due < campaign.start || *due > campaign.end {
                return Err(Error::invalid_field(
                    "command.due",
                    format!("`due` must lie inside the campaign's period, {} to {}", campaign.start, campaign.end),
                ));
            }
            Event::ScheduleItemAdded {
                item: ScheduleItem {
                    id,
                    task: non_empty(task, "command.task")?,
                    owner: non_empty(owner, "command.owner")?,
                    phase: *phase,
                    due: *due,
                    completed_at: None,
                },
            }
        }
        Command::CompleteScheduleItem { id } => {
            actor.require(Permission::ManageCampaign, "manage the schedule")?;
            actor.require_scope(subdistrict, "command.id")?;
            let item = state.schedule.get(id).ok_or_else(|| Error::not_found("schedule item", id, "command.id"))?;
            if item.completed_at.is_some() {
                return Err(Error::new(ErrorCode::RuleViolated, format!("schedule item `{id}` is already done"))
                    .at_field("command.id"));
            }
            Event::ScheduleItemCompleted { id: id.clone() }
        }
        Command::RegisterPerson {
            id,
            name,
            unit,
            id_number,
            mobile,
            political_status,
            party_organization,
            helper_roles,
        } => {
            actor.require(Permission::ManagePeople, "register persons")?;
            let id = new_id(id, state.persons.contains_key(id.trim()), "person", "command.id")?;
            let name = non_empty(name, "command.name")?;
            let unit = existing_unit(state, unit, "command.unit")?;
            if !matches!(unit.level, OrgLevel::Subdistrict | OrgLevel::Village | OrgLevel::Community) {
                return Err(Error::invalid_field(
                    "command.unit",
                    "a person belongs to the sub-district or one of its villages or communities",
                ));
            }
            actor.require_scope(unit.code, "command.unit")?;
            let id_number = id_number.as_deref().map(|s| ResidentIdNumber::parse(s, "command.idNumber")).transpose()?;
            let mobile = mobile.as_deref().map(|s| MobileNumber::parse(s, "command.mobile")).transpose()?;
            let party_organization = match (political_status.is_party_member(), party_organization) {
                (true, Some(org)) => Some(existing_org(state, org, "command.partyOrganization")?.id.clone()),
                (true, None) => return Err(Error::invalid_field("command.partyOrganization", "a party member belongs to a party organization: give `partyOrganization`")),
                (false, Some(_)) => return Err(Error::new(ErrorCode::RuleViolated, "only party members belong to a party organization: drop `partyOrganization` or fix `politicalStatus`").at_field("command.partyOrganization")),
                (false, None) => None,
            };
            Event::PersonRegistered {
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
            }
        }
        Command::SetHelperRoles { person, roles } => {
            actor.require(Permission::ManagePeople, "set helper roles")?;
            let p = existing_person(state, person, "command.person")?;
            actor.require_scope(p.unit, "command.person")?;
            Event::HelperRolesSet { person: p.id.clone(), roles: roles.iter().copied().collect() }
        }
        Command::RegisterHousehold { id, address, unit, building, location, key_place } => {
            actor.require(Permission::ManageHouseholds, "register households")?;
            let id = new_id(id, state.households.contains_key(id.trim()), "household", "command.id")?;
            let unit = village_or_community(state, unit, "command.unit")?;
            actor.require_scope(unit, "command.unit")?;
            Event::HouseholdRegistered {
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
        }
        Command::MoveHousehold { household, address, unit, building, location } => {
            actor.require(Permission::ManageHouseholds, "move households")?;
            let h = existing_household(state, household, "command.household")?;
            actor.require_scope(h.unit, "command.household")?;
            if address.is_none() && unit.is_none() && building.is_none() && location.is_none() {
                return Err(Error::invalid_field(
                    "command",
                    "give at least one of `address`, `unit`, `building`, `location`",
                ));
            }
            let new_unit = match unit {
                Some(u) => {
                    let code = village_or_community(state, u, "command.unit")?;
                    actor.require_scope(code, "command.unit")?;
                    code
                }
                None => h.unit,
            };
            Event::HouseholdMoved {
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
        }
        Command::AddResident { household, person } => {
            actor.require(Permission::ManageHouseholds, "add residents")?;
            let h = existing_household(state, household, "command.household")?;
            actor.require_scope(h.unit, "command.household")?;
            let p = existing_person(state, person, "command.person")?;
            match p.household.as_deref() {
                Some(current) if current == h.id => {
                    return Err(Error::new(
                        ErrorCode::RuleViolated,
                        format!("person `{person}` already lives in household `{household}`"),
                    )
                    .at_field("command.person"));
                }
                // Moving a person out of another household changes that household too.
                Some(current) => {
                    if let Some(other) = state.households.get(current) {
                        actor.require_scope(other.unit, "command.person")?;
                    }
                }
                None => actor.require_scope(p.unit, "command.person")?,
            }
            Event::ResidentAdded { household: h.id.clone(), person: p.id.clone() }
        }
        Command::RemoveResident { household, person } => {
            actor.require(Permission::ManageHouseholds, "remove residents")?;
            let h = existing_household(state, household, "command.household")?;
            actor.require_scope(h.unit, "command.household")?;
            if !h.residents.iter().any(|r| r == person) {
                return Err(Error::new(
                    ErrorCode::RuleViolated,
                    format!("person `{person}` is not a resident of household `{household}`"),
                )
                .at_field("command.person"));
            }
            Event::ResidentLeft { household: h.id.clone(), person: person.clone() }
        }
        Command::TagKeyPerson { person, tag } => {
            actor.require(Permission::TagKeyPersons, "tag key persons")?;
            let p = existing_person(state, person, "command.person")?;
            actor.require_scope(person_unit(state, p), "command.person")?;
            if p.key_person_tags.contains(*tag) {
                // The tag itself is not named: error messages end up in logs.
                return Err(Error::new(ErrorCode::RuleViolated, format!("person `{person}` already has this tag"))
                    .at_field("command.tag"));
            }
            Event::KeyPersonTagged { person: p.id.clone(), tag: *tag }
        }
        Command::UntagKeyPerson { person, tag } => {
            actor.require(Permission::TagKeyPersons, "untag key persons")?;
            let p = existing_person(state, person, "command.person")?;
            actor.require_scope(person_unit(state, p), "command.person")?;
            if !p.key_person_tags.contains(*tag) {
                return Err(Error::new(ErrorCode::RuleViolated, format!("person `{person}` does not have this tag"))
                    .at_field("command.tag"));
            }
            Event::KeyPersonUntagged { person: p.id.clone(), tag: *tag }
        }
        Command::RegisterQuestionnaire { questionnaire } => {
            actor.require(Permission::ManageCampaign, "register questionnaires")?;
            let q = crate::questionnaire::Questionnaire::new(questionnaire.clone())
                .map_err(|e| prefixed(e, "command.questionnaire"))?;
            state.questionnaires.check(&q).map_err(|e| prefixed(e, "command.questionnaire"))?;
            Event::QuestionnaireRegistered { questionnaire: Box::new(q) }
        }
        Command::ImportQuestionnaire { id, version, title, survey, choices } => {
            actor.require(Permission::ManageCampaign, "register questionnaires")?;
            let form =
                crate::questionnaire::XlsFormCsv { id, version: *version, title: title.clone(), survey, choices };
            let q = crate::questionnaire::Questionnaire::from_xlsform_csv(&form).map_err(|e| prefixed(e, "command"))?;
            state.questionnaires.check(&q).map_err(|e| prefixed(e, "command"))?;
            Event::QuestionnaireRegistered { questionnaire: Box::new(q) }
        }
        // Visits take the by-value path of `decide`; this copy is only its fallback.
        Command::RecordVisit { visit } => return crate::visit::decide(state, actor, at, visit.clone()),
        Command::ImportCsv { table, csv } => return csv_import::decide(state, actor, at, *table, csv),
        Command::SetLinkagePolicy { .. }
        | Command::SetMemberLinkage { .. }
        | Command::SetHouseholdWeight { .. }
        | Command::EstablishMicroGrid { .. }
        | Command::UpdateMicroGrid { .. }
        | Command::AdoptLinkPlan { .. } => crate::micro_grid::decide(state, actor, command)?,
    };
    Ok(vec![event])
}

/// The same error with its field placed under `prefix` (errors of a part name fields within it).
pub(crate) fn prefixed(mut error: Error, prefix: &str) -> Error {
    error.field = Some(match error.field.take() {
        Some(f) => format!("{prefix}.{f}"),
        None => prefix.to_string(),
    });
    error
}

/// The unit whose scope covers a person: their household's village or community, else their own unit.
pub(crate) fn person_unit(state: &State, person: &Person) -> DivisionCode {
    person.household.as_deref().and_then(|h| state.households.get(h)).map_or(person.unit, |h| h.unit)
}

pub(crate) fn new_id(id: &str, taken: bool, kind: &str, field: &str) -> Result<String> {
    let id = non_empty(id, field)?;
    if taken {
        return Err(Error::already_exists(kind, &id, field));
    }
    Ok(id)
}

fn optional_text(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

fn existing_unit<'s>(state: &'s State, code: &str, field: &str) -> Result<&'s OrgUnit> {
    let code = DivisionCode::parse(code, field)?;
    state.units.get(&code).ok_or_else(|| Error::not_found("organization unit", &code.to_string(), field))
}

pub(crate) fn village_or_community(state: &State, code: &str, field: &str) -> Result<DivisionCode> {
    let unit = existing_unit(state, code, field)?;
    if matches!(unit.level, OrgLevel::Village | OrgLevel::Community) {
        Ok(unit.code)
    } else {
        Err(Error::invalid_field(
            field,
            format!("`{field}` must be a village or community, not a {}", unit.level.label_en()),
        ))
    }
}

fn existing_org<'s>(state: &'s State, id: &str, field: &str) -> Result<&'s PartyOrganization> {
    state.party_organizations.get(id).ok_or_else(|| Error::not_found("party organization", id, field))
}

pub(crate) fn existing_person<'s>(state: &'s State, id: &str, field: &str) -> Result<&'s Person> {
    state.persons.get(id).ok_or_else(|| Error::not_found("person", id, field))
}

pub(crate) fn existing_household<'s>(state: &'s State, id: &str, field: &str) -> Result<&'s Household> {
    state.households.get(id).ok_or_else(|| Error::not_found("household", id, field))
}
