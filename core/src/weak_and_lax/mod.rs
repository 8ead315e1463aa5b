//! Weak-and-lax determination (整顿软弱涣散基层党组织, 三(二)1, glossary §7): department feedback per
//! organization and period, a versioned rubric as data that assesses each organization, and the
//! sub-district committee's decision for each — propose or not, with its reason — kept with the rubric
//! version and the assessment it was made on; the list submitted upward and confirmed by the district.
//! `docs/RECTIFICATION.md` has the design.
//!
//! Depends on the engine, `organization`, `people`, `survey`, `micro_grid`, `calendar`, `problem` (the
//! village's problems) and `review` (the look-back).

mod commands;
mod events;
mod queries;
mod rubric;

pub use commands::*;
pub use events::*;
pub use queries::*;
pub use rubric::*;

use crate::problem::{ProblemEvents, ProblemState, Severity};
use crate::review::{ReviewEvents, ReviewState};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which department's feedback (部门反馈).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum FeedbackSource {
    /// 党建工作: party building.
    PartyBuilding,
    /// 村级巡查: village inspection.
    VillageInspection,
    /// 信访: petitions.
    Petitions,
    /// 治安案件: public-order cases.
    PublicOrderCases,
    /// 刑事案件: criminal cases.
    CriminalCases,
}

impl FeedbackSource {
    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            FeedbackSource::PartyBuilding => "党建工作",
            FeedbackSource::VillageInspection => "村级巡查",
            FeedbackSource::Petitions => "信访",
            FeedbackSource::PublicOrderCases => "治安案件",
            FeedbackSource::CriminalCases => "刑事案件",
        }
    }
}

/// One department's feedback on one organization for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentFeedback {
    /// The party organization.
    pub organization: String,
    /// The department.
    pub source: FeedbackSource,
    /// The period, e.g. `2021` or `2022Q1`.
    pub period: String,
    /// How many cases or issues.
    pub count: u32,
    /// How serious, overall.
    pub severity: Severity,
    /// What the department says.
    #[serde(default)]
    pub notes: String,
}

/// The committee's decision on one organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// Whether it is proposed as weak and lax.
    pub propose: bool,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The assessment it was made on (with its rubric version): changing the rubric later never
    /// changes it.
    pub assessment: Assessment,
}

/// A list submitted upward, and its confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListSubmission {
    /// Its version, from 1.
    pub version: u32,
    /// To whom.
    pub to: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The organizations proposed.
    pub organizations: Vec<String>,
    /// Who at the district confirmed it, and when.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confirmed: Option<(String, DateTime<FixedOffset>)>,
}

/// This area's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeakAndLax {
    /// Department feedback, in the order recorded.
    #[serde(default)]
    pub feedback: Vec<DepartmentFeedback>,
    /// Every rubric version, in order (version = position + 1).
    #[serde(default)]
    pub rubrics: Vec<Rubric>,
    /// The latest decision per party organization.
    #[serde(default)]
    pub decisions: BTreeMap<String, Decision>,
    /// The lists submitted upward.
    #[serde(default)]
    pub submissions: Vec<ListSubmission>,
}

impl WeakAndLax {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        *self == WeakAndLax::default()
    }

    /// The current rubric and its version.
    pub fn rubric(&self) -> Option<(u32, &Rubric)> {
        self.rubrics.last().map(|r| (self.rubrics.len() as u32, r))
    }
}

/// A state that holds this area's part.
pub trait WeakAndLaxState: ProblemState + ReviewState {
    /// This area's part.
    fn weak_and_lax(&self) -> &WeakAndLax;
    /// This area's part, to apply an event.
    fn weak_and_lax_mut(&mut self) -> &mut WeakAndLax;
    /// `by`, at the district, confirmed list `version` of these organizations at `at`: the state puts
    /// them into rectification (the `rectification` area, which builds on this one, listens here).
    fn list_confirmed(&mut self, version: u32, organizations: &[String], by: &str, at: DateTime<FixedOffset>);
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait WeakAndLaxEvents: ProblemEvents, ReviewEvents;
    DepartmentFeedbackRecorded, RubricSet, WeakAndLaxDecided, WeakAndLaxListSubmitted, WeakAndLaxListConfirmed,
}
