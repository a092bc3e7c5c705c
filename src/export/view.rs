//! What a picture of the dependency graph shows, and how many nodes it
//! draws one by one: shared by the layered drawing ([`super::svg`]) and the
//! summary by stage ([`super::summary`]).

use std::collections::BTreeSet;

/// The most nodes (files and goals) a graph picture draws one by one; past
/// it, the picture is a summary by stage. Below it a layered drawing stays
/// readable and is made in well under a second.
pub(crate) const GRAPH_LIMIT: usize = 500;

/// What to draw of a register's graph.
pub(crate) struct GraphView<'a> {
    /// The nodes (files and goals, by register index), in register order.
    pub nodes: Vec<u32>,
    /// Files drawn with the blocker's outline.
    pub blockers: BTreeSet<&'a str>,
    /// Prefix of every `id` in the SVG, so two pictures can share a page.
    pub prefix: &'a str,
    /// The accessible title.
    pub title: String,
}
