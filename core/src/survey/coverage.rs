//! "No household missed" (不漏一户): each household's survey status and the counters per village and
//! community, kept up to date as visits arrive so that the coverage query is a lookup, not a scan.
//!
//! A household is **covered** once any visit covered it ([`VisitOutcome::covers`]) and **attempted
//! only** when it has visits but none covered it. Both depend only on the set of visits, so late,
//! out-of-order visits give the same figures as punctual ones.
//!
//! [`VisitOutcome::covers`]: crate::survey::VisitOutcome::covers

use crate::engine::division_code::DivisionCode;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Where a household stands in the survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CoverageStatus {
    /// No visit yet.
    NotTried,
    /// Visited, but nobody was met (nobody home, refused, moved out).
    AttemptedOnly,
    /// Covered: someone was met, or it was found vacant or a duplicate.
    Covered,
}

/// The survey record of one household (kept beside the households table, at the same position:
/// the household's id is not stored again).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdCoverage {
    /// How many visits it had.
    pub visits: u32,
    /// When the earliest covering visit happened.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub covered_at: Option<DateTime<FixedOffset>>,
    /// When the latest visit that did not cover it happened.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_attempt_at: Option<DateTime<FixedOffset>>,
}

impl HouseholdCoverage {
    /// The household's status.
    pub fn status(&self) -> CoverageStatus {
        if self.covered_at.is_some() {
            CoverageStatus::Covered
        } else if self.visits > 0 {
            CoverageStatus::AttemptedOnly
        } else {
            CoverageStatus::NotTried
        }
    }
}

/// Coverage counts of one unit (or of a whole scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CoverageCounts {
    /// Households registered.
    pub households: u32,
    /// Households covered.
    pub covered: u32,
    /// Households visited but not covered.
    pub attempted_only: u32,
    /// Households not visited yet.
    pub not_tried: u32,
}

impl CoverageCounts {
    /// Counts one household of `status` in (`+1`) or out (`-1`).
    pub(crate) fn count(&mut self, status: CoverageStatus, sign: i8) {
        let add = |n: &mut u32| *n = if sign > 0 { *n + 1 } else { n.saturating_sub(1) };
        add(&mut self.households);
        match status {
            CoverageStatus::Covered => add(&mut self.covered),
            CoverageStatus::AttemptedOnly => add(&mut self.attempted_only),
            CoverageStatus::NotTried => add(&mut self.not_tried),
        }
    }

    /// Adds another unit's counts.
    pub(crate) fn add(&mut self, other: &CoverageCounts) {
        self.households += other.households;
        self.covered += other.covered;
        self.attempted_only += other.attempted_only;
        self.not_tried += other.not_tried;
    }
}

/// The per-unit counters, by unit code.
pub type UnitCoverage = std::collections::BTreeMap<DivisionCode, CoverageCounts>;

/// One village's or community's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitCoverageLine {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// Its counts.
    pub counts: CoverageCounts,
}

/// A household not yet covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UncoveredLine {
    /// The household.
    pub id: String,
    /// Its address.
    pub address: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// `notTried` or `attemptedOnly`.
    pub status: CoverageStatus,
    /// How many visits it had.
    pub visits: u32,
    /// When the latest attempt happened.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_attempt_at: Option<DateTime<FixedOffset>>,
}

use super::{CoverageResult, NoHouseholdMissedResult, RevisitQueueResult, SurveyState, UncoveredHouseholdsResult};
use crate::engine::access::Actor;
use crate::engine::error::{Error, Result};
use crate::people::{page_limit, unit_filter};

pub(crate) fn coverage<S: SurveyState>(state: &S, actor: &Actor, unit: Option<&str>) -> Result<CoverageResult> {
    let only = unit_filter(actor, unit)?;
    let mut total = CoverageCounts::default();
    let units: Vec<UnitCoverageLine> = state
        .organization()
        .units
        .values()
        .filter(|u| {
            u.level.is_village_or_community() && actor.scope.contains(u.code) && only.is_none_or(|o| o == u.code)
        })
        .map(|u| {
            let counts = state.survey().unit_coverage.get(&u.code).copied().unwrap_or_default();
            total.add(&counts);
            UnitCoverageLine { unit: u.code, name: u.name.clone(), counts }
        })
        .collect();
    Ok(CoverageResult { units, total })
}

/// The households not covered inside the actor's scope (and `only`), in registration order from
/// position `start`.
fn uncovered_lines<'s, S: SurveyState>(
    state: &'s S,
    actor: &'s Actor,
    only: Option<DivisionCode>,
    start: usize,
) -> impl Iterator<Item = UncoveredLine> + 's {
    let rows = state.people().households.iter().zip(&state.survey().coverage).skip(start);
    rows.filter(move |(h, c)| {
        c.status() != CoverageStatus::Covered && actor.scope.contains(h.unit) && only.is_none_or(|o| o == h.unit)
    })
    .map(|(h, c)| UncoveredLine {
        id: h.id.clone(),
        address: h.address.clone(),
        unit: h.unit,
        status: c.status(),
        visits: c.visits,
        last_attempt_at: c.last_attempt_at,
    })
}

pub(crate) fn uncovered<S: SurveyState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
    after: Option<&str>,
    limit: Option<u32>,
) -> Result<UncoveredHouseholdsResult> {
    let only = unit_filter(actor, unit)?;
    let limit = page_limit(limit)? as usize;
    let start = match after {
        Some(a) => {
            state.people().households.position(a).ok_or_else(|| Error::not_found("household", a, "query.after"))? + 1
        }
        None => 0,
    };
    let mut households: Vec<UncoveredLine> = uncovered_lines(state, actor, only, start).take(limit + 1).collect();
    let next_after = if households.len() > limit {
        households.truncate(limit);
        households.last().map(|h| h.id.clone())
    } else {
        None
    };
    Ok(UncoveredHouseholdsResult { households, next_after })
}

pub(crate) fn revisit_queue<S: SurveyState>(
    state: &S,
    actor: &Actor,
    unit: Option<&str>,
    limit: Option<u32>,
) -> Result<RevisitQueueResult> {
    let only = unit_filter(actor, unit)?;
    let limit = page_limit(limit)? as usize;
    let mut households: Vec<UncoveredLine> =
        uncovered_lines(state, actor, only, 0).filter(|h| h.status == CoverageStatus::AttemptedOnly).collect();
    // The longest-waiting first; ties in registration order (the sort is stable).
    households.sort_by_key(|h| h.last_attempt_at);
    households.truncate(limit);
    Ok(RevisitQueueResult { households })
}

pub(crate) fn no_household_missed<S: SurveyState>(
    state: &S,
    actor: &Actor,
    query: &super::NoHouseholdMissedQuery,
) -> Result<NoHouseholdMissedResult> {
    let only = unit_filter(actor, query.unit.as_deref())?;
    let deadline = state
        .organization()
        .campaign
        .as_ref()
        .and_then(|c| c.phases.iter().find(|p| p.phase == crate::organization::Phase::Survey))
        .map(|p| p.due);
    // The count is of every household missed; the list is a page of them.
    let missed = uncovered_lines(state, actor, only, 0).count();
    let UncoveredHouseholdsResult { households, next_after } =
        uncovered(state, actor, query.unit.as_deref(), query.after.as_deref(), query.limit)?;
    Ok(NoHouseholdMissedResult {
        deadline,
        deadline_passed: deadline.is_some_and(|d| crate::organization::china_day(query.at) > d),
        missed: u32::try_from(missed).unwrap_or(u32::MAX),
        households,
        next_after,
    })
}
