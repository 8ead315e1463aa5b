//! Door-knock visits (敲门行动): who knocked, when, what came of it, and what was found.
//!
//! Visits come from phones, often offline: they arrive late, out of order and sometimes twice. A
//! retried command is recognized by its command id; a visit id seen again is refused; two devices
//! visiting one household are two visits. Coverage depends only on the set of visits, never on the
//! order they arrive in.

use super::{SurveyEvents, SurveyState, VisitRecorded, VisitsResult};
use crate::engine::access::Actor;
use crate::engine::check::{non_empty, prefixed};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::people::{HelperRole, KeyPersonTag, KeyPersonTagged};
use crate::survey::ProblemCategory;
use crate::survey::questionnaire::Answers;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What came of a knock on a door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum VisitOutcome {
    /// Someone of the household was met (入户见面).
    Met,
    /// Nobody was home.
    NobodyHome,
    /// The household refused the visit.
    Refused,
    /// The household has moved out.
    MovedOut,
    /// The dwelling is vacant.
    Vacant,
    /// The household is a duplicate of another registered household (`duplicateOf`).
    Duplicate,
}

impl VisitOutcome {
    /// Whether a visit with this outcome covers its household: someone was met, or the visit
    /// established that the dwelling is vacant or a duplicate. Other outcomes are attempts only.
    pub fn covers(self) -> bool {
        matches!(self, VisitOutcome::Met | VisitOutcome::Vacant | VisitOutcome::Duplicate)
    }
}

/// A person who knocked, with the helper role they came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Visitor {
    /// The person's id.
    pub person: String,
    /// The role they came in; the person must hold it.
    pub role: HelperRole,
}

/// A key-person tag a finding puts on a person (applied to the person when the visit is recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FindingTag {
    /// The person (one of the finding's `persons`).
    pub person: String,
    /// The tag.
    pub tag: KeyPersonTag,
}

/// A problem seen on a visit. Sensitive: its description and persons are shown only to roles that
/// see sensitive data; the problem list counts findings without naming anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Finding {
    /// A new id, unique in the campaign: the handling loop of problems refers to it.
    pub id: String,
    /// The category.
    pub category: ProblemCategory,
    /// What was seen.
    pub description: String,
    /// The persons involved (ids of registered persons).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub persons: Vec<String>,
    /// Key-person tags to put on those persons (needs a role that may tag key persons).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tags: Vec<FindingTag>,
}

/// A recorded visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    /// The visit's id.
    pub id: String,
    /// The household visited.
    pub household: String,
    /// The household's village or community when it was visited.
    pub unit: DivisionCode,
    /// Who knocked.
    pub visitors: Vec<Visitor>,
    /// When the visit happened (it may be recorded much later).
    pub visited_at: DateTime<FixedOffset>,
    /// What came of it.
    pub outcome: VisitOutcome,
    /// The household this one duplicates, for the `duplicate` outcome.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duplicate_of: Option<String>,
    /// Problems seen.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub findings: Vec<Finding>,
    /// The household's demands and difficulties (诉求困难).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub demands: Vec<String>,
    /// The questionnaire version the answers follow.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub questionnaire: Option<QuestionnaireRef>,
    /// The answers, validated against that version (sensitive).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub answers: Option<Answers>,
}

/// A questionnaire version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionnaireRef {
    /// The questionnaire's id.
    pub id: String,
    /// Its version.
    pub version: u32,
}

/// What the `recordVisit` command carries (the unit is taken from the household).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VisitReport {
    /// A new id for the visit (the device makes it, e.g. a UUID).
    pub id: String,
    /// The household visited.
    pub household: String,
    /// Who knocked.
    pub visitors: Vec<Visitor>,
    /// When the visit happened; not after the envelope's `at`.
    pub visited_at: DateTime<FixedOffset>,
    /// What came of it.
    pub outcome: VisitOutcome,
    /// For `duplicate`: the household this one duplicates.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duplicate_of: Option<String>,
    /// Problems seen.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub findings: Vec<Finding>,
    /// Demands and difficulties.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub demands: Vec<String>,
    /// The questionnaire version the answers follow (required with `answers`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub questionnaire: Option<QuestionnaireRef>,
    /// The answers by question name, validated against that version: required, relevant,
    /// constraints, types and choices. Only with the `met` outcome.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub answers: Option<Answers>,
}

/// The events recording `report` records, or why it is refused.
pub(crate) fn decide<S: SurveyState, E: SurveyEvents>(
    state: &S,
    actor: &Actor,
    at: DateTime<FixedOffset>,
    report: VisitReport,
) -> Result<Vec<E>> {
    let id = non_empty_str(&report.id, "command.visit.id")?;
    if state.survey().visits.contains_key(id) {
        return Err(Error::already_exists("visit", id, "command.visit.id"));
    }
    let household = state
        .people()
        .households
        .get(&report.household)
        .ok_or_else(|| Error::not_found("household", &report.household, "command.visit.household"))?;
    actor.require_scope(household.unit, "command.visit.household")?;
    if report.visited_at > at {
        return Err(Error::invalid_field(
            "command.visit.visitedAt",
            "`visitedAt` is after the command's `at`: a visit is recorded after it happened; check the device's clock",
        ));
    }
    if report.visitors.is_empty() {
        return Err(Error::invalid_field("command.visit.visitors", "name at least one visitor"));
    }
    for (i, v) in report.visitors.iter().enumerate() {
        // The field is named only when something is wrong: visits are the most frequent command.
        let field = || format!("command.visit.visitors[{i}]");
        let person =
            state.people().persons.get(&v.person).ok_or_else(|| Error::not_found("person", &v.person, &field()))?;
        if !person.helper_roles.contains(v.role) {
            return Err(Error::rule(
                "survey.visitorHoldsHelperRole",
                format!(
                    "person `{}` does not hold the helper role `{:?}`: set their helper roles first",
                    v.person, v.role
                ),
            )
            .at_field(field()));
        }
        // A visit has a handful of visitors: looking back costs less than a set.
        if report.visitors[..i].iter().any(|w| w.person == v.person) {
            return Err(Error::invalid_field(&field(), format!("visitor `{}` is listed twice", v.person)));
        }
    }
    match (report.outcome, &report.duplicate_of) {
        (VisitOutcome::Duplicate, Some(other)) => {
            if other == &report.household || !state.people().households.contains_key(other) {
                return Err(Error::not_found("other household", other, "command.visit.duplicateOf"));
            }
        }
        (VisitOutcome::Duplicate, None) => {
            return Err(Error::invalid_field(
                "command.visit.duplicateOf",
                "a `duplicate` visit names the household it duplicates",
            ));
        }
        (_, Some(_)) => {
            return Err(Error::invalid_field(
                "command.visit.duplicateOf",
                "`duplicateOf` goes only with the `duplicate` outcome",
            ));
        }
        (_, None) => {}
    }
    // The visit comes first (its tags follow from it); it is put in its place at the end.
    let mut events = Vec::with_capacity(1);
    let mut tagged = BTreeSet::new();
    let mut finding_ids = BTreeSet::new();
    for (i, f) in report.findings.iter().enumerate() {
        let field = format!("command.visit.findings[{i}]");
        let fid = non_empty(&f.id, &format!("{field}.id"))?;
        if state.survey().findings.contains_key(&fid) || !finding_ids.insert(fid.clone()) {
            return Err(Error::already_exists("finding", &fid, &format!("{field}.id")));
        }
        non_empty(&f.description, &format!("{field}.description"))?;
        for (j, p) in f.persons.iter().enumerate() {
            if !state.people().persons.contains_key(p) {
                return Err(Error::not_found("person", p, &format!("{field}.persons[{j}]")));
            }
        }
        for (j, t) in f.tags.iter().enumerate() {
            let tfield = format!("{field}.tags[{j}]");
            if !f.persons.contains(&t.person) {
                return Err(Error::invalid_field(
                    &tfield,
                    format!("tag a person the finding names: add `{}` to `persons`", t.person),
                ));
            }
            let already = state.people().persons.get(&t.person).is_some_and(|p| p.key_person_tags.contains(t.tag));
            if !already && tagged.insert((t.person.clone(), t.tag as u8)) {
                events.push(KeyPersonTagged { person: t.person.clone(), tag: t.tag }.into());
            }
        }
    }
    match (&report.questionnaire, &report.answers) {
        (Some(q), answers) => {
            if report.outcome != VisitOutcome::Met && answers.is_some() {
                return Err(Error::rule(
                    "survey.answersOnlyFromMetVisit",
                    "answers come only from a visit that met the household",
                )
                .at_field("command.visit.answers"));
            }
            let Some(questionnaire) = state.survey().questionnaires.get(&q.id, q.version) else {
                return Err(Error::not_found(
                    "questionnaire version",
                    &format!("{} v{}", q.id, q.version),
                    "command.visit.questionnaire",
                ));
            };
            if let Some(answers) = answers {
                questionnaire.validate(answers).map_err(|e| prefixed(e, "command.visit"))?;
            }
        }
        (None, Some(_)) => {
            return Err(Error::invalid_field(
                "command.visit.questionnaire",
                "name the questionnaire version the answers follow",
            ));
        }
        (None, None) => {}
    }
    for (i, d) in report.demands.iter().enumerate() {
        non_empty(d, &format!("command.visit.demands[{i}]"))?;
    }
    let id_is_trimmed = id.len() == report.id.len();
    let VisitReport {
        id: report_id,
        household: household_id,
        visitors,
        visited_at,
        outcome,
        duplicate_of,
        findings,
        demands,
        questionnaire,
        answers,
    } = report;
    let visit = Visit {
        id: if id_is_trimmed { report_id } else { report_id.trim().to_string() },
        household: household_id,
        unit: household.unit,
        visitors,
        visited_at,
        outcome,
        duplicate_of,
        findings: findings
            .into_iter()
            .map(|f| {
                let description = trimmed(f.description);
                Finding { description, ..f }
            })
            .collect(),
        demands: demands.into_iter().map(trimmed).collect(),
        questionnaire,
        answers,
    };
    events.insert(0, VisitRecorded { visit: std::sync::Arc::new(visit) }.into());
    Ok(events)
}

/// `value` trimmed, or the error naming `field` when nothing is left (borrowed: most ids need no
/// trimming and move into the visit as they came).
fn non_empty_str<'a>(value: &'a str, field: &str) -> Result<&'a str> {
    let v = value.trim();
    if v.is_empty() { non_empty(value, field).map(|_| v) } else { Ok(v) }
}

/// `value` without surrounding whitespace, reusing its buffer when it has none.
fn trimmed(value: String) -> String {
    if value.trim().len() == value.len() { value } else { value.trim().to_string() }
}

/// A finding as an actor may see it: its description, persons and tags only for roles that see
/// sensitive data inside their scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// The finding's id.
    pub id: String,
    /// Its category.
    pub category: ProblemCategory,
    /// What was seen; absent when withheld.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// The persons involved; absent when withheld.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub persons: Option<Vec<String>>,
    /// The tags put; absent when withheld.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tags: Option<Vec<FindingTag>>,
}

/// A visit as an actor may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VisitView {
    /// The visit's id.
    pub id: String,
    /// Who knocked.
    pub visitors: Vec<Visitor>,
    /// When.
    pub visited_at: DateTime<FixedOffset>,
    /// What came of it.
    pub outcome: VisitOutcome,
    /// For `duplicate`: the household duplicated.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duplicate_of: Option<String>,
    /// Problems seen.
    pub findings: Vec<FindingView>,
    /// Demands and difficulties.
    pub demands: Vec<String>,
    /// The questionnaire version answered.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub questionnaire: Option<QuestionnaireRef>,
    /// The answers; absent when withheld (they may name key persons).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub answers: Option<Answers>,
    /// Whether findings and answers were withheld for this actor.
    pub masked: bool,
}

pub(crate) fn visits_of<S: SurveyState>(state: &S, actor: &Actor, household: &str) -> Result<VisitsResult> {
    let h = state
        .people()
        .households
        .get(household)
        .ok_or_else(|| Error::not_found("household", household, "query.household"))?;
    actor.require_scope(h.unit, "query.household")?;
    let full = actor.sees_sensitive_in(h.unit);
    let visits = state
        .survey()
        .visits
        .iter()
        .filter(|v| v.household == h.id)
        .map(|v| VisitView {
            id: v.id.clone(),
            visitors: v.visitors.clone(),
            visited_at: v.visited_at,
            outcome: v.outcome,
            duplicate_of: v.duplicate_of.clone(),
            findings: v
                .findings
                .iter()
                .map(|f| FindingView {
                    id: f.id.clone(),
                    category: f.category,
                    description: full.then(|| f.description.clone()),
                    persons: full.then(|| f.persons.clone()),
                    tags: full.then(|| f.tags.clone()),
                })
                .collect(),
            demands: v.demands.clone(),
            questionnaire: v.questionnaire.clone(),
            answers: if full { v.answers.clone() } else { None },
            masked: !full,
        })
        .collect();
    Ok(VisitsResult { visits })
}
