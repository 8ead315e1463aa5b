//! Listed supervision (挂牌督办): problems of a village or community put under a named supervisor at a
//! level, with a deadline and a reporting cadence in working days.

use super::Level;
use crate::calendar::Calendar;
use crate::engine::division_code::DivisionCode;
use crate::engine::table::Keyed;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A listing: what is supervised, by whom, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    /// Its id.
    pub id: String,
    /// The village or community.
    pub unit: DivisionCode,
    /// The problems listed (one, or several of the unit).
    pub problems: Vec<String>,
    /// The supervisor, by name and post (e.g. `区纪委 张某`).
    pub supervisor: String,
    /// The level that supervises.
    pub level: Level,
    /// The day it was listed (UTC+8).
    pub listed_on: NaiveDate,
    /// The day every listed problem must be verified by.
    pub deadline: NaiveDate,
    /// Progress is reported at least every this many working days.
    pub cadence_working_days: u32,
    /// The day of the last progress report (the listing day until one is made).
    pub last_report_on: NaiveDate,
    /// Progress reports, in order.
    pub reports: Vec<SupervisionReport>,
    /// Earlier supervisors, before each escalation.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub escalations: Vec<Escalation>,
    /// When it was delisted (摘牌).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub delisted_at: Option<DateTime<FixedOffset>>,
}

/// A progress report to the supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionReport {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// What was reported.
    pub note: String,
}

/// An escalation: who supervised before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Escalation {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The supervisor before.
    pub from_supervisor: String,
    /// Their level.
    pub from_level: Level,
    /// Why.
    pub reason: String,
}

impl Keyed for Listing {
    fn key(&self) -> &str {
        &self.id
    }
}

/// Why a listing is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ListingOverdue {
    /// Its deadline has passed with problems not yet verified.
    Deadline,
    /// No progress report within its cadence.
    ProgressReport,
}

impl Listing {
    /// Whether it is still listed.
    pub fn is_listed(&self) -> bool {
        self.delisted_at.is_none()
    }

    /// Why it is overdue on `today`, if it is.
    pub fn overdue(&self, calendar: &Calendar, today: NaiveDate) -> Option<ListingOverdue> {
        if !self.is_listed() {
            None
        } else if today > self.deadline {
            Some(ListingOverdue::Deadline)
        } else if today > calendar.add_working_days(self.last_report_on, self.cadence_working_days) {
            Some(ListingOverdue::ProgressReport)
        } else {
            None
        }
    }
}
