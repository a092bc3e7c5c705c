//! Blockers of a goal or a file by a deadline, as of a date, with the chain
//! of `requires` that makes each one a blocker.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::query::needs::{Closure, Horizon, ROOT, UNSEEN, deadline_passed};
use crate::register::Register;
use crate::stage::Stage;

/// The answer to "which files block TARGET by DEADLINE, as of AS_OF?".
///
/// Serialises as the command line's `blockers` JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blockers {
    /// The goal or file asked about.
    pub target: String,
    /// The deadline (the goal's, or the one given).
    pub deadline: NaiveDate,
    /// The date the question is asked as of: only events dated on or before
    /// it are known.
    pub as_of: NaiveDate,
    /// `min(as_of, deadline)`: the date stages are judged at.
    #[serde(skip)]
    pub cutoff: NaiveDate,
    /// The blockers, sorted by file id.
    pub blockers: Vec<Blocker>,
}

/// One file that has not reached the stage the target needs by the cutoff.
///
/// Serialises as one entry of the command line's `blockers` JSON: `file`,
/// `required`, `stage` and `path`.
#[derive(Clone)]
pub struct Blocker {
    /// The highest stage any `requires` edge in the closure asks of it.
    pub required: Stage,
    /// Its stage at the cutoff (`None`: not even proposed).
    pub stage: Option<Stage>,
    /// Since when it has been at that stage.
    pub since: Option<NaiveDate>,
    chain: Chain,
}

/// The breadth-first tree of one query, shared by all its blockers, so that
/// a chain costs nothing until it is asked for.
struct Tree {
    parent: Vec<u32>,
    ids: Arc<[Arc<str>]>,
}

#[derive(Clone)]
struct Chain {
    tree: Arc<Tree>,
    node: u32,
}

impl Blockers {
    /// Whether the deadline has passed as of `as_of` (`as_of >= deadline`):
    /// the answer is then settled, and the blockers are the files that
    /// missed the deadline.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// let register = Register::security_union();
    /// let d = |s| parse_date(s).unwrap();
    /// assert!(!register.blockers("interoperability-2020", None, d("2020-12-30"))?.deadline_passed());
    /// assert!(register.blockers("interoperability-2020", None, d("2020-12-31"))?.deadline_passed());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn deadline_passed(&self) -> bool {
        deadline_passed(self.deadline, self.as_of)
    }
}

impl Blocker {
    /// The file's id.
    pub fn file(&self) -> &str {
        &self.chain.tree.ids[self.chain.node as usize]
    }

    /// The file's node in the register.
    pub(crate) fn node(&self) -> u32 {
        self.chain.node
    }

    /// One shortest chain of `requires` from the target to the file, target
    /// first and the file last: why it blocks.
    ///
    /// # Complexity
    ///
    /// O(length of the chain); chains are built only when asked for, so a
    /// query over a large closure does not pay for every chain.
    pub fn path(&self) -> Vec<&str> {
        let tree = &*self.chain.tree;
        let up = || {
            let mut at = self.chain.node;
            std::iter::from_fn(move || {
                let node = at;
                (node != ROOT && node != UNSEEN).then(|| {
                    at = tree.parent[node as usize];
                    node
                })
            })
        };
        // Filled from the end, in a vector of the right size from the start.
        let mut chain = vec![""; up().count()];
        for (slot, at) in chain.iter_mut().rev().zip(up()) {
            *slot = &*tree.ids[at as usize];
        }
        chain
    }
}

impl PartialEq for Blocker {
    fn eq(&self, other: &Self) -> bool {
        self.file() == other.file()
            && self.required == other.required
            && self.stage == other.stage
            && self.since == other.since
            && self.path() == other.path()
    }
}

impl Eq for Blocker {}

impl fmt::Debug for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocker")
            .field("file", &self.file())
            .field("required", &self.required)
            .field("stage", &self.stage)
            .field("since", &self.since)
            .field("path", &self.path())
            .finish()
    }
}

impl Serialize for Blocker {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Blocker", 4)?;
        out.serialize_field("file", self.file())?;
        out.serialize_field("required", &self.required)?;
        out.serialize_field("stage", &self.stage)?;
        out.serialize_field("path", &self.path())?;
        out.end()
    }
}

impl Register {
    /// The files that block `target` by a deadline, as of a date, exactly as
    /// the register format defines them.
    ///
    /// 1. The closure is every file reachable from `target` through
    ///    `requires`, the target included when it is a file. Each file in it
    ///    is asked for the highest stage any `requires` edge into it names
    ///    (`entry_into_force` for the target file itself).
    /// 2. Only events dated on or before `as_of` are known; stages are judged
    ///    at `cutoff = min(as_of, deadline)`.
    /// 3. A file of the closure is a blocker when it has not reached its
    ///    required stage by the cutoff.
    ///
    /// `by` is the deadline; it defaults to the goal's and must be given for
    /// a file. Blockers are sorted by id, each with its stage at the cutoff
    /// and one shortest `requires` chain from the target.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// let register = Register::security_union();
    /// let answer = register.blockers("interoperability-2020", None, parse_date("2018-01-24")?)?;
    /// let etias = answer.blockers.iter().find(|b| b.file() == "etias").unwrap();
    /// assert_eq!(etias.stage, Some(codecision::Stage::Trilogue));
    /// println!("{}", etias.path().join(" -> "));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] (with a suggestion) for an unknown target;
    /// [`Error::MissingDeadline`] for a file target without `by`.
    ///
    /// # Complexity
    ///
    /// Linear in the closure and its edges: each file's check is O(1)
    /// ([`reached`](crate::LegislativeFile::reached)) and its stage a binary
    /// search over its own staged events; no event is scanned.
    pub fn blockers(
        &self,
        target: &str,
        by: Option<NaiveDate>,
        as_of: NaiveDate,
    ) -> Result<Blockers, Error> {
        self.blockers_and_closure(target, by, as_of)
            .map(|(answer, _)| answer)
    }

    /// [`blockers`](Register::blockers), with the closure's nodes in
    /// breadth-first order (the target first) for queries built on it.
    pub(crate) fn blockers_and_closure(
        &self,
        target: &str,
        by: Option<NaiveDate>,
        as_of: NaiveDate,
    ) -> Result<(Blockers, Vec<u32>), Error> {
        let node = self.index_of(target)?;
        let deadline = self.required_deadline(node, by)?;
        let needs = self.needs(
            node,
            Horizon {
                deadline: Some(deadline),
                as_of,
            },
        );
        let cutoff = needs.horizon.cutoff();
        // Each blocker is read once, while its data is at hand: its stage.
        let mut found: Vec<(u32, Stage, Option<crate::StageAt>)> = needs
            .missing(self)
            .map(|n| (n.node, n.required, n.file.stage_at(cutoff)))
            .collect();
        let Closure { order, parent, .. } = needs.closure;
        self.sort_by_id(&mut found, |&(n, _, _)| n);
        let tree = Arc::new(Tree {
            parent,
            ids: self.shared_ids(),
        });
        let blockers = found
            .into_iter()
            .map(|(n, required, at)| Blocker {
                required,
                stage: at.map(|s| s.stage),
                since: at.map(|s| s.since),
                chain: Chain {
                    tree: Arc::clone(&tree),
                    node: n,
                },
            })
            .collect();
        let answer = Blockers {
            target: target.to_string(),
            deadline,
            as_of,
            cutoff,
            blockers,
        };
        Ok((answer, order))
    }
}
