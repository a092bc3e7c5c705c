//! Exports of the dependency graph and timelines (DOT, Mermaid, SVG, HTML).

mod dot;
mod mermaid;
pub(crate) mod palette;
