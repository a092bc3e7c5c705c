//! Questions asked of a register: blockers and why, status at a date, what a
//! file waits for, which goals it holds up, order and critical path, what
//! moved in a window, the schedule, a file's record, the table.
//!
//! Each question is a method of [`Register`](crate::Register) taking an
//! [`Ask`]; each answer is a type of [`crate::answer`] whose `Serialize` is
//! the command line's JSON for that question.

mod ask;
pub(crate) mod blockers;
mod changes;
mod history;
mod impact;
pub(crate) mod needs;
mod order;
mod schedule;
mod stages;
mod status;
mod validation;
mod waiting;

pub use ask::Ask;
pub use blockers::{Blocker, Blockers};
pub use changes::{
    BecameBlocker, Changes, Cleared, Moved, OnTime, Reason, Stuck, TargetChanges, Verdict,
    VerdictState,
};
pub use history::{History, HistoryEvent};
pub use impact::{GoalImpact, Impact};
pub use order::{CriticalPath, Order, OrderItem, PathStep};
pub use schedule::{FileBand, ForecastBand, Schedule, ScheduleLane, ScheduleSegment, ScheduleStop};
pub use stages::{RuleInfo, StageInfo, Stages};
pub use status::{FileStatus, Status};
pub use validation::Validation;
pub use waiting::{NextStage, Waiting};
