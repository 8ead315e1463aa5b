//! The queries of this area: one payload type each, with its permission and its answer.

use super::MicroGridState;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use serde::{Deserialize, Serialize};

/// The micro-grids inside the actor's scope (or of one village or community), with their members'
/// loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MicroGridsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// The page after this grid (the `nextAfter` of the previous page).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many grids (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// One party member's linkage and linked households.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberLinksQuery {
    /// The member's person id.
    pub member: String,
}

/// Every violation of the adopted plans' invariants (unlinked households, unavailable members,
/// bounds, key-person qualification, links across units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkageViolationsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// The position of the first violation of the page (the `nextStart` of the previous page;
    /// positions hold while the head does not move).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<u32>,
    /// At most this many violations (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// Proposes a link plan (nearby, convenient, familiar) from the campaign's state; when re-planning,
/// it keeps every link it can. Adopt it with `adoptLinkPlan`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProposeLinkPlanQuery {
    /// The village or community; absent: all inside the actor's scope.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Use exactly this many members.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub count: Option<u32>,
    /// The seed of the member-choosing heuristic (default 0).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub seed: Option<u64>,
}

/// Survey coverage per micro-grid (households linked to the grid's members).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MicroGridCoverageQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// See [`MicroGridsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MicroGridsResult {
    /// A page of the grids, by id.
    pub grids: Vec<super::MicroGridView>,
    /// The id to pass as `after` for the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// See [`MemberLinksQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberLinksResult {
    /// The member's links.
    pub links: super::MemberLinksView,
}

/// See [`LinkageViolationsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkageViolationsResult {
    /// A page of the violations.
    pub violations: Vec<super::LinkageViolation>,
    /// Key-person violations withheld from this actor (counted only; all of them, not a page's).
    pub withheld: u32,
    /// The position to pass as `start` for the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_start: Option<u32>,
}

/// See [`ProposeLinkPlanQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkPlanProposalResult {
    /// The proposal.
    pub proposal: super::LinkPlanProposal,
}

/// See [`MicroGridCoverageQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MicroGridCoverageResult {
    /// Per micro-grid, by id.
    pub grids: Vec<super::GridCoverageLine>,
    /// Households linked to no micro-grid's member (or not linked).
    pub outside_grids: crate::survey::CoverageCounts,
}

crate::engine::guarded! {
    MicroGridsQuery => Read, "read micro-grids", Filtered;
    MemberLinksQuery => Read, "read member links";
    LinkageViolationsQuery => Read, "read linkage violations", Filtered;
    ProposeLinkPlanQuery => ManageMicroGrids, "propose link plans", Filtered;
    MicroGridCoverageQuery => Read, "read micro-grid coverage", Filtered;
}

impl<S: MicroGridState> Answer<S> for MicroGridsQuery {
    type Output = MicroGridsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<MicroGridsResult> {
        let all = super::views::micro_grids(state, cx.actor, self.unit.as_deref())?;
        let (grids, next_after) = crate::engine::page::after_id(
            all.grids,
            |g| g.id.as_str(),
            self.after.as_deref(),
            self.limit,
            "micro-grid",
        )?;
        Ok(MicroGridsResult { grids, next_after })
    }
}

impl<S: MicroGridState> Answer<S> for MemberLinksQuery {
    type Output = MemberLinksResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<MemberLinksResult> {
        super::views::member_links(state, cx.actor, &self.member)
    }
}

impl<S: MicroGridState> Answer<S> for LinkageViolationsQuery {
    type Output = LinkageViolationsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<LinkageViolationsResult> {
        let all = super::violations::violations(state, cx.actor, self.unit.as_deref())?;
        let (violations, next_start) = crate::engine::page::from_position(all.violations, self.start, self.limit)?;
        Ok(LinkageViolationsResult { violations, withheld: all.withheld, next_start })
    }
}

impl<S: MicroGridState> Answer<S> for ProposeLinkPlanQuery {
    type Output = LinkPlanProposalResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<LinkPlanProposalResult> {
        super::planning::propose(state, cx.actor, cx.head.seq, self.unit.as_deref(), self.count, self.seed)
    }
}

impl<S: MicroGridState> Answer<S> for MicroGridCoverageQuery {
    type Output = MicroGridCoverageResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<MicroGridCoverageResult> {
        super::views::grid_coverage(state, cx.actor, self.unit.as_deref())
    }
}
