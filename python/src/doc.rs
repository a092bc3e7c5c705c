//! What every answer does with its document (its `Serialize`, the command
//! line's `--format json`): a dict, the JSON text, the rows of its table as
//! records or a pandas DataFrame, and HTML for Jupyter.

use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde::Serialize;

use crate::convert;

/// The document as Python objects (dicts, lists, str, int, float, bool,
/// None), exactly what `json.loads` reads from the command line's output.
pub fn dict<'py>(py: Python<'py>, answer: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    convert::to_python(py, answer)
}

/// The document as the command line prints it (`--format json`, without the
/// final newline).
pub fn json(answer: &impl Serialize) -> PyResult<String> {
    serde_json::to_string_pretty(answer).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The rows of the document's table: the list under `key`, one dict per row.
pub fn records<'py>(
    py: Python<'py>,
    answer: &impl Serialize,
    key: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let document = dict(py, answer)?;
    document.get_item(key)
}

/// The rows as a pandas DataFrame, the columns in `dates` as dates
/// (`datetime64`). Raises `ImportError` naming pandas when it is missing.
pub fn pandas<'py>(
    py: Python<'py>,
    rows: Bound<'py, PyAny>,
    dates: &[&str],
) -> PyResult<Bound<'py, PyAny>> {
    let pandas = py.import("pandas").map_err(|e| {
        PyImportError::new_err(format!(
            "to_pandas needs pandas (python3 -m pip install pandas): {e}"
        ))
    })?;
    let frame = pandas.getattr("DataFrame")?.call1((rows,))?;
    let columns = frame.getattr("columns")?;
    for &column in dates {
        if columns.contains(column)? {
            let converted = pandas
                .getattr("to_datetime")?
                .call1((frame.get_item(column)?,))?;
            frame.set_item(column, converted)?;
        }
    }
    Ok(frame)
}

/// HTML for Jupyter: a heading and the document, tables as tables
/// (`codecision._display`).
pub fn html<'py>(
    py: Python<'py>,
    heading: String,
    answer: &impl Serialize,
) -> PyResult<Bound<'py, PyAny>> {
    let document = dict(py, answer)?;
    py.import("codecision._display")?
        .getattr("answer_html")?
        .call1((heading, document))
}

/// A list of `T`s built from `items`.
pub fn list<'py, T: pyo3::PyClass + Into<pyo3::PyClassInitializer<T>>>(
    py: Python<'py>,
    items: impl IntoIterator<Item = T>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for item in items {
        list.append(Bound::new(py, item)?)?;
    }
    Ok(list)
}
