//! The answers of the queries: what [`Register`](crate::Register)'s
//! questions return, and what [`LegislativeFile`](crate::LegislativeFile)'s
//! methods answer.
//!
//! Each answer's `Serialize` is, byte for byte, the command line's
//! `--format json` document for the same question (`serde_json`'s pretty
//! layout), so a program that embeds the library and one that runs the
//! command line read the same thing.
//!
//! Answers are read, not built: their fields are public to read, and they
//! are `#[non_exhaustive]`, so a field added later is not a breaking
//! change. What an embedder does build has a constructor
//! ([`ForecastBand::new`], [`FileBand::new`]).
//!
//! ```
//! use codecision::{Ask, Register, parse_date};
//! let register = Register::security_union();
//! let ask = Ask::new(parse_date("2018-01-24")?).target("interoperability-2020");
//! let answer: codecision::answer::Blockers = register.blockers(&ask)?;
//! let json = serde_json::to_value(&answer).unwrap();
//! assert_eq!(json["target"], "interoperability-2020");
//! assert_eq!(json["blockers"].as_array().unwrap().len(), answer.blockers.len());
//! # Ok::<(), codecision::Error>(())
//! ```

pub use crate::file::{Applied, Diagnostic, StageAt};
pub use crate::query::{
    BecameBlocker, Blocker, Blockers, Changes, Cleared, CriticalPath, FileBand, FileStatus,
    ForecastBand, GoalImpact, History, HistoryEvent, Impact, Moved, NextStage, OnTime, Order,
    OrderItem, PathStep, Reason, RuleInfo, Schedule, ScheduleLane, ScheduleSegment, ScheduleStop,
    StageInfo, Stages, Status, Stuck, TargetChanges, Validation, Verdict, VerdictState, Waiting,
};
