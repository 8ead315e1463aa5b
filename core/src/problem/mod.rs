//! The problem-handling loop (glossary §6, §7, §9): collect → discover → dispatch → handle together →
//! feed back (信息收集、问题发现、任务分办、协同处理、结果反馈), with listed supervision (挂牌督办),
//! special work groups (专项工作组), immediate fixes of urgent needs (立行立改) and deadlines in
//! working days.
//!
//! A problem belongs to one village or community and comes from sources: survey findings and
//! demands (each feeds one problem at most), members' contacts, department feedback, petitions, cases,
//! inspections and hotline calls. It moves through the state machine of [`transitions`]; each move is
//! one command, checked against the table, and recorded in the problem's history. Deadlines are
//! counted over the working-day [`crate::calendar`]; the core reads no clock, so "overdue" is always
//! asked of a moment (query `problemDeadlines`). `docs/PROBLEMS.md` has the diagram.
//!
//! Depends on the engine, `organization`, `people` (households, persons, key places), `survey` (the
//! findings and demands that feed problems), `micro_grid` (hotspots by micro-grid) and `calendar`.

mod commands;
mod events;
mod hotspots;
mod lists;
mod model;
mod open311;
mod queries;
mod setup;
mod supervision;
mod supervision_commands;
mod targets;
pub mod transitions;
mod views;

pub use commands::*;
pub use events::*;
pub use hotspots::*;
pub use lists::*;
pub use model::*;
pub use open311::*;
pub use queries::*;
pub use setup::*;
pub use supervision::*;
pub use supervision_commands::*;
pub use targets::*;
pub use transitions::{ProblemAction, ProblemStatus};
pub use views::*;

use crate::calendar::CalendarState;
use crate::engine::division_code::DivisionCode;
use crate::engine::table::Table;
use crate::micro_grid::MicroGridState;
use crate::survey::{ProblemCategory, SurveyEvents, SurveyState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The categories every campaign has: the survey's seven, then the governance problems of the loop.
pub const BUILT_IN_CATEGORIES: [(&str, &str); 12] = [
    ("telecomFraud", "电信网络诈骗"),
    ("drugs", "涉毒"),
    ("organizedCrime", "黑恶势力（村霸）"),
    ("illegalReligion", "非法宗教"),
    ("cultsAndSuperstition", "邪教迷信"),
    ("pornographyAndGambling", "黄赌"),
    ("other", "其他"),
    ("disputes", "矛盾纠纷"),
    ("safetyHazards", "安全隐患"),
    ("environment", "人居环境"),
    ("livelihood", "民生服务"),
    ("partyBuilding", "党建工作"),
];

/// The category code of a survey finding's category.
pub fn survey_category(category: ProblemCategory) -> &'static str {
    BUILT_IN_CATEGORIES[ProblemCategory::ALL.iter().position(|c| *c == category).unwrap_or(6)].0
}

/// The campaign's settings for the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemPolicy {
    /// A closed problem may be reopened within this many working days of closing (default 20).
    #[serde(default = "default_reopen")]
    pub reopen_within_working_days: u32,
    /// A problem due within this many working days is at risk (default 2).
    #[serde(default = "default_at_risk")]
    pub at_risk_working_days: u32,
    /// A village, micro-grid or key place with at least this many open serious or critical problems
    /// is a hotspot where serious problems concentrate (问题严重、隐患突出、矛盾集中连片; default 3).
    #[serde(default = "default_hotspot_serious")]
    pub hotspot_serious: u32,
    /// … or with at least this many open problems of any severity (default 10).
    #[serde(default = "default_hotspot_open")]
    pub hotspot_open: u32,
}

fn default_hotspot_serious() -> u32 {
    3
}
fn default_hotspot_open() -> u32 {
    10
}

fn default_reopen() -> u32 {
    20
}
fn default_at_risk() -> u32 {
    2
}

impl Default for ProblemPolicy {
    fn default() -> ProblemPolicy {
        ProblemPolicy {
            reopen_within_working_days: 20,
            at_risk_working_days: 2,
            hotspot_serious: default_hotspot_serious(),
            hotspot_open: default_hotspot_open(),
        }
    }
}

/// A category the campaign added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddedCategory {
    /// Its code.
    pub code: String,
    /// Its label in Chinese.
    pub label_zh: String,
}

/// The loop's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problems {
    /// Every problem, in the order reported.
    #[serde(default)]
    pub problems: Table<Problem>,
    /// Dispatch targets, in the order registered (a problem names its target by position).
    #[serde(default)]
    pub targets: Vec<DispatchTarget>,
    /// Categories the campaign added, in the order added (after the built-in ones).
    #[serde(default)]
    pub categories: Vec<AddedCategory>,
    /// Listed supervision, in the order listed.
    #[serde(default)]
    pub listings: Table<Listing>,
    /// Which problem each survey finding or demand feeds (by the source's key).
    #[serde(default)]
    pub used_sources: BTreeMap<String, String>,
    /// The settings.
    #[serde(default)]
    pub policy: ProblemPolicy,
    /// Each village's or community's problem list, every version.
    #[serde(default)]
    pub lists: BTreeMap<DivisionCode, Vec<EstablishedList>>,
}

impl Problems {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        *self == Problems::default()
    }

    /// The index of the category `code`, if the campaign has it.
    pub fn category_id(&self, code: &str) -> Option<u16> {
        let at = BUILT_IN_CATEGORIES
            .iter()
            .position(|(c, _)| *c == code)
            .or_else(|| self.categories.iter().position(|c| c.code == code).map(|i| i + BUILT_IN_CATEGORIES.len()))?;
        u16::try_from(at).ok()
    }

    /// Whether `code` is a category of the campaign.
    pub fn has_category(&self, code: &str) -> bool {
        self.category_id(code).is_some()
    }

    /// The code and Chinese label of the category at `id`.
    pub fn category(&self, id: u16) -> (&str, &str) {
        let i = usize::from(id);
        match BUILT_IN_CATEGORIES.get(i) {
            Some((code, label)) => (code, label),
            None => self
                .categories
                .get(i - BUILT_IN_CATEGORIES.len())
                .map(|c| (c.code.as_str(), c.label_zh.as_str()))
                .unwrap_or(("other", "其他")),
        }
    }

    /// A target's position and the target, by id.
    pub fn target_index(&self, id: &str) -> Option<(u16, &DispatchTarget)> {
        let i = self.targets.iter().position(|t| t.id == id)?;
        Some((u16::try_from(i).ok()?, &self.targets[i]))
    }

    /// A target by id.
    pub fn target(&self, id: &str) -> Option<&DispatchTarget> {
        self.target_index(id).map(|(_, t)| t)
    }

    /// The target at a position.
    pub fn target_at(&self, index: u16) -> Option<&DispatchTarget> {
        self.targets.get(usize::from(index))
    }

    /// The id of the target at a position.
    pub fn target_id(&self, index: u16) -> &str {
        self.target_at(index).map_or("", |t| t.id.as_str())
    }
}

/// A state that holds this area's part.
pub trait ProblemState: SurveyState + CalendarState + MicroGridState {
    /// This area's part.
    fn problems(&self) -> &Problems;
    /// This area's part, to apply an event.
    fn problems_mut(&mut self) -> &mut Problems;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait ProblemEvents: SurveyEvents;
    ProblemCategoryAdded, DispatchTargetSet, ProblemPolicySet, ProblemsReported, ProblemConfirmed, ProblemRejected,
    ProblemMerged, ProblemDispatched, ProblemAccepted, ProblemReturned, ProblemProgressRecorded, ExtensionRequested,
    ExtensionDecided, ProblemReportedDone, ProblemFixedImmediately, ProblemVerified, ProblemClosed, ProblemReopened,
    SupervisionListed, SupervisionProgressReported, SupervisionEscalated, SupervisionDelisted, ProblemListEstablished,
}
