//! The campaign's state: each area's part side by side, and the engine's accepted commands.
//!
//! It is written and read in the flat form snapshots have always had (`campaign`, `units`, …,
//! `microGrids`), field for field, so that a snapshot taken before the areas were split restores and
//! digests to the same bytes.

use crate::acceptance::{Acceptance, AcceptanceState};
use crate::calendar::{Calendar, CalendarState};
use crate::care::{Care, CareState};
use crate::engine::AcceptedCommand;
use crate::engine::division_code::DivisionCode;
use crate::engine::table::Table;
use crate::micro_grid::{MicroGridState, MicroGrids};
use crate::organization::{Organization, OrganizationState, Roster};
use crate::oversight::{Oversight, OversightState};
use crate::participation::{Participation, ParticipationState};
use crate::people::{People, PeopleState};
use crate::problem::{ProblemState, Problems};
use crate::rectification::{LedgerOrigin, Rectification, RectificationState};
use crate::review::{ReviewState, Reviews};
use crate::survey::{Survey, SurveyState};
use crate::weak_and_lax::{WeakAndLax, WeakAndLaxState};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The whole state of one campaign.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    /// Organization units, party organizations, the leading group and the schedule.
    pub organization: Organization,
    /// Persons and households.
    pub people: People,
    /// Accepted commands, in order (the engine's).
    pub commands: Table<AcceptedCommand>,
    /// Visits, findings, coverage and questionnaires.
    pub survey: Survey,
    /// Micro-grids, member linkage and links.
    pub micro_grids: MicroGrids,
    /// The years of holidays published by command.
    pub calendar: Calendar,
    /// The problem-handling loop.
    pub problems: Problems,
    /// Key persons' care.
    pub care: Care,
    /// The election look-back.
    pub reviews: Reviews,
    /// Weak-and-lax determination.
    pub weak_and_lax: WeakAndLax,
    /// Rectification ledgers and pairings.
    pub rectification: Rectification,
    /// Study, pledges and volunteer service.
    pub participation: Participation,
    /// The four-tier acceptance.
    pub acceptance: Acceptance,
    /// Supervision and appraisal.
    pub oversight: Oversight,
}

impl OrganizationState for State {
    fn organization(&self) -> &Organization {
        &self.organization
    }
    fn organization_mut(&mut self) -> &mut Organization {
        &mut self.organization
    }
    fn roster(&self) -> &dyn Roster {
        &self.people
    }
    fn milestone_reached(&self, milestone: crate::organization::Milestone) -> bool {
        crate::oversight::milestone_reached(self, milestone)
    }
}

impl PeopleState for State {
    fn people(&self) -> &People {
        &self.people
    }
    fn people_mut(&mut self) -> &mut People {
        &mut self.people
    }
    fn household_registered(&mut self, unit: DivisionCode) {
        self.survey.household_registered(self.people.households.len(), unit);
    }
    fn household_moving(&mut self, household: &str, from: DivisionCode, to: DivisionCode) {
        self.survey.household_moving(&self.people, household, from, to);
    }
}

impl SurveyState for State {
    fn survey(&self) -> &Survey {
        &self.survey
    }
    fn survey_mut(&mut self) -> &mut Survey {
        &mut self.survey
    }
    fn survey_and_people_mut(&mut self) -> (&mut Survey, &People) {
        (&mut self.survey, &self.people)
    }
}

impl CalendarState for State {
    fn calendar(&self) -> &Calendar {
        &self.calendar
    }
    fn calendar_mut(&mut self) -> &mut Calendar {
        &mut self.calendar
    }
}

impl WeakAndLaxState for State {
    fn weak_and_lax(&self) -> &WeakAndLax {
        &self.weak_and_lax
    }
    fn weak_and_lax_mut(&mut self) -> &mut WeakAndLax {
        &mut self.weak_and_lax
    }
    fn list_confirmed(
        &mut self,
        version: u32,
        organizations: &[String],
        by: &str,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) {
        for id in organizations {
            if let Some(unit) = self.organization.party_organizations.get(id).map(|o| o.unit) {
                let origin = LedgerOrigin::WeakAndLaxList { version };
                crate::rectification::list_ledger(self, id, unit, origin, by, at);
            }
        }
    }
}

impl RectificationState for State {
    fn rectification(&self) -> &Rectification {
        &self.rectification
    }
    fn rectification_mut(&mut self) -> &mut Rectification {
        &mut self.rectification
    }
}

impl AcceptanceState for State {
    fn acceptance(&self) -> &Acceptance {
        &self.acceptance
    }
    fn acceptance_mut(&mut self) -> &mut Acceptance {
        &mut self.acceptance
    }
}

impl OversightState for State {
    fn oversight(&self) -> &Oversight {
        &self.oversight
    }
    fn oversight_mut(&mut self) -> &mut Oversight {
        &mut self.oversight
    }
}

impl ParticipationState for State {
    fn participation(&self) -> &Participation {
        &self.participation
    }
    fn participation_mut(&mut self) -> &mut Participation {
        &mut self.participation
    }
}

impl ReviewState for State {
    fn reviews(&self) -> &Reviews {
        &self.reviews
    }
    fn reviews_mut(&mut self) -> &mut Reviews {
        &mut self.reviews
    }
}

impl CareState for State {
    fn care(&self) -> &Care {
        &self.care
    }
    fn care_mut(&mut self) -> &mut Care {
        &mut self.care
    }
}

impl ProblemState for State {
    fn problems(&self) -> &Problems {
        &self.problems
    }
    fn problems_mut(&mut self) -> &mut Problems {
        &mut self.problems
    }
}

impl MicroGridState for State {
    fn micro_grids(&self) -> &MicroGrids {
        &self.micro_grids
    }
    fn micro_grids_mut(&mut self) -> &mut MicroGrids {
        &mut self.micro_grids
    }
}

/// The flat wire form, borrowed for writing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StateRef<'a> {
    campaign: &'a Option<crate::organization::CampaignInfo>,
    units: &'a std::collections::BTreeMap<DivisionCode, crate::organization::OrgUnit>,
    party_organizations: &'a std::collections::BTreeMap<String, crate::organization::PartyOrganization>,
    leading_group: &'a Option<crate::organization::LeadingGroup>,
    schedule: &'a std::collections::BTreeMap<String, crate::organization::ScheduleItem>,
    persons: &'a Table<crate::people::Person>,
    households: &'a Table<crate::people::Household>,
    commands: &'a Table<AcceptedCommand>,
    visits: &'a Table<std::sync::Arc<crate::survey::Visit>>,
    findings: &'a Table<crate::survey::FindingRef>,
    coverage: &'a Vec<crate::survey::HouseholdCoverage>,
    unit_coverage: &'a crate::survey::UnitCoverage,
    questionnaires: &'a crate::survey::questionnaire::QuestionnaireSet,
    // Left out while empty, so that snapshots taken before micro-grids existed keep their digest.
    #[serde(skip_serializing_if = "MicroGrids::is_empty")]
    micro_grids: &'a MicroGrids,
    // Likewise for the areas added after them.
    #[serde(skip_serializing_if = "calendar_is_empty")]
    calendar: &'a Calendar,
    #[serde(skip_serializing_if = "Problems::is_empty")]
    problems: &'a Problems,
    #[serde(skip_serializing_if = "Care::is_empty")]
    care: &'a Care,
    #[serde(skip_serializing_if = "Reviews::is_empty")]
    reviews: &'a Reviews,
    #[serde(skip_serializing_if = "WeakAndLax::is_empty")]
    weak_and_lax: &'a WeakAndLax,
    #[serde(skip_serializing_if = "Rectification::is_empty")]
    rectification: &'a Rectification,
    #[serde(skip_serializing_if = "Participation::is_empty")]
    participation: &'a Participation,
    #[serde(skip_serializing_if = "Acceptance::is_empty")]
    acceptance: &'a Acceptance,
    #[serde(skip_serializing_if = "Oversight::is_empty")]
    oversight: &'a Oversight,
}

fn calendar_is_empty(c: &&Calendar) -> bool {
    c.years.is_empty()
}

/// The flat wire form, owned for reading.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StateOwned {
    campaign: Option<crate::organization::CampaignInfo>,
    units: std::collections::BTreeMap<DivisionCode, crate::organization::OrgUnit>,
    party_organizations: std::collections::BTreeMap<String, crate::organization::PartyOrganization>,
    leading_group: Option<crate::organization::LeadingGroup>,
    schedule: std::collections::BTreeMap<String, crate::organization::ScheduleItem>,
    persons: Table<crate::people::Person>,
    households: Table<crate::people::Household>,
    commands: Table<AcceptedCommand>,
    #[serde(default)]
    visits: Table<std::sync::Arc<crate::survey::Visit>>,
    #[serde(default)]
    findings: Table<crate::survey::FindingRef>,
    #[serde(default)]
    coverage: Vec<crate::survey::HouseholdCoverage>,
    #[serde(default)]
    unit_coverage: crate::survey::UnitCoverage,
    #[serde(default)]
    questionnaires: crate::survey::questionnaire::QuestionnaireSet,
    #[serde(default)]
    micro_grids: MicroGrids,
    #[serde(default)]
    calendar: Calendar,
    #[serde(default)]
    problems: Problems,
    #[serde(default)]
    care: Care,
    #[serde(default)]
    reviews: Reviews,
    #[serde(default)]
    weak_and_lax: WeakAndLax,
    #[serde(default)]
    rectification: Rectification,
    #[serde(default)]
    participation: Participation,
    #[serde(default)]
    acceptance: Acceptance,
    #[serde(default)]
    oversight: Oversight,
}

impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Organization { campaign, units, party_organizations, leading_group, schedule } = &self.organization;
        let People { persons, households } = &self.people;
        let Survey { visits, findings, coverage, unit_coverage, questionnaires } = &self.survey;
        StateRef {
            campaign,
            units,
            party_organizations,
            leading_group,
            schedule,
            persons,
            households,
            commands: &self.commands,
            visits,
            findings,
            coverage,
            unit_coverage,
            questionnaires,
            micro_grids: &self.micro_grids,
            calendar: &self.calendar,
            problems: &self.problems,
            care: &self.care,
            reviews: &self.reviews,
            weak_and_lax: &self.weak_and_lax,
            rectification: &self.rectification,
            participation: &self.participation,
            acceptance: &self.acceptance,
            oversight: &self.oversight,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let StateOwned {
            campaign,
            units,
            party_organizations,
            leading_group,
            schedule,
            persons,
            households,
            commands,
            visits,
            findings,
            coverage,
            unit_coverage,
            questionnaires,
            micro_grids,
            calendar,
            problems,
            care,
            reviews,
            weak_and_lax,
            rectification,
            participation,
            acceptance,
            oversight,
        } = StateOwned::deserialize(d)?;
        Ok(State {
            organization: Organization { campaign, units, party_organizations, leading_group, schedule },
            people: People { persons, households },
            commands,
            survey: Survey { visits, findings, coverage, unit_coverage, questionnaires },
            micro_grids,
            calendar,
            problems,
            care,
            reviews,
            weak_and_lax,
            rectification,
            participation,
            acceptance,
            oversight,
        })
    }
}
