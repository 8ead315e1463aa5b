//! The events of this area: one payload type each, with its `apply` (total: an event that no longer
//! fits the state changes nothing).

use super::{
    AcceptanceCriterion, AcceptanceState, CriterionScore, Indicators, Judgement, OrganizationAcceptance, Round,
    RoundOutcome, SecretaryAdjustment, SentBack, Tier,
};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use crate::rectification::{LedgerOrigin, RectificationAction, open_ledger, step};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The campaign set its acceptance criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceCriteriaSet {
    /// The criteria.
    pub criteria: Vec<AcceptanceCriterion>,
}

/// A tier judged an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceJudged {
    /// The party organization.
    pub organization: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// The round, from 1.
    pub round: u32,
    /// The tier.
    pub tier: Tier,
    /// Whether it passed.
    pub passed: bool,
    /// Each criterion scored.
    pub scores: Vec<CriterionScore>,
    /// The judgement in words.
    pub notes: String,
    /// What the library computed at that moment.
    pub indicators: Indicators,
    /// Who.
    pub by: String,
}

/// The tier above sent a tier's judgement back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceSentBack {
    /// The party organization.
    pub organization: String,
    /// The round.
    pub round: u32,
    /// The tier sent back.
    pub tier: Tier,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
}

/// The secretary of an organization that failed was adjusted (with the `secretaryAppointed` event
/// of the same command).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretaryAdjusted {
    /// The party organization.
    pub organization: String,
    /// The round that failed.
    pub round: u32,
    /// The secretary before.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub old: Option<String>,
    /// The new secretary.
    pub new: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
}

impl<S: AcceptanceState> Apply<S> for AcceptanceCriteriaSet {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.acceptance_mut().criteria = self.criteria.clone();
    }
}

impl<S: AcceptanceState> Apply<S> for AcceptanceJudged {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let a = state.acceptance_mut().organizations.entry(self.organization.clone()).or_insert_with(|| {
            OrganizationAcceptance {
                organization: self.organization.clone(),
                unit: self.unit,
                rounds: Vec::new(),
                adjustment_due: None,
                adjustments: Vec::new(),
            }
        });
        if a.rounds.last().is_none_or(|r| r.outcome != RoundOutcome::InProgress)
            && self.round as usize == a.rounds.len() + 1
            && self.tier == Tier::SelfEvaluation
        {
            a.rounds.push(Round {
                number: self.round,
                judgements: Vec::new(),
                sent_back: Vec::new(),
                outcome: RoundOutcome::InProgress,
            });
        }
        let Some(round) = a.rounds.last_mut().filter(|r| r.number == self.round) else { return };
        if round.next_tier() != Some(self.tier) {
            return;
        }
        round.judgements.push(Judgement {
            tier: self.tier,
            passed: self.passed,
            scores: self.scores.clone(),
            notes: self.notes.clone(),
            indicators: self.indicators.clone(),
            by: self.by.clone(),
            at,
        });
        let failed = !self.passed;
        let accepted = self.passed && self.tier == Tier::CityVerification;
        if failed {
            round.outcome = RoundOutcome::Failed { tier: self.tier };
            a.adjustment_due = Some(self.round);
        } else if accepted {
            round.outcome = RoundOutcome::Passed;
        }
        // The outcome moves the ledger: a fail sends it back to rectifying (an organization without
        // one gets one), a pass accepts it.
        let has_ledger = state.rectification().ledgers.contains_key(&self.organization);
        if failed && !has_ledger {
            let origin = LedgerOrigin::AcceptanceFailed { round: self.round };
            open_ledger(state, &self.organization, self.unit, origin, &self.by, at);
        } else if failed || accepted {
            let action = if failed { RectificationAction::FailAcceptance } else { RectificationAction::PassAcceptance };
            step(state, &self.organization, action, &self.by, None, at);
        }
    }
}

impl<S: AcceptanceState> Apply<S> for AcceptanceSentBack {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let Some(round) = state
            .acceptance_mut()
            .organizations
            .get_mut(&self.organization)
            .and_then(|a| a.rounds.last_mut())
            .filter(|r| r.number == self.round && r.outcome == RoundOutcome::InProgress)
        else {
            return;
        };
        if round.judgements.last().is_some_and(|j| j.tier == self.tier)
            && let Some(judgement) = round.judgements.pop()
        {
            round.sent_back.push(SentBack { judgement, reason: self.reason.clone(), by: self.by.clone(), at });
        }
    }
}

impl<S: AcceptanceState> Apply<S> for SecretaryAdjusted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(a) = state.acceptance_mut().organizations.get_mut(&self.organization)
            && a.adjustment_due == Some(self.round)
        {
            a.adjustment_due = None;
            a.adjustments.push(SecretaryAdjustment {
                round: self.round,
                old: self.old.clone(),
                new: self.new.clone(),
                reason: self.reason.clone(),
                by: self.by.clone(),
                at,
            });
        }
    }
}
