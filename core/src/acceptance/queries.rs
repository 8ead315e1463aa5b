//! The queries of this area: one organization's acceptance in full, every organization's progress
//! (paged), and the funnel. Notes, evidence and reasons may name people: they are shown only to roles
//! that see sensitive data in the unit.

use super::{
    AcceptanceCriterion, AcceptanceState, Indicators, OrganizationAcceptance, Round, RoundOutcome, Tier, indicators,
};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use crate::organization::PartyOrganization;
use crate::people::page_limit;
use crate::rectification::RectificationStatus;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One organization's acceptance: its rounds, where it stands, and its indicators at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceQuery {
    /// The party organization.
    pub organization: String,
    /// The moment the indicators are computed at.
    pub at: DateTime<FixedOffset>,
}

/// Where an organization stands in the acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptanceStanding {
    /// The party organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// The latest round (0: not begun).
    pub round: u32,
    /// Each tier's outcome in the latest round (absent: not judged).
    pub tiers: BTreeMap<Tier, bool>,
    /// The tier to judge next (absent once accepted, or while a failed round waits for the
    /// secretary's adjustment).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_tier: Option<Tier>,
    /// Passed the city's verification: transformed (转化提质).
    pub accepted: bool,
    /// The failed round whose secretary's adjustment is still due (即时调整党组织书记).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub adjustment_due: Option<u32>,
    /// Its rectification ledger's state, if it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rectification: Option<RectificationStatus>,
}

/// See [`AcceptanceQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptanceResult {
    /// Where it stands.
    pub standing: AcceptanceStanding,
    /// The criteria in force.
    pub criteria: Vec<AcceptanceCriterion>,
    /// Its indicators at the moment.
    pub indicators: Indicators,
    /// Its rounds and secretaries adjusted (words blank for roles that do not see sensitive data).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<OrganizationAcceptance>,
}

/// Every village's and community's organization inside the scope with where it stands (paged by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptancesQuery {
    /// Start after this organization id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// See [`AcceptancesQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptancesResult {
    /// The page.
    pub organizations: Vec<AcceptanceStanding>,
    /// The organization id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// The funnel of the organizations inside the scope: how far each got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptanceFunnelQuery {}

/// One tier of the funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FunnelTier {
    /// The tier.
    pub tier: Tier,
    /// Organizations whose latest round passed it.
    pub passed: u32,
    /// Failures at it, over every round.
    pub failed: u32,
}

/// See [`AcceptanceFunnelQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptanceFunnelResult {
    /// Villages' and communities' organizations in all.
    pub organizations: u32,
    /// Not yet self-evaluated.
    pub not_begun: u32,
    /// Per tier, in order.
    pub tiers: Vec<FunnelTier>,
    /// Accepted (passed the city's verification).
    pub accepted: u32,
    /// In a second round or later.
    pub beyond_first_round: u32,
    /// Failed rounds whose secretary's adjustment is still due.
    pub adjustments_due: u32,
}

crate::engine::guarded! {
    AcceptanceQuery => Read, "read the campaign";
    AcceptancesQuery => Read, "read the campaign", Filtered;
    AcceptanceFunnelQuery => Read, "read the campaign", Filtered;
}

/// Where organization `o` stands.
fn standing<S: AcceptanceState>(state: &S, o: &PartyOrganization) -> AcceptanceStanding {
    let a = state.acceptance().organizations.get(&o.id);
    let last: Option<&Round> = a.and_then(|a| a.rounds.last());
    let accepted = super::accepted(state, &o.id);
    let adjustment_due = a.and_then(|a| a.adjustment_due);
    let next_tier = match last {
        _ if accepted || adjustment_due.is_some() => None,
        Some(r) if r.outcome == RoundOutcome::InProgress => r.next_tier(),
        _ => Some(Tier::SelfEvaluation),
    };
    AcceptanceStanding {
        organization: o.id.clone(),
        name: o.name.clone(),
        unit: o.unit,
        round: last.map_or(0, |r| r.number),
        tiers: last.map(|r| r.judgements.iter().map(|j| (j.tier, j.passed)).collect()).unwrap_or_default(),
        next_tier,
        accepted,
        adjustment_due,
        rectification: state.rectification().ledgers.get(&o.id).map(|l| l.status),
    }
}

impl<S: AcceptanceState> Answer<S> for AcceptanceQuery {
    type Output = AcceptanceResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<AcceptanceResult> {
        let o = state.organization().org_in_scope(cx.actor, &self.organization, "query.organization")?;
        let record = state.acceptance().organizations.get(&o.id).map(|a| {
            let mut a = a.clone();
            if !cx.actor.sees_sensitive_in(o.unit) {
                for r in &mut a.rounds {
                    let judgements = r.judgements.iter_mut().chain(r.sent_back.iter_mut().map(|s| &mut s.judgement));
                    for j in judgements {
                        j.notes.clear();
                        j.scores.iter_mut().for_each(|s| s.evidence.clear());
                    }
                    r.sent_back.iter_mut().for_each(|s| s.reason.clear());
                }
                a.adjustments.iter_mut().for_each(|x| x.reason.clear());
            }
            a
        });
        Ok(AcceptanceResult {
            standing: standing(state, o),
            criteria: state.acceptance().criteria(),
            indicators: indicators(state, o, self.at),
            record,
        })
    }
}

impl<S: AcceptanceState> Answer<S> for AcceptancesQuery {
    type Output = AcceptancesResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<AcceptancesResult> {
        let limit = page_limit(self.limit)? as usize;
        let after = self.after.as_deref().map(str::trim);
        let mut page = state
            .organization()
            .village_organizations_in(cx.actor.scope)
            .filter(|o| after.is_none_or(|a| o.id.as_str() > a));
        let organizations: Vec<AcceptanceStanding> = page.by_ref().take(limit).map(|o| standing(state, o)).collect();
        let next_after = page.next().and(organizations.last().map(|s| s.organization.clone()));
        Ok(AcceptancesResult { organizations, next_after })
    }
}

impl<S: AcceptanceState> Answer<S> for AcceptanceFunnelQuery {
    type Output = AcceptanceFunnelResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<AcceptanceFunnelResult> {
        let mut tiers: Vec<FunnelTier> =
            Tier::ALL.iter().map(|t| FunnelTier { tier: *t, passed: 0, failed: 0 }).collect();
        let mut f = AcceptanceFunnelResult {
            organizations: 0,
            not_begun: 0,
            tiers: Vec::new(),
            accepted: 0,
            beyond_first_round: 0,
            adjustments_due: 0,
        };
        for o in state.organization().village_organizations_in(cx.actor.scope) {
            f.organizations += 1;
            let Some(a) = state.acceptance().organizations.get(&o.id).filter(|a| !a.rounds.is_empty()) else {
                f.not_begun += 1;
                continue;
            };
            f.accepted += u32::from(super::accepted(state, &o.id));
            f.beyond_first_round += u32::from(a.rounds.len() > 1);
            f.adjustments_due += u32::from(a.adjustment_due.is_some());
            for r in &a.rounds {
                if let RoundOutcome::Failed { tier } = r.outcome {
                    tiers[tier.index()].failed += 1;
                }
            }
            if let Some(last) = a.rounds.last() {
                for j in last.judgements.iter().filter(|j| j.passed) {
                    tiers[j.tier.index()].passed += 1;
                }
            }
        }
        f.tiers = tiers;
        Ok(f)
    }
}
