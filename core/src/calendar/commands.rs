//! The command of this area: publishing a later year's holidays.

use super::{CalendarEvents, CalendarState, HolidayCalendarPublished, HolidayYear};
use crate::engine::check::non_empty;
use crate::engine::error::{Error, Result};
use crate::engine::{Context, Decide};
use crate::organization::{OrganizationState, campaign_in_scope};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A run of days off, both ends included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DayRange {
    /// The first day off.
    pub from: NaiveDate,
    /// The last day off (the same as `from` for one day).
    pub to: NaiveDate,
}

/// Adds a year's public holidays and make-up working days as the State Council's notice announces
/// them (years 2022–2026 ship with the library). A published year cannot be changed: deadlines
/// already counted over it stay as they were.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishHolidayCalendar {
    /// The year.
    pub year: i32,
    /// The notice, title and number (e.g. `国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）`).
    pub source: String,
    /// The days off, as runs (at most 30, each within the year and at most 15 days long).
    pub holidays: Vec<DayRange>,
    /// The Saturdays and Sundays worked in exchange (at most 30).
    #[serde(default)]
    pub workdays: Vec<NaiveDate>,
}

crate::engine::guarded! {
    PublishHolidayCalendar => ManageCampaign, "manage the campaign";
}

impl<S: CalendarState + OrganizationState, E: CalendarEvents> Decide<S, E> for PublishHolidayCalendar {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { year, source, holidays, workdays } = self;
        campaign_in_scope(state, cx, "command.year")?;
        if !(2000..=2100).contains(&year) {
            return Err(Error::invalid_field("command.year", "`year` must be between 2000 and 2100"));
        }
        if state.calendar().knows(year) {
            return Err(Error::rule(
                "calendar.yearPublishedOnce",
                format!("the holidays of {year} are already known: a published year is not changed"),
            )
            .at_field("command.year"));
        }
        let source = non_empty(&source, "command.source")?;
        if holidays.is_empty() || holidays.len() > 30 || workdays.len() > 30 {
            return Err(Error::invalid_field(
                "command.holidays",
                "give 1 to 30 runs of days off and at most 30 make-up working days",
            ));
        }
        let mut days = BTreeSet::new();
        for (i, run) in holidays.iter().enumerate() {
            let field = format!("command.holidays[{i}]");
            if run.from.year() != year || run.to.year() != year || run.to < run.from {
                return Err(Error::invalid_field(
                    &field,
                    format!("a run of days off lies in {year}, `from` not after `to`"),
                ));
            }
            if (run.to - run.from).num_days() >= 15 {
                return Err(Error::invalid_field(&field, "a run of days off is at most 15 days long"));
            }
            let mut d = run.from;
            while d <= run.to {
                days.insert(d);
                d += Duration::days(1);
            }
        }
        let mut extra = BTreeSet::new();
        for (i, d) in workdays.iter().enumerate() {
            let field = format!("command.workdays[{i}]");
            if d.year() != year {
                return Err(Error::invalid_field(&field, format!("a make-up working day lies in {year}")));
            }
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || days.contains(d) {
                return Err(Error::rule(
                    "calendar.makeUpDayIsAWeekend",
                    format!(
                        "{d} is a {:?}: a make-up working day is a Saturday or Sunday outside the days off",
                        d.weekday()
                    ),
                )
                .at_field(field));
            }
            extra.insert(*d);
        }
        Ok(vec![
            HolidayCalendarPublished { year, calendar: HolidayYear { source, holidays: days, workdays: extra } }.into(),
        ])
    }
}
