//! Deadline arithmetic over the 2022 and 2023 calendars, against dates counted by hand from the
//! notices (国办发明电〔2021〕11号, 〔2022〕16号).

use super::{Calendar, DayKind};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn day_kinds_follow_the_2022_notice() {
    let c = Calendar::default();
    assert_eq!(c.day_kind(d("2022-01-29")), DayKind::MakeUpWorkday); // Saturday before the Spring Festival
    assert_eq!(c.day_kind(d("2022-01-30")), DayKind::MakeUpWorkday); // Sunday before it
    assert_eq!(c.day_kind(d("2022-02-01")), DayKind::Holiday); // 春节, a Tuesday
    assert_eq!(c.day_kind(d("2022-02-06")), DayKind::Holiday); // its last day, a Sunday
    assert_eq!(c.day_kind(d("2022-02-07")), DayKind::Working);
    assert_eq!(c.day_kind(d("2022-02-12")), DayKind::Weekend);
    assert_eq!(c.day_kind(d("2022-10-08")), DayKind::MakeUpWorkday);
    assert_eq!(c.day_kind(d("2022-10-07")), DayKind::Holiday);
}

#[test]
fn spring_festival_2022_is_skipped_and_its_make_up_weekend_counted() {
    let c = Calendar::default();
    // Given on Friday 28 January: Saturday 29 and Sunday 30 are worked, 31 January to 6 February off.
    assert_eq!(c.add_working_days(d("2022-01-28"), 1), d("2022-01-29"));
    assert_eq!(c.add_working_days(d("2022-01-28"), 2), d("2022-01-30"));
    assert_eq!(c.add_working_days(d("2022-01-28"), 3), d("2022-02-07"));
    assert_eq!(c.add_working_days(d("2022-01-28"), 5), d("2022-02-09"));
}

#[test]
fn national_day_2022_and_its_make_up_saturday_and_sunday() {
    let c = Calendar::default();
    assert_eq!(c.add_working_days(d("2022-09-30"), 1), d("2022-10-08"));
    assert_eq!(c.add_working_days(d("2022-09-30"), 2), d("2022-10-09"));
    assert_eq!(c.add_working_days(d("2022-09-30"), 3), d("2022-10-10"));
    // Qingming: Saturday 2 April worked, 3 to 5 April off.
    assert_eq!(c.add_working_days(d("2022-04-01"), 1), d("2022-04-02"));
    assert_eq!(c.add_working_days(d("2022-04-01"), 2), d("2022-04-06"));
}

#[test]
fn the_2023_spring_festival_dragon_boat_and_golden_week() {
    let c = Calendar::default();
    assert_eq!(c.add_working_days(d("2023-01-20"), 1), d("2023-01-28"));
    assert_eq!(c.working_days_between(d("2023-01-20"), d("2023-01-30")), 3);
    assert_eq!(c.add_working_days(d("2023-06-21"), 1), d("2023-06-25")); // Sunday 25 June worked
    assert_eq!(c.add_working_days(d("2023-09-28"), 2), d("2023-10-08"));
    assert_eq!(c.add_working_days(d("2023-09-28"), 3), d("2023-10-09"));
    // Across the new year: 31 December and 1 January a weekend, 2 January off.
    assert_eq!(c.add_working_days(d("2022-12-30"), 1), d("2023-01-03"));
}

#[test]
fn each_year_has_249_working_days() {
    // 260 weekdays, 18 of them holidays, 7 make-up weekend days, in both years.
    let c = Calendar::default();
    assert_eq!(c.working_days_between(d("2021-12-31"), d("2022-12-31")), 249);
    assert_eq!(c.working_days_between(d("2022-12-31"), d("2023-12-31")), 249);
}

#[test]
fn counting_back_is_the_negative_of_counting_forward() {
    let c = Calendar::default();
    assert_eq!(c.working_days_between(d("2023-01-30"), d("2023-01-20")), -3);
    assert_eq!(c.working_days_between(d("2023-01-30"), d("2023-01-30")), 0);
    assert_eq!(c.add_working_days(d("2023-01-30"), 0), d("2023-01-30"));
}

#[test]
fn an_unknown_year_counts_monday_to_friday() {
    let c = Calendar::default();
    assert!(!c.knows(2030));
    assert_eq!(c.day_kind(d("2030-01-01")), DayKind::Working); // no notice yet
    assert_eq!(c.add_working_days(d("2030-01-04"), 1), d("2030-01-07"));
}

#[test]
fn every_shipped_make_up_day_is_a_weekend_and_every_range_is_in_order() {
    use chrono::Datelike;
    let c = Calendar::default();
    for p in super::published::PUBLISHED {
        let y = c.year(p.year).unwrap();
        for w in &y.workdays {
            assert!(matches!(w.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun), "{w}");
            assert!(!y.holidays.contains(w));
        }
        for &(from, to) in p.holidays {
            assert!(from <= to, "{}: {from:?}", p.year);
        }
    }
}

#[test]
fn counting_by_arithmetic_equals_counting_day_by_day() {
    let c = Calendar::default();
    let start = d("2021-12-20");
    for offset in [0i64, 1, 2, 5, 6, 7, 8, 13, 40, 100, 365, 400, 800, 1500, 1900] {
        for back in [0i64, 3, 9] {
            let from = start + chrono::Duration::days(back);
            let to = start + chrono::Duration::days(offset);
            let mut slow = 0i64;
            let (a, b, sign) = if to >= from { (from, to, 1) } else { (to, from, -1) };
            let mut x = a;
            while x < b {
                x = x.succ_opt().unwrap();
                if c.is_working_day(x) {
                    slow += 1;
                }
            }
            assert_eq!(c.working_days_between(from, to), sign * slow, "{from} → {to}");
        }
    }
}

#[test]
fn far_dates_neither_panic_nor_crawl() {
    let c = Calendar::default();
    let far = chrono::NaiveDate::MAX;
    assert_eq!(c.add_working_days(far, 5), far);
    let n = c.working_days_between(d("2000-01-01"), far);
    assert!(n > 0);
}
