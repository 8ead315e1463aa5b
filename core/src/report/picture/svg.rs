//! A tiny SVG writer whose output is the same bytes on every platform: numbers are written with one
//! decimal by Rust's own formatting (no locale, no `-0.0`), text is XML-escaped, and elements come out
//! in the order they are drawn.

use std::fmt::Write as _;

/// The font families of every text: a Chinese sans-serif first, then any sans-serif. Nothing is
/// measured: texts are placed by their anchor, so a missing font changes no coordinate.
pub(super) const FONT_FAMILY: &str = "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif";

/// A number as SVG writes it here: one decimal, `0.0` for `-0.0` and for what is not finite.
pub(super) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0.0".to_string();
    }
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// `s` escaped for XML text and attribute values; control characters (not allowed in XML 1.0) are
/// dropped.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Where a text's anchor lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// The text starts at the point.
    Start,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point.
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a text is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextStyle<'a> {
    /// Font size in pixels.
    pub size: f64,
    /// The anchor.
    pub anchor: Anchor,
    /// Its colour.
    pub fill: &'a str,
    /// Bold.
    pub bold: bool,
}

impl TextStyle<'static> {
    /// Plain text of `size`, dark grey, starting at its point.
    pub(super) fn plain(size: f64) -> TextStyle<'static> {
        TextStyle { size, anchor: Anchor::Start, fill: super::frame::INK, bold: false }
    }
}

impl<'a> TextStyle<'a> {
    /// The same, anchored at `anchor`.
    pub(super) fn anchored(self, anchor: Anchor) -> TextStyle<'a> {
        TextStyle { anchor, ..self }
    }
    /// The same, in bold.
    pub(super) fn bold(self) -> TextStyle<'a> {
        TextStyle { bold: true, ..self }
    }
    /// The same, in `fill`.
    pub(super) fn fill(self, fill: &'a str) -> TextStyle<'a> {
        TextStyle { fill, ..self }
    }
}

/// An SVG document being written.
#[derive(Debug)]
pub(super) struct Svg {
    out: String,
}

impl Svg {
    /// A document `width` × `height` pixels titled `title` (the tooltip and the accessible name),
    /// on a white background.
    pub(super) fn new(width: f64, height: f64, title: &str) -> Svg {
        let mut out = String::with_capacity(16 * 1024);
        let (w, h) = (num(width), num(height));
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             font-family=\"{FONT_FAMILY}\">\n<title>{}</title>\n<rect x=\"0.0\" y=\"0.0\" width=\"{w}\" height=\"{h}\" \
             fill=\"#ffffff\"/>\n",
            escape(title)
        );
        Svg { out }
    }

    /// A filled rectangle, optionally outlined.
    pub(super) fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str, stroke: Option<&str>) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
            num(x),
            num(y),
            num(width.max(0.0)),
            num(height.max(0.0))
        );
        if let Some(s) = stroke {
            let _ = write!(self.out, " stroke=\"{s}\" stroke-width=\"1.0\"");
        }
        self.out.push_str("/>\n");
    }

    /// A filled circle, optionally outlined with a stroke `stroke_width` wide.
    pub(super) fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, stroke: Option<(&str, f64)>) {
        let _ = write!(self.out, "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"", num(cx), num(cy), num(r));
        if let Some((s, w)) = stroke {
            let _ = write!(self.out, " stroke=\"{s}\" stroke-width=\"{}\"", num(w));
        }
        self.out.push_str("/>\n");
    }

    /// A line, dashed or not.
    pub(super) fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64, dashed: bool) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"",
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            num(width)
        );
        if dashed {
            self.out.push_str(" stroke-dasharray=\"4.0 3.0\"");
        }
        self.out.push_str("/>\n");
    }

    /// A closed polygon, filled with `fill` at `opacity` and outlined with `stroke`.
    pub(super) fn polygon(&mut self, points: &[(f64, f64)], fill: &str, opacity: f64, stroke: &str) {
        let mut p = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            if i > 0 {
                p.push(' ');
            }
            let _ = write!(p, "{},{}", num(*x), num(*y));
        }
        let _ = writeln!(
            self.out,
            "<polygon points=\"{p}\" fill=\"{fill}\" fill-opacity=\"{}\" stroke=\"{stroke}\" stroke-width=\"1.5\" \
             stroke-linejoin=\"round\"/>",
            num(opacity)
        );
    }

    /// A text at (`x`, `y`) (the baseline), escaped.
    pub(super) fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle<'_>) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\"",
            num(x),
            num(y),
            num(style.size),
            style.anchor.as_str(),
            style.fill
        );
        if style.bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        let _ = writeln!(self.out, ">{}</text>", escape(text));
    }

    /// Opens a group titled `title` (shown as a tooltip by browsers); close it with [`Svg::end_group`].
    pub(super) fn group(&mut self, title: &str) {
        let _ = writeln!(self.out, "<g><title>{}</title>", escape(title));
    }

    /// Closes the group opened last.
    pub(super) fn end_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// The finished document.
    pub(super) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// How wide `text` is in ems, estimated without a font: a wide (CJK, full-width) character is one em,
/// any other about 0.6. Used only to clip labels, never to place them.
pub(super) fn width_em(text: &str) -> f64 {
    text.chars().map(|c| if is_wide(c) { 1.0 } else { 0.6 }).sum()
}

/// `text` cut to at most `max_em` ems (estimated), with `…` when cut.
pub(super) fn clip(text: &str, max_em: f64) -> String {
    if width_em(text) <= max_em {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1.0; // the ellipsis
    for c in text.chars() {
        let w = if is_wide(c) { 1.0 } else { 0.6 };
        if used + w > max_em {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Whether `c` is drawn about one em wide: CJK ideographs and punctuation, full-width forms, kana,
/// hangul.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        assert_eq!(num(1.0), "1.0");
        assert_eq!(num(2.26), "2.3");
        assert_eq!(num(-0.01), "0.0");
        assert_eq!(num(f64::NAN), "0.0");
        assert_eq!(num(-3.46), "-3.5");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\" 'd'>\u{7}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    }

    #[test]
    fn labels_are_clipped_by_estimated_width() {
        assert_eq!(clip("龙虎岭社区", 5.0), "龙虎岭社区");
        assert_eq!(clip("龙虎岭社区党总支", 5.0), "龙虎岭社…");
        assert_eq!(width_em("ab"), 1.2);
    }
}
