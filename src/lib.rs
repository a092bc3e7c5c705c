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
//! use codecision::{Ask, Register, Stage, parse_date};
//!
//! let register = Register::security_union();
//! let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
//! let answer = register.blockers(&ask)?;
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
//! - The [transition table](transition::TABLE) says which stage may follow
//!   which. It is the single source of truth for the checked runtime API
//!   ([`LegislativeFile::apply`]), the [typed-state API](typed) (an illegal
//!   transition does not compile), replay diagnostics and the
//!   [diagram](transition::mermaid_state_diagram); the [`transition`]
//!   module holds it, its rows and conditions, and the
//!   [`Refusal`](transition::Refusal) that says why a stage may not come
//!   next.
//! - A [`LegislativeFile`] holds its identity and its dated, sourced
//!   [`Event`]s; [`stage_at`](LegislativeFile::stage_at),
//!   [`reached`](LegislativeFile::reached) and
//!   [`since`](LegislativeFile::since) replay it to any date.
//! - A [`Register`] holds files and [`Goal`]s linked by `requires` (hard
//!   prerequisites, acyclic) and `related`, and reads and writes the JSON
//!   register format (version 1): from text, bytes, a reader or a path, each
//!   with the same limit ([`ReadOptions`]).
//! - An [`Ask`] is a question: as of which date, about which goal or file,
//!   by which deadline, since when, each named. The register answers it:
//!   [`blockers`](Register::blockers) (and why),
//!   [`status`](Register::status), [`waiting`](Register::waiting),
//!   [`impact`](Register::impact),
//!   [`critical_path`](Register::critical_path),
//!   [`changes`](Register::changes) in a window,
//!   [`schedule`](Register::schedule); and without a date,
//!   [`order`](Register::order), [`history`](Register::history),
//!   [`validation`](Register::validation). Each answer is a type of
//!   [`answer`] whose `Serialize` is the command line's `--format json`
//!   document for the same question.
//! - [`export`] draws: the dependency graph ([`Dot`](export::Dot),
//!   [`Mermaid`](export::Mermaid), [`GraphSvg`](export::GraphSvg), and
//!   [`Graph`](export::Graph) as data), a schedule
//!   ([`TimelineSvg`](export::TimelineSvg), [`Gantt`](export::Gantt)),
//!   and the HTML [`Report`](export::Report), each a value built step by
//!   step.
//! - `import` reads the European Parliament's data; `sync` merges the
//!   Parliament's new events into a curated register, keeping what its user
//!   wrote (and, with its feature, fetches them); `forecast` says when files
//!   will get there, and gives the chances a question asks for (each behind
//!   its [feature](#feature-flags)).
//!
//! ## Feature flags
//!
//! With default features off the library is the model alone: stages, the
//! transition table, files, the register (read, checked, saved), every
//! query, and the exports, HTML report included. It depends on serde,
//! serde_json, chrono, thiserror, petgraph, foldhash, hashbrown, tempfile
//! and base64 (for the interactive page), nothing else.
//!
//! - `import`: the `codecision::import` module, the European Parliament's Open Data
//!   API and Parltrack importers (zstd input through ruzstd); and
//!   `codecision::sync` without the network (`merge`, and `run` with a
//!   source of procedures of your own; the register's lock through fs4).
//! - `forecast`: the `codecision::forecast` module, duration model, Monte Carlo
//!   forecasts and backtests (rand_chacha), whose answers hold
//!   [`ForecastBand`](answer::ForecastBand)s. The report does not need it: a
//!   band is plain data that any forecaster can fill, and the report draws
//!   no bands when given none.
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
//! - The model: [`Stage`], [`Event`], [`LegislativeFile`], [`Requirement`],
//!   [`Goal`], [`Register`] and [`RegisterBuilder`]; [`FileOrGoal`] is what
//!   an id names when it may be either. The transition table lives in
//!   [`transition`], the typed-state API in [`typed`].
//! - The question, [`Ask`], and how a register is read, [`ReadOptions`];
//!   [`parse_date`] reads a date as the register format writes it.
//! - [`write_file`] (atomic replacement) with [`remove_unfinished_writes`]
//!   for a signal handler.
//! - [`Error`] and [`Result`].
//!
//! Modules: [`answer`] (what the questions return), [`export`] (drawings,
//! the report, and [`escape_controls`](export::escape_controls) for register
//! text shown to a person), [`text`] (shares, dates, counts and bands as
//! every output writes them), [`error`] (the parts of an error), and, behind
//! their features, `forecast`, `import` and `sync`.
//!
//! Answers are read, not built: their fields are public to read, and they
//! are `#[non_exhaustive]`, so a field added later is not a breaking
//! change. What an embedder does build has constructors
//! ([`Goal::new`], [`Requirement::at`], [`LegislativeFile::new`],
//! [`Event`]'s, [`answer::ForecastBand::new`]).
//!
//! ## Errors
//!
//! One error type, [`Error`], whose messages name what is wrong and where
//! (file id, event index, JSON line and column). The library never panics on
//! input and prints nothing. Its variants carry their context in fields; a
//! structural problem of a register is an [`error::Problem`] read through
//! accessors ([`Problem::location`](error::Problem::location),
//! [`Problem::kind`](error::Problem::kind)), its place an
//! [`error::Location`] ([`error::RegisterItem`], event and link index).
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod answer;
mod controls;
mod data;
mod date;
pub mod error;
mod event;
pub mod export;
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
pub mod text;
pub mod transition;
pub mod typed;

pub use date::parse_date;
pub use error::{Error, Result};
pub use event::Event;
pub use file::{LegislativeFile, Requirement};
pub use output::{remove_unfinished_writes, write_file};
pub use query::Ask;
pub use register::{FileOrGoal, Goal, ReadOptions, Register, RegisterBuilder};
pub use stage::Stage;

/// The README's Rust examples, run as doctests so they stay true (they
/// show the forecasts too).
#[cfg(all(doctest, feature = "forecast"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
