//! The survey (glossary §5–6): the door-knock visits (敲门行动), "no household missed" coverage
//! (不漏一户), the revisit queue, the per-village problem list and the questionnaires the visits
//! answer.
//!
//! Depends on the engine, `organization` and `people` (a visit is of a household, by persons who
//! hold helper roles, and may tag key persons).

mod canonical;
mod commands;
mod coverage;
mod events;
mod problem;
mod queries;
pub mod questionnaire;
mod visit;

pub use commands::*;
pub use coverage::*;
pub use events::*;
pub use problem::*;
pub use queries::*;
pub use visit::*;

use crate::engine::division_code::DivisionCode;
use crate::engine::table::{Keyed, Table};
use crate::people::{People, PeopleEvents, PeopleState};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The survey part of the campaign's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Survey {
    /// Door-knock visits, in the order recorded.
    #[serde(default)]
    pub visits: Table<Arc<Visit>>,
    /// Every finding of the visits, for the problem list.
    #[serde(default)]
    pub findings: Table<FindingRef>,
    /// Each household's survey status, at the household's position in `households`.
    #[serde(default)]
    pub coverage: Vec<HouseholdCoverage>,
    /// Coverage counters per village and community.
    #[serde(default)]
    pub unit_coverage: UnitCoverage,
    /// Every registered questionnaire version.
    #[serde(default)]
    pub questionnaires: questionnaire::QuestionnaireSet,
}

/// Where a finding was made, for the problem list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingRef {
    /// The finding's id.
    pub id: String,
    /// Its category.
    pub category: ProblemCategory,
    /// The visit that made it.
    pub visit: String,
    /// The village or community.
    pub unit: DivisionCode,
}

impl Keyed for FindingRef {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Arc<Visit> {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Survey {
    /// A household's survey status.
    pub fn coverage_of(&self, people: &People, household: &str) -> Option<&HouseholdCoverage> {
        people.households.position(household).and_then(|i| self.coverage.get(i))
    }

    /// Follows a household registered at the end of `households`: not tried yet.
    pub(crate) fn household_registered(&mut self, households: usize, unit: DivisionCode) {
        // Kept at the household's position; a household is registered once (decide checks).
        if self.coverage.len() < households {
            self.coverage.push(HouseholdCoverage::default());
        }
        self.unit_coverage.entry(unit).or_default().count(CoverageStatus::NotTried, 1);
    }

    /// Follows a household moving to another unit: its survey status moves to the new unit's
    /// counters.
    pub(crate) fn household_moving(&mut self, people: &People, household: &str, from: DivisionCode, to: DivisionCode) {
        if let Some(status) = self.coverage_of(people, household).map(|c| c.status()) {
            self.unit_coverage.entry(from).or_default().count(status, -1);
            self.unit_coverage.entry(to).or_default().count(status, 1);
        }
    }
}

/// A state that holds this area's part.
pub trait SurveyState: PeopleState {
    /// This area's part.
    fn survey(&self) -> &Survey;
    /// This area's part, to apply an event.
    fn survey_mut(&mut self) -> &mut Survey;
    /// This area's part with the people it follows, to apply a visit.
    fn survey_and_people_mut(&mut self) -> (&mut Survey, &People);
}

crate::engine::events! {
    /// The events of this area (and the people events a visit records) convert into the domain's
    /// event type.
    pub trait SurveyEvents: PeopleEvents;
    QuestionnaireRegistered, VisitRecorded,
}
