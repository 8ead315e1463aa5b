//! Study, pledges and volunteer service (学查改齐头并进, 三(一)3; 公开承诺践诺, 志愿服务、移风易俗, 三(二)4):
//! study and training sessions with their attendees, members' public pledges (made → fulfilled →
//! verified by someone else, or overdue), and volunteer activities with each participant's hours and
//! the kind of place. `docs/RECTIFICATION.md` has the design.
//!
//! Depends on the engine, `organization` and `people`.

mod commands;
mod events;
mod queries;

pub use commands::*;
pub use events::*;
pub use queries::*;

use crate::engine::division_code::DivisionCode;
use crate::people::{PeopleEvents, PeopleState};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a study session is about (学党史、学理论、学政策、学法规; the cadre training plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum StudyTopic {
    /// 学党史: party history.
    PartyHistory,
    /// 学理论: theory.
    Theory,
    /// 学政策: policy.
    Policy,
    /// 学法规: laws and regulations.
    Law,
    /// 干部培训: cadre training.
    CadreTraining,
    /// Anything else.
    Other,
}

/// A study or training session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StudySession {
    /// Its id, unique in the campaign.
    pub id: String,
    /// What it is about.
    pub topic: StudyTopic,
    /// Its title.
    pub title: String,
    /// The day it was held.
    pub on: NaiveDate,
    /// The party organization that held it.
    pub organizer: String,
    /// Who attended (person ids, registered inside the organizer's unit).
    pub attendees: Vec<String>,
}

/// Where a pledge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PledgeStatus {
    /// Made publicly (承诺), not yet fulfilled.
    Made,
    /// Reported fulfilled (践诺), waiting to be verified.
    Fulfilled,
    /// Verified by someone else.
    Verified,
}

/// A party member's public pledge (公开承诺).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PledgeDraft {
    /// Its id, unique in the campaign.
    pub id: String,
    /// The party member (a person id).
    pub member: String,
    /// What is pledged.
    pub text: String,
    /// By when.
    pub due: NaiveDate,
}

/// A step of a pledge after it was made: fulfilled, or verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PledgeStep {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who (the host's user id).
    pub by: String,
    /// What was done, or found.
    pub text: String,
}

/// A pledge and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pledge {
    /// Its id.
    pub id: String,
    /// The party member.
    pub member: String,
    /// The member's party organization, when recorded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organization: Option<String>,
    /// The member's village or community (or the sub-district).
    pub unit: DivisionCode,
    /// What is pledged.
    pub text: String,
    /// By when.
    pub due: NaiveDate,
    /// Where it stands.
    pub status: PledgeStatus,
    /// The latest report that it is fulfilled.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fulfilled: Option<PledgeStep>,
    /// Verifications that failed (the pledge went back to made).
    #[serde(default)]
    pub failed_verifications: Vec<PledgeStep>,
    /// The verification that passed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub verified: Option<PledgeStep>,
}

/// The kind of place a volunteer activity is held in (进农村社区、企业商圈、学校医院).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum VolunteerPlace {
    /// 进农村社区: villages and communities.
    VillageCommunity,
    /// 进企业商圈: enterprises and business districts.
    EnterpriseBusiness,
    /// 进学校医院: schools and hospitals.
    SchoolHospital,
}

/// What a volunteer activity is against or for (移风易俗; 反邪教、反迷信、扫黄赌毒、反电诈).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum VolunteerTheme {
    /// Against cults (邪教).
    Cults,
    /// Against superstition (封建迷信).
    Superstition,
    /// Against pornography and gambling (黄赌).
    PornographyGambling,
    /// Against drugs (毒).
    Drugs,
    /// Against telecom fraud (电信网络诈骗).
    TelecomFraud,
    /// Civilization practice, changing customs (文明实践、移风易俗).
    Civilization,
    /// Anything else.
    Other,
}

/// One participant of a volunteer activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VolunteerParticipant {
    /// The person.
    pub person: String,
    /// Hours served, in half hours (0.5 to 24).
    pub hours: f64,
}

/// A volunteer service activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VolunteerActivity {
    /// Its id, unique in the campaign.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The day it was held.
    pub on: NaiveDate,
    /// The party organization that held it.
    pub organizer: String,
    /// The kind of place.
    pub place: VolunteerPlace,
    /// What it is about.
    pub theme: VolunteerTheme,
    /// Who took part and for how long (registered inside the organizer's unit).
    pub participants: Vec<VolunteerParticipant>,
}

/// This area's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participation {
    /// Study sessions, by id.
    #[serde(default)]
    pub sessions: BTreeMap<String, StudySession>,
    /// Pledges, by id.
    #[serde(default)]
    pub pledges: BTreeMap<String, Pledge>,
    /// Volunteer activities, by id.
    #[serde(default)]
    pub activities: BTreeMap<String, VolunteerActivity>,
}

impl Participation {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty() && self.pledges.is_empty() && self.activities.is_empty()
    }
}

/// A state that holds this area's part.
pub trait ParticipationState: PeopleState {
    /// This area's part.
    fn participation(&self) -> &Participation;
    /// This area's part, to apply an event.
    fn participation_mut(&mut self) -> &mut Participation;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait ParticipationEvents: PeopleEvents;
    StudySessionRecorded, PledgeMade, PledgeFulfilled, PledgeVerified, VolunteerActivityRecorded,
}
