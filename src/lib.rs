//! # codecision
//!
//! EU legislative files as state machines, linked in a dependency graph:
//! where does each file stand, what is it waiting for, and which files block
//! a political goal by its deadline, and why.
//!
//! ## Quick start
//!
//! The crate embeds a sourced register of the Security Union
//! information-system files. Which of them blocked "interoperability of EU
//! information systems by 2020" on the day of the 13th Security Union report?
//!
//! ```
//! use codecision::{Register, Stage, parse_date};
//!
//! let register = Register::security_union();
//! let answer = register.blockers("interoperability-2020", None, parse_date("2018-01-24")?)?;
//! for b in &answer.blockers {
//!     // e.g. "etias: trilogue, needs entry_into_force (interoperability-2020 -> interop-borders-visa -> etias)"
//!     println!("{}: {}, needs {} ({})", b.file(), b.stage.map_or("-", Stage::as_str), b.required, b.path().join(" -> "));
//! }
//! let etias = answer.blockers.iter().find(|b| b.file() == "etias").unwrap();
//! assert_eq!(etias.stage, Some(Stage::Trilogue));
//! assert_eq!(etias.path(), ["interoperability-2020", "interop-borders-visa", "etias"]);
//! # Ok::<(), codecision::Error>(())
//! ```
//!
//! ## Concepts
//!
//! - A [`Stage`] is where a file stands: proposal, the two mandates (the
//!   Council's [general approach](Stage::GeneralApproach) and Parliament's
//!   [committee vote](Stage::LibeVote), in either order), trilogue, political
//!   agreement, adoption, entry into force, application; or a terminal
//!   withdrawn, lapsed, rejected.
//! - The [transition table](transition::TABLE) says which stage may follow which. It is
//!   the single source of truth for the checked runtime API
//!   ([`LegislativeFile::apply`]), the [typed-state API](typed) (an illegal
//!   transition does not compile), replay diagnostics and the
//!   [diagram](mermaid_state_diagram); the [`transition`] module holds it,
//!   its rows and conditions, and the [`Refusal`](transition::Refusal) that
//!   says why a stage may not come next.
//! - A [`LegislativeFile`] holds its identity and its dated, sourced
//!   [`Event`]s; [`stage_at`](LegislativeFile::stage_at),
//!   [`reached`](LegislativeFile::reached) and
//!   [`since`](LegislativeFile::since) replay it to any date.
//! - A [`Register`] holds files and [`Goal`]s linked by `requires` (hard
//!   prerequisites, acyclic) and `related`; it reads and writes the JSON
//!   register format (version 1) and answers questions:
//!   [`blockers`](Register::blockers) (and why),
//!   [`status`](Register::status), [`waiting`](Register::waiting),
//!   [`impact`](Register::impact),
//!   [`topological_order`](Register::topological_order),
//!   [`critical_path`](Register::critical_path),
//!   [`changes`](Register::changes) between two dates, and exports
//!   ([`to_dot`](Register::to_dot), [`to_mermaid`](Register::to_mermaid)).
//! - `import` reads the European Parliament's data; `sync` merges the
//!   Parliament's new events into a curated register, keeping what its user
//!   wrote (and, with its feature, fetches them); `forecast` says when files
//!   will get there (each behind its [feature](#feature-flags)).
//!
//! ## Feature flags
//!
//! With default features off the library is the model alone: stages, the
//! transition table, files, the register (read, checked, saved), every
//! query, and the exports, HTML report included. It depends on serde,
//! serde_json, chrono, thiserror, petgraph, foldhash and tempfile, nothing
//! else.
//!
//! - `import`: the `codecision::import` module, the European Parliament's Open Data
//!   API and Parltrack importers (zstd input through ruzstd); and
//!   `codecision::sync` without the network (`merge`, and `run` with a
//!   source of procedures of your own; the register's lock through fs4).
//! - `forecast`: the `codecision::forecast` module, duration model, Monte Carlo
//!   forecasts and backtests (rand_chacha), whose answers hold
//!   [`ForecastBand`]s. The report does not need it: a band is plain data
//!   that any forecaster can fill, and the report draws no bands when given
//!   none.
//! - `parallel`: work on several threads where it pays.
//! - `sync`: `codecision::sync::Api`, the HTTP client of the Parliament's
//!   API (ureq) that brings a register up to date; implies `import`
//!   (`codecision::sync::merge` and `codecision::sync::run` need only
//!   `import`).
//! - `cli`: the `codecision` binary (clap and friends); implies all of the
//!   above.
//! - `mimalloc`: the binary's allocator; the library never sets one.
//!
//! `default = ["cli", "mimalloc"]`, so `cargo install` gives the full
//! command line; an embedder writes
//! `codecision = { version = "0.1", default-features = false }` and adds
//! the features it wants.
//!
//! ## What the root holds
//!
//! - The model: [`Stage`], [`Event`], [`LegislativeFile`] (with what its
//!   methods answer: [`StageAt`], [`Applied`], [`Diagnostic`]),
//!   [`Requirement`], [`Goal`], [`Register`] and [`RegisterBuilder`];
//!   [`FileOrGoal`] is what an id names when it may be either. The
//!   transition table lives in [`transition`], the typed-state API in
//!   [`typed`].
//! - Reading: [`parse_date`], [`DEFAULT_MAX_REGISTER_SIZE`] (the largest
//!   register [`Register::load`] reads), [`SECURITY_UNION_JSON`] (the
//!   embedded register as the JSON it is read from).
//! - The answers of the queries: [`Blockers`] and [`Blocker`], [`Status`],
//!   [`Waiting`] and [`NextStage`], [`Impact`], [`CriticalPath`] and
//!   [`PathStep`], [`Changes`] and what it holds ([`TargetChanges`],
//!   [`Moved`], [`Stuck`], [`Cleared`], [`BecameBlocker`], [`Reason`],
//!   [`Verdict`], [`VerdictState`], [`OnTime`]), and the timeline
//!   [`Schedule`] ([`ScheduleLane`], [`ScheduleSegment`], [`ScheduleStop`],
//!   [`ForecastBand`]).
//! - Output helpers the command line uses and an embedder may too:
//!   [`write_file`] (atomic replacement) with [`remove_unfinished_writes`]
//!   for a signal handler, [`escape_controls`] for register text shown to a
//!   person, and the diagrams of the table ([`dot_state_diagram`],
//!   [`mermaid_state_diagram`], [`end_states`]).
//!
//! Answers are read, not built: their fields are public to read, and they
//! are `#[non_exhaustive]`, so a field added later is not a breaking
//! change. What an embedder does build has constructors
//! ([`Goal::new`], [`Requirement::at`], [`ForecastBand::new`],
//! [`LegislativeFile::new`], [`Event`]'s).
//!
//! ## Errors
//!
//! One error type, [`Error`], whose messages name what is wrong and where
//! (file id, event index, JSON line and column). The library never panics on
//! input and prints nothing. Its variants carry their context in fields; a
//! structural problem of a register is a [`Problem`] read through
//! accessors ([`Problem::location`], [`Problem::kind`]), its place a
//! [`Location`] ([`RegisterItem`], event and link index).
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod data;
mod date;
mod error;
mod event;
mod export;
mod file;
#[cfg(feature = "forecast")]
#[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
pub mod forecast;
#[cfg(feature = "import")]
#[cfg_attr(docsrs, doc(cfg(feature = "import")))]
pub mod import;
mod output;
mod packed;
mod parallel;
mod query;
mod register;
mod stage;
#[cfg(feature = "import")]
#[cfg_attr(docsrs, doc(cfg(feature = "import")))]
pub mod sync;
mod text;
pub mod transition;
pub mod typed;

pub use data::SECURITY_UNION_JSON;
pub use date::parse_date;
pub use error::{Error, Location, Problem, ProblemKind, RegisterItem, Result};
pub use event::Event;
pub use export::{ForecastBand, Schedule, ScheduleLane, ScheduleSegment, ScheduleStop};
pub use file::{Applied, Diagnostic, LegislativeFile, Requirement, StageAt};
pub use output::{remove_unfinished_writes, write_file};
pub use query::{
    BecameBlocker, Blocker, Blockers, Changes, Cleared, CriticalPath, Impact, Moved, NextStage,
    OnTime, PathStep, Reason, Status, Stuck, TargetChanges, Verdict, VerdictState, Waiting,
};
pub use register::{DEFAULT_MAX_REGISTER_SIZE, FileOrGoal, Goal, Register, RegisterBuilder};
pub use stage::Stage;
pub use text::escape_controls;
pub use transition::{dot_state_diagram, end_states, mermaid_state_diagram};

/// The README's Rust examples, run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
