//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{
    ParticipationEvents, ParticipationState, Pledge, PledgeDraft, PledgeFulfilled, PledgeMade, PledgeStatus,
    PledgeVerified, StudySession, StudySessionRecorded, VolunteerActivity, VolunteerActivityRecorded,
};
use crate::calendar::local_date;
use crate::engine::check::{new_id, text};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::organization::PartyOrganization;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Records a study or training session that was held, with its attendees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordStudySession {
    /// The session.
    pub session: StudySession,
}

/// A party member makes a public pledge (公开承诺).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MakePledge {
    /// The pledge.
    pub pledge: PledgeDraft,
}

/// Reports a pledge fulfilled (践诺), saying what was done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FulfilPledge {
    /// The pledge.
    pub pledge: String,
    /// What was done.
    pub done: String,
}

/// Verifies a pledge reported fulfilled: someone other than whoever reported it. A failure makes it
/// a pledge to fulfil again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyPledge {
    /// The pledge.
    pub pledge: String,
    /// Whether it passed.
    pub passed: bool,
    /// What was found.
    pub note: String,
}

/// Records a volunteer service activity that was held, with each participant's hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordVolunteerActivity {
    /// The activity.
    pub activity: VolunteerActivity,
}

crate::engine::guarded! {
    RecordStudySession => RecordParticipation, "record study, pledges and volunteer service";
    MakePledge => RecordParticipation, "record study, pledges and volunteer service";
    FulfilPledge => RecordParticipation, "record study, pledges and volunteer service";
    VerifyPledge => RecordParticipation, "record study, pledges and volunteer service";
    RecordVolunteerActivity => RecordParticipation, "record study, pledges and volunteer service";
}

/// At most this many attendees or participants of one session or activity, and records of each kind.
const MAX_PEOPLE: usize = 5_000;
const MAX_RECORDS: usize = 100_000;

/// A day already past or today: sessions and activities are recorded once held.
fn held(on: NaiveDate, cx: &Context<'_>, field: &str) -> Result<()> {
    if on > local_date(cx.at) {
        return Err(Error::invalid_field(field, format!("{on} is still to come: record it once it is held")));
    }
    Ok(())
}

/// The people of a session or activity: registered, each once, inside the organizer's unit.
fn check_people<'a, S: ParticipationState>(
    state: &S,
    o: &PartyOrganization,
    people: impl ExactSizeIterator<Item = &'a mut String>,
    field: &str,
) -> Result<()> {
    if people.len() == 0 || people.len() > MAX_PEOPLE {
        return Err(Error::invalid_field(field, "from 1 to 5,000 people"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, id) in people.enumerate() {
        *id = id.trim().to_string();
        let at = format!("{field}[{i}]");
        let p = state.people().existing_person(id, &at)?;
        if !o.unit.contains(state.people().person_unit(p)) {
            return Err(Error::rule(
                "participation.attendeesOfTheOrganization",
                format!("person `{id}` is not registered inside the unit of `{}`", o.id),
            )
            .at_field(at));
        }
        if !seen.insert(id.clone()) {
            return Err(Error::invalid_field(&at, format!("person `{id}` is listed twice")));
        }
    }
    Ok(())
}

impl<S: ParticipationState, E: ParticipationEvents> Decide<S, E> for RecordStudySession {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut s = self.session;
        let o = state.organization().org_in_scope(cx.actor, &s.organizer, "command.session.organizer")?;
        let sessions = &state.participation().sessions;
        s.id = new_id(&s.id, sessions.contains_key(s.id.trim()), "study session", "command.session.id")?;
        if sessions.len() >= MAX_RECORDS {
            return Err(Error::rule("participation.recordsBounded", "the campaign holds 100,000 study sessions")
                .at_field("command.session"));
        }
        s.title = text(&s.title, "command.session.title", 200)?;
        held(s.on, cx, "command.session.on")?;
        check_people(state, o, s.attendees.iter_mut(), "command.session.attendees")?;
        s.organizer = o.id.clone();
        Ok(vec![StudySessionRecorded { session: s }.into()])
    }
}

impl<S: ParticipationState, E: ParticipationEvents> Decide<S, E> for MakePledge {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut d = self.pledge;
        let pledges = &state.participation().pledges;
        d.id = new_id(&d.id, pledges.contains_key(d.id.trim()), "pledge", "command.pledge.id")?;
        if pledges.len() >= MAX_RECORDS {
            return Err(Error::rule("participation.recordsBounded", "the campaign holds 100,000 pledges")
                .at_field("command.pledge"));
        }
        let member = state.people().existing_person(d.member.trim(), "command.pledge.member")?;
        let unit = state.people().person_unit(member);
        cx.actor.require_scope(unit, "command.pledge.member")?;
        if !member.political_status.is_party_member() {
            return Err(Error::rule(
                "participation.pledgeByAMember",
                format!("person `{}` is not a party member: public pledges are party members'", member.id),
            )
            .at_field("command.pledge.member"));
        }
        if d.due < local_date(cx.at) {
            return Err(Error::invalid_field("command.pledge.due", format!("the due date {} is already past", d.due)));
        }
        d.member = member.id.clone();
        d.text = text(&d.text, "command.pledge.text", 1000)?;
        Ok(vec![PledgeMade { pledge: d, organization: member.party_organization.clone(), unit }.into()])
    }
}

/// Pledge `id` inside the actor's scope, in `status`.
fn pledge<'a, S: ParticipationState>(
    state: &'a S,
    cx: &Context<'_>,
    id: &str,
    status: PledgeStatus,
    what: &str,
) -> Result<&'a Pledge> {
    let id = id.trim();
    let p = state.participation().pledges.get(id).ok_or_else(|| Error::not_found("pledge", id, "command.pledge"))?;
    cx.actor.require_scope(p.unit, "command.pledge")?;
    if p.status != status {
        return Err(Error::transition("participation.pledgeTransitionAllowed", format!("pledge `{id}`: {what}"))
            .at_field("command.pledge"));
    }
    Ok(p)
}

impl<S: ParticipationState, E: ParticipationEvents> Decide<S, E> for FulfilPledge {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = pledge(state, cx, &self.pledge, PledgeStatus::Made, "only a pledge made and not yet fulfilled is")?;
        if p.failed_verifications.len() >= 100 {
            return Err(Error::rule(
                "participation.recordsBounded",
                "a pledge failed 100 verifications: make a new pledge instead",
            )
            .at_field("command.pledge"));
        }
        let text = text(&self.done, "command.done", 2000)?;
        Ok(vec![PledgeFulfilled { pledge: p.id.clone(), text, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: ParticipationState, E: ParticipationEvents> Decide<S, E> for VerifyPledge {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p =
            pledge(state, cx, &self.pledge, PledgeStatus::Fulfilled, "only a pledge reported fulfilled is verified")?;
        if p.fulfilled.as_ref().is_some_and(|f| f.by.trim() == cx.actor.id.trim()) {
            return Err(Error::denied(
                "participation.pledgeVerifiedByAnother",
                format!("pledge `{}` is verified by someone other than whoever reported it fulfilled", p.id),
            )
            .at_field("actor.id"));
        }
        let text = text(&self.note, "command.note", 2000)?;
        Ok(vec![PledgeVerified { pledge: p.id.clone(), passed: self.passed, text, by: cx.actor.id.clone() }.into()])
    }
}

impl<S: ParticipationState, E: ParticipationEvents> Decide<S, E> for RecordVolunteerActivity {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let mut a = self.activity;
        let o = state.organization().org_in_scope(cx.actor, &a.organizer, "command.activity.organizer")?;
        let activities = &state.participation().activities;
        a.id = new_id(&a.id, activities.contains_key(a.id.trim()), "volunteer activity", "command.activity.id")?;
        if activities.len() >= MAX_RECORDS {
            return Err(Error::rule("participation.recordsBounded", "the campaign holds 100,000 volunteer activities")
                .at_field("command.activity"));
        }
        a.title = text(&a.title, "command.activity.title", 200)?;
        held(a.on, cx, "command.activity.on")?;
        for (i, p) in a.participants.iter().enumerate() {
            // Half hours, so that sums are exact.
            if !(p.hours.is_finite() && p.hours > 0.0 && p.hours <= 24.0 && (p.hours * 2.0).fract() == 0.0) {
                return Err(Error::invalid_field(
                    &format!("command.activity.participants[{i}].hours"),
                    "hours are counted in half hours, from 0.5 to 24",
                ));
            }
        }
        check_people(state, o, a.participants.iter_mut().map(|p| &mut p.person), "command.activity.participants")?;
        a.organizer = o.id.clone();
        Ok(vec![VolunteerActivityRecorded { activity: a }.into()])
    }
}
