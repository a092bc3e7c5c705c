//! Bringing a curated register up to date from the European Parliament's
//! Open Data API v2, keeping everything its user wrote.
//!
//! Three parts:
//!
//! - [`run`], a whole sync as one call: a [`Request`] in, an [`Outcome`]
//!   out. Which procedures are asked for, the feed, what is merged and
//!   ignored, when `synced` moves, whether and how the register is written
//!   (read once, locked, compared before it is replaced) are decided there.
//!   Procedures come from any [`Fetch`]: recorded answers, or `Api`.
//! - [`merge`], a pure function: a register and procedures already mapped
//!   by the EP API importer ([`import::ep_api`](crate::import::ep_api), the
//!   one mapping of activities to events) give the register with the
//!   Parliament's new events added. No I/O, no network.
//! - `Api` (feature `sync`): the HTTP client that fetches procedures
//!   (timeouts, an optional deadline for the whole sync, retries with
//!   backoff on 429 and 5xx honouring `Retry-After`, the API's limit of
//!   500 requests in 5 minutes, batches, redirects only within the API's
//!   address) and the feed of procedures updated since a day.
//!
//! # What a merge keeps
//!
//! A file of the register is matched to a fetched procedure by its
//! `procedure` reference (`2016/0132(COD)`; the API's process id,
//! `2016-0132`, is what must agree). For each event the importer maps from
//! the procedure:
//!
//! - an event already in the file with the same date, stage and source (the
//!   activity id) is left alone, whatever its note or committee say now;
//! - any other is added, after the file's last event dated on or before it
//!   (so a history in date order stays in date order; the events already
//!   there keep their order).
//!
//! Nothing else changes: the file's id, title, references, committee,
//! `requires` and `related` links, the user's own events (from any source),
//! the goals, and the order of files and goals are the register's own. A
//! fetched procedure that matches no file is added as a new file, as
//! `import ep-api` would make it (this happens only when it was asked for).
//!
//! ```
//! use codecision::import::{Options, ep_api};
//! use codecision::{Register, sync};
//!
//! let mine = Register::from_json(r#"{"files": [{
//!     "id": "eurodac", "title": "Eurodac recast (my notes)", "procedure": "2016/0132(COD)",
//!     "events": [{"date": "2016-05-04", "stage": "proposal", "source": "COM(2016) 272"}],
//!     "related": []
//! }]}"#)?;
//! let api = r#"{"data": [{"type": "Process", "label": "2016/0132(COD)", "process_id": "2016-0132",
//!     "consists_of": [{"activity_id": "2016-0132-DEC-ADCP-2017-05-30", "activity_date": "2017-05-30",
//!                      "had_activity_type": "def/ep-activities/COMMITTEE_ADOPTING_REPORT"}]}]}"#;
//! let fetched = ep_api::from_reader(api.as_bytes(), Options::default())?;
//! let merged = sync::merge(&mine, fetched.register.files())?;
//! let eurodac = merged.register.file("eurodac").unwrap();
//! assert_eq!(eurodac.title(), "Eurodac recast (my notes)");
//! assert_eq!(eurodac.events().len(), 2);
//! assert_eq!(merged.files[0].added.len(), 1);
//!
//! // Merging the same answer again adds nothing.
//! let again = sync::merge(&merged.register, fetched.register.files())?;
//! assert!(again.files.iter().all(|f| f.added.is_empty()));
//! assert_eq!(again.register, merged.register);
//! # Ok::<(), codecision::Error>(())
//! ```

#[cfg(feature = "sync")]
mod client;
mod held;
mod policy;
mod text;

#[cfg(feature = "sync")]
#[cfg_attr(docsrs, doc(cfg(feature = "sync")))]
pub use client::{Api, ApiOptions};
pub use held::Input;
pub use policy::{Failure, Feed, FeedUse, Fetch, Fetched, Outcome, Progress, Request, run, wanted};

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::event::Event;
use crate::file::LegislativeFile;
use crate::query::{Ask, Changes};
use crate::register::Register;
use crate::stage::Stage;

/// What a sync did to one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FileSync {
    /// The file's id in the register.
    pub file: String,
    /// The procedure reference the file was matched on.
    pub procedure: String,
    /// Whether the file is new: a procedure asked for that no file had.
    pub new: bool,
    /// The events added, in the order they were added (date order).
    pub added: Vec<Event>,
}

/// A register after a merge, and what the merge did to each file.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Merged {
    /// The register with the new events.
    pub register: Register,
    /// One entry per file a fetched procedure matched (or made), in register
    /// order, new files last; `added` is empty for a file already up to date.
    pub files: Vec<FileSync>,
}

impl Merged {
    /// Whether the merge added anything.
    pub fn changed(&self) -> bool {
        self.files.iter().any(|f| f.new || !f.added.is_empty())
    }

    /// What the sync changed, as [`Register::changes`] answers it on the
    /// merged register, for the files the sync added events to.
    ///
    /// The window runs from the ask's [`since`](Ask::since) (the previous
    /// sync, the register's [`synced`](Register::synced) before this one)
    /// to its as-of (today); for a register never synced (no `since`), from
    /// the day before the earliest event added. So the answer for a file is
    /// its line of `codecision changes --since SINCE --as-of AS_OF` after
    /// the sync.
    ///
    /// ```
    /// use codecision::import::{Options, ep_api};
    /// use codecision::{Ask, Register, Stage, parse_date, sync};
    ///
    /// let mine = Register::from_json(r#"{"files": [{"id": "eurodac", "title": "Eurodac", "procedure": "2016/0132(COD)"}]}"#)?;
    /// let api = r#"{"data": [{"type": "Process", "label": "2016/0132(COD)",
    ///     "consists_of": [{"activity_id": "2016-0132-SIGN-2024-05-14", "activity_date": "2024-05-14",
    ///                      "had_activity_type": "def/ep-activities/SIGNATURE"}]}]}"#;
    /// let fetched = ep_api::from_reader(api.as_bytes(), Options::default())?;
    /// let merged = sync::merge(&mine, fetched.register.files())?;
    /// let changes = merged.changes(&Ask::new(parse_date("2024-06-01")?))?;
    /// assert_eq!(changes.since, parse_date("2024-05-13")?);
    /// assert_eq!(changes.moved[0].file, "eurodac");
    /// assert_eq!(changes.moved[0].to, Some(Stage::Adoption));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Register::changes`] (not expected: the window is never
    /// backwards).
    pub fn changes(&self, ask: &Ask) -> Result<Changes, Error> {
        let added = || self.files.iter().flat_map(|f| &f.added).map(|e| e.date);
        let as_of = ask.as_of();
        let as_of = added().max().map_or(as_of, |last| last.max(as_of));
        let since = ask
            .window_start()
            .or_else(|| added().min().and_then(|first| first.pred_opt()))
            .unwrap_or(as_of)
            .min(as_of);
        let touched: HashSet<&str> = self
            .files
            .iter()
            .filter(|f| !f.added.is_empty())
            .map(|f| f.file.as_str())
            .collect();
        let mut changes = self.register.changes(&Ask::new(as_of).since(since))?;
        changes.moved.retain(|m| touched.contains(&m.file.as_str()));
        changes.stuck.retain(|s| touched.contains(&s.file.as_str()));
        Ok(changes)
    }
}

/// Merges procedures fetched from the EP API (mapped by the EP API
/// importer, as [`import::ep_api`](crate::import::ep_api) makes them) into
/// `register`; see the [module documentation](self) for what is kept.
///
/// # Errors
///
/// [`Error::Invalid`] when a fetched procedure that matches no file would
/// take an id the register already uses for something else.
pub fn merge(register: &Register, fetched: &[LegislativeFile]) -> Result<Merged, Error> {
    let mut by_process: HashMap<String, usize> = HashMap::new();
    for (i, procedure) in fetched.iter().enumerate() {
        if let Some(key) = procedure.procedure().and_then(process_id) {
            by_process.entry(key).or_insert(i);
        }
    }
    let mut matched: Vec<bool> = vec![false; fetched.len()];
    let mut files = register.files().to_vec();
    let mut report = Vec::new();
    for file in &mut files {
        let Some(reference) = file.procedure() else {
            continue;
        };
        let Some(key) = process_id(reference) else {
            continue;
        };
        let Some(&i) = by_process.get(&key) else {
            continue;
        };
        matched[i] = true;
        let source = &fetched[i];
        let reference = reference.to_string();
        let (events, added) = merge_events(file.events(), source.events());
        if !added.is_empty() {
            file.set_events(events);
        }
        report.push(FileSync {
            file: file.id().to_string(),
            procedure: reference,
            new: false,
            added,
        });
    }
    let mut new_ids: HashSet<&str> = HashSet::new();
    for (procedure, _) in fetched.iter().zip(&matched).filter(|(_, m)| !**m) {
        // A procedure twice in the answer is one new file.
        if !new_ids.insert(procedure.id()) {
            continue;
        }
        report.push(FileSync {
            file: procedure.id().to_string(),
            procedure: procedure.procedure().unwrap_or_default().to_string(),
            new: true,
            added: procedure.events().to_vec(),
        });
        files.push(procedure.clone());
    }
    let mut builder = Register::builder();
    for file in files {
        builder = builder.file(file);
    }
    for goal in register.goals() {
        builder = builder.goal(goal.clone());
    }
    let merged = builder.build()?.with_synced(register.synced())?;
    Ok(Merged {
        register: merged,
        files: report,
    })
}

/// `mine` with every event of `theirs` it does not have (same date, stage
/// and source) inserted after its last event dated on or before it; and
/// the events inserted, in the order of `theirs`.
///
/// In n log n: an event goes into the slot after the last of `mine` dated
/// on or before it (found by a binary search over the minima of `mine`'s
/// tails, which never decrease); events sharing a slot go in date order,
/// in the order of `theirs` on the same day. That is where inserting them
/// one by one after the last event (of `mine` or inserted) dated on or
/// before each would put them.
fn merge_events(mine: &[Event], theirs: &[Event]) -> (Vec<Event>, Vec<Event>) {
    fn key(e: &Event) -> (NaiveDate, Option<Stage>, Option<&str>) {
        (e.date, e.stage, e.source())
    }
    let mut seen: HashSet<_> = mine.iter().map(key).collect();
    // An event twice in `theirs` is added once.
    let added: Vec<&Event> = theirs.iter().filter(|e| seen.insert(key(e))).collect();
    if added.is_empty() {
        return (mine.to_vec(), Vec::new());
    }
    let mut tail_min = vec![NaiveDate::MAX; mine.len()];
    let mut min = NaiveDate::MAX;
    for (i, e) in mine.iter().enumerate().rev() {
        min = min.min(e.date);
        tail_min[i] = min;
    }
    // (slot, date, arrival): the slot is how many of `mine` come before.
    let mut placed: Vec<(usize, NaiveDate, usize)> = added
        .iter()
        .enumerate()
        .map(|(n, e)| (tail_min.partition_point(|&d| d <= e.date), e.date, n))
        .collect();
    placed.sort_unstable();
    let mut events = Vec::with_capacity(mine.len() + added.len());
    let mut next = placed.iter().peekable();
    for slot in 0..=mine.len() {
        while let Some(&(_, _, n)) = next.next_if(|&&(s, _, _)| s == slot) {
            events.push(added[n].clone());
        }
        if let Some(e) = mine.get(slot) {
            events.push(e.clone());
        }
    }
    (events, added.into_iter().cloned().collect())
}

/// The EP API's process id of a procedure reference: `2016/0132(COD)` →
/// `2016-0132`, `2016/0357A(COD)` → `2016-0357A`; a process id is returned
/// as it is. `None` for anything else (the API's pattern is
/// `^[0-9]{4}-[0-9]{4}[A-Z]?$`).
///
/// ```
/// use codecision::sync::process_id;
/// assert_eq!(process_id("2016/0132(COD)").as_deref(), Some("2016-0132"));
/// assert_eq!(process_id(" 2016/0357a(COD)").as_deref(), Some("2016-0357A"));
/// assert_eq!(process_id("2018-0218").as_deref(), Some("2018-0218"));
/// assert_eq!(process_id("COM(2016) 272"), None);
/// ```
pub fn process_id(reference: &str) -> Option<String> {
    let base = reference.trim();
    let base = base.split_once('(').map_or(base, |(b, _)| b).trim_end();
    let (year, number) = base.split_once(['/', '-'])?;
    let digits = number.len().min(4);
    let (number, letter) = (number.get(..digits)?, number.get(digits..)?);
    let good = year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && number.len() == 4
        && number.bytes().all(|b| b.is_ascii_digit())
        && letter.len() <= 1
        && letter.bytes().all(|b| b.is_ascii_alphabetic());
    good.then(|| format!("{year}-{number}{}", letter.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    fn event(date: &str, stage: Option<Stage>, source: &str) -> Event {
        let mut e = Event::info(parse_date(date).unwrap(), "n");
        e.stage = stage;
        e.set_source(Some(source));
        e
    }

    #[test]
    fn events_already_there_are_left_alone_and_new_ones_go_in_date_order() {
        let mine = vec![
            event("2016-05-04", Some(Stage::Proposal), "COM"),
            // The user's own note on an event the API also has.
            event("2017-05-30", Some(Stage::LibeVote), "A").with_note("mine"),
            event("2019-01-01", None, "my own source"),
        ];
        let theirs = vec![
            event("2017-05-30", Some(Stage::LibeVote), "A"),
            event("2017-06-14", None, "B"),
            event("2024-05-14", Some(Stage::Adoption), "C"),
        ];
        let (events, added) = merge_events(&mine, &theirs);
        let sources: Vec<_> = events.iter().map(|e| e.source().unwrap()).collect();
        assert_eq!(sources, ["COM", "A", "B", "my own source", "C"]);
        assert_eq!(events[1].note(), Some("mine"));
        assert_eq!(added, theirs[1..]);
        // Same date and source, another stage: not the same event.
        let (_, added) = merge_events(&mine, &[event("2017-05-30", None, "A")]);
        assert_eq!(added.len(), 1);
    }

    #[test]
    fn an_event_before_all_goes_first_and_order_of_mine_is_kept() {
        // Not in date order: the user's order is kept as it is.
        let mine = vec![
            event("2020-01-01", None, "x"),
            event("2018-01-01", None, "y"),
        ];
        let (events, _) = merge_events(&mine, &[event("2010-01-01", None, "z")]);
        let sources: Vec<_> = events.iter().map(|e| e.source().unwrap()).collect();
        assert_eq!(sources, ["z", "x", "y"]);
    }

    /// The merge as first written, one event at a time (quadratic): the
    /// reference the n log n merge must agree with.
    fn merge_events_one_by_one(mine: &[Event], theirs: &[Event]) -> (Vec<Event>, Vec<Event>) {
        let mut events = mine.to_vec();
        let mut added = Vec::new();
        for event in theirs {
            let there = events.iter().any(|e| {
                e.date == event.date && e.stage == event.stage && e.source() == event.source()
            });
            if there {
                continue;
            }
            let at = events
                .iter()
                .rposition(|e| e.date <= event.date)
                .map_or(0, |i| i + 1);
            events.insert(at, event.clone());
            added.push(event.clone());
        }
        (events, added)
    }

    #[test]
    fn the_fast_merge_puts_every_event_where_one_by_one_insertion_would() {
        // A small deterministic generator: days, stages and sources drawn
        // from small sets, so ties, duplicates and unsorted input are common.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let day = parse_date("2020-01-01").unwrap();
        for _ in 0..2000 {
            let mut make = |count: u64| -> Vec<Event> {
                (0..next(count))
                    .map(|_| {
                        let mut e = Event::info(day + chrono::Days::new(next(6)), "n");
                        e.stage =
                            [None, Some(Stage::Proposal), Some(Stage::Adoption)][next(3) as usize];
                        e.set_source(Some(["a", "b", "c", "d"][next(4) as usize]));
                        e
                    })
                    .collect()
            };
            let (mine, theirs) = (make(8), make(8));
            assert_eq!(
                merge_events(&mine, &theirs),
                merge_events_one_by_one(&mine, &theirs),
                "{mine:?} + {theirs:?}"
            );
        }
    }

    #[test]
    fn process_ids() {
        assert_eq!(process_id("2016/0132(COD)").as_deref(), Some("2016-0132"));
        assert_eq!(process_id("2016/0357A(COD)").as_deref(), Some("2016-0357A"));
        assert_eq!(process_id("2016-0357A").as_deref(), Some("2016-0357A"));
        assert_eq!(process_id("2016/132(COD)"), None);
        assert_eq!(process_id("2016/01320(COD)"), None);
        assert_eq!(process_id("16/0132(COD)"), None);
        assert_eq!(process_id(""), None);
        assert_eq!(process_id("é"), None);
        assert_eq!(process_id("2016/01é2"), None);
    }
}
