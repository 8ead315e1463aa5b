//! A questionnaire's definition as data: what is registered, carried in commands and events, and
//! imported from XLSForm sheets or JSON.
//!
//! The definition mirrors XLSForm: the rows of the `survey` sheet become [`Item`]s (a `begin group` …
//! `end group` pair becomes one [`ItemKind::Group`] holding its rows), the rows of the `choices` sheet
//! become [`Choice`]s grouped by `list_name`. Expressions stay text here; they are parsed once, when a
//! [`Questionnaire`](super::Questionnaire) is compiled from the definition.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Text in several languages: language → text.
///
/// The language is what follows `::` in an XLSForm header (`label::zh` → `zh`; `label::Chinese (zh)`
/// → `zh`, the code in parentheses); a plain `label` column is the language `default`.
pub type Labels = BTreeMap<String, String>;

/// A questionnaire definition, one version of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireDefinition {
    /// The questionnaire's id, the same for all its versions (letters, digits, `_`, `-`, `.`).
    pub id: String,
    /// The version, from 1; a set of questionnaires only takes increasing versions of an id.
    pub version: u32,
    /// The title, per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub title: Labels,
    /// The rows of the survey sheet, groups nested.
    pub items: Vec<Item>,
    /// The choice lists by `list_name`, each in display order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, Vec<Choice>>,
}

/// One row of the survey sheet: a question, a note or a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// The name, unique in the questionnaire; answers are keyed by it and expressions refer to it as
    /// `${name}`.
    pub name: String,
    /// What the row is (`type` in JSON, with `list` for selects and `items` for groups).
    #[serde(flatten)]
    pub kind: ItemKind,
    /// The label, per language (required for questions and notes).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub label: Labels,
    /// A hint shown under the label, per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hint: Labels,
    /// Whether a relevant question must be answered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Skip logic: the question (or the whole group) is asked only when this is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<String>,
    /// A condition an answer must meet; `.` is the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    /// What to tell the visitor when the constraint fails, per language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraint_message: Labels,
    /// For selects: a choice is offered only when this is true; bare names are columns of the choice
    /// (`name`, or an extra column of the choices sheet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice_filter: Option<String>,
}

/// The type of a survey row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ItemKind {
    /// `text`: free text.
    Text,
    /// `integer`: a whole number.
    Integer,
    /// `decimal`: a decimal number.
    Decimal,
    /// `date`: a date, `YYYY-MM-DD`.
    Date,
    /// `select_one LIST`: one choice name of the list.
    SelectOne {
        /// The `list_name` of the choices.
        list: String,
    },
    /// `select_multiple LIST`: choice names of the list, separated by spaces.
    SelectMultiple {
        /// The `list_name` of the choices.
        list: String,
    },
    /// `note`: text shown to the visitor; it takes no answer.
    Note,
    /// `begin group` … `end group`: rows asked together, skipped together.
    Group {
        /// The rows of the group.
        items: Vec<Item>,
    },
}

impl ItemKind {
    /// The XLSForm spelling of the type (`select_one yes_no`, `begin group`…).
    pub fn xlsform_type(&self) -> String {
        match self {
            ItemKind::Text => "text".into(),
            ItemKind::Integer => "integer".into(),
            ItemKind::Decimal => "decimal".into(),
            ItemKind::Date => "date".into(),
            ItemKind::SelectOne { list } => format!("select_one {list}"),
            ItemKind::SelectMultiple { list } => format!("select_multiple {list}"),
            ItemKind::Note => "note".into(),
            ItemKind::Group { .. } => "begin group".into(),
        }
    }
}

/// One row of the choices sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    /// The name stored in answers (no spaces: `select_multiple` answers separate names by spaces).
    pub name: String,
    /// The label, per language.
    pub label: Labels,
    /// Other columns of the row, for `choice_filter` expressions (column → value).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}
