//! 整改台账: each organization's rectification ledger.

use super::super::figures::words;
use super::{Language, Table, yes_no};
use crate::engine::QueryContext;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::rectification::{LedgerLine, LedgersQuery, RectificationStatus};
use crate::report::{Capped, ReportQuery, ask, every_page, render};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The ledgers report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LedgersReport {
    /// The ledgers by organization id (at most `ROW_CAP`, 10,000).
    pub ledgers: Vec<LedgerLine>,
    /// Ledgers beyond the cap, not listed.
    pub omitted: usize,
    /// How many ledgers stand in each state, over all of them (the listed and the omitted).
    pub by_status: BTreeMap<RectificationStatus, u32>,
}

pub(super) fn build<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    q: &ReportQuery,
    unit: Option<DivisionCode>,
) -> Result<LedgersReport> {
    let (mut ledgers, mut by_status) = (Capped::new(), BTreeMap::new());
    every_page(
        |after| {
            let page = ask(state, cx, &LedgersQuery { at: q.at, status: None, after, limit: Some(10_000) })?;
            Ok((page.ledgers, page.next_after))
        },
        |line| {
            if unit.is_none_or(|u| line.unit == u) {
                *by_status.entry(line.status).or_insert(0) += 1;
                ledgers.push(line);
            }
            Ok(())
        },
    )?;
    Ok(LedgersReport { ledgers: ledgers.rows, omitted: ledgers.omitted, by_status })
}

/// A status in `l`.
fn status(l: Language, s: RectificationStatus) -> String {
    match l {
        Language::Zh => s.label_zh().to_string(),
        Language::En => words(&s),
    }
}

impl LedgersReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut t = Table::new(
            l.pick("整改台账", "Rectification ledgers"),
            &[
                l.pick("党组织", "Organization"),
                l.pick("名称", "Name"),
                l.pick("村（社区）代码", "Unit code"),
                l.pick("列入软弱涣散", "Weak and lax"),
                l.pick("状态", "Status"),
                l.pick("整改措施", "Measures"),
                l.pick("未完成", "Open"),
                l.pick("待核验", "Done, to verify"),
                l.pick("已核验", "Verified"),
                l.pick("逾期", "Overdue"),
                l.pick("关联问题", "Linked problems"),
                l.pick("关联问题已销号", "Linked problems closed"),
                l.pick("结对帮扶", "Pairings"),
            ],
        );
        for line in &self.ledgers {
            let p = &line.progress;
            t.row(vec![
                line.organization.clone(),
                line.name.clone(),
                line.unit.to_string(),
                yes_no(l, line.listed),
                status(l, line.status),
                p.measures.to_string(),
                p.open.to_string(),
                p.done.to_string(),
                p.verified.to_string(),
                p.overdue.to_string(),
                p.linked_problems.to_string(),
                p.linked_problems_closed.to_string(),
                line.pairings.to_string(),
            ]);
        }
        for s in RectificationStatus::ALL {
            let n = self.by_status.get(&s).copied().unwrap_or(0);
            t.notes.push(format!("{}{}{n}", status(l, s), l.pick("：", ": ")));
        }
        if self.omitted > 0 {
            t.notes.push(render::omitted(l, self.omitted));
        }
        vec![t]
    }
}
