//! 专题报告: the look-back's special report on the villages' and communities' teams.

use super::super::figures::{moment, rate};
use super::{Language, Table, unit_cells, yes_no};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::report::ask;
use crate::review::{SpecialReportQuery, SpecialReportResult};
use serde::{Deserialize, Serialize};

/// The special report's figures (the review area's own report, with its Chinese Markdown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SpecialReportReport {
    /// The review area's special report.
    pub special: SpecialReportResult,
}

pub(super) fn build<S: OversightState>(state: &S, cx: &QueryContext<'_>) -> Result<SpecialReportReport> {
    Ok(SpecialReportReport { special: ask(state, cx, &SpecialReportQuery {})? })
}

impl SpecialReportReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let report = &self.special.report;
        let mut t = Table::new(
            l.pick("村（社区）“两委”班子研判", "The teams of the villages and communities, as reviewed"),
            &[
                l.pick("村（社区）", "Village or community"),
                l.pick("代码", "Code"),
                l.pick("综合评分", "Mean rating"),
                l.pick("书记评分", "Secretary's rating"),
                l.pick("民主测评满意率", "Democratic evaluation satisfied"),
                l.pick("有效票", "Valid ballots"),
                l.pick("谈心谈话", "Talks"),
                l.pick("入户走访", "Home visits"),
                l.pick("查阅资料", "Documents"),
                l.pick("班子健全（记录）", "Team complete on record"),
                l.pick("结构性问题", "Structural problems"),
                l.pick("结论", "Conclusion"),
            ],
        );
        for u in &report.units {
            let mut row = unit_cells(&u.name, u.unit).to_vec();
            row.extend([
                format!("{:.1}", u.mean_rating),
                u.secretary.to_string(),
                rate(u.satisfaction),
                u.ballots.to_string(),
                u.talks.to_string(),
                u.home_visits.to_string(),
                u.documents.to_string(),
                yes_no(l, u.team_complete_on_record),
                u.problems.len().to_string(),
                u.conclusion.clone(),
            ]);
            t.row(row);
        }
        if !report.unreviewed.is_empty() {
            let names: Vec<String> = report.unreviewed.iter().map(|u| format!("{} {}", u.name, u.unit)).collect();
            t.notes.push(format!("{}{}", l.pick("尚未研判：", "Not reviewed yet: "), names.join(l.pick("、", ", "))));
        }
        for s in &self.special.submissions {
            t.notes.push(match l {
                Language::Zh => format!(
                    "第 {} 版于 {} 报送{}（{} 份研判，SHA-256 {}）",
                    s.version,
                    moment(s.at),
                    s.to,
                    s.reviews.len(),
                    s.sha256
                ),
                Language::En => format!(
                    "version {} sent to {} at {} ({} reviews, SHA-256 {})",
                    s.version,
                    s.to,
                    moment(s.at),
                    s.reviews.len(),
                    s.sha256
                ),
            });
        }
        vec![t]
    }
}
