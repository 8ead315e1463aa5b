//! The query of this area: one year's calendar.

use super::CalendarState;
use crate::engine::error::{Error, Result};
use crate::engine::{Answer, QueryContext};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One year's days off and make-up working days, and where they come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkingCalendarQuery {
    /// The year.
    pub year: i32,
}

/// See [`WorkingCalendarQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkingCalendarResult {
    /// The year.
    pub year: i32,
    /// Whether its holidays are known; if not, Monday to Friday count as working days.
    pub known: bool,
    /// The notice they come from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// Days off.
    pub holidays: Vec<NaiveDate>,
    /// Saturdays and Sundays worked in exchange.
    pub workdays: Vec<NaiveDate>,
    /// How many working days the year has.
    pub working_days: u32,
}

crate::engine::guarded! {
    WorkingCalendarQuery => Read, "read the campaign", Unscoped;
}

impl<S: CalendarState> Answer<S> for WorkingCalendarQuery {
    type Output = WorkingCalendarResult;
    fn answer(&self, state: &S, _: &QueryContext<'_>) -> Result<WorkingCalendarResult> {
        let first = NaiveDate::from_ymd_opt(self.year, 1, 1)
            .filter(|_| (2000..=2100).contains(&self.year))
            .ok_or_else(|| Error::invalid_field("query.year", "`year` must be between 2000 and 2100"))?;
        let calendar = state.calendar();
        let last = NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(first);
        let working_days =
            u32::try_from(calendar.working_days_between(first.pred_opt().unwrap_or(first), last)).unwrap_or(0);
        let year = calendar.year(self.year);
        Ok(WorkingCalendarResult {
            year: self.year,
            known: year.is_some(),
            source: year.as_ref().map(|y| y.source.clone()),
            holidays: year.as_ref().map(|y| y.holidays.iter().copied().collect()).unwrap_or_default(),
            workdays: year.as_ref().map(|y| y.workdays.iter().copied().collect()).unwrap_or_default(),
            working_days,
        })
    }
}
