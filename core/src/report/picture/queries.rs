//! The picture query: which picture, of which unit, at which moment, in which language; and how a
//! picture asks the areas' queries for its figures.

use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use crate::oversight::OversightState;
use crate::report::{Language, ReportHeader};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The pictures the library draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PictureKind {
    /// 微网格分布图: one village's or community's households on a map, coloured by the party member
    /// linked to them, members marked, micro-grids outlined; key-person households marked only for
    /// roles that see key persons. Needs a `unit`.
    MicroGridMap,
    /// 敲门行动覆盖: households covered, visited only and not visited, a bar per village or community.
    Coverage,
    /// 问题办理: open and overdue problems at `at`, a bar per village or community.
    OverdueProblems,
    /// 评估验收漏斗: how many organizations passed and failed each of the four tiers.
    AcceptanceFunnel,
    /// 实施计划表: the timetable (attachment 1) as a Gantt chart, each item coloured by where it
    /// stands at `at` (completed, shown done, open, overdue).
    Timetable,
}

impl PictureKind {
    /// Every kind, in the order above.
    pub const ALL: [PictureKind; 5] = [
        PictureKind::MicroGridMap,
        PictureKind::Coverage,
        PictureKind::OverdueProblems,
        PictureKind::AcceptanceFunnel,
        PictureKind::Timetable,
    ];

    /// The wire name, e.g. `microGridMap`.
    pub fn as_str(self) -> &'static str {
        match self {
            PictureKind::MicroGridMap => "microGridMap",
            PictureKind::Coverage => "coverage",
            PictureKind::OverdueProblems => "overdueProblems",
            PictureKind::AcceptanceFunnel => "acceptanceFunnel",
            PictureKind::Timetable => "timetable",
        }
    }

    /// The picture's title in `language`.
    pub fn title(self, language: Language) -> &'static str {
        match self {
            PictureKind::MicroGridMap => language.pick("微网格分布图", "Micro-grids"),
            PictureKind::Coverage => language.pick("敲门行动覆盖情况", "Door-knock coverage"),
            PictureKind::OverdueProblems => language.pick("问题办理情况", "Open and overdue problems"),
            PictureKind::AcceptanceFunnel => language.pick("评估验收漏斗", "Acceptance funnel"),
            PictureKind::Timetable => language.pick("实施计划表", "Timetable"),
        }
    }
}

/// A picture drawn as SVG: deterministic (the same bytes in every door), masked exactly like the
/// queries it is drawn from, since it asks them as the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PictureQuery {
    /// Which picture.
    pub picture: PictureKind,
    /// The village or community (division code): needed by `microGridMap`; narrows the bar charts to
    /// one unit; refused by the funnel and the timetable, which are campaign-wide.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// The moment the picture describes (overdue is judged at it).
    pub at: DateTime<FixedOffset>,
    /// The language of its labels (default Chinese).
    #[serde(default)]
    pub language: Language,
}

/// See [`PictureQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PictureResult {
    /// What the picture shows and the head of the log it was drawn at.
    pub header: ReportHeader,
    /// The picture: an SVG document, 800 pixels wide.
    pub svg: String,
}

crate::engine::guarded! {
    PictureQuery => Read, "draw a picture", Filtered;
}

impl<S: OversightState> Answer<S> for PictureQuery {
    type Output = PictureResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<PictureResult> {
        let unit = self.unit.as_deref().map(str::trim);
        let header =
            ReportHeader::new(state, cx, self.picture.title(self.language).to_string(), unit, self.at, self.language)?;
        let svg = match self.picture {
            PictureKind::MicroGridMap => {
                let Some(unit) = unit else {
                    return Err(Error::invalid_field(
                        "query.unit",
                        "a micro-grid map is of one village or community: set `unit` to its division code",
                    ));
                };
                let unit = state.organization().village_or_community(unit, "query.unit")?;
                super::micro_grid_map::draw(state, cx, &header, unit)?
            }
            PictureKind::Coverage => super::bars::coverage(state, cx, &header, unit)?,
            PictureKind::OverdueProblems => super::bars::overdue_problems(state, cx, &header, unit)?,
            PictureKind::AcceptanceFunnel | PictureKind::Timetable if unit.is_some() => {
                return Err(Error::invalid_field(
                    "query.unit",
                    format!("the picture `{}` is of the whole campaign: leave `unit` out", self.picture.as_str()),
                ));
            }
            PictureKind::AcceptanceFunnel => super::funnel::draw(state, cx, &header)?,
            PictureKind::Timetable => super::gantt::draw(state, cx, &header)?,
        };
        Ok(PictureResult { header, svg })
    }
}
