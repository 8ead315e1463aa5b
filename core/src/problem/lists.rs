//! The per-village problem list (基层治理突出问题清单, 三(一)1): after analysing the survey, the
//! sub-district establishes which problems each village's or community's list holds. Each
//! establishment is a new version; the list is due by the end of the survey phase.

use super::{ProblemEvents, ProblemItem, ProblemState, ProblemStatus};
use crate::calendar::local_date;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, Apply, Context, Decide, QueryContext};
use crate::organization::Phase;
use crate::people::unit_filter;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// One version of a village's or community's problem list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EstablishedList {
    /// Its version, from 1.
    pub version: u32,
    /// When it was established.
    pub at: DateTime<FixedOffset>,
    /// The problems it holds, in the order given.
    pub problems: Vec<String>,
}

/// Establishes (or re-establishes, as a new version) the problem list of a village or community:
/// the problems of that unit the sub-district's analysis holds to be its prominent ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EstablishProblemList {
    /// The village or community.
    pub unit: String,
    /// Its problems (at most 10,000), none rejected or merged.
    pub problems: Vec<String>,
}

/// A village's or community's problem list was established.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProblemListEstablished {
    /// The unit.
    pub unit: DivisionCode,
    /// The version this establishes.
    pub version: u32,
    /// Its problems.
    pub problems: Vec<String>,
}

/// The established problem lists inside the actor's scope: each unit's latest version with its
/// problems (masked for the reader), when it was due and whether it was established by then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EstablishedProblemListsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// One unit's established list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitProblemList {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// The latest version.
    pub version: u32,
    /// When the first version was established.
    pub first_established_at: DateTime<FixedOffset>,
    /// When the latest was.
    pub established_at: DateTime<FixedOffset>,
    /// The end of the survey phase, by which the list is due.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due: Option<NaiveDate>,
    /// Whether the first version was established by then.
    pub on_time: bool,
    /// Its problems as they stand now (at most 1,000 shown).
    pub problems: Vec<ProblemItem>,
}

/// See [`EstablishedProblemListsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EstablishedProblemListsResult {
    /// The lists, by unit.
    pub lists: Vec<UnitProblemList>,
    /// Villages and communities inside the scope whose list is not yet established.
    pub missing: Vec<DivisionCode>,
}

crate::engine::guarded! {
    EstablishProblemList => ManageProblems, "establish problem lists";
    EstablishedProblemListsQuery => Read, "read the campaign", Filtered;
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for EstablishProblemList {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let unit = state.organization().village_or_community(&self.unit, "command.unit")?;
        cx.actor.require_scope(unit, "command.unit")?;
        if self.problems.len() > 10_000 {
            return Err(Error::invalid_field("command.problems", "a list holds at most 10,000 problems"));
        }
        let table = &state.problems().problems;
        let mut problems: Vec<String> = Vec::new();
        for (i, id) in self.problems.iter().enumerate() {
            let field = format!("command.problems[{i}]");
            let p = table.get(id.trim()).ok_or_else(|| Error::not_found("problem", id, &field))?;
            if p.unit != unit || matches!(p.status, ProblemStatus::Rejected | ProblemStatus::Merged) {
                return Err(Error::rule(
                    "problem.listHoldsItsUnitsProblems",
                    format!("problem `{}` is not a problem of {unit} that the list can hold (another unit, rejected or merged)", p.id),
                )
                .at_field(field));
            }
            if !problems.iter().any(|x| **x == *p.id) {
                problems.push(p.id.to_string());
            }
        }
        let version = state.problems().lists.get(&unit).map_or(0, |v| v.len() as u32) + 1;
        if state.problems().lists.get(&unit).and_then(|v| v.last()).is_some_and(|l| l.problems == problems) {
            return Err(Error::rule(
                "problem.updateChangesSomething",
                format!("the list of {unit} already holds these problems"),
            )
            .at_field("command.problems"));
        }
        Ok(vec![ProblemListEstablished { unit, version, problems }.into()])
    }
}

impl<S: ProblemState> Apply<S> for ProblemListEstablished {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let versions = state.problems_mut().lists.entry(self.unit).or_default();
        versions.push(EstablishedList { version: self.version, at, problems: self.problems.clone() });
    }
}

impl<S: ProblemState> Answer<S> for EstablishedProblemListsQuery {
    type Output = EstablishedProblemListsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<EstablishedProblemListsResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let organization = state.organization();
        let due = organization
            .campaign
            .as_ref()
            .and_then(|c| c.phases.iter().find(|p| p.phase == Phase::Survey))
            .map(|p| p.due);
        let problems = state.problems();
        let mut lists = Vec::new();
        let mut missing = Vec::new();
        for (code, u) in organization.units.iter() {
            let wanted =
                u.level.is_village_or_community() && cx.actor.scope.contains(*code) && unit.is_none_or(|x| x == *code);
            if !wanted {
                continue;
            }
            let Some((first, last)) = problems.lists.get(code).and_then(|v| Some((v.first()?, v.last()?))) else {
                missing.push(*code);
                continue;
            };
            lists.push(UnitProblemList {
                unit: *code,
                name: u.name.clone(),
                version: last.version,
                first_established_at: first.at,
                established_at: last.at,
                due,
                on_time: due.is_none_or(|d| local_date(first.at) <= d),
                problems: last
                    .problems
                    .iter()
                    .take(1000)
                    .filter_map(|id| problems.problems.get(id))
                    .filter(|p| super::views::visible(state, cx.actor, p))
                    .map(|p| ProblemItem::of(state, cx.actor, p))
                    .collect(),
            });
        }
        Ok(EstablishedProblemListsResult { lists, missing })
    }
}
