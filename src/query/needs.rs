//! The one query core: what a target needs, by when, and which of it is
//! missing. Blockers, waiting, impact, the critical path, the schedule, the
//! report and the forecasts of a goal all ask it, so the register format's
//! definition of a blocker (closure, required stage, deadline, cutoff) is
//! written here once.

use chrono::NaiveDate;

use crate::error::Error;
use crate::file::LegislativeFile;
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// When a question is asked: the deadline (if any) and the date it is asked
/// as of. Only events dated on or before `as_of` are known; stages are
/// judged at the [cutoff](Horizon::cutoff).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Horizon {
    /// The deadline; `None` for a file asked about without one (the
    /// schedule's case), judged as of `as_of`.
    pub deadline: Option<NaiveDate>,
    /// The date the question is asked as of.
    pub as_of: NaiveDate,
}

impl Horizon {
    /// `min(as_of, deadline)`, or `as_of` without a deadline: the date
    /// stages are judged at.
    pub fn cutoff(self) -> NaiveDate {
        self.deadline.map_or(self.as_of, |d| d.min(self.as_of))
    }
}

/// Whether `deadline` has passed as of `as_of`: `as_of >= deadline`. From
/// then on the cutoff is the deadline itself, nothing dated later counts, so
/// the answer is settled: the blockers are the files that missed it and the
/// chance of meeting it is 1 or 0. The one statement of the rule; the answer
/// types ([`Blockers`](crate::answer::Blockers),
/// [`TargetForecast`](crate::forecast::TargetForecast)) ask it.
pub(crate) fn deadline_passed(deadline: NaiveDate, as_of: NaiveDate) -> bool {
    as_of >= deadline
}

/// The closure of a target through `requires`: who is in it, what each file
/// is asked for, and the breadth-first tree that gives shortest chains.
pub(crate) struct Closure {
    /// Nodes in breadth-first order, the target first.
    pub order: Vec<u32>,
    /// `parent[n]` is the node through which `n` was first reached
    /// (`UNSEEN` if outside the closure, `ROOT` for the target).
    pub parent: Vec<u32>,
    /// The highest stage asked of each file in the closure.
    pub need: Vec<Option<Stage>>,
}

/// `parent` of a node outside the closure.
pub(crate) const UNSEEN: u32 = u32::MAX;
/// `parent` of the target.
pub(crate) const ROOT: u32 = u32::MAX - 1;

impl Closure {
    /// The chain of ids from the target to `node`.
    pub(crate) fn path(&self, register: &Register, node: u32) -> Vec<String> {
        let mut chain = Vec::new();
        let mut at = node;
        while at != ROOT && at != UNSEEN {
            chain.push(register.node_id(at).to_string());
            at = self.parent[at as usize];
        }
        chain.reverse();
        chain
    }
}

/// What a target needs by a horizon: its closure, and for each file of it
/// the stage required and whether it is missing (a blocker).
pub(crate) struct Needs {
    /// The deadline and the date asked as of.
    pub horizon: Horizon,
    /// The target's closure through `requires`.
    pub closure: Closure,
}

/// One file a target needs.
#[derive(Clone, Copy)]
pub(crate) struct Need<'r> {
    /// Its node.
    pub node: u32,
    /// The file.
    pub file: &'r LegislativeFile,
    /// The highest stage the closure asks of it.
    pub required: Stage,
    /// Whether it had not reached `required` by the cutoff: a blocker.
    pub missing: bool,
}

impl Needs {
    /// What the target needs of `node`, if it is a file of the closure.
    pub fn of<'r>(&self, register: &'r Register, node: u32) -> Option<Need<'r>> {
        let file = register.file_at(node)?;
        let required = self.closure.need[node as usize]?;
        Some(Need {
            node,
            file,
            required,
            missing: !file.reached(required, self.horizon.cutoff()),
        })
    }

    /// Every file of the closure, in breadth-first order (the target first
    /// when it is a file). (The forecasts' alone.)
    #[cfg_attr(not(feature = "forecast"), allow(dead_code))]
    pub fn files<'a, 'r: 'a>(
        &'a self,
        register: &'r Register,
    ) -> impl Iterator<Item = Need<'r>> + 'a {
        self.closure
            .order
            .iter()
            .filter_map(move |&n| self.of(register, n))
    }

    /// `node` if it is a blocker: a file of the closure missing its stage.
    pub fn missing_at<'r>(&self, register: &'r Register, node: u32) -> Option<Need<'r>> {
        self.of(register, node).filter(|need| need.missing)
    }
}

impl Register {
    /// The deadline of a question about `node`: `by` when given, else the
    /// goal's; `None` for a file asked about without `by`. The schedule
    /// takes that as "judged as of `as_of`"; questions that need a deadline
    /// ask [`required_deadline`](Register::required_deadline).
    pub(crate) fn deadline_of(&self, node: u32, by: Option<NaiveDate>) -> Option<NaiveDate> {
        by.or(match self.node_at(node) {
            FileOrGoal::Goal(goal) => Some(goal.deadline),
            FileOrGoal::File(_) => None,
        })
    }

    /// [`deadline_of`](Register::deadline_of), for the questions that need
    /// one (blockers, the critical path, a goal's forecast).
    ///
    /// # Errors
    ///
    /// [`Error::MissingDeadline`] for a file asked about without `by`.
    pub(crate) fn required_deadline(
        &self,
        node: u32,
        by: Option<NaiveDate>,
    ) -> Result<NaiveDate, Error> {
        self.deadline_of(node, by)
            .ok_or_else(|| Error::MissingDeadline {
                target: self.node_id(node).to_string(),
            })
    }

    /// What the target at `node` needs by `horizon`, and which of it is
    /// missing, exactly as the register format defines blockers:
    ///
    /// 1. the closure is every file reachable from the target through
    ///    `requires`, the target included when it is a file; each is asked
    ///    for the highest stage any `requires` edge into it names
    ///    (`entry_into_force` for the target file itself);
    /// 2. stages are judged at the horizon's cutoff;
    /// 3. a file of the closure is missing when it has not reached its
    ///    required stage by the cutoff.
    ///
    /// # Complexity
    ///
    /// O(closure + its edges) for the walk, plus one zeroed array per node
    /// of the register for the marks; each file's check is then O(1).
    pub(crate) fn needs(&self, target: u32, horizon: Horizon) -> Needs {
        Needs {
            horizon,
            closure: self.closure(target),
        }
    }

    /// Breadth-first walk of `requires` from `target`.
    ///
    /// # Complexity
    ///
    /// O(closure + its edges), plus one zeroed array per node of the
    /// register for the visit marks.
    pub(crate) fn closure(&self, target: u32) -> Closure {
        let n = self.node_count();
        let mut parent = vec![UNSEEN; n];
        let mut need: Vec<Option<Stage>> = vec![None; n];
        // `order` is the breadth-first queue itself: nodes are appended as
        // they are found and visited in that order.
        let mut order = vec![target];
        parent[target as usize] = ROOT;
        if self.file_at(target).is_some() {
            need[target as usize] = Some(Stage::EntryIntoForce);
        }
        let mut visit = 0;
        while let Some(&node) = order.get(visit) {
            visit += 1;
            for &(next, stage) in self.graph().requires(node) {
                let slot = &mut need[next as usize];
                if slot.is_none_or(|s| higher(stage, s)) {
                    *slot = Some(stage);
                }
                if parent[next as usize] == UNSEEN {
                    parent[next as usize] = node;
                    order.push(next);
                }
            }
        }
        Closure {
            order,
            parent,
            need,
        }
    }
}

/// Whether `a` asks more than `b`: higher rank; between the two mandates
/// (same rank), the later in [`Stage`] order, so the answer never depends on
/// the order edges are met.
fn higher(a: Stage, b: Stage) -> bool {
    (a.rank(), a) > (b.rank(), b)
}
