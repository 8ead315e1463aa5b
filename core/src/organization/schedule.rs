//! The campaign's schedule (attachment 1, 实施计划表): tasks, owners, due dates, and their status at a
//! given moment.

use crate::organization::Phase;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// What in the campaign's state shows a schedule item done, for the timetable to complete it without a
/// report (the `oversight` area reads it: `timetable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Milestone {
    /// Every registered household is covered by the survey (不漏一户).
    SurveyComplete,
    /// Every village and community has established its problem list.
    ProblemListsEstablished,
    /// The look-back's special report is submitted.
    SpecialReportSubmitted,
    /// The weak-and-lax list is confirmed from above.
    WeakAndLaxListConfirmed,
    /// Every rectification ledger is ready for acceptance or accepted.
    RectificationReady,
    /// Every village's and community's organization is accepted.
    AcceptanceComplete,
}

impl Milestone {
    /// What the state must show, for a refusal's message.
    pub fn describe(self) -> &'static str {
        match self {
            Milestone::SurveyComplete => "every registered household is covered by the survey (不漏一户)",
            Milestone::ProblemListsEstablished => "every village and community has established its problem list",
            Milestone::SpecialReportSubmitted => "the look-back's special report is submitted",
            Milestone::WeakAndLaxListConfirmed => "the weak-and-lax list is confirmed from above",
            Milestone::RectificationReady => "every rectification ledger is ready for acceptance or accepted",
            Milestone::AcceptanceComplete => "every village's and community's organization is accepted",
        }
    }
}

/// One task of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleItem {
    /// The item's id (chosen by the host).
    pub id: String,
    /// What must be done.
    pub task: String,
    /// Who answers for it (a unit, office or person, as the plan writes it).
    pub owner: String,
    /// The phase it belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phase: Option<Phase>,
    /// The last day (UTC+8) by which it must be done.
    pub due: NaiveDate,
    /// When it was reported done.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub completed_at: Option<DateTime<FixedOffset>>,
    /// The party organization that answers for it, when it is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub owner_organization: Option<String>,
    /// What in the state shows it done.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done_when: Option<Milestone>,
}

/// Where a schedule item stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ScheduleStatus {
    /// Reported done.
    Done,
    /// Not done and its due date has passed.
    Overdue,
    /// Not done, due today or within the at-risk window.
    AtRisk,
    /// Not done, due later than the window.
    OnTrack,
}

impl ScheduleItem {
    /// The item's status on `today` (a UTC+8 calendar day) with an at-risk window of `window_days`.
    pub fn status_on(&self, today: NaiveDate, window_days: u32) -> ScheduleStatus {
        // Judged on `today`: an item completed later was not yet done then.
        if self.completed_at.is_some_and(|done| china_day(done) <= today) {
            ScheduleStatus::Done
        } else if today > self.due {
            ScheduleStatus::Overdue
        } else if (self.due - today).num_days() <= i64::from(window_days) {
            ScheduleStatus::AtRisk
        } else {
            ScheduleStatus::OnTrack
        }
    }
}

/// The campaign's display offset, UTC+8: deadlines are days in China's time.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The UTC+8 calendar day of `at`.
pub fn china_day(at: DateTime<FixedOffset>) -> NaiveDate {
    at.with_timezone(&china_offset()).date_naive()
}
