//! `codecision.Register` and what it holds: files, goals, events and
//! requirements, read from the library's values.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use codecision::export::{Dot, GraphSvg, Mermaid, Report, TimelineSvg};
use codecision::{FileOrGoal, LegislativeFile, ReadOptions, Register};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

use crate::answers;
use crate::convert::{self, IntoPy};
use crate::forecasts;

/// A set of legislative files and goals linked by `requires`: read from the
/// register format (JSON, version 1), checked, and asked questions.
///
/// A register is immutable: queries may run on several threads at once.
#[pyclass(module = "codecision", name = "Register", frozen)]
pub struct PyRegister {
    pub(crate) inner: Arc<Register>,
}

impl PyRegister {
    pub(crate) fn new(register: Register) -> Self {
        PyRegister {
            inner: Arc::new(register),
        }
    }
}

#[pymethods]
impl PyRegister {
    /// The embedded, sourced register of the Security Union
    /// information-system files (ETIAS, EES, SIS, ECRIS-TCN, eu-LISA,
    /// Eurodac, VIS, the interoperability regulations) and their goals.
    #[staticmethod]
    fn security_union(py: Python<'_>) -> Self {
        PyRegister::new(py.detach(Register::security_union))
    }

    /// Reads and checks the register at `path` (a `str` or `os.PathLike`).
    ///
    /// `max_bytes` raises the largest size read (the library's default is
    /// `DEFAULT_MAX_REGISTER_SIZE`). Raises `RegisterError` for a register
    /// that is not valid, `OSError` when the file cannot be read.
    #[staticmethod]
    #[pyo3(signature = (path, *, max_bytes = None))]
    fn load(py: Python<'_>, path: PathBuf, max_bytes: Option<u64>) -> PyResult<Self> {
        py.detach(|| match max_bytes {
            Some(limit) => ReadOptions::new().limit(limit).load(&path),
            None => Register::load(&path),
        })
        .py()
        .map(PyRegister::new)
    }

    /// Reads and checks a register from its JSON text. Raises
    /// `RegisterError`, naming each problem and where (line and column, file
    /// id, event index).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Self> {
        py.detach(|| Register::from_json(&text))
            .py()
            .map(PyRegister::new)
    }

    /// Writes the register to `path` in the register format, replacing the
    /// file atomically (the library's one writer).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.inner.save(&path)).py()
    }

    /// The register as the JSON text of the register format (what `save`
    /// writes).
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_json())
    }

    /// The date the register was last brought up to date with the
    /// Parliament's data, if it says.
    #[getter]
    fn synced(&self) -> Option<NaiveDate> {
        self.inner.synced()
    }

    /// The legislative files, in register order.
    #[getter]
    fn files(&self) -> Vec<File> {
        self.inner
            .files()
            .iter()
            .map(|f| File::of(&self.inner, f))
            .collect()
    }

    /// The goals, in register order.
    #[getter]
    fn goals(&self) -> Vec<Goal> {
        self.inner
            .goals()
            .iter()
            .map(|g| Goal {
                register: self.inner.clone(),
                id: g.id.clone(),
            })
            .collect()
    }

    /// The number of legislative files.
    fn __len__(&self) -> usize {
        self.inner.files().len()
    }

    /// The legislative files, in register order.
    fn __iter__(&self) -> Files {
        Files {
            register: self.inner.clone(),
            next: 0,
        }
    }

    /// The file or goal with this id; `KeyError` (with the closest id, if one
    /// is close) when there is none.
    fn __getitem__(&self, py: Python<'_>, id: &str) -> PyResult<Py<PyAny>> {
        match self.inner.file_or_goal(id).py()? {
            FileOrGoal::File(f) => Ok(Py::new(py, File::of(&self.inner, f))?.into_any()),
            FileOrGoal::Goal(g) => Ok(Py::new(
                py,
                Goal {
                    register: self.inner.clone(),
                    id: g.id.clone(),
                },
            )?
            .into_any()),
        }
    }

    /// Whether a file or goal has this id.
    fn __contains__(&self, id: &str) -> bool {
        self.inner.file(id).is_some() || self.inner.goal(id).is_some()
    }

    /// Which files block `target` (a goal or a file) by its deadline, as of
    /// `as_of`, and why: each blocker with its stage, the stage required and
    /// the chain of `requires` from the target.
    ///
    /// `as_of` and `by` are `datetime.date`s or `'YYYY-MM-DD'` strings; `by`
    /// is the deadline, needed when the target is a file (a goal has its
    /// own). With `chances=True` the forecast (`seed`, `simulations`: the
    /// library's defaults when `None`) adds each blocker's `p_by_deadline`
    /// and the answer's `p_on_time`, as `blockers --chances` does. Raises
    /// `KeyError` for an unknown target, `ValueError` for a bad date or a
    /// file without `by`.
    #[pyo3(signature = (target, *, as_of = None, by = None, chances = false, seed = None, simulations = None))]
    #[allow(clippy::too_many_arguments)]
    fn blockers(
        &self,
        py: Python<'_>,
        target: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        by: Option<&Bound<'_, PyAny>>,
        chances: bool,
        seed: Option<u64>,
        simulations: Option<usize>,
    ) -> PyResult<answers::Blockers> {
        let ask = convert::ask(as_of, Some(target), by, None)?;
        py.detach(|| {
            let answer = self.inner.blockers(&ask)?;
            if !chances {
                return Ok(answer);
            }
            convert::forecaster(&self.inner, ask.as_of(), seed, simulations).chances(answer)
        })
        .py()
        .map(answers::Blockers::new)
    }

    /// The stage of every file (or of `files`, in that order) at `as_of`,
    /// and since when. `KeyError` for an id that is not a file.
    #[pyo3(signature = (files = None, *, as_of = None))]
    fn status(
        &self,
        py: Python<'_>,
        files: Option<Vec<String>>,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<answers::Status> {
        let ask = convert::ask(as_of, None, None, None)?;
        py.detach(|| match &files {
            None => Ok(self.inner.status(&ask)),
            Some(ids) => {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                self.inner.status_of(&ids, &ask)
            }
        })
        .py()
        .map(answers::Status::new)
    }

    /// The goals `file` holds up as of `as_of`: each goal that needs it,
    /// the stage needed, whether it blocks, and the chain of `requires`.
    #[pyo3(signature = (file, *, as_of = None))]
    fn impact(
        &self,
        py: Python<'_>,
        file: &str,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<answers::Impact> {
        let ask = convert::ask(as_of, Some(file), None, None)?;
        py.detach(|| self.inner.impact(&ask))
            .py()
            .map(answers::Impact::new)
    }

    /// What `file` is waiting for as of `as_of`: the prerequisites it
    /// lacks and the stages that may come next, with their rules.
    #[pyo3(signature = (file, *, as_of = None))]
    fn waiting(
        &self,
        py: Python<'_>,
        file: &str,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<answers::Waiting> {
        let ask = convert::ask(as_of, Some(file), None, None)?;
        py.detach(|| self.inner.waiting(&ask))
            .py()
            .map(answers::Waiting::new)
    }

    /// The longest chain of unmet `requires` below `target`, as of `as_of`
    /// (`by`: the deadline, for a file).
    #[pyo3(signature = (target, *, as_of = None, by = None))]
    fn critical_path(
        &self,
        py: Python<'_>,
        target: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        by: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<answers::CriticalPath> {
        let ask = convert::ask(as_of, Some(target), by, None)?;
        py.detach(|| self.inner.critical_path(&ask))
            .py()
            .map(answers::CriticalPath::new)
    }

    /// What moved after `since` up to `as_of` (included): the files that
    /// changed stage, those that did not, and, with a `target`, how its
    /// verdict changed (`by`: the deadline, for a file) and, unless
    /// `forecast=False`, its forecast chance of being on time at each end of
    /// the window (`seed`, `simulations`), as `changes` does on the command
    /// line.
    #[pyo3(signature = (*, since, as_of = None, target = None, by = None, forecast = true, seed = None, simulations = None))]
    #[allow(clippy::too_many_arguments)]
    fn changes(
        &self,
        py: Python<'_>,
        since: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        target: Option<&str>,
        by: Option<&Bound<'_, PyAny>>,
        forecast: bool,
        seed: Option<u64>,
        simulations: Option<usize>,
    ) -> PyResult<answers::Changes> {
        let ask = convert::ask(as_of, target, by, Some(since))?;
        py.detach(|| {
            let answer = self.inner.changes(&ask)?;
            if !forecast {
                return Ok(answer);
            }
            convert::forecaster(&self.inner, ask.as_of(), seed, simulations).on_time(answer)
        })
        .py()
        .map(answers::Changes::new)
    }

    /// When files reach their remaining stages (the 10th, 50th and 90th
    /// percentiles of `simulations` simulated runs, seeded by `seed`; the
    /// library's defaults when `None`) and, for a goal, the chance it is
    /// met by its deadline. `target` is a file or a goal; `None`: every
    /// file and every goal. The same seed gives the same answer.
    #[pyo3(signature = (target = None, *, as_of = None, seed = None, simulations = None))]
    fn forecast(
        &self,
        py: Python<'_>,
        target: Option<&str>,
        as_of: Option<&Bound<'_, PyAny>>,
        seed: Option<u64>,
        simulations: Option<usize>,
    ) -> PyResult<forecasts::Forecast> {
        let as_of = convert::as_of(as_of)?;
        py.detach(|| {
            let ids: Vec<&str> = target.into_iter().collect();
            convert::forecaster(&self.inner, as_of, seed, simulations).forecast(&ids)
        })
        .py()
        .map(forecasts::Forecast::new)
    }

    /// The register replayed as known on `as_of`: every file forecast from
    /// that alone (`seed`, `simulations`: the library's defaults when
    /// `None`) and compared with what happened afterwards.
    #[pyo3(signature = (*, as_of = None, seed = None, simulations = None))]
    fn backtest(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        seed: Option<u64>,
        simulations: Option<usize>,
    ) -> PyResult<forecasts::Backtest> {
        let as_of = convert::as_of(as_of)?;
        let answer =
            py.detach(|| convert::forecaster(&self.inner, as_of, seed, simulations).backtest());
        Ok(forecasts::Backtest::new(answer))
    }

    /// The dependency graph as Graphviz DOT, stages as of `as_of`.
    #[pyo3(signature = (*, as_of = None))]
    fn to_dot(&self, py: Python<'_>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let as_of = convert::as_of(as_of)?;
        Ok(py.detach(|| Dot::new(&self.inner, as_of).to_string()))
    }

    /// The dependency graph as a Mermaid flowchart, stages as of `as_of`.
    #[pyo3(signature = (*, as_of = None))]
    fn to_mermaid(&self, py: Python<'_>, as_of: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let as_of = convert::as_of(as_of)?;
        Ok(py.detach(|| Mermaid::new(&self.inner, as_of).to_string()))
    }

    /// The dependency graph as SVG (Jupyter draws it), coloured by stage as
    /// of `as_of`.
    #[pyo3(signature = (*, as_of = None))]
    fn graph_svg<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let as_of = convert::as_of(as_of)?;
        let svg = py.detach(|| GraphSvg::new(&self.inner, as_of).to_string());
        convert::drawing(py, "Svg", svg)
    }

    /// The timeline of the files `target` needs (every file when `target`
    /// is `None`) as SVG: each file a lane, its stages coloured, the
    /// deadline a line.
    #[pyo3(signature = (target = None, *, as_of = None, by = None))]
    fn timeline_svg<'py>(
        &self,
        py: Python<'py>,
        target: Option<&str>,
        as_of: Option<&Bound<'py, PyAny>>,
        by: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ask = convert::ask(as_of, target, by, None)?;
        let svg = py
            .detach(|| {
                self.inner
                    .schedule(&ask)
                    .map(|s| TimelineSvg::new(&s).to_string())
            })
            .py()?;
        convert::drawing(py, "Svg", svg)
    }

    /// The report on `target` as one self-contained HTML page (Jupyter
    /// shows it; `.save(path)` writes it), as `codecision report` writes
    /// it: the verdict, the timeline, the dependency graph, the blockers and
    /// their chains; with `since`, what changed since then; unless
    /// `forecast=False`, the forecasts of the blockers (`seed`,
    /// `simulations`: the library's defaults when `None`) and how far to
    /// trust them.
    #[pyo3(signature = (target, *, as_of = None, by = None, since = None, forecast = true, seed = None, simulations = None))]
    #[allow(clippy::too_many_arguments)]
    fn report_html<'py>(
        &self,
        py: Python<'py>,
        target: &str,
        as_of: Option<&Bound<'py, PyAny>>,
        by: Option<&Bound<'py, PyAny>>,
        since: Option<&Bound<'py, PyAny>>,
        forecast: bool,
        seed: Option<u64>,
        simulations: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ask = convert::ask(as_of, Some(target), by, since)?;
        let html = py
            .detach(|| {
                let report = Report::new(&self.inner, &ask)?;
                let report = if forecast {
                    let forecaster =
                        convert::forecaster(&self.inner, ask.as_of(), seed, simulations);
                    report.forecaster(&forecaster)?
                } else {
                    report
                };
                Ok(report.to_html())
            })
            .py()?;
        convert::drawing(py, "Html", html)
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Register: {} files, {} goals>",
            self.inner.files().len(),
            self.inner.goals().len()
        )
    }
}

/// An iterator over a register's files.
#[pyclass(module = "codecision")]
pub struct Files {
    register: Arc<Register>,
    next: usize,
}

#[pymethods]
impl Files {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self) -> Option<File> {
        let file = self.register.files().get(self.next)?;
        self.next += 1;
        Some(File::of(&self.register, file))
    }
}

/// A legislative file of a register: its identity, its dated and sourced
/// events, and what it requires.
#[pyclass(module = "codecision", frozen)]
pub struct File {
    register: Arc<Register>,
    id: String,
}

impl File {
    fn of(register: &Arc<Register>, file: &LegislativeFile) -> Self {
        File {
            register: register.clone(),
            id: file.id().to_string(),
        }
    }

    fn file(&self) -> PyResult<&LegislativeFile> {
        // The register is immutable and holds the id: always there.
        self.register
            .file(&self.id)
            .ok_or_else(|| PyKeyError::new_err(self.id.clone()))
    }
}

#[pymethods]
impl File {
    /// The file's id in the register.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// Its title.
    #[getter]
    fn title(&self) -> PyResult<String> {
        Ok(self.file()?.title().to_string())
    }

    /// The interinstitutional procedure reference (`2016/0357(COD)`), if
    /// known.
    #[getter]
    fn procedure(&self) -> PyResult<Option<String>> {
        Ok(self.file()?.procedure().map(str::to_string))
    }

    /// The Commission's proposal (`COM(2016) 731`), if known.
    #[getter]
    fn proposal(&self) -> PyResult<Option<String>> {
        Ok(self.file()?.proposal().map(str::to_string))
    }

    /// The adopted act, if known.
    #[getter]
    fn act(&self) -> PyResult<Option<String>> {
        Ok(self.file()?.act().map(str::to_string))
    }

    /// The Parliament's lead committee, if known.
    #[getter]
    fn committee(&self) -> PyResult<Option<String>> {
        Ok(self.file()?.committee().map(str::to_string))
    }

    /// Its events, in register order.
    #[getter]
    fn events(&self) -> PyResult<Vec<Event>> {
        Ok(self.file()?.events().iter().map(Event::of).collect())
    }

    /// What it requires: the files (or goals) and the stage each must reach.
    #[getter]
    fn requires(&self) -> PyResult<Vec<Requirement>> {
        Ok(self
            .file()?
            .requirements()
            .iter()
            .map(Requirement::of)
            .collect())
    }

    /// The ids it is related to (links that do not block).
    #[getter]
    fn related(&self) -> PyResult<Vec<String>> {
        Ok(self.file()?.related().to_vec())
    }

    /// Its stage at the latest event, or `None` before any staged event.
    #[getter]
    fn stage(&self) -> PyResult<Option<&'static str>> {
        Ok(self.file()?.current_stage().map(|s| s.as_str()))
    }

    /// Its stage at `as_of` (a `datetime.date` or `'YYYY-MM-DD'`) and since
    /// when, as `(stage, since)`, or `None` before any staged event.
    #[pyo3(signature = (as_of = None))]
    fn stage_at(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<(&'static str, NaiveDate)>> {
        let as_of = convert::as_of(as_of)?;
        Ok(self
            .file()?
            .stage_at(as_of)
            .map(|at| (at.stage.as_str(), at.since)))
    }

    fn __repr__(&self) -> PyResult<String> {
        let file = self.file()?;
        Ok(format!(
            "<codecision.File {}: {}>",
            self.id,
            file.current_stage().map_or("no stage", |s| s.as_str())
        ))
    }
}

/// A goal of a register: a deadline and the files it needs.
#[pyclass(module = "codecision", frozen)]
pub struct Goal {
    register: Arc<Register>,
    id: String,
}

impl Goal {
    fn goal(&self) -> PyResult<&codecision::Goal> {
        self.register
            .goal(&self.id)
            .ok_or_else(|| PyKeyError::new_err(self.id.clone()))
    }
}

#[pymethods]
impl Goal {
    /// The goal's id in the register.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// What the goal is, in words.
    #[getter]
    fn title(&self) -> PyResult<String> {
        Ok(self.goal()?.title.clone())
    }

    /// When it must be met.
    #[getter]
    fn deadline(&self) -> PyResult<NaiveDate> {
        Ok(self.goal()?.deadline)
    }

    /// The files (or goals) it needs, and the stage each must reach.
    #[getter]
    fn requires(&self) -> PyResult<Vec<Requirement>> {
        Ok(self.goal()?.requires.iter().map(Requirement::of).collect())
    }

    /// The goal as a dict of the register format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, self.goal()?)
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "<codecision.Goal {}: by {}>",
            self.id,
            self.goal()?.deadline
        ))
    }
}

/// A dated event of a file: a stage reached, or information (`stage` is
/// `None`), with its source.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Event {
    /// When it happened.
    date: NaiveDate,
    /// The stage it records, or `None` for an informational event.
    stage: Option<&'static str>,
    /// Where it is recorded (a URL or reference), if given.
    source: Option<String>,
    /// A note, if given.
    note: Option<String>,
    /// The committee it concerns, if given.
    committee: Option<String>,
}

impl Event {
    pub(crate) fn of(event: &codecision::Event) -> Self {
        Event {
            date: event.date,
            stage: event.stage.map(|s| s.as_str()),
            source: event.source().map(str::to_string),
            note: event.note().map(str::to_string),
            committee: event.committee().map(str::to_string),
        }
    }
}

#[pymethods]
impl Event {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Event {} {}>",
            self.date,
            self.stage.unwrap_or("(information)")
        )
    }
}

/// A hard prerequisite: `file` must reach `stage`.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Requirement {
    /// The id of the required file (or goal).
    file: String,
    /// The stage it must reach.
    stage: &'static str,
}

impl Requirement {
    fn of(requirement: &codecision::Requirement) -> Self {
        Requirement {
            file: requirement.file.clone(),
            stage: requirement.stage.as_str(),
        }
    }
}

#[pymethods]
impl Requirement {
    fn __repr__(&self) -> String {
        format!("<codecision.Requirement {}: {}>", self.file, self.stage)
    }
}
