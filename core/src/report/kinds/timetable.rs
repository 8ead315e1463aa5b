//! 实施计划表 (attachment 1): the timetable, completed from what the state shows.

use super::super::figures::{moment, words};
use super::{Language, Table};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::{OversightState, TimetableQuery, TimetableResult, TimetableStatus};
use crate::report::{ReportQuery, ask};
use serde::{Deserialize, Serialize};

/// The timetable report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimetableReport {
    /// The items by due date, each with where it stands at the report's moment.
    pub timetable: TimetableResult,
}

pub(super) fn build<S: OversightState>(state: &S, cx: &QueryContext<'_>, q: &ReportQuery) -> Result<TimetableReport> {
    Ok(TimetableReport { timetable: ask(state, cx, &TimetableQuery { at: q.at })? })
}

/// A status in `l`.
pub(crate) fn status_label(l: Language, s: TimetableStatus) -> &'static str {
    match s {
        TimetableStatus::Completed => l.pick("已完成", "completed"),
        TimetableStatus::ShownDone => l.pick("已达成（未报完成）", "shown done, not reported"),
        TimetableStatus::Open => l.pick("进行中", "open"),
        TimetableStatus::Overdue => l.pick("逾期", "overdue"),
    }
}

impl TimetableReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut t = Table::new(
            l.pick("实施计划表", "Timetable"),
            &[
                l.pick("截止", "Due"),
                l.pick("编号", "Id"),
                l.pick("任务", "Task"),
                l.pick("责任单位", "Owner"),
                l.pick("阶段", "Phase"),
                l.pick("状态", "Status"),
                l.pick("完成时间", "Completed at"),
            ],
        );
        for line in &self.timetable.items {
            let i = &line.item;
            let phase = i.phase.map_or_else(String::new, |p| match l {
                Language::Zh => p.label_zh().to_string(),
                Language::En => words(&p),
            });
            t.row(vec![
                i.due.to_string(),
                i.id.clone(),
                i.task.clone(),
                i.owner.clone(),
                phase,
                status_label(l, line.status).to_string(),
                i.completed_at.map(moment).unwrap_or_default(),
            ]);
        }
        let count = |s| self.timetable.items.iter().filter(|line| line.status == s).count();
        let [done, shown, open, overdue] =
            [TimetableStatus::Completed, TimetableStatus::ShownDone, TimetableStatus::Open, TimetableStatus::Overdue]
                .map(count);
        t.notes.push(match l {
            Language::Zh => format!("已完成 {done} 项，已达成未报 {shown} 项，进行中 {open} 项，逾期 {overdue} 项。"),
            Language::En => format!("{done} completed, {shown} shown done, {open} open, {overdue} overdue."),
        });
        vec![t]
    }
}
