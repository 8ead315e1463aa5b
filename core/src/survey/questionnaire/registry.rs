//! The registered questionnaire versions.
//!
//! A version, once registered, never changes and is never removed: answers recorded under it are
//! validated against it forever, whatever versions come after. Versions of an id only increase.

use super::answers::Answers;
use super::compile::Questionnaire;
use crate::engine::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every registered version of every questionnaire.
///
/// It serializes as the list of definitions, ordered by id then version; deserializing compiles them
/// again and checks the same rules as [`QuestionnaireSet::register`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "Vec<Questionnaire>", into = "Vec<Questionnaire>")]
pub struct QuestionnaireSet {
    /// id → versions in increasing order.
    by_id: BTreeMap<String, Vec<Questionnaire>>,
}

impl QuestionnaireSet {
    /// An empty set.
    pub fn new() -> Self {
        QuestionnaireSet::default()
    }

    /// Checks that `questionnaire` may be registered, without registering it.
    ///
    /// # Errors
    /// [`ALREADY_EXISTS`](crate::ErrorCode::AlreadyExists) (field `version`) when this id and version are registered already —
    /// even with the same definition, since versions are immutable; [`RULE_VIOLATED`](crate::ErrorCode::RuleViolated) (field
    /// `version`) when the version is not greater than every registered version of the id.
    pub fn check(&self, questionnaire: &Questionnaire) -> Result<()> {
        let (id, version) = (questionnaire.id(), questionnaire.version());
        let Some(latest) = self.latest(id) else { return Ok(()) };
        if self.get(id, version).is_some() {
            return Err(Error::already_exists("questionnaire version", &format!("{id} v{version}"), "version"));
        }
        if version < latest.version() {
            return Err(Error::rule(
                "survey.questionnaireVersionIncreases",
                format!(
                    "questionnaire `{id}` is at version {}: a new version must be greater (registered versions never change)",
                    latest.version()
                ),
            )
            .at_field("version"));
        }
        Ok(())
    }

    /// Registers a new version.
    ///
    /// # Errors
    /// Those of [`QuestionnaireSet::check`]; on error nothing changes.
    pub fn register(&mut self, questionnaire: Questionnaire) -> Result<()> {
        self.check(&questionnaire)?;
        self.by_id.entry(questionnaire.id().to_string()).or_default().push(questionnaire);
        Ok(())
    }

    /// The version `version` of questionnaire `id`.
    pub fn get(&self, id: &str, version: u32) -> Option<&Questionnaire> {
        let versions = self.by_id.get(id)?;
        versions.binary_search_by_key(&version, Questionnaire::version).ok().map(|i| &versions[i])
    }

    /// The latest version of questionnaire `id`.
    pub fn latest(&self, id: &str) -> Option<&Questionnaire> {
        self.by_id.get(id)?.last()
    }

    /// The registered versions of questionnaire `id`, in increasing order.
    pub fn versions(&self, id: &str) -> impl Iterator<Item = u32> + '_ {
        self.by_id.get(id).into_iter().flatten().map(Questionnaire::version)
    }

    /// Every registered version, ordered by id then version.
    pub fn iter(&self) -> impl Iterator<Item = &Questionnaire> {
        self.by_id.values().flatten()
    }

    /// The number of registered versions (of all ids).
    pub fn len(&self) -> usize {
        self.by_id.values().map(Vec::len).sum()
    }

    /// Whether nothing is registered.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Validates answers against the version they name.
    ///
    /// # Errors
    /// [`NOT_FOUND`](crate::ErrorCode::NotFound) (field `questionnaire`) when the version is not registered; otherwise
    /// those of [`Questionnaire::validate`].
    pub fn validate(&self, id: &str, version: u32, answers: &Answers) -> Result<()> {
        self.get(id, version)
            .ok_or_else(|| Error::not_found("questionnaire version", &format!("{id} v{version}"), "questionnaire"))?
            .validate(answers)
    }
}

impl TryFrom<Vec<Questionnaire>> for QuestionnaireSet {
    type Error = Error;
    fn try_from(list: Vec<Questionnaire>) -> Result<Self> {
        let mut set = QuestionnaireSet::new();
        for q in list {
            set.register(q)?;
        }
        Ok(set)
    }
}

impl From<QuestionnaireSet> for Vec<Questionnaire> {
    fn from(set: QuestionnaireSet) -> Self {
        set.by_id.into_values().flatten().collect()
    }
}
