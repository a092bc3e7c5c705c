//! The forecasts' answers as Python objects (feature `forecast` of the
//! library): bands of dates, chances, and backtests.

use std::sync::Arc;

use chrono::NaiveDate;
use codecision::forecast;
use pyo3::prelude::*;
use serde::Serialize;

use crate::doc;
use codecision::text::or_never;

answer_class!(
    /// The register replayed as known on a date, every file forecast from that
    /// alone and compared with what happened afterwards: the answer of
    /// `Register.backtest`. Its table is the comparisons.
    Backtest(forecast::Backtest), rows = "comparisons", dates = ["as_of", "p10", "p50", "p90", "actual", "naive"]; fields {
    /// The date the register was replayed as of.
    as_of: NaiveDate,
    /// The simulations' seed.
    seed: u64,
    /// The number of simulations per forecast.
    simulations: usize,
} {
    /// Each forecast stage set against the date it was reached.
    #[getter]
    fn comparisons(&self) -> Vec<Comparison> {
        self.inner
            .comparisons
            .iter()
            .map(|c| Comparison {
                as_of: c.as_of,
                file: c.file.clone(),
                stage: c.stage.as_str(),
                p10: c.p10,
                p50: c.p50,
                p90: c.p90,
                actual: c.actual,
                reached: c.reached,
                ended: c.ended,
                error_days: c.error_days,
                inside: c.inside,
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Backtest as of {}: {} files forecast, {} comparisons>",
            self.inner.as_of,
            self.inner.files_forecast,
            self.inner.comparisons.len()
        )
    }
});

/// A forecast stage set against the date it was reached.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Comparison {
    /// The date the forecast was made as of.
    as_of: NaiveDate,
    /// The file.
    file: String,
    /// The stage forecast.
    stage: &'static str,
    /// The forecast's 10th percentile (`None`: never, the procedure ending
    /// without an act counted among the outcomes).
    p10: Option<NaiveDate>,
    /// Its median (`None`: never).
    p50: Option<NaiveDate>,
    /// Its 90th percentile (`None`: never).
    p90: Option<NaiveDate>,
    /// The day the stage was reached; when `reached` is false, the day
    /// the procedure ended without an act (`ended`) or the register's last
    /// day with the file still pending.
    actual: NaiveDate,
    /// Whether the stage was reached on `actual`.
    reached: bool,
    /// Whether the procedure ended without an act before the stage.
    ended: bool,
    /// The median's error, in days (the median's date minus the actual:
    /// positive, forecast too late); `None` when the stage was not reached.
    error_days: Option<i64>,
    /// Whether the actual date fell inside the 10th-90th percentile band.
    inside: bool,
}

#[pymethods]
impl Comparison {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Comparison {} {}: {} against {}..{}>",
            self.file,
            self.stage,
            self.actual,
            or_never(self.p10),
            or_never(self.p90)
        )
    }
}

/// A row of a forecast's table: one file, one stage.
#[derive(Serialize)]
struct BandRow<'a> {
    file: &'a str,
    stage: &'static str,
    p10: Option<NaiveDate>,
    p50: Option<NaiveDate>,
    p90: Option<NaiveDate>,
    capped: bool,
}

answer_class!(
    /// Forecasts of files and goals as of a date: each file's bands of dates
    /// for its remaining stages, each goal's chance of meeting its deadline.
    /// The answer of `Register.forecast`; its table has a row per file and
    /// stage.
    Forecast(forecast::Forecast); fields {
    /// The forecast date.
    as_of: NaiveDate,
    /// The simulations' seed.
    seed: u64,
    /// The number of simulations.
    simulations: usize,
} {
    /// The files forecast (those asked, and those the goals asked require).
    #[getter]
    fn files(&self) -> Vec<FileForecast> {
        (0..self.inner.files.len())
            .map(|index| FileForecast {
                answer: self.inner.clone(),
                index,
            })
            .collect()
    }

    /// The goals asked, each with its chance of meeting its deadline.
    #[getter]
    fn goals(&self) -> Vec<TargetForecast> {
        self.inner.goals.iter().map(TargetForecast::of).collect()
    }

    /// One dict per file and stage: `file`, `stage`, `p10`, `p50`, `p90`
    /// (dates as `YYYY-MM-DD`, `None` for never) and `capped` (the band runs past the last
    /// date a register holds).
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows: Vec<BandRow<'_>> = self
            .inner
            .files
            .iter()
            .flat_map(|f| {
                f.forecast.iter().map(|b| BandRow {
                    file: &f.id,
                    stage: b.stage.as_str(),
                    p10: b.p10,
                    p50: b.p50,
                    p90: b.p90,
                    capped: b.capped,
                })
            })
            .collect();
        doc::dict(py, &rows)
    }

    /// The records as a pandas DataFrame, the percentiles as dates (needs
    /// pandas).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::pandas(py, self.to_records(py)?, &["p10", "p50", "p90"])
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Forecast as of {}: {} files, {} goals, {} simulations (seed {})>",
            self.inner.as_of,
            self.inner.files.len(),
            self.inner.goals.len(),
            self.inner.simulations,
            self.inner.seed
        )
    }
});

/// When a file reaches its remaining stages: a band of dates per stage.
#[pyclass(module = "codecision", frozen)]
pub struct FileForecast {
    answer: Arc<forecast::Forecast>,
    index: usize,
}

impl FileForecast {
    fn get(&self) -> &forecast::FileForecast {
        &self.answer.files[self.index]
    }
}

#[pymethods]
impl FileForecast {
    /// The file's id.
    #[getter]
    fn id(&self) -> &str {
        &self.get().id
    }

    /// Its stage on the forecast date (`None`: not proposed).
    #[getter]
    fn stage(&self) -> Option<&'static str> {
        self.get().stage.map(|s| s.as_str())
    }

    /// The chance its procedure ends without an act (withdrawn, lapsed or
    /// rejected): the share of the simulations in which it is never
    /// adopted; 0.0 once adopted, `None` with nothing to forecast.
    #[getter]
    fn p_no_act(&self) -> Option<f64> {
        self.get().p_no_act
    }

    /// A band per remaining stage, in stage order.
    #[getter]
    fn bands(&self) -> Vec<Band> {
        self.get().forecast.iter().map(Band::of).collect()
    }

    /// Its entry of the command line's `forecast` JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::dict(py, self.get())
    }

    fn __repr__(&self) -> String {
        let f = self.get();
        format!(
            "<codecision.FileForecast {}: {} stages to go>",
            f.id,
            f.forecast.len()
        )
    }
}

/// When a file may reach `stage`: the 10th, 50th and 90th percentiles of
/// the simulated outcomes, "never" (the procedure ends without an act
/// first) counted among them and later than every date: a percentile that
/// falls among those is `None`.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Band {
    /// The stage.
    stage: &'static str,
    /// The 10th percentile (`None`: never).
    p10: Option<NaiveDate>,
    /// The median (`None`: never).
    p50: Option<NaiveDate>,
    /// The 90th percentile (`None`: never).
    p90: Option<NaiveDate>,
    /// The chance the stage never comes: the procedure ends without an act
    /// before it.
    p_never: f64,
    /// Whether the band runs past the last date a register holds (capped
    /// there).
    capped: bool,
}

impl Band {
    fn of(b: &codecision::answer::ForecastBand) -> Self {
        Band {
            stage: b.stage.as_str(),
            p10: b.p10,
            p50: b.p50,
            p90: b.p90,
            p_never: b.p_never,
            capped: b.capped,
        }
    }
}

#[pymethods]
impl Band {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Band {}: {} .. {} .. {}>",
            self.stage,
            or_never(self.p10),
            or_never(self.p50),
            or_never(self.p90)
        )
    }
}

/// A goal's (or a file's, by a deadline) chance of being met on time, and
/// its blockers, the riskiest first.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct TargetForecast {
    /// The goal or file.
    target: String,
    /// Its deadline.
    deadline: NaiveDate,
    /// The forecast date.
    as_of: NaiveDate,
    /// The share of simulations in which every file it needs gets there by
    /// the deadline.
    p_on_time: f64,
    /// Its blockers, the riskiest first.
    blockers: Vec<Risk>,
}

impl TargetForecast {
    fn of(t: &forecast::TargetForecast) -> Self {
        TargetForecast {
            target: t.target.clone(),
            deadline: t.deadline,
            as_of: t.as_of,
            p_on_time: t.p_on_time,
            blockers: t
                .blockers
                .iter()
                .map(|r| Risk {
                    file: r.file.clone(),
                    required: r.required.as_str(),
                    stage: r.stage.map(|s| s.as_str()),
                    p_by_deadline: r.p_by_deadline,
                    p_by_deadline_alone: r.p_by_deadline_alone,
                    not_proposed: r.not_proposed,
                })
                .collect(),
        }
    }
}

#[pymethods]
impl TargetForecast {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.TargetForecast {} by {}: {:.0}% on time>",
            self.target,
            self.deadline,
            self.p_on_time * 100.0
        )
    }
}

/// A blocker of a forecast target and its chance of getting there in time.
#[pyclass(module = "codecision", frozen, get_all)]
#[derive(Clone)]
pub struct Risk {
    /// The file.
    file: String,
    /// The stage the target needs of it.
    required: &'static str,
    /// Its stage on the forecast date (`None`: not proposed).
    stage: Option<&'static str>,
    /// The share of simulations in which it reaches `required` by the
    /// deadline (`None` once the deadline has passed).
    p_by_deadline: Option<f64>,
    /// The same share if no prerequisite held it back.
    p_by_deadline_alone: Option<f64>,
    /// Whether it had not even been proposed.
    not_proposed: bool,
}

#[pymethods]
impl Risk {
    fn __repr__(&self) -> String {
        format!("<codecision.Risk {}: needs {}>", self.file, self.required)
    }
}
