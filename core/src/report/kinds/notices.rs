//! 通报: the notices issued, and the organizations that look behind.

use super::super::figures::{moment, words};
use super::{Language, Table};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::{
    IssuedNotice, LaggingOrganizationsQuery, LaggingOrganizationsResult, NoticeKind, NoticesQuery, OversightState,
};
use crate::report::{Capped, ReportQuery, ask, every_page, render};
use serde::{Deserialize, Serialize};

/// The notices report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NoticesReport {
    /// The notices, in the order issued (at most `ROW_CAP`, 10,000).
    pub notices: Vec<IssuedNotice>,
    /// Notices beyond the cap, not listed.
    pub omitted: usize,
    /// The organizations that look behind at the report's moment (工作滞后、整建不力、效果不显著).
    pub lagging: LaggingOrganizationsResult,
}

pub(super) fn build<S: OversightState>(state: &S, cx: &QueryContext<'_>, q: &ReportQuery) -> Result<NoticesReport> {
    let mut notices = Capped::new();
    every_page(
        |after| {
            let page = ask(state, cx, &NoticesQuery { after, limit: Some(10_000) })?;
            Ok((page.notices, page.next_after))
        },
        |notice| {
            notices.push(notice);
            Ok(())
        },
    )?;
    let lagging = ask(state, cx, &LaggingOrganizationsQuery { at: q.at })?;
    Ok(NoticesReport { notices: notices.rows, omitted: notices.omitted, lagging })
}

/// A notice's kind in `l`.
fn kind(l: Language, k: NoticeKind) -> String {
    match (l, k) {
        (Language::Zh, NoticeKind::Progress) => "进展通报".to_string(),
        (Language::Zh, NoticeKind::Praise) => "表扬".to_string(),
        (Language::Zh, NoticeKind::Criticism) => "批评".to_string(),
        (Language::En, k) => words(&k),
    }
}

impl NoticesReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut t = Table::new(
            l.pick("通报", "Notices"),
            &[
                l.pick("编号", "Id"),
                l.pick("类别", "Kind"),
                l.pick("标题", "Title"),
                l.pick("涉及党组织", "Organizations named"),
                l.pick("发布时间", "Issued at"),
            ],
        );
        for n in &self.notices {
            t.row(vec![
                n.notice.id.clone(),
                kind(l, n.notice.kind),
                n.notice.title.clone(),
                n.notice.organizations.join(l.pick("、", ", ")),
                moment(n.at),
            ]);
        }
        if self.omitted > 0 {
            t.notes.push(render::omitted(l, self.omitted));
        }
        let mut lagging = Table::new(
            l.pick("工作滞后的党组织（提示）", "Organizations that look behind (suggested)"),
            &[
                l.pick("党组织", "Organization"),
                l.pick("名称", "Name"),
                l.pick("村（社区）代码", "Unit code"),
                l.pick("原因", "Why"),
                l.pick("已约谈", "Admonition talks"),
            ],
        );
        for o in &self.lagging.organizations {
            let reasons: Vec<String> = o
                .reasons
                .iter()
                .map(|(reason, figure)| match l {
                    Language::Zh => format!("{}：{figure}", reason.label_zh()),
                    Language::En => format!("{}: {figure}", words(reason)),
                })
                .collect();
            lagging.row(vec![
                o.organization.clone(),
                o.name.clone(),
                o.unit.to_string(),
                reasons.join(l.pick("；", "; ")),
                o.admonitions.to_string(),
            ]);
        }
        vec![t, lagging]
    }
}
