//! The event of this area.

use super::{CalendarState, HolidayYear};
use crate::engine::Apply;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// A year's holidays were published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayCalendarPublished {
    /// The year.
    pub year: i32,
    /// Its days off and make-up working days, each date.
    pub calendar: HolidayYear,
}

impl<S: CalendarState> Apply<S> for HolidayCalendarPublished {
    fn apply(&self, state: &mut S, _: DateTime<FixedOffset>) {
        state.calendar_mut().years.insert(self.year, self.calendar.clone());
    }
}
