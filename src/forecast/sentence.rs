//! Forecasts in words, as a policy analyst would write them.

use chrono::NaiveDate;

use super::outlook::{Factor, FileForecast, Outlook};
use crate::stage::Stage;
use crate::text::{band, date, month, odds};

/// One sentence on when `file` reaches `stage`: "etias: adoption most
/// likely in Sep 2018, 80% between Jun 2018 and Feb 2019". `None` when the
/// stage is not forecast (reached already, or beyond the file's last
/// stage, or the file has no forecast).
///
/// "Most likely" is the median month; the 80% band runs from the 10th to
/// the 90th percentile. When the procedure may end without an act before
/// the stage, "never" is one of the outcomes the band counts and the
/// median is of the outcomes that reach the stage
/// ([`ForecastBand`](crate::answer::ForecastBand)); the sentence says so
/// and gives the odds ([`odds`]): "adoption most likely in Sep 2018 if it
/// becomes law, 80% between Jun 2018 and Feb 2019 (1 in 25 that it never
/// does)"; above one in ten the 90th percentile is never: "adoption most
/// likely in Sep 2018 if it becomes law, 80% from Jun 2018 on, or never
/// (1 in 5 that it never does)". When a factor moved the forecast, the sentence
/// says so: "wide because it may stall (waiting 900 working days for a
/// political agreement, usually 150: 45% chance it has stalled)", "part of
/// a package", "the May 2019 elections fall in the range".
///
/// ```
/// use codecision::{Register, Stage, parse_date};
/// use codecision::forecast::{Forecaster, sentence};
/// let register = Register::security_union();
/// let etias = Forecaster::new(&register, parse_date("2018-01-24")?).file("etias")?;
/// let text = sentence(&etias, Stage::Adoption).unwrap();
/// assert!(text.starts_with("etias: adoption most likely in "), "{text}");
/// assert!(text.contains("part of a package with etias-europol"), "{text}");
/// assert!(text.contains(", 80% between "), "{text}");
/// assert!(sentence(&etias, Stage::Proposal).is_none());
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn sentence(file: &FileForecast, stage: Stage) -> Option<String> {
    let band = file.band(stage)?;
    let capped = if band.capped {
        " (capped at Dec 9999, the last date a register holds: later in fact)"
    } else {
        ""
    };
    let never = if stage.rank() >= Stage::Adoption.rank() {
        "that it never does"
    } else {
        "that the procedure ends before"
    };
    let odds = (band.p_never >= 0.005).then(|| odds(band.p_never));
    // The median is of the outcomes that reach the stage: "if it becomes
    // law" when some do not.
    let cond = if odds.is_none() {
        ""
    } else if stage.rank() >= Stage::Adoption.rank() {
        " if it becomes law"
    } else {
        " if it gets there"
    };
    let odds = odds.map_or(String::new(), |o| format!(" ({o} {never})"));
    let mid = band.p50.map_or_else(|| "never".to_string(), month);
    let what = match (band.p10, band.p90) {
        (Some(p10), Some(p90)) => format!(
            "most likely in {mid}{cond}, {}{capped}{odds}",
            crate::text::band(p10, p90)
        ),
        (Some(p10), None) => format!(
            "most likely in {mid}{cond}, 80% from {} on, or never{capped}{odds}",
            month(p10)
        ),
        _ => format!("most likely never{odds}"),
    };
    let mut out = format!("{}: {} {what}", file.id, stage.label());
    for factor in &file.factors {
        match factor {
            Factor::Stall {
                transition,
                waiting_days,
                usual_days,
                probability_percent,
            } => out.push_str(&format!(
                "; wide because it may stall (waiting {waiting_days} working days for {}, \
                 usually {usual_days}: {probability_percent}% chance it has stalled)",
                transition.to().label()
            )),
            Factor::Package { related } => {
                out.push_str(&format!("; part of a package with {}", related.join(", ")))
            }
            Factor::EndOfTerm { election, .. } => out.push_str(&format!(
                "; the {} elections fall in the range",
                month(*election)
            )),
        }
    }
    Some(out)
}

/// A file's forecast in a few lines, as `codecision forecast` writes it:
/// the sentence of its headline stage (adoption, or the last stage left;
/// see [`sentence`]), then where it stands and when the other stages most
/// likely come. A file with nothing to forecast gets one line saying why.
/// `as_of` is the forecast date.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::forecast::{Forecaster, describe};
/// let register = Register::security_union();
/// let as_of = parse_date("2018-01-24")?;
/// let etias = Forecaster::new(&register, as_of).file("etias")?;
/// let lines = describe(&etias, as_of);
/// assert!(lines[0].starts_with("etias: adoption most likely in "), "{lines:?}");
/// assert!(lines[1].starts_with("  In trilogue since "), "{lines:?}");
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn describe(file: &FileForecast, as_of: NaiveDate) -> Vec<String> {
    let standing = match (file.stage, file.since) {
        (Some(stage), Some(since)) => standing(stage, since),
        (Some(stage), None) => stage.label().to_string(),
        (None, _) => "not proposed".to_string(),
    };
    match file.outlook {
        Outlook::NotProposed => {
            return vec![format!(
                "{}: not proposed as of {}; the Commission's timing is not forecast.",
                file.id,
                date(as_of)
            )];
        }
        Outlook::Ended => return vec![format!("{}: {standing}; nothing to forecast.", file.id)],
        Outlook::Done => {
            return vec![format!(
                "{}: {standing}; nothing left to forecast (last stage: {}).",
                file.id,
                file.last.label()
            )];
        }
        Outlook::Open => {}
    }
    let headline = if file.band(Stage::Adoption).is_some() {
        Stage::Adoption
    } else {
        file.forecast
            .last()
            .map_or(Stage::EntryIntoForce, |b| b.stage)
    };
    let mut lines = vec![format!(
        "{}.",
        sentence(file, headline).unwrap_or_else(|| file.id.clone())
    )];
    let others: Vec<String> = file
        .forecast
        .iter()
        .filter(|b| b.stage != headline)
        .map(|b| match (b.p10, b.p50, b.p90) {
            (Some(p10), Some(p50), Some(p90)) => {
                format!("{} {} ({})", b.stage.label(), month(p50), band(p10, p90))
            }
            (Some(p10), Some(p50), None) => format!(
                "{} {} (80% from {} on, or never)",
                b.stage.label(),
                month(p50),
                month(p10)
            ),
            _ => format!("{} most likely never", b.stage.label()),
        })
        .collect();
    let mut detail = format!("  {}.", capitalise(&standing));
    if !others.is_empty() {
        detail.push_str(&format!(" Most likely: {}.", others.join("; ")));
    }
    lines.push(detail);
    lines
}

/// Where a file stands, in words: "in trilogue since 12 Dec 2017",
/// "general approach on 8 Dec 2017".
fn standing(stage: Stage, since: NaiveDate) -> String {
    let on = date(since);
    match stage {
        Stage::Proposal => format!("proposed on {on}"),
        Stage::GeneralApproach | Stage::LibeVote => format!("{} on {on}", stage.label()),
        Stage::Trilogue => format!("in trilogue since {on}"),
        Stage::PoliticalAgreement => format!("agreed on {on}"),
        Stage::Adoption => format!("adopted on {on}"),
        Stage::EntryIntoForce => format!("in force since {on}"),
        Stage::Application => format!("applying since {on}"),
        Stage::Withdrawn | Stage::Lapsed | Stage::Rejected => format!("{} on {on}", stage.label()),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}
