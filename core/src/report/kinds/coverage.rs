//! 不漏一户: the door-knock survey's coverage.

use super::super::figures::share;
use super::{Language, Table, unit_cells};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::report::{ReportQuery, ask};
use crate::survey::{CoverageCounts, CoverageQuery, CoverageResult, NoHouseholdMissedQuery};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The coverage report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CoverageReport {
    /// Per village and community, and the total.
    pub coverage: CoverageResult,
    /// The survey phase's deadline, if the campaign has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline: Option<NaiveDate>,
    /// Whether it has passed at the report's moment.
    pub deadline_passed: bool,
}

pub(super) fn build<S: OversightState>(state: &S, cx: &QueryContext<'_>, q: &ReportQuery) -> Result<CoverageReport> {
    let coverage = ask(state, cx, &CoverageQuery { unit: q.unit.clone() })?;
    let missed =
        ask(state, cx, &NoHouseholdMissedQuery { at: q.at, unit: q.unit.clone(), after: None, limit: Some(1) })?;
    Ok(CoverageReport { coverage, deadline: missed.deadline, deadline_passed: missed.deadline_passed })
}

impl CoverageReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut t = Table::new(
            l.pick("各村（社区）覆盖情况", "Coverage by village and community"),
            &[
                l.pick("村（社区）", "Village or community"),
                l.pick("代码", "Code"),
                l.pick("住户", "Households"),
                l.pick("已覆盖", "Covered"),
                l.pick("覆盖率", "Coverage"),
                l.pick("走访未见面", "Visited, not met"),
                l.pick("未走访", "Not visited"),
            ],
        );
        let line = |[name, code]: [String; 2], c: &CoverageCounts| {
            vec![
                name,
                code,
                c.households.to_string(),
                c.covered.to_string(),
                share(c.covered.into(), c.households.into()),
                c.attempted_only.to_string(),
                c.not_tried.to_string(),
            ]
        };
        for u in &self.coverage.units {
            t.row(line(unit_cells(&u.name, u.unit), &u.counts));
        }
        t.row(line([l.pick("合计", "Total").to_string(), String::new()], &self.coverage.total));
        let total = &self.coverage.total;
        let missed = total.attempted_only + total.not_tried;
        t.notes.push(match (self.deadline, l) {
            (Some(d), Language::Zh) => format!(
                "入户摸排截止 {d}{}；尚有 {missed} 户未覆盖。",
                if self.deadline_passed { "（已过）" } else { "" }
            ),
            (Some(d), Language::En) => format!(
                "The survey is due {d}{}; {missed} households are not covered yet.",
                if self.deadline_passed { " (passed)" } else { "" }
            ),
            (None, _) => l.pick("本次专项行动未设入户摸排阶段。", "The campaign has no survey phase.").to_string(),
        });
        vec![t]
    }
}
