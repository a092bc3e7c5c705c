//! Exports of the dependency graph and timelines (DOT, Mermaid, SVG, HTML),
//! and [`escape_controls`] for register text shown to a person.

#[cfg(feature = "forecast")]
pub(crate) mod calibration;
mod changes;
mod dot;
mod draw;
mod graph;
mod mermaid;
pub(crate) mod palette;

mod html;
mod interactive;
mod layout;
mod summary;
mod svg;
mod timeline;
mod view;
mod xml;

pub use crate::controls::escape_controls;
#[cfg(feature = "forecast")]
pub use draw::{CalibrationSvg, TrackRecordSvg};
pub use draw::{ChangesMarkdown, Dot, Gantt, GraphSvg, Mermaid, TimelineSvg};
pub use graph::{Edge, Graph, Node};
pub use html::Report;
pub use interactive::{CONTENT_SECURITY_POLICY, ReportPage};
