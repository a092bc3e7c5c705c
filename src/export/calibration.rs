//! The calibration picture: how often the forecast bands held, from a
//! backtest ([`Calibration`] or a report's [`TrackRecord`]), so a reader
//! sees how far to trust them.
//!
//! Three panels, all on adoption: where the real dates fell against the
//! bands (before p10, p10-p50, p50-p90, after p90, each beside the 10%,
//! 40%, 40%, 10% a calibrated forecast gives), the share inside p10-p90
//! against 80%, and the median error of the forecast's median beside the
//! naive rule's. The number of forecasts and files and the forecast dates
//! are written on it, with a warning when there are few files, and a plain
//! sentence instead of bars when nothing could be checked.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::export::palette::{ALERT, INK, MUTED, colour, outline};
use crate::export::xml::{escape, group, human_date, num, svg_start, wrap};
use crate::forecast::{Calibration, TrackRecord};
use crate::stage::Stage;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 14.0;
/// Where the bars start, after the row labels.
const BAR_X: f64 = 190.0;
/// The length of a 100% bar.
const BAR_W: f64 = 360.0;
const ROW: f64 = 22.0;
const NOTE_SIZE: f64 = 11.5;
const BAR_H: f64 = 14.0;
/// Below this many distinct files the picture says to read it with care.
const FEW_FILES: usize = 30;

/// The shares a calibrated forecast gives: before p10, p10-p50, p50-p90,
/// after p90.
const CALIBRATED: [f64; 4] = [0.1, 0.4, 0.4, 0.1];
const SLICES: [&str; 4] = [
    "before p10",
    "p10 \u{2013} p50",
    "p50 \u{2013} p90",
    "after p90",
];

impl Calibration {
    /// The calibration picture: see [`CalibrationSvg`](crate::export::CalibrationSvg).
    pub(crate) fn to_svg(&self) -> String {
        calibration_svg(self, "calibration", &[], true)
    }
}

impl TrackRecord {
    /// The track record's picture: see [`TrackRecordSvg`](crate::export::TrackRecordSvg).
    pub(crate) fn to_svg(&self) -> String {
        calibration_svg(&self.calibration, "calibration", &self.notes(), true)
    }

    /// What was checked, in words: the files and forecast dates, and the
    /// caps when they left some out.
    pub(crate) fn notes(&self) -> Vec<String> {
        let files = if self.checked_files < self.completed_files {
            format!(
                "{} of the {} files adopted by {} and open on a forecast date (spread over their adoption dates; at most {}, with at most {} files simulated in all, prerequisites included)",
                group(self.checked_files as i64),
                group(self.completed_files as i64),
                human_date(self.as_of),
                TrackRecord::MAX_FILES,
                group(TrackRecord::MAX_SIMULATED_FILES as i64)
            )
        } else {
            format!(
                "every file adopted by {} and open on a forecast date ({})",
                human_date(self.as_of),
                group(self.completed_files as i64)
            )
        };
        let dates = if self.span_dates > TrackRecord::MAX_DATES {
            format!(
                "the latest {} of {} forecast dates every {} months",
                TrackRecord::MAX_DATES,
                self.span_dates,
                TrackRecord::EVERY_MONTHS
            )
        } else {
            format!(
                "forecast dates every {} months across the register",
                TrackRecord::EVERY_MONTHS
            )
        };
        vec![
            format!(
                "This register's own history: {files}, each forecast as of {dates}, from the register as known that day."
            ),
            format!(
                "Only adoptions recorded by {} are checked; {} simulations per forecast.",
                human_date(self.as_of),
                group(TrackRecord::SIMULATIONS as i64)
            ),
        ]
    }
}

/// The report's "How far to trust the forecasts" section: what was
/// checked and how the bands fared, in words, then the picture.
pub(crate) fn trust_section_html(record: &TrackRecord) -> String {
    let cal = &record.calibration;
    let as_of = human_date(record.as_of);
    let verdict = match cal.adoption.as_ref().filter(|a| a.n > 0) {
        None => format!(
            "No file adopted by {as_of} was open on an earlier forecast date, so the bands are untested on this register: read them as the model\u{2019}s, not as a record."
        ),
        Some(a) => {
            let inside = a.coverage.clamp(0.0, 1.0) * a.n as f64;
            let mut text = format!(
                "Here the band held the real adoption date in {} of {} forecasts ({}), {} of them before it and {} after it.",
                group(inside.round() as i64),
                group(a.n.min(i64::MAX as usize) as i64),
                percent(a.coverage.clamp(0.0, 1.0)),
                percent(a.bins[0].clamp(0.0, 1.0)),
                percent(a.bins[3].clamp(0.0, 1.0)),
            );
            if let Some(naive) = &cal.naive_adoption {
                let _ = write!(
                    text,
                    " The median date was off by {} days at the median, against {} for the rule of thumb (adoption 18 months after the proposal).",
                    group(a.median_error_days.round() as i64),
                    group(naive.median_error_days.round() as i64),
                );
            }
            text
        }
    };
    format!(
        "<section id=\"trust\">\n<h2>How far to trust the forecasts</h2>\n<p class=\"lede\">The same model, put to the test on this register\u{2019}s own history: files adopted by {as_of} were forecast as of earlier dates from what was known on each, and their real adoption set against the band. A calibrated 80% band holds the real date 8 times in 10, 1 in 10 before it and 1 in 10 after. {verdict}</p>\n<figure>\n{svg}</figure>\n</section>\n",
        as_of = escape(&as_of),
        verdict = escape(&verdict),
        svg = calibration_svg(cal, "trust", &record.notes(), false),
    )
}

/// Draws `cal`; `prefix` keeps ids unique on a page, `notes` are written
/// under the panels, `with_heading` adds the title line (standalone
/// pictures).
pub(crate) fn calibration_svg(
    cal: &Calibration,
    prefix: &str,
    notes: &[String],
    with_heading: bool,
) -> String {
    let p = prefix;
    let heading = "How often the forecast bands held";
    let mut body = String::new();
    let mut y = if with_heading { 30.0 } else { 4.0 };
    if with_heading {
        let _ = writeln!(
            body,
            "<text class=\"heading\" x=\"{LEFT}\" y=\"22\" font-size=\"16\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
            escape(heading)
        );
    }
    let adoption = cal.adoption.as_ref().filter(|a| a.n > 0);
    let files: BTreeSet<&str> = cal
        .comparisons
        .iter()
        .filter(|c| c.stage == Stage::Adoption)
        .map(|c| c.file.as_str())
        .collect();
    y += 18.0;
    let summary = match adoption {
        Some(a) => {
            let mut text = format!(
                "Adoption: N = {} {} of {} {}",
                group(a.n.min(i64::MAX as usize) as i64),
                if a.n == 1 { "forecast" } else { "forecasts" },
                group(files.len() as i64),
                if files.len() == 1 { "file" } else { "files" },
            );
            if let (Some(&first), Some(&last)) = (cal.dates.first(), cal.dates.last()) {
                let _ = write!(
                    text,
                    ", as of {} {} from {} to {}",
                    cal.dates.len(),
                    if cal.dates.len() == 1 {
                        "date"
                    } else {
                        "dates"
                    },
                    human_date(first),
                    human_date(last)
                );
            }
            text
        }
        None => "No completed file to check the bands on".to_string(),
    };
    let _ = writeln!(
        body,
        "<text class=\"summary\" x=\"{LEFT}\" y=\"{}\" font-size=\"13.5\" font-weight=\"600\" fill=\"{INK}\">{}</text>",
        num(y),
        escape(&summary)
    );
    match adoption {
        None => {
            y += 20.0;
            let why = if cal.dates.is_empty() {
                "no forecast date falls in the register's span before the as-of date".to_string()
            } else {
                "no file open on a forecast date has its adoption recorded since".to_string()
            };
            let _ = writeln!(
                body,
                "<text class=\"warning\" x=\"{LEFT}\" y=\"{}\" font-size=\"12.5\" fill=\"{ALERT}\">{}: the bands are untested on this register.</text>",
                num(y),
                escape(&why)
            );
        }
        Some(a) => {
            if files.len() < FEW_FILES {
                y += 18.0;
                let _ = writeln!(
                    body,
                    "<text class=\"warning\" x=\"{LEFT}\" y=\"{}\" font-size=\"12.5\" font-weight=\"600\" fill=\"{ALERT}\">Only {} {}: read with care.</text>",
                    num(y),
                    group(files.len() as i64),
                    if files.len() == 1 {
                        "adopted file"
                    } else {
                        "adopted files"
                    }
                );
            }
            y += 14.0;
            y = panel_title(&mut body, y, "Where the real adoption date fell");
            for (i, label) in SLICES.iter().enumerate() {
                y = share_row(
                    &mut body,
                    y,
                    label,
                    a.bins[i],
                    CALIBRATED[i],
                    "calibrated",
                    "slice",
                );
            }
            y += 8.0;
            y = panel_title(&mut body, y, "Inside the 80% band");
            y = share_row(
                &mut body,
                y,
                "inside p10 \u{2013} p90",
                a.coverage,
                0.8,
                "target",
                "inside",
            );
            y += 8.0;
            y = panel_title(&mut body, y, "Median error of the median date");
            let naive = cal.naive_adoption.as_ref().map(|n| n.median_error_days);
            let longest = naive.unwrap_or(0.0).max(a.median_error_days).max(1.0);
            y = days_row(
                &mut body,
                y,
                "forecast (p50)",
                a.median_error_days,
                longest,
                "model",
            );
            if let Some(naive) = naive {
                y = days_row(
                    &mut body,
                    y,
                    "18 months after proposal",
                    naive,
                    longest,
                    "naive",
                );
            }
        }
    }
    y += 4.0;
    for line in notes
        .iter()
        .flat_map(|note| wrap(note, NOTE_SIZE, WIDTH - 2.0 * LEFT))
    {
        y += 15.0;
        let _ = writeln!(
            body,
            "<text class=\"note\" x=\"{LEFT}\" y=\"{}\" font-size=\"{NOTE_SIZE}\" fill=\"{MUTED}\">{}</text>",
            num(y),
            escape(&line)
        );
    }
    let height = (y + 12.0).ceil();
    let mut out = String::with_capacity(body.len() + 512);
    svg_start(
        &mut out,
        "codecision-calibration",
        "",
        (WIDTH, height),
        p,
        &format!("{heading}: {summary}"),
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// A panel's title; returns the next row's top.
fn panel_title(out: &mut String, y: f64, text: &str) -> f64 {
    let y = y + 16.0;
    let _ = writeln!(
        out,
        "<text x=\"{LEFT}\" y=\"{}\" font-size=\"12.5\" font-weight=\"700\" fill=\"{INK}\">{}</text>",
        num(y),
        escape(text)
    );
    y + 6.0
}

/// One share as a bar against its `target` (a tick), with both written;
/// returns the next row's top.
fn share_row(
    out: &mut String,
    y: f64,
    label: &str,
    share: f64,
    target: f64,
    target_word: &str,
    class: &str,
) -> f64 {
    let share = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mid = y + ROW / 2.0;
    let tick = BAR_X + BAR_W * target;
    let _ = writeln!(
        out,
        "<g class=\"{class}\" data-share=\"{share:.4}\" data-target=\"{target}\"><text x=\"{LEFT}\" y=\"{ty}\" font-size=\"12\" fill=\"{INK}\">{label}</text><rect x=\"{BAR_X}\" y=\"{by}\" width=\"{BAR_W}\" height=\"{BAR_H}\" fill=\"#f5f7f9\" stroke=\"#d9dee4\"/><rect x=\"{BAR_X}\" y=\"{by}\" width=\"{w}\" height=\"{BAR_H}\" fill=\"{fill}\" stroke=\"{stroke}\"/><line x1=\"{tx}\" y1=\"{t0}\" x2=\"{tx}\" y2=\"{t1}\" stroke=\"{INK}\" stroke-width=\"2\"/><text x=\"{vx}\" y=\"{ty}\" font-size=\"12\" fill=\"{INK}\"><tspan font-weight=\"700\">{value}</tspan> <tspan fill=\"{MUTED}\">({target_word} {goal})</tspan></text></g>",
        ty = num(mid + 4.0),
        by = num(mid - BAR_H / 2.0),
        w = num(BAR_W * share),
        fill = colour(Some(Stage::Adoption)),
        stroke = outline(Some(Stage::Adoption)),
        tx = num(tick),
        t0 = num(mid - BAR_H / 2.0 - 3.0),
        t1 = num(mid + BAR_H / 2.0 + 3.0),
        vx = num(BAR_X + BAR_W + 12.0),
        label = escape(label),
        value = percent(share),
        goal = percent(target),
    );
    y + ROW
}

/// One error in days as a bar scaled to `longest`; returns the next row's
/// top.
fn days_row(out: &mut String, y: f64, label: &str, days: f64, longest: f64, class: &str) -> f64 {
    let days = if days.is_finite() { days.max(0.0) } else { 0.0 };
    let mid = y + ROW / 2.0;
    let (fill, stroke) = if class == "model" {
        (
            colour(Some(Stage::Adoption)),
            outline(Some(Stage::Adoption)),
        )
    } else {
        ("#d9dee4", MUTED)
    };
    let _ = writeln!(
        out,
        "<g class=\"{class}\" data-days=\"{d}\"><text x=\"{LEFT}\" y=\"{ty}\" font-size=\"12\" fill=\"{INK}\">{label}</text><rect x=\"{BAR_X}\" y=\"{by}\" width=\"{w}\" height=\"{BAR_H}\" fill=\"{fill}\" stroke=\"{stroke}\"/><text x=\"{vx}\" y=\"{ty}\" font-size=\"12\" font-weight=\"700\" fill=\"{INK}\">{text}</text></g>",
        d = days.round(),
        ty = num(mid + 4.0),
        by = num(mid - BAR_H / 2.0),
        w = num(BAR_W * (days / longest).clamp(0.0, 1.0)),
        vx = num(BAR_X + BAR_W + 12.0),
        label = escape(label),
        text = escape(&crate::text::days(days)),
    );
    y + ROW
}

use crate::text::percent;
