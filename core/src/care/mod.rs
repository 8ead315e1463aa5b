//! Key-person care (结对联系帮扶重点人员, 三(二)2): the guidance (思想引导), psychological care (心理关怀)
//! and help with a job (就业帮扶) or schooling (就学帮扶) given to key persons, recorded per person and
//! visible only to roles that see key persons; and the key persons who got none in a period.
//!
//! Depends on the engine, `organization` and `people`.

mod commands;
mod events;
mod queries;

pub use commands::*;
pub use events::*;
pub use queries::*;

use crate::people::PeopleState;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CareKind {
    /// 思想引导: guidance.
    Guidance,
    /// 心理关怀: psychological care.
    PsychologicalCare,
    /// 就业帮扶: help with a job.
    EmploymentHelp,
    /// 就学帮扶: help with schooling.
    SchoolingHelp,
}

impl CareKind {
    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            CareKind::Guidance => "思想引导",
            CareKind::PsychologicalCare => "心理关怀",
            CareKind::EmploymentHelp => "就业帮扶",
            CareKind::SchoolingHelp => "就学帮扶",
        }
    }
}

/// One act of care (sensitive: it says who is a key person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CareRecord {
    /// The day it was given (UTC+8).
    pub on: NaiveDate,
    /// What kind.
    pub kind: CareKind,
    /// What was done.
    pub note: String,
    /// Who recorded it (the host's user id).
    pub by: String,
}

/// The care part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Care {
    /// Each key person's care, in the order recorded, by person id.
    #[serde(default)]
    pub records: BTreeMap<String, Vec<CareRecord>>,
}

impl Care {
    /// Whether nothing was recorded (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// A state that holds this area's part.
pub trait CareState: PeopleState {
    /// This area's part.
    fn care(&self) -> &Care;
    /// This area's part, to apply an event.
    fn care_mut(&mut self) -> &mut Care;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait CareEvents;
    KeyPersonCareRecorded,
}
