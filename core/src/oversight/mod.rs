//! Supervision and appraisal (督查考核, 三(三)3, glossary §10), the `oversight` area (`supervision`
//! already names the listed supervision of problems, 挂牌督办): public notices (通报), unannounced
//! inspections drawn by a seeded draw anyone can recompute ("四不两直"), whose findings become problems;
//! admonition talks (约谈提醒) and accountability cases (追责问责), sensitive; lagging organizations
//! suggested from the state; the per-organization appraisal summary. `docs/OVERSIGHT.md` has the
//! design.
//!
//! Depends on the engine, `organization`, `people`, `survey`, `calendar`, `problem`, `review`,
//! `weak_and_lax`, `rectification`, `participation` and `acceptance`.

mod commands;
mod draw;
mod events;
mod lagging;
mod queries;

pub use commands::*;
pub use draw::draw;
pub use events::*;
pub use lagging::*;
pub use queries::*;

use crate::acceptance::{AcceptanceEvents, AcceptanceState};
use crate::engine::division_code::DivisionCode;
use crate::participation::ParticipationState;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An unannounced inspection as planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectionPlan {
    /// Its id.
    pub id: String,
    /// What it looks at.
    pub title: String,
    /// The villages and communities it may go to.
    pub candidates: Vec<DivisionCode>,
    /// How many of them it goes to.
    pub count: u32,
    /// The seed of the draw (0 to 999,999,999,999,999: 15 digits, which every door and JSON library
    /// carries exactly).
    pub seed: u64,
    /// The units drawn, in the order drawn: must be what the draw gives.
    pub targets: Vec<DivisionCode>,
}

/// What an inspection found in one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InspectionVisit {
    /// The unit.
    pub unit: DivisionCode,
    /// When it was visited.
    pub at: DateTime<FixedOffset>,
    /// What was found, in words (shown to roles that see sensitive data).
    pub summary: String,
    /// The problems its findings became.
    pub problems: Vec<String>,
}

/// An inspection and its visits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// As planned.
    pub plan: InspectionPlan,
    /// When it was planned, and by whom.
    pub planned_at: DateTime<FixedOffset>,
    /// Who planned it.
    pub planned_by: String,
    /// The units visited so far.
    #[serde(default)]
    pub visits: Vec<InspectionVisit>,
}

/// What kind of public notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum NoticeKind {
    /// Progress of the campaign (进展通报).
    Progress,
    /// Praise (表扬通报).
    Praise,
    /// Criticism (批评通报).
    Criticism,
}

/// A public notice (通报).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Notice {
    /// Its id.
    pub id: String,
    /// What kind.
    pub kind: NoticeKind,
    /// Its title.
    pub title: String,
    /// Its text (public: a notice is published).
    pub body: String,
    /// The organizations it names.
    #[serde(default)]
    pub organizations: Vec<String>,
}

/// An admonition talk (约谈提醒) with a lagging organization's people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Admonition {
    /// Its id.
    pub id: String,
    /// The party organization.
    pub organization: String,
    /// The persons talked to (sensitive).
    pub persons: Vec<String>,
    /// Why (sensitive).
    pub reason: String,
    /// The day of the talk.
    pub on: NaiveDate,
    /// The day its follow-up is due.
    pub follow_up: NaiveDate,
}

/// How an accountability case was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CaseOutcome {
    /// No accountability.
    NoAction,
    /// Criticism and education (批评教育).
    Criticism,
    /// An admonition or order to explain (诫勉、责令检查).
    Admonition,
    /// Party discipline or government sanctions (党纪政务处分).
    Sanction,
    /// Transferred to the judicial organs (移送司法机关).
    Referral,
}

/// An accountability case (追责问责) as opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountabilityCase {
    /// Its id.
    pub id: String,
    /// The organizations concerned.
    pub organizations: Vec<String>,
    /// The persons concerned (sensitive).
    pub persons: Vec<String>,
    /// The facts (sensitive).
    pub facts: String,
}

/// A case and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseRecord {
    /// As opened.
    pub case: AccountabilityCase,
    /// The unit holding all its organizations (its scope).
    pub unit: DivisionCode,
    /// When it was opened.
    pub opened_at: DateTime<FixedOffset>,
    /// The decision: its outcome and words (sensitive), when decided.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub decision: Option<(CaseOutcome, String, DateTime<FixedOffset>)>,
}

/// This area's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Oversight {
    /// Inspections, by id.
    #[serde(default)]
    pub inspections: BTreeMap<String, Inspection>,
    /// Notices, by id, with when they were issued.
    #[serde(default)]
    pub notices: BTreeMap<String, (Notice, DateTime<FixedOffset>)>,
    /// Admonition talks, by id.
    #[serde(default)]
    pub admonitions: BTreeMap<String, Admonition>,
    /// Accountability cases, by id.
    #[serde(default)]
    pub cases: BTreeMap<String, CaseRecord>,
}

impl Oversight {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        self.inspections.is_empty() && self.notices.is_empty() && self.admonitions.is_empty() && self.cases.is_empty()
    }
}

/// A state that holds this area's part.
pub trait OversightState: AcceptanceState + ParticipationState {
    /// This area's part.
    fn oversight(&self) -> &Oversight;
    /// This area's part, to apply an event.
    fn oversight_mut(&mut self) -> &mut Oversight;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait OversightEvents: AcceptanceEvents;
    InspectionPlanned, InspectionRecorded, NoticeIssued, AdmonitionRecorded, AccountabilityCaseOpened,
    AccountabilityCaseDecided,
}
