//! Working days (工作日): weekends, the public holidays and the make-up working days (调休) of each
//! year as the State Council announces them. Deadlines of the problem-handling loop and of listed
//! supervision are counted in working days over this calendar.
//!
//! The years 2022 to 2026 ship with the library ([`published`], each with its notice); a later year is
//! added by the command `publishHolidayCalendar` once its notice is out. A year that is neither
//! shipped nor published counts Monday to Friday as working days, and queries say so
//! (`WorkingCalendarResult::known`).
//!
//! Dates are the calendar days of China Standard Time (UTC+8): a command's `at` is read in UTC+8, and a
//! due date ends at midnight UTC+8.

mod commands;
mod events;
pub mod published;
mod queries;

pub use commands::*;
pub use events::*;
pub use queries::*;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// China Standard Time, in which dates and deadlines are read.
pub fn china_standard_time() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar day (UTC+8) of a moment. Total: a moment within eight hours of the last one chrono
/// can hold reads as that last day (chrono's own conversion would panic there).
pub fn local_date(at: DateTime<FixedOffset>) -> NaiveDate {
    at.naive_utc().checked_add_signed(Duration::hours(8)).map_or(NaiveDate::MAX, |d| d.date())
}

/// One year's days off and make-up working days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayYear {
    /// The notice that announced it (title and number).
    pub source: String,
    /// Days off, each date.
    pub holidays: BTreeSet<NaiveDate>,
    /// Saturdays and Sundays that are working days.
    pub workdays: BTreeSet<NaiveDate>,
}

/// The calendar part of the campaign's state: the years published by command (the shipped years are
/// in [`published::PUBLISHED`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Calendar {
    /// Years added by `publishHolidayCalendar`, by year.
    #[serde(default)]
    pub years: BTreeMap<i32, HolidayYear>,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum DayKind {
    /// Monday to Friday, no holiday.
    Working,
    /// A Saturday or Sunday worked in exchange for a holiday (调休上班).
    MakeUpWorkday,
    /// Saturday or Sunday.
    Weekend,
    /// A public holiday (including the weekend days inside it).
    Holiday,
}

impl DayKind {
    /// Whether people work on such a day.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Working | DayKind::MakeUpWorkday)
    }
}

impl Calendar {
    /// Whether a year's holidays are known (shipped or published).
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains_key(&year) || published::PUBLISHED.iter().any(|p| p.year == year)
    }

    /// A year as published: shipped or added.
    pub fn year(&self, year: i32) -> Option<HolidayYear> {
        if let Some(y) = self.years.get(&year) {
            return Some(y.clone());
        }
        let p = published::PUBLISHED.iter().find(|p| p.year == year)?;
        let date = |(m, d): (u32, u32)| NaiveDate::from_ymd_opt(year, m, d).expect("shipped dates are valid");
        let mut holidays = BTreeSet::new();
        for &(from, to) in p.holidays {
            let mut d = date(from);
            while d <= date(to) {
                holidays.insert(d);
                d += Duration::days(1);
            }
        }
        Some(HolidayYear {
            source: p.source.to_string(),
            holidays,
            workdays: p.workdays.iter().map(|&md| date(md)).collect(),
        })
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let (holiday, workday) = match self.years.get(&date.year()) {
            Some(y) => (y.holidays.contains(&date), y.workdays.contains(&date)),
            None => match published::PUBLISHED.iter().find(|p| p.year == date.year()) {
                Some(p) => {
                    let md = (date.month(), date.day());
                    (p.holidays.iter().any(|&(from, to)| from <= md && md <= to), p.workdays.contains(&md))
                }
                None => (false, false),
            },
        };
        match (holiday, workday, weekend) {
            (true, _, _) => DayKind::Holiday,
            (_, true, _) => DayKind::MakeUpWorkday,
            (_, _, true) => DayKind::Weekend,
            _ => DayKind::Working,
        }
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day_kind(date).is_working()
    }

    /// The `n`-th working day after `date` (`date` itself not counted; `n = 0` gives `date`): a task
    /// given on `date` "within `n` working days" is due at the end of that day. Stops at the last
    /// date chrono can hold.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            let Some(next) = d.succ_opt() else { return d };
            d = next;
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// How many working days lie after `from` up to and including `to` (negative when `to` is before
    /// `from`: the working days from `to`, exclusive, up to `from`, inclusive, counted down).
    ///
    /// Computed in constant time per known year, not day by day: Monday to Friday counted by
    /// arithmetic, then each holiday on a weekday and each make-up day of the years in between
    /// adjusted, so that a query over far-apart dates stays cheap.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
        let mut count = weekdays_after_until(a, b);
        let inside = |d: &NaiveDate| a < *d && *d <= b;
        // Only the known years between them: far-apart dates cost nothing more.
        let known: BTreeSet<i32> = self
            .years
            .keys()
            .copied()
            .chain(published::PUBLISHED.iter().map(|p| p.year))
            .filter(|y| (a.year()..=b.year()).contains(y))
            .collect();
        for year in known {
            if let Some(y) = self.year(year) {
                let weekday = |d: &NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                count -= y.holidays.iter().filter(|d| inside(d) && weekday(d)).count() as i64;
                count +=
                    y.workdays.iter().filter(|d| inside(d) && !weekday(d) && !y.holidays.contains(d)).count() as i64;
            }
        }
        sign * count
    }
}

/// How many Mondays to Fridays lie after `a` up to and including `b` (`a <= b`).
fn weekdays_after_until(a: NaiveDate, b: NaiveDate) -> i64 {
    let days = (b - a).num_days();
    let mut count = days / 7 * 5;
    let mut d = a;
    for _ in 0..days % 7 {
        d = d.succ_opt().unwrap_or(d);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    count
}

/// A state that holds this area's part.
pub trait CalendarState {
    /// This area's part.
    fn calendar(&self) -> &Calendar;
    /// This area's part, to apply an event.
    fn calendar_mut(&mut self) -> &mut Calendar;
}

crate::engine::events! {
    /// The events of this area convert into the domain's event type.
    pub trait CalendarEvents;
    HolidayCalendarPublished,
}

#[cfg(test)]
mod tests;
