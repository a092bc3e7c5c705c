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
pub fn dict<'py>(py: Python<'py>, answer: &(impl Serialize + Sync)) -> PyResult<Bound<'py, PyAny>> {
    convert::to_python(py, answer)
}

/// The document as the command line prints it (`--format json`, without the
/// final newline), written with the GIL released.
pub fn json(py: Python<'_>, answer: &(impl Serialize + Sync)) -> PyResult<String> {
    py.detach(|| serde_json::to_string_pretty(answer))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The rows of the document's table: the list under `key`, one dict per row.
pub fn records<'py>(
    py: Python<'py>,
    answer: &(impl Serialize + Sync),
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
    answer: &(impl Serialize + Sync),
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

/// An answer object whose document is a library answer's `Serialize`.
pub trait Document {
    /// What serialises as the document.
    type Doc<'a>: Serialize + Sync
    where
        Self: 'a;

    /// The library's answer.
    fn document(&self) -> PyResult<Self::Doc<'_>>;
}

/// A field of a library answer as a Python attribute gives it: text as
/// `str`, a stage as the register format's string, dates and numbers as
/// they are. What each `fields { ... }` entry of [`answer_class`] reads.
pub trait Field {
    /// The attribute's value.
    type Out<'a>
    where
        Self: 'a;

    /// The value of this field.
    fn field(&self) -> Self::Out<'_>;
}

impl Field for String {
    type Out<'a> = &'a str;

    fn field(&self) -> &str {
        self
    }
}

impl Field for std::sync::Arc<str> {
    type Out<'a> = &'a str;

    fn field(&self) -> &str {
        self
    }
}

impl Field for codecision::Stage {
    type Out<'a> = &'static str;

    fn field(&self) -> &'static str {
        self.as_str()
    }
}

impl Field for Option<codecision::Stage> {
    type Out<'a> = Option<&'static str>;

    fn field(&self) -> Option<&'static str> {
        self.map(|s| s.as_str())
    }
}

/// Fields read as they are (copied).
macro_rules! copied_fields {
    ($($t:ty),*) => {$(
        impl Field for $t {
            type Out<'a> = $t;

            fn field(&self) -> $t {
                *self
            }
        }
    )*};
}

copied_fields!(
    chrono::NaiveDate,
    Option<chrono::NaiveDate>,
    bool,
    u32,
    u64,
    usize,
    f64,
    Option<f64>
);

/// A Python class holding a library answer (`Arc`'d, so rows can share
/// it) and the methods every answer has: `to_dict`, `to_json`,
/// `_repr_html_`, and with `rows`, `to_records` and `to_pandas` (the
/// `dates` columns as dates). `fields { name: Type, ... }` are read-only
/// attributes, each the answer's field of that name ([`Field`]); the block
/// holds the class's own methods, `__repr__` among them.
macro_rules! answer_class {
    ($(#[$meta:meta])* $name:ident($answer:ty) $(, rows = $rows:literal, dates = [$($date:literal),*])?;
     $(fields { $($(#[$fmeta:meta])* $field:ident: $fty:ty),* $(,)? })? { $($body:tt)* }) => {
        $(#[$meta])*
        #[pyclass(module = "codecision", frozen)]
        pub struct $name {
            inner: std::sync::Arc<$answer>,
        }

        impl $name {
            pub fn new(answer: $answer) -> Self {
                $name {
                    inner: std::sync::Arc::new(answer),
                }
            }
        }

        impl $crate::doc::Document for $name {
            type Doc<'a> = &'a $answer;

            fn document(&self) -> PyResult<&$answer> {
                Ok(&self.inner)
            }
        }

        answer_methods!($name $(, rows = $rows, dates = [$($date),*])?; {
            $($(
                $(#[$fmeta])*
                #[getter]
                fn $field(&self) -> $fty {
                    $crate::doc::Field::field(&self.inner.$field)
                }
            )*)?
            $($body)*
        });
    };
}

/// The methods every answer has (see [`answer_class`]), for a class that
/// implements [`Document`] itself.
macro_rules! answer_methods {
    ($name:ident; { $($body:tt)* }) => {
        #[pymethods]
        impl $name {
            $($body)*

            /// The command line's `--format json` document of this answer,
            /// as a dict.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                use $crate::doc::Document;
                $crate::doc::dict(py, &self.document()?)
            }

            /// The command line's `--format json` text of this answer
            /// (without the final newline).
            fn to_json(&self, py: Python<'_>) -> PyResult<String> {
                use $crate::doc::Document;
                $crate::doc::json(py, &self.document()?)
            }

            fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                use $crate::doc::Document;
                $crate::doc::html(py, self.__repr__(), &self.document()?)
            }
        }
    };
    ($name:ident, rows = $rows:literal, dates = [$($date:literal),*]; { $($body:tt)* }) => {
        answer_methods!($name; {
            $($body)*

            /// One dict per row of the answer's table, as in its
            /// `to_dict()`.
            fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                use $crate::doc::Document;
                $crate::doc::records(py, &self.document()?, $rows)
            }

            /// The records as a pandas DataFrame, dates as `datetime64`
            /// (needs pandas: `ImportError` naming it when missing).
            fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                $crate::doc::pandas(py, self.to_records(py)?, &[$($date),*])
            }
        });
    };
}
