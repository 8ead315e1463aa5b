//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{
    DemocraticEvaluation, DemocraticEvaluationRecorded, DocumentsReviewed, HomeVisitsLinked, Rating, Review,
    ReviewConcluded, ReviewEvents, ReviewOpened, ReviewQuestion, ReviewQuestionRated, ReviewState, ReviewStatus,
    SecretaryRated, SpecialReportSubmitted, StructuralFinding, StructuralFindingRecorded, StructuralItem, Talk,
    TalksRecorded,
};
use crate::engine::check::{new_id, text, text_or_empty};
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::organization::campaign_in_scope;
use serde::{Deserialize, Serialize};

/// Opens the review of a village's or community's elected team (one open review per unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenReview {
    /// Its id.
    pub id: String,
    /// The village or community.
    pub unit: String,
}

/// Rates one of the five questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateReviewQuestion {
    /// The review.
    pub review: String,
    /// The question.
    pub question: ReviewQuestion,
    /// Its rating, 1 to 5, with notes.
    pub rating: Rating,
}

/// Rates the secretary's performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateSecretary {
    /// The review.
    pub review: String,
    /// The rating, 1 to 5, with notes.
    pub rating: Rating,
}

/// Records one-to-one talks (谈心谈话): whom, and what was said (sensitive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordTalks {
    /// The review.
    pub review: String,
    /// The talks (1 to 200 at once, 2,000 per review).
    pub talks: Vec<Talk>,
}

/// Records the democratic evaluation (民主测评): the valid ballots and the votes of each item, which
/// add up to the ballots. A second one replaces the first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDemocraticEvaluation {
    /// The review.
    pub review: String,
    /// The evaluation (1 to 50 items).
    pub evaluation: DemocraticEvaluation,
}

/// Links survey visits of the unit as the review's home visits (入户走访).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkHomeVisits {
    /// The review.
    pub review: String,
    /// The visits (1 to 1,000 at once).
    pub visits: Vec<String>,
}

/// Records the documents checked (查阅资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDocumentReview {
    /// The review.
    pub review: String,
    /// What was checked (1 to 100 at once), e.g. `2021年“三会一课”记录`.
    pub documents: Vec<String>,
}

/// Records one of the six structural findings: sound, or a problem with notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordStructuralFinding {
    /// The review.
    pub review: String,
    /// The item.
    pub item: StructuralItem,
    /// The finding.
    pub finding: StructuralFinding,
}

/// Concludes a review once the five questions, the secretary, the democratic evaluation and the six
/// findings are recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConcludeReview {
    /// The review.
    pub review: String,
    /// The conclusion.
    pub conclusion: String,
}

/// Records the special report (专题报告) as submitted upward, once every village and community has a
/// concluded review: the reviews it covers and the SHA-256 of its Markdown (query `specialReport`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitSpecialReport {
    /// To whom, e.g. `区委党群工作部`.
    pub to: String,
}

crate::engine::guarded! {
    OpenReview => ManageOrganizations, "review elected teams";
    RateReviewQuestion => ManageOrganizations, "review elected teams";
    RateSecretary => ManageOrganizations, "review elected teams";
    RecordTalks => ManageOrganizations, "review elected teams";
    RecordDemocraticEvaluation => ManageOrganizations, "review elected teams";
    LinkHomeVisits => ManageOrganizations, "review elected teams";
    RecordDocumentReview => ManageOrganizations, "review elected teams";
    RecordStructuralFinding => ManageOrganizations, "review elected teams";
    ConcludeReview => ManageOrganizations, "review elected teams";
    SubmitSpecialReport => ManageOrganizations, "review elected teams";
}

/// The review `id`, in scope and still open.
fn open_review<'a, S: ReviewState>(state: &'a S, cx: &Context<'_>, id: &str) -> Result<&'a Review> {
    let r = state.reviews().reviews.get(id.trim()).ok_or_else(|| Error::not_found("review", id, "command.review"))?;
    cx.actor.require_scope(r.unit, "command.review")?;
    if r.status != ReviewStatus::Open {
        return Err(Error::transition(
            "review.recordWhileOpen",
            format!("review `{}` is concluded: nothing more is recorded in it", r.id),
        )
        .at_field("command.review"));
    }
    Ok(r)
}

fn rating(r: &Rating, field: &str) -> Result<Rating> {
    if !(1..=5).contains(&r.score) {
        return Err(Error::rule("review.ratingOnTheScale", format!("a rating is 1 to 5, not {}", r.score))
            .at_field(format!("{field}.score")));
    }
    Ok(Rating { score: r.score, notes: text_or_empty(&r.notes, &format!("{field}.notes"), 2000)? })
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for OpenReview {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let reviews = &state.reviews().reviews;
        let id = new_id(&self.id, reviews.contains_key(self.id.trim()), "review", "command.id")?;
        let unit = state.organization().village_or_community(&self.unit, "command.unit")?;
        cx.actor.require_scope(unit, "command.unit")?;
        if let Some(open) = reviews.iter().find(|r| r.unit == unit && r.status == ReviewStatus::Open) {
            return Err(Error::rule(
                "review.oneOpenPerUnit",
                format!("review `{}` of {unit} is still open: conclude it first", open.id),
            )
            .at_field("command.unit"));
        }
        Ok(vec![ReviewOpened { id, unit }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for RateReviewQuestion {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        let rating = rating(&self.rating, "command.rating")?;
        Ok(vec![ReviewQuestionRated { review: r.id.clone(), question: self.question, rating }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for RateSecretary {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        let rating = rating(&self.rating, "command.rating")?;
        Ok(vec![SecretaryRated { review: r.id.clone(), rating }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for RecordTalks {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        if self.talks.is_empty() || self.talks.len() > 200 || r.talks.len() + self.talks.len() > 2000 {
            return Err(Error::invalid_field("command.talks", "record 1 to 200 talks at once, 2,000 per review"));
        }
        let mut talks = Vec::with_capacity(self.talks.len());
        for (i, t) in self.talks.iter().enumerate() {
            let field = format!("command.talks[{i}]");
            let person = match t.person.as_deref().map(str::trim) {
                Some(p) => {
                    let field = format!("{field}.person");
                    let person = state.people().persons.get(p).ok_or_else(|| Error::not_found("person", p, &field))?;
                    cx.actor.require_scope(state.people().person_unit(person), &field)?;
                    Some(person.id.clone())
                }
                None => None,
            };
            talks.push(Talk {
                person,
                standing: text(&t.standing, &format!("{field}.standing"), 50)?,
                notes: text(&t.notes, &format!("{field}.notes"), 2000)?,
            });
        }
        Ok(vec![TalksRecorded { review: r.id.clone(), talks }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for RecordDemocraticEvaluation {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        let e = self.evaluation;
        if e.items.is_empty() || e.items.len() > 50 || e.ballots == 0 || e.ballots > 100_000 {
            return Err(Error::invalid_field("command.evaluation", "1 to 50 items and 1 to 100,000 ballots"));
        }
        let mut items = Vec::with_capacity(e.items.len());
        for (i, item) in e.items.iter().enumerate() {
            let field = format!("command.evaluation.items[{i}]");
            let votes = u64::from(item.satisfied) + u64::from(item.basically_satisfied) + u64::from(item.dissatisfied);
            if votes != u64::from(e.ballots) {
                return Err(Error::rule(
                    "review.ballotsAddUp",
                    format!("the votes of item {i} add up to {votes}, not to the {} ballots counted", e.ballots),
                )
                .at_field(field));
            }
            items
                .push(super::EvaluationItem { item: text(&item.item, &format!("{field}.item"), 100)?, ..item.clone() });
        }
        Ok(vec![
            DemocraticEvaluationRecorded {
                review: r.id.clone(),
                evaluation: DemocraticEvaluation { ballots: e.ballots, items },
            }
            .into(),
        ])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for LinkHomeVisits {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        if self.visits.is_empty() || self.visits.len() > 1000 || r.home_visits.len() + self.visits.len() > 10_000 {
            return Err(Error::invalid_field("command.visits", "link 1 to 1,000 visits at once, 10,000 per review"));
        }
        let mut visits = Vec::new();
        for (i, v) in self.visits.iter().enumerate() {
            let field = format!("command.visits[{i}]");
            let visit = state.survey().visits.get(v.trim()).ok_or_else(|| Error::not_found("visit", v, &field))?;
            if visit.unit != r.unit {
                return Err(Error::rule(
                    "review.visitsOfItsUnit",
                    "the visit was made in another village or community",
                )
                .at_field(field));
            }
            if !r.home_visits.contains(&visit.id) && !visits.contains(&visit.id) {
                visits.push(visit.id.clone());
            }
        }
        if visits.is_empty() {
            return Err(Error::rule("review.visitsLinkedOnce", "every one of these visits is already linked")
                .at_field("command.visits"));
        }
        Ok(vec![HomeVisitsLinked { review: r.id.clone(), visits }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for RecordDocumentReview {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        if self.documents.is_empty() || self.documents.len() > 100 || r.documents.len() + self.documents.len() > 1000 {
            return Err(Error::invalid_field(
                "command.documents",
                "record 1 to 100 documents at once, 1,000 per review",
            ));
        }
        let documents = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| text(d, &format!("command.documents[{i}]"), 200))
            .collect::<Result<Vec<_>>>()?;
        Ok(vec![DocumentsReviewed { review: r.id.clone(), documents }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for RecordStructuralFinding {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        // A problem found says what it is; a sound item may go without notes.
        let check = if self.finding.sound { text_or_empty } else { text };
        let notes = check(&self.finding.notes, "command.finding.notes", 2000)?;
        Ok(vec![
            StructuralFindingRecorded {
                review: r.id.clone(),
                item: self.item,
                finding: StructuralFinding { sound: self.finding.sound, notes },
            }
            .into(),
        ])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for ConcludeReview {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let r = open_review(state, cx, &self.review)?;
        let mut missing: Vec<&str> =
            ReviewQuestion::ALL.iter().filter(|q| !r.questions.contains_key(q)).map(|q| q.label_zh()).collect();
        missing.extend(StructuralItem::ALL.iter().filter(|i| !r.findings.contains_key(i)).map(|i| i.label_zh()));
        if r.secretary.is_none() {
            missing.push("书记履职");
        }
        if r.evaluation.is_none() {
            missing.push("民主测评");
        }
        if !missing.is_empty() {
            return Err(Error::rule(
                "review.completeBeforeConclusion",
                format!("review `{}` still lacks: {}", r.id, missing.join("、")),
            )
            .at_field("command.review"));
        }
        let conclusion = text(&self.conclusion, "command.conclusion", 5000)?;
        Ok(vec![ReviewConcluded { review: r.id.clone(), conclusion }.into()])
    }
}

impl<S: ReviewState, E: ReviewEvents> Decide<S, E> for SubmitSpecialReport {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        campaign_in_scope(state, cx, "command.to")?;
        let to = text(&self.to, "command.to", 100)?;
        let report = super::special_report(state);
        if !report.unreviewed.is_empty() {
            return Err(Error::rule(
                "review.reportCoversEveryUnit",
                format!(
                    "{} villages and communities have no concluded review yet: conclude them first",
                    report.unreviewed.len()
                ),
            )
            .at_field("command"));
        }
        let markdown = super::render_markdown(&report);
        let version = state.reviews().submissions.len() as u32 + 1;
        Ok(vec![
            SpecialReportSubmitted {
                version,
                to,
                reviews: report.units.iter().map(|u| u.review.clone()).collect(),
                sha256: crate::engine::record::Digest::of(markdown.as_bytes()).to_hex(),
            }
            .into(),
        ])
    }
}
