//! 评估验收: each organization's standing in the four tiers, and the funnel.

use super::{Language, Table, yes_no};
use crate::acceptance::{AcceptanceFunnelQuery, AcceptanceFunnelResult, AcceptanceStanding, AcceptancesQuery, Tier};
use crate::engine::QueryContext;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::report::{Capped, ask, every_page, render};
use serde::{Deserialize, Serialize};

/// The acceptance report's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AcceptanceReport {
    /// Each organization's standing, by id (at most `ROW_CAP`, 10,000).
    pub organizations: Vec<AcceptanceStanding>,
    /// Organizations beyond the cap, not listed.
    pub omitted: usize,
    /// The funnel over the whole sub-district (as the reader's scope shows it).
    pub funnel: AcceptanceFunnelResult,
}

pub(super) fn build<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    unit: Option<DivisionCode>,
) -> Result<AcceptanceReport> {
    let mut organizations = Capped::new();
    every_page(
        |after| {
            let page = ask(state, cx, &AcceptancesQuery { after, limit: Some(10_000) })?;
            Ok((page.organizations, page.next_after))
        },
        |standing| {
            if unit.is_none_or(|u| standing.unit == u) {
                organizations.push(standing);
            }
            Ok(())
        },
    )?;
    let funnel = ask(state, cx, &AcceptanceFunnelQuery {})?;
    Ok(AcceptanceReport { organizations: organizations.rows, omitted: organizations.omitted, funnel })
}

/// A tier's name in `l`.
pub(crate) fn tier_label(l: Language, tier: Tier) -> &'static str {
    match (l, tier) {
        (Language::Zh, t) => t.label_zh(),
        (Language::En, Tier::SelfEvaluation) => "village/community self-evaluation",
        (Language::En, Tier::SubdistrictAssessment) => "sub-district assessment",
        (Language::En, Tier::DistrictEvaluation) => "district evaluation",
        (Language::En, Tier::CityVerification) => "city verification",
    }
}

impl AcceptanceReport {
    pub(super) fn tables(&self, l: Language) -> Vec<Table> {
        let mut columns = vec![
            l.pick("党组织", "Organization").to_string(),
            l.pick("名称", "Name").into(),
            l.pick("村（社区）代码", "Unit code").into(),
            l.pick("轮次", "Round").into(),
        ];
        columns.extend(Tier::ALL.iter().map(|t| tier_label(l, *t).to_string()));
        columns.extend([l.pick("下一环节", "Next").to_string(), l.pick("已验收", "Accepted").into()]);
        let mut t = Table {
            title: l.pick("各党组织验收情况", "Each organization's standing").to_string(),
            columns,
            ..Table::default()
        };
        for s in &self.organizations {
            let mut row = vec![s.organization.clone(), s.name.clone(), s.unit.to_string(), s.round.to_string()];
            row.extend(Tier::ALL.iter().map(|tier| {
                match s.tiers.get(tier) {
                    Some(true) => l.pick("通过", "pass"),
                    Some(false) => l.pick("未通过", "fail"),
                    None => "—",
                }
                .to_string()
            }));
            row.push(s.next_tier.map_or_else(|| "—".to_string(), |tier| tier_label(l, tier).to_string()));
            row.push(yes_no(l, s.accepted));
            t.row(row);
        }
        if self.omitted > 0 {
            t.notes.push(render::omitted(l, self.omitted));
        }
        let f = &self.funnel;
        let mut funnel = Table::new(
            l.pick("四级验收漏斗", "The four-tier funnel"),
            &[l.pick("环节", "Tier"), l.pick("通过", "Passed"), l.pick("未通过（各轮）", "Failed (all rounds)")],
        );
        for tier in &f.tiers {
            funnel.row(vec![tier_label(l, tier.tier).to_string(), tier.passed.to_string(), tier.failed.to_string()]);
        }
        funnel.notes.push(match l {
            Language::Zh => format!(
                "党组织 {} 个：未开始自评 {} 个，已通过验收 {} 个，进入第二轮及以后 {} 个，待调整书记 {} 个。",
                f.organizations, f.not_begun, f.accepted, f.beyond_first_round, f.adjustments_due
            ),
            Language::En => format!(
                "{} organizations: {} not begun, {} accepted, {} beyond the first round, {} secretary adjustments due.",
                f.organizations, f.not_begun, f.accepted, f.beyond_first_round, f.adjustments_due
            ),
        });
        vec![t, funnel]
    }
}
