//! # codecision
//!
//! EU legislative files as state machines, linked in a dependency graph.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod data;
mod date;
mod error;
mod event;
mod export;
mod file;
mod query;
mod register;
mod stage;
mod transition;
pub mod typed;
pub mod import;
pub mod forecast;

pub use data::SECURITY_UNION_JSON;
pub use date::parse_date;
pub use error::{Error, Item, Location, Problem, ProblemKind, Result};
pub use event::Event;
pub use file::{Applied, Diagnostic, LegislativeFile, Requirement, StageAt};
pub use query::{Blocker, Blockers, CriticalPath, Impact, Next, PathStep, Status, Waiting};
pub use register::{Goal, Node, Register, RegisterBuilder};
pub use stage::Stage;
pub use transition::{
    Guard, Origin, Progress, Refusal, Rule, Step, TABLE, mermaid_state_diagram, permits,
};
