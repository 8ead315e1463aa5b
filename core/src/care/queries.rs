//! The queries of this area, for the roles that see key persons.

use super::{CareRecord, CareState};
use crate::engine::division_code::DivisionCode;
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use crate::people::{KeyPersonTag, page_limit, unit_filter};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A key person's care, in the order recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyPersonCareQuery {
    /// The person.
    pub person: String,
}

/// See [`KeyPersonCareQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyPersonCareResult {
    /// The person.
    pub person: String,
    /// Their care (the latest 1,000).
    pub care: Vec<CareRecord>,
}

/// The key persons inside the actor's scope who got no care between two days (both included), in
/// registration order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyPersonsWithoutCareQuery {
    /// The first day of the period.
    pub from: NaiveDate,
    /// The last day of the period.
    pub to: NaiveDate,
    /// Only this village or community.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Start after this person id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<String>,
    /// At most this many (default 100, at most 10,000).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

/// A key person without care in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UncaredKeyPerson {
    /// The person's id.
    pub person: String,
    /// Their name.
    pub name: String,
    /// Their village or community.
    pub unit: DivisionCode,
    /// Their key-person tags.
    pub tags: Vec<KeyPersonTag>,
    /// The last day they got care, before the period.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_care: Option<NaiveDate>,
}

/// See [`KeyPersonsWithoutCareQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyPersonsWithoutCareResult {
    /// The page.
    pub persons: Vec<UncaredKeyPerson>,
    /// The id to pass as `after` for the next page, if there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_after: Option<String>,
}

crate::engine::guarded! {
    KeyPersonCareQuery => TagKeyPersons, "see key persons' care";
    KeyPersonsWithoutCareQuery => TagKeyPersons, "see key persons' care", Filtered;
}

impl<S: CareState> Answer<S> for KeyPersonCareQuery {
    type Output = KeyPersonCareResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<KeyPersonCareResult> {
        let p = state
            .people()
            .persons
            .get(&self.person)
            .ok_or_else(|| Error::not_found("person", &self.person, "query.person"))?;
        cx.actor.require_scope(state.people().person_unit(p), "query.person")?;
        let records = state.care().records.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        let care = records[records.len().saturating_sub(1000)..].to_vec();
        Ok(KeyPersonCareResult { person: p.id.clone(), care })
    }
}

impl<S: CareState> Answer<S> for KeyPersonsWithoutCareQuery {
    type Output = KeyPersonsWithoutCareResult;
    fn answer(&self, state: &S, cx: &QueryContext<'_>) -> Result<KeyPersonsWithoutCareResult> {
        if self.to < self.from {
            return Err(Error::invalid_field("query.to", "`to` is not before `from`"));
        }
        let unit = unit_filter(cx.actor, self.unit.as_deref())?;
        let limit = page_limit(self.limit)? as usize;
        let rows = state.people().persons.page_after(self.after.as_deref(), "person")?;
        let care = &state.care().records;
        let people = state.people();
        let mut persons = Vec::new();
        let mut next_after = None;
        for p in rows.iter().filter(|p| {
            let home = people.person_unit(p);
            !p.key_person_tags.is_empty() && cx.actor.scope.contains(home) && unit.is_none_or(|u| u == home)
        }) {
            let records = care.get(&p.id).map(Vec::as_slice).unwrap_or_default();
            if records.iter().any(|r| self.from <= r.on && r.on <= self.to) {
                continue;
            }
            if persons.len() == limit {
                next_after = persons.last().map(|x: &UncaredKeyPerson| x.person.clone());
                break;
            }
            persons.push(UncaredKeyPerson {
                person: p.id.clone(),
                name: p.name.clone(),
                unit: people.person_unit(p),
                tags: p.key_person_tags.iter().collect(),
                last_care: records.iter().map(|r| r.on).filter(|d| *d < self.from).max(),
            });
        }
        Ok(KeyPersonsWithoutCareResult { persons, next_after })
    }
}
