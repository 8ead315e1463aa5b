//! A problem of the handling loop and what it is made of.

use super::ProblemStatus;
use crate::engine::division_code::DivisionCode;
use crate::engine::moment::Moment;
use crate::engine::table::Keyed;
use crate::people::KeyPlace;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// 一般.
    Minor,
    /// 较重.
    Moderate,
    /// 严重: counts toward the places where serious problems concentrate.
    Serious,
    /// 特别严重.
    Critical,
}

impl Severity {
    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Minor => "一般",
            Severity::Moderate => "较重",
            Severity::Serious => "严重",
            Severity::Critical => "特别严重",
        }
    }
}

/// Where a problem came from (信息收集).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    /// A finding of a door-knock visit (`reference` is the finding's id; each feeds one problem).
    Finding,
    /// A demand raised in a visit (`reference` is the visit's id, `item` the demand's position).
    Demand,
    /// A party member's contact with a linked household (`reference`: the host's note id).
    MemberContact,
    /// Feedback of a department (party building, village inspections, …).
    DepartmentFeedback,
    /// A petition (信访).
    Petition,
    /// A public-order or criminal case (治安、刑事案件).
    Case,
    /// An inspection.
    Inspection,
    /// A hotline call (12345).
    Hotline,
}

/// One source of a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemSource {
    /// What kind of source.
    pub kind: SourceKind,
    /// Its id: a finding id, a visit id, a petition or case number.
    pub reference: Box<str>,
    /// For a demand: its position in the visit's demands, from 0.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub item: Option<u32>,
}

impl ProblemSource {
    /// The key under which a survey source is used once (`None` for sources that may repeat).
    pub fn use_key(&self) -> Option<String> {
        match self.kind {
            SourceKind::Finding => Some(self.reference.to_string()),
            SourceKind::Demand => Some(format!("{}#{}", self.reference, self.item.unwrap_or(0))),
            _ => None,
        }
    }
}

/// A piece of evidence the host stores: the problem keeps its id and digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Evidence {
    /// The host's id of the file.
    pub id: String,
    /// Its SHA-256, 64 lowercase hex digits.
    pub sha256: String,
}

/// A problem as reported (the payload of `reportProblems`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemReport {
    /// Its id.
    pub id: String,
    /// Its village or community.
    pub unit: String,
    /// Its category: one of the built-in codes (the survey's seven, `disputes`, `safetyHazards`,
    /// `environment`, `livelihood`, `partyBuilding`) or one added by `addProblemCategory`.
    pub category: String,
    /// How serious it is.
    pub severity: Severity,
    /// Whether residents urgently need it solved (急难愁盼): it may be fixed at once (立行立改).
    #[serde(default)]
    pub urgent: bool,
    /// The household concerned (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub household: Option<String>,
    /// The persons concerned (sensitive).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub persons: Vec<String>,
    /// The key place concerned (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
    /// What the problem is (sensitive: it may name people).
    pub description: String,
    /// Evidence the host stores.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<Evidence>,
    /// Where it came from (at least one).
    pub sources: Vec<ProblemSource>,
}

/// One step of a problem's history: what was done, when, the state it led to, and the words it came
/// with (a note, a reason, what was done). Eight bytes: a problem keeps every step. Who took it is in
/// the record of the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// When (seconds since 2000, read in UTC+8).
    pub at: Moment,
    /// The action.
    pub action: super::ProblemAction,
    /// The state after it.
    pub status: ProblemStatus,
    /// Its words: their number in the problem's `words`, or [`Step::NO_TEXT`].
    pub text: u16,
}

impl Step {
    /// No words with this step.
    pub const NO_TEXT: u16 = u16::MAX;
}

/// A progress note of the handlers (协同处理).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProgressNote {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// What was done.
    pub note: String,
}

/// An extension the handler asked for, not yet decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PendingExtension {
    /// The due date asked for.
    pub until: NaiveDate,
    /// Why.
    pub reason: String,
}

/// The resident's feedback on a closed problem (结果反馈).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Feedback {
    /// Whether the resident is satisfied.
    pub satisfied: bool,
    /// What they said.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

/// What few problems have, kept apart so that the many without it stay small.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemMore {
    /// The household (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub household: Option<String>,
    /// The persons (sensitive).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub persons: Vec<String>,
    /// Evidence.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<Evidence>,
    /// The targets handling it together with its own (协同处理), by index.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub co_handlers: Vec<u16>,
    /// The problem it was merged into.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub merged_into: Option<String>,
    /// An extension asked for and not yet decided.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pending_extension: Option<PendingExtension>,
}

/// A problem in the handling loop, as the state keeps it: compact, because a sub-district's campaign
/// holds tens of thousands (`cargo bench --bench problems` measures it). Its category and target are
/// indices into the campaign's lists; the words of its steps are kept in one string, numbered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// Its id.
    pub id: Box<str>,
    /// Its village or community.
    pub unit: DivisionCode,
    /// What it is (sensitive).
    pub description: Box<str>,
    /// Where it came from.
    pub sources: Box<[ProblemSource]>,
    /// Who dispatched it last (decides extensions).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dispatched_by: Option<Box<str>>,
    /// Who reported it done last (may not verify it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done_by: Option<Box<str>>,
    /// Every step, in order; the first is the report.
    pub history: Vec<Step>,
    /// The words of the steps that came with some, one after the other (a step's `text` numbers them).
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub words: String,
    /// Where each step's words end in `words`, in bytes.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub word_ends: Vec<u32>,
    /// What few problems have.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub more: Option<Box<ProblemMore>>,
    /// The due date (end of the day, UTC+8).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<NaiveDate>,
    /// Its category: an index into the built-in categories, then the campaign's.
    pub category: u16,
    /// The target it is dispatched to: an index into the campaign's targets.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<u16>,
    /// How many verifications failed.
    #[serde(default)]
    pub verification_failures: u16,
    /// How serious.
    pub severity: Severity,
    /// Urgent (急难愁盼).
    pub urgent: bool,
    /// Where it is in the loop.
    pub status: ProblemStatus,
    /// The key place (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_place: Option<KeyPlace>,
    /// Whether the resident was satisfied, once closed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub satisfied: Option<bool>,
}

impl Keyed for Problem {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Problem {
    /// When it was reported.
    pub fn reported_at(&self) -> Option<DateTime<FixedOffset>> {
        self.history.first().map(|s| s.at.to_datetime())
    }

    /// When it first reached `status`.
    pub fn first_at(&self, status: ProblemStatus) -> Option<DateTime<FixedOffset>> {
        self.history.iter().find(|s| s.status == status).map(|s| s.at.to_datetime())
    }

    /// When it last reached `status`.
    pub fn last_at(&self, status: ProblemStatus) -> Option<DateTime<FixedOffset>> {
        self.history.iter().rev().find(|s| s.status == status).map(|s| s.at.to_datetime())
    }

    /// The words of a step.
    pub fn text_of(&self, step: &Step) -> Option<&str> {
        let i = usize::from(step.text);
        let end = *self.word_ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.word_ends[i - 1] as usize };
        self.words.get(start..end)
    }

    /// Keeps the words of a new step; their number, or [`Step::NO_TEXT`] when there is no room (a
    /// problem's history is bounded well below).
    pub(crate) fn add_words(&mut self, text: &str) -> u16 {
        let n = self.word_ends.len();
        match u32::try_from(self.words.len() + text.len()) {
            Ok(end) if n < usize::from(Step::NO_TEXT) => {
                self.words.push_str(text);
                self.word_ends.push(end);
                n as u16
            }
            _ => Step::NO_TEXT,
        }
    }

    /// The words of the last step taken by one of `actions`.
    pub fn last_text(&self, actions: &[super::ProblemAction]) -> Option<&str> {
        self.history.iter().rev().find(|s| actions.contains(&s.action)).and_then(|s| self.text_of(s))
    }

    /// What few problems have (empty for most).
    pub fn more(&self) -> &ProblemMore {
        static NONE: std::sync::OnceLock<ProblemMore> = std::sync::OnceLock::new();
        self.more.as_deref().unwrap_or_else(|| NONE.get_or_init(ProblemMore::default))
    }

    /// What few problems have, to change it.
    pub fn more_mut(&mut self) -> &mut ProblemMore {
        self.more.get_or_insert_with(Box::default)
    }

    /// Whether a deadline runs: dispatched or in progress with a due date.
    pub fn clock_runs(&self) -> bool {
        matches!(self.status, ProblemStatus::Dispatched | ProblemStatus::InProgress) && self.due.is_some()
    }

    /// Whether the user `actor` acts for its target or a co-handler.
    pub fn handled_by(&self, problems: &super::Problems, actor: &str) -> bool {
        self.target
            .iter()
            .chain(self.more().co_handlers.iter())
            .filter_map(|t| problems.target_at(*t))
            .any(|t| t.acts_for(actor))
    }
}
