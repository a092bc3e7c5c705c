//! Forecasts in words, as a policy analyst would write them.

use super::outlook::{Factor, FileForecast};
use crate::stage::Stage;
use crate::text::odds;

use crate::text::month;

/// One sentence on when `file` reaches `stage`: "etias: adoption most
/// likely in Sep 2018, 80% between Jun 2018 and Feb 2019". `None` when the
/// stage is not forecast (reached already, or beyond the file's last
/// stage, or the file has no forecast).
///
/// "Most likely" is the median month; the 80% band runs from the 10th to
/// the 90th percentile. When the procedure may end without an act before
/// the stage, the band is of the outcomes that reach it, and the sentence
/// says so with the odds of the others: "adoption most likely in Sep 2018,
/// 80% between Jun 2018 and Feb 2019 if it becomes law (1 in 5 that it
/// never does)" ([`odds`]). When a factor moved the forecast, the sentence
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
    let mid = month(band.p50);
    let spread = crate::text::band(band.p10, band.p90);
    let capped = if band.capped {
        " (capped at Dec 9999, the last date a register holds: later in fact)"
    } else {
        ""
    };
    let never = if band.p_never >= 0.005 {
        let odds = odds(band.p_never);
        if stage.rank() >= Stage::Adoption.rank() {
            format!(" if it becomes law ({odds} that it never does)")
        } else {
            format!(" if it gets there ({odds} that the procedure ends before)")
        }
    } else {
        String::new()
    };
    let mut out = format!(
        "{}: {} most likely in {mid}, {spread}{capped}{never}",
        file.id,
        stage.label()
    );
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
