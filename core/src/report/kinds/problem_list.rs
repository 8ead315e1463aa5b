//! 突出问题清单: the survey's findings by category, and how the problems are handled.

use super::super::figures::{rate, words};
use super::{Language, Table, unit_cells};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::problem::{ProblemFigures, ProblemSummaryQuery, ProblemSummaryResult};
use crate::report::{ReportQuery, ask};
use crate::survey::{ProblemCategory, ProblemListQuery, ProblemListResult};
use serde::{Deserialize, Serialize};

/// The problem-list report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemListReport {
    /// The survey's findings per village and community, by category.
    pub findings: ProblemListResult,
    /// The problems' handling (reported, open, overdue, closed) per village and community.
    pub handling: ProblemSummaryResult,
}

pub(super) fn build<S: OversightState>(state: &S, cx: &QueryContext<'_>, q: &ReportQuery) -> Result<ProblemListReport> {
    let findings = ask(state, cx, &ProblemListQuery { unit: q.unit.clone() })?;
    let handling = ask(state, cx, &ProblemSummaryQuery { at: q.at, unit: q.unit.clone() })?;
    Ok(ProblemListReport { findings, handling })
}

/// A category's label in `l`.
fn category(l: Language, c: ProblemCategory) -> String {
    match l {
        Language::Zh => c.label_zh().to_string(),
        Language::En => words(&c),
    }
}

impl ProblemListReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut columns = vec![
            l.pick("村（社区）", "Village or community").to_string(),
            l.pick("代码", "Code").into(),
            l.pick("合计", "Total").into(),
        ];
        columns.extend(ProblemCategory::ALL.iter().map(|c| category(l, *c)));
        let mut findings = Table {
            title: l.pick("摸排发现的突出问题（按类别）", "Problems found by the survey, by category").to_string(),
            columns,
            ..Table::default()
        };
        let mut totals = vec![0u64; ProblemCategory::ALL.len()];
        for line in &self.findings.units {
            let mut row = unit_cells(&line.name, line.unit).to_vec();
            row.push(line.total.to_string());
            for (i, c) in ProblemCategory::ALL.iter().enumerate() {
                let n = line.categories.iter().find(|x| x.category == *c).map_or(0, |x| x.count);
                totals[i] += u64::from(n);
                row.push(n.to_string());
            }
            findings.row(row);
        }
        let mut total =
            vec![l.pick("合计", "Total").to_string(), String::new(), totals.iter().sum::<u64>().to_string()];
        total.extend(totals.iter().map(u64::to_string));
        findings.row(total);

        let mut handling = Table::new(
            l.pick("问题办理情况", "How the problems are handled"),
            &[
                l.pick("村（社区）", "Village or community"),
                l.pick("代码", "Code"),
                l.pick("上报", "Reported"),
                l.pick("未办结", "Open"),
                l.pick("逾期", "Overdue"),
                l.pick("已办结", "Closed"),
                l.pick("按期办结率", "Closed on time"),
                l.pick("满意率", "Satisfied"),
            ],
        );
        let line = |[name, code]: [String; 2], f: &ProblemFigures| {
            vec![
                name,
                code,
                f.reported.to_string(),
                f.open.to_string(),
                f.overdue.to_string(),
                f.closed.to_string(),
                rate(f.on_time_rate),
                rate(f.satisfaction),
            ]
        };
        for u in &self.handling.by_unit {
            handling.row(line(unit_cells(&u.name, u.unit), &u.figures));
        }
        handling.row(line([l.pick("合计", "Total").to_string(), String::new()], &self.handling.total));
        vec![findings, handling]
    }
}
