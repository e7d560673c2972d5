//! Charts as inline SVG, made at build time: readable without JavaScript, crisp in print, with a
//! `<title>` and `aria-label` for screen readers. Hand-made rather than from a plotting crate:
//! three small chart kinds need a few dozen lines each, and the output stays a few kilobytes of
//! clean markup that the stylesheet can restyle for print. Labels are sized on the fact that a
//! CJK character is about one em wide.

use crate::markdown::escape;
use crate::model::Tenths;
use std::fmt::Write as _;

/// Width of a label in ems: CJK and full-width characters count 1, others about 0.55.
pub fn text_em(s: &str) -> f64 {
    s.chars().map(|c| if crate::diag::display_width(&c.to_string()) == 2 { 1.0 } else { 0.55 }).sum()
}

const FONT: f64 = 13.0;

/// Horizontal bars: one row per `(label, value, value label)`, scaled to `max`.
pub fn hbars(title: &str, rows: &[(String, f64, String)], max: f64, width: f64) -> String {
    let label_w = rows.iter().map(|r| text_em(&r.0)).fold(2.0, f64::max) * FONT + 12.0;
    let value_w = rows.iter().map(|r| text_em(&r.2)).fold(2.0, f64::max) * FONT + 10.0;
    let row_h = 26.0;
    let height = rows.len() as f64 * row_h + 8.0;
    let bar_w = (width - label_w - value_w).max(60.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart hbars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    for (i, (label, value, vlabel)) in rows.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        let w = if max > 0.0 { (value / max).clamp(0.0, 1.0) * bar_w } else { 0.0 };
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
/// bound the axis, in points.
pub fn trend(title: &str, labels: &[String], values: &[Option<Tenths>], lo: f64, hi: f64, width: f64) -> String {
    let height = 190.0;
    let (left, right, top, bottom) = (40.0, 16.0, 14.0, 34.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let n = labels.len().max(1);
    let x = |i: usize| if n == 1 { left + plot_w / 2.0 } else { left + plot_w * i as f64 / (n - 1) as f64 };
    let y = |v: f64| top + plot_h * (1.0 - ((v - lo) / (hi - lo)).clamp(0.0, 1.0));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    // Grid lines every 10 points.
    let mut g = (lo / 10.0).ceil() * 10.0;
    while g <= hi + 0.01 {
        let _ = write!(s, r#"<line x1="{left}" x2="{x2:.1}" y1="{y:.1}" y2="{y:.1}" class="grid"/><text x="{tx}" y="{ty:.1}" text-anchor="end" class="axis">{g}</text>"#, x2 = left + plot_w, y = y(g), tx = left - 6.0, ty = y(g) + 4.0);
        g += 10.0;
    }
    for (i, l) in labels.iter().enumerate() {
        let _ = write!(s, r#"<text x="{:.1}" y="{}" text-anchor="middle" class="axis">{}</text>"#, x(i), height - 12.0, escape(l));
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
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let _ = write!(s, r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" class="point"/><text x="{:.1}" y="{:.1}" text-anchor="middle" class="value">{}</text>"#, x(i), y(v.to_f64()), x(i), y(v.to_f64()) - 8.0, v);
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
        let svg = hbars("等次<分布>", &[("优秀".into(), 3.0, "3".into())], 5.0, 400.0);
        assert!(svg.contains("<title>等次&lt;分布&gt;</title>"));
        assert!(svg.contains("aria-label"));
        assert!(svg.contains(">优秀<"));
    }

    #[test]
    fn trend_breaks_at_gaps() {
        let svg = trend("t", &["a".into(), "b".into(), "c".into()], &[Some(Tenths(800)), None, Some(Tenths(900))], 50.0, 100.0, 400.0);
        assert_eq!(svg.matches('M').count(), 2);
        assert!(svg.contains(">80.0<") && svg.contains(">90.0<"));
    }

    #[test]
    fn cjk_labels_are_one_em() {
        assert_eq!(text_em("优秀"), 2.0);
    }
}
