//! The commands of this area: the criteria, a tier's judgement, a tier sent back by the one above,
//! and the secretary adjusted after a failed round.

use super::{
    AcceptanceCriteriaSet, AcceptanceCriterion, AcceptanceEvents, AcceptanceJudged, AcceptanceSentBack,
    AcceptanceState, CriterionScore, RoundOutcome, SecretaryAdjusted, Tier, accepted, indicators,
};
use crate::engine::access::Permission;
use crate::engine::check::{text, text_or_empty};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide, Declared, Guarded, ScopeRule};
use crate::organization::{AppointSecretary, campaign_in_scope};
use crate::rectification::RectificationStatus;
use crate::weak_and_lax::village_organization;
use serde::{Deserialize, Serialize};

/// Sets the acceptance's criteria (until then, the plan's three), before any tier has judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetAcceptanceCriteria {
    /// The criteria, 1 to 10.
    pub criteria: Vec<AcceptanceCriterion>,
}

/// A tier judges an organization: the next tier of its running round, or self-evaluation opening
/// the next round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JudgeAcceptance {
    /// The party organization of a village or community.
    pub organization: String,
    /// The tier.
    pub tier: Tier,
    /// Whether it passes.
    pub passed: bool,
    /// Each criterion's score with its evidence (a pass scores every criterion).
    #[serde(default)]
    pub scores: Vec<CriterionScore>,
    /// The judgement in words (required for a fail: why).
    #[serde(default)]
    pub notes: String,
}

/// The tier above sends a tier's judgement back (unlocking it), with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendBackAcceptance {
    /// The party organization.
    pub organization: String,
    /// The tier sent back: the last one judged in the running round.
    pub tier: Tier,
    /// Why.
    pub reason: String,
}

/// Adjusts the secretary of an organization whose round failed (即时调整党组织书记): appoints the new
/// one and records the adjustment with the old one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdjustSecretary {
    /// The party organization.
    pub organization: String,
    /// The new secretary (a full party member's person id).
    pub person: String,
    /// Why.
    pub reason: String,
}

crate::engine::guarded! {
    SetAcceptanceCriteria => ManageCampaign, "set the acceptance's criteria";
    AdjustSecretary => ManageOrganizations, "adjust secretaries";
}

/// The declared cases of a tier's commands: one per tier, each needing its permission.
const JUDGE_CASES: &[(&str, &[Permission])] = &[
    ("selfEvaluation", &[Permission::SelfEvaluate]),
    ("subdistrictAssessment", &[Permission::AssessAcceptance]),
    ("districtEvaluation", &[Permission::EvaluateAcceptance]),
    ("cityVerification", &[Permission::VerifyAcceptance]),
];

impl Guarded for JudgeAcceptance {
    fn permissions(&self) -> &'static [Permission] {
        JUDGE_CASES[self.tier.index()].1
    }
    fn action(&self) -> &'static str {
        "judge this tier of the acceptance"
    }
}

impl Declared for JudgeAcceptance {
    const CASES: &'static [(&'static str, &'static [Permission])] = JUDGE_CASES;
    const SCOPE: ScopeRule = ScopeRule::Target;
}

/// The declared cases of sending back: by the tier sent back, each needing the permission of the
/// tier above (the city's verification has none above: its case is the city's, refused by rule).
const SEND_BACK_CASES: &[(&str, &[Permission])] = &[
    ("selfEvaluation", &[Permission::AssessAcceptance]),
    ("subdistrictAssessment", &[Permission::EvaluateAcceptance]),
    ("districtEvaluation", &[Permission::VerifyAcceptance]),
];

impl Guarded for SendBackAcceptance {
    fn permissions(&self) -> &'static [Permission] {
        SEND_BACK_CASES[self.tier.index().min(SEND_BACK_CASES.len() - 1)].1
    }
    fn action(&self) -> &'static str {
        "send back a tier of the acceptance"
    }
}

impl Declared for SendBackAcceptance {
    const CASES: &'static [(&'static str, &'static [Permission])] = SEND_BACK_CASES;
    const SCOPE: ScopeRule = ScopeRule::Target;
}

impl<S: AcceptanceState, E: AcceptanceEvents> Decide<S, E> for SetAcceptanceCriteria {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        campaign_in_scope(state, cx, "command.criteria")?;
        if state.acceptance().organizations.values().any(|a| !a.rounds.is_empty()) {
            return Err(Error::rule(
                "acceptance.criteriaBeforeJudging",
                "a tier has judged already: the criteria stay as they were for every organization",
            )
            .at_field("command.criteria"));
        }
        if self.criteria.is_empty() || self.criteria.len() > 10 {
            return Err(Error::invalid_field("command.criteria", "from 1 to 10 criteria"));
        }
        let mut criteria = Vec::with_capacity(self.criteria.len());
        for (i, c) in self.criteria.iter().enumerate() {
            let id = text(&c.id, &format!("command.criteria[{i}].id"), 40)?;
            if criteria.iter().any(|x: &AcceptanceCriterion| x.id == id) {
                return Err(Error::already_exists("criterion", &id, &format!("command.criteria[{i}].id")));
            }
            let label = text(&c.label, &format!("command.criteria[{i}].label"), 200)?;
            criteria.push(AcceptanceCriterion { id, label });
        }
        Ok(vec![AcceptanceCriteriaSet { criteria }.into()])
    }
}

impl<S: AcceptanceState, E: AcceptanceEvents> Decide<S, E> for JudgeAcceptance {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let o = village_organization(state, cx, &self.organization, "command.organization")?;
        self.tier.require_level(cx.actor)?;
        let a = state.acceptance().organizations.get(&o.id);
        if accepted(state, &o.id) {
            return Err(Error::transition(
                "acceptance.alreadyAccepted",
                format!("`{}` has passed the city's verification: it is accepted", o.id),
            )
            .at_field("command.organization"));
        }
        // The running round and its next tier, or the next round from self-evaluation.
        let running = a.and_then(|a| a.rounds.last()).filter(|r| r.outcome == RoundOutcome::InProgress);
        let (round, next) = match running {
            Some(r) => (r.number, r.next_tier().unwrap_or(Tier::CityVerification)),
            None => (a.map_or(0, |a| a.rounds.len() as u32) + 1, Tier::SelfEvaluation),
        };
        if self.tier < next {
            return Err(Error::transition(
                "acceptance.tierLocked",
                format!(
                    "the {} of round {round} has passed and is locked: only the tier above may send it back",
                    self.tier.as_str()
                ),
            )
            .at_field("command.tier"));
        }
        if self.tier > next {
            return Err(Error::transition(
                "acceptance.tiersInOrder",
                format!("round {round} of `{}` is at the {}: the tiers run in order", o.id, next.as_str()),
            )
            .at_field("command.tier"));
        }
        if running.is_none()
            && let Some(due) = a.and_then(|a| a.adjustment_due)
        {
            return Err(Error::rule(
                "acceptance.secretaryAdjustedFirst",
                format!("`{}` failed round {due}: adjust its secretary (adjustSecretary) before the next round", o.id),
            )
            .at_field("command.organization"));
        }
        if let Some(l) = state.rectification().ledgers.get(&o.id)
            && l.status != RectificationStatus::ReadyForAcceptance
        {
            return Err(Error::rule(
                "acceptance.readyFirst",
                format!(
                    "the rectification of `{}` is {}: it is judged once marked ready for acceptance",
                    o.id,
                    l.status.as_str()
                ),
            )
            .at_field("command.organization"));
        }
        let criteria = state.acceptance().criteria();
        let mut scores: Vec<CriterionScore> = Vec::with_capacity(self.scores.len());
        for (i, s) in self.scores.into_iter().enumerate() {
            let field = format!("command.scores[{i}]");
            let criterion = s.criterion.trim().to_string();
            if !criteria.iter().any(|c| c.id == criterion) {
                return Err(Error::not_found("criterion", &criterion, &format!("{field}.criterion")));
            }
            if scores.iter().any(|x| x.criterion == criterion) {
                return Err(Error::invalid_field(&format!("{field}.criterion"), "a criterion is scored once"));
            }
            if s.score > 100 {
                return Err(Error::invalid_field(&format!("{field}.score"), "a score is 0 to 100"));
            }
            let evidence = text(&s.evidence, &format!("{field}.evidence"), 2000)?;
            scores.push(CriterionScore { criterion, score: s.score, evidence });
        }
        if self.passed
            && let Some(missing) = criteria.iter().find(|c| !scores.iter().any(|s| s.criterion == c.id))
        {
            return Err(Error::rule(
                "acceptance.passScoresEveryCriterion",
                format!(
                    "a pass scores every criterion, with its evidence: `{}` ({}) is not scored",
                    missing.id, missing.label
                ),
            )
            .at_field("command.scores"));
        }
        let notes = if self.passed {
            text_or_empty(&self.notes, "command.notes", 2000)?
        } else {
            text(&self.notes, "command.notes", 2000)?
        };
        Ok(vec![
            AcceptanceJudged {
                organization: o.id.clone(),
                unit: o.unit,
                round,
                tier: self.tier,
                passed: self.passed,
                scores,
                notes,
                indicators: indicators(state, o, cx.at),
                by: cx.actor.id.clone(),
            }
            .into(),
        ])
    }
}

impl<S: AcceptanceState, E: AcceptanceEvents> Decide<S, E> for SendBackAcceptance {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let o = village_organization(state, cx, &self.organization, "command.organization")?;
        let Some(above) = self.tier.above() else {
            return Err(Error::rule(
                "acceptance.sentBackByTheTierAbove",
                "the city's verification is the last tier: no tier above sends it back",
            )
            .at_field("command.tier"));
        };
        above.require_level(cx.actor)?;
        let round = state.acceptance().organizations.get(&o.id).and_then(|a| a.rounds.last()).filter(|r| {
            r.outcome == RoundOutcome::InProgress && r.judgements.last().is_some_and(|j| j.tier == self.tier)
        });
        let Some(round) = round else {
            return Err(Error::transition(
                "acceptance.sendBackTheLastTier",
                format!(
                    "the {} of `{}` is not the last tier judged in a running round: only that one is sent back",
                    self.tier.as_str(),
                    o.id
                ),
            )
            .at_field("command.tier"));
        };
        let reason = text(&self.reason, "command.reason", 2000)?;
        Ok(vec![
            AcceptanceSentBack {
                organization: o.id.clone(),
                round: round.number,
                tier: self.tier,
                reason,
                by: cx.actor.id.clone(),
            }
            .into(),
        ])
    }
}

impl<S: AcceptanceState, E: AcceptanceEvents> Decide<S, E> for AdjustSecretary {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let o = village_organization(state, cx, &self.organization, "command.organization")?;
        let Some(round) = state.acceptance().organizations.get(&o.id).and_then(|a| a.adjustment_due) else {
            return Err(Error::rule(
                "acceptance.adjustmentAfterAFail",
                format!(
                    "no failed round of `{}` waits for an adjustment: appoint secretaries with `appointSecretary`",
                    o.id
                ),
            )
            .at_field("command.organization"));
        };
        let reason = text(&self.reason, "command.reason", 2000)?;
        let old = o.secretary.clone();
        let appoint = AppointSecretary { party_organization: o.id.clone(), person: self.person.trim().to_string() };
        let mut events: Vec<E> = Decide::<S, E>::decide(appoint, state, cx)?;
        events.push(
            SecretaryAdjusted {
                organization: o.id.clone(),
                round,
                old,
                new: self.person.trim().to_string(),
                reason,
                by: cx.actor.id.clone(),
            }
            .into(),
        );
        Ok(events)
    }
}
