//! Charts as inline SVG, made at build time: readable without JavaScript, crisp in print, with a
//! `<title>` and `aria-label` for screen readers. Hand-made rather than from a plotting crate:
//! three small chart kinds need a few dozen lines each, and the output stays a few kilobytes of
//! clean markup that the stylesheet can restyle for print. Labels are sized on the fact that a
//! CJK character is about one em wide.
//!
//! An SVG scales as a picture, its labels with it, so a chart made for a desktop column would
//! show 6 px labels on a phone. Each chart is therefore drawn twice (`wide_and_narrow`): at its
//! desktop width and at `NARROW`, and the stylesheet shows the one that fits its box.

use crate::markdown::escape;
use crate::model::Tenths;
use std::fmt::Write as _;

/// Width of a label in ems: CJK and full-width characters count 1, others about 0.55.
pub fn text_em(s: &str) -> f64 {
    s.chars().map(|c| if crate::diag::display_width(&c.to_string()) == 2 { 1.0 } else { 0.55 }).sum()
}

const FONT: f64 = 13.0;

/// The width of a chart's narrow drawing: in a box down to 300 px wide (a 360 px phone) its
/// 12 and 13 px labels stay 11 px or larger.
pub const NARROW: f64 = 320.0;

/// A chart drawn at `wide` and at `NARROW`, marked `chart-wide` and `chart-narrow` for the
/// stylesheet, which shows one of them (the hidden one is out of the accessibility tree too).
pub fn wide_and_narrow(wide: f64, draw: impl Fn(f64, &str) -> String) -> String {
    let mut s = draw(wide, "chart-wide");
    s.push_str(&draw(NARROW, "chart-narrow"));
    s
}

/// Horizontal bars: one row per `(label, value, value label)`, scaled to `max`; `class` is
/// added to the chart's classes.
pub fn hbars(title: &str, rows: &[(String, f64, String)], max: f64, width: f64, class: &str) -> String {
    let label_w = rows.iter().map(|r| text_em(&r.0)).fold(2.0, f64::max) * FONT + 12.0;
    let value_w = rows.iter().map(|r| text_em(&r.2)).fold(2.0, f64::max) * FONT + 10.0;
    // Where labels and values would leave the bars too short to compare (a narrow drawing of
    // long labels), each label and its value go on a line of their own above the bar.
    let stacked = width - label_w - value_w < 150.0;
    let row_h = if stacked { 38.0 } else { 26.0 };
    let height = rows.len() as f64 * row_h + 8.0;
    let bar_w = if stacked { width } else { (width - label_w - value_w).max(60.0) };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart hbars {class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    for (i, (label, value, vlabel)) in rows.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        let w = if max > 0.0 { (value / max).clamp(0.0, 1.0) * bar_w } else { 0.0 };
        if stacked {
            let _ = write!(
                s,
                r#"<text x="0" y="{ty:.1}" class="label">{l}</text><text x="{width}" y="{ty:.1}" text-anchor="end" class="value">{v}</text><rect x="0" y="{by:.1}" width="{width}" height="12" class="track"/><rect x="0" y="{by:.1}" width="{w:.1}" height="12" class="bar"/>"#,
                ty = y + 12.0,
                by = y + 18.0,
                l = escape(label),
                v = escape(vlabel),
            );
            continue;
        }
        let _ = write!(
            s,
            r#"<text x="{lx:.1}" y="{ty:.1}" text-anchor="end" class="label">{l}</text><rect x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="16" class="track"/><rect x="{bx:.1}" y="{by:.1}" width="{w:.1}" height="16" class="bar"/><text x="{vx:.1}" y="{ty:.1}" class="value">{v}</text>"#,
            lx = label_w - 8.0,
            ty = y + 13.0,
            l = escape(label),
            bx = label_w,
            by = y + 1.0,
            bw = bar_w,
            vx = label_w + bar_w + 6.0,
            v = escape(vlabel),
        );
    }
    s.push_str("</svg>");
    s
}

/// A line of values over periods; `None` is a gap (no scorecard that period). `lo` and `hi`
/// bound the axis, in points. A label may hold a line break (`2025年\n下半年`): two lines.
pub fn trend(title: &str, labels: &[String], values: &[Option<Tenths>], lo: f64, hi: f64, width: f64, class: &str) -> String {
    let two_lines = labels.iter().any(|l| l.contains('\n'));
    let (left, right, top, bottom) = (40.0, 16.0, 24.0, if two_lines { 44.0 } else { 30.0 });
    let height = 150.0 + top + bottom;
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let n = labels.len().max(1);
    // The first and last points stand in from the axis, so that their value labels (centred
    // above or below them) never meet the axis labels on the left.
    let inset = 26.0;
    let x = |i: usize| if n == 1 { left + plot_w / 2.0 } else { left + inset + (plot_w - 2.0 * inset) * i as f64 / (n - 1) as f64 };
    let y = |v: f64| top + plot_h * (1.0 - ((v - lo) / (hi - lo)).clamp(0.0, 1.0));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart trend {class}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    // Grid lines every 10 points.
    let mut g = (lo / 10.0).ceil() * 10.0;
    while g <= hi + 0.01 {
        let _ = write!(s, r#"<line x1="{left}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}" class="grid"/><text x="{tx}" y="{ty:.1}" text-anchor="end" class="axis">{g}</text>"#, x2 = left + plot_w, y = y(g), tx = left - 6.0, ty = y(g) + 4.0);
        g += 10.0;
    }
    for (i, l) in labels.iter().enumerate() {
        match l.split_once('\n') {
            Some((a, b)) => {
                let _ = write!(
                    s,
                    r#"<text x="{x:.1}" y="{y1}" text-anchor="middle" class="axis">{a}<tspan x="{x:.1}" y="{y2}">{b}</tspan></text>"#,
                    x = x(i),
                    y1 = height - 26.0,
                    y2 = height - 10.0,
                    a = escape(a),
                    b = escape(b)
                );
            }
            None => {
                let _ = write!(s, r#"<text x="{:.1}" y="{}" text-anchor="middle" class="axis">{}</text>"#, x(i), height - 10.0, escape(l));
            }
        }
    }
    // Segments between consecutive present values; a gap breaks the line.
    let mut path = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let _ = write!(path, "{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x(i), y(v.to_f64()));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(s, r#"<path d="{}" class="line"/>"#, path.trim_end());
    }
    // A value's label goes above its point, or below it where the line comes down to the point
    // and goes up again (a dip), so that the label does not sit on the line.
    let at = |i: usize| values.get(i).copied().flatten();
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let higher = |j: Option<usize>| j.and_then(at).is_some_and(|w| w > *v);
            let dip = higher(i.checked_sub(1)) && higher(Some(i + 1));
            let ly = if dip { y(v.to_f64()) + 17.0 } else { y(v.to_f64()) - 8.0 };
            let _ = write!(s, r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" class="point"/><text x="{:.1}" y="{:.1}" text-anchor="middle" class="value">{}</text>"#, x(i), y(v.to_f64()), x(i), ly, v);
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_titled() {
        let svg = hbars("等次<分布>", &[("优秀".into(), 3.0, "3".into())], 5.0, 400.0, "");
        assert!(svg.contains("<title>等次&lt;分布&gt;</title>"));
        assert!(svg.contains("aria-label"));
        assert!(svg.contains(">优秀<"));
    }

    #[test]
    fn trend_breaks_at_gaps() {
        let svg = trend("t", &["a".into(), "b".into(), "c".into()], &[Some(Tenths(800)), None, Some(Tenths(900))], 50.0, 100.0, 400.0, "");
        assert_eq!(svg.matches('M').count(), 2);
        assert!(svg.contains(">80.0<") && svg.contains(">90.0<"));
    }

    #[test]
    fn trend_value_labels_keep_clear_of_the_axis_labels() {
        // A first value of 79.0 next to the "80" grid label: the point stands in from the axis,
        // so its centred label starts right of where the axis labels end.
        let svg = trend("t", &["a".into(), "b".into()], &[Some(Tenths(790)), Some(Tenths(850))], 70.0, 100.0, 320.0, "");
        let label_x: f64 = svg.split("class=\"point\"/><text x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        let half_width = text_em("79.0") * 12.0 / 2.0;
        assert!(label_x - half_width > 40.0 - 6.0, "value label at {label_x} reaches the axis labels");
    }

    #[test]
    fn trend_labels_may_take_two_lines() {
        let svg = trend("t", &["2025年\n下半年".into()], &[Some(Tenths(900))], 70.0, 100.0, 320.0, "");
        assert!(svg.contains(">2025年<tspan") && svg.contains(">下半年</tspan>"));
    }

    #[test]
    fn long_labels_in_a_narrow_drawing_go_above_their_bars() {
        let rows = [("群众满意度与作风形象".to_string(), 0.8, "12.7 / 15.0".to_string())];
        let narrow = hbars("t", &rows, 1.0, NARROW, "");
        assert!(narrow.contains(r#"<text x="0" y="16.0" class="label">"#), "{narrow}");
        assert!(narrow.contains(r#"width="256.0" height="12" class="bar""#), "the bar spans the drawing: {narrow}");
        let wide = hbars("t", &rows, 1.0, 620.0, "");
        assert!(wide.contains(r#"text-anchor="end" class="label""#), "{wide}");
    }

    #[test]
    fn both_drawings_are_marked() {
        let svg = wide_and_narrow(620.0, |w, class| hbars("t", &[("优秀".into(), 3.0, "3".into())], 5.0, w, class));
        assert!(svg.contains("chart hbars chart-wide") && svg.contains("chart hbars chart-narrow"));
        assert!(svg.contains("viewBox=\"0 0 620 ") && svg.contains("viewBox=\"0 0 320 "));
    }

    #[test]
    fn cjk_labels_are_one_em() {
        assert_eq!(text_em("优秀"), 2.0);
    }
}
