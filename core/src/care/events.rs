//! The event of this area.

use super::{CareRecord, CareState};
use crate::engine::Apply;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Care was given to a key person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyPersonCareRecorded {
    /// The person.
    pub person: String,
    /// The care.
    pub care: CareRecord,
}

impl<S: CareState> Apply<S> for KeyPersonCareRecorded {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.care_mut().records.entry(self.person.clone()).or_default().push(self.care.clone());
    }
}
