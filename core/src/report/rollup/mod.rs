//! Roll-ups: summaries that add up from a sub-district to a district and a city.
//!
//! Each report that adds up has a summary type whose every field is a count or a sum (or a map of
//! them), with a `merge` that is associative and commutative, the empty summary its identity, and
//! whose merge of sub-districts' summaries equals the summary of their lines taken together
//! (`core/tests/rollup.rs` proves all three). A rate or a mean is never stored: its numerator and
//! denominator are, and a method divides. So a district or city platform combines sub-districts'
//! [`CampaignRollup`]s in whatever engine it runs — [`roll_up`] here, a SQL `GROUP BY` summing the
//! JSON fields, a stream processor, a batch job — without shared state and in any order.
//!
//! A sub-district's roll-up is computed by [`summarize`] only from the areas' own queries, asked as
//! the reader with the switchboard's checks: a role that may not read an area is refused as that
//! area's query refuses it, and a reader sees the figures of its scope.

mod acceptance;
mod coverage;
mod ledgers;
mod markdown;
mod notices;
mod problem_list;
mod problems;
mod timetable;
mod weak_and_lax;

pub use acceptance::{AcceptanceSummary, TierCounts};
pub use coverage::CoverageSummary;
pub use ledgers::LedgerSummary;
pub use markdown::rollup_markdown;
pub use notices::NoticeSummary;
pub use problem_list::ProblemListSummary;
pub use problems::{HandlingCounts, ProblemHandlingSummary, WorkingDays};
pub use timetable::TimetableSummary;
pub use weak_and_lax::{WeakAndLaxLine, WeakAndLaxSummary};

use super::{Language, ReportHeader, ask, every_page};
use crate::acceptance::AcceptanceFunnelQuery;
use crate::engine::division_code::{DivisionCode, OrgLevel};
use crate::engine::error::{Error, ErrorCode, Result};
use crate::engine::wire::{MAX_INPUT_BYTES, from_json};
use crate::engine::{Answer, QueryContext};
use crate::oversight::{NoticesQuery, OversightState, TimetableQuery};
use crate::problem::ProblemSummaryQuery;
use crate::rectification::LedgersQuery;
use crate::survey::{CoverageQuery, ProblemListQuery};
use crate::weak_and_lax::{WeakAndLaxAssessmentQuery, WeakAndLaxListQuery};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Adds `b` to `a`. Saturating, which is still associative and commutative, so that a crafted
/// summary cannot make a merge panic.
pub(crate) fn add(a: &mut u64, b: u64) {
    *a = a.saturating_add(b);
}

/// Adds the counts of `other` into `into`, key by key.
pub(crate) fn merge_counts<K: Ord + Clone>(into: &mut BTreeMap<K, u64>, other: &BTreeMap<K, u64>) {
    for (k, n) in other {
        add(into.entry(k.clone()).or_default(), *n);
    }
}

/// `n / d`, absent when `d` is 0.
pub(crate) fn rate(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// The roll-up of one or more sub-districts' campaigns: one summary per report that adds up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignRollup {
    /// The sub-districts merged into it, by code: a platform sees what it has merged, and
    /// [`roll_up`] refuses one merged twice.
    pub subdistricts: BTreeSet<DivisionCode>,
    /// The door-knock survey's coverage.
    pub coverage: CoverageSummary,
    /// The survey's problem list.
    pub problem_list: ProblemListSummary,
    /// The problem-handling loop.
    pub problems: ProblemHandlingSummary,
    /// The weak-and-lax determination.
    pub weak_and_lax: WeakAndLaxSummary,
    /// The rectification ledgers.
    pub ledgers: LedgerSummary,
    /// The acceptance funnel.
    pub acceptance: AcceptanceSummary,
    /// The supervision's public notices.
    pub notices: NoticeSummary,
    /// The timetable.
    pub timetable: TimetableSummary,
}

impl CampaignRollup {
    /// Adds another roll-up: the union of the sub-districts, the sum of every summary. Associative
    /// and commutative; the empty roll-up (`CampaignRollup::default()`) is its identity. It does not
    /// refuse a sub-district present in both (the set keeps it once, the counts add twice):
    /// [`roll_up`] does.
    pub fn merge(&mut self, other: &CampaignRollup) {
        self.subdistricts.extend(other.subdistricts.iter().copied());
        self.coverage.merge(&other.coverage);
        self.problem_list.merge(&other.problem_list);
        self.problems.merge(&other.problems);
        self.weak_and_lax.merge(&other.weak_and_lax);
        self.ledgers.merge(&other.ledgers);
        self.acceptance.merge(&other.acceptance);
        self.notices.merge(&other.notices);
        self.timetable.merge(&other.timetable);
    }

    /// The merge of every roll-up of `rollups` (the empty roll-up when there is none).
    pub fn merged<'a>(rollups: impl IntoIterator<Item = &'a CampaignRollup>) -> CampaignRollup {
        let mut all = CampaignRollup::default();
        for r in rollups {
            all.merge(r);
        }
        all
    }
}

/// Merges sub-districts' (or districts') roll-ups into one, as a district or city platform does.
///
/// # Errors
/// `INVALID_FIELD` naming `summaries[i].subdistricts` when a code there is not a sub-district's, or
/// when a sub-district of `summaries[i]` is already in an earlier summary (merged twice, its counts
/// would add twice).
pub fn roll_up(summaries: &[CampaignRollup]) -> Result<CampaignRollup> {
    let mut seen: BTreeMap<DivisionCode, usize> = BTreeMap::new();
    for (i, s) in summaries.iter().enumerate() {
        let field = format!("summaries[{i}].subdistricts");
        for code in &s.subdistricts {
            if code.level() != Some(OrgLevel::Subdistrict) {
                return Err(Error::invalid_field(&field, format!("`{code}` is not a sub-district's code")));
            }
            if let Some(j) = seen.insert(*code, i) {
                return Err(Error::invalid_field(
                    &field,
                    format!(
                        "sub-district {code} is already in summaries[{j}]: merged twice, its counts would add twice; leave one out"
                    ),
                ));
            }
        }
    }
    Ok(CampaignRollup::merged(summaries))
}

/// [`roll_up`] over JSON: a JSON array of roll-ups in, the merged roll-up out, for the doors.
///
/// # Errors
/// `INPUT_TOO_LARGE`; `MALFORMED_INPUT` for text that is not a JSON array of roll-ups, naming the
/// bad element as `summaries[i]…`; else as [`roll_up`].
pub fn roll_up_json(json: &str) -> Result<String> {
    if json.len() > MAX_INPUT_BYTES {
        return Err(Error::input_too_large("summaries", json.len()));
    }
    let summaries: Vec<CampaignRollup> = from_json(json).map_err(|e| {
        // The wire names the path from the array (`[3].coverage`): name it as the argument's.
        match e.field.as_deref().filter(|f| f.starts_with('[')) {
            Some(path) => {
                let index = path[1..].split(']').next().unwrap_or_default();
                let field = format!("summaries{path}");
                Error::new(e.code, format!("summaries[{index}] is not a campaign roll-up: {}", e.message))
                    .at_field(field)
            }
            None => Error::new(e.code, format!("`summaries` must be a JSON array of campaign roll-ups: {}", e.message)),
        }
    })?;
    let merged = roll_up(&summaries)?;
    serde_json::to_string(&merged)
        .map_err(|e| Error::new(ErrorCode::MalformedInput, format!("cannot write the roll-up as JSON: {e}")))
}

/// The page size `summarize` follows paged queries with (the queries' maximum).
const PAGE: u32 = 10_000;

/// The roll-up of this campaign's sub-district at `at`, as `cx.actor` may see it: every figure asked
/// of the areas' queries (`coverage`, `problemList`, `problemSummary`, `weakAndLaxAssessment`,
/// `weakAndLaxList`, `ledgers`, `acceptanceFunnel`, `notices`, `timetable`) as the reader, pages
/// followed.
///
/// A roll-up is labelled with its sub-district and merged upward as the whole of it, so only a
/// reader whose scope holds the whole sub-district (its office, the district, the city) may make
/// one: a village cadre's figures, labelled as the sub-district, would be merged as if they were
/// all of it, and the real roll-up refused later as a duplicate.
///
/// # Errors
/// `CAMPAIGN_NOT_OPEN`; `OUT_OF_SCOPE` naming `actor.scope` for a reader whose scope does not hold
/// the whole sub-district; `PERMISSION_DENIED` or `OUT_OF_SCOPE` as the first area query that refuses
/// the reader.
pub fn summarize<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    at: DateTime<FixedOffset>,
) -> Result<CampaignRollup> {
    let subdistrict = state.organization().open_campaign()?.subdistrict.code;
    cx.actor.require_scope(subdistrict, "actor.scope")?;
    let coverage = ask(state, cx, &CoverageQuery { unit: None })?;
    let problem_list = ask(state, cx, &ProblemListQuery { unit: None })?;
    let problems = ask(state, cx, &ProblemSummaryQuery { at, unit: None })?;
    let assessment = ask(state, cx, &WeakAndLaxAssessmentQuery { at })?;
    let list = ask(state, cx, &WeakAndLaxListQuery {})?;
    let mut ledgers = Vec::new();
    every_page(
        |after| {
            let page = ask(state, cx, &LedgersQuery { at, status: None, after, limit: Some(PAGE) })?;
            Ok((page.ledgers, page.next_after))
        },
        |line| {
            ledgers.push(line);
            Ok(())
        },
    )?;
    let funnel = ask(state, cx, &AcceptanceFunnelQuery {})?;
    let mut notices = Vec::new();
    every_page(
        |after| {
            let page = ask(state, cx, &NoticesQuery { after, limit: Some(PAGE) })?;
            Ok((page.notices, page.next_after))
        },
        |notice| {
            notices.push(notice);
            Ok(())
        },
    )?;
    let timetable = ask(state, cx, &TimetableQuery { at })?;
    Ok(CampaignRollup {
        subdistricts: BTreeSet::from([subdistrict]),
        coverage: CoverageSummary::from_lines(&coverage.units),
        problem_list: ProblemListSummary::from_lines(&problem_list.units),
        problems: ProblemHandlingSummary::from_lines(std::slice::from_ref(&problems)),
        weak_and_lax: WeakAndLaxSummary::from_lines(&WeakAndLaxLine::lines(&assessment, &list)),
        ledgers: LedgerSummary::from_lines(&ledgers),
        acceptance: AcceptanceSummary::from_lines(std::slice::from_ref(&funnel)),
        notices: NoticeSummary::from_lines(&notices),
        timetable: TimetableSummary::from_lines(&timetable.items),
    })
}

/// The roll-up of the campaign's sub-district at a moment, as the reader may see it: the summary a
/// district or city platform merges (`rollUp`), with a header tying it to the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RollupQuery {
    /// The moment (deadlines and overdue are judged at it).
    pub at: DateTime<FixedOffset>,
}

/// See [`RollupQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RollupResult {
    /// The campaign, the moment and the head of the log it was computed at.
    pub header: ReportHeader,
    /// The roll-up.
    pub summary: Box<CampaignRollup>,
}

crate::engine::guarded! {
    RollupQuery => Read, "make a roll-up of the whole sub-district", Target;
}

impl<S: OversightState> Answer<S> for RollupQuery {
    type Output = RollupResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<RollupResult> {
        let summary = summarize(state, cx, self.at)?;
        let header = ReportHeader::new(state, cx, "专项行动汇总".to_string(), None, self.at, Language::Zh)?;
        Ok(RollupResult { header, summary: Box::new(summary) })
    }
}
