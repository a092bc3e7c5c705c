//! The forecasts' answers as Python objects (feature `forecast` of the
//! library): bands of dates, chances, and backtests.

use std::sync::Arc;

use chrono::NaiveDate;
use codecision::forecast;
use pyo3::prelude::*;

use crate::doc;

/// The register replayed as known on a date, every file forecast from that
/// alone and compared with what happened afterwards: the answer of
/// `Register.backtest`. Its table is the comparisons.
#[pyclass(module = "codecision", frozen)]
pub struct Backtest {
    inner: Arc<forecast::Backtest>,
}

impl Backtest {
    pub fn new(answer: forecast::Backtest) -> Self {
        Backtest {
            inner: Arc::new(answer),
        }
    }
}

#[pymethods]
impl Backtest {
    /// The date the register was replayed as of.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.inner.as_of
    }

    /// The simulations' seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    /// The number of simulations per forecast.
    #[getter]
    fn simulations(&self) -> usize {
        self.inner.simulations
    }

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
                error_days: c.error_days,
                inside: c.inside,
            })
            .collect()
    }

    /// The command line's `backtest --format json` document, as a dict
    /// (scores by stage and overall, the naive rule's, the comparisons).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::dict(py, &*self.inner)
    }

    /// The command line's `backtest --format json` text.
    fn to_json(&self) -> PyResult<String> {
        doc::json(&*self.inner)
    }

    /// One dict per comparison, as in `to_dict()["comparisons"]`.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::records(py, &*self.inner, "comparisons")
    }

    /// The records as a pandas DataFrame (needs pandas).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::pandas(
            py,
            self.to_records(py)?,
            &["as_of", "p10", "p50", "p90", "actual", "naive"],
        )
    }

    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::html(py, self.__repr__(), &*self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Backtest as of {}: {} files forecast, {} comparisons>",
            self.inner.as_of,
            self.inner.files_forecast,
            self.inner.comparisons.len()
        )
    }
}

/// A forecast stage set against the date it was reached.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Comparison {
    /// The date the forecast was made as of.
    as_of: NaiveDate,
    /// The file.
    file: String,
    /// The stage forecast.
    stage: &'static str,
    /// The forecast's 10th percentile.
    p10: NaiveDate,
    /// Its median.
    p50: NaiveDate,
    /// Its 90th percentile.
    p90: NaiveDate,
    /// The day the stage was reached.
    actual: NaiveDate,
    /// The median's error, in days (positive: the stage came later).
    error_days: i64,
    /// Whether the actual date fell inside the 10th-90th percentile band.
    inside: bool,
}

#[pymethods]
impl Comparison {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Comparison {} {}: {} against {}..{}>",
            self.file, self.stage, self.actual, self.p10, self.p90
        )
    }
}
