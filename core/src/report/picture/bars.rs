//! Bar charts by village or community: the survey's coverage, and the problems open and overdue.

use super::frame::{self, AMBER, BLUE, GREY, Key, LIGHT, MARGIN, RED, TOP, say};
use super::svg::{Anchor, TextStyle, clip, num};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::problem::ProblemSummaryQuery;
use crate::report::ReportHeader;
use crate::report::ask;
use crate::survey::CoverageQuery;

/// One bar: a label, its parts from the left, the length of its background, and a note at its end.
#[derive(Debug, Clone)]
struct Bar {
    label: String,
    parts: Vec<(u32, &'static str)>,
    background: u32,
    note: String,
}

/// Where the bars start and end, and where their notes go.
const LABEL_END: f64 = 176.0;
const BAR_START: f64 = 186.0;
const BAR_END: f64 = 600.0;
const ROW: f64 = 30.0;

/// The survey's coverage per village or community (of `unit` alone when given): covered, visited
/// only and not visited, each bar as long as the unit's households.
pub(super) fn coverage<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    header: &ReportHeader,
    unit: Option<&str>,
) -> Result<String> {
    let lang = header.language;
    let mut r = ask(state, cx, &CoverageQuery { unit: unit.map(str::to_string) })?;
    r.units.sort_by_key(|u| u.unit);
    let bars: Vec<Bar> = r
        .units
        .iter()
        .map(|u| {
            let c = &u.counts;
            Bar {
                label: u.name.clone(),
                parts: vec![(c.covered, frame::GREEN), (c.attempted_only, AMBER), (c.not_tried, LIGHT)],
                background: c.households,
                note: format!("{}/{} · {}", c.covered, c.households, percent(c.covered, c.households)),
            }
        })
        .collect();
    if bars.iter().all(|b| b.background == 0) {
        return Ok(frame::nothing(header, lang.pick("没有登记住户", "no household registered")));
    }
    let keys = [
        Key::square(frame::GREEN, say(lang, "已覆盖", "covered")),
        Key::square(AMBER, say(lang, "已走访未覆盖", "visited, not covered")),
        Key::square(LIGHT, say(lang, "未走访", "not visited")),
    ];
    let t = &r.total;
    let total = format!(
        "{}{} / {} {} ({})",
        lang.pick("合计：已覆盖 ", "In all: covered "),
        t.covered,
        t.households,
        lang.pick("户", "households"),
        percent(t.covered, t.households)
    );
    Ok(chart(header, &keys, &bars, lang.pick("住户（户）", "households"), &total))
}

/// The problems open and overdue at the header's moment per village or community (of `unit` alone
/// when given), each bar as long as the problems reported there.
pub(super) fn overdue_problems<S: OversightState>(
    state: &S,
    cx: &QueryContext<'_>,
    header: &ReportHeader,
    unit: Option<&str>,
) -> Result<String> {
    let lang = header.language;
    let mut r = ask(state, cx, &ProblemSummaryQuery { at: header.at, unit: unit.map(str::to_string) })?;
    r.by_unit.sort_by_key(|u| u.unit);
    let bars: Vec<Bar> = r
        .by_unit
        .iter()
        .map(|u| {
            let f = &u.figures;
            let overdue = f.overdue.min(f.open);
            Bar {
                label: u.name.clone(),
                parts: vec![(overdue, RED), (f.open - overdue, BLUE)],
                background: f.reported,
                note: format!(
                    "{} {} · {} {}",
                    lang.pick("未办结", "open"),
                    f.open,
                    lang.pick("逾期", "overdue"),
                    overdue
                ),
            }
        })
        .collect();
    if bars.iter().all(|b| b.background == 0) {
        return Ok(frame::nothing(header, lang.pick("没有上报的问题", "no problem reported")));
    }
    let keys = [
        Key::square(RED, say(lang, "逾期未办结", "open, overdue")),
        Key::square(BLUE, say(lang, "未办结（未逾期）", "open, not yet due")),
        Key::square(LIGHT, say(lang, "已办结或其他", "closed or set aside")),
    ];
    let t = &r.total;
    let total = format!(
        "{} {} · {} {} · {} {}",
        lang.pick("合计：上报", "In all: reported"),
        t.reported,
        lang.pick("未办结", "open"),
        t.open,
        lang.pick("逾期", "overdue"),
        t.overdue
    );
    Ok(chart(header, &keys, &bars, lang.pick("问题（件）", "problems"), &total))
}

/// `part` of `whole` as a percentage with one decimal (`—` of nothing).
fn percent(part: u32, whole: u32) -> String {
    if whole == 0 { "—".to_string() } else { format!("{}%", num(100.0 * f64::from(part) / f64::from(whole))) }
}

/// A horizontal bar chart: legend, one bar per row scaled to the longest background, an axis of
/// round ticks in `unit`, and the `total` line below.
fn chart(header: &ReportHeader, keys: &[Key], bars: &[Bar], unit: &str, total: &str) -> String {
    let height = TOP + 34.0 + ROW * bars.len() as f64 + 64.0;
    let mut svg = frame::open(header, height);
    frame::legend(&mut svg, MARGIN, TOP + 14.0, 190.0, keys);
    let top = TOP + 34.0;
    let max = bars.iter().map(|b| b.background).max().unwrap_or(0).max(1);
    let step = tick_step(max);
    let scale = (BAR_END - BAR_START) / f64::from(max.div_ceil(step) * step);
    let bottom = top + ROW * bars.len() as f64;
    let mut tick = 0;
    while tick <= max.div_ceil(step) * step {
        let x = BAR_START + f64::from(tick) * scale;
        svg.line((x, top - 4.0), (x, bottom), LIGHT, 1.0, tick != 0);
        svg.text(x, bottom + 16.0, &tick.to_string(), TextStyle::plain(11.0).anchored(Anchor::Middle).fill(GREY));
        tick += step;
    }
    svg.text(LABEL_END, bottom + 16.0, unit, TextStyle::plain(11.0).anchored(Anchor::End).fill(GREY));
    for (i, b) in bars.iter().enumerate() {
        let y = top + ROW * i as f64 + 6.0;
        svg.group(&format!("{}: {}", b.label, b.note));
        svg.text(LABEL_END, y + 13.0, &clip(&b.label, 12.0), TextStyle::plain(13.0).anchored(Anchor::End));
        svg.rect(BAR_START, y, f64::from(b.background) * scale, 18.0, LIGHT, None);
        let mut x = BAR_START;
        for (value, colour) in &b.parts {
            let w = f64::from(*value) * scale;
            if *value > 0 && *colour != LIGHT {
                svg.rect(x, y, w, 18.0, colour, None);
            }
            x += w;
        }
        svg.text(BAR_END + 10.0, y + 13.0, &b.note, TextStyle::plain(12.0));
        svg.end_group();
    }
    svg.text(MARGIN, bottom + 42.0, total, TextStyle::plain(13.0).bold());
    svg.finish()
}

/// A round step (1, 2 or 5 × 10ⁿ) giving at most about six ticks up to `max`.
fn tick_step(max: u32) -> u32 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max / (step * m) <= 6 {
                return step * m;
            }
        }
        step *= 10;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticks_are_round() {
        assert_eq!(super::tick_step(3), 1);
        assert_eq!(super::tick_step(12), 2);
        assert_eq!(super::tick_step(480), 100);
        assert_eq!(super::tick_step(1_000), 200);
    }
}
