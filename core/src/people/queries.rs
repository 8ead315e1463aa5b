//! The queries of this area: one payload type each, with its permission and its answer.

use super::{HelperRole, Household, KeyPersonTag, KeyPlace, Location, PeopleState, Person, PoliticalStatus};
use crate::engine::access::Actor;
use crate::engine::campaign::Head;
use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, Result};
use crate::engine::flag_set::FlagSet;
use crate::engine::{Answer, QueryContext};
use crate::organization::{OrgUnit, Phase, PhasePlan, china_day};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The campaign at a glance: theme, phase at `at`, counts inside the actor's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignSummaryQuery {
    /// The moment whose phase to report.
    pub at: DateTime<FixedOffset>,
}

/// One person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PersonQuery {
    /// The person's id.
    pub id: String,
}

/// One household with its residents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdQuery {
    /// The household's id.
    pub id: String,
}

/// A page of households inside the actor's scope, in registration order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdsQuery {
    /// Only this village or community (division code).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Start after this household id (the last id of the previous page).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// See [`CampaignSummaryQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummaryResult {
    /// Title.
    pub title: String,
    /// Theme.
    pub theme: String,
    /// The sub-district.
    pub subdistrict: OrgUnit,
    /// The day (UTC+8) the summary is for.
    pub day: NaiveDate,
    /// The phases under way on that day.
    pub current_phases: Vec<Phase>,
    /// All phases.
    pub phases: Vec<PhasePlan>,
    /// Counts inside the actor's scope.
    pub counts: Counts,
    /// The head of the log.
    pub head: Head,
}

/// See [`PersonQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonResult {
    /// The person.
    pub person: PersonView,
}

/// See [`HouseholdQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdResult {
    /// The household.
    pub household: HouseholdView,
}

/// See [`HouseholdsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdsResult {
    /// The page.
    pub households: Vec<HouseholdLine>,
    /// The id to pass as `after` for the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
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

crate::engine::guarded! {
    CampaignSummaryQuery => Read, "read the campaign summary", Campaign;
    PersonQuery => Read, "read persons";
    HouseholdQuery => Read, "read households";
    HouseholdsQuery => Read, "read households", Filtered;
}

impl<S: PeopleState> Answer<S> for CampaignSummaryQuery {
    type Output = CampaignSummaryResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<CampaignSummaryResult> {
        let in_scope = |code: DivisionCode| cx.actor.scope.contains(code);
        let org = state.organization();
        let people = state.people();
        let campaign = org.open_campaign()?;
        let day = china_day(self.at);
        let mut counts = Counts::default();
        for u in org.units.values().filter(|u| in_scope(u.code)) {
            match u.level {
                OrgLevel::Village => counts.villages += 1,
                OrgLevel::Community => counts.communities += 1,
                OrgLevel::City | OrgLevel::District | OrgLevel::Subdistrict => {}
            }
        }
        counts.party_organizations = org.party_organizations.values().filter(|o| in_scope(o.unit)).count() as u32;
        for p in people.persons.iter().filter(|p| in_scope(people.person_unit(p))) {
            counts.persons += 1;
            counts.party_members += u32::from(p.political_status.is_party_member());
            counts.residents += u32::from(p.household.is_some());
            counts.key_persons += u32::from(!p.key_person_tags.is_empty());
        }
        counts.households = people.households.iter().filter(|h| in_scope(h.unit)).count() as u32;
        Ok(CampaignSummaryResult {
            title: campaign.title.clone(),
            theme: campaign.theme.clone(),
            subdistrict: org.units.get(&campaign.subdistrict.code).cloned().unwrap_or(OrgUnit {
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
            head: cx.head,
        })
    }
}

impl<S: PeopleState> Answer<S> for PersonQuery {
    type Output = PersonResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<PersonResult> {
        let people = state.people();
        let p = people.persons.get(&self.id).ok_or_else(|| Error::not_found("person", &self.id, "query.id"))?;
        cx.actor.require_scope(people.person_unit(p), "query.id")?;
        Ok(PersonResult { person: person_view(state, cx.actor, p) })
    }
}

impl<S: PeopleState> Answer<S> for HouseholdQuery {
    type Output = HouseholdResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<HouseholdResult> {
        let h = state
            .people()
            .households
            .get(&self.id)
            .ok_or_else(|| Error::not_found("household", &self.id, "query.id"))?;
        cx.actor.require_scope(h.unit, "query.id")?;
        Ok(HouseholdResult { household: household_view(state, cx.actor, h) })
    }
}

impl<S: PeopleState> Answer<S> for HouseholdsQuery {
    type Output = HouseholdsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<HouseholdsResult> {
        let households_table = &state.people().households;
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let limit = page_limit(self.limit)?;
        // Pages follow registration order, which is the same live, on replay and after a restore.
        let rows = match &self.after {
            Some(a) if households_table.contains_key(a) => households_table.after(a),
            Some(a) => return Err(Error::not_found("household", a, "query.after")),
            None => households_table.iter().as_slice(),
        };
        let mut households = Vec::new();
        let mut next_after = None;
        for h in rows.iter().filter(|h| cx.actor.scope.contains(h.unit) && unit.is_none_or(|u| u == h.unit)) {
            if households.len() == limit as usize {
                next_after = households.last().map(|l: &HouseholdLine| l.id.clone());
                break;
            }
            households.push(HouseholdLine::of(h));
        }
        Ok(HouseholdsResult { households, next_after })
    }
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
    crate::engine::page::page_limit(limit).map(|n| n as u32)
}

/// A person as `actor` may see them: sensitive fields in full only for roles that may see them,
/// inside their scope.
pub(crate) fn person_view(state: &impl PeopleState, actor: &Actor, p: &Person) -> PersonView {
    let full = actor.sees_sensitive_in(state.people().person_unit(p));
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

fn household_view(state: &impl PeopleState, actor: &Actor, h: &Household) -> HouseholdView {
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
            .filter_map(|r| state.people().persons.get(r))
            .map(|p| person_view(state, actor, p))
            .collect(),
    }
}
