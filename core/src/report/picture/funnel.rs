//! The acceptance funnel: how many of the villages' and communities' organizations passed each of the
//! four tiers (village self-evaluation → sub-district assessment → district evaluation → city
//! verification), and how often each tier failed one.

use super::frame::{self, GREEN, GREY, Key, LIGHT, MARGIN, RED, TOP, say};
use super::svg::{Anchor, TextStyle};
use crate::acceptance::{AcceptanceFunnelQuery, Tier};
use crate::engine::QueryContext;
use crate::engine::error::Result;
use crate::oversight::OversightState;
use crate::report::ask;
use crate::report::{Language, ReportHeader};

const ROW: f64 = 58.0;
const BAR: f64 = 30.0;
const CENTRE: f64 = 400.0;
const HALF: f64 = 180.0;
/// The organizations in all.
const SLATE: &str = "#546e7a";

/// The funnel of the organizations inside the reader's scope.
pub(super) fn draw<S: OversightState>(state: &S, cx: &QueryContext<'_>, header: &ReportHeader) -> Result<String> {
    let lang = header.language;
    let f = ask(state, cx, &AcceptanceFunnelQuery {})?;
    if f.organizations == 0 {
        return Ok(frame::nothing(header, lang.pick("没有村（社区）党组织", "no village or community organization")));
    }
    let mut rows: Vec<(String, u32, u32, String)> = vec![(
        say(lang, "村（社区）党组织", "Organizations"),
        f.organizations,
        0,
        format!("{} {}", lang.pick("未开始", "not begun"), f.not_begun),
    )];
    for t in &f.tiers {
        rows.push((
            tier_label(t.tier, lang).to_string(),
            t.passed,
            t.failed,
            format!("{} {} · {} {}", lang.pick("通过", "passed"), t.passed, lang.pick("未通过", "failed"), t.failed),
        ));
    }
    let height = TOP + 40.0 + ROW * rows.len() as f64 + 50.0;
    let mut svg = frame::open(header, height);
    let keys = [
        Key::square(SLATE, say(lang, "参加验收", "taking part")),
        Key::square(GREEN, say(lang, "本轮通过", "passed (latest round)")),
        Key::square(RED, say(lang, "未通过（各轮次）", "failed (every round)")),
    ];
    frame::legend(&mut svg, MARGIN, TOP + 14.0, 200.0, &keys);
    let top = TOP + 40.0;
    let scale = HALF * 2.0 / f64::from(rows.iter().map(|r| r.1 + r.2).max().unwrap_or(1).max(1));
    let mut above: Option<(f64, f64, f64)> = None;
    for (i, (label, passed, failed, note)) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        let (wp, wf) = (f64::from(*passed) * scale, f64::from(*failed) * scale);
        let left = CENTRE - (wp + wf) / 2.0;
        if let Some((l, r, bottom)) = above {
            svg.polygon(&[(l, bottom), (r, bottom), (left + wp.max(1.0), y), (left, y)], LIGHT, 0.6, LIGHT);
        }
        svg.group(&format!("{label}: {note}"));
        svg.text(CENTRE - HALF - 14.0, y + 20.0, label, TextStyle::plain(12.0).anchored(Anchor::End));
        let colour = if i == 0 { SLATE } else { GREEN };
        svg.rect(left, y, wp.max(1.0), BAR, colour, None);
        if *failed > 0 {
            svg.rect(left + wp, y, wf, BAR, RED, None);
        }
        if *passed > 0 {
            let text = TextStyle::plain(13.0).anchored(Anchor::Middle).fill("#ffffff").bold();
            if wp >= 28.0 {
                svg.text(left + wp / 2.0, y + 20.0, &passed.to_string(), text);
            }
        }
        svg.text(CENTRE + HALF + 14.0, y + 20.0, note, TextStyle::plain(12.0));
        svg.end_group();
        above = Some((left, left + wp.max(1.0), y + BAR));
    }
    let footer = format!(
        "{} {} · {} {} · {} {}",
        lang.pick("通过市核查（转化提质）", "accepted (passed the city's verification)"),
        f.accepted,
        lang.pick("进入第二轮及以后", "in a second round or later"),
        f.beyond_first_round,
        lang.pick("待调整书记", "secretary adjustments due"),
        f.adjustments_due
    );
    svg.text(MARGIN, top + ROW * rows.len() as f64 + 16.0, &footer, TextStyle::plain(13.0).bold().fill(GREY));
    Ok(svg.finish())
}

/// A tier's label in `lang`.
fn tier_label(tier: Tier, lang: Language) -> &'static str {
    match lang {
        Language::Zh => tier.label_zh(),
        Language::En => match tier {
            Tier::SelfEvaluation => "Self-evaluation",
            Tier::SubdistrictAssessment => "Sub-district assessment",
            Tier::DistrictEvaluation => "District evaluation",
            Tier::CityVerification => "City verification",
        },
    }
}
