//! The rubric (评估标准) as data, and the assessment it gives an organization: criteria with weights
//! and thresholds, and veto items (一票否决), over the department feedback, the village's problems
//! and the look-back. The rubric only informs: the sub-district committee decides.

use super::{FeedbackSource, WeakAndLaxState};
use crate::calendar::local_date;
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::organization::PartyOrganization;
use crate::problem::Severity;
use crate::review::ReviewStatus;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// What a criterion measures, computed by the library for each organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Measure {
    /// The cases a department reported for the organization (all periods), of one source.
    FeedbackCount {
        /// The source.
        source: FeedbackSource,
    },
    /// The department feedback entries rated serious or critical, of any source.
    SeriousFeedback,
    /// The open problems of its village or community.
    OpenProblems,
    /// Those overdue at the moment of the assessment.
    OverdueProblems,
    /// The open serious or critical problems.
    SeriousProblems,
    /// The mean of the five ratings of its unit's latest concluded look-back (1–5).
    ReviewRating,
    /// The structural problems that look-back found (0–6).
    ReviewStructuralProblems,
    /// Its democratic evaluation's satisfaction (0–1).
    ReviewSatisfaction,
    /// Its rating of the secretary (1–5).
    SecretaryRating,
}

impl Measure {
    /// The range a threshold of this measure lies in.
    fn range(self) -> (f64, f64) {
        match self {
            Measure::ReviewRating | Measure::SecretaryRating => (1.0, 5.0),
            Measure::ReviewSatisfaction => (0.0, 1.0),
            Measure::ReviewStructuralProblems => (0.0, 6.0),
            _ => (0.0, 100_000.0),
        }
    }
}

/// When a criterion or veto is hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// When the measure is at least the threshold (counts: more is worse).
    AtLeast,
    /// When the measure is at most the threshold (ratings: less is worse).
    AtMost,
}

/// A weighted criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Criterion {
    /// Its id.
    pub id: String,
    /// What it says, in Chinese (e.g. `信访问题突出`).
    pub label: String,
    /// What it measures, e.g. `{"kind": "feedbackCount", "source": "petitions"}`.
    pub measure: Measure,
    /// When it is hit.
    pub direction: Direction,
    /// The threshold, within the measure's range.
    pub threshold: f64,
    /// The points it adds when hit (1 to 100; all weights add up to at most 100).
    pub weight: u32,
}

/// A veto item (一票否决): when hit, the organization is suggested whatever its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Veto {
    /// Its id.
    pub id: String,
    /// What it says (e.g. `发生刑事案件`).
    pub label: String,
    /// What it measures, e.g. `{"kind": "feedbackCount", "source": "petitions"}`.
    pub measure: Measure,
    /// When it is hit.
    pub direction: Direction,
    /// The threshold.
    pub threshold: f64,
}

/// A rubric: criteria, vetoes, and the score at which an organization is suggested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rubric {
    /// The criteria (1 to 50).
    pub criteria: Vec<Criterion>,
    /// The veto items (at most 20).
    #[serde(default)]
    pub vetoes: Vec<Veto>,
    /// An organization scoring at least this (1 to 100) is suggested.
    pub suggest_at: u32,
}

impl Rubric {
    /// Checks the rubric: ids, labels, weights and thresholds in range.
    ///
    /// # Errors
    /// `INVALID_FIELD` or `RULE_VIOLATED` (`weakAndLax.rubricInRange`), naming the field.
    pub fn check(&self) -> Result<()> {
        if self.criteria.is_empty() || self.criteria.len() > 50 || self.vetoes.len() > 20 {
            return Err(Error::invalid_field("command.rubric", "1 to 50 criteria and at most 20 vetoes"));
        }
        let out =
            |field: String, message: String| Err(Error::rule("weakAndLax.rubricInRange", message).at_field(field));
        let mut total = 0u32;
        let mut ids = std::collections::BTreeSet::new();
        for (i, c) in self.criteria.iter().enumerate() {
            let field = format!("command.rubric.criteria[{i}]");
            if !short(&c.id, 50) || !short(&c.label, 100) || !ids.insert(c.id.trim()) {
                return Err(Error::invalid_field(&field, "each criterion has a unique id (≤ 50) and a label (≤ 100)"));
            }
            if !(1..=100).contains(&c.weight) {
                return out(format!("{field}.weight"), format!("a weight is 1 to 100, not {}", c.weight));
            }
            total += c.weight;
            let (lo, hi) = c.measure.range();
            if !(lo..=hi).contains(&c.threshold) {
                return out(format!("{field}.threshold"), format!("this measure's threshold lies in {lo} to {hi}"));
            }
        }
        if total > 100 {
            return out("command.rubric.criteria".into(), format!("the weights add up to {total}, more than 100"));
        }
        for (i, v) in self.vetoes.iter().enumerate() {
            let field = format!("command.rubric.vetoes[{i}]");
            if !short(&v.id, 50) || !short(&v.label, 100) || !ids.insert(v.id.trim()) {
                return Err(Error::invalid_field(&field, "each veto has a unique id (≤ 50) and a label (≤ 100)"));
            }
            let (lo, hi) = v.measure.range();
            if !(lo..=hi).contains(&v.threshold) {
                return out(format!("{field}.threshold"), format!("this measure's threshold lies in {lo} to {hi}"));
            }
        }
        if !(1..=100).contains(&self.suggest_at) {
            return out("command.rubric.suggestAt".into(), "`suggestAt` is 1 to 100".into());
        }
        Ok(())
    }
}

/// Whether `s` has 1 to `max` characters once trimmed.
fn short(s: &str, max: usize) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= max
}

/// One criterion or veto as assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AssessedItem {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The measured value (absent when there is nothing to measure, e.g. no concluded look-back).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<f64>,
    /// Whether it is hit.
    pub hit: bool,
    /// The points it adds (0 for a veto).
    pub points: u32,
}

/// An organization's assessment under a rubric at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// The party organization.
    pub organization: String,
    /// Its village or community.
    pub unit: DivisionCode,
    /// The rubric version.
    pub rubric_version: u32,
    /// The moment it was assessed at.
    pub at: DateTime<FixedOffset>,
    /// The score: the points of the criteria hit.
    pub score: u32,
    /// Each criterion.
    pub criteria: Vec<AssessedItem>,
    /// The vetoes hit.
    pub vetoes_hit: Vec<AssessedItem>,
    /// Whether the rubric suggests proposing it: a veto hit, or the score at least `suggestAt`.
    pub suggested: bool,
    /// The reasons, in words: each criterion and veto hit.
    pub reasons: Vec<String>,
}

/// The value of `measure` for organization `o` at `at`.
fn value<S: WeakAndLaxState>(
    state: &S,
    o: &PartyOrganization,
    measure: Measure,
    at: DateTime<FixedOffset>,
) -> Option<f64> {
    let feedback = state.weak_and_lax().feedback.iter().filter(|f| f.organization == o.id);
    let problems = state.problems().problems.iter().filter(|p| p.unit == o.unit && p.status.is_open());
    let review = state.reviews().reviews.iter().rev().find(|r| r.unit == o.unit && r.status == ReviewStatus::Concluded);
    let day = local_date(at);
    Some(match measure {
        // Summed from +0.0: an empty `sum()` of floats is -0.0, which would print as `-0.0`.
        Measure::FeedbackCount { source } => {
            feedback.filter(|f| f.source == source).fold(0.0, |n, f| n + f64::from(f.count))
        }
        Measure::SeriousFeedback => feedback.filter(|f| f.severity >= Severity::Serious).count() as f64,
        Measure::OpenProblems => problems.count() as f64,
        Measure::OverdueProblems => {
            problems.filter(|p| p.clock_runs() && p.due.is_some_and(|d| day > d)).count() as f64
        }
        Measure::SeriousProblems => problems.filter(|p| p.severity >= Severity::Serious).count() as f64,
        Measure::ReviewRating => review?.mean_rating()?,
        Measure::ReviewStructuralProblems => review?.problems().count() as f64,
        Measure::ReviewSatisfaction => review?.evaluation.as_ref()?.satisfaction()?,
        Measure::SecretaryRating => f64::from(review?.secretary.as_ref()?.score),
    })
}

fn hit(direction: Direction, value: Option<f64>, threshold: f64) -> bool {
    match (direction, value) {
        (Direction::AtLeast, Some(v)) => v >= threshold,
        (Direction::AtMost, Some(v)) => v <= threshold,
        (_, None) => false,
    }
}

/// Assesses `o` under the rubric of `version` at `at`.
pub fn assess<S: WeakAndLaxState>(
    state: &S,
    o: &PartyOrganization,
    version: u32,
    rubric: &Rubric,
    at: DateTime<FixedOffset>,
) -> Assessment {
    let mut reasons = Vec::new();
    let mut score = 0;
    let criteria = rubric
        .criteria
        .iter()
        .map(|c| {
            let v = value(state, o, c.measure, at);
            let is_hit = hit(c.direction, v, c.threshold);
            if is_hit {
                score += c.weight;
                reasons.push(format!("{}（{}，+{}分）", c.label, v.map_or(String::new(), show), c.weight));
            }
            AssessedItem {
                id: c.id.clone(),
                label: c.label.clone(),
                value: v,
                hit: is_hit,
                points: if is_hit { c.weight } else { 0 },
            }
        })
        .collect();
    let vetoes_hit: Vec<AssessedItem> = rubric
        .vetoes
        .iter()
        .filter_map(|v| {
            let x = value(state, o, v.measure, at);
            hit(v.direction, x, v.threshold).then(|| {
                reasons.push(format!("一票否决：{}（{}）", v.label, x.map_or(String::new(), show)));
                AssessedItem { id: v.id.clone(), label: v.label.clone(), value: x, hit: true, points: 0 }
            })
        })
        .collect();
    Assessment {
        organization: o.id.clone(),
        unit: o.unit,
        rubric_version: version,
        at,
        score,
        suggested: !vetoes_hit.is_empty() || score >= rubric.suggest_at,
        criteria,
        vetoes_hit,
        reasons,
    }
}

/// A value in words: whole numbers plainly, others with two decimals.
fn show(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}") }
}
