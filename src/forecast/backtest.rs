//! Backtesting: forecast from the register as known on a past date, and
//! compare with what the register records afterwards.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::forecaster::Forecaster;
use super::known::Known;
use super::model::DurationModel;
use super::outlook::Outlook;
use super::prior::figures::FIRST_READING_AVERAGE_MONTHS_2014_2019;
use crate::stage::Stage;

/// One forecast stage date set against the date that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The file's id.
    pub file: String,
    /// The stage.
    pub stage: Stage,
    /// The forecast's 10th percentile.
    pub p10: NaiveDate,
    /// The forecast's median.
    pub p50: NaiveDate,
    /// The forecast's 90th percentile.
    pub p90: NaiveDate,
    /// The first event recording the stage, after the forecast date.
    pub actual: NaiveDate,
    /// `p50 - actual`, in days (positive: forecast too late).
    pub error_days: i64,
    /// Whether `actual` lies within `[p10, p90]`.
    pub inside: bool,
    /// The naive rule's date (adoption 18 months after the proposal), for
    /// adoption only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naive: Option<NaiveDate>,
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
    /// Share of actual dates within the 10-90% band.
    pub coverage: f64,
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
    /// proposal) on the same adoptions as the model's adoption score.
    pub naive_adoption_mae_days: Option<f64>,
    /// Every comparison.
    pub comparisons: Vec<Comparison>,
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
    let register = forecaster.register();
    let as_of = forecaster.as_of();
    // Every file forecast: the id list is empty.
    let forecasts = forecaster.files(&[]).unwrap_or_default();
    let mut comparisons = Vec::new();
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
        let proposal = Known::of(file, as_of).proposal.map(super::known::date_of);
        for band in &forecast.forecast {
            let Some(actual) = file.since(band.stage, NaiveDate::MAX) else {
                continue;
            };
            if actual <= as_of {
                continue;
            }
            let naive = if band.stage == Stage::Adoption {
                proposal.and_then(|p| {
                    p.checked_add_months(Months::new(FIRST_READING_AVERAGE_MONTHS_2014_2019))
                })
            } else {
                None
            };
            comparisons.push(Comparison {
                file: forecast.id.clone(),
                stage: band.stage,
                p10: band.p10,
                p50: band.p50,
                p90: band.p90,
                actual,
                error_days: (band.p50 - actual).num_days(),
                inside: band.p10 <= actual && actual <= band.p90,
                naive,
            });
        }
    }
    let stages = Stage::RANKED
        .iter()
        .filter_map(|&stage| score(Some(stage), comparisons.iter().filter(|c| c.stage == stage)))
        .collect();
    let overall = score(None, comparisons.iter()).unwrap_or(StageScore {
        stage: None,
        n: 0,
        mae_days: 0.0,
        coverage: 0.0,
    });
    let naive: Vec<i64> = comparisons
        .iter()
        .filter_map(|c| c.naive.map(|d| (d - c.actual).num_days().abs()))
        .collect();
    let naive_adoption_mae_days =
        (!naive.is_empty()).then(|| naive.iter().sum::<i64>() as f64 / naive.len() as f64);
    Backtest {
        as_of,
        seed: forecaster.seed(),
        simulations: forecaster.simulations(),
        files_forecast,
        not_proposed,
        stages,
        overall,
        naive_adoption_mae_days,
        comparisons,
        model: forecaster.model().clone(),
    }
}

fn score<'a>(
    stage: Option<Stage>,
    comparisons: impl Iterator<Item = &'a Comparison>,
) -> Option<StageScore> {
    let (mut n, mut abs, mut inside) = (0usize, 0i64, 0usize);
    for c in comparisons {
        n += 1;
        abs += c.error_days.abs();
        inside += usize::from(c.inside);
    }
    (n > 0).then(|| StageScore {
        stage,
        n,
        mae_days: abs as f64 / n as f64,
        coverage: inside as f64 / n as f64,
    })
}
