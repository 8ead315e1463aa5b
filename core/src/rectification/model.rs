//! A ledger, its measures and exceptions, and pairings.

use super::{RectificationAction, RectificationStatus};
use crate::engine::division_code::DivisionCode;
use crate::review::StructuralItem;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why an organization has a ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum LedgerOrigin {
    /// On the weak-and-lax list of this version, confirmed by the district.
    WeakAndLaxList {
        /// The list's version.
        version: u32,
    },
    /// Opened by the sub-district for an organization with problems to rectify.
    Opened {
        /// Why.
        reason: String,
    },
    /// Opened when an organization without a ledger failed the acceptance in this round.
    AcceptanceFailed {
        /// The round.
        round: u32,
    },
}

/// What a measure answers: each must be the organization's own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum MeasureAnswers {
    /// A problem of the organization's village or community.
    Problem {
        /// The problem's id.
        problem: String,
    },
    /// A structural finding of its unit's look-back found to be a problem.
    ReviewFinding {
        /// The review's id.
        review: String,
        /// The structural item.
        item: StructuralItem,
    },
    /// A criterion or veto hit in the assessment its weak-and-lax decision was made on.
    AssessmentItem {
        /// The criterion's or veto's id.
        id: String,
    },
}

/// Where a measure stands: open → done → verified (a failed verification: back to open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum MeasureStatus {
    /// Being worked.
    Open,
    /// Reported done, waiting to be verified by someone other than its owner.
    Done,
    /// Verified.
    Verified,
}

impl MeasureStatus {
    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            MeasureStatus::Open => "整改中",
            MeasureStatus::Done => "已完成待核验",
            MeasureStatus::Verified => "已核验",
        }
    }
}

/// A measure as drawn up (the command's part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MeasureDraft {
    /// Its id, unique in the campaign.
    pub id: String,
    /// What is to be done.
    pub text: String,
    /// The host's user id of the person responsible (责任人): they report it done, and may not verify
    /// it.
    pub owner: String,
    /// The owner's post, for people reading the ledger (e.g. `村党总支书记`).
    pub owner_post: String,
    /// The due date (end of the day, UTC+8).
    pub due: NaiveDate,
    /// What it answers (at least one).
    pub answers: Vec<MeasureAnswers>,
}

/// A note on a measure: progress, the report that it is done, or a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeasureNote {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who (the host's user id).
    pub by: String,
    /// The words (may name people: shown to roles that see sensitive data).
    pub text: String,
}

/// A verification of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeasureVerification {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who (the host's user id).
    pub by: String,
    /// What was found (shown to roles that see sensitive data).
    pub text: String,
    /// Whether it passed.
    pub passed: bool,
}

/// A measure of a ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerMeasure {
    /// Its id.
    pub id: String,
    /// What is to be done.
    pub text: String,
    /// The host's user id of the person responsible.
    pub owner: String,
    /// The owner's post.
    pub owner_post: String,
    /// The due date: the latest one (a failed verification sets a new one).
    pub due: NaiveDate,
    /// What it answers.
    pub answers: Vec<MeasureAnswers>,
    /// Where it stands.
    pub status: MeasureStatus,
    /// Progress notes, in order.
    #[serde(default)]
    pub progress: Vec<MeasureNote>,
    /// The latest report that it is done.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub done: Option<MeasureNote>,
    /// Every verification, in order.
    #[serde(default)]
    pub verifications: Vec<MeasureVerification>,
}

/// What an exception is recorded for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum ExceptionSubject {
    /// A measure of the ledger that cannot be verified in the campaign.
    Measure {
        /// The measure's id.
        measure: String,
    },
    /// A problem a measure answers that cannot be closed in the campaign.
    Problem {
        /// The problem's id.
        problem: String,
    },
}

/// An exception recorded by the sub-district committee: readiness does not wait for its subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RectificationException {
    /// What for.
    pub subject: ExceptionSubject,
    /// Why (may name people: shown to roles that see sensitive data).
    pub reason: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who.
    pub by: String,
}

/// A step of an organization's rectification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgerStep {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// What was done (absent for the start: listed).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub action: Option<RectificationAction>,
    /// The state after it.
    pub status: RectificationStatus,
    /// Who (the host's user id; the district inspector who confirmed the list for a listed start).
    pub by: String,
    /// Why, when a reason was given (shown to roles that see sensitive data).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

/// The rectification ledger (整改台账) of one party organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ledger {
    /// The party organization.
    pub organization: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Why it has a ledger.
    pub origin: LedgerOrigin,
    /// Where it stands.
    pub status: RectificationStatus,
    /// The measures, in the order drawn up.
    #[serde(default)]
    pub measures: Vec<LedgerMeasure>,
    /// The exceptions recorded.
    #[serde(default)]
    pub exceptions: Vec<RectificationException>,
    /// Every change of state, in order; the first is the start.
    pub history: Vec<LedgerStep>,
}

impl Ledger {
    /// Whether an exception is recorded for `subject`.
    pub fn excepted(&self, subject: &ExceptionSubject) -> bool {
        self.exceptions.iter().any(|e| e.subject == *subject)
    }

    /// The problems its measures answer, each once, in order.
    pub fn linked_problems(&self) -> Vec<&str> {
        let mut seen = std::collections::BTreeSet::new();
        let answers = self.measures.iter().flat_map(|m| &m.answers);
        answers
            .filter_map(|a| match a {
                MeasureAnswers::Problem { problem } => seen.insert(problem.as_str()).then_some(problem.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The subjects of its exceptions.
    pub fn excepted_subjects(&self) -> std::collections::BTreeSet<&ExceptionSubject> {
        self.exceptions.iter().map(|e| &e.subject).collect()
    }
}

/// What kind of pairing (glossary §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PairingKind {
    /// 挂点包村: a leader holding the village as a contact point.
    LeaderPoint,
    /// 驻村结对: a unit stationed in the village, paired with it.
    StationedUnit,
    /// 驻村结对: a person stationed in the village (驻村第一书记, 工作队员).
    StationedPerson,
    /// A sub-district cadre helping the village (街道干部包村).
    SubdistrictCadre,
}

impl PairingKind {
    /// The label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            PairingKind::LeaderPoint => "挂点包村领导",
            PairingKind::StationedUnit => "驻村结对单位",
            PairingKind::StationedPerson => "驻村结对人员",
            PairingKind::SubdistrictCadre => "街道包村干部",
        }
    }
}

/// A pairing as assigned (the command's part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PairingDraft {
    /// Its id, unique in the campaign.
    pub id: String,
    /// The party organization of the village or community helped.
    pub organization: String,
    /// What kind.
    pub kind: PairingKind,
    /// Who: a leader's or cadre's name and post, or a unit's name.
    pub who: String,
    /// From this day.
    pub from: NaiveDate,
}

/// A pairing and its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pairing {
    /// Its id.
    pub id: String,
    /// The party organization of the village or community helped.
    pub organization: String,
    /// What kind.
    pub kind: PairingKind,
    /// Who.
    pub who: String,
    /// From this day.
    pub from: NaiveDate,
    /// Its village or community.
    pub unit: DivisionCode,
    /// The day it ended, and why.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ended: Option<(NaiveDate, String)>,
}
