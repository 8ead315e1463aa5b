//! Queries: every read of a campaign, answered for an actor, with sensitive data masked unless the
//! actor's role and scope allow it.

use crate::access::Actor;
use crate::campaign::Head;
use crate::campaign_config::{Phase, PhasePlan};
use crate::division_code::{DivisionCode, OrgLevel};
use crate::error::{Error, ErrorCode, Result};
use crate::flag_set::FlagSet;
use crate::handler::person_unit;
use crate::household::{Household, KeyPlace, Location};
use crate::leading_group::LeadingGroup;
use crate::org_unit::OrgUnit;
use crate::party_organization::{PartyOrgKind, TeamMember};
use crate::person::{HelperRole, KeyPersonTag, Person, PoliticalStatus};
use crate::schedule::{ScheduleItem, ScheduleStatus, china_day};
use crate::state::State;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A query with who asks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueryEnvelope {
    /// The wire form's version.
    pub schema_version: u32,
    /// Who asks.
    pub actor: Actor,
    /// What is asked.
    pub query: Query,
}

/// Every read a campaign answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Query {
    /// The head of the log (seq and hash).
    Head,
    /// The campaign at a glance: theme, phase at `at`, counts inside the actor's scope.
    CampaignSummary {
        /// The moment whose phase to report.
        at: DateTime<FixedOffset>,
    },
    /// The organization units inside the actor's scope, optionally of one level.
    OrgUnits {
        /// Only this level.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        level: Option<OrgLevel>,
    },
    /// The party organizations inside the actor's scope.
    PartyOrganizations,
    /// The leading group with names.
    LeadingGroup,
    /// One person.
    Person {
        /// The person's id.
        id: String,
    },
    /// One household with its residents.
    Household {
        /// The household's id.
        id: String,
    },
    /// A page of households inside the actor's scope, in registration order.
    Households {
        /// Only this village or community (division code).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
        /// Start after this household id (the last id of the previous page).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        after: Option<String>,
        /// At most this many (default 100, at most 10,000).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        limit: Option<u32>,
    },
    /// Survey coverage of the villages and communities inside the actor's scope (or of one), with
    /// the scope's total.
    Coverage {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
    },
    /// A page of the households not yet covered, in registration order.
    UncoveredHouseholds {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
        /// Start after this household id.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        after: Option<String>,
        /// At most this many (default 100, at most 10,000).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        limit: Option<u32>,
    },
    /// The households visited but not covered, the longest-waiting first (by their latest attempt).
    RevisitQueue {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
        /// At most this many (default 100, at most 10,000).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        limit: Option<u32>,
    },
    /// Every violation of "no household missed" (不漏一户): the households not covered, judged at
    /// `at` against the survey phase's deadline.
    NoHouseholdMissed {
        /// The moment to judge at.
        at: DateTime<FixedOffset>,
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
    },
    /// The problem list: findings counted by village or community and category.
    ProblemList {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
    },
    /// The visits of one household, in the order recorded (findings withheld unless the actor sees
    /// sensitive data).
    Visits {
        /// The household's id.
        household: String,
    },
    /// The micro-grids inside the actor's scope (or of one village or community), with their members'
    /// loads.
    MicroGrids {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
    },
    /// One party member's linkage and linked households.
    MemberLinks {
        /// The member's person id.
        member: String,
    },
    /// Every violation of the adopted plans' invariants (unlinked households, unavailable members,
    /// bounds, key-person qualification, links across units).
    LinkageViolations {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
    },
    /// Proposes a link plan (nearby, convenient, familiar) from the campaign's state; when re-planning,
    /// it keeps every link it can. Adopt it with `adoptLinkPlan`.
    ProposeLinkPlan {
        /// The village or community; absent: all inside the actor's scope.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
        /// Use exactly this many members.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        count: Option<u32>,
        /// The seed of the member-choosing heuristic (default 0).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        seed: Option<u64>,
    },
    /// Survey coverage per micro-grid (households linked to the grid's members).
    MicroGridCoverage {
        /// Only this village or community.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        unit: Option<String>,
    },
    /// Where each schedule item stands at `at`: done, overdue, at risk (due within `atRiskDays`,
    /// default 7) or on track.
    ScheduleStatus {
        /// The moment to judge at (its UTC+8 day counts).
        at: DateTime<FixedOffset>,
        /// The at-risk window in days.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        at_risk_days: Option<u32>,
    },
}

/// A person as an actor may see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: DivisionCode,
    /// ID number, masked (`430104********123X`) unless the actor may see it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id_number: Option<String>,
    /// Mobile number, masked (`138****5678`) unless the actor may see it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mobile: Option<String>,
    /// Political status.
    pub political_status: PoliticalStatus,
    /// Party organization of a member.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub party_organization: Option<String>,
    /// Helper roles.
    pub helper_roles: FlagSet<HelperRole>,
    /// Key-person tags; absent when `masked`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_person_tags: Option<FlagSet<KeyPersonTag>>,
    /// Whether sensitive fields were masked or withheld for this actor.
    pub masked: bool,
    /// The household the person lives in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub household: Option<String>,
}

/// A household with its residents as the actor may see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdView {
    /// Id.
    pub id: String,
    /// Address.
    pub address: String,
    /// Village or community.
    pub unit: DivisionCode,
    /// Building.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub building: Option<String>,
    /// Location.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
    /// Key place.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
    /// Residents.
    pub residents: Vec<PersonView>,
}

/// One line of a household list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdLine {
    /// Id.
    pub id: String,
    /// Address.
    pub address: String,
    /// Village or community.
    pub unit: DivisionCode,
    /// Building.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub building: Option<String>,
    /// Number of residents.
    pub residents: u32,
}

impl HouseholdLine {
    /// The line of a household.
    pub fn of(h: &Household) -> HouseholdLine {
        HouseholdLine {
            id: h.id.clone(),
            address: h.address.clone(),
            unit: h.unit,
            building: h.building.clone(),
            residents: h.residents.len() as u32,
        }
    }
}

/// A party organization with its secretary's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartyOrganizationView {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: PartyOrgKind,
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: DivisionCode,
    /// Secretary's person id and name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secretary: Option<NamedPerson>,
    /// Two committees.
    pub two_committees: Vec<TeamMember>,
    /// Number of party members registered in it.
    pub members: u32,
}

/// A person's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NamedPerson {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// The leading group with names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadingGroupView {
    /// 组长.
    pub leader: NamedPerson,
    /// 第一副组长.
    pub first_deputy: NamedPerson,
    /// 副组长.
    pub deputies: Vec<NamedPerson>,
    /// 常务副组长.
    pub executive_deputy: NamedPerson,
    /// 成员单位 (party organization ids and names).
    pub member_units: Vec<NamedPerson>,
    /// 办公室主任.
    pub office_director: NamedPerson,
}

/// Counts inside the actor's scope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Villages.
    pub villages: u32,
    /// Communities.
    pub communities: u32,
    /// Party organizations.
    pub party_organizations: u32,
    /// Persons.
    pub persons: u32,
    /// Party members (full and probationary).
    pub party_members: u32,
    /// Households.
    pub households: u32,
    /// Persons living in a household.
    pub residents: u32,
    /// Persons with at least one key-person tag (a count, not a list: not sensitive).
    pub key_persons: u32,
}

/// A schedule item with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLine {
    /// The item.
    pub item: ScheduleItem,
    /// Its status.
    pub status: ScheduleStatus,
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum QueryResult {
    /// See [`Query::Head`].
    Head {
        /// The head.
        head: Head,
    },
    /// See [`Query::CampaignSummary`].
    CampaignSummary {
        /// Title.
        title: String,
        /// Theme.
        theme: String,
        /// The sub-district.
        subdistrict: OrgUnit,
        /// The day (UTC+8) the summary is for.
        day: NaiveDate,
        /// The phases under way on that day.
        current_phases: Vec<Phase>,
        /// All phases.
        phases: Vec<PhasePlan>,
        /// Counts inside the actor's scope.
        counts: Counts,
        /// The head of the log.
        head: Head,
    },
    /// See [`Query::OrgUnits`].
    OrgUnits {
        /// Units ordered by code.
        units: Vec<OrgUnit>,
    },
    /// See [`Query::PartyOrganizations`].
    PartyOrganizations {
        /// Organizations ordered by id.
        organizations: Vec<PartyOrganizationView>,
    },
    /// See [`Query::LeadingGroup`].
    LeadingGroup {
        /// The group, if set.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        group: Option<LeadingGroupView>,
    },
    /// See [`Query::Person`].
    Person {
        /// The person.
        person: PersonView,
    },
    /// See [`Query::Household`].
    Household {
        /// The household.
        household: HouseholdView,
    },
    /// See [`Query::Households`].
    Households {
        /// The page.
        households: Vec<HouseholdLine>,
        /// The id to pass as `after` for the next page, when there is one.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        next_after: Option<String>,
    },
    /// See [`Query::Coverage`].
    Coverage {
        /// One line per village or community, by code.
        units: Vec<crate::coverage::UnitCoverageLine>,
        /// The sum over the lines.
        total: crate::coverage::CoverageCounts,
    },
    /// See [`Query::UncoveredHouseholds`].
    UncoveredHouseholds {
        /// The page.
        households: Vec<crate::coverage::UncoveredLine>,
        /// The id to pass as `after` for the next page, when there is one.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        next_after: Option<String>,
    },
    /// See [`Query::RevisitQueue`].
    RevisitQueue {
        /// The households, longest-waiting first.
        households: Vec<crate::coverage::UncoveredLine>,
    },
    /// See [`Query::NoHouseholdMissed`].
    NoHouseholdMissed {
        /// The survey phase's deadline, if the campaign has a survey phase.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        deadline: Option<NaiveDate>,
        /// Whether the deadline has passed at the moment asked.
        deadline_passed: bool,
        /// How many households are not covered.
        missed: u32,
        /// Every household not covered, in registration order.
        households: Vec<crate::coverage::UncoveredLine>,
    },
    /// See [`Query::ProblemList`].
    ProblemList {
        /// One line per village or community with findings, by code.
        units: Vec<crate::problem::ProblemLine>,
    },
    /// See [`Query::Visits`].
    Visits {
        /// The visits.
        visits: Vec<crate::visit::VisitView>,
    },
    /// See [`Query::MicroGrids`].
    MicroGrids {
        /// The grids, by id.
        grids: Vec<crate::micro_grid::MicroGridView>,
    },
    /// See [`Query::MemberLinks`].
    MemberLinks {
        /// The member's links.
        links: crate::micro_grid::MemberLinksView,
    },
    /// See [`Query::LinkageViolations`].
    LinkageViolations {
        /// The violations.
        violations: Vec<crate::micro_grid::LinkageViolation>,
        /// Key-person violations withheld from this actor (counted only).
        withheld: u32,
    },
    /// See [`Query::ProposeLinkPlan`].
    LinkPlanProposal {
        /// The proposal.
        proposal: crate::micro_grid::LinkPlanProposal,
    },
    /// See [`Query::MicroGridCoverage`].
    MicroGridCoverage {
        /// Per micro-grid, by id.
        grids: Vec<crate::micro_grid::GridCoverageLine>,
        /// Households linked to no micro-grid's member (or not linked).
        outside_grids: crate::coverage::CoverageCounts,
    },
    /// See [`Query::ScheduleStatus`].
    ScheduleStatus {
        /// The day (UTC+8) judged.
        day: NaiveDate,
        /// Items ordered by due date, then id.
        items: Vec<ScheduleLine>,
        /// How many are done.
        done: u32,
        /// How many are overdue.
        overdue: u32,
        /// How many are at risk.
        at_risk: u32,
        /// How many are on track.
        on_track: u32,
    },
}

pub(crate) fn answer(state: &State, head: Head, actor: &Actor, query: &Query) -> Result<QueryResult> {
    let Some(campaign) = &state.campaign else {
        return match query {
            Query::Head => Ok(QueryResult::Head { head }),
            _ => Err(Error::new(
                ErrorCode::CampaignNotOpen,
                "the campaign is not open yet: execute `openCampaign` first",
            )),
        };
    };
    let in_scope = |code: DivisionCode| actor.scope.contains(code);
    Ok(match query {
        Query::Head => QueryResult::Head { head },
        Query::CampaignSummary { at } => {
            let day = china_day(*at);
            let mut counts = Counts::default();
            for u in state.units.values().filter(|u| in_scope(u.code)) {
                match u.level {
                    OrgLevel::Village => counts.villages += 1,
                    OrgLevel::Community => counts.communities += 1,
                    _ => {}
                }
            }
            counts.party_organizations = state.party_organizations.values().filter(|o| in_scope(o.unit)).count() as u32;
            for p in state.persons.iter().filter(|p| in_scope(person_unit(state, p))) {
                counts.persons += 1;
                counts.party_members += u32::from(p.political_status.is_party_member());
                counts.residents += u32::from(p.household.is_some());
                counts.key_persons += u32::from(!p.key_person_tags.is_empty());
            }
            counts.households = state.households.iter().filter(|h| in_scope(h.unit)).count() as u32;
            QueryResult::CampaignSummary {
                title: campaign.title.clone(),
                theme: campaign.theme.clone(),
                subdistrict: state.units.get(&campaign.subdistrict.code).cloned().unwrap_or(OrgUnit {
                    code: campaign.subdistrict.code,
                    level: OrgLevel::Subdistrict,
                    name: campaign.subdistrict.name.clone(),
                    parent: Some(campaign.district.code),
                }),
                day,
                current_phases: campaign
                    .phases
                    .iter()
                    .filter(|p| p.start <= day && day <= p.due)
                    .map(|p| p.phase)
                    .collect(),
                phases: campaign.phases.clone(),
                counts,
                head,
            }
        }
        Query::OrgUnits { level } => QueryResult::OrgUnits {
            units: state
                .units
                .values()
                .filter(|u| in_scope(u.code) && level.is_none_or(|l| l == u.level))
                .cloned()
                .collect(),
        },
        Query::PartyOrganizations => {
            let mut members = std::collections::BTreeMap::<&str, u32>::new();
            for p in state.persons.iter() {
                if let Some(org) = &p.party_organization {
                    *members.entry(org.as_str()).or_default() += 1;
                }
            }
            QueryResult::PartyOrganizations {
                organizations: state
                    .party_organizations
                    .values()
                    .filter(|o| in_scope(o.unit))
                    .map(|o| PartyOrganizationView {
                        id: o.id.clone(),
                        kind: o.kind,
                        name: o.name.clone(),
                        unit: o.unit,
                        secretary: o.secretary.as_deref().map(|s| named(state, s)),
                        two_committees: o.two_committees.clone(),
                        members: members.get(o.id.as_str()).copied().unwrap_or(0),
                    })
                    .collect(),
            }
        }
        Query::LeadingGroup => {
            QueryResult::LeadingGroup { group: state.leading_group.as_ref().map(|g| leading_group_view(state, g)) }
        }
        Query::Person { id } => {
            let p = state.persons.get(id).ok_or_else(|| Error::not_found("person", id, "query.id"))?;
            actor.require_scope(person_unit(state, p), "query.id")?;
            QueryResult::Person { person: person_view(state, actor, p) }
        }
        Query::Household { id } => {
            let h = state.households.get(id).ok_or_else(|| Error::not_found("household", id, "query.id"))?;
            actor.require_scope(h.unit, "query.id")?;
            QueryResult::Household { household: household_view(state, actor, h) }
        }
        Query::Households { unit, after, limit } => {
            let unit = unit_filter(actor, unit.as_deref())?;
            let limit = page_limit(*limit)?;
            // Pages follow registration order, which is the same live, on replay and after a restore.
            let rows = match after {
                Some(a) if state.households.contains_key(a) => state.households.after(a),
                Some(a) => return Err(Error::not_found("household", a, "query.after")),
                None => state.households.iter().as_slice(),
            };
            let mut households = Vec::new();
            let mut next_after = None;
            for h in rows.iter().filter(|h| in_scope(h.unit) && unit.is_none_or(|u| u == h.unit)) {
                if households.len() == limit as usize {
                    next_after = households.last().map(|l: &HouseholdLine| l.id.clone());
                    break;
                }
                households.push(HouseholdLine::of(h));
            }
            QueryResult::Households { households, next_after }
        }
        Query::Coverage { unit } => crate::coverage::coverage(state, actor, unit.as_deref())?,
        Query::UncoveredHouseholds { unit, after, limit } => {
            crate::coverage::uncovered(state, actor, unit.as_deref(), after.as_deref(), *limit)?
        }
        Query::RevisitQueue { unit, limit } => crate::coverage::revisit_queue(state, actor, unit.as_deref(), *limit)?,
        Query::NoHouseholdMissed { at, unit } => {
            crate::coverage::no_household_missed(state, actor, *at, unit.as_deref())?
        }
        Query::ProblemList { unit } => crate::problem::problem_list(state, actor, unit.as_deref())?,
        Query::Visits { household } => crate::visit::visits_of(state, actor, household)?,
        Query::MicroGrids { unit } => crate::micro_grid::micro_grids(state, actor, unit.as_deref())?,
        Query::MemberLinks { member } => crate::micro_grid::member_links(state, actor, member)?,
        Query::LinkageViolations { unit } => crate::micro_grid::violations(state, actor, unit.as_deref())?,
        Query::ProposeLinkPlan { unit, count, seed } => {
            crate::micro_grid::propose(state, actor, head.seq, unit.as_deref(), *count, *seed)?
        }
        Query::MicroGridCoverage { unit } => crate::micro_grid::grid_coverage(state, actor, unit.as_deref())?,
        Query::ScheduleStatus { at, at_risk_days } => {
            let day = china_day(*at);
            let window = at_risk_days.unwrap_or(7);
            let mut items: Vec<ScheduleLine> = state
                .schedule
                .values()
                .map(|item| ScheduleLine { status: item.status_on(day, window), item: item.clone() })
                .collect();
            items.sort_by(|a, b| (a.item.due, &a.item.id).cmp(&(b.item.due, &b.item.id)));
            let count = |s: ScheduleStatus| items.iter().filter(|l| l.status == s).count() as u32;
            QueryResult::ScheduleStatus {
                day,
                done: count(ScheduleStatus::Done),
                overdue: count(ScheduleStatus::Overdue),
                at_risk: count(ScheduleStatus::AtRisk),
                on_track: count(ScheduleStatus::OnTrack),
                items,
            }
        }
    })
}

/// The village or community a query narrows to, checked against the actor's scope.
pub(crate) fn unit_filter(actor: &Actor, unit: Option<&str>) -> Result<Option<DivisionCode>> {
    let unit = unit.map(|u| DivisionCode::parse(u, "query.unit")).transpose()?;
    if let Some(u) = unit {
        actor.require_scope(u, "query.unit")?;
    }
    Ok(unit)
}

/// A page size: default 100, at most 10,000.
pub(crate) fn page_limit(limit: Option<u32>) -> Result<u32> {
    let limit = limit.unwrap_or(100);
    if limit == 0 || limit > 10_000 {
        return Err(Error::invalid_field("query.limit", "`limit` must be between 1 and 10000"));
    }
    Ok(limit)
}

/// A person's id with their name (empty when unknown).
pub(crate) fn named(state: &State, id: &str) -> NamedPerson {
    NamedPerson { id: id.to_string(), name: state.persons.get(id).map(|p| p.name.clone()).unwrap_or_default() }
}

fn leading_group_view(state: &State, g: &LeadingGroup) -> LeadingGroupView {
    LeadingGroupView {
        leader: named(state, &g.leader),
        first_deputy: named(state, &g.first_deputy),
        deputies: g.deputies.iter().map(|d| named(state, d)).collect(),
        executive_deputy: named(state, &g.executive_deputy),
        member_units: g
            .member_units
            .iter()
            .map(|u| NamedPerson {
                id: u.clone(),
                name: state.party_organizations.get(u).map(|o| o.name.clone()).unwrap_or_default(),
            })
            .collect(),
        office_director: named(state, &g.office_director),
    }
}

/// A person as `actor` may see them: sensitive fields in full only for roles that may see them,
/// inside their scope.
pub(crate) fn person_view(state: &State, actor: &Actor, p: &Person) -> PersonView {
    let full = actor.sees_sensitive_in(person_unit(state, p));
    PersonView {
        id: p.id.clone(),
        name: p.name.clone(),
        unit: p.unit,
        id_number: p.id_number.as_ref().map(|n| if full { n.as_str().to_string() } else { n.masked() }),
        mobile: p.mobile.as_ref().map(|m| if full { m.as_str().to_string() } else { m.masked() }),
        political_status: p.political_status,
        party_organization: p.party_organization.clone(),
        helper_roles: p.helper_roles,
        key_person_tags: full.then_some(p.key_person_tags),
        masked: !full,
        household: p.household.clone(),
    }
}

fn household_view(state: &State, actor: &Actor, h: &Household) -> HouseholdView {
    HouseholdView {
        id: h.id.clone(),
        address: h.address.clone(),
        unit: h.unit,
        building: h.building.clone(),
        location: h.location,
        key_place: h.key_place,
        residents: h
            .residents
            .iter()
            .filter_map(|r| state.persons.get(r))
            .map(|p| person_view(state, actor, p))
            .collect(),
    }
}
