//! The campaign's state, and how each event changes it.
//!
//! `apply` is total: it never fails and never panics, because it runs on replay too, where the events
//! come from the host's storage. Every rule is checked before an event is recorded (in `handler`).
//! Maps are `BTreeMap`s so that iteration, queries and snapshots are deterministic.

use crate::campaign_config::CampaignInfo;
use crate::coverage::{CoverageStatus, HouseholdCoverage, UnitCoverage};
use crate::division_code::{DivisionCode, OrgLevel};
use crate::event::Event;
use crate::household::Household;
use crate::leading_group::LeadingGroup;
use crate::org_unit::OrgUnit;
use crate::party_organization::PartyOrganization;
use crate::person::Person;
use crate::problem::ProblemCategory;
use crate::record::Digest;
use crate::schedule::ScheduleItem;
use crate::table::{Keyed, Table};
use crate::visit::Visit;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the campaign remembers of an accepted command, so that a retry is recognized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptedCommand {
    /// The command's id.
    pub command_id: String,
    /// The seq of its first event.
    pub first_seq: u64,
    /// How many events it recorded.
    pub events: u32,
    /// The digest of its payload, to tell a retry from a reused id.
    pub digest: Digest,
}

impl Keyed for AcceptedCommand {
    fn key(&self) -> &str {
        &self.command_id
    }
}

impl Keyed for Person {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Household {
    fn key(&self) -> &str {
        &self.id
    }
}

/// The whole state of one campaign.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// The campaign, once opened.
    pub campaign: Option<CampaignInfo>,
    /// Organization units by code.
    pub units: BTreeMap<DivisionCode, OrgUnit>,
    /// Party organizations by id.
    pub party_organizations: BTreeMap<String, PartyOrganization>,
    /// The leading group.
    pub leading_group: Option<LeadingGroup>,
    /// Schedule items by id.
    pub schedule: BTreeMap<String, ScheduleItem>,
    /// Persons, in registration order.
    pub persons: Table<Person>,
    /// Households, in registration order.
    pub households: Table<Household>,
    /// Accepted commands, in order.
    pub commands: Table<AcceptedCommand>,
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
    pub questionnaires: crate::questionnaire::QuestionnaireSet,
    /// Micro-grids, member linkage and links (left out of a snapshot while empty, so that snapshots
    /// taken before micro-grids existed keep their digest).
    #[serde(default, skip_serializing_if = "crate::micro_grid::MicroGrids::is_empty")]
    pub micro_grids: crate::micro_grid::MicroGrids,
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

impl State {
    /// Folds one event into the state. `at` is the record's time.
    pub fn apply(&mut self, event: &Event, at: DateTime<FixedOffset>) {
        match event {
            Event::CampaignOpened { campaign } => {
                let c = campaign;
                for (unit, level, parent) in [
                    (&c.city, OrgLevel::City, None),
                    (&c.district, OrgLevel::District, Some(c.city.code)),
                    (&c.subdistrict, OrgLevel::Subdistrict, Some(c.district.code)),
                ] {
                    self.units.insert(unit.code, OrgUnit { code: unit.code, level, name: unit.name.clone(), parent });
                }
                self.campaign = Some(campaign.clone());
            }
            Event::OrgUnitRegistered { unit } => {
                self.units.insert(unit.code, unit.clone());
            }
            Event::PartyOrganizationEstablished { id, kind, name, unit } => {
                self.party_organizations.insert(
                    id.clone(),
                    PartyOrganization {
                        id: id.clone(),
                        kind: *kind,
                        name: name.clone(),
                        unit: *unit,
                        secretary: None,
                        two_committees: Vec::new(),
                    },
                );
            }
            Event::SecretaryAppointed { party_organization, person, .. } => {
                if let Some(org) = self.party_organizations.get_mut(party_organization) {
                    org.secretary = Some(person.clone());
                }
            }
            Event::TwoCommitteesSet { party_organization, members } => {
                if let Some(org) = self.party_organizations.get_mut(party_organization) {
                    org.two_committees = members.clone();
                }
            }
            Event::LeadingGroupSet { group } => self.leading_group = Some(group.clone()),
            Event::ScheduleItemAdded { item } => {
                self.schedule.insert(item.id.clone(), item.clone());
            }
            Event::ScheduleItemCompleted { id } => {
                if let Some(item) = self.schedule.get_mut(id) {
                    item.completed_at = Some(at);
                }
            }
            Event::PersonRegistered { person } => {
                self.persons.insert(person.clone());
            }
            Event::HelperRolesSet { person, roles } => {
                if let Some(p) = self.persons.get_mut(person) {
                    p.helper_roles = *roles;
                }
            }
            Event::HouseholdRegistered { household } => {
                self.households.insert(household.clone());
                // Kept at the household's position; a household is registered once (decide checks).
                if self.coverage.len() < self.households.len() {
                    self.coverage.push(HouseholdCoverage::default());
                }
                self.unit_coverage.entry(household.unit).or_default().count(CoverageStatus::NotTried, 1);
            }
            Event::VisitRecorded { visit } => self.apply_visit(visit),
            Event::QuestionnaireRegistered { questionnaire } => {
                // Checked when decided; a version already present cannot arrive twice in a valid log.
                let _ = self.questionnaires.register(questionnaire.as_ref().clone());
            }
            Event::HouseholdMoved { household, address, unit, building, location } => {
                // Its survey status moves with it to its new unit's counters.
                let moved_from = self.households.get(household).map(|h| h.unit).filter(|old| old != unit);
                if let (Some(old), Some(status)) = (moved_from, self.coverage_of(household).map(|c| c.status())) {
                    self.unit_coverage.entry(old).or_default().count(status, -1);
                    self.unit_coverage.entry(*unit).or_default().count(status, 1);
                }
                if let Some(h) = self.households.get_mut(household) {
                    h.address.clone_from(address);
                    h.unit = *unit;
                    h.building.clone_from(building);
                    h.location = *location;
                }
            }
            Event::ResidentAdded { household, person } => {
                let previous = self.persons.get(person).and_then(|p| p.household.clone());
                if let Some(prev) = previous {
                    self.remove_resident(&prev, person);
                }
                if let Some(h) = self.households.get_mut(household) {
                    h.residents.push(person.clone());
                }
                if let Some(p) = self.persons.get_mut(person) {
                    p.household = Some(household.clone());
                }
            }
            Event::ResidentLeft { household, person } => {
                self.remove_resident(household, person);
                if let Some(p) = self.persons.get_mut(person)
                    && p.household.as_deref() == Some(household.as_str())
                {
                    p.household = None;
                }
            }
            Event::KeyPersonTagged { person, tag } => {
                if let Some(p) = self.persons.get_mut(person) {
                    p.key_person_tags.insert(*tag);
                }
            }
            Event::KeyPersonUntagged { person, tag } => {
                if let Some(p) = self.persons.get_mut(person) {
                    p.key_person_tags.remove(*tag);
                }
            }
            Event::LinkagePolicySet { .. }
            | Event::MemberLinkageSet { .. }
            | Event::HouseholdWeightSet { .. }
            | Event::MicroGridEstablished { .. }
            | Event::MicroGridUpdated { .. }
            | Event::LinkPlanAdopted { .. } => self.micro_grids.apply(event),
        }
    }

    fn apply_visit(&mut self, visit: &Arc<Visit>) {
        for f in &visit.findings {
            self.findings.insert(FindingRef {
                id: f.id.clone(),
                category: f.category,
                visit: visit.id.clone(),
                unit: visit.unit,
            });
        }
        self.visits.insert(Arc::clone(visit));
        // One lookup gives both the household's unit and its place in `coverage`.
        let Some((i, unit)) = self.households.position_and_get(&visit.household).map(|(i, h)| (i, h.unit)) else {
            return;
        };
        let Some(coverage) = self.coverage.get_mut(i) else {
            return;
        };
        let before = coverage.status();
        coverage.visits += 1;
        if visit.outcome.covers() {
            coverage.covered_at = Some(coverage.covered_at.map_or(visit.visited_at, |t| t.min(visit.visited_at)));
        } else {
            coverage.last_attempt_at =
                Some(coverage.last_attempt_at.map_or(visit.visited_at, |t| t.max(visit.visited_at)));
        }
        let after = coverage.status();
        if before != after {
            let counts = self.unit_coverage.entry(unit).or_default();
            counts.count(before, -1);
            counts.count(after, 1);
        }
    }

    fn remove_resident(&mut self, household: &str, person: &str) {
        if let Some(h) = self.households.get_mut(household) {
            h.residents.retain(|r| r != person);
        }
    }

    /// A household's survey status.
    pub fn coverage_of(&self, household: &str) -> Option<&HouseholdCoverage> {
        self.households.position(household).and_then(|i| self.coverage.get(i))
    }

    /// The sub-district running the campaign, once opened.
    pub fn subdistrict(&self) -> Option<DivisionCode> {
        self.campaign.as_ref().map(|c| c.subdistrict.code)
    }
}
