//! Exports of the dependency graph and timelines (DOT, Mermaid, SVG, HTML).
