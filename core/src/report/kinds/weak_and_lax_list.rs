//! 软弱涣散基层党组织名单: the committee's decisions and the lists submitted upward.

use super::super::figures::moment;
use super::{Language, Table};
use crate::engine::QueryContext;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::report::ask;
use crate::weak_and_lax::{WeakAndLaxListQuery, WeakAndLaxListResult};
use serde::{Deserialize, Serialize};

/// The weak-and-lax report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WeakAndLaxListReport {
    /// The decisions (only the unit's, when the report is about one) and the lists submitted.
    pub list: WeakAndLaxListResult,
}

pub(super) fn build<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    unit: Option<DivisionCode>,
) -> Result<WeakAndLaxListReport> {
    let mut list = ask(state, cx, &WeakAndLaxListQuery {})?;
    if let Some(unit) = unit {
        list.decisions.retain(|d| d.unit == unit);
    }
    Ok(WeakAndLaxListReport { list })
}

impl WeakAndLaxListReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut t = Table::new(
            l.pick("研判认定", "The committee's decisions"),
            &[
                l.pick("党组织", "Organization"),
                l.pick("名称", "Name"),
                l.pick("村（社区）代码", "Unit code"),
                l.pick("评分", "Score"),
                l.pick("评分建议", "Suggested by the score"),
                l.pick("认定", "Decision"),
                l.pick("理由", "Reason"),
                l.pick("认定时间", "Decided at"),
            ],
        );
        for d in &self.list.decisions {
            t.row(vec![
                d.organization.clone(),
                d.name.clone(),
                d.unit.to_string(),
                d.assessment.score.to_string(),
                if d.assessment.suggested { l.pick("建议列入", "suggested") } else { "—" }.to_string(),
                if d.propose { l.pick("列入", "listed") } else { l.pick("不列入", "not listed") }.to_string(),
                d.reason.clone(),
                moment(d.at),
            ]);
        }
        let listed = self.list.decisions.iter().filter(|d| d.propose).count();
        t.notes.push(match l {
            Language::Zh => format!("研判 {} 个，认定软弱涣散 {listed} 个。", self.list.decisions.len()),
            Language::En => {
                format!("{} organizations decided on, {listed} found weak and lax.", self.list.decisions.len())
            }
        });
        for s in &self.list.submissions {
            let confirmed = match (&s.confirmed, l) {
                (Some((by, at)), Language::Zh) => format!("{by} 于 {} 确认", moment(*at)),
                (Some((by, at)), Language::En) => format!("confirmed by {by} at {}", moment(*at)),
                (None, _) => l.pick("尚未确认", "not confirmed yet").to_string(),
            };
            t.notes.push(match l {
                Language::Zh => format!(
                    "名单第 {} 版于 {} 报{}：{} 个党组织，{confirmed}",
                    s.version,
                    moment(s.at),
                    s.to,
                    s.organizations.len()
                ),
                Language::En => format!(
                    "list version {} sent to {} at {}: {} organizations, {confirmed}",
                    s.version,
                    s.to,
                    moment(s.at),
                    s.organizations.len()
                ),
            });
        }
        vec![t]
    }
}
