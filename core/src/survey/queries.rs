//! The queries of this area: one payload type each, with its permission and its answer.

use super::SurveyState;
use crate::engine::error::Result;
use crate::engine::{Answer, QueryContext};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Survey coverage of the villages and communities inside the actor's scope (or of one), with
/// the scope's total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CoverageQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// A page of the households not yet covered, in registration order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UncoveredHouseholdsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Start after this household id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// The households visited but not covered, the longest-waiting first (by their latest attempt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevisitQueueQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// Every violation of "no household missed" (不漏一户): the households not covered, judged at
/// `at` against the survey phase's deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoHouseholdMissedQuery {
    /// The moment to judge at.
    pub at: DateTime<FixedOffset>,
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// The page after this household (the `nextAfter` of the previous page).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many households (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// The problem list: findings counted by village or community and category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemListQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// The visits of one household, in the order recorded (findings withheld unless the actor sees
/// sensitive data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VisitsQuery {
    /// The household's id.
    pub household: String,
}

/// See [`CoverageQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CoverageResult {
    /// One line per village or community, by code.
    pub units: Vec<super::UnitCoverageLine>,
    /// The sum over the lines.
    pub total: super::CoverageCounts,
}

/// See [`UncoveredHouseholdsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UncoveredHouseholdsResult {
    /// The page.
    pub households: Vec<super::UncoveredLine>,
    /// The id to pass as `after` for the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// See [`RevisitQueueQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RevisitQueueResult {
    /// The households, longest-waiting first.
    pub households: Vec<super::UncoveredLine>,
}

/// See [`NoHouseholdMissedQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoHouseholdMissedResult {
    /// The survey phase's deadline, if the campaign has a survey phase.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline: Option<NaiveDate>,
    /// Whether the deadline has passed at the moment asked.
    pub deadline_passed: bool,
    /// How many households are not covered, in all (not only on this page).
    pub missed: u32,
    /// A page of the households not covered, in registration order.
    pub households: Vec<super::UncoveredLine>,
    /// The id to pass as `after` for the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

/// See [`ProblemListQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemListResult {
    /// One line per village or community with findings, by code.
    pub units: Vec<super::ProblemLine>,
}

/// See [`VisitsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VisitsResult {
    /// The visits.
    pub visits: Vec<super::VisitView>,
}

crate::engine::guarded! {
    CoverageQuery => Read, "read survey coverage", Filtered;
    UncoveredHouseholdsQuery => Read, "read survey coverage", Filtered;
    RevisitQueueQuery => Read, "read the revisit queue", Filtered;
    NoHouseholdMissedQuery => Read, "read survey coverage", Filtered;
    ProblemListQuery => Read, "read the problem list", Filtered;
    VisitsQuery => Read, "read visits";
}

impl<S: SurveyState> Answer<S> for CoverageQuery {
    type Output = CoverageResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<CoverageResult> {
        super::coverage::coverage(state, cx.actor, self.unit.as_deref())
    }
}

impl<S: SurveyState> Answer<S> for UncoveredHouseholdsQuery {
    type Output = UncoveredHouseholdsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<UncoveredHouseholdsResult> {
        super::coverage::uncovered(state, cx.actor, self.unit.as_deref(), self.after.as_deref(), self.limit)
    }
}

impl<S: SurveyState> Answer<S> for RevisitQueueQuery {
    type Output = RevisitQueueResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<RevisitQueueResult> {
        super::coverage::revisit_queue(state, cx.actor, self.unit.as_deref(), self.limit)
    }
}

impl<S: SurveyState> Answer<S> for NoHouseholdMissedQuery {
    type Output = NoHouseholdMissedResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<NoHouseholdMissedResult> {
        super::coverage::no_household_missed(state, cx.actor, self)
    }
}

impl<S: SurveyState> Answer<S> for ProblemListQuery {
    type Output = ProblemListResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ProblemListResult> {
        super::problem::problem_list(state, cx.actor, self.unit.as_deref())
    }
}

impl<S: SurveyState> Answer<S> for VisitsQuery {
    type Output = VisitsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<VisitsResult> {
        super::visit::visits_of(state, cx.actor, &self.household)
    }
}
