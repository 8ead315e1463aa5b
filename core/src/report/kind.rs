//! The reports the plan's stages end with.

use super::Language;
use serde::{Deserialize, Serialize};

/// A report, one per thing a stage of the plan ends with (`docs/REPORTS.md` has an example of
/// each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ReportKind {
    /// 不漏一户: the door-knock survey's coverage per village and community.
    Coverage,
    /// 突出问题清单: the survey's findings by category per village and community, and how the
    /// problems are being handled.
    ProblemList,
    /// 专题报告: the look-back's special report on the villages' and communities' teams.
    SpecialReport,
    /// 软弱涣散基层党组织名单: the committee's decisions and the lists submitted upward.
    WeakAndLaxList,
    /// 整改台账: each organization's rectification ledger.
    Ledgers,
    /// 评估验收: each organization's standing in the four tiers, and the funnel.
    Acceptance,
    /// 通报: the notices issued, and the organizations that look behind.
    Notices,
    /// 实施计划表 (attachment 1): the timetable, completed from what the state shows.
    Timetable,
}

impl ReportKind {
    /// Every report, in the order of the campaign.
    pub const ALL: [ReportKind; 8] = [
        ReportKind::Coverage,
        ReportKind::ProblemList,
        ReportKind::SpecialReport,
        ReportKind::WeakAndLaxList,
        ReportKind::Ledgers,
        ReportKind::Acceptance,
        ReportKind::Notices,
        ReportKind::Timetable,
    ];

    /// The report's title.
    pub fn title(self, language: Language) -> &'static str {
        match self {
            ReportKind::Coverage => language.pick("敲门行动覆盖情况（不漏一户）", "Door-knock survey coverage"),
            ReportKind::ProblemList => language.pick("突出问题清单", "List of prominent problems"),
            ReportKind::SpecialReport => language.pick("“回头看”专题报告", "Look-back special report"),
            ReportKind::WeakAndLaxList => language.pick("软弱涣散基层党组织名单", "Weak-and-lax party organizations"),
            ReportKind::Ledgers => language.pick("整改台账", "Rectification ledgers"),
            ReportKind::Acceptance => language.pick("评估验收结果", "Acceptance results"),
            ReportKind::Notices => language.pick("督查通报", "Supervision notices"),
            ReportKind::Timetable => language.pick("实施计划表", "Timetable"),
        }
    }

    /// Whether the report can be about one village or community (`unit`); the others are about
    /// the whole sub-district.
    pub fn takes_unit(self) -> bool {
        !matches!(self, ReportKind::SpecialReport | ReportKind::Notices | ReportKind::Timetable)
    }
}
