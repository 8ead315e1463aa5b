//! The queries of this area: one payload type each, with its permission and its answer.

use super::{
    DemocraticEvaluation, Rating, ReportSubmission, Review, ReviewQuestion, ReviewState, ReviewStatus, SpecialReport,
    StructuralFinding, StructuralItem, Talk, render_markdown, report_for,
};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use crate::people::unit_filter;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The reviews inside the actor's scope, in the order opened (at most one per unit is open; a unit
/// may have concluded ones before it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewsQuery {
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
}

/// One review in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewLine {
    /// Its id.
    pub id: String,
    /// The unit.
    pub unit: DivisionCode,
    /// Where it stands.
    pub status: ReviewStatus,
    /// The mean of the five ratings, once all are given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mean_rating: Option<f64>,
    /// The secretary's rating.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secretary: Option<u8>,
    /// The democratic evaluation's satisfaction.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub satisfaction: Option<f64>,
    /// How many structural items are problems.
    pub problems: u32,
    /// How many of the five questions and six findings are recorded.
    pub recorded: u32,
}

/// See [`ReviewsQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewsResult {
    /// The reviews (at most 10,000).
    pub reviews: Vec<ReviewLine>,
}

/// One review in full; its talks' persons and notes only for roles that see sensitive data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewQuery {
    /// Its id.
    pub id: String,
}

/// A review as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewView {
    /// Its id.
    pub id: String,
    /// The unit.
    pub unit: DivisionCode,
    /// When opened.
    pub opened_at: DateTime<FixedOffset>,
    /// Where it stands.
    pub status: ReviewStatus,
    /// The five questions rated so far.
    pub questions: BTreeMap<ReviewQuestion, Rating>,
    /// The secretary's rating.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secretary: Option<Rating>,
    /// How many talks.
    pub talk_count: u32,
    /// The talks (empty when masked).
    pub talks: Vec<Talk>,
    /// The democratic evaluation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evaluation: Option<DemocraticEvaluation>,
    /// Its satisfaction.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub satisfaction: Option<f64>,
    /// Home visits.
    pub home_visits: Vec<String>,
    /// Documents checked.
    pub documents: Vec<String>,
    /// The structural findings recorded so far.
    pub findings: BTreeMap<StructuralItem, StructuralFinding>,
    /// The conclusion.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conclusion: Option<String>,
    /// When concluded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub concluded_at: Option<DateTime<FixedOffset>>,
    /// Whether the talks are left out.
    pub masked: bool,
}

/// See [`ReviewQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewResult {
    /// The review.
    pub review: ReviewView,
}

/// The special report (专题报告) over the villages and communities inside the actor's scope: its
/// content, its Chinese Markdown, and the versions submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpecialReportQuery {}

/// See [`SpecialReportQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SpecialReportResult {
    /// The content.
    pub report: SpecialReport,
    /// The report in Chinese Markdown.
    pub markdown: String,
    /// The versions submitted upward.
    pub submissions: Vec<ReportSubmission>,
}

crate::engine::guarded! {
    ReviewsQuery => Read, "read the campaign", Filtered;
    ReviewQuery => Read, "read the campaign";
    SpecialReportQuery => Read, "read the campaign", Filtered;
}

fn line(r: &Review) -> ReviewLine {
    ReviewLine {
        id: r.id.clone(),
        unit: r.unit,
        status: r.status,
        mean_rating: r.mean_rating(),
        secretary: r.secretary.as_ref().map(|s| s.score),
        satisfaction: r.evaluation.as_ref().and_then(DemocraticEvaluation::satisfaction),
        problems: r.problems().count() as u32,
        recorded: (r.questions.len() + r.findings.len()) as u32,
    }
}

impl<S: ReviewState> Answer<S> for ReviewsQuery {
    type Output = ReviewsResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ReviewsResult> {
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let reviews = state
            .reviews()
            .reviews
            .iter()
            .filter(|r| cx.actor.scope.contains(r.unit) && unit.is_none_or(|u| u == r.unit))
            .take(10_000)
            .map(line)
            .collect();
        Ok(ReviewsResult { reviews })
    }
}

impl<S: ReviewState> Answer<S> for ReviewQuery {
    type Output = ReviewResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<ReviewResult> {
        let r =
            state.reviews().reviews.get(&self.id).ok_or_else(|| Error::not_found("review", &self.id, "query.id"))?;
        cx.actor.require_scope(r.unit, "query.id")?;
        let sees = cx.actor.sees_sensitive_in(r.unit);
        Ok(ReviewResult {
            review: ReviewView {
                id: r.id.clone(),
                unit: r.unit,
                opened_at: r.opened_at,
                status: r.status,
                questions: r.questions.clone(),
                // The secretary's rating judges a known person: its words for roles that see sensitive data.
                secretary: r.secretary.clone().map(|s| if sees { s } else { Rating { notes: String::new(), ..s } }),
                talk_count: r.talks.len() as u32,
                talks: if sees { r.talks.clone() } else { Vec::new() },
                evaluation: r.evaluation.clone(),
                satisfaction: r.evaluation.as_ref().and_then(DemocraticEvaluation::satisfaction),
                home_visits: r.home_visits.clone(),
                documents: r.documents.clone(),
                findings: r.findings.clone(),
                conclusion: r.conclusion.clone(),
                concluded_at: r.concluded_at,
                masked: !sees,
            },
        })
    }
}

impl<S: ReviewState> Answer<S> for SpecialReportQuery {
    type Output = SpecialReportResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<SpecialReportResult> {
        let report = report_for(state, |u| cx.actor.scope.contains(u));
        let markdown = render_markdown(&report);
        // A submission names the reviews it covers: only those inside the reader's scope are shown.
        let reviews = &state.reviews().reviews;
        let submissions = state
            .reviews()
            .submissions
            .iter()
            .map(|s| ReportSubmission {
                reviews: s
                    .reviews
                    .iter()
                    .filter(|r| reviews.get(r).is_some_and(|r| cx.actor.scope.contains(r.unit)))
                    .cloned()
                    .collect(),
                ..s.clone()
            })
            .collect();
        Ok(SpecialReportResult { report, markdown, submissions })
    }
}
