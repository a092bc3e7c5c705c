//! Questions asked of a register: blockers and why, status at a date, what a
//! file waits for, which goals it holds up, order and critical path.

pub(crate) mod blockers;
mod changes;
mod impact;
pub(crate) mod needs;
mod order;
mod status;
mod waiting;

pub use blockers::{Blocker, Blockers};
pub use changes::{
    BecameBlocker, Changes, Cleared, Moved, OnTime, Reason, Stuck, TargetChanges, Verdict,
    VerdictState,
};
pub use impact::Impact;
pub use order::{CriticalPath, PathStep};
pub use status::Status;
pub use waiting::{NextStage, Waiting};
