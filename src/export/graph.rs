//! The dependency graph as data: nodes and edges, next to its drawings.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// The dependency graph as data, every file and goal and every link, for a
/// program to draw or walk: what `codecision graph --format json` writes
/// (its `Serialize`). [`Dot`](crate::export::Dot),
/// [`Mermaid`](crate::export::Mermaid) and
/// [`GraphSvg`](crate::export::GraphSvg) draw the same graph.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::export::Graph;
/// let register = Register::security_union();
/// let graph = Graph::new(&register, parse_date("2018-01-24")?);
/// assert_eq!(graph.nodes.len(), register.files().len() + register.goals().len());
/// assert!(graph.edges.iter().any(|e| &*e.from == "interop-borders-visa" && &*e.to == "etias"));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Graph {
    /// The date whose stages the nodes carry.
    pub as_of: NaiveDate,
    /// Every file (register order), then every goal.
    pub nodes: Vec<Node>,
    /// Every link, by node then in the order the register gives them.
    pub edges: Vec<Edge>,
}

/// A file or goal of a [`Graph`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Node {
    /// Its id (shared with the register).
    pub id: Arc<str>,
    /// `"file"` or `"goal"`.
    pub kind: &'static str,
    /// Its title.
    pub title: String,
    /// A file's stage at the date (`None` for a goal or a file not yet
    /// proposed).
    pub stage: Option<Stage>,
    /// Since when.
    pub since: Option<NaiveDate>,
    /// A goal's deadline.
    pub deadline: Option<NaiveDate>,
}

/// A link of a [`Graph`]: `from` requires (or is related to) `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Edge {
    /// The file or goal that requires.
    pub from: Arc<str>,
    /// The file required (or related).
    pub to: Arc<str>,
    /// `"requires"` or `"related"`.
    pub kind: &'static str,
    /// The stage required (`None` for `related`).
    pub stage: Option<Stage>,
}

impl Graph {
    /// The graph of `register`, with each file's stage as of `as_of`.
    pub fn new(register: &Register, as_of: NaiveDate) -> Self {
        let mut graph = Graph {
            as_of,
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        // Every id is the register's own (a reference count, not a copy);
        // a register's links name ids it holds.
        let shared = |id: &str| {
            register
                .index_of(id)
                .map_or_else(|_| Arc::from(id), |n| register.shared_id(n))
        };
        let count = register.files().len() + register.goals().len();
        for n in 0..count as u32 {
            let node = register.node_at(n);
            let id = register.shared_id(n);
            let (kind, stage, deadline) = match node {
                FileOrGoal::File(f) => ("file", f.stage_at(as_of), None),
                FileOrGoal::Goal(g) => ("goal", None, Some(g.deadline)),
            };
            graph.nodes.push(Node {
                id: Arc::clone(&id),
                kind,
                title: node.title().to_string(),
                stage: stage.map(|s| s.stage),
                since: stage.map(|s| s.since),
                deadline,
            });
            for r in node.requirements() {
                graph.edges.push(Edge {
                    from: Arc::clone(&id),
                    to: shared(&r.file),
                    kind: "requires",
                    stage: Some(r.stage),
                });
            }
            if let FileOrGoal::File(f) = node {
                for to in f.related() {
                    graph.edges.push(Edge {
                        from: Arc::clone(&id),
                        to: shared(to),
                        kind: "related",
                        stage: None,
                    });
                }
            }
        }
        graph
    }
}
