//! The timetable (实施计划表, attachment 1) as a Gantt chart: each item a bar from the start of its
//! phase to its due date, coloured by where it stands at the moment asked; the phases behind, the
//! moment as a line.

use super::frame::{self, BLUE, GREEN, GREY, INK, Key, LIGHT, LIGHT_GREEN, MARGIN, RED, TOP, WIDTH, say};
use super::svg::{Anchor, TextStyle, clip};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::organization::{Phase, china_day};
use crate::oversight::{OversightState, TimetableQuery, TimetableStatus};
use crate::people::CampaignSummaryQuery;
use crate::report::ask;
use crate::report::{Language, ReportHeader};
use chrono::{Datelike, Months, NaiveDate};

const ROW: f64 = 22.0;
const CHART_START: f64 = 330.0;
const CHART_END: f64 = WIDTH - MARGIN;
/// The phases' bands, in the order of [`Phase`].
const PHASE_FILLS: [&str; 3] = ["#bbdefb", "#ffe0b2", "#e1bee7"];
/// A phase's lane, and the three lanes.
const LANE: f64 = 16.0;
const LANES: f64 = 3.0 * LANE;

/// The timetable at the header's moment.
pub(super) fn draw<S: OversightState>(state: &S, cx: &QueryContext<'_>, header: &ReportHeader) -> Result<String> {
    let lang = header.language;
    let items = ask(state, cx, &TimetableQuery { at: header.at })?.items;
    if items.is_empty() {
        return Ok(frame::nothing(header, lang.pick("实施计划表没有任务", "the timetable has no item")));
    }
    let mut phases = ask(state, cx, &CampaignSummaryQuery { at: header.at })?.phases;
    phases.sort_by_key(|p| (p.start, p.phase as u8));
    let today = china_day(header.at);
    let start_of = |phase: Option<Phase>| phases.iter().find(|p| Some(p.phase) == phase).map(|p| p.start);
    // The span: from the first phase's start (or a week before the first due date) to the last date.
    let first = items.iter().map(|i| start_of(i.item.phase).unwrap_or(i.item.due - chrono::Days::new(7))).min();
    let last = items.iter().map(|i| i.item.due).chain(phases.iter().map(|p| p.due)).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(frame::nothing(header, lang.pick("实施计划表没有任务", "the timetable has no item")));
    };
    let first = first.min(today).with_day(1).unwrap_or(first);
    let last = last.max(today);
    let days = (last - first).num_days().max(1) as f64 + 1.0;
    let x_of = |d: NaiveDate| CHART_START + (CHART_END - CHART_START) * (d - first).num_days() as f64 / days;

    let top = TOP + 44.0 + LANES;
    let bottom = top + ROW * items.len() as f64;
    let mut svg = frame::open(header, bottom + 44.0);
    let keys = [
        Key::square(GREEN, say(lang, "已完成", "completed")),
        Key::square(LIGHT_GREEN, say(lang, "已达成（未报告）", "shown done")),
        Key::square(BLUE, say(lang, "进行中", "open")),
        Key::square(RED, say(lang, "逾期", "overdue")),
    ];
    frame::legend(&mut svg, MARGIN, TOP + 14.0, 160.0, &keys);

    // The phases, one lane each above the items (they may overlap in time).
    for (k, p) in phases.iter().enumerate() {
        let (x0, x1) = (x_of(p.start), x_of(p.due) + (CHART_END - CHART_START) / days);
        let y = top - LANES + LANE * k as f64;
        svg.rect(x0, y, x1 - x0, LANE - 2.0, PHASE_FILLS[p.phase as usize % PHASE_FILLS.len()], None);
        svg.text(
            x0 + 3.0,
            y + 10.0,
            &clip(phase_label(p.phase, lang), (x1 - x0 - 6.0) / 10.0),
            TextStyle::plain(10.0).fill(INK),
        );
    }
    // Months along the bottom: at most about two dozen ticks, however long the span.
    let months = u32::try_from((last - first).num_days() / 30 + 1).unwrap_or(u32::MAX);
    let step = Months::new(months.div_ceil(24).max(1));
    let mut month = first;
    while month <= last {
        let x = x_of(month);
        svg.line((x, top - LANES), (x, bottom), LIGHT, 1.0, false);
        let name = match lang {
            Language::Zh => format!("{}月", month.month()),
            Language::En => month.format("%b").to_string(),
        };
        svg.text(x + 2.0, bottom + 14.0, &name, TextStyle::plain(11.0).fill(GREY));
        match month.checked_add_months(step) {
            Some(next) => month = next,
            None => break,
        }
    }

    for (i, line) in items.iter().enumerate() {
        let item = &line.item;
        let y = top + ROW * i as f64;
        let colour = match line.status {
            TimetableStatus::Completed => GREEN,
            TimetableStatus::ShownDone => LIGHT_GREEN,
            TimetableStatus::Open => BLUE,
            TimetableStatus::Overdue => RED,
        };
        svg.group(&format!(
            "{} · {} · {} · {} {} · {}",
            item.id,
            item.task,
            item.owner,
            lang.pick("截止", "due"),
            item.due,
            status_label(line.status, lang)
        ));
        svg.text(MARGIN, y + 15.0, &clip(&item.task, 24.5), TextStyle::plain(12.0));
        let x1 = x_of(item.due) + (CHART_END - CHART_START) / days;
        match start_of(item.phase) {
            Some(s) => {
                let x0 = x_of(s.min(item.due));
                svg.rect(x0, y + 5.0, x1 - x0, 12.0, colour, None);
            }
            None => svg.rect(x1 - 6.0, y + 5.0, 6.0, 12.0, colour, None),
        }
        if let Some(done) = item.completed_at.filter(|c| *c <= header.at) {
            svg.circle(x_of(china_day(done)), y + 11.0, 3.5, "#ffffff", Some((INK, 1.5)));
        }
        svg.end_group();
    }

    // The moment asked.
    let x = x_of(today);
    svg.line((x, top - LANES - 4.0), (x, bottom + 2.0), INK, 1.5, true);
    let label = format!("{} {}", lang.pick("截至", "at"), today.format("%Y-%m-%d"));
    let anchor = if x > CHART_END - 80.0 { Anchor::End } else { Anchor::Start };
    svg.text(
        x + if anchor == Anchor::End { -4.0 } else { 4.0 },
        top - LANES - 8.0,
        &label,
        TextStyle::plain(11.0).anchored(anchor).bold(),
    );
    let note = lang.pick("○ 报告完成之日", "○ the day it was reported done");
    svg.text(MARGIN, bottom + 34.0, note, TextStyle::plain(11.0).fill(GREY));
    Ok(svg.finish())
}

/// A phase's label in `lang`.
fn phase_label(phase: Phase, lang: Language) -> &'static str {
    match lang {
        Language::Zh => phase.label_zh(),
        Language::En => match phase {
            Phase::Survey => "Survey",
            Phase::Rectification => "Rectification",
            Phase::Acceptance => "Acceptance",
        },
    }
}

/// A status's label in `lang`.
fn status_label(status: TimetableStatus, lang: Language) -> &'static str {
    match status {
        TimetableStatus::Completed => lang.pick("已完成", "completed"),
        TimetableStatus::ShownDone => lang.pick("已达成（未报告）", "shown done"),
        TimetableStatus::Open => lang.pick("进行中", "open"),
        TimetableStatus::Overdue => lang.pick("逾期", "overdue"),
    }
}
