//! A review and what it is made of.

use crate::engine::division_code::DivisionCode;
use crate::engine::table::Keyed;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The five questions about a team (glossary §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReviewQuestion {
    /// 班子运行顺不顺: does the team run smoothly.
    RunsSmoothly,
    /// 工作能力强不强: is it capable.
    Capable,
    /// 精神状态好不好: is its morale good.
    Morale,
    /// 群众反映怎么样: what do residents say.
    ResidentsView,
    /// 矛盾问题有没有: is it free of conflicts (a high rating: none).
    FreeOfConflicts,
}

impl ReviewQuestion {
    /// Every question, in the plan's order.
    pub const ALL: [ReviewQuestion; 5] = [
        ReviewQuestion::RunsSmoothly,
        ReviewQuestion::Capable,
        ReviewQuestion::Morale,
        ReviewQuestion::ResidentsView,
        ReviewQuestion::FreeOfConflicts,
    ];

    /// The question in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewQuestion::RunsSmoothly => "班子运行顺不顺",
            ReviewQuestion::Capable => "工作能力强不强",
            ReviewQuestion::Morale => "精神状态好不好",
            ReviewQuestion::ResidentsView => "群众反映怎么样",
            ReviewQuestion::FreeOfConflicts => "矛盾问题有没有",
        }
    }
}

/// The six structural findings (glossary §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum StructuralItem {
    /// 组织设置是否合理.
    OrganizationSetUp,
    /// 领导班子是否健全.
    LeadershipComplete,
    /// 组织制度是否完善.
    RulesComplete,
    /// 经费场所保障是否落实.
    FundingAndPremises,
    /// 作用发挥是否充分.
    RoleFullyPlayed,
    /// 治理是否存在乱象 (sound: no disorder).
    NoGovernanceDisorder,
}

impl StructuralItem {
    /// Every item, in the plan's order.
    pub const ALL: [StructuralItem; 6] = [
        StructuralItem::OrganizationSetUp,
        StructuralItem::LeadershipComplete,
        StructuralItem::RulesComplete,
        StructuralItem::FundingAndPremises,
        StructuralItem::RoleFullyPlayed,
        StructuralItem::NoGovernanceDisorder,
    ];

    /// The item in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            StructuralItem::OrganizationSetUp => "组织设置是否合理",
            StructuralItem::LeadershipComplete => "领导班子是否健全",
            StructuralItem::RulesComplete => "组织制度是否完善",
            StructuralItem::FundingAndPremises => "经费场所保障是否落实",
            StructuralItem::RoleFullyPlayed => "作用发挥是否充分",
            StructuralItem::NoGovernanceDisorder => "治理是否存在乱象",
        }
    }
}

/// A rating on the scale 1 (poor) to 5 (good), with notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rating {
    /// 1 (差) to 5 (好).
    pub score: u8,
    /// Why.
    #[serde(default)]
    pub notes: String,
}

/// One one-to-one talk (谈心谈话): sensitive (who said what).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Talk {
    /// The person talked with, if registered.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub person: Option<String>,
    /// Their post or standing (e.g. `村委委员`, `老党员`, `群众代表`).
    pub standing: String,
    /// What was said.
    pub notes: String,
}

/// The votes of one item of a democratic evaluation (民主测评).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluationItem {
    /// What is evaluated (e.g. `班子整体`, `党组织书记`).
    pub item: String,
    /// 满意.
    pub satisfied: u32,
    /// 基本满意.
    pub basically_satisfied: u32,
    /// 不满意.
    pub dissatisfied: u32,
}

impl EvaluationItem {
    /// Satisfied and basically satisfied over all votes.
    pub fn satisfaction(&self) -> Option<f64> {
        let all = self.satisfied + self.basically_satisfied + self.dissatisfied;
        (all > 0).then(|| f64::from(self.satisfied + self.basically_satisfied) / f64::from(all))
    }
}

/// A democratic evaluation: the valid ballots and the votes per item (each item's votes add up to the
/// ballots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DemocraticEvaluation {
    /// Valid ballots counted.
    pub ballots: u32,
    /// The items.
    pub items: Vec<EvaluationItem>,
}

impl DemocraticEvaluation {
    /// Satisfied and basically satisfied over all votes of all items.
    pub fn satisfaction(&self) -> Option<f64> {
        let (good, all) = self.items.iter().fold((0u64, 0u64), |(g, a), i| {
            let good = u64::from(i.satisfied) + u64::from(i.basically_satisfied);
            (g + good, a + good + u64::from(i.dissatisfied))
        });
        (all > 0).then(|| good as f64 / all as f64)
    }
}

/// A structural finding: sound, or a problem with notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StructuralFinding {
    /// Whether it is sound.
    pub sound: bool,
    /// What was found.
    #[serde(default)]
    pub notes: String,
}

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReviewStatus {
    /// Being done: parts can be recorded.
    Open,
    /// Concluded: final.
    Concluded,
}

/// The review of one village's or community's elected team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// Its id.
    pub id: String,
    /// The village or community.
    pub unit: DivisionCode,
    /// When it was opened.
    pub opened_at: DateTime<FixedOffset>,
    /// Where it stands.
    pub status: ReviewStatus,
    /// The five questions, as rated.
    #[serde(default)]
    pub questions: BTreeMap<ReviewQuestion, Rating>,
    /// The secretary's performance.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secretary: Option<Rating>,
    /// One-to-one talks (sensitive).
    #[serde(default)]
    pub talks: Vec<Talk>,
    /// The democratic evaluation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evaluation: Option<DemocraticEvaluation>,
    /// The survey visits that served as home visits.
    #[serde(default)]
    pub home_visits: Vec<String>,
    /// The documents checked.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The six structural findings, as recorded.
    #[serde(default)]
    pub findings: BTreeMap<StructuralItem, StructuralFinding>,
    /// The conclusion.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conclusion: Option<String>,
    /// When it was concluded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub concluded_at: Option<DateTime<FixedOffset>>,
}

impl Keyed for Review {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Review {
    /// The structural items found to be problems.
    pub fn problems(&self) -> impl Iterator<Item = (StructuralItem, &StructuralFinding)> {
        self.findings.iter().filter(|(_, f)| !f.sound).map(|(i, f)| (*i, f))
    }

    /// The mean of the five ratings, once all are given.
    pub fn mean_rating(&self) -> Option<f64> {
        (self.questions.len() == ReviewQuestion::ALL.len())
            .then(|| self.questions.values().map(|r| f64::from(r.score)).sum::<f64>() / 5.0)
    }
}

/// A special report submitted upward.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportSubmission {
    /// Its version, from 1.
    pub version: u32,
    /// To whom.
    pub to: String,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The reviews it covers.
    pub reviews: Vec<String>,
    /// The SHA-256 of its Markdown as submitted (the same query gives the same bytes).
    pub sha256: String,
}
