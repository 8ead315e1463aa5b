//! Questionnaires: definitions compatible with XLSForm, compiled once, against which each visit's
//! answers are validated (issue 6, the door-knocking survey).
//!
//! - [`QuestionnaireDefinition`] is the data: rows (questions, notes, nested groups) and choice lists,
//!   with `relevant`, `constraint` and `choice_filter` expressions as text. It travels in commands and
//!   events (serde, camelCase, `type`-tagged).
//! - [`Questionnaire`] is a definition compiled: checked, every expression parsed once and its
//!   `${name}` references resolved to indexes. It is built with [`Questionnaire::new`],
//!   [`Questionnaire::from_json`] or [`Questionnaire::from_xlsform_csv`], and it serializes as its
//!   definition.
//! - [`Questionnaire::validate`] checks a visit's [`Answers`]: unknown questions, types, skip logic
//!   (`relevant`), `required`, choices and constraints; [`Questionnaire::violations`] lists every
//!   broken [`Rule`].
//! - [`QuestionnaireSet`] holds the registered versions; a version never changes once registered.
//! - [`reference`](mod@reference) is the reference door-knock questionnaire (Chinese and English).
//!
//! The expression language and its semantics are documented in `expression.rs` (see [`Expression`])
//! and in `docs/QUESTIONNAIRES.md`.
//!
//! ```
//! use grassroots::survey::questionnaire::{Answers, reference};
//! let q = reference::door_knock();
//! let mut answers: Answers = serde_json::from_str(r#"{"respondent":"head","residents":3,
//!   "residents_met":"2","tenure":"owns","key_person_types":"none","problems_seen":["none"],
//!   "anti_fraud_app":"yes","has_demands":"no","satisfaction_party":"satisfied",
//!   "satisfaction_committee":"basically_satisfied","knows_contact_member":"yes",
//!   "contact_channels":"wechat_group"}"#).unwrap();
//! assert!(q.validate(&answers).is_ok());
//! answers.insert("fraud_loss".into(), "500".into()); // not asked: nobody was defrauded
//! assert_eq!(q.validate(&answers).unwrap_err().field.as_deref(), Some("answers.fraud_loss"));
//! ```

mod answers;
mod compile;
mod definition;
mod evaluate;
mod expression;
pub mod reference;
mod registry;
mod xlsform;

pub use answers::{Answers, Rule, Violation};
pub use compile::Questionnaire;
pub use definition::{Choice, Item, ItemKind, Labels, QuestionnaireDefinition};
pub use expression::{Expression, ExpressionError};
pub use registry::QuestionnaireSet;
pub use xlsform::XlsFormCsv;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
