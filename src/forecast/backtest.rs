//! Backtesting: forecast from the register as known on a past date, and
//! compare with what the register records afterwards; over many dates, how
//! often the bands held ([`calibrate`]).

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::forecaster::Forecaster;
use super::known::Known;
use super::model::DurationModel;
use super::outlook::Outlook;
use super::prior::figures::FIRST_READING_AVERAGE_MONTHS_2014_2019;
use super::yardstick::Yardstick;
use crate::register::Register;
use crate::stage::Stage;

/// One forecast stage date set against the date that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Comparison {
    /// The date the forecast was made as of.
    pub as_of: NaiveDate,
    /// The file's id.
    pub file: String,
    /// The stage.
    pub stage: Stage,
    /// The forecast's 10th percentile (`None`: never, see
    /// [`ForecastBand`](crate::answer::ForecastBand)).
    pub p10: Option<NaiveDate>,
    /// The forecast's median (`None`: never).
    pub p50: Option<NaiveDate>,
    /// The forecast's 90th percentile (`None`: never).
    pub p90: Option<NaiveDate>,
    /// The first event recording the stage, after the forecast date; or,
    /// when `reached` is false, the day the procedure ended without an act
    /// (`ended`), or the last day the register records with the file still
    /// pending and p90 already past (a miss, and `actual` a lower bound).
    pub actual: NaiveDate,
    /// Whether the stage was reached on `actual`.
    pub reached: bool,
    /// Whether the procedure ended without an act (on `actual`) before
    /// the stage: the outcome is never, later than every date, inside a
    /// band whose p90 is never and after any other.
    pub ended: bool,
    /// The last day the backtest could see (the register's last recorded
    /// day, or the day checks stop): in the interval score, the errors
    /// and the losses, never counts as this day.
    pub horizon: NaiveDate,
    /// `p50 - actual`, in days (positive: forecast too late), never
    /// counting as `horizon`; `None` when the stage was not reached.
    pub error_days: Option<i64>,
    /// Whether the outcome lies within `[p10, p90]`, never after every
    /// date.
    pub inside: bool,
    /// The naive rule's date (adoption 18 months after the proposal, not
    /// before the forecast date), for adoption only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naive: Option<NaiveDate>,
    /// The model-free yardstick's band for adoption, `[p10, p50, p90]`:
    /// for a file at stage `s` since day `d`, the 10th, 50th and 90th
    /// percentiles of "days from `s` to adoption" among this repository's
    /// calibration files (and the register's own) adopted by the forecast
    /// date that had waited at least as long at `s`, added to `d`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yardstick: Option<[NaiveDate; 3]>,
}

/// The fate of one open file, forecast and seen.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FateCase {
    /// The date the forecast was made as of.
    pub as_of: NaiveDate,
    /// The file's id.
    pub file: String,
    /// The forecast chance that its procedure ends without an act.
    pub p_no_act: f64,
    /// Whether it did (`true`: withdrawn, lapsed or rejected; `false`:
    /// adopted), both recorded after the forecast date.
    pub ended: bool,
}

/// The Brier score of the fate forecasts, beside the base rate's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FateScore {
    /// Files whose fate was settled (adopted, or ended without an act)
    /// after the forecast date; files still pending are not scored.
    pub n: usize,
    /// How many of them ended without an act.
    pub ended: usize,
    /// Mean of `(p_no_act - outcome)^2`, outcome 1 when the procedure
    /// ended without an act, 0 when adopted. Lower is better.
    pub brier: f64,
    /// The share that ended without an act.
    pub base_rate: f64,
    /// The Brier score of forecasting that share for every file:
    /// `base_rate (1 - base_rate)` (a constant chosen in hindsight).
    pub brier_base_rate: f64,
}

/// The fate score of `cases`, if any.
pub(crate) fn fate_score<'a>(cases: impl Iterator<Item = &'a FateCase>) -> Option<FateScore> {
    let (mut n, mut ended, mut brier) = (0usize, 0usize, 0.0);
    for c in cases {
        let y = if c.ended { 1.0 } else { 0.0 };
        n += 1;
        ended += usize::from(c.ended);
        brier += (c.p_no_act - y).powi(2);
    }
    if n == 0 {
        return None;
    }
    let base_rate = ended as f64 / n as f64;
    Some(FateScore {
        n,
        ended,
        brier: brier / n as f64,
        base_rate,
        brier_base_rate: base_rate * (1.0 - base_rate),
    })
}

/// How the yardstick fared on the adoptions that the model was scored on
/// (the same comparisons).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct YardstickScore {
    /// Comparisons scored (every adoption comparison with a yardstick).
    pub n: usize,
    /// The model's score on the same comparisons.
    pub model: BandScore,
    /// The yardstick's.
    pub yardstick: BandScore,
}

/// What a band scores on a set of comparisons.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BandScore {
    /// Before p10, p10-p50, p50-p90, after p90 (shares).
    pub bins: [f64; 4],
    /// Share inside `[p10, p90]`.
    pub coverage: f64,
    /// The mean interval score of the 80% band, in days (see
    /// [`interval_score`]).
    pub interval_score: f64,
    /// Median absolute error of p50 over the adoptions reached, in days.
    pub median_error_days: f64,
}

/// The interval score of an 80% band `[p10, p90]` for the outcome `y`, in
/// days: `(p90 - p10) + 10 max(0, p10 - y) + 10 max(0, y - p90)`, the width
/// plus ten times any miss (`2 / alpha` with `alpha = 0.2`; Gneiting and
/// Raftery, 2007). Lower is better. A band whose p90 passed without the
/// stage counts `y` as the day the watch ended, a lower bound of the miss.
///
/// ```
/// use codecision::forecast::interval_score;
/// assert_eq!(interval_score(100.0, 200.0, 150.0), 100.0);
/// assert_eq!(interval_score(100.0, 200.0, 210.0), 200.0);
/// assert_eq!(interval_score(100.0, 200.0, 95.0), 150.0);
/// ```
pub fn interval_score(p10: f64, p90: f64, y: f64) -> f64 {
    (p90 - p10) + 10.0 * (p10 - y).max(0.0) + 10.0 * (y - p90).max(0.0)
}

/// A comparison's numbers: the three percentiles and the outcome as day
/// numbers, never as infinity (for the bins), and the horizon never
/// counts as in the amounts.
#[derive(Clone, Copy, Debug)]
struct Scored {
    q: [f64; 3],
    y: f64,
    horizon: f64,
    reached: bool,
}

impl Scored {
    fn new(band: [Option<NaiveDate>; 3], c: &Comparison) -> Scored {
        let q = band.map(|d| d.map_or(f64::INFINITY, at));
        let y = if c.ended && !c.reached {
            f64::INFINITY
        } else {
            at(c.actual)
        };
        Scored {
            q,
            y,
            horizon: at(c.horizon),
            reached: c.reached,
        }
    }

    fn of(c: &Comparison) -> Scored {
        Scored::new([c.p10, c.p50, c.p90], c)
    }

    /// A value for the amounts: never as the horizon (or as the latest
    /// dated percentile, when later: never is later than any date).
    fn cap(&self, v: f64) -> f64 {
        if v.is_finite() {
            v
        } else {
            self.q
                .iter()
                .copied()
                .filter(|q| q.is_finite())
                .fold(self.horizon, f64::max)
        }
    }

    fn interval_score(&self) -> f64 {
        interval_score(self.cap(self.q[0]), self.cap(self.q[2]), self.cap(self.y))
    }

    fn bin(&self) -> usize {
        bin(self.q[0], self.q[1], self.q[2], self.y)
    }

    fn inside(&self) -> bool {
        self.q[0] <= self.y && self.y <= self.q[2]
    }

    /// The absolute error of p50, for a stage reached.
    fn error(&self) -> Option<f64> {
        self.reached.then(|| (self.cap(self.q[1]) - self.y).abs())
    }
}

fn band_score(bands: &[Scored]) -> BandScore {
    let mut out = BandScore::default();
    let mut errors = Vec::new();
    for b in bands {
        out.interval_score += b.interval_score();
        out.coverage += f64::from(u8::from(b.inside()));
        out.bins[b.bin()] += 1.0;
        errors.extend(b.error());
    }
    let n = bands.len().max(1) as f64;
    out.interval_score /= n;
    out.coverage /= n;
    for b in &mut out.bins {
        *b /= n;
    }
    out.median_error_days = median(&mut errors);
    out
}

fn bin(p10: f64, p50: f64, p90: f64, y: f64) -> usize {
    if y < p10 {
        0
    } else if y <= p50 {
        1
    } else if y <= p90 {
        2
    } else {
        3
    }
}

/// The model and the yardstick side by side on the adoption comparisons
/// that have a yardstick.
pub(crate) fn yardstick_score<'a>(
    comparisons: impl Iterator<Item = &'a Comparison>,
) -> Option<YardstickScore> {
    let mut model = Vec::new();
    let mut stick = Vec::new();
    for c in comparisons {
        let Some([y10, y50, y90]) = c.yardstick else {
            continue;
        };
        model.push(Scored::of(c));
        stick.push(Scored::new([Some(y10), Some(y50), Some(y90)], c));
    }
    if model.is_empty() {
        return None;
    }
    Some(YardstickScore {
        n: model.len(),
        model: band_score(&model),
        yardstick: band_score(&stick),
    })
}

/// How the forecasts of one stage (or of all) fared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageScore {
    /// The stage (`None`: every stage together).
    pub stage: Option<Stage>,
    /// How many forecasts could be checked.
    pub n: usize,
    /// Mean absolute error of the median, in days.
    pub mae_days: f64,
    /// Median absolute error of the median, in days (0 when `dated` is 0).
    pub median_error_days: f64,
    /// How many of the `n` forecasts have a date to check the median
    /// against (the stage reached): the errors and the pinball losses are
    /// over these; a miss without a date (a file still pending, or ended
    /// without an act) counts only in the bins, the coverage and the
    /// interval score.
    pub dated: usize,
    /// Share of actual dates within the 10-90% band.
    pub coverage: f64,
    /// The mean interval score of the 80% band, in days
    /// ([`interval_score`]).
    pub interval_score: f64,
    /// Mean pinball (quantile) loss of the 10th, 50th and 90th percentiles.
    pub pinball: Pinball,
    /// Where the actual dates fell: before the 10th percentile, between
    /// the 10th and the median, between the median and the 90th, after the
    /// 90th (shares; a calibrated forecast gives 10%, 40%, 40%, 10%).
    pub bins: [f64; 4],
}

/// Mean pinball losses, in days: for the `tau` quantile `q` and the actual
/// date `y`, `tau (y - q)` when `y >= q`, else `(1 - tau) (q - y)`. Lower is
/// better; the 50% loss is half the mean absolute error of the median.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Pinball {
    /// The 10th percentile's loss.
    pub p10: f64,
    /// The median's loss.
    pub p50: f64,
    /// The 90th percentile's loss.
    pub p90: f64,
}

impl Pinball {
    /// The mean of the three losses.
    pub fn mean(&self) -> f64 {
        (self.p10 + self.p50 + self.p90) / 3.0
    }
}

/// The loss of one quantile forecast (`tau`, `q` in days) for the actual `y`.
fn pinball_loss(tau: f64, q: f64, y: f64) -> f64 {
    if y >= q {
        tau * (y - q)
    } else {
        (1.0 - tau) * (q - y)
    }
}

/// How the naive rule (adoption 18 months after the proposal, not before
/// the forecast date) fared on the same adoptions as the model.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NaiveScore {
    /// How many adoptions were checked.
    pub n: usize,
    /// Mean absolute error, in days.
    pub mae_days: f64,
    /// Median absolute error, in days.
    pub median_error_days: f64,
    /// Pinball losses of the rule's one date taken as every quantile.
    pub pinball: Pinball,
}

/// A backtest: the register replayed as known on a date, forecast, and
/// checked against what happened after.
///
/// ```
/// use codecision::{Register, Stage, parse_date};
/// use codecision::forecast::{Forecaster, backtest};
///
/// let register = Register::security_union();
/// let result = backtest(&Forecaster::new(&register, parse_date("2018-01-24")?));
/// let adoption = result.score(Stage::Adoption).unwrap();
/// assert!(adoption.n > 0);
/// assert!(result.naive_adoption_mae_days.is_some());
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Backtest {
    /// The date the register is replayed as of.
    pub as_of: NaiveDate,
    /// The seed.
    pub seed: u64,
    /// Simulations per forecast.
    pub simulations: usize,
    /// Files with a forecast on that date (proposed, open, not done).
    pub files_forecast: usize,
    /// Files with no event on that date: not forecast, not scored.
    pub not_proposed: Vec<String>,
    /// Per stage, in stage order, for the stages with something to check.
    pub stages: Vec<StageScore>,
    /// Every stage together.
    pub overall: StageScore,
    /// Mean absolute error of the naive rule (adoption 18 months after the
    /// proposal, not before the forecast date) on the same adoptions as the
    /// model's adoption score.
    pub naive_adoption_mae_days: Option<f64>,
    /// The naive rule's full score on those adoptions.
    pub naive_adoption: Option<NaiveScore>,
    /// The model and the model-free yardstick on the same adoptions.
    pub yardstick: Option<YardstickScore>,
    /// The fate forecasts (`p_no_act`) against what happened.
    pub fate: Option<FateScore>,
    /// Every comparison.
    pub comparisons: Vec<Comparison>,
    /// Every fate forecast that could be checked.
    pub fates: Vec<FateCase>,
    /// The model fitted on that date.
    pub model: DurationModel,
}

impl Backtest {
    /// The score of one stage, if any of its forecasts could be checked.
    pub fn score(&self, stage: Stage) -> Option<&StageScore> {
        self.stages.iter().find(|s| s.stage == Some(stage))
    }
}

/// Replays `forecaster`'s register as known on its date, forecasts every
/// file, and compares with the stages recorded after that date.
///
/// A stage is checked when the file's first event recording it comes after
/// the forecast date; stages reached only by implication (a trilogue never
/// recorded before an agreement) have no date to check against.
pub fn backtest(forecaster: &Forecaster<'_>) -> Backtest {
    backtest_until(forecaster, NaiveDate::MAX)
}

/// As [`backtest`], with the model-free yardstick drawing also on the files
/// of `references` (see [`calibrate_with_references`](super::calibrate_with_references)).
pub fn backtest_with_references(forecaster: &Forecaster<'_>, references: &[&Register]) -> Backtest {
    backtest_files(forecaster, &[], NaiveDate::MAX, references)
}

/// As [`backtest`], checking only the stages recorded on or before
/// `until` (a report as of a date scores its past forecasts against what
/// was known that day, never against later events).
pub fn backtest_until(forecaster: &Forecaster<'_>, until: NaiveDate) -> Backtest {
    // Every file forecast: the id list is empty.
    backtest_files(forecaster, &[], until, &[])
}

/// As [`backtest_until`], forecasting only the files named by `ids` (every
/// file when `ids` is empty; ids that name nothing are skipped).
pub(crate) fn backtest_files(
    forecaster: &Forecaster<'_>,
    ids: &[&str],
    until: NaiveDate,
    references: &[&Register],
) -> Backtest {
    let register = forecaster.register();
    let yardstick = Yardstick::new(register, references);
    backtest_prepared(
        forecaster,
        ids,
        until,
        &yardstick,
        last_recorded(register, until),
    )
}

/// The last day `register` records anything on, up to `until`.
pub(crate) fn last_recorded(register: &Register, until: NaiveDate) -> Option<NaiveDate> {
    register
        .files()
        .iter()
        .flat_map(|f| f.events().iter().map(|e| e.date))
        .filter(|&d| d <= until)
        .max()
}

/// As [`backtest_files`], with the yardstick of the forecaster's register
/// and its [`last_recorded`] day up to `until` already worked out (several
/// backtests of one register share them).
pub(crate) fn backtest_prepared(
    forecaster: &Forecaster<'_>,
    ids: &[&str],
    until: NaiveDate,
    yardstick: &Yardstick,
    last_recorded: Option<NaiveDate>,
) -> Backtest {
    let register = forecaster.register();
    let as_of = forecaster.as_of();
    let forecasts = forecaster.files(ids).unwrap_or_default();
    // The last day the register records anything (up to `until`): a file
    // still pending then has been watched that long.
    let watched = last_recorded.unwrap_or(as_of);
    let yardstick = yardstick.on(as_of);
    let mut comparisons = Vec::new();
    let mut fates = Vec::new();
    let mut not_proposed = Vec::new();
    let mut files_forecast = 0;
    for forecast in &forecasts {
        match forecast.outlook {
            Outlook::NotProposed => not_proposed.push(forecast.id.clone()),
            Outlook::Open => files_forecast += 1,
            Outlook::Done | Outlook::Ended => {}
        }
        let Some(file) = register.file(&forecast.id) else {
            continue;
        };
        let known = Known::of(file, as_of);
        let proposal = known.proposal.map(super::known::date_of);
        // How the procedure ended without an act after the forecast date,
        // if it did by `until`.
        let ended = file
            .stage_at(until)
            .filter(|s| s.stage.is_terminal() && s.since > as_of)
            .map(|s| s.since);
        let adopted = file.since(Stage::Adoption, until).filter(|&d| d > as_of);
        if let Some(p) = forecast.p_no_act.filter(|_| !known.has(Stage::Adoption)) {
            if ended.is_some() || adopted.is_some() {
                fates.push(FateCase {
                    as_of,
                    file: forecast.id.clone(),
                    p_no_act: p,
                    ended: ended.is_some(),
                });
            }
        }
        let stick = match (known.stage, forecast.stage) {
            (Some(stage), Some(_)) => file
                .since(stage, as_of)
                .and_then(|since| yardstick.band(stage, since))
                .map(|(a, b, c)| [a, b, c]),
            _ => None,
        };
        for band in &forecast.forecast {
            let adoption = band.stage == Stage::Adoption;
            let (actual, reached, ends) = match file.since(band.stage, until) {
                Some(actual) if actual <= as_of => continue,
                Some(actual) => (actual, true, false),
                None if adoption => match ended {
                    // The procedure ended without an act: the outcome is
                    // never, inside a band whose p90 is never, a miss of
                    // any other.
                    Some(end) => (end, false, true),
                    // Still pending: a miss once a dated p90 passed before
                    // the watch ended.
                    None => match band.p90 {
                        Some(p90) if p90 < watched => (watched, false, false),
                        _ => continue,
                    },
                },
                None => continue,
            };
            let naive = if adoption && reached {
                proposal
                    .and_then(|p| {
                        p.checked_add_months(Months::new(FIRST_READING_AVERAGE_MONTHS_2014_2019))
                    })
                    .map(|d| d.max(as_of))
            } else {
                None
            };
            let mut c = Comparison {
                as_of,
                file: forecast.id.clone(),
                stage: band.stage,
                p10: band.p10,
                p50: band.p50,
                p90: band.p90,
                actual,
                reached,
                ended: ends,
                horizon: watched.max(actual),
                error_days: None,
                inside: false,
                naive,
                yardstick: if adoption { stick } else { None },
            };
            let b = Scored::of(&c);
            c.inside = b.inside();
            c.error_days = reached.then(|| (b.cap(b.q[1]) - b.y) as i64);
            comparisons.push(c);
        }
    }
    let stages = Stage::RANKED
        .iter()
        .filter_map(|&stage| score(Some(stage), comparisons.iter().filter(|c| c.stage == stage)))
        .collect();
    let overall = score(None, comparisons.iter()).unwrap_or_else(|| empty(None));
    let naive_adoption = naive_score(comparisons.iter());
    let naive_adoption_mae_days = naive_adoption.as_ref().map(|n| n.mae_days);
    Backtest {
        as_of,
        seed: forecaster.seed(),
        simulations: forecaster.simulations(),
        files_forecast,
        not_proposed,
        stages,
        overall,
        naive_adoption_mae_days,
        naive_adoption,
        yardstick: yardstick_score(comparisons.iter().filter(|c| c.stage == Stage::Adoption)),
        fate: fate_score(fates.iter()),
        comparisons,
        fates,
        model: forecaster.model().clone(),
    }
}

pub(crate) fn empty(stage: Option<Stage>) -> StageScore {
    StageScore {
        stage,
        n: 0,
        mae_days: 0.0,
        median_error_days: 0.0,
        dated: 0,
        coverage: 0.0,
        interval_score: 0.0,
        pinball: Pinball::default(),
        bins: [0.0; 4],
    }
}

/// The median of `values` (sorted in place); 0 when empty.
fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_unstable_by(f64::total_cmp);
    let m = values.len() / 2;
    if values.len() % 2 == 1 {
        values[m]
    } else {
        (values[m - 1] + values[m]) / 2.0
    }
}

/// The day number of a date, as a float (for losses).
fn at(date: NaiveDate) -> f64 {
    f64::from(super::known::day(date))
}

pub(crate) fn score<'a>(
    stage: Option<Stage>,
    comparisons: impl Iterator<Item = &'a Comparison>,
) -> Option<StageScore> {
    let mut out = empty(stage);
    let mut errors = Vec::new();
    let mut inside = 0usize;
    for c in comparisons {
        let b = Scored::of(c);
        out.n += 1;
        inside += usize::from(b.inside());
        out.interval_score += b.interval_score();
        out.bins[b.bin()] += 1.0;
        // The errors and the losses need the date; a miss without one
        // counts in the bins, the coverage and the interval score.
        if let Some(e) = b.error() {
            let [p10, p50, p90] = b.q.map(|q| b.cap(q));
            errors.push(e);
            out.pinball.p10 += pinball_loss(0.1, p10, b.y);
            out.pinball.p50 += pinball_loss(0.5, p50, b.y);
            out.pinball.p90 += pinball_loss(0.9, p90, b.y);
        }
    }
    if out.n == 0 {
        return None;
    }
    let n = out.n as f64;
    out.dated = errors.len();
    let dated = errors.len().max(1) as f64;
    out.mae_days = errors.iter().sum::<f64>() / dated;
    out.median_error_days = median(&mut errors);
    out.coverage = inside as f64 / n;
    out.interval_score /= n;
    out.pinball.p10 /= dated;
    out.pinball.p50 /= dated;
    out.pinball.p90 /= dated;
    for b in &mut out.bins {
        *b /= n;
    }
    Some(out)
}

/// The naive rule's score on the comparisons that carry its date.
pub(crate) fn naive_score<'a>(
    comparisons: impl Iterator<Item = &'a Comparison>,
) -> Option<NaiveScore> {
    let mut errors = Vec::new();
    let mut pinball = Pinball::default();
    for c in comparisons {
        let Some(naive) = c.naive else { continue };
        let (y, q) = (at(c.actual), at(naive));
        errors.push((q - y).abs());
        pinball.p10 += pinball_loss(0.1, q, y);
        pinball.p50 += pinball_loss(0.5, q, y);
        pinball.p90 += pinball_loss(0.9, q, y);
    }
    if errors.is_empty() {
        return None;
    }
    let n = errors.len() as f64;
    pinball.p10 /= n;
    pinball.p50 /= n;
    pinball.p90 /= n;
    Some(NaiveScore {
        n: errors.len(),
        mae_days: errors.iter().sum::<f64>() / n,
        median_error_days: median(&mut errors),
        pinball,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    fn comparison(p10: &str, p50: &str, p90: &str, actual: &str, naive: &str) -> Comparison {
        let d = |s| parse_date(s).unwrap();
        Comparison {
            as_of: d("2017-01-01"),
            file: "f".into(),
            stage: Stage::Adoption,
            p10: Some(d(p10)),
            p50: Some(d(p50)),
            p90: Some(d(p90)),
            actual: d(actual),
            reached: true,
            ended: false,
            horizon: d("2020-01-01"),
            error_days: Some((d(p50) - d(actual)).num_days()),
            inside: d(p10) <= d(actual) && d(actual) <= d(p90),
            naive: Some(d(naive)),
            yardstick: None,
        }
    }

    #[test]
    fn pinball_losses_bins_and_medians() {
        // Actual 10 days after p90: every quantile is below it.
        let late = comparison(
            "2018-01-01",
            "2018-02-01",
            "2018-03-01",
            "2018-03-11",
            "2018-03-11",
        );
        // Actual 31 days before p50, after p10.
        let early = comparison(
            "2017-12-01",
            "2018-01-01",
            "2018-02-01",
            "2017-12-01",
            "2018-01-01",
        );
        let s = score(Some(Stage::Adoption), [&late, &early].into_iter()).unwrap();
        assert_eq!(s.n, 2);
        // late: p10 0.1*69, p50 0.5*38, p90 0.9*10; early: 0, 0.5*31, 0.1*62.
        assert!(
            (s.pinball.p10 - (6.9 + 0.0) / 2.0).abs() < 1e-9,
            "{:?}",
            s.pinball
        );
        assert!((s.pinball.p50 - (19.0 + 15.5) / 2.0).abs() < 1e-9);
        assert!((s.pinball.p90 - (9.0 + 6.2) / 2.0).abs() < 1e-9);
        assert_eq!(s.bins, [0.0, 0.5, 0.0, 0.5]);
        assert_eq!(s.coverage, 0.5);
        assert_eq!(s.median_error_days, (38.0 + 31.0) / 2.0);
        let naive = naive_score([&late, &early].into_iter()).unwrap();
        // The naive date was right once and 31 days late once.
        assert_eq!(naive.n, 2);
        assert_eq!(naive.mae_days, 15.5);
        assert!((naive.pinball.p90 - 0.1 * 31.0 / 2.0).abs() < 1e-9);
    }

    #[test]
    fn never_is_later_than_every_date_and_counts_as_the_horizon() {
        let d = |s| parse_date(s).unwrap();
        // A band whose p90 is never, and a file that ended without an act:
        // inside, between p50 and p90; the width runs to the horizon.
        let mut ended = comparison(
            "2018-01-01",
            "2018-02-01",
            "2018-03-01",
            "2018-06-01",
            "2018-03-11",
        );
        (ended.p90, ended.reached, ended.ended, ended.naive) = (None, false, true, None);
        let s = score(Some(Stage::Adoption), [&ended].into_iter()).unwrap();
        assert_eq!(s.bins, [0.0, 0.0, 1.0, 0.0]);
        assert_eq!(s.coverage, 1.0);
        assert_eq!(
            s.interval_score,
            (d("2020-01-01") - d("2018-01-01")).num_days() as f64
        );
        // The same file against a dated p90: a miss after it, to the horizon.
        let mut dated = ended.clone();
        dated.p90 = Some(d("2018-03-01"));
        let s = score(Some(Stage::Adoption), [&dated].into_iter()).unwrap();
        assert_eq!(s.bins, [0.0, 0.0, 0.0, 1.0]);
        let miss = (d("2020-01-01") - d("2018-03-01")).num_days() as f64;
        assert_eq!(s.interval_score, 59.0 + 10.0 * miss);
        // An adoption with a median of never: its error runs to the horizon.
        let mut late = comparison(
            "2018-01-01",
            "2018-02-01",
            "2018-03-01",
            "2019-01-01",
            "2018-03-11",
        );
        (late.p50, late.p90) = (None, None);
        let s = score(Some(Stage::Adoption), [&late].into_iter()).unwrap();
        assert_eq!(s.bins, [0.0, 1.0, 0.0, 0.0]);
        assert_eq!(s.median_error_days, 365.0);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_midpoint() {
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut [5.0]), 5.0);
        assert_eq!(median(&mut []), 0.0);
    }
}
