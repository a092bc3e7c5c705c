//! Calibration: backtests over many forecast dates, pooled, to say how far
//! the bands can be trusted.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::backtest::{
    Backtest, Comparison, FateCase, FateScore, NaiveScore, StageScore, YardstickScore,
    backtest_files, fate_score, naive_score, score, yardstick_score,
};
use super::forecaster::Forecaster;
use crate::register::Register;
use crate::stage::Stage;

/// How one forecast date fared, for adoption.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DateScore {
    /// The forecast date.
    pub as_of: NaiveDate,
    /// Files forecast that day (proposed, open, not done).
    pub files_forecast: usize,
    /// The model's adoption score that day.
    pub adoption: Option<StageScore>,
    /// The naive rule's, on the same adoptions.
    pub naive: Option<NaiveScore>,
    /// The model and the yardstick on the same adoptions.
    pub yardstick: Option<YardstickScore>,
    /// The fate forecasts that day.
    pub fate: Option<FateScore>,
}

/// Backtests over many forecast dates: each file forecast from the
/// register as known on each date (so its own later history is left out),
/// every comparison pooled.
///
/// ```
/// use codecision::{Register, Stage, parse_date};
/// use codecision::forecast::{calibrate, Forecaster};
///
/// let register = Register::security_union();
/// let dates = [parse_date("2017-06-29")?, parse_date("2018-01-24")?];
/// let result = calibrate(&register, &dates, Forecaster::DEFAULT_SEED, 500, None);
/// let adoption = result.adoption.unwrap();
/// assert!(adoption.n > 10);
/// assert!(adoption.coverage > 0.0 && adoption.coverage <= 1.0);
/// assert!(result.naive_adoption.unwrap().n == adoption.n);
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Calibration {
    /// The forecast dates, ascending.
    pub dates: Vec<NaiveDate>,
    /// Only stages recorded on or before this date were checked (`None`:
    /// every stage recorded).
    pub until: Option<NaiveDate>,
    /// The seed.
    pub seed: u64,
    /// Simulations per forecast.
    pub simulations: usize,
    /// Per forecast date.
    pub per_date: Vec<DateScore>,
    /// Per stage, pooled over the dates, in stage order.
    pub stages: Vec<StageScore>,
    /// Every stage, pooled.
    pub overall: StageScore,
    /// Adoption, pooled (the headline: how often the 10-90% band held the
    /// real adoption date).
    pub adoption: Option<StageScore>,
    /// The naive rule on the same adoptions, pooled.
    pub naive_adoption: Option<NaiveScore>,
    /// The model and the model-free yardstick on the same adoptions,
    /// pooled.
    pub yardstick: Option<YardstickScore>,
    /// The fate forecasts, pooled: Brier score beside the base rate's.
    pub fate: Option<FateScore>,
    /// Every comparison, date by date.
    pub comparisons: Vec<Comparison>,
    /// Every fate forecast checked, date by date.
    pub fates: Vec<FateCase>,
}

/// Backtests `register` as of each of `dates` (sorted and deduplicated
/// first) and pools the comparisons; with `until`, only stages recorded on
/// or before it are checked.
///
/// # Complexity
///
/// One forecast of every file per date.
pub fn calibrate(
    register: &Register,
    dates: &[NaiveDate],
    seed: u64,
    simulations: usize,
    until: Option<NaiveDate>,
) -> Calibration {
    calibrate_with_references(register, dates, seed, simulations, until, &[])
}

/// As [`calibrate`], with the model-free yardstick drawing also on the
/// files of `references` (this repository's calibration files, for
/// instance; the register's own and the embedded register's always count,
/// and only their adoptions known on each forecast date).
pub fn calibrate_with_references(
    register: &Register,
    dates: &[NaiveDate],
    seed: u64,
    simulations: usize,
    until: Option<NaiveDate>,
    references: &[&Register],
) -> Calibration {
    let mut dates = dates.to_vec();
    dates.sort_unstable();
    dates.dedup();
    let runs: Vec<Backtest> = dates
        .iter()
        .map(|&date| {
            let forecaster = Forecaster::new(register, date)
                .with_seed(seed)
                .with_simulations(simulations);
            backtest_files(
                &forecaster,
                &[],
                until.unwrap_or(NaiveDate::MAX),
                references,
            )
        })
        .collect();
    pool(runs, until, seed, simulations)
}

/// Pools backtests run on ascending, distinct dates into one calibration.
pub(crate) fn pool(
    runs: Vec<Backtest>,
    until: Option<NaiveDate>,
    seed: u64,
    simulations: usize,
) -> Calibration {
    let dates = runs.iter().map(|run| run.as_of).collect();
    let per_date = runs
        .iter()
        .map(|run| DateScore {
            as_of: run.as_of,
            files_forecast: run.files_forecast,
            adoption: run.score(Stage::Adoption).cloned(),
            naive: run.naive_adoption.clone(),
            yardstick: run.yardstick.clone(),
            fate: run.fate.clone(),
        })
        .collect();
    let mut comparisons: Vec<Comparison> = Vec::new();
    let mut fates: Vec<FateCase> = Vec::new();
    for run in runs {
        comparisons.extend(run.comparisons);
        fates.extend(run.fates);
    }
    let stages: Vec<StageScore> = Stage::RANKED
        .iter()
        .filter_map(|&stage| score(Some(stage), comparisons.iter().filter(|c| c.stage == stage)))
        .collect();
    let overall = score(None, comparisons.iter()).unwrap_or_else(|| super::backtest::empty(None));
    let adoption = stages
        .iter()
        .find(|s| s.stage == Some(Stage::Adoption))
        .cloned();
    Calibration {
        dates,
        until,
        seed,
        simulations: simulations.max(1),
        per_date,
        stages,
        overall,
        adoption,
        naive_adoption: naive_score(comparisons.iter()),
        yardstick: yardstick_score(comparisons.iter().filter(|c| c.stage == Stage::Adoption)),
        fate: fate_score(fates.iter()),
        comparisons,
        fates,
    }
}

/// Forecast dates every `months` months from `from` to `to` (both
/// included when they fall on the step); empty when `months` is 0 or `to`
/// is before `from`.
///
/// ```
/// use codecision::parse_date;
/// use codecision::forecast::every_months;
/// let dates = every_months(parse_date("2017-01-15")?, parse_date("2018-01-15")?, 6);
/// assert_eq!(dates.len(), 3);
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn every_months(from: NaiveDate, to: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    if months == 0 {
        return out;
    }
    let mut k = 0u32;
    while let Some(date) = from.checked_add_months(Months::new(k.saturating_mul(months))) {
        if date > to {
            break;
        }
        out.push(date);
        k += 1;
    }
    out
}
