//! Topological order and the critical path of outstanding work.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::query::Ask;
use crate::register::Register;
use crate::stage::Stage;

/// Every file and goal, each after everything it requires: the answer of
/// [`Register::order`].
///
/// Serialises as the command line's `order` JSON: `order`, a list of
/// `{id, kind}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Order {
    /// Prerequisites first.
    pub order: Vec<OrderItem>,
}

/// One file or goal of an [`Order`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct OrderItem {
    /// Its id (shared with the register).
    pub id: std::sync::Arc<str>,
    /// `"file"` or `"goal"`.
    pub kind: &'static str,
}

impl Order {
    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(|item| &*item.id)
    }
}

/// The longest chain of outstanding work under a target: the answer of
/// [`Register::critical_path`] and the command line's `critical-path` JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CriticalPath {
    /// The target asked about.
    pub target: String,
    /// The deadline (the goal's, or the one given).
    pub deadline: NaiveDate,
    /// The date asked as of.
    pub as_of: NaiveDate,
    /// The total number of stages still to go along the chain.
    pub steps: u32,
    /// The chain, from the target down to the deepest prerequisite; every
    /// file on it is outstanding.
    pub chain: Vec<PathStep>,
}

/// One outstanding file on a critical path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PathStep {
    /// The file's id.
    pub file: String,
    /// Its stage at the cutoff.
    pub stage: Option<Stage>,
    /// The stage the target needs of it.
    pub required: Stage,
    /// How many stages it still has to go through to get there.
    pub steps: u32,
}

/// Stages still to go from `stage` to `required` along the main route
/// (proposal, both mandates, trilogue, agreement, adoption, entry into
/// force, application).
pub(crate) fn steps_to(stage: Option<Stage>, required: Stage, has_both_mandates: bool) -> u32 {
    let route = |s: Stage| -> u32 {
        match s {
            Stage::Proposal => 1,
            Stage::GeneralApproach | Stage::LibeVote => 2,
            Stage::Trilogue => 4,
            Stage::PoliticalAgreement => 5,
            Stage::Adoption => 6,
            Stage::EntryIntoForce => 7,
            Stage::Application => 8,
            _ => 0,
        }
    };
    let done = match stage {
        None => 0,
        Some(s) if s.is_terminal() => return 0,
        Some(s) if s.is_mandate() && has_both_mandates => 3,
        Some(s) => route(s),
    };
    route(required).saturating_sub(done).max(1)
}

impl Register {
    /// Every file and goal, each after everything it requires (prerequisites
    /// first): depth-first from each in register order, so a file's
    /// prerequisites come just before it.
    ///
    /// ```
    /// let register = codecision::Register::security_union();
    /// let order = register.order();
    /// let order: Vec<&str> = order.ids().collect();
    /// let at = |id| order.iter().position(|x| *x == id).unwrap();
    /// assert!(at("eu-lisa") < at("interop-borders-visa"));
    /// assert!(at("interop-borders-visa") < at("interoperability-2020"));
    /// ```
    pub fn order(&self) -> Order {
        let order = self
            .topological_nodes()
            .into_iter()
            .map(|n| OrderItem {
                id: self.shared_id(n),
                kind: match self.node_at(n) {
                    crate::register::FileOrGoal::File(_) => "file",
                    crate::register::FileOrGoal::Goal(_) => "goal",
                },
            })
            .collect();
        Order { order }
    }

    /// Every node, prerequisites first, ties in register order (the graph's
    /// one topological order); a register holds no cycle, so none is left
    /// out.
    pub(crate) fn topological_nodes(&self) -> Vec<u32> {
        let all = vec![true; self.node_count()];
        // A register holds no cycle (it is checked at load); register order
        // rather than a panic if one ever slipped through.
        self.graph()
            .prerequisites_first(&all)
            .unwrap_or_else(|| (0..self.node_count() as u32).collect())
    }

    /// The longest chain of outstanding files under `ask`'s target (by the
    /// number of stages still to go), as of its date, judged at
    /// `min(as_of, deadline)`: the sequence of work that must complete, one
    /// after the other, before the target can be met.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// let register = Register::security_union();
    /// let ask = Ask::new(parse_date("2017-06-01")?).target("interoperability-2020");
    /// let path = register.critical_path(&ask)?;
    /// assert_eq!(path.chain[0].file, "interop-borders-visa");
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`blockers`](Register::blockers).
    ///
    /// # Complexity
    ///
    /// Linear in the closure and its edges.
    pub fn critical_path(&self, ask: &Ask) -> Result<CriticalPath, Error> {
        let (target, by, as_of) = (
            ask.needs_target("critical-path")?,
            ask.deadline(),
            ask.as_of(),
        );
        let (answer, closure) = self.blockers_and_closure(target, by, as_of)?;
        let root = closure[0];
        let n = self.node_count();
        // Weight of each outstanding file: stages to go; and which blocker
        // each node is.
        let mut weight = vec![0u32; n];
        let mut blocker_at = vec![u32::MAX; n];
        for (i, b) in answer.blockers.iter().enumerate() {
            let node = b.node();
            let Some(file) = self.file_at(node) else {
                continue;
            };
            let both = file.reached(Stage::GeneralApproach, answer.cutoff)
                && file.reached(Stage::LibeVote, answer.cutoff);
            weight[node as usize] = steps_to(b.stage, b.required, both);
            blocker_at[node as usize] = i as u32;
        }
        // Longest path by weight from each node, prerequisites first
        // (reverse breadth-first order is not enough in a DAG).
        let mut best = vec![0u32; n];
        let mut next = vec![u32::MAX; n];
        let mut in_closure = vec![false; n];
        for &node in &closure {
            in_closure[node as usize] = true;
        }
        let order = self
            .graph()
            .prerequisites_first(&in_closure)
            .unwrap_or_default();
        for node in order {
            let mut tail = 0;
            for &(req, _) in self.graph().requires(node) {
                if best[req as usize] > tail {
                    tail = best[req as usize];
                    next[node as usize] = req;
                }
            }
            best[node as usize] = weight[node as usize] + tail;
        }
        let mut chain = Vec::new();
        let mut at = root;
        while at != u32::MAX {
            if weight[at as usize] > 0 {
                if let Some(b) = answer.blockers.get(blocker_at[at as usize] as usize) {
                    chain.push(PathStep {
                        file: b.file().to_string(),
                        stage: b.stage,
                        required: b.required,
                        steps: weight[at as usize],
                    });
                }
            }
            at = next[at as usize];
        }
        Ok(CriticalPath {
            target: target.to_string(),
            deadline: answer.deadline,
            as_of: answer.as_of,
            steps: best[root as usize],
            chain,
        })
    }
}
