//! The events of this area: one payload type each, with its `apply` (total: an unknown review changes
//! nothing).

use super::{
    DemocraticEvaluation, Rating, ReportSubmission, Review, ReviewQuestion, ReviewState, ReviewStatus,
    StructuralFinding, StructuralItem, Talk,
};
use crate::engine::Apply;
use crate::engine::division_code::DivisionCode;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A review was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewOpened {
    /// Its id.
    pub id: String,
    /// The village or community.
    pub unit: DivisionCode,
}

/// One of the five questions was rated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewQuestionRated {
    /// The review.
    pub review: String,
    /// The question.
    pub question: ReviewQuestion,
    /// The rating.
    pub rating: Rating,
}

/// The secretary's performance was rated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretaryRated {
    /// The review.
    pub review: String,
    /// The rating.
    pub rating: Rating,
}

/// One-to-one talks were recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TalksRecorded {
    /// The review.
    pub review: String,
    /// The talks.
    pub talks: Vec<Talk>,
}

/// The democratic evaluation was recorded (replacing an earlier one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DemocraticEvaluationRecorded {
    /// The review.
    pub review: String,
    /// The evaluation.
    pub evaluation: DemocraticEvaluation,
}

/// Survey visits were linked as home visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HomeVisitsLinked {
    /// The review.
    pub review: String,
    /// The visits newly linked.
    pub visits: Vec<String>,
}

/// Documents were checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentsReviewed {
    /// The review.
    pub review: String,
    /// What was checked.
    pub documents: Vec<String>,
}

/// A structural finding was recorded (replacing an earlier one of the same item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StructuralFindingRecorded {
    /// The review.
    pub review: String,
    /// The item.
    pub item: StructuralItem,
    /// The finding.
    pub finding: StructuralFinding,
}

/// A review was concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewConcluded {
    /// The review.
    pub review: String,
    /// The conclusion.
    pub conclusion: String,
}

/// The special report was submitted upward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpecialReportSubmitted {
    /// Its version.
    pub version: u32,
    /// To whom.
    pub to: String,
    /// The reviews it covers.
    pub reviews: Vec<String>,
    /// The SHA-256 of its Markdown.
    pub sha256: String,
}

fn open<'a, S: ReviewState>(state: &'a mut S, id: &str) -> Option<&'a mut Review> {
    state.reviews_mut().reviews.get_mut(id).filter(|r| r.status == ReviewStatus::Open)
}

impl<S: ReviewState> Apply<S> for ReviewOpened {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        let reviews = &mut state.reviews_mut().reviews;
        if !reviews.contains_key(&self.id) {
            reviews.insert(Review {
                id: self.id.clone(),
                unit: self.unit,
                opened_at: at,
                status: ReviewStatus::Open,
                questions: Default::default(),
                secretary: None,
                talks: Vec::new(),
                evaluation: None,
                home_visits: Vec::new(),
                documents: Vec::new(),
                findings: Default::default(),
                conclusion: None,
                concluded_at: None,
            });
        }
    }
}

impl<S: ReviewState> Apply<S> for ReviewQuestionRated {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.questions.insert(self.question, self.rating.clone());
        }
    }
}

impl<S: ReviewState> Apply<S> for SecretaryRated {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.secretary = Some(self.rating.clone());
        }
    }
}

impl<S: ReviewState> Apply<S> for TalksRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.talks.extend(self.talks.iter().cloned());
        }
    }
}

impl<S: ReviewState> Apply<S> for DemocraticEvaluationRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.evaluation = Some(self.evaluation.clone());
        }
    }
}

impl<S: ReviewState> Apply<S> for HomeVisitsLinked {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.home_visits.extend(self.visits.iter().cloned());
        }
    }
}

impl<S: ReviewState> Apply<S> for DocumentsReviewed {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.documents.extend(self.documents.iter().cloned());
        }
    }
}

impl<S: ReviewState> Apply<S> for StructuralFindingRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.findings.insert(self.item, self.finding.clone());
        }
    }
}

impl<S: ReviewState> Apply<S> for ReviewConcluded {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        if let Some(r) = open(state, &self.review) {
            r.status = ReviewStatus::Concluded;
            r.conclusion = Some(self.conclusion.clone());
            r.concluded_at = Some(at);
        }
    }
}

impl<S: ReviewState> Apply<S> for SpecialReportSubmitted {
    fn apply(&self, state: &mut S, at: DateTime<FixedOffset>) {
        state.reviews_mut().submissions.push(ReportSubmission {
            version: self.version,
            to: self.to.clone(),
            at,
            reviews: self.reviews.clone(),
            sha256: self.sha256.clone(),
        });
    }
}
