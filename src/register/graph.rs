//! The dependency graph inside a register: one node per file and goal, one
//! edge per `requires` item, weighted by the stage it asks for.
//!
//! petgraph stays in here: nothing of it crosses the public API.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::stage::Stage;

/// Node `i` is file `i` when `i < files`, else goal `i - files`.
///
/// Traversals read two compact adjacency arrays built once at load (forward
/// in `requires` order, and reverse), which cost no allocation per visit.
/// The petgraph graph serves the graph algorithms (strongly connected
/// components, topological order); it is built from them on first use, so
/// a load that finds no cycle (checked in one linear pass) never builds it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Graph {
    g: std::sync::OnceLock<DiGraph<(), Stage, u32>>,
    forward: Adjacency,
    reverse: Adjacency,
}

/// Compressed sparse rows: the edges of node `n` are
/// `edges[offsets[n]..offsets[n + 1]]`.
#[derive(Clone, Debug, Default)]
struct Adjacency {
    offsets: Vec<u32>,
    edges: Vec<(u32, Stage)>,
}

impl Adjacency {
    /// Two passes over `edges` (counting, then placing), rather than a copy
    /// of them: at 100,000 files the copy was 2.4 MB more at the peak of a
    /// load.
    fn new(nodes: usize, edges: impl Iterator<Item = (u32, u32, Stage)> + Clone) -> Self {
        let mut offsets = vec![0u32; nodes + 1];
        let mut count = 0;
        for (from, _, _) in edges.clone() {
            offsets[from as usize + 1] += 1;
            count += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut out = vec![(0u32, Stage::Proposal); count];
        for (from, to, stage) in edges {
            out[fill[from as usize] as usize] = (to, stage);
            fill[from as usize] += 1;
        }
        Adjacency {
            offsets,
            edges: out,
        }
    }

    fn of(&self, node: u32) -> &[(u32, Stage)] {
        let n = node as usize;
        &self.edges[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }
}

impl Graph {
    /// The two directions are built at once (on rayon's threads with the
    /// `parallel` feature): at 100,000 files each is a few milliseconds,
    /// most of them spent on fresh memory, that the command line otherwise
    /// waited for on one core.
    pub(crate) fn new(
        nodes: usize,
        edges: impl Iterator<Item = (u32, u32, Stage)> + Clone + Send,
    ) -> Self {
        let reversed = edges.clone().map(|(from, to, stage)| (to, from, stage));
        let (forward, reverse) = crate::parallel::join(
            || Adjacency::new(nodes, edges),
            || Adjacency::new(nodes, reversed),
        );
        Graph {
            g: std::sync::OnceLock::new(),
            forward,
            reverse,
        }
    }

    fn nodes(&self) -> usize {
        self.forward.offsets.len().saturating_sub(1)
    }

    /// The petgraph graph, built on first use.
    pub(crate) fn petgraph(&self) -> &DiGraph<(), Stage, u32> {
        self.g.get_or_init(|| {
            let nodes = self.nodes();
            let mut g = DiGraph::with_capacity(nodes, self.forward.edges.len());
            for _ in 0..nodes {
                g.add_node(());
            }
            for from in 0..nodes as u32 {
                for &(to, stage) in self.requires(from) {
                    g.add_edge(
                        NodeIndex::new(from as usize),
                        NodeIndex::new(to as usize),
                        stage,
                    );
                }
            }
            g
        })
    }

    /// The nodes of `set` (`set[n]` for node `n`; nodes past its end are
    /// outside), each after everything it requires within the set:
    /// depth-first post-order over `requires`, roots in node (that is,
    /// register) order, edges in `requires` order, with an explicit stack
    /// (a chain of 100,000 files does not recurse). `None` when `requires`
    /// goes round a cycle within the set. The crate's one topological
    /// order: the register's order, the schedule, the critical path and the
    /// forecasts' simulation order all come from here.
    ///
    /// # Complexity
    ///
    /// O(nodes + edges) time, one byte per node of marks.
    pub(crate) fn prerequisites_first(&self, set: &[bool]) -> Option<Vec<u32>> {
        const UNSEEN: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let inside = |n: u32| set.get(n as usize).copied().unwrap_or(false);
        let mut mark = vec![UNSEEN; set.len()];
        let mut out = Vec::new();
        let mut stack: Vec<(u32, usize)> = Vec::new();
        for root in 0..set.len() as u32 {
            if !set[root as usize] || mark[root as usize] != UNSEEN {
                continue;
            }
            mark[root as usize] = OPEN;
            stack.push((root, 0));
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&(req, _)) = self.requires(node).get(*next) {
                    *next += 1;
                    if !inside(req) {
                        continue;
                    }
                    match mark[req as usize] {
                        UNSEEN => {
                            mark[req as usize] = OPEN;
                            stack.push((req, 0));
                        }
                        OPEN => return None,
                        _ => {}
                    }
                } else {
                    stack.pop();
                    mark[node as usize] = DONE;
                    out.push(node);
                }
            }
        }
        Some(out)
    }

    /// Whether `requires` has no cycle.
    fn is_acyclic(&self) -> bool {
        self.points_back()
            || self
                .prerequisites_first(&vec![true; self.nodes()])
                .is_some()
    }

    /// Whether every `requires` edge points to an earlier node: then there
    /// is no cycle, seen in one pass over the edges. A register that lists
    /// each file after the files it requires (goals come after every file)
    /// is read so, without the depth-first walk over every node (on the
    /// 100,000-file bench register, 14 million instructions of `blockers`'
    /// 1.9 billion, on one core while the other waited; too little for
    /// paired runs to show, `benches/README.md`, "The report's page, round
    /// six").
    fn points_back(&self) -> bool {
        let Adjacency { offsets, edges } = &self.forward;
        offsets.windows(2).enumerate().all(|(from, span)| {
            edges[span[0] as usize..span[1] as usize]
                .iter()
                .all(|&(to, _)| (to as usize) < from)
        })
    }

    /// Out-edges of `node` in `requires` order: `(required node, stage)`.
    pub(crate) fn requires(&self, node: u32) -> &[(u32, Stage)] {
        self.forward.of(node)
    }

    /// In-edges of `node`: `(requiring node, stage)`.
    pub(crate) fn required_by(&self, node: u32) -> &[(u32, Stage)] {
        self.reverse.of(node)
    }

    /// Every `requires` cycle, each as a closed walk of nodes (first node
    /// repeated at the end), one per strongly connected component, in a
    /// deterministic order.
    ///
    /// Kosaraju's algorithm, which petgraph runs with an explicit stack:
    /// its `tarjan_scc` recurses once per node of a path, and a chain of
    /// 100,000 `requires` overflowed the stack.
    pub(crate) fn cycles(&self) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        if self.is_acyclic() {
            return out;
        }
        let g = self.petgraph();
        for component in kosaraju_scc(g) {
            let self_loop = component.len() == 1 && g.contains_edge(component[0], component[0]);
            if component.len() < 2 && !self_loop {
                continue;
            }
            let start = component
                .iter()
                .map(|n| n.index() as u32)
                .min()
                .unwrap_or(0);
            let members: std::collections::HashSet<u32> =
                component.iter().map(|n| n.index() as u32).collect();
            out.push(self.cycle_through(start, &members));
        }
        out.sort();
        out
    }

    /// A shortest cycle through `start` inside one strongly connected
    /// component (breadth-first back to `start`).
    fn cycle_through(&self, start: u32, members: &std::collections::HashSet<u32>) -> Vec<u32> {
        use std::collections::{HashMap, VecDeque};
        let mut parent: HashMap<u32, u32> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let mut next: Vec<u32> = self
                .requires(node)
                .iter()
                .map(|&(n, _)| n)
                .filter(|n| members.contains(n))
                .collect();
            next.sort_unstable();
            for n in next {
                if n == start {
                    let mut walk = vec![start];
                    let mut at = node;
                    while at != start {
                        walk.push(at);
                        at = parent[&at];
                    }
                    walk.push(start);
                    let last = walk.len() - 1;
                    walk[1..last].reverse();
                    return walk;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(n) {
                    e.insert(node);
                    queue.push_back(n);
                }
            }
        }
        vec![start, start]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_cycle_is_reported() {
        // 0 -> 1 -> 2 -> 0, and 3 -> 3
        let edges = [
            (0, 1, Stage::Adoption),
            (1, 2, Stage::Adoption),
            (2, 0, Stage::Adoption),
            (3, 3, Stage::Adoption),
            (4, 0, Stage::Adoption),
        ];
        let g = Graph::new(5, edges.into_iter());
        assert_eq!(g.cycles(), vec![vec![0, 1, 2, 0], vec![3, 3]]);
    }

    #[test]
    fn acyclic_has_no_cycle() {
        let edges = [
            (0, 1, Stage::Adoption),
            (1, 2, Stage::Adoption),
            (0, 2, Stage::Adoption),
        ];
        assert!(Graph::new(3, edges.into_iter()).cycles().is_empty());
    }

    #[test]
    fn edges_to_earlier_nodes_are_seen_acyclic_at_once_and_others_walked() {
        // Every edge to an earlier node: acyclic without the walk.
        let back = [
            (1, 0, Stage::Adoption),
            (2, 0, Stage::Adoption),
            (2, 1, Stage::Adoption),
            (4, 3, Stage::Adoption),
        ];
        let g = Graph::new(5, back.into_iter());
        assert!(g.points_back());
        assert!(g.is_acyclic() && g.cycles().is_empty());
        // One edge forward, still acyclic: the walk says so.
        let g = Graph::new(
            3,
            [(0, 2, Stage::Adoption), (2, 1, Stage::Adoption)].into_iter(),
        );
        assert!(!g.points_back());
        assert!(g.is_acyclic() && g.cycles().is_empty());
        // A self-loop, and a cycle through an edge back: found.
        let g = Graph::new(2, [(1, 1, Stage::Adoption)].into_iter());
        assert!(!g.points_back());
        assert_eq!(g.cycles(), vec![vec![1, 1]]);
        let g = Graph::new(
            3,
            [(2, 0, Stage::Adoption), (0, 2, Stage::Adoption)].into_iter(),
        );
        assert!(!g.points_back());
        assert_eq!(g.cycles(), vec![vec![0, 2, 0]]);
        // No edge at all, and no node.
        assert!(Graph::new(3, std::iter::empty()).points_back());
        assert!(Graph::new(0, std::iter::empty()).cycles().is_empty());
    }
}
