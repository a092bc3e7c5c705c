//! Exports of the dependency graph and timelines (DOT, Mermaid, SVG, HTML).

#[cfg(feature = "forecast")]
pub(crate) mod calibration;
mod changes;
mod dot;
mod mermaid;
pub(crate) mod palette;

mod html;
mod layout;
mod schedule;
mod summary;
mod svg;
mod timeline;
mod xml;

pub use schedule::{ForecastBand, Schedule, ScheduleLane, ScheduleSegment, ScheduleStop};
