//! Conversions at the border: Python's arguments to the library's values,
//! the library's errors to Python's exceptions, answers to Python objects.

use chrono::NaiveDate;
use codecision::Error;
use pyo3::exceptions::{PyKeyError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyList, PyString};
use serde::Serialize;

pyo3::create_exception!(
    codecision,
    RegisterError,
    PyValueError,
    "A register that cannot be read: not JSON, not the register format, or not valid (a \
     cycle of `requires`, an unknown id, a bad date...). The message is the library's, naming \
     each problem and where; `problems` lists them one by one."
);

/// The library's error as the Python exception a Python user expects:
/// a register that cannot be read is a `RegisterError` (a `ValueError`), an
/// unknown id a `KeyError`, a failed read or write an `OSError` (with its
/// errno, so a missing file is a `FileNotFoundError`), anything else a
/// `ValueError`. The message is always the library's.
pub fn error(err: Error) -> PyErr {
    let message = err.to_string();
    match err {
        Error::Invalid { problems, .. } => {
            register_error(problems.iter().map(ToString::to_string).collect(), message)
        }
        Error::Json { .. } | Error::TooLarge { .. } => {
            register_error(vec![message.clone()], message)
        }
        Error::UnknownId { .. } => PyKeyError::new_err(message),
        Error::Io { source, .. } => match source.raw_os_error() {
            Some(errno) => PyOSError::new_err((errno, message)),
            None => PyOSError::new_err(message),
        },
        _ => PyValueError::new_err(message),
    }
}

fn register_error(problems: Vec<String>, message: String) -> PyErr {
    Python::attach(|py| {
        let err = RegisterError::new_err(message);
        let listed =
            PyList::new(py, problems).and_then(|list| err.value(py).setattr("problems", list));
        match listed {
            Ok(()) => err,
            Err(e) => e,
        }
    })
}

/// The library's result as Python's.
pub trait IntoPy<T> {
    /// The value, or the error converted by [`error`].
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py(self) -> PyResult<T> {
        self.map_err(error)
    }
}

/// A date argument: a `datetime.date` (a `datetime.datetime` gives its
/// date) or a `YYYY-MM-DD` string, read by the library's `parse_date`.
pub fn date(name: &str, value: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    if let Ok(text) = value.cast::<PyString>() {
        return codecision::parse_date(&text.to_cow()?)
            .map_err(|e| PyValueError::new_err(format!("{name}: {e}")));
    }
    if value.is_instance_of::<PyDate>() {
        return value
            .extract::<NaiveDate>()
            .map_err(|e| PyValueError::new_err(format!("{name}: {e}")));
    }
    Err(PyTypeError::new_err(format!(
        "{name}: expected a datetime.date or a 'YYYY-MM-DD' string, got {}",
        value.get_type().name()?
    )))
}

/// An optional date argument (`None` stays `None`).
pub fn optional_date(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<NaiveDate>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => date(name, v).map(Some),
    }
}

/// A value's JSON (its `Serialize`, the command line's document) as Python
/// objects, through `json.loads`; the JSON is written with the GIL
/// released.
pub fn to_python<'py>(
    py: Python<'py>,
    value: &(impl Serialize + Sync),
) -> PyResult<Bound<'py, PyAny>> {
    let text = py
        .detach(|| serde_json::to_string(value))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// The `as_of` argument: a date as [`date`] reads it, or, when `None`,
/// today in UTC (as the command line's `--as-of` defaults to).
pub fn as_of(value: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    Ok(optional_date("as_of", value)?.unwrap_or_else(|| chrono::Utc::now().date_naive()))
}

/// A drawing as the `codecision._display` class that shows itself in
/// Jupyter (`Svg`, `Html`): a `str` with `_repr_svg_`/`_repr_html_` and
/// `save`.
pub fn drawing<'py>(py: Python<'py>, class: &str, text: String) -> PyResult<Bound<'py, PyAny>> {
    py.import("codecision._display")?
        .getattr(class)?
        .call1((text,))
}

/// The library's forecaster as of `as_of`, with the seed and number of
/// simulations given (the library's defaults for `None`).
pub fn forecaster(
    register: &codecision::Register,
    as_of: NaiveDate,
    seed: Option<u64>,
    simulations: Option<usize>,
) -> codecision::forecast::Forecaster<'_> {
    let mut forecaster = codecision::forecast::Forecaster::new(register, as_of);
    if let Some(seed) = seed {
        forecaster = forecaster.with_seed(seed);
    }
    if let Some(n) = simulations {
        forecaster = forecaster.with_simulations(n);
    }
    forecaster
}

/// The question as the library's [`Ask`](codecision::Ask): the date (today
/// in UTC when `None`), the target, the deadline and the start of a window,
/// each date read by [`date`].
pub fn ask(
    as_of: Option<&Bound<'_, PyAny>>,
    target: Option<&str>,
    by: Option<&Bound<'_, PyAny>>,
    since: Option<&Bound<'_, PyAny>>,
) -> PyResult<codecision::Ask> {
    let ask = codecision::Ask::new(self::as_of(as_of)?)
        .by(optional_date("by", by)?)
        .since(optional_date("since", since)?);
    Ok(match target {
        Some(target) => ask.target(target),
        None => ask,
    })
}
