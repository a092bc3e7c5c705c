//! Drawing a [`Schedule`]: an SVG "train schedule" (one lane per file on a
//! time axis, stages coloured, the deadline and the "as of" date as
//! vertical lines, forecast bands after it) and a Mermaid `gantt`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::export::palette::{self, ALERT, INK, MUTED, colour, ink, outline};
use crate::export::svg::{Extra, legend_svg};
use crate::export::xml::{escape, group, human_date, num, svg_start, text_width};
use crate::query::{Schedule, ScheduleLane};

const WIDTH: f64 = 1180.0;
const LABEL_X: f64 = 14.0;
const PLOT_X0: f64 = 250.0;
const PLOT_X1: f64 = WIDTH - 22.0;
const BAR_H: f64 = 20.0;
const BAND_H: f64 = 9.0;
const BAND_STEP: f64 = 12.0;

impl Schedule {
    /// The schedule in SVG: see [`TimelineSvg`](crate::export::TimelineSvg).
    pub(crate) fn to_svg(&self) -> String {
        timeline_svg(self, "timeline", true)
    }

    /// The schedule as a Mermaid gantt: see [`Gantt`](crate::export::Gantt).
    pub(crate) fn to_mermaid(&self) -> String {
        let mut out = String::from("gantt\n");
        let _ = writeln!(out, "    title {}", gantt_text(&heading(self)));
        out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m\n");
        let mut task = 0usize;
        for lane in &self.lanes {
            let _ = writeln!(out, "    section {}", gantt_text(&lane.file));
            if lane.segments.is_empty() {
                task += 1;
                let _ = writeln!(
                    out,
                    "    not proposed :milestone, t{task}, {}, 0d",
                    self.as_of
                );
            }
            let last = lane.segments.len().saturating_sub(1);
            for (i, s) in lane.segments.iter().enumerate() {
                task += 1;
                let tags = match (i == last, lane.blocking) {
                    (true, true) => "active, crit, ",
                    (true, false) => "active, ",
                    (false, _) => "done, ",
                };
                let to = if s.to > s.from {
                    s.to.to_string()
                } else {
                    "1d".to_string()
                };
                let _ = writeln!(
                    out,
                    "    {} :{tags}t{task}, {}, {to}",
                    gantt_text(s.stage.label()),
                    s.from
                );
            }
            for b in &lane.forecasts {
                // A stage that most likely never comes has no bar.
                let Some(p10) = b.p10 else { continue };
                task += 1;
                // "Never" has no date: a band whose p90 is never ends at
                // its median (or its p10) and says so.
                let end = b.p90.or(b.p50).unwrap_or(p10);
                let to = if end > p10 {
                    end.to_string()
                } else {
                    "1d".to_string()
                };
                let p90 = if b.p90.is_some() { "p90" } else { "never" };
                let _ = writeln!(
                    out,
                    "    {} forecast p10-{p90} (median {}) :t{task}, {p10}, {to}",
                    gantt_text(b.stage.label()),
                    or_never(b.p50),
                );
            }
        }
        out.push_str("    section dates\n");
        let _ = writeln!(
            out,
            "    as of {} :milestone, asof, {}, 0d",
            self.as_of, self.as_of
        );
        if let Some(deadline) = self.deadline {
            let _ = writeln!(
                out,
                "    deadline {deadline} :milestone, crit, deadline, {deadline}, 0d"
            );
        }
        out
    }
}

/// "interoperability-2020 as of 24 Jan 2018: 7 files block it".
fn heading(s: &Schedule) -> String {
    match &s.target {
        Some(t) => {
            let n = s.blocking();
            let verb = match n {
                0 => "nothing blocks it".to_string(),
                1 => "1 file blocks it".to_string(),
                n => format!("{n} files block it"),
            };
            format!("{t} as of {} \u{2014} {verb}", human_date(s.as_of))
        }
        None => format!("All files as of {}", human_date(s.as_of)),
    }
}

/// Text safe inside a Mermaid gantt line: no `:`, `;`, `#` or line breaks.
fn gantt_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ':' | ';' | '#' | '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

/// The time axis: from the start of the first year with an event to the end
/// of the year after everything drawn.
struct Axis {
    start: NaiveDate,
    end: NaiveDate,
}

impl Axis {
    fn new(s: &Schedule) -> Self {
        let mut first = s.as_of;
        let mut last = s.as_of;
        for lane in &s.lanes {
            for seg in &lane.segments {
                first = first.min(seg.from);
            }
            for b in &lane.forecasts {
                for d in [b.p10, b.p50, b.p90].into_iter().flatten() {
                    first = first.min(d);
                    last = last.max(d);
                }
            }
        }
        if let Some(d) = s.deadline {
            first = first.min(d);
            last = last.max(d);
        }
        let start = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
        // End at the first quarter boundary at least six weeks after the
        // last date, so its label fits.
        // Near the end of chrono's range (a date from code) there is no
        // room to pad: end at the last date.
        let pad = last.checked_add_days(chrono::Days::new(42)).unwrap_or(last);
        let end = (0..=4)
            .filter_map(|k| {
                let m0 = (pad.month0() / 3 + 1) * 3 + 3 * k;
                NaiveDate::from_ymd_opt(pad.year() + (m0 / 12) as i32, m0 % 12 + 1, 1)
            })
            .find(|d| *d > pad)
            .unwrap_or(pad);
        Axis { start, end }
    }

    fn x(&self, date: NaiveDate) -> f64 {
        let total = (self.end - self.start).num_days().max(1) as f64;
        let d = (date - self.start).num_days() as f64;
        PLOT_X0 + (PLOT_X1 - PLOT_X0) * (d / total).clamp(0.0, 1.0)
    }

    fn quarters(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut y = self.start.year();
        while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
            if d >= self.end {
                break;
            }
            for m in [1, 4, 7, 10] {
                if let Some(q) = NaiveDate::from_ymd_opt(y, m, 1).filter(|q| *q < self.end) {
                    out.push(q);
                }
            }
            y += 1;
        }
        out
    }
}

fn lane_height(lane: &ScheduleLane) -> f64 {
    (BAR_H + 14.0).max(10.0 + BAND_STEP * lane.forecasts.len() as f64 + 4.0)
}

/// Draws a schedule; `prefix` keeps ids unique on a page, `with_heading`
/// adds the title line (standalone pictures).
pub(crate) fn timeline_svg(s: &Schedule, prefix: &str, with_heading: bool) -> String {
    let axis = Axis::new(s);
    let p = prefix;
    let shown = shown_lanes(s);
    let left_out = left_out_note(s, &shown);
    let head = if with_heading { 34.0 } else { 0.0 };
    let marks_y = head + 14.0; // "as of" / deadline labels
    let axis_y = head + 52.0; // baseline of year labels
    let lanes_y = axis_y + 22.0;
    let lanes_h: f64 = shown.iter().map(|l| lane_height(l)).sum::<f64>().max(30.0);
    let lanes_end = lanes_y + lanes_h;

    let mut used: BTreeSet<usize> = BTreeSet::new();
    for lane in &shown {
        if lane.segments.is_empty() {
            used.insert(palette::legend_index(None));
        }
        for seg in &lane.segments {
            used.insert(palette::legend_index(Some(seg.stage)));
        }
        for b in &lane.forecasts {
            used.insert(palette::legend_index(Some(b.stage)));
        }
    }
    let mut extras = vec![Extra::AsOf];
    if s.deadline.is_some() {
        extras.push(Extra::Deadline);
    }
    if shown.iter().any(|l| !l.forecasts.is_empty()) {
        extras.push(Extra::Forecast);
    }
    if shown.iter().any(|l| l.blocking) {
        extras.push(Extra::Blocker);
    }
    let legend = legend_svg(p, &used, &extras, WIDTH - 2.0 * LABEL_X);
    let note_h = if left_out.is_some() { 24.0 } else { 0.0 };
    let legend_y = lanes_end + note_h + 18.0;
    let height = (legend_y + legend.height + 6.0).ceil();

    let mut out = String::new();
    svg_start(
        &mut out,
        "codecision-timeline",
        "",
        (WIDTH, height),
        p,
        &format!("Timeline: {}", heading(s)),
    );
    let _ = writeln!(
        out,
        "<defs><pattern id=\"{p}-future\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#e3e6ea\" stroke-width=\"3\"/></pattern><marker id=\"{p}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{MUTED}\"/></marker></defs>"
    );
    if with_heading {
        let _ = writeln!(
            out,
            "<text class=\"heading\" x=\"{LABEL_X}\" y=\"22\" font-size=\"16\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            escape(&heading(s))
        );
    }

    // Lane backgrounds, then the unknown future, then the grid.
    let mut y = lanes_y;
    out.push_str("<g class=\"rows\">");
    for (i, lane) in shown.iter().enumerate() {
        let h = lane_height(lane);
        if i % 2 == 0 {
            let _ = write!(
                out,
                "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f5f7f9\"/>",
                num(y),
                num(WIDTH),
                num(h)
            );
        }
        y += h;
    }
    out.push_str("</g>\n");
    let x_as_of = axis.x(s.as_of);
    let _ = writeln!(
        out,
        "<rect class=\"future\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{p}-future)\" fill-opacity=\"0.9\"/>",
        num(x_as_of),
        num(lanes_y),
        num((PLOT_X1 - x_as_of).max(0.0)),
        num(lanes_h)
    );
    out.push_str(&grid(&axis, axis_y, lanes_y, lanes_end));

    // Lanes.
    let mut y = lanes_y;
    for lane in &shown {
        let h = lane_height(lane);
        out.push_str(&lane_svg(lane, &axis, y, h, s.as_of));
        y += h;
    }

    // "As of" and deadline lines, labels on two rows so they never collide.
    let _ = writeln!(
        out,
        "<g class=\"as-of\" data-date=\"{}\"><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"2\"/>{}</g>",
        s.as_of,
        num(marks_y + 4.0),
        num(lanes_end),
        mark_label(
            x_as_of,
            marks_y,
            &format!("as of {}", human_date(s.as_of)),
            INK
        ),
        x = num(x_as_of)
    );
    if let Some(deadline) = s.deadline {
        let x = axis.x(deadline);
        let _ = writeln!(
            out,
            "<g class=\"deadline\" data-date=\"{deadline}\"><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{ALERT}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>{}</g>",
            num(marks_y + 20.0),
            num(lanes_end),
            mark_label(
                x,
                marks_y + 16.0,
                &format!("deadline {}", human_date(deadline)),
                ALERT
            ),
            x = num(x)
        );
    }
    if let Some(note) = &left_out {
        let _ = writeln!(
            out,
            "<text class=\"left-out\" data-shown=\"{}\" data-lanes=\"{}\" x=\"{LABEL_X}\" y=\"{}\" font-size=\"12.5\" fill=\"{MUTED}\">{}</text>",
            shown.len(),
            s.lanes.len(),
            num(lanes_end + 20.0),
            escape(note)
        );
    }
    let _ = writeln!(
        out,
        "<g class=\"legend\" transform=\"translate({LABEL_X},{})\">{}</g>",
        num(legend_y),
        legend.body
    );
    out.push_str("</svg>\n");
    out
}

/// The most lanes a timeline picture draws; past it, the blocking lanes
/// come first and the rest are left out, with a line saying so.
pub(crate) const LANE_LIMIT: usize = 200;

/// The lanes drawn: all of them up to [`LANE_LIMIT`]; past it, the
/// blocking lanes first, then the others, up to the limit, in the
/// schedule's order (prerequisites first).
fn shown_lanes(s: &Schedule) -> Vec<&ScheduleLane> {
    if s.lanes.len() <= LANE_LIMIT {
        return s.lanes.iter().collect();
    }
    let blocking = s.lanes.iter().filter(|l| l.blocking).count();
    let mut room = LANE_LIMIT.saturating_sub(blocking);
    let mut blocking_room = LANE_LIMIT;
    s.lanes
        .iter()
        .filter(|l| {
            let slot = if l.blocking {
                &mut blocking_room
            } else {
                &mut room
            };
            let keep = *slot > 0;
            *slot = slot.saturating_sub(1);
            keep
        })
        .collect()
}

/// What a timeline past [`LANE_LIMIT`] leaves out, and why.
fn left_out_note(s: &Schedule, shown: &[&ScheduleLane]) -> Option<String> {
    if shown.len() == s.lanes.len() {
        return None;
    }
    let blocking = s.lanes.iter().filter(|l| l.blocking).count();
    let shown_blocking = shown.iter().filter(|l| l.blocking).count();
    let which = if blocking == 0 {
        "the first in prerequisite order".to_string()
    } else if shown_blocking == blocking {
        "every blocking one, then the first others in prerequisite order".to_string()
    } else {
        format!(
            "the first {} of {} blocking ones",
            group(shown_blocking as i64),
            group(blocking as i64)
        )
    };
    Some(format!(
        "{} of {} files drawn ({which}): a timeline is drawn for at most {LANE_LIMIT} files. The JSON and table formats of codecision timeline list every file.",
        group(shown.len() as i64),
        group(s.lanes.len() as i64),
    ))
}

/// A label beside a vertical line, flipped to the left near the right edge.
fn mark_label(x: f64, y: f64, text: &str, fill: &str) -> String {
    let w = text_width(text, 12.0);
    let (tx, anchor) = if x + 6.0 + w > WIDTH - 4.0 {
        (x - 6.0, "end")
    } else {
        (x + 6.0, "start")
    };
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"12\" font-weight=\"600\" fill=\"{fill}\">{}</text>",
        num(tx),
        num(y),
        escape(text)
    )
}

/// Year and quarter lines and labels.
fn grid(axis: &Axis, axis_y: f64, top: f64, bottom: f64) -> String {
    let mut out = String::from("<g class=\"axis\">");
    let quarters = axis.quarters();
    let quarter_px = axis.x(NaiveDate::from_ymd_opt(2001, 4, 1).unwrap_or(axis.start))
        - axis.x(NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or(axis.start));
    let quarter_px = if quarter_px > 0.0 {
        quarter_px
    } else {
        (PLOT_X1 - PLOT_X0) / quarters.len().max(1) as f64
    };
    for (i, q) in quarters.iter().enumerate() {
        let x = axis.x(*q);
        let year = q.month() == 1;
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
            num(if year { axis_y - 14.0 } else { top - 6.0 }),
            num(bottom),
            if year { "#c3c9d1" } else { "#e5e8ec" },
            x = num(x)
        );
        let next = quarters.get(i + 1).map_or(axis.end, |d| *d);
        let mid = (x + axis.x(next)) / 2.0;
        if year {
            let year_end = NaiveDate::from_ymd_opt(q.year() + 1, 1, 1).unwrap_or(axis.end);
            let ymid = (x + axis.x(year_end.min(axis.end))) / 2.0;
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"700\" fill=\"{INK}\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>",
                num(ymid),
                num(axis_y),
                q.year()
            );
        }
        if quarter_px >= 28.0 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9.5\" fill=\"{MUTED}\">Q{}</text>",
                num(mid),
                num(axis_y + 14.0),
                q.month0() / 3 + 1
            );
        }
    }
    let x_end = axis.x(axis.end);
    let _ = write!(
        out,
        "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#c3c9d1\" stroke-width=\"1\"/>",
        num(axis_y - 14.0),
        num(bottom),
        x = num(x_end)
    );
    out.push_str("</g>\n");
    out
}

fn lane_svg(lane: &ScheduleLane, axis: &Axis, y: f64, h: f64, as_of: NaiveDate) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<g class=\"lane\" data-file=\"{}\" data-blocking=\"{}\"><title>{}</title>",
        escape(&lane.file),
        lane.blocking,
        escape(&lane.title)
    );
    if lane.blocking {
        let _ = write!(
            out,
            "<rect class=\"blocking-mark\" x=\"0\" y=\"{}\" width=\"5\" height=\"{}\" fill=\"{ALERT}\"/>",
            num(y + 2.0),
            num(h - 4.0)
        );
    }
    let _ = write!(
        out,
        "<text x=\"{LABEL_X}\" y=\"{}\" font-size=\"12.5\" font-weight=\"600\" fill=\"{INK}\">{}</text>",
        num(y + 15.0),
        escape(&lane.file)
    );
    let (note, fill) = match (lane.required, lane.blocking) {
        (Some(r), true) => (format!("blocks: needs {}", r.label()), ALERT),
        (Some(r), false) => (format!("needs {}: reached", r.label()), MUTED),
        (None, _) => (shorten(&lane.title, PLOT_X0 - LABEL_X - 10.0, 10.5), MUTED),
    };
    let _ = write!(
        out,
        "<text x=\"{LABEL_X}\" y=\"{}\" font-size=\"10.5\" fill=\"{fill}\">{}</text>",
        num(y + 28.0),
        escape(&note)
    );
    let bar_y = y + (h.min(BAR_H + 14.0) - BAR_H) / 2.0;
    if lane.segments.is_empty() {
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"10.5\" font-style=\"italic\" fill=\"{MUTED}\">not proposed by {}</text>",
            num(PLOT_X0 + 6.0),
            num(bar_y + 14.0),
            escape(&human_date(as_of))
        );
    }
    for seg in &lane.segments {
        let (x0, x1) = (axis.x(seg.from), axis.x(seg.to));
        let w = (x1 - x0).max(1.5);
        let _ = write!(
            out,
            "<rect class=\"segment\" data-stage=\"{}\" data-from=\"{}\" data-to=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.8\"><title>{}: {} to {}</title></rect>",
            seg.stage,
            seg.from,
            seg.to,
            num(x0),
            num(bar_y),
            num(w),
            colour(Some(seg.stage)),
            outline(Some(seg.stage)),
            escape(seg.stage.label()),
            escape(&human_date(seg.from)),
            escape(&human_date(seg.to)),
        );
        let label = seg.stage.label();
        if text_width(label, 10.5) + 8.0 <= w {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"10.5\" fill=\"{}\" pointer-events=\"none\">{}</text>",
                num(x0 + 4.0),
                num(bar_y + 14.0),
                ink(Some(seg.stage)),
                escape(label)
            );
        }
    }
    for stop in &lane.stops {
        let x = axis.x(stop.date);
        let _ = write!(
            out,
            "<line class=\"stop\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1.2\"/>",
            num(bar_y - 3.0),
            num(bar_y + 4.0),
            x = num(x)
        );
    }
    for (i, b) in lane.forecasts.iter().enumerate() {
        // A stage that most likely never comes has no bar.
        let Some(p10) = b.p10 else { continue };
        let by = y + 6.0 + BAND_STEP * i as f64;
        // A p90 of never runs the bar to the axis's end.
        let x0 = axis.x(p10);
        let x1 = axis.x(b.p90.unwrap_or(axis.end));
        let median = b.p50.map_or_else(|| "never".to_string(), short_month);
        let label = if b.p90.is_some() {
            format!("{} ~{median}", b.stage.label())
        } else {
            format!("{} ~{median}, or never", b.stage.label())
        };
        let lw = text_width(&label, 9.5);
        let (lx, anchor) = if x1 + 5.0 + lw <= PLOT_X1 {
            (x1 + 5.0, "start")
        } else {
            (x0 - 5.0, "end")
        };
        let marker = b.p50.map_or_else(String::new, |p50| {
            format!(
                "<path d=\"M{},{} l3.5,4.5 l-3.5,4.5 l-3.5,-4.5 z\" fill=\"{INK}\"/>",
                num(axis.x(p50)),
                num(by)
            )
        });
        let _ = write!(
            out,
            "<g class=\"forecast\" data-stage=\"{}\" data-p10=\"{}\" data-p50=\"{}\" data-p90=\"{}\"><title>{} forecast: p10 {}, median {}, p90 {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAND_H}\" rx=\"4.5\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"{MUTED}\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\"/>{marker}<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"9.5\" fill=\"{INK}\">{}</text></g>",
            b.stage,
            p10,
            or_never(b.p50),
            or_never(b.p90),
            escape(b.stage.label()),
            p10,
            or_never(b.p50),
            or_never(b.p90),
            num(x0),
            num(by),
            num((x1 - x0).max(2.0)),
            colour(Some(b.stage)),
            num(lx),
            num(by + 8.0),
            escape(&label)
        );
    }
    out.push_str("</g>\n");
    out
}

use crate::text::month as short_month;
use crate::text::or_never;

/// `text` cut with an ellipsis to fit `width` at `size`.
fn shorten(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, size) + size > width {
            out.pop();
            break;
        }
    }
    format!("{}\u{2026}", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gantt_text_drops_what_mermaid_parses() {
        assert_eq!(gantt_text("a: b; #c"), "a  b   c");
    }

    #[test]
    fn long_titles_are_shortened() {
        let s = shorten(
            "European Travel Information and Authorisation System",
            120.0,
            10.5,
        );
        assert!(s.ends_with('\u{2026}'));
        assert!(text_width(&s, 10.5) <= 120.0 + 10.5);
    }
}
