//! The native module of the `codecision` Python package
//! (`codecision._codecision`): Python's arguments converted to the
//! library's, the library's answers converted to Python's. Every question
//! is the library's own call; no rule of the domain is written here.

// The answers' macros first: they are used by the modules below.
#[macro_use]
mod doc;
mod answers;
mod convert;
mod forecasts;
mod register;

use pyo3::prelude::*;

/// The codecision engine: EU legislative files as state machines in a
/// dependency graph.
#[pymodule]
fn _codecision(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("RegisterError", m.py().get_type::<convert::RegisterError>())?;
    m.add_class::<register::PyRegister>()?;
    m.add_class::<register::File>()?;
    m.add_class::<register::Goal>()?;
    m.add_class::<register::Event>()?;
    m.add_class::<register::Requirement>()?;
    m.add_class::<answers::Blockers>()?;
    m.add_class::<answers::Status>()?;
    m.add_class::<answers::FileStatus>()?;
    m.add_class::<answers::Impact>()?;
    m.add_class::<answers::GoalImpact>()?;
    m.add_class::<answers::Blocker>()?;
    m.add_class::<answers::Waiting>()?;
    m.add_class::<answers::Missing>()?;
    m.add_class::<answers::NextStage>()?;
    m.add_class::<answers::CriticalPath>()?;
    m.add_class::<answers::PathStep>()?;
    m.add_class::<answers::Changes>()?;
    m.add_class::<answers::Moved>()?;
    m.add_class::<answers::Stuck>()?;
    m.add_class::<answers::TargetChanges>()?;
    m.add_class::<answers::Verdict>()?;
    m.add_class::<answers::Cleared>()?;
    m.add_class::<answers::BecameBlocker>()?;
    m.add_class::<forecasts::Forecast>()?;
    m.add_class::<forecasts::FileForecast>()?;
    m.add_class::<forecasts::Band>()?;
    m.add_class::<forecasts::TargetForecast>()?;
    m.add_class::<forecasts::Risk>()?;
    m.add_class::<forecasts::Backtest>()?;
    m.add_class::<forecasts::Comparison>()?;
    m.add_function(wrap_pyfunction!(write_file, m)?)?;
    m.add_function(wrap_pyfunction!(library_blockers_seconds, m)?)?;
    Ok(())
}

/// Writes `text` to `path`, replacing the file atomically (the library's one
/// writer): what `Svg.save` and `Html.save` call.
#[pyfunction]
#[pyo3(name = "_write_file")]
fn write_file(py: Python<'_>, path: std::path::PathBuf, text: String) -> PyResult<()> {
    use convert::IntoPy;
    py.detach(|| codecision::write_file(&path, text.as_bytes()))
        .py()
}

/// The seconds the library's own `blockers` call takes (the Rust call
/// alone, no conversion), for python/bench/blockers.py to hold
/// `Register.blockers` against in the same process.
#[pyfunction]
#[pyo3(name = "_library_blockers_seconds", signature = (register, target, *, as_of, by = None))]
fn library_blockers_seconds(
    py: Python<'_>,
    register: &register::PyRegister,
    target: &str,
    as_of: &Bound<'_, PyAny>,
    by: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    use convert::IntoPy;
    let ask = convert::ask(Some(as_of), Some(target), by, None)?;
    let (seconds, answer) = py.detach(|| {
        let start = std::time::Instant::now();
        let answer = register.inner.blockers(&ask);
        (start.elapsed().as_secs_f64(), answer)
    });
    answer.py().map(|_| seconds)
}
