//! The commands that set the loop up: the campaign's categories, its dispatch targets (departments,
//! offices, committees, special work groups) and its settings.

use super::{
    DispatchTarget, DispatchTargetSet, Level, ProblemCategoryAdded, ProblemEvents, ProblemPolicy, ProblemPolicySet,
    ProblemState, TargetKind,
};
use crate::engine::check::text;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::organization::campaign_in_scope;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Adds a problem category to the campaign's (the built-in ones are the survey's seven and
/// `disputes`, `safetyHazards`, `environment`, `livelihood`, `partyBuilding`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddProblemCategory {
    /// Its code, letters and digits in camelCase (e.g. `floodPrevention`).
    pub code: String,
    /// Its label in Chinese (e.g. `防汛`).
    pub label_zh: String,
}

/// A dispatch target as sent: its units as division codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DispatchTargetSpec {
    /// Its id.
    pub id: String,
    /// What kind of body.
    pub kind: TargetKind,
    /// Its name.
    pub name: String,
    /// The level it works at.
    pub level: Level,
    /// The unit it belongs to (city, district, sub-district, village or community code).
    pub unit: String,
    /// The host's ids of the users who act for it.
    #[serde(default)]
    pub handlers: Vec<String>,
    /// A work group's leader (user id).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub leader: Option<String>,
    /// A work group's members, by name or post.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub members: Vec<String>,
    /// A work group's villages and communities.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub units: Vec<String>,
}

/// Registers a dispatch target, or replaces one (its handlers, members, units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetDispatchTarget {
    /// The target.
    pub target: DispatchTargetSpec,
}

/// Sets the loop's settings: the reopening window and when a deadline is at risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetProblemPolicy {
    /// The settings.
    pub policy: ProblemPolicy,
}

/// The most dispatch targets a campaign registers (problems name them by a 16-bit position).
const MAX_TARGETS: usize = 10_000;

fn division(code: &str, field: &str) -> Result<DivisionCode> {
    DivisionCode::parse(code, field)
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for AddProblemCategory {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        campaign_in_scope(state, cx, "command.code")?;
        let code = self.code.trim();
        let well_formed = (1..=40).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code.chars().all(|c| c.is_ascii_alphanumeric());
        if !well_formed {
            return Err(Error::invalid_field(
                "command.code",
                "a category code is 1 to 40 letters and digits in camelCase",
            ));
        }
        if state.problems().has_category(code) {
            return Err(Error::already_exists("problem category", code, "command.code"));
        }
        let label_zh = text(&self.label_zh, "command.labelZh", 40)?;
        Ok(vec![ProblemCategoryAdded { code: code.to_string(), label_zh }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for SetDispatchTarget {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let subdistrict = campaign_in_scope(state, cx, "command.target.unit")?;
        let t = self.target;
        let id = text(&t.id, "command.target.id", 64)?;
        let name = text(&t.name, "command.target.name", 100)?;
        let unit = division(&t.unit, "command.target.unit")?;
        if !unit.contains(subdistrict) && !subdistrict.contains(unit) {
            return Err(Error::rule(
                "problem.targetServesTheCampaign",
                format!("unit {unit} neither holds nor lies in the campaign's sub-district {subdistrict}"),
            )
            .at_field("command.target.unit"));
        }
        if t.handlers.len() > 200 || t.members.len() > 200 || t.units.len() > 500 {
            return Err(Error::invalid_field("command.target", "at most 200 handlers, 200 members and 500 units"));
        }
        let mut units = Vec::new();
        for (i, u) in t.units.iter().enumerate() {
            let field = format!("command.target.units[{i}]");
            let u = state.organization().village_or_community(u, &field)?;
            cx.actor.require_scope(u, &field)?;
            if !units.contains(&u) {
                units.push(u);
            }
        }
        let handlers: Vec<String> = t
            .handlers
            .iter()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let leader = crate::engine::check::optional_text(t.leader.as_deref());
        if t.kind == TargetKind::WorkGroup && leader.is_none() {
            return Err(Error::rule("problem.workGroupHasLeader", "a special work group has a leader: give `leader`")
                .at_field("command.target.leader"));
        }
        if handlers.is_empty() && leader.is_none() {
            return Err(Error::invalid_field(
                "command.target.handlers",
                "name at least one user who acts for the target",
            ));
        }
        let members = t.members.iter().map(|m| text(m, "command.target.members", 100)).collect::<Result<Vec<_>>>()?;
        let target = DispatchTarget { id, kind: t.kind, name, level: t.level, unit, handlers, leader, members, units };
        let problems = state.problems();
        if problems.target(&target.id).is_none() && problems.targets.len() >= MAX_TARGETS {
            return Err(Error::rule(
                "problem.targetsBounded",
                format!("the campaign has {MAX_TARGETS} dispatch targets: change one instead of adding another"),
            )
            .at_field("command.target.id"));
        }
        if state.problems().target(&target.id) == Some(&target) {
            return Err(Error::rule("problem.updateChangesSomething", format!("target `{}` already is so", target.id))
                .at_field("command.target"));
        }
        Ok(vec![DispatchTargetSet { target }.into()])
    }
}

impl<S: ProblemState, E: ProblemEvents> Decide<S, E> for SetProblemPolicy {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        campaign_in_scope(state, cx, "command.policy")?;
        let p = self.policy;
        if p.reopen_within_working_days > 250
            || p.at_risk_working_days > 30
            || !(1..=10_000).contains(&p.hotspot_serious)
            || !(1..=10_000).contains(&p.hotspot_open)
        {
            return Err(Error::invalid_field(
                "command.policy",
                "`reopenWithinWorkingDays` is at most 250, `atRiskWorkingDays` at most 30, the hotspot thresholds 1 to 10,000",
            ));
        }
        Ok(vec![ProblemPolicySet { policy: p }.into()])
    }
}

crate::engine::guarded! {
    AddProblemCategory => ManageProblems, "manage the problem-handling loop";
    SetDispatchTarget => ManageProblems, "manage the problem-handling loop";
    SetProblemPolicy => ManageProblems, "manage the problem-handling loop";
}
