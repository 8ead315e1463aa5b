//! The queries of this area: study attendance, pledges and volunteer hours, per organization and
//! per member, inside the actor's scope (members paged).

use super::{ParticipationState, Pledge, PledgeStatus, StudyTopic, VolunteerPlace, VolunteerTheme};
use crate::calendar::local_date;
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use crate::people::page_limit;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Unbounded};

/// Study attendance between two days, per organization and per member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StudyAttendanceQuery {
    /// From this day.
    pub from: NaiveDate,
    /// To this day, included.
    pub to: NaiveDate,
    /// Members: start after this person id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// Members: at most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// One organization's study sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationStudy {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Sessions held, per topic.
    pub sessions: BTreeMap<StudyTopic, u32>,
    /// Attendances in all (one per attendee per session).
    pub attendances: u32,
    /// Different people who attended.
    pub attendees: u32,
}

/// One person's study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberStudy {
    /// The person.
    pub person: String,
    /// Their name.
    pub name: String,
    /// Sessions attended.
    pub sessions: u32,
}

/// See [`StudyAttendanceQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StudyAttendanceResult {
    /// Per organization that held sessions, by id.
    pub organizations: Vec<OrganizationStudy>,
    /// Per person who attended, by id (the page).
    pub members: Vec<MemberStudy>,
    /// The person id to pass as `after` for the next page of members, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// Pledges inside the actor's scope, by id, with whether each is overdue at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PledgesQuery {
    /// The moment.
    pub at: DateTime<FixedOffset>,
    /// Only the pledges of this party organization's members.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization: Option<String>,
    /// Start after this pledge id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// A pledge as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PledgeLine {
    /// The pledge (verifiers' notes blank for roles that do not see sensitive data).
    pub pledge: Pledge,
    /// The member's name.
    pub member_name: String,
    /// Not fulfilled and past its due date.
    pub overdue: bool,
}

/// How many pledges stand where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PledgeCounts {
    /// Made, not yet fulfilled.
    pub made: u32,
    /// Reported fulfilled.
    pub fulfilled: u32,
    /// Verified.
    pub verified: u32,
    /// Made and past due.
    pub overdue: u32,
}

/// See [`PledgesQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PledgesResult {
    /// Counts over every pledge the query selects (not only the page).
    pub counts: PledgeCounts,
    /// The page.
    pub pledges: Vec<PledgeLine>,
    /// The pledge id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// Volunteer hours between two days, per organization and per member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VolunteerHoursQuery {
    /// From this day.
    pub from: NaiveDate,
    /// To this day, included.
    pub to: NaiveDate,
    /// Members: start after this person id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// Members: at most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// One organization's volunteer service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationService {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Activities held.
    pub activities: u32,
    /// Hours served in all.
    pub hours: f64,
    /// Hours per kind of place.
    pub by_place: BTreeMap<VolunteerPlace, f64>,
    /// Hours per theme.
    pub by_theme: BTreeMap<VolunteerTheme, f64>,
}

/// One person's volunteer service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberService {
    /// The person.
    pub person: String,
    /// Their name.
    pub name: String,
    /// Activities taken part in.
    pub activities: u32,
    /// Hours served.
    pub hours: f64,
}

/// See [`VolunteerHoursQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VolunteerHoursResult {
    /// Per organization that held activities, by id.
    pub organizations: Vec<OrganizationService>,
    /// Per person who took part, by id (the page).
    pub members: Vec<MemberService>,
    /// The person id to pass as `after` for the next page of members, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

crate::engine::guarded! {
    StudyAttendanceQuery => Read, "read the campaign", Filtered;
    PledgesQuery => Read, "read the campaign", Filtered;
    VolunteerHoursQuery => Read, "read the campaign", Filtered;
}

/// `from` is not after `to`.
fn period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if from > to {
        return Err(Error::invalid_field("query.to", format!("{to} is before {from}")));
    }
    Ok(())
}

/// The unit of organization `id`, if it is inside the actor's scope.
fn organizer_in_scope<S: ParticipationState>(state: &S, cx: &QueryContext<'_>, id: &str) -> bool {
    state.organization().party_organizations.get(id).is_some_and(|o| cx.actor.scope.contains(o.unit))
}

/// The name of organization `id`.
fn organization_name<S: ParticipationState>(state: &S, id: &str) -> String {
    state.organization().party_organizations.get(id).map(|o| o.name.clone()).unwrap_or_default()
}

/// The name of person `id`.
fn person_name<S: ParticipationState>(state: &S, id: &str) -> String {
    state.people().persons.get(id).map(|p| p.name.clone()).unwrap_or_default()
}

/// A page of `members` (sorted by id) after `after`, at most `limit`, and where the next starts.
fn page<'a, T>(
    members: BTreeMap<&'a str, T>,
    after: Option<&str>,
    limit: usize,
) -> (Vec<(&'a str, T)>, Option<String>) {
    let mut rest = members.into_iter().filter(|(id, _)| after.is_none_or(|a| *id > a.trim()));
    let page: Vec<(&str, T)> = rest.by_ref().take(limit).collect();
    let next = rest.next().and(page.last().map(|(id, _)| id.to_string()));
    (page, next)
}

impl<S: ParticipationState> Answer<S> for StudyAttendanceQuery {
    type Output = StudyAttendanceResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<StudyAttendanceResult> {
        period(self.from, self.to)?;
        let limit = page_limit(self.limit)? as usize;
        let mut organizations: BTreeMap<&str, OrganizationStudy> = BTreeMap::new();
        let mut members: BTreeMap<&str, u32> = BTreeMap::new();
        let mut attendees: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
        let sessions = state.participation().sessions.values();
        for s in
            sessions.filter(|s| (self.from..=self.to).contains(&s.on) && organizer_in_scope(state, cx, &s.organizer))
        {
            let o = organizations.entry(&s.organizer).or_insert_with(|| OrganizationStudy {
                organization: s.organizer.clone(),
                name: organization_name(state, &s.organizer),
                sessions: BTreeMap::new(),
                attendances: 0,
                attendees: 0,
            });
            *o.sessions.entry(s.topic).or_default() += 1;
            o.attendances += s.attendees.len() as u32;
            let seen = attendees.entry(&s.organizer).or_default();
            for a in &s.attendees {
                seen.insert(a);
                *members.entry(a).or_default() += 1;
            }
        }
        for (id, seen) in attendees {
            if let Some(o) = organizations.get_mut(id) {
                o.attendees = seen.len() as u32;
            }
        }
        let (page, next_after) = page(members, self.after.as_deref(), limit);
        Ok(StudyAttendanceResult {
            organizations: organizations.into_values().collect(),
            members: page
                .into_iter()
                .map(|(id, sessions)| MemberStudy { person: id.to_string(), name: person_name(state, id), sessions })
                .collect(),
            next_after,
        })
    }
}

impl<S: ParticipationState> Answer<S> for PledgesQuery {
    type Output = PledgesResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<PledgesResult> {
        let limit = page_limit(self.limit)? as usize;
        let today = local_date(self.at);
        let organization = self.organization.as_deref().map(str::trim);
        let selected = state
            .participation()
            .pledges
            .values()
            .filter(|p| cx.actor.scope.contains(p.unit))
            .filter(|p| organization.is_none_or(|o| p.organization.as_deref() == Some(o)));
        let overdue = |p: &Pledge| p.status == PledgeStatus::Made && today > p.due;
        let mut counts = PledgeCounts::default();
        for p in selected.clone() {
            match p.status {
                PledgeStatus::Made => counts.made += 1,
                PledgeStatus::Fulfilled => counts.fulfilled += 1,
                PledgeStatus::Verified => counts.verified += 1,
            }
            counts.overdue += u32::from(overdue(p));
        }
        let after = self.after.as_deref().map(str::trim);
        let mut pledges = Vec::new();
        let mut next_after = None;
        let range = state.participation().pledges.range::<str, _>((after.map_or(Unbounded, Excluded), Unbounded));
        for p in range.map(|(_, p)| p).filter(|p| cx.actor.scope.contains(p.unit)) {
            if organization.is_some_and(|o| p.organization.as_deref() != Some(o)) {
                continue;
            }
            if pledges.len() == limit {
                next_after = pledges.last().map(|l: &PledgeLine| l.pledge.id.clone());
                break;
            }
            let mut shown = p.clone();
            if !cx.actor.sees_sensitive_in(p.unit) {
                // A verifier's findings may name others; the pledge and what was done are public.
                shown.failed_verifications.iter_mut().for_each(|s| s.text.clear());
                shown.verified.iter_mut().for_each(|s| s.text.clear());
            }
            pledges.push(PledgeLine { member_name: person_name(state, &p.member), overdue: overdue(p), pledge: shown });
        }
        Ok(PledgesResult { counts, pledges, next_after })
    }
}

impl<S: ParticipationState> Answer<S> for VolunteerHoursQuery {
    type Output = VolunteerHoursResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<VolunteerHoursResult> {
        period(self.from, self.to)?;
        let limit = page_limit(self.limit)? as usize;
        let mut organizations: BTreeMap<&str, OrganizationService> = BTreeMap::new();
        let mut members: BTreeMap<&str, (u32, f64)> = BTreeMap::new();
        let activities = state.participation().activities.values();
        for a in
            activities.filter(|a| (self.from..=self.to).contains(&a.on) && organizer_in_scope(state, cx, &a.organizer))
        {
            let o = organizations.entry(&a.organizer).or_insert_with(|| OrganizationService {
                organization: a.organizer.clone(),
                name: organization_name(state, &a.organizer),
                activities: 0,
                hours: 0.0,
                by_place: BTreeMap::new(),
                by_theme: BTreeMap::new(),
            });
            // Sums start from +0.0 (never -0.0) and add half hours: exact.
            let hours: f64 = a.participants.iter().map(|p| p.hours).fold(0.0, |s, h| s + h);
            o.activities += 1;
            o.hours += hours;
            *o.by_place.entry(a.place).or_insert(0.0) += hours;
            *o.by_theme.entry(a.theme).or_insert(0.0) += hours;
            for p in &a.participants {
                let m = members.entry(&p.person).or_insert((0, 0.0));
                m.0 += 1;
                m.1 += p.hours;
            }
        }
        let (page, next_after) = page(members, self.after.as_deref(), limit);
        Ok(VolunteerHoursResult {
            organizations: organizations.into_values().collect(),
            members: page
                .into_iter()
                .map(|(id, (activities, hours))| MemberService {
                    person: id.to_string(),
                    name: person_name(state, id),
                    activities,
                    hours,
                })
                .collect(),
            next_after,
        })
    }
}
