//! The four-tier acceptance (评估验收, 三(三)1, glossary §8): rounds per village's or community's
//! organization; within a round the tiers run strictly in order, each judged by its own level against
//! criteria as data, with the indicators the library computes shown beside the judgement; a tier that
//! passes is locked, and only the tier above may send it back. A fail at any tier ends the round: the
//! secretary must be adjusted at once (即时调整党组织书记), the pairings stay attached, rectification
//! continues, and the next round starts again at self-evaluation. Passing city verification
//! transforms the organization (转化提质). `docs/ACCEPTANCE.md` has the design.
//!
//! Depends on the engine, `organization`, `people`, `survey`, `calendar`, `problem`, `review`,
//! `weak_and_lax` and `rectification` (a listed organization is judged once ready; the outcome moves
//! its ledger).

mod commands;
mod events;
mod indicators;
mod queries;
mod tier;

pub use commands::*;
pub use events::*;
pub use indicators::*;
pub use queries::*;
pub use tier::*;

use crate::engine::division_code::DivisionCode;
use crate::organization::OrganizationEvents;
use crate::rectification::{RectificationEvents, RectificationState};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A criterion of the acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceCriterion {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
}

/// The plan's three criteria (三(三)1), used until the campaign sets its own.
pub fn plan_criteria() -> Vec<AcceptanceCriterion> {
    [
        ("strengthened", "党组织是否得到加强"),
        ("problemsSolved", "突出问题是否有效解决"),
        ("satisfied", "党员群众是否真正满意"),
    ]
    .into_iter()
    .map(|(id, label)| AcceptanceCriterion { id: id.into(), label: label.into() })
    .collect()
}

/// A criterion's score in a judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CriterionScore {
    /// The criterion's id.
    pub criterion: String,
    /// The score, 0 to 100.
    pub score: u8,
    /// The evidence: what was checked.
    pub evidence: String,
}

/// A tier's judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Judgement {
    /// The tier.
    pub tier: Tier,
    /// Whether it passed.
    pub passed: bool,
    /// Each criterion scored.
    pub scores: Vec<CriterionScore>,
    /// The judgement in words (a fail's reason).
    pub notes: String,
    /// What the library computed at that moment, shown beside it.
    pub indicators: Indicators,
    /// Who (the host's user id).
    pub by: String,
    /// When.
    pub at: DateTime<FixedOffset>,
}

/// A tier sent back by the tier above.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SentBack {
    /// The judgement sent back.
    pub judgement: Judgement,
    /// Why (shown to roles that see sensitive data).
    pub reason: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<FixedOffset>,
}

/// How a round ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum RoundOutcome {
    /// Still running.
    InProgress,
    /// City verification passed.
    Passed,
    /// Failed at this tier.
    Failed {
        /// The tier.
        tier: Tier,
    },
}

/// A round of the acceptance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    /// Its number, from 1.
    pub number: u32,
    /// The judgements that stand, in tier order (a tier sent back leaves this list).
    pub judgements: Vec<Judgement>,
    /// Judgements sent back, in order.
    #[serde(default)]
    pub sent_back: Vec<SentBack>,
    /// How it ended.
    pub outcome: RoundOutcome,
}

impl Round {
    /// The tier to judge next in this round, if it runs.
    pub fn next_tier(&self) -> Option<Tier> {
        (self.outcome == RoundOutcome::InProgress).then(|| Tier::ALL.get(self.judgements.len()).copied()).flatten()
    }
}

/// The secretary adjusted after a failed round (即时调整党组织书记).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SecretaryAdjustment {
    /// The round that failed.
    pub round: u32,
    /// The secretary before (a person id), if there was one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub old: Option<String>,
    /// The new secretary (a person id).
    pub new: String,
    /// Why (shown to roles that see sensitive data).
    pub reason: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<FixedOffset>,
}

/// One organization's acceptance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationAcceptance {
    /// The party organization.
    pub organization: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// Its rounds, in order.
    pub rounds: Vec<Round>,
    /// The round whose failure still waits for the secretary's adjustment.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub adjustment_due: Option<u32>,
    /// The secretaries adjusted.
    #[serde(default)]
    pub adjustments: Vec<SecretaryAdjustment>,
}

impl OrganizationAcceptance {
    /// Whether its last round passed (city verification).
    pub fn passed(&self) -> bool {
        self.rounds.last().is_some_and(|r| r.outcome == RoundOutcome::Passed)
    }
}

/// Whether organization `id` stands accepted: its last round passed, and it has not been put on a
/// later weak-and-lax list since (its ledger, if any, is still accepted).
pub fn accepted<S: AcceptanceState>(state: &S, id: &str) -> bool {
    state.acceptance().organizations.get(id).is_some_and(OrganizationAcceptance::passed)
        && state
            .rectification()
            .ledgers
            .get(id)
            .is_none_or(|l| l.status == crate::rectification::RectificationStatus::Accepted)
}

/// This area's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Acceptance {
    /// The criteria set by the campaign (empty: the plan's three).
    #[serde(default)]
    pub criteria: Vec<AcceptanceCriterion>,
    /// Per party organization.
    #[serde(default)]
    pub organizations: BTreeMap<String, OrganizationAcceptance>,
}

impl Acceptance {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty() && self.organizations.is_empty()
    }

    /// The criteria in force.
    pub fn criteria(&self) -> Vec<AcceptanceCriterion> {
        if self.criteria.is_empty() { plan_criteria() } else { self.criteria.clone() }
    }
}

/// A state that holds this area's part.
pub trait AcceptanceState: RectificationState {
    /// This area's part.
    fn acceptance(&self) -> &Acceptance;
    /// This area's part, to apply an event.
    fn acceptance_mut(&mut self) -> &mut Acceptance;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait AcceptanceEvents: RectificationEvents, OrganizationEvents;
    AcceptanceCriteriaSet, AcceptanceJudged, AcceptanceSentBack, SecretaryAdjusted,
}
