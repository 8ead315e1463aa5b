//! The queries of this area: one payload type each, with its permission and its answer.

use super::{
    LeadingGroup, OrgUnit, OrganizationState, PartyOrgKind, ScheduleItem, ScheduleStatus, TeamMember, china_day,
};
use crate::engine::division_code::{CommitteeKind, DivisionCode, OrgLevel};
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The organization units inside the actor's scope, optionally of one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgUnitsQuery {
    /// Only this level.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<OrgLevel>,
}

/// The party organizations inside the actor's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PartyOrganizationsQuery {}

/// The leading group with names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeadingGroupQuery {}

/// Where each schedule item stands at `at`: done, overdue, at risk (due within `atRiskDays`,
/// default 7) or on track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleStatusQuery {
    /// The moment to judge at (its UTC+8 day counts).
    pub at: DateTime<FixedOffset>,
    /// The at-risk window in days.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at_risk_days: Option<u32>,
}

/// The answer to [`OrgUnitsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnitsResult {
    /// Units ordered by code.
    pub units: Vec<OrgUnitView>,
}

/// One organization unit as [`OrgUnitsQuery`] answers it: the recorded unit and what its code says
/// it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrgUnitView {
    /// The division code (the unit's id).
    pub code: DivisionCode,
    /// The tier.
    pub level: OrgLevel,
    /// For a village or community, the kind its village digits name (a residents' or villagers'
    /// committee, or a unit comparable to one); derived from the code, never recorded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<CommitteeKind>,
    /// The unit's name.
    pub name: String,
    /// The unit directly above, `None` for the city.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<DivisionCode>,
}

impl From<&OrgUnit> for OrgUnitView {
    fn from(u: &OrgUnit) -> Self {
        OrgUnitView {
            code: u.code,
            level: u.level,
            kind: u.code.committee_kind(),
            name: u.name.clone(),
            parent: u.parent,
        }
    }
}

/// See [`PartyOrganizationsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PartyOrganizationsResult {
    /// Organizations ordered by id.
    pub organizations: Vec<PartyOrganizationView>,
}

/// See [`LeadingGroupQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadingGroupResult {
    /// The group, if set.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<LeadingGroupView>,
}

/// See [`ScheduleStatusQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleStatusResult {
    /// The day (UTC+8) judged.
    pub day: NaiveDate,
    /// Items ordered by due date, then id.
    pub items: Vec<ScheduleLine>,
    /// How many are done.
    pub done: u32,
    /// How many are overdue.
    pub overdue: u32,
    /// How many are at risk.
    pub at_risk: u32,
    /// How many are on track.
    pub on_track: u32,
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

/// A schedule item with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLine {
    /// The item.
    pub item: ScheduleItem,
    /// Its status.
    pub status: ScheduleStatus,
}

crate::engine::guarded! {
    OrgUnitsQuery => Read, "read organization units", Filtered;
    PartyOrganizationsQuery => Read, "read party organizations", Filtered;
    LeadingGroupQuery => Read, "read the leading group", Campaign;
    ScheduleStatusQuery => Read, "read the schedule", Campaign;
}

impl<S: OrganizationState> Answer<S> for OrgUnitsQuery {
    type Output = OrgUnitsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<OrgUnitsResult> {
        Ok(OrgUnitsResult {
            units: state
                .organization()
                .units
                .values()
                .filter(|u| cx.actor.scope.contains(u.code) && self.level.is_none_or(|l| l == u.level))
                .map(OrgUnitView::from)
                .collect(),
        })
    }
}

impl<S: OrganizationState> Answer<S> for PartyOrganizationsQuery {
    type Output = PartyOrganizationsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<PartyOrganizationsResult> {
        let members = state.roster().members_per_organization();
        Ok(PartyOrganizationsResult {
            organizations: state
                .organization()
                .party_organizations
                .values()
                .filter(|o| cx.actor.scope.contains(o.unit))
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
        })
    }
}

impl<S: OrganizationState> Answer<S> for LeadingGroupQuery {
    type Output = LeadingGroupResult;
    fn answer(&self, state: &S, _: &QueryContext<'_>) -> Result<LeadingGroupResult> {
        Ok(LeadingGroupResult {
            group: state.organization().leading_group.as_ref().map(|g| leading_group_view(state, g)),
        })
    }
}

impl<S: OrganizationState> Answer<S> for ScheduleStatusQuery {
    type Output = ScheduleStatusResult;
    fn answer(&self, state: &S, _: &QueryContext<'_>) -> Result<ScheduleStatusResult> {
        let day = china_day(self.at);
        let window = self.at_risk_days.unwrap_or(7);
        let mut items: Vec<ScheduleLine> = state
            .organization()
            .schedule
            .values()
            .map(|item| ScheduleLine { status: item.status_on(day, window), item: item.clone() })
            .collect();
        items.sort_by(|a, b| (a.item.due, &a.item.id).cmp(&(b.item.due, &b.item.id)));
        let count = |s: ScheduleStatus| items.iter().filter(|l| l.status == s).count() as u32;
        Ok(ScheduleStatusResult {
            day,
            done: count(ScheduleStatus::Done),
            overdue: count(ScheduleStatus::Overdue),
            at_risk: count(ScheduleStatus::AtRisk),
            on_track: count(ScheduleStatus::OnTrack),
            items,
        })
    }
}

/// A person's id with their name (empty when unknown).
pub(crate) fn named(state: &impl OrganizationState, id: &str) -> NamedPerson {
    NamedPerson { id: id.to_string(), name: state.roster().person(id).map(|p| p.name.to_string()).unwrap_or_default() }
}

fn leading_group_view(state: &impl OrganizationState, g: &LeadingGroup) -> LeadingGroupView {
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
                name: state.organization().party_organizations.get(u).map(|o| o.name.clone()).unwrap_or_default(),
            })
            .collect(),
        office_director: named(state, &g.office_director),
    }
}
