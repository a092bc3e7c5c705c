//! Blockers of a goal or a file by a deadline, as of a date, with the chain
//! of `requires` that makes each one a blocker.

use std::fmt;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::query::needs::{Closure, Horizon, ROOT, UNSEEN, deadline_passed};
use crate::query::{Ask, VerdictState};
use crate::register::Register;
use crate::stage::Stage;

/// The answer to "which files block TARGET by DEADLINE, as of AS_OF?".
///
/// Serialises as the command line's `blockers` JSON; with the forecast's
/// chances (`forecast::Forecaster::chances`,
/// `blockers --chances`) each blocker has `p_by_deadline` and the answer
/// ends with `p_on_time`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
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
    /// The forecast chance that the target is met by its deadline, when
    /// asked for; settled (1 or 0) once the deadline has passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p_on_time: Option<f64>,
}

/// One file that has not reached the stage the target needs by the cutoff.
///
/// Serialises as one entry of the command line's `blockers` JSON: `file`,
/// `required`, `stage` and `path`.
#[derive(Clone)]
#[non_exhaustive]
pub struct Blocker {
    /// The highest stage any `requires` edge in the closure asks of it.
    pub required: Stage,
    /// Its stage at the cutoff (`None`: not even proposed).
    pub stage: Option<Stage>,
    /// Since when it has been at that stage.
    pub since: Option<NaiveDate>,
    /// The forecast chance that it reaches `required` by the deadline,
    /// when chances were asked for and the deadline is ahead.
    pub p_by_deadline: Option<f64>,
    chain: Chain,
}

/// The breadth-first tree of one query, shared by all its blockers, so that
/// a chain costs nothing until it is asked for.
struct Tree {
    /// The target's node.
    root: u32,
    parent: Vec<u32>,
    ids: Arc<[Arc<str>]>,
    /// Each node's number of `requires` links from the target, worked out
    /// for the whole tree the first time one is asked for.
    depth: OnceLock<Vec<u32>>,
}

impl Tree {
    /// The depths of every node of the tree: each node's chain is walked up
    /// only to the first node whose depth is known, so the whole is linear.
    fn depths(&self) -> &[u32] {
        self.depth.get_or_init(|| {
            const UNKNOWN: u32 = u32::MAX;
            let mut depth = vec![UNKNOWN; self.parent.len()];
            let mut stack = Vec::new();
            for start in 0..self.parent.len() as u32 {
                let mut at = start;
                while at != ROOT && at != UNSEEN && depth[at as usize] == UNKNOWN {
                    stack.push(at);
                    at = self.parent[at as usize];
                }
                // The target's parent is ROOT; a node outside the tree has
                // parent UNSEEN and no depth.
                let mut d = match at {
                    ROOT => 0,
                    UNSEEN => {
                        stack.clear();
                        continue;
                    }
                    known => depth[known as usize] + 1,
                };
                while let Some(n) = stack.pop() {
                    depth[n as usize] = d;
                    d += 1;
                }
            }
            depth
        })
    }
}

#[derive(Clone)]
struct Chain {
    tree: Arc<Tree>,
    node: u32,
    /// Whether JSON carries the whole path however long it is.
    full: bool,
}

impl Blockers {
    /// Met (nothing blocks), open (blockers, deadline not passed) or missed
    /// (blockers when the deadline passed).
    pub fn state(&self) -> VerdictState {
        match (self.blockers.is_empty(), self.deadline_passed()) {
            (true, _) => VerdictState::Met,
            (false, false) => VerdictState::Open,
            (false, true) => VerdictState::Missed,
        }
    }

    /// Whether the deadline has passed as of `as_of` (`as_of >= deadline`):
    /// the answer is then settled, and the blockers are the files that
    /// missed the deadline.
    ///
    /// ```
    /// use codecision::{Ask, Register, parse_date};
    /// let register = Register::security_union();
    /// let ask = |s| Ask::new(parse_date(s).unwrap()).target("interoperability-2020");
    /// assert!(!register.blockers(&ask("2020-12-30"))?.deadline_passed());
    /// assert!(register.blockers(&ask("2020-12-31"))?.deadline_passed());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn deadline_passed(&self) -> bool {
        deadline_passed(self.deadline, self.as_of)
    }

    /// The same answer, whose JSON gives every blocker its whole `path`
    /// however deep (see [`Blocker::PATH_LIMIT`]): a document quadratic in
    /// the depth of the register, for those who ask.
    #[must_use]
    pub fn with_full_paths(mut self) -> Self {
        for b in &mut self.blockers {
            b.chain.full = true;
        }
        self
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

    /// The number of `requires` links from the target to the file on its
    /// shortest chain (0 for the target itself): `path().len() - 1`.
    ///
    /// # Complexity
    ///
    /// O(1), after one linear pass over the query's tree the first time any
    /// blocker of the answer is asked.
    pub fn depth(&self) -> usize {
        self.chain.tree.depths()[self.chain.node as usize] as usize
    }

    /// The next file towards the target on the shortest chain (the file
    /// that requires this one), or the target when it requires it directly;
    /// `None` for the target itself.
    ///
    /// Each blocker naming its `via` describes every chain in memory linear
    /// in the register, where whole paths are quadratic on a deep chain.
    pub fn via(&self) -> Option<&str> {
        match self.chain.tree.parent[self.chain.node as usize] {
            ROOT | UNSEEN => None,
            up => Some(&self.chain.tree.ids[up as usize]),
        }
    }

    /// [`path`](Blocker::path) when it holds at most `max` ids, else
    /// `None`: what JSON and tables print without building a long chain.
    pub fn path_within(&self, max: usize) -> Option<Vec<&str>> {
        (self.depth() < max).then(|| self.path())
    }

    /// The chain as text for people, ids joined by `separator`: the whole
    /// [`path`](Blocker::path) when it holds at most `max` ids (at least
    /// 4), else the target, how many files are left out, the
    /// [`via`](Blocker::via) and the file, so a line stays short however
    /// deep the register.
    ///
    /// ```
    /// use codecision::{Ask, LegislativeFile, Register, Requirement, parse_date};
    /// let mut builder = Register::builder();
    /// for i in 0..10 {
    ///     let mut file = LegislativeFile::new(format!("c{i}"), "a link of a chain");
    ///     if i < 9 {
    ///         file = file.requires(Requirement::in_force(format!("c{}", i + 1)));
    ///     }
    ///     builder = builder.file(file);
    /// }
    /// let day = parse_date("2020-01-01")?;
    /// let answer = builder.build()?.blockers(&Ask::new(day).target("c0").by(day))?;
    /// let last = answer.blockers.iter().find(|b| b.file() == "c9").unwrap();
    /// assert_eq!(last.path_text(" > ", 10), "c0 > c1 > c2 > c3 > c4 > c5 > c6 > c7 > c8 > c9");
    /// assert_eq!(last.path_text(" > ", 6), "c0 > \u{2026} 7 more \u{2026} > c8 > c9");
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn path_text(&self, separator: &str, max: usize) -> String {
        if let Some(path) = self.path_within(max.max(4)) {
            return path.join(separator);
        }
        let tree = &*self.chain.tree;
        let target = &*tree.ids[tree.root as usize];
        let left_out = self.depth() - 2;
        let via = self.via().unwrap_or(target);
        format!(
            "{target}{separator}\u{2026} {left_out} more \u{2026}{separator}{via}{separator}{}",
            self.file()
        )
    }

    /// One shortest chain of `requires` from the target to the file, target
    /// first and the file last: why it blocks.
    ///
    /// # Complexity
    ///
    /// O(length of the chain); chains are built only when asked for, so a
    /// query over a large closure does not pay for every chain. On a chain
    /// of `requires` n files deep, the blockers' paths together hold n²/2
    /// ids: ask [`via`](Blocker::via) and [`depth`](Blocker::depth), or
    /// [`path_within`](Blocker::path_within), when the register may be deep.
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
            && self.p_by_deadline == other.p_by_deadline
            && self.path() == other.path()
    }
}

impl fmt::Debug for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Blocker")
            .field("file", &self.file())
            .field("required", &self.required)
            .field("stage", &self.stage)
            .field("since", &self.since)
            .field("path", &self.path())
            .field("p_by_deadline", &self.p_by_deadline)
            .finish()
    }
}

impl Blocker {
    /// The longest `path` JSON carries: a blocker deeper than this (the
    /// target 1,000 `requires` links or more away) has `"path": null` with
    /// `via` and `depth` instead, unless
    /// [`with_full_paths`](Blockers::with_full_paths) asked for every path.
    /// No ordinary register comes near it (the Security Union's deepest
    /// chain has 4 ids); a 100,000-long chain would print 5 billion ids.
    pub const PATH_LIMIT: usize = 1_000;
}

impl Serialize for Blocker {
    /// `file`, `required`, `stage` and `path` (one shortest chain from the
    /// target, the target first). Beyond
    /// [`PATH_LIMIT`](Blocker::PATH_LIMIT) ids, unless full paths were
    /// asked for: `"path": null`, `via` (the next file towards the target)
    /// and `depth` (the `requires` links from the target), so the document
    /// stays linear in the register.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let path = if self.chain.full {
            Some(self.path())
        } else {
            self.path_within(Self::PATH_LIMIT)
        };
        let fields = if path.is_some() { 4 } else { 6 } + usize::from(self.p_by_deadline.is_some());
        let mut out = s.serialize_struct("Blocker", fields)?;
        out.serialize_field("file", self.file())?;
        out.serialize_field("required", &self.required)?;
        out.serialize_field("stage", &self.stage)?;
        out.serialize_field("path", &path)?;
        if path.is_none() {
            out.serialize_field("via", &self.via())?;
            out.serialize_field("depth", &self.depth())?;
        }
        if let Some(p) = self.p_by_deadline {
            out.serialize_field("p_by_deadline", &p)?;
        }
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
    /// use codecision::{Ask, Register, parse_date};
    /// let register = Register::security_union();
    /// let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
    /// let answer = register.blockers(&ask)?;
    /// let etias = answer.blockers.iter().find(|b| b.file() == "etias").unwrap();
    /// assert_eq!(etias.stage, Some(codecision::Stage::Trilogue));
    /// println!("{}", etias.path().join(" -> "));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Incomplete`] without a target; [`Error::UnknownId`] (with
    /// a suggestion) for an unknown target; [`Error::MissingDeadline`] for
    /// a file target without `by`.
    ///
    /// # Complexity
    ///
    /// Linear in the closure and its edges: each file's check is O(1)
    /// ([`reached`](crate::LegislativeFile::reached)) and its stage a binary
    /// search over its own staged events; no event is scanned.
    pub fn blockers(&self, ask: &Ask) -> Result<Blockers, Error> {
        let target = ask.needs_target("blockers")?;
        self.blockers_and_closure(target, ask.deadline(), ask.as_of())
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
        // The closure's files are read on rayon's threads (`parallel`
        // feature) when it is large, and the ids' order that `sort_by_id`
        // needs is worked out at the same time (once per register): at
        // 100,000 files each took several milliseconds on one core, most of
        // them waiting for memory.
        let (mut found, ()) = crate::parallel::join(
            || {
                crate::parallel::filter_map(&needs.closure.order, 4096, |&n| {
                    let need = needs.missing_at(self, n)?;
                    Some((need.node, need.required, need.file.stage_at(cutoff)))
                })
            },
            || self.prepare_id_order(),
        );
        let Closure { order, parent, .. } = needs.closure;
        self.sort_by_id(&mut found, |&(n, _, _)| n);
        let tree = Arc::new(Tree {
            root: node,
            parent,
            ids: self.shared_ids(),
            depth: OnceLock::new(),
        });
        let blockers = found
            .into_iter()
            .map(|(n, required, at)| Blocker {
                required,
                stage: at.map(|s| s.stage),
                since: at.map(|s| s.since),
                p_by_deadline: None,
                chain: Chain {
                    tree: Arc::clone(&tree),
                    node: n,
                    full: false,
                },
            })
            .collect();
        let answer = Blockers {
            target: target.to_string(),
            deadline,
            as_of,
            cutoff,
            blockers,
            p_on_time: None,
        };
        Ok((answer, order))
    }
}
