//! The special report (专题报告) of the look-back for the district's party-and-masses work bureau: its
//! structured content, and its rendering in Chinese Markdown (deterministic: the same state gives the
//! same bytes, whose SHA-256 `submitSpecialReport` records). Talks are counted, never quoted.

use super::{Review, ReviewQuestion, ReviewState, ReviewStatus, StructuralItem};
use crate::engine::division_code::DivisionCode;
use crate::organization::TeamPost;
use serde::{Deserialize, Serialize};

/// One rated question in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatedQuestion {
    /// The question.
    pub question: ReviewQuestion,
    /// 1 to 5.
    pub score: u8,
}

/// A structural problem found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StructuralProblem {
    /// The item.
    pub item: StructuralItem,
    /// What was found.
    pub notes: String,
}

/// One village's or community's concluded review, as reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitReview {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
    /// The review.
    pub review: String,
    /// The five ratings.
    pub ratings: Vec<RatedQuestion>,
    /// Their mean.
    pub mean_rating: f64,
    /// The secretary's rating.
    pub secretary: u8,
    /// The democratic evaluation's satisfaction (satisfied and basically satisfied over all votes).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub satisfaction: Option<f64>,
    /// Its valid ballots.
    pub ballots: u32,
    /// How many one-to-one talks, home visits and documents.
    pub talks: u32,
    /// Home visits linked.
    pub home_visits: u32,
    /// Documents checked.
    pub documents: u32,
    /// Whether the recorded two committees hold a party secretary and a committee director, with the
    /// secretary appointed (a hint for 领导班子是否健全; the finding is the reviewer's).
    pub team_complete_on_record: bool,
    /// The structural items found to be problems.
    pub problems: Vec<StructuralProblem>,
    /// The conclusion.
    pub conclusion: String,
}

/// A unit without a concluded review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnreviewedUnit {
    /// The unit.
    pub unit: DivisionCode,
    /// Its name.
    pub name: String,
}

/// The special report's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SpecialReport {
    /// The sub-district's name.
    pub subdistrict: String,
    /// The campaign's title.
    pub campaign: String,
    /// Each village and community with a concluded review (its latest), in code order.
    pub units: Vec<UnitReview>,
    /// Those without one.
    pub unreviewed: Vec<UnreviewedUnit>,
}

/// The report over every village and community of the campaign.
pub fn special_report<S: ReviewState>(state: &S) -> SpecialReport {
    report_for(state, |_| true)
}

/// The report over the units `wanted` keeps.
pub(crate) fn report_for<S: ReviewState>(state: &S, wanted: impl Fn(DivisionCode) -> bool) -> SpecialReport {
    let organization = state.organization();
    let (subdistrict, campaign) =
        organization.campaign.as_ref().map(|c| (c.subdistrict.name.clone(), c.title.clone())).unwrap_or_default();
    let reviews = &state.reviews().reviews;
    let mut units = Vec::new();
    let mut unreviewed = Vec::new();
    for (code, u) in organization.units.iter().filter(|(c, u)| u.level.is_village_or_community() && wanted(**c)) {
        let latest = reviews.iter().rev().find(|r| r.unit == *code && r.status == ReviewStatus::Concluded);
        match latest {
            Some(r) => units.push(unit_review(state, r, u.name.clone())),
            None => unreviewed.push(UnreviewedUnit { unit: *code, name: u.name.clone() }),
        }
    }
    SpecialReport { subdistrict, campaign, units, unreviewed }
}

fn unit_review<S: ReviewState>(state: &S, r: &Review, name: String) -> UnitReview {
    let team_complete_on_record =
        state.organization().party_organizations.values().filter(|o| o.unit == r.unit).any(|o| {
            let has = |post: TeamPost| o.two_committees.iter().any(|m| m.post == post);
            o.secretary.is_some() && has(TeamPost::PartySecretary) && has(TeamPost::CommitteeDirector)
        });
    UnitReview {
        unit: r.unit,
        name,
        review: r.id.clone(),
        ratings: r.questions.iter().map(|(q, rating)| RatedQuestion { question: *q, score: rating.score }).collect(),
        mean_rating: r.mean_rating().unwrap_or_default(),
        secretary: r.secretary.as_ref().map_or(0, |s| s.score),
        satisfaction: r.evaluation.as_ref().and_then(|e| e.satisfaction()),
        ballots: r.evaluation.as_ref().map_or(0, |e| e.ballots),
        talks: r.talks.len() as u32,
        home_visits: r.home_visits.len() as u32,
        documents: r.documents.len() as u32,
        team_complete_on_record,
        problems: r.problems().map(|(item, f)| StructuralProblem { item, notes: f.notes.clone() }).collect(),
        conclusion: r.conclusion.clone().unwrap_or_default(),
    }
}

/// A text on one line: line breaks and other control characters become spaces, so that no text can
/// add headings or lists to the report.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The report in Chinese Markdown.
pub fn render_markdown(report: &SpecialReport) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    let total = report.units.len() + report.unreviewed.len();
    let talks: u32 = report.units.iter().map(|u| u.talks).sum();
    let visits: u32 = report.units.iter().map(|u| u.home_visits).sum();
    let documents: u32 = report.units.iter().map(|u| u.documents).sum();
    let ballots: u32 = report.units.iter().map(|u| u.ballots).sum();
    let with_problems = report.units.iter().filter(|u| !u.problems.is_empty()).count();
    let rated: Vec<f64> = report.units.iter().filter_map(|u| u.satisfaction).collect();
    let _ = writeln!(md, "# {}村（社区）“两委”换届“回头看”专题报告\n", report.subdistrict);
    let _ = writeln!(
        md,
        "按照{}的部署，街道对辖区村（社区）“两委”班子开展换届“回头看”，采取谈心谈话、民主测评、入户走访、查阅资料等方式，\
         围绕班子运行顺不顺、工作能力强不强、精神状态好不好、群众反映怎么样、矛盾问题有没有逐一研判。现将有关情况报告如下。\n",
        if report.campaign.is_empty() { "专项行动" } else { &report.campaign }
    );
    let _ = writeln!(md, "## 一、总体情况\n");
    let _ = writeln!(md, "- 完成“回头看”的村（社区）：{} 个，共 {} 个", report.units.len(), total);
    let _ = writeln!(
        md,
        "- 谈心谈话 {talks} 人次，入户走访 {visits} 户次，查阅资料 {documents} 份，民主测评有效票 {ballots} 张"
    );
    if !rated.is_empty() {
        let _ = writeln!(
            md,
            "- 各村（社区）民主测评满意率的平均：{}",
            percent(rated.iter().sum::<f64>() / rated.len() as f64)
        );
    }
    let _ = writeln!(md, "- 发现结构性问题的村（社区）：{with_problems} 个");
    if !report.unreviewed.is_empty() {
        let names: Vec<String> = report.unreviewed.iter().map(|u| one_line(&u.name)).collect();
        let _ = writeln!(md, "- 尚未完成：{}", names.join("、"));
    }
    let _ = writeln!(md, "\n## 二、各村（社区）情况\n");
    for u in &report.units {
        let _ = writeln!(md, "### {}\n", one_line(&u.name));
        let _ = writeln!(md, "| 研判问题 | 评分（1–5） |\n|---|---|");
        for r in &u.ratings {
            let _ = writeln!(md, "| {} | {} |", r.question.label_zh(), r.score);
        }
        let _ = writeln!(md, "| 平均 | {:.1} |\n", u.mean_rating);
        let _ = writeln!(md, "- 书记履职评价：{}/5", u.secretary);
        match u.satisfaction {
            Some(s) => {
                let _ = writeln!(md, "- 民主测评满意率：{}（有效票 {} 张）", percent(s), u.ballots);
            }
            None => {
                let _ = writeln!(md, "- 民主测评：无有效票");
            }
        }
        let _ =
            writeln!(md, "- 谈心谈话 {} 人次，入户走访 {} 户次，查阅资料 {} 份", u.talks, u.home_visits, u.documents);
        let _ = writeln!(md, "- “两委”成员记录显示班子{}", if u.team_complete_on_record { "健全" } else { "不健全" });
        if u.problems.is_empty() {
            let _ = writeln!(md, "- 六项组织建设情况：均无问题");
        } else {
            let _ = writeln!(md, "- 存在的问题：");
            for p in &u.problems {
                let _ = writeln!(md, "  - {}：{}", p.item.label_zh(), one_line(&p.notes));
            }
        }
        let _ = writeln!(md, "- 结论：{}\n", one_line(&u.conclusion));
    }
    md
}
