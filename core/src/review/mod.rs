//! The election look-back (换届"回头看", 三(一)2, glossary §5): one review of each village's and
//! community's elected team — the five questions rated, the secretary's performance, the four methods
//! with their evidence (one-to-one talks, democratic evaluation, home visits, document review), the six
//! structural findings — concluded, then summed up in the special report (专题报告) that the
//! sub-district sends to the district's party-and-masses work bureau. `docs/REVIEW.md` has the design.
//!
//! Depends on the engine, `organization` (units, party organizations, the two committees) and
//! `survey` (the home visits are survey visits).

mod commands;
mod events;
mod model;
mod queries;
mod report;

pub use commands::*;
pub use events::*;
pub use model::*;
pub use queries::*;
pub use report::*;

use crate::engine::table::Table;
use crate::survey::{SurveyEvents, SurveyState};
use serde::{Deserialize, Serialize};

/// The look-back's part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reviews {
    /// Every review, in the order opened.
    #[serde(default)]
    pub reviews: Table<Review>,
    /// The special reports submitted upward, in order.
    #[serde(default)]
    pub submissions: Vec<ReportSubmission>,
}

impl Reviews {
    /// Whether nothing has happened in this area (snapshots leave it out then).
    pub fn is_empty(&self) -> bool {
        self.reviews.is_empty() && self.submissions.is_empty()
    }
}

/// A state that holds this area's part.
pub trait ReviewState: SurveyState {
    /// This area's part.
    fn reviews(&self) -> &Reviews;
    /// This area's part, to apply an event.
    fn reviews_mut(&mut self) -> &mut Reviews;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait ReviewEvents: SurveyEvents;
    ReviewOpened, ReviewQuestionRated, SecretaryRated, TalksRecorded, DemocraticEvaluationRecorded,
    HomeVisitsLinked, DocumentsReviewed, StructuralFindingRecorded, ReviewConcluded, SpecialReportSubmitted,
}
