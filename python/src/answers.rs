//! The answers of the queries as Python objects. Each holds the library's
//! answer and reads it: attributes convert a field (stages as the register
//! format's strings, dates as `datetime.date`); `to_dict()` is the answer's
//! `Serialize`, the command line's `--format json` document.

use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;

use codecision::Stage;

use crate::doc;

/// A stage as the register format's string (`None`: not proposed).
fn stage(s: Option<Stage>) -> Option<&'static str> {
    doc::Field::field(&s)
}

/// Python's index (negative from the end) into `len` rows.
fn index(i: isize, len: usize) -> PyResult<usize> {
    let at = if i < 0 { i + len as isize } else { i };
    if at < 0 || at as usize >= len {
        return Err(PyIndexError::new_err(format!(
            "index {i} out of range for {len} rows"
        )));
    }
    Ok(at as usize)
}

answer_class!(
    /// Which files block a target by its deadline, as of a date, and why: the
    /// answer of `Register.blockers`. Iterating gives the `Blocker`s, sorted by
    /// file id.
    Blockers(codecision::answer::Blockers), rows = "blockers", dates = []; fields {
    /// The goal or file asked about.
    target: &str,
    /// The deadline (the goal's, or the one given as `by`).
    deadline: NaiveDate,
    /// The date the question is asked as of.
    as_of: NaiveDate,
    /// The forecast chance that the target is met by its deadline, when
    /// asked for (`chances=True`).
    p_on_time: Option<f64>,
} {
    /// Whether the deadline has passed as of `as_of`: the blockers are then
    /// the files that missed it.
    #[getter]
    fn deadline_passed(&self) -> bool {
        self.inner.deadline_passed()
    }

    /// The blockers, sorted by file id.
    #[getter]
    fn blockers(&self) -> Vec<Blocker> {
        (0..self.inner.blockers.len())
            .map(|index| Blocker {
                answer: self.inner.clone(),
                index,
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.inner.blockers.len()
    }

    fn __getitem__(&self, i: isize) -> PyResult<Blocker> {
        Ok(Blocker {
            answer: self.inner.clone(),
            index: index(i, self.inner.blockers.len())?,
        })
    }

    fn __iter__(&self) -> BlockerIter {
        BlockerIter {
            answer: self.inner.clone(),
            next: 0,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Blockers of {} by {} as of {}: {} blockers>",
            self.inner.target,
            self.inner.deadline,
            self.inner.as_of,
            self.inner.blockers.len()
        )
    }
});

/// An iterator over the blockers of an answer.
#[pyclass(module = "codecision")]
pub struct BlockerIter {
    answer: Arc<codecision::answer::Blockers>,
    next: usize,
}

#[pymethods]
impl BlockerIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self) -> Option<Blocker> {
        if self.next >= self.answer.blockers.len() {
            return None;
        }
        self.next += 1;
        Some(Blocker {
            answer: self.answer.clone(),
            index: self.next - 1,
        })
    }
}

/// A file that has not reached the stage the target needs by the deadline,
/// with the chain of `requires` that makes it a blocker.
#[pyclass(module = "codecision", frozen)]
pub struct Blocker {
    answer: Arc<codecision::answer::Blockers>,
    index: usize,
}

impl Blocker {
    fn get(&self) -> &codecision::answer::Blocker {
        &self.answer.blockers[self.index]
    }
}

#[pymethods]
impl Blocker {
    /// The file's id.
    #[getter]
    fn file(&self) -> &str {
        self.get().file()
    }

    /// Its stage at the cutoff (`None`: not even proposed).
    #[getter]
    fn stage(&self) -> Option<&'static str> {
        stage(self.get().stage)
    }

    /// The highest stage the target's `requires` ask of it.
    #[getter]
    fn required(&self) -> &'static str {
        self.get().required.as_str()
    }

    /// Since when it has been at its stage.
    #[getter]
    fn since(&self) -> Option<NaiveDate> {
        self.get().since
    }

    /// The forecast chance it reaches `required` by the deadline, when
    /// asked for (`chances=True`).
    #[getter]
    fn p_by_deadline(&self) -> Option<f64> {
        self.get().p_by_deadline
    }

    /// One shortest chain of `requires` from the target to the file, the
    /// target first, the file last.
    #[getter]
    fn path(&self) -> Vec<&str> {
        self.get().path()
    }

    /// The number of `requires` links from the target.
    #[getter]
    fn depth(&self) -> usize {
        self.get().depth()
    }

    /// The next file towards the target on the path (`None` when the
    /// target requires it directly).
    #[getter]
    fn via(&self) -> Option<&str> {
        self.get().via()
    }

    /// Its entry of the command line's `blockers` JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::dict(py, self.get())
    }

    fn __repr__(&self) -> String {
        let b = self.get();
        format!(
            "<codecision.Blocker {}: {}, needs {}>",
            b.file(),
            b.stage.map_or("not proposed", |s| s.as_str()),
            b.required
        )
    }
}

answer_class!(
    /// What a file is waiting for at a date: the prerequisites it misses, the
    /// stages that may come next and those held back. The answer of
    /// `Register.waiting`.
    Waiting(codecision::answer::Waiting); fields {
    /// The file asked about.
    file: &str,
    /// The date asked as of.
    as_of: NaiveDate,
    /// Its stage at `as_of` (`None`: no staged event yet).
    stage: Option<&'static str>,
    /// Since when it has been at that stage.
    since: Option<NaiveDate>,
} {
    /// The prerequisites it lacks, as blockers of the file.
    #[getter]
    fn missing(&self) -> Vec<Missing> {
        self.inner.missing.iter().map(Missing::of).collect()
    }

    /// The stages the transition table allows next, with the rule of each.
    #[getter]
    fn next(&self) -> Vec<NextStage> {
        self.inner.next.iter().map(NextStage::of).collect()
    }

    /// The stages the table would allow but whose condition is not met yet.
    #[getter]
    fn held_back(&self) -> Vec<NextStage> {
        self.inner.held_back.iter().map(NextStage::of).collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Waiting {} as of {}: {}, {} missing, {} next>",
            self.inner.file,
            self.inner.as_of,
            self.inner.stage.map_or("no stage", |s| s.as_str()),
            self.inner.missing.len(),
            self.inner.next.len()
        )
    }
});

/// A prerequisite a file lacks: `file` has not reached `required`.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Missing {
    /// The prerequisite's id.
    file: String,
    /// Its stage (`None`: not proposed).
    stage: Option<&'static str>,
    /// The stage it must reach.
    required: &'static str,
    /// The chain of `requires` from the file asked about to it.
    path: Vec<String>,
}

impl Missing {
    fn of(b: &codecision::answer::Blocker) -> Self {
        Missing {
            file: b.file().to_string(),
            stage: stage(b.stage),
            required: b.required.as_str(),
            path: b.path().into_iter().map(str::to_string).collect(),
        }
    }
}

#[pymethods]
impl Missing {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Missing {}: needs {}>",
            self.file, self.required
        )
    }
}

/// A stage that may come next, with the rule of the transition table that
/// allows it and the rule's condition.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct NextStage {
    /// The stage.
    stage: &'static str,
    /// The rule's name.
    rule: &'static str,
    /// The rule's condition, in words.
    condition: &'static str,
}

impl NextStage {
    fn of(n: &codecision::answer::NextStage) -> Self {
        NextStage {
            stage: n.stage.as_str(),
            rule: n.rule,
            condition: n.condition,
        }
    }
}

#[pymethods]
impl NextStage {
    fn __repr__(&self) -> String {
        format!("<codecision.NextStage {} ({})>", self.stage, self.rule)
    }
}

answer_class!(
    /// The longest chain of unmet `requires` below a target: the answer of
    /// `Register.critical_path`. Iterating gives its `PathStep`s, target side
    /// first.
    CriticalPath(codecision::answer::CriticalPath), rows = "chain", dates = []; fields {
    /// The goal or file asked about.
    target: &str,
    /// Its deadline.
    deadline: NaiveDate,
    /// The date asked as of.
    as_of: NaiveDate,
    /// The number of stages still to pass along the chain.
    steps: u32,
} {
    /// The chain, target side first.
    #[getter]
    fn chain(&self) -> Vec<PathStep> {
        self.inner.chain.iter().map(PathStep::of).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.chain.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::list(py, self.chain())?.try_iter().map(Bound::into_any)
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.CriticalPath of {} as of {}: {} files, {} steps>",
            self.inner.target,
            self.inner.as_of,
            self.inner.chain.len(),
            self.inner.steps
        )
    }
});

/// One file of a critical path: where it stands, what it must reach, and
/// the stages between.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct PathStep {
    /// The file's id.
    file: String,
    /// Its stage (`None`: not proposed).
    stage: Option<&'static str>,
    /// The stage it must reach.
    required: &'static str,
    /// The stages it still has to pass.
    steps: u32,
}

impl PathStep {
    fn of(p: &codecision::answer::PathStep) -> Self {
        PathStep {
            file: p.file.clone(),
            stage: stage(p.stage),
            required: p.required.as_str(),
            steps: p.steps,
        }
    }
}

#[pymethods]
impl PathStep {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.PathStep {}: {} -> {}>",
            self.file,
            self.stage.unwrap_or("not proposed"),
            self.required
        )
    }
}

answer_class!(
    /// What moved between two dates: the files that changed stage, those that
    /// did not for long, and, for a target, how its verdict changed. The answer
    /// of `Register.changes`.
    Changes(codecision::answer::Changes), rows = "moved", dates = []; fields {
    /// The start of the window (excluded).
    since: NaiveDate,
    /// The end of the window (included).
    as_of: NaiveDate,
} {
    /// The files that changed stage in the window.
    #[getter]
    fn moved(&self, py: Python<'_>) -> PyResult<Vec<Moved>> {
        self.inner.moved.iter().map(|m| Moved::of(py, m)).collect()
    }

    /// The open files that did not move in the window.
    #[getter]
    fn stuck(&self) -> Vec<Stuck> {
        self.inner.stuck.iter().map(Stuck::of).collect()
    }

    /// How the target's verdict changed, when a target was asked about.
    #[getter]
    fn target(&self, py: Python<'_>) -> PyResult<Option<TargetChanges>> {
        self.inner
            .target
            .as_ref()
            .map(|t| TargetChanges::of(py, t))
            .transpose()
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Changes from {} to {}: {} moved, {} stuck>",
            self.inner.since,
            self.inner.as_of,
            self.inner.moved.len(),
            self.inner.stuck.len()
        )
    }
});

/// A file that changed stage in the window, with the events that moved it.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Moved {
    /// The file's id.
    file: String,
    /// Its stage at the start of the window.
    from_stage: Option<&'static str>,
    /// Its stage at the end.
    to_stage: Option<&'static str>,
    /// The staged events of the window, in date order.
    events: Vec<Py<crate::register::Event>>,
}

impl Moved {
    fn of(py: Python<'_>, m: &codecision::answer::Moved) -> PyResult<Self> {
        Ok(Moved {
            file: m.file.clone(),
            from_stage: stage(m.from),
            to_stage: stage(m.to),
            events: m
                .events
                .iter()
                .map(|e| Py::new(py, crate::register::Event::of(e)))
                .collect::<PyResult<_>>()?,
        })
    }
}

#[pymethods]
impl Moved {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Moved {}: {} -> {}>",
            self.file,
            self.from_stage.unwrap_or("no stage"),
            self.to_stage.unwrap_or("no stage")
        )
    }
}

/// An open file that did not move in the window.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Stuck {
    /// The file's id.
    file: String,
    /// Its stage.
    stage: &'static str,
    /// When it last moved.
    last_moved: NaiveDate,
    /// Days since then, at the end of the window.
    days: i64,
}

impl Stuck {
    fn of(s: &codecision::answer::Stuck) -> Self {
        Stuck {
            file: s.file.clone(),
            stage: s.stage.as_str(),
            last_moved: s.last_moved,
            days: s.days,
        }
    }
}

#[pymethods]
impl Stuck {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Stuck {}: {} for {} days>",
            self.file, self.stage, self.days
        )
    }
}

/// How a target's verdict changed in the window.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct TargetChanges {
    /// The goal or file.
    target: String,
    /// Its deadline.
    deadline: NaiveDate,
    /// The verdict at the start of the window.
    before: Py<Verdict>,
    /// The verdict at the end.
    after: Py<Verdict>,
    /// The files that stopped blocking it.
    cleared: Vec<Py<Cleared>>,
    /// The files that became blockers.
    became_blockers: Vec<Py<BecameBlocker>>,
    /// The forecast chance of meeting the deadline at each end of the
    /// window, as `(before, after)`, when it was asked for.
    p_on_time: Option<(f64, f64)>,
}

impl TargetChanges {
    fn of(py: Python<'_>, t: &codecision::answer::TargetChanges) -> PyResult<Self> {
        let verdict = |v: &codecision::answer::Verdict| {
            Py::new(
                py,
                Verdict {
                    as_of: v.as_of,
                    state: v.state.as_str(),
                    blockers: v.blockers.clone(),
                },
            )
        };
        let cleared = |c: &codecision::answer::Cleared| {
            Py::new(
                py,
                Cleared {
                    file: c.file.clone(),
                    required: c.required.as_str(),
                    on: c.on,
                },
            )
        };
        let became = |b: &codecision::answer::BecameBlocker| {
            Py::new(
                py,
                BecameBlocker {
                    file: b.file.clone(),
                    required: b.required.as_str(),
                    stage: stage(b.stage),
                    reason: b.reason.as_str(),
                    path: b.path.clone(),
                    via: b.via.clone(),
                    depth: b.depth,
                },
            )
        };
        Ok(TargetChanges {
            target: t.target.clone(),
            deadline: t.deadline,
            before: verdict(&t.before)?,
            after: verdict(&t.after)?,
            cleared: t.cleared.iter().map(cleared).collect::<PyResult<_>>()?,
            became_blockers: t
                .became_blockers
                .iter()
                .map(became)
                .collect::<PyResult<_>>()?,
            p_on_time: t.p_on_time.map(|p| (p.before, p.after)),
        })
    }
}

#[pymethods]
impl TargetChanges {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.TargetChanges {} by {}>",
            self.target, self.deadline
        )
    }
}

/// A target's verdict at a date: `met`, `open` or `missed`, and the files
/// blocking it.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Verdict {
    /// The date.
    as_of: NaiveDate,
    /// `met`, `open` or `missed`.
    state: &'static str,
    /// The ids of the files blocking it.
    blockers: Vec<String>,
}

#[pymethods]
impl Verdict {
    fn __repr__(&self) -> String {
        format!("<codecision.Verdict {} as of {}>", self.state, self.as_of)
    }
}

/// A file that stopped blocking the target in the window.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct Cleared {
    /// The file's id.
    file: String,
    /// The stage the target needs of it.
    required: &'static str,
    /// The day it got there.
    on: NaiveDate,
}

#[pymethods]
impl Cleared {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.Cleared {}: {} on {}>",
            self.file, self.required, self.on
        )
    }
}

/// A file that became a blocker of the target in the window.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct BecameBlocker {
    /// The file's id.
    file: String,
    /// The stage the target needs of it.
    required: &'static str,
    /// Its stage at the end of the window.
    stage: Option<&'static str>,
    /// Why it counts as new: `new_prerequisite` or `deadline_passed`.
    reason: &'static str,
    /// One shortest chain of `requires` from the target (`None` past the
    /// length the JSON carries).
    path: Option<Vec<String>>,
    /// The next file towards the target.
    via: Option<String>,
    /// The `requires` links from the target.
    depth: usize,
}

#[pymethods]
impl BecameBlocker {
    fn __repr__(&self) -> String {
        format!("<codecision.BecameBlocker {} ({})>", self.file, self.reason)
    }
}

answer_class!(
    /// The stage of files at a date, and since when: the answer of
    /// `Register.status`. Iterating gives a `FileStatus` per file.
    Status(codecision::answer::Status), rows = "files", dates = ["since"]; fields {
    /// The date asked as of.
    as_of: NaiveDate,
} {
    /// Each file's status, in register order (or the order asked).
    #[getter]
    fn files(&self) -> Vec<FileStatus> {
        (0..self.inner.files.len()).map(|i| self.row(i)).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.files.len()
    }

    fn __getitem__(&self, i: isize) -> PyResult<FileStatus> {
        Ok(self.row(index(i, self.inner.files.len())?))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::list(py, self.files())?.try_iter().map(Bound::into_any)
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Status as of {}: {} files>",
            self.inner.as_of,
            self.inner.files.len()
        )
    }
});

impl Status {
    fn row(&self, index: usize) -> FileStatus {
        let f = &self.inner.files[index];
        FileStatus {
            id: f.id.to_string(),
            stage: stage(f.stage),
            since: f.since,
        }
    }
}

/// A file's stage at a date, and since when.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct FileStatus {
    /// The file's id.
    id: String,
    /// Its stage (`None`: no staged event yet).
    stage: Option<&'static str>,
    /// The date of the earliest event recording that stage.
    since: Option<NaiveDate>,
}

#[pymethods]
impl FileStatus {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.FileStatus {}: {}>",
            self.id,
            self.stage.unwrap_or("no stage")
        )
    }
}

answer_class!(
    /// The goals a file holds up, as of a date: the answer of
    /// `Register.impact`. Iterating gives a `GoalImpact` per goal.
    Impact(codecision::answer::Impact), rows = "goals", dates = ["deadline"]; fields {
    /// The file asked about.
    file: &str,
    /// The date asked as of.
    as_of: NaiveDate,
} {
    /// The goals that need the file.
    #[getter]
    fn goals(&self) -> Vec<GoalImpact> {
        self.inner
            .goals
            .iter()
            .map(|g| GoalImpact {
                goal: g.goal.clone(),
                deadline: g.deadline,
                required: g.required.as_str(),
                blocking: g.blocking,
                path: g.path.clone(),
            })
            .collect()
    }

    fn __len__(&self) -> usize {
        self.inner.goals.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        doc::list(py, self.goals())?.try_iter().map(Bound::into_any)
    }

    fn __repr__(&self) -> String {
        format!(
            "<codecision.Impact of {} as of {}: {} goals>",
            self.inner.file,
            self.inner.as_of,
            self.inner.goals.len()
        )
    }
});

/// A goal that needs a file: the stage it needs, whether the file blocks
/// it, and the chain of `requires` from the goal to the file.
#[pyclass(module = "codecision", frozen, get_all)]
pub struct GoalImpact {
    /// The goal's id.
    goal: String,
    /// Its deadline.
    deadline: NaiveDate,
    /// The stage it needs of the file.
    required: &'static str,
    /// Whether the file blocks it as of the date.
    blocking: bool,
    /// The chain of `requires`, the goal first, the file last.
    path: Vec<String>,
}

#[pymethods]
impl GoalImpact {
    fn __repr__(&self) -> String {
        format!(
            "<codecision.GoalImpact {}: needs {}{}>",
            self.goal,
            self.required,
            if self.blocking { ", blocking" } else { "" }
        )
    }
}
