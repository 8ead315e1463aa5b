//! The command of this area: recording an act of care.

use super::{CareEvents, CareKind, CareRecord, CareState, KeyPersonCareRecorded};
use crate::calendar::local_date;
use crate::engine::check::text;
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Records guidance, psychological care, or help with a job or schooling given to a key person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordKeyPersonCare {
    /// The key person.
    pub person: String,
    /// What kind of care.
    pub kind: CareKind,
    /// The day it was given (UTC+8), not after the day of the command.
    pub on: NaiveDate,
    /// What was done (1 to 2,000 characters; sensitive).
    pub note: String,
}

crate::engine::guarded! {
    RecordKeyPersonCare => TagKeyPersons, "record key persons' care";
}

impl<S: CareState, E: CareEvents> Decide<S, E> for RecordKeyPersonCare {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let p = state
            .people()
            .persons
            .get(self.person.trim())
            .ok_or_else(|| Error::not_found("person", &self.person, "command.person"))?;
        cx.actor.require_scope(state.people().person_unit(p), "command.person")?;
        if p.key_person_tags.is_empty() {
            // Whether someone is a key person is not written into the message: messages end up in logs.
            return Err(Error::rule(
                "care.onlyKeyPersons",
                "care is recorded for key persons only: check `command.person`",
            )
            .at_field("command.person"));
        }
        let today = local_date(cx.at);
        if self.on > today {
            return Err(Error::rule("care.notInTheFuture", format!("{} is after today ({today}, UTC+8)", self.on))
                .at_field("command.on"));
        }
        let note = text(&self.note, "command.note", 2000)?;
        if state.care().records.get(&p.id).is_some_and(|r| r.len() >= 10_000) {
            return Err(Error::rule("care.recordsBounded", format!("person `{}` has 10,000 care records", p.id))
                .at_field("command.person"));
        }
        Ok(vec![
            KeyPersonCareRecorded {
                person: p.id.clone(),
                care: CareRecord { on: self.on, kind: self.kind, note, by: cx.actor.id.clone() },
            }
            .into(),
        ])
    }
}
