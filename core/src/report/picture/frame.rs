//! What every picture shares: its size, its palette, the title block that shows the report header,
//! the legend, and the note that there is nothing to draw.

use super::svg::{Anchor, Svg, TextStyle};
use crate::organization::china_offset;
use crate::report::{Language, ReportHeader};

/// Every picture's width in pixels.
pub(super) const WIDTH: f64 = 800.0;
/// The left and right margin.
pub(super) const MARGIN: f64 = 24.0;
/// Where the drawing starts below the title block.
pub(super) const TOP: f64 = 78.0;

/// Text.
pub(super) const INK: &str = "#222222";
/// Secondary text, axes.
pub(super) const GREY: &str = "#666666";
/// Grid lines, empty parts of bars.
pub(super) const LIGHT: &str = "#dddddd";
/// Done, covered, passed.
pub(super) const GREEN: &str = "#2e7d32";
/// Shown done by the state (not reported).
pub(super) const LIGHT_GREEN: &str = "#81c784";
/// Open, not yet due; households.
pub(super) const BLUE: &str = "#1565c0";
/// Overdue, failed.
pub(super) const RED: &str = "#c62828";
/// Attempted only, at risk.
pub(super) const AMBER: &str = "#f9a825";

/// The colours members are drawn in, by a stable index (their order by id): twelve that tell apart
/// on screen and in print, red left out (it marks key persons).
pub(super) const MEMBER_PALETTE: [&str; 12] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79",
    "#637939", "#8c6d31",
];

/// The picture's document with its title block: the title (and unit) on the first line; the campaign's
/// sub-district, the moment (UTC+8) and the head of the log (`seq #N` and the start of its hash) on
/// the second.
pub(super) fn open(header: &ReportHeader, height: f64) -> Svg {
    let lang = header.language;
    let title = match &header.unit {
        Some(u) => format!("{} · {}", header.title, u.name),
        None => format!("{} · {}", header.title, header.subdistrict.name),
    };
    let at = header.at.with_timezone(&china_offset()).format("%Y-%m-%d %H:%M");
    let hash = header.head.hash.to_hex();
    let line = format!(
        "{} · {} {at} (UTC+8) · seq #{} · {}…",
        header.campaign,
        lang.pick("截至", "at"),
        header.head.seq,
        &hash[..hash.len().min(12)]
    );
    let mut svg = Svg::new(WIDTH, height, &format!("{title} — {line}"));
    svg.text(MARGIN, 32.0, &title, TextStyle::plain(20.0).bold());
    svg.text(MARGIN, 54.0, &super::svg::clip(&line, 64.0), TextStyle::plain(12.0).fill(GREY));
    svg.line((MARGIN, 64.0), (WIDTH - MARGIN, 64.0), LIGHT, 1.0, false);
    svg
}

/// A legend item: a colour swatch (a square, or a circle) and its label.
#[derive(Debug, Clone)]
pub(super) struct Key {
    /// The swatch's fill.
    pub colour: &'static str,
    /// The swatch's outline, if any.
    pub outline: Option<&'static str>,
    /// A round swatch.
    pub round: bool,
    /// The label.
    pub label: String,
}

impl Key {
    /// A square swatch of `colour`.
    pub(super) fn square(colour: &'static str, label: impl Into<String>) -> Key {
        Key { colour, outline: None, round: false, label: label.into() }
    }
}

/// The legend in one row starting at (`x`, `y`), each item given `step` pixels.
pub(super) fn legend(svg: &mut Svg, x: f64, y: f64, step: f64, keys: &[Key]) {
    for (i, k) in keys.iter().enumerate() {
        let kx = x + step * i as f64;
        if k.round {
            svg.circle(kx + 6.0, y - 4.0, 5.0, k.colour, k.outline.map(|o| (o, 2.0)));
        } else {
            svg.rect(kx, y - 10.0, 12.0, 12.0, k.colour, k.outline);
        }
        svg.text(kx + 18.0, y, &k.label, TextStyle::plain(12.0));
    }
}

/// A picture that says there is nothing to draw (and why, in `what`).
pub(super) fn nothing(header: &ReportHeader, what: &str) -> String {
    let mut svg = open(header, 200.0);
    let lang = header.language;
    let line = format!("{}{what}", lang.pick("无可绘制的数据：", "Nothing to draw: "));
    svg.text(super::frame::WIDTH / 2.0, 130.0, &line, TextStyle::plain(16.0).anchored(Anchor::Middle).fill(GREY));
    svg.finish()
}

/// `zh` or `en` by `lang`, owned.
pub(super) fn say(lang: Language, zh: &str, en: &str) -> String {
    lang.pick(zh, en).to_string()
}
