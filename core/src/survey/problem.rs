//! Problem categories (重点情形, glossary §3) and the per-village problem list (问题清单) that the
//! survey's findings feed.

use serde::{Deserialize, Serialize};

/// What kind of prominent problem a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ProblemCategory {
    /// 电信网络诈骗.
    TelecomFraud,
    /// 涉毒.
    Drugs,
    /// 黑恶势力, including village bullies (村霸).
    OrganizedCrime,
    /// 非法宗教.
    IllegalReligion,
    /// 邪教迷信: cults and superstition.
    CultsAndSuperstition,
    /// 黄赌: pornography and gambling.
    PornographyAndGambling,
    /// Any other governance problem residents raise.
    Other,
}

impl ProblemCategory {
    /// Every category, in declaration order.
    pub const ALL: [ProblemCategory; 7] = [
        ProblemCategory::TelecomFraud,
        ProblemCategory::Drugs,
        ProblemCategory::OrganizedCrime,
        ProblemCategory::IllegalReligion,
        ProblemCategory::CultsAndSuperstition,
        ProblemCategory::PornographyAndGambling,
        ProblemCategory::Other,
    ];

    /// The category's label in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemCategory::TelecomFraud => "电信网络诈骗",
            ProblemCategory::Drugs => "涉毒",
            ProblemCategory::OrganizedCrime => "黑恶势力（村霸）",
            ProblemCategory::IllegalReligion => "非法宗教",
            ProblemCategory::CultsAndSuperstition => "邪教迷信",
            ProblemCategory::PornographyAndGambling => "黄赌",
            ProblemCategory::Other => "其他",
        }
    }
}

/// The findings of one category in one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryCount {
    /// The category.
    pub category: ProblemCategory,
    /// How many findings.
    pub count: u32,
    /// Their ids, in the order recorded (for the handling loop; ids name no one).
    pub findings: Vec<String>,
}

/// One village's or community's problem list (基层治理突出问题清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemLine {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// All its findings.
    pub total: u32,
    /// By category, in the order of [`ProblemCategory::ALL`]; categories without findings left out.
    pub categories: Vec<CategoryCount>,
}

use super::{ProblemListResult, SurveyState};
use crate::engine::access::Actor;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::Result;
use crate::people::unit_filter;
use std::collections::BTreeMap;

pub(crate) fn problem_list<S: SurveyState>(state: &S, actor: &Actor, unit: Option<&str>) -> Result<ProblemListResult> {
    let only = unit_filter(actor, unit)?;
    let mut by_unit: BTreeMap<DivisionCode, BTreeMap<ProblemCategory, Vec<String>>> = BTreeMap::new();
    for f in state.survey().findings.iter().filter(|f| actor.scope.contains(f.unit) && only.is_none_or(|o| o == f.unit))
    {
        by_unit.entry(f.unit).or_default().entry(f.category).or_default().push(f.id.clone());
    }
    let units = by_unit
        .into_iter()
        .map(|(unit, categories)| ProblemLine {
            unit,
            name: state.organization().units.get(&unit).map(|u| u.name.clone()).unwrap_or_default(),
            total: categories.values().map(|v| v.len() as u32).sum(),
            categories: categories
                .into_iter()
                .map(|(category, findings)| CategoryCount { category, count: findings.len() as u32, findings })
                .collect(),
        })
        .collect();
    Ok(ProblemListResult { units })
}
