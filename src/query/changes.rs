//! What moved between two dates, and what that changes for a goal: the
//! question a progress report answers ("since the last report").

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::event::Event;
use crate::query::Ask;
use crate::query::blockers::{Blocker, Blockers};
use crate::register::Register;
use crate::stage::Stage;

/// The answer to "what changed between `since` and `as_of`?".
///
/// Built by [`Register::changes`]; serialises as the command line's
/// `changes` JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Changes {
    /// The start of the window (excluded: events dated on it were known at
    /// the previous report).
    pub since: NaiveDate,
    /// The end of the window (included).
    pub as_of: NaiveDate,
    /// The files with at least one staged event dated in the window, sorted
    /// by id.
    pub moved: Vec<Moved>,
    /// The files under way that recorded no staged event in the window,
    /// sorted by id: proposed by `since`, not yet applied, withdrawn, lapsed
    /// or rejected.
    pub stuck: Vec<Stuck>,
    /// What the window changed for the target, when one was asked about.
    pub target: Option<TargetChanges>,
}

/// A file that moved in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Moved {
    /// The file's id.
    pub file: String,
    /// Its stage at the start of the window (`None`: not yet proposed).
    pub from: Option<Stage>,
    /// Its stage at the end of the window.
    pub to: Option<Stage>,
    /// Its staged events dated in the window, in date order (a further
    /// trilogue meeting or a revised mandate included), with their sources.
    pub events: Vec<Event>,
}

/// A file under way that recorded no staged event in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Stuck {
    /// The file's id.
    pub file: String,
    /// Its stage throughout the window.
    pub stage: Stage,
    /// The date of the latest staged event before the window: the file has
    /// not moved since.
    pub last_moved: NaiveDate,
    /// Days from `last_moved` to the end of the window.
    pub days: i64,
}

/// What the window changed for a goal (or a file with a deadline).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TargetChanges {
    /// The goal or file asked about.
    pub target: String,
    /// Its deadline.
    pub deadline: NaiveDate,
    /// The verdict at the start of the window.
    pub before: Verdict,
    /// The verdict at the end of the window.
    pub after: Verdict,
    /// Files that blocked the target at the start and reached the stage it
    /// needs in the window, sorted by id.
    pub cleared: Vec<Cleared>,
    /// Files that became blockers in the window, sorted by id: proposed in
    /// the window (a new prerequisite on the agenda), or still blocking when
    /// the deadline passed in the window.
    pub became_blockers: Vec<BecameBlocker>,
    /// The forecast chance of meeting the deadline at each end of the window,
    /// when forecasts were added (`Forecaster::on_time`, with the
    /// `forecast` feature).
    pub p_on_time: Option<OnTime>,
}

/// Where a target stands at one end of the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Verdict {
    /// The date of this end of the window.
    pub as_of: NaiveDate,
    /// Met, open or missed.
    pub state: VerdictState,
    /// The files that block the target then, sorted by id.
    pub blockers: Vec<String>,
}

/// Whether a target is met, still open, or missed, at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VerdictState {
    /// Nothing blocks it.
    Met,
    /// Files block it and the deadline has not passed.
    Open,
    /// Files blocked it when the deadline passed.
    Missed,
}

impl VerdictState {
    /// The state's name, as in JSON: `met`, `open`, `missed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            VerdictState::Met => "met",
            VerdictState::Open => "open",
            VerdictState::Missed => "missed",
        }
    }
}

/// A file that stopped blocking the target in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Cleared {
    /// The file's id.
    pub file: String,
    /// The stage the target needs of it.
    pub required: Stage,
    /// The day it got there.
    pub on: NaiveDate,
}

/// A file that became a blocker of the target in the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BecameBlocker {
    /// The file's id.
    pub file: String,
    /// The stage the target needs of it.
    pub required: Stage,
    /// Its stage at the end of the window.
    pub stage: Option<Stage>,
    /// Why it counts as new.
    pub reason: Reason,
    /// One shortest chain of `requires` from the target to the file, the
    /// target first; `None` past [`Blocker::PATH_LIMIT`] ids, as in the
    /// `blockers` answer, so a deep register stays linear.
    pub path: Option<Vec<String>>,
    /// The next file towards the target on that chain (the one that
    /// requires this file).
    pub via: Option<String>,
    /// The number of `requires` links from the target to the file.
    pub depth: usize,
    /// The chain for people: the whole path, or past a few ids the target,
    /// how many are left out, the `via` and the file
    /// ([`Blocker::path_text`]).
    #[serde(skip)]
    pub chain: String,
}

/// Why a file counts as a new blocker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// It was proposed in the window: a prerequisite that was not on the
    /// agenda at the start.
    NewPrerequisite,
    /// The deadline passed in the window with the file short of the stage
    /// the target needs.
    DeadlinePassed,
}

impl Reason {
    /// The reason's name, as in JSON: `new_prerequisite`, `deadline_passed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::NewPrerequisite => "new_prerequisite",
            Reason::DeadlinePassed => "deadline_passed",
        }
    }
}

/// The forecast chance that the target meets its deadline, at each end of
/// the window.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OnTime {
    /// As forecast at the start of the window.
    pub before: f64,
    /// As forecast at the end of the window.
    pub after: f64,
}

impl Register {
    /// What moved between `since` (excluded) and `as_of` (included): the
    /// staged events of each file in that window, in date order with their
    /// sources; the files under way that did not move, and for how long; and,
    /// for a `target` (a goal, or a file with `by`), the verdict at each end,
    /// the files that cleared and the files that became blockers.
    ///
    /// With a target, only the files it needs (its closure through
    /// `requires`) are listed; without one, every file of the register. The
    /// verdicts are [`blockers`](Register::blockers) at each end, so the two
    /// questions never disagree.
    ///
    /// ```
    /// use codecision::{Ask, Register, Stage, parse_date};
    /// let d = |s| parse_date(s).unwrap();
    /// let register = Register::security_union();
    /// // The 8th report (29 Jun 2017) to the 9th (27 Jul 2017).
    /// let changes = register.changes(&Ask::new(d("2017-07-27")).since(d("2017-06-29")))?;
    /// let ees = changes.moved.iter().find(|m| m.file == "ees").unwrap();
    /// assert_eq!(ees.to, Some(Stage::PoliticalAgreement));
    /// assert!(ees.events.iter().all(|e| e.source().is_some()));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Incomplete`] without `since`; [`Error::WindowBackwards`]
    /// when `since` is after `as_of`; as
    /// [`blockers`](Register::blockers) for the target:
    /// [`Error::UnknownId`], [`Error::MissingDeadline`].
    ///
    /// # Complexity
    ///
    /// Linear in the files listed and their staged events, plus two
    /// [`blockers`](Register::blockers) queries for a target.
    pub fn changes(&self, ask: &Ask) -> Result<Changes, Error> {
        let since = ask.needs_since("changes")?;
        let (as_of, target, by) = (ask.as_of(), ask.target_id(), ask.deadline());
        if since > as_of {
            return Err(Error::WindowBackwards { since, as_of });
        }
        let (nodes, target) = match target {
            None => ((0..self.node_count() as u32).collect(), None),
            Some(t) => {
                let (before, _) = self.blockers_and_closure(t, by, since)?;
                let (after, closure) = self.blockers_and_closure(t, by, as_of)?;
                (closure, Some(self.target_changes(before, &after)))
            }
        };
        let mut files: Vec<u32> = nodes
            .into_iter()
            .filter(|&n| self.file_at(n).is_some())
            .collect();
        self.sort_by_id(&mut files, |&n| n);
        let mut moved = Vec::new();
        let mut stuck = Vec::new();
        for file in files.iter().filter_map(|&n| self.file_at(n)) {
            let mut events: Vec<Event> = file
                .events()
                .iter()
                .filter(|e| e.stage.is_some() && e.date > since && e.date <= as_of)
                .cloned()
                .collect();
            let from = file.stage_at(since);
            if !events.is_empty() {
                events.sort_by_key(|e| e.date);
                moved.push(Moved {
                    file: file.id().to_string(),
                    from: from.map(|s| s.stage),
                    to: file.stage_at(as_of).map(|s| s.stage),
                    events,
                });
                continue;
            }
            let Some(at) = from else { continue };
            if at.stage.is_terminal() || at.stage == Stage::Application {
                continue;
            }
            let last_moved = file
                .events()
                .iter()
                .filter(|e| e.stage.is_some() && e.date <= since)
                .map(|e| e.date)
                .max()
                .unwrap_or(at.since);
            stuck.push(Stuck {
                file: file.id().to_string(),
                stage: at.stage,
                last_moved,
                days: (as_of - last_moved).num_days(),
            });
        }
        Ok(Changes {
            since,
            as_of,
            moved,
            stuck,
            target,
        })
    }

    /// The target's part of [`changes`](Register::changes), from the
    /// blockers at each end of the window.
    fn target_changes(&self, before: Blockers, after: &Blockers) -> TargetChanges {
        let blocking_after = |id: &str| after.blockers.iter().any(|b| b.file() == id);
        let cleared = before
            .blockers
            .iter()
            .filter(|b| !blocking_after(b.file()))
            .map(|b| Cleared {
                file: b.file().to_string(),
                required: b.required,
                on: self
                    .file(b.file())
                    .and_then(|f| f.reached_on(b.required))
                    .unwrap_or(after.cutoff),
            })
            .collect();
        let deadline_passed = !before.deadline_passed() && after.deadline_passed();
        let became_blockers = after
            .blockers
            .iter()
            .filter_map(|b| {
                let proposed_in_window = self
                    .file(b.file())
                    .and_then(|f| f.reached_on(Stage::Proposal))
                    .is_some_and(|d| d > before.as_of && d <= after.as_of);
                let reason = if deadline_passed {
                    Reason::DeadlinePassed
                } else if proposed_in_window {
                    Reason::NewPrerequisite
                } else {
                    return None;
                };
                Some(BecameBlocker {
                    file: b.file().to_string(),
                    required: b.required,
                    stage: b.stage,
                    reason,
                    path: b
                        .path_within(Blocker::PATH_LIMIT)
                        .map(|p| p.into_iter().map(str::to_string).collect()),
                    via: b.via().map(str::to_string),
                    depth: b.depth(),
                    chain: b.path_text(" \u{2192} ", 12),
                })
            })
            .collect();
        let verdict = |answer: &Blockers| Verdict {
            as_of: answer.as_of,
            state: answer.state(),
            blockers: answer
                .blockers
                .iter()
                .map(|b| b.file().to_string())
                .collect(),
        };
        TargetChanges {
            target: after.target.clone(),
            deadline: after.deadline,
            before: verdict(&before),
            after: verdict(after),
            cleared,
            became_blockers,
            p_on_time: None,
        }
    }
}
