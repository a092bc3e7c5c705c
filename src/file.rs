//! A legislative file: its identity, its dated history, and its state at any
//! date.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::event::Event;
use crate::packed::Packed;
use crate::stage::Stage;
use crate::transition::{Progress, Refusal, Rule, Step};

/// A hard prerequisite: the file `file` must reach `stage`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Requirement {
    /// The id of the required file.
    pub file: String,
    /// The stage it must reach (`entry_into_force` unless said otherwise).
    pub stage: Stage,
}

impl Requirement {
    /// The required file must enter into force (the format's default).
    pub fn in_force(file: impl Into<String>) -> Self {
        Requirement {
            file: file.into(),
            stage: Stage::EntryIntoForce,
        }
    }

    /// The required file must reach `stage`.
    pub fn at(file: impl Into<String>, stage: Stage) -> Self {
        Requirement {
            file: file.into(),
            stage,
        }
    }
}

/// A file's stage at a date, and since when it has been there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StageAt {
    /// The stage.
    pub stage: Stage,
    /// The date of the earliest event recording that stage.
    pub since: NaiveDate,
}

/// What [`LegislativeFile::apply`] did with an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Applied {
    /// The file moved to a new stage under this rule of the table.
    Transition(&'static Rule),
    /// The stage was recorded again (a further trilogue, a revised mandate,
    /// an amended proposal): no transition.
    Repeat,
    /// An informational event: no stage.
    Informational,
}

/// An anomaly in a file's recorded history: a stage recorded where the
/// transition table would not have allowed it (a trilogue before both
/// mandates, an adoption with no agreement...). History is kept as it is;
/// diagnostics only report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The file's id.
    pub file: String,
    /// The index of the event in the file's `events`.
    pub event: usize,
    /// The event's date.
    pub date: NaiveDate,
    /// The stage the event records.
    pub stage: Stage,
    /// The stage the file was at when the event came (by date order).
    pub from: Option<Stage>,
    /// The table rule whose condition failed, if a row matched.
    pub rule: Option<&'static str>,
    /// Why the table would refuse it (serialised as its text).
    pub reason: Refusal,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "file `{}`, event {} ({}): {} recorded at {}: {}",
            self.file,
            self.event,
            self.date,
            self.stage,
            self.from.map_or("no stage", Stage::as_str),
            self.reason
        )
    }
}

/// A staged event in date order, with the best stage so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    date: NaiveDate,
    stage: Stage,
    /// Index into `marks` of the highest (rank, date) non-terminal mark up to
    /// and including this one, or `NONE`.
    best: u32,
}

const NONE: u32 = u32::MAX;

/// What a file's history says, indexed for questions by date: each answer is
/// a binary search or an array lookup, never a scan of the events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Timeline {
    /// In date order (so the last one is the latest staged event).
    marks: Vec<Mark>,
    /// The date of the earliest mark of each stage. When a ranked stage was
    /// first reached, directly or by implication, is the earliest of a few
    /// of these ([`Timeline::reached_from`]): not kept, which keeps a
    /// file's record within 192 bytes (a register of 100,000 files about 6
    /// MB smaller).
    first: [Option<NaiveDate>; 11],
    terminal: Option<(NaiveDate, Stage)>,
    progress: Progress,
}

impl Timeline {
    fn build(events: &[Event]) -> Self {
        let staged = || events.iter().filter_map(|e| e.stage.map(|s| (e.date, s)));
        let mut timeline = Timeline {
            marks: Vec::with_capacity(staged().count()),
            ..Timeline::default()
        };
        // Events are mostly recorded in date order: sorted only if not.
        if staged().is_sorted_by_key(|(date, _)| date) {
            for (date, stage) in staged() {
                timeline.push(date, stage);
            }
        } else {
            let mut sorted: Vec<(NaiveDate, Stage)> = staged().collect();
            // Stable: events on the same day keep their recorded order.
            sorted.sort_by_key(|&(date, _)| date);
            for (date, stage) in sorted {
                timeline.push(date, stage);
            }
        }
        timeline
    }

    /// Adds a staged event dated on or after every mark already there.
    fn push(&mut self, date: NaiveDate, stage: Stage) {
        let index = self.marks.len() as u32;
        let previous = self.marks.last().map_or(NONE, |m| m.best);
        let best = match stage.rank() {
            None => previous,
            Some(rank) => {
                let better = previous == NONE || {
                    let b = &self.marks[previous as usize];
                    (rank, date) > (b.stage.rank().unwrap_or(0), b.date)
                };
                if better { index } else { previous }
            }
        };
        self.marks.push(Mark { date, stage, best });
        let slot = &mut self.first[stage.index()];
        if slot.is_none_or(|d| date < d) {
            *slot = Some(date);
        }
        if stage.is_terminal() && self.terminal.is_none_or(|(d, _)| date < d) {
            self.terminal = Some((date, stage));
        }
        self.progress.record(stage);
    }

    /// The date of the latest staged event.
    fn last_staged(&self) -> Option<NaiveDate> {
        self.marks.last().map(|m| m.date)
    }

    /// When the ranked stage `target` was first reached: the earliest
    /// event of a (non-terminal) stage that implies it. At most eight
    /// look-ups.
    fn reached_from(&self, target: Stage) -> Option<NaiveDate> {
        Stage::RANKED
            .into_iter()
            .filter(|&s| s.implies(target))
            .filter_map(|s| self.first[s.index()])
            .min()
    }

    fn stage_at(&self, date: NaiveDate) -> Option<StageAt> {
        if let Some((since, stage)) = self.terminal.filter(|&(d, _)| d <= date) {
            return Some(StageAt { stage, since });
        }
        let known = self.marks.partition_point(|m| m.date <= date);
        let best = self.marks[..known].last()?.best;
        if best == NONE {
            return None;
        }
        let stage = self.marks[best as usize].stage;
        let since = self.first[stage.index()]?;
        Some(StageAt { stage, since })
    }

    fn reached(&self, stage: Stage, date: NaiveDate) -> bool {
        let from = match stage.rank() {
            None => self.first[stage.index()],
            Some(_) => self.reached_from(stage),
        };
        from.is_some_and(|d| d <= date)
    }
}

/// Positions of a file's texts in its [`Packed`] identity.
pub(crate) const TITLE: usize = 0;
const PROCEDURE: usize = 1;
const PROPOSAL: usize = 2;
const ACT: usize = 3;
const COMMITTEE: usize = 4;

/// A legislative file: who it is, and what happened to it.
///
/// Build one in code with [`new`](LegislativeFile::new) and the `with_*`
/// methods, record history as it is with [`record`](LegislativeFile::record)
/// (lenient: any order, anomalies reported by
/// [`diagnostics`](LegislativeFile::diagnostics)), or make transitions with
/// [`apply`](LegislativeFile::apply) (strict: the transition table decides).
///
/// ```
/// use codecision::{Event, LegislativeFile, Stage, parse_date};
///
/// let d = |s| parse_date(s).unwrap();
/// let mut etias = LegislativeFile::new("etias", "European Travel Information and Authorisation System")
///     .with_procedure("2016/0357A(COD)");
/// etias.apply(Event::new(d("2016-11-16"), Stage::Proposal))?;
/// etias.apply(Event::new(d("2017-06-09"), Stage::GeneralApproach))?;
///
/// // Trilogue needs both mandates: refused, with the rule that refused it.
/// let err = etias.apply(Event::new(d("2017-07-01"), Stage::Trilogue)).unwrap_err();
/// assert!(err.to_string().contains("trilogue-needs-both-mandates"));
///
/// etias.apply(Event::new(d("2017-10-12"), Stage::LibeVote))?;
/// etias.apply(Event::new(d("2017-11-15"), Stage::Trilogue))?;
///
/// assert_eq!(etias.stage_at(d("2017-07-01")).unwrap().stage, Stage::GeneralApproach);
/// assert!(etias.reached(Stage::LibeVote, d("2017-12-31")));
/// assert!(!etias.reached(Stage::LibeVote, d("2017-10-11")));
/// assert_eq!(etias.since(Stage::Trilogue, d("2018-01-24")), Some(d("2017-11-15")));
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone)]
pub struct LegislativeFile {
    /// Boxed: a register holds its files in one array, which then takes 8
    /// bytes a file, not the 230 of what is inside; reading the two halves
    /// of a large register at once (`register/stream.rs`) joins them by
    /// moving 8 bytes a file, where moving the whole records held both
    /// copies of the second half at the peak (about 12 MB at 100,000 files).
    d: Box<FileData>,
}

/// What a [`LegislativeFile`] holds.
#[derive(Clone)]
struct FileData {
    /// Shared with the register's index of ids.
    id: Arc<str>,
    /// Title, procedure, proposal, act and committee, in one allocation.
    texts: Packed<4>,
    events: Vec<Event>,
    requires: Vec<Requirement>,
    related: Vec<String>,
    timeline: Timeline,
}

impl PartialEq for LegislativeFile {
    fn eq(&self, other: &Self) -> bool {
        // The timeline is derived from the events.
        self.d.id == other.d.id
            && self.d.texts == other.d.texts
            && self.d.events == other.d.events
            && self.d.requires == other.d.requires
            && self.d.related == other.d.related
    }
}

impl fmt::Debug for LegislativeFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegislativeFile")
            .field("id", &self.d.id)
            .field("title", &self.title())
            .field("procedure", &self.procedure())
            .field("proposal", &self.proposal())
            .field("act", &self.act())
            .field("committee", &self.committee())
            .field("events", &self.d.events)
            .field("requires", &self.d.requires)
            .field("related", &self.d.related)
            .finish_non_exhaustive()
    }
}

impl Eq for LegislativeFile {}

impl LegislativeFile {
    /// A file with an id and a title and no history yet.
    ///
    /// The id is checked when the file joins a
    /// [`Register`](crate::Register): lowercase ASCII letters, digits and `-`.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        LegislativeFile {
            d: Box::new(FileData {
                id: Arc::from(id.into()),
                texts: Packed::new(&[Some(&title.into()), None, None, None, None]),
                events: Vec::new(),
                requires: Vec::new(),
                related: Vec::new(),
                timeline: Timeline::default(),
            }),
        }
    }

    /// Sets the procedure reference (`2016/0357A(COD)`).
    #[must_use]
    pub fn with_procedure(mut self, procedure: impl Into<String>) -> Self {
        self.d.texts.set(PROCEDURE, Some(&procedure.into()));
        self
    }

    /// Sets the Commission proposal's reference (`COM(2016) 731`).
    #[must_use]
    pub fn with_proposal(mut self, proposal: impl Into<String>) -> Self {
        self.d.texts.set(PROPOSAL, Some(&proposal.into()));
        self
    }

    /// Sets the adopted act (`Regulation (EU) 2018/1240`).
    #[must_use]
    pub fn with_act(mut self, act: impl Into<String>) -> Self {
        self.d.texts.set(ACT, Some(&act.into()));
        self
    }

    /// Sets Parliament's lead committee (`LIBE`, `ITRE`).
    #[must_use]
    pub fn with_committee(mut self, committee: impl Into<String>) -> Self {
        self.d.texts.set(COMMITTEE, Some(&committee.into()));
        self
    }

    /// Adds a hard prerequisite.
    #[must_use]
    pub fn requires(mut self, requirement: Requirement) -> Self {
        self.d.requires.push(requirement);
        self
    }

    /// Adds a non-blocking link to another file.
    #[must_use]
    pub fn related_to(mut self, id: impl Into<String>) -> Self {
        self.d.related.push(id.into());
        self
    }

    /// Adds events as they were recorded (lenient, see
    /// [`record`](LegislativeFile::record)).
    #[must_use]
    pub fn with_events(mut self, events: impl IntoIterator<Item = Event>) -> Self {
        self.d.events.extend(events);
        self.d.timeline = Timeline::build(&self.d.events);
        self
    }

    /// Records an event as history has it, whatever its date or stage.
    /// Anomalies are reported by [`diagnostics`](LegislativeFile::diagnostics),
    /// never refused.
    pub fn record(&mut self, event: Event) {
        let in_order = self
            .d
            .timeline
            .marks
            .last()
            .is_none_or(|m| event.stage.is_none() || m.date <= event.date);
        if let (Some(stage), true) = (event.stage, in_order) {
            self.d.timeline.push(event.date, stage);
        }
        self.d.events.push(event);
        if !in_order {
            self.d.timeline = Timeline::build(&self.d.events);
        }
    }

    /// Makes a transition, checked against the transition table.
    ///
    /// A staged event is accepted when the table allows it from the file's
    /// current state (its stage and the mandates it holds) and it is not dated
    /// before the file's latest staged event. A further trilogue, a revised
    /// mandate or an amended proposal is accepted as a repeat. An
    /// informational event is always accepted.
    ///
    /// # Errors
    ///
    /// [`Error::IllegalTransition`] naming the file and the table's
    /// [`Refusal`] (the from and to stages, the rules that lead there); [`Error::DateBackwards`] with both dates.
    /// The file is unchanged on error.
    pub fn apply(&mut self, event: Event) -> Result<Applied, Error> {
        let Some(stage) = event.stage else {
            self.d.events.push(event);
            return Ok(Applied::Informational);
        };
        if let Some(previous) = self.d.timeline.last_staged().filter(|&d| event.date < d) {
            return Err(Error::DateBackwards {
                file: self.d.id.to_string(),
                stage,
                date: event.date,
                previous,
            });
        }
        let applied = match self.d.timeline.progress.check(stage) {
            Ok(Step::Transition(rule)) => Applied::Transition(rule),
            Ok(Step::Repeat) => Applied::Repeat,
            Err(refusal) => {
                return Err(Error::IllegalTransition {
                    file: self.d.id.to_string(),
                    refusal,
                });
            }
        };
        self.d.timeline.push(event.date, stage);
        self.d.events.push(event);
        Ok(applied)
    }

    /// The stages the file may move to next, by the transition table, given
    /// its whole recorded history.
    pub fn allowed_next(&self) -> Vec<Stage> {
        self.d.timeline.progress.allowed_next()
    }

    /// The stages the file could move to next as of `date`, given only the
    /// events dated on or before it.
    pub fn allowed_next_at(&self, date: NaiveDate) -> Vec<Stage> {
        self.progress_at(date).allowed_next()
    }

    /// The file's progress (stage and mandates held) replaying the staged
    /// events dated on or before `date`.
    pub fn progress_at(&self, date: NaiveDate) -> Progress {
        let mut progress = Progress::new();
        for mark in self.d.timeline.marks.iter().take_while(|m| m.date <= date) {
            progress.record(mark.stage);
        }
        progress
    }

    /// Replays the history in date order against the transition table and
    /// reports every anomaly (a trilogue before a mandate, an adoption with
    /// no agreement...). Never fails: history is what it is.
    ///
    /// ```
    /// use codecision::{Event, LegislativeFile, Stage, parse_date};
    /// let d = |s| parse_date(s).unwrap();
    /// let sis = LegislativeFile::new("sis-border", "SIS border checks").with_events([
    ///     Event::new(d("2016-12-21"), Stage::Proposal),
    ///     Event::new(d("2017-11-08"), Stage::GeneralApproach),
    ///     Event::new(d("2018-01-24"), Stage::Trilogue),
    /// ]);
    /// let found = sis.diagnostics();
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].event, 2);
    /// assert_eq!(found[0].rule, Some("trilogue-needs-both-mandates"));
    /// ```
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut order: Vec<usize> = (0..self.d.events.len())
            .filter(|&i| self.d.events[i].stage.is_some())
            .collect();
        order.sort_by_key(|&i| self.d.events[i].date);
        let mut progress = Progress::new();
        let mut out = Vec::new();
        for i in order {
            let event = &self.d.events[i];
            let Some(stage) = event.stage else { continue };
            if let Err(refusal) = progress.check(stage) {
                out.push(Diagnostic {
                    file: self.d.id.to_string(),
                    event: i,
                    date: event.date,
                    stage,
                    from: progress.stage(),
                    rule: refusal.failed_rule().map(|r| r.name),
                    reason: refusal,
                });
            }
            progress.record(stage);
        }
        out
    }

    /// The file's stage at `date`, as the register format defines it: the
    /// highest-ranked stage reached by then (a terminal stage wins over
    /// everything; with both mandates and nothing higher, the later mandate),
    /// with the date of the earliest event recording it. `None` when no
    /// staged event is dated on or before `date`.
    ///
    /// # Complexity
    ///
    /// O(log n) in the number of staged events.
    pub fn stage_at(&self, date: NaiveDate) -> Option<StageAt> {
        self.d.timeline.stage_at(date)
    }

    /// Whether the file has reached `stage` by `date`: an event dated on or
    /// before it records `stage`, or a non-terminal stage that implies it
    /// (see [`Stage::implies`]).
    ///
    /// # Complexity
    ///
    /// O(1).
    pub fn reached(&self, stage: Stage, date: NaiveDate) -> bool {
        self.d.timeline.reached(stage, date)
    }

    /// The date of the earliest event recording `stage`, if it is dated on or
    /// before `date`.
    pub fn since(&self, stage: Stage, date: NaiveDate) -> Option<NaiveDate> {
        self.d.timeline.first[stage.index()].filter(|&d| d <= date)
    }

    /// The earliest date on which the file reached `stage` (directly or by
    /// implication), if ever.
    pub fn reached_on(&self, stage: Stage) -> Option<NaiveDate> {
        match stage.rank() {
            None => self.d.timeline.first[stage.index()],
            Some(_) => self.d.timeline.reached_from(stage),
        }
    }

    /// The date of the latest staged event: on any date from then on, what
    /// the file's record says ([`stage_at`](LegislativeFile::stage_at),
    /// [`reached`](LegislativeFile::reached), [`since`](LegislativeFile::since))
    /// is the same.
    #[cfg(feature = "forecast")]
    pub(crate) fn last_staged(&self) -> Option<NaiveDate> {
        self.d.timeline.last_staged()
    }

    /// The file's stage after its whole recorded history.
    pub fn current_stage(&self) -> Option<Stage> {
        self.d
            .timeline
            .marks
            .last()
            .and_then(|m| self.d.timeline.stage_at(m.date))
            .map(|s| s.stage)
    }

    /// The committee that cast the vote recorded by `event` (its own, or the
    /// file's lead committee).
    pub fn committee_for<'a>(&'a self, event: &'a Event) -> Option<&'a str> {
        event.committee().or(self.committee())
    }

    /// The file's id.
    pub fn id(&self) -> &str {
        &self.d.id
    }

    /// The file's id, shared (a copy of the pointer, not of the text).
    pub(crate) fn shared_id(&self) -> &Arc<str> {
        &self.d.id
    }

    /// Sets the id to one already shared.
    pub(crate) fn set_shared_id(&mut self, id: Arc<str>) {
        self.d.id = id;
    }

    /// The file's title.
    pub fn title(&self) -> &str {
        self.d.texts.get(TITLE).unwrap_or("")
    }

    /// The procedure reference (`2016/0357A(COD)`).
    pub fn procedure(&self) -> Option<&str> {
        self.d.texts.get(PROCEDURE)
    }

    /// The Commission proposal's reference (`COM(2016) 731`).
    pub fn proposal(&self) -> Option<&str> {
        self.d.texts.get(PROPOSAL)
    }

    /// The adopted act.
    pub fn act(&self) -> Option<&str> {
        self.d.texts.get(ACT)
    }

    /// Parliament's lead committee.
    pub fn committee(&self) -> Option<&str> {
        self.d.texts.get(COMMITTEE)
    }

    /// The events, in recorded order.
    pub fn events(&self) -> &[Event] {
        &self.d.events
    }

    /// The hard prerequisites.
    pub fn requirements(&self) -> &[Requirement] {
        &self.d.requires
    }

    /// The non-blocking links.
    pub fn related(&self) -> &[String] {
        &self.d.related
    }

    pub(crate) fn annotate_last(&mut self, note: String) {
        if let Some(last) = self.d.events.last_mut() {
            last.set_note(Some(&note));
        }
    }

    pub(crate) fn set_events(&mut self, events: Vec<Event>) {
        self.d.timeline = Timeline::build(&events);
        self.d.events = events;
    }

    pub(crate) fn set_links(&mut self, requires: Vec<Requirement>, related: Vec<String>) {
        self.d.requires = requires;
        self.d.related = related;
    }

    /// Sets title, procedure, proposal, act and committee at once (one
    /// allocation).
    pub(crate) fn set_identity(&mut self, texts: Packed<4>) {
        self.d.texts = texts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use Stage::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn file(events: &[(&str, Option<Stage>)]) -> LegislativeFile {
        LegislativeFile::new("f", "F").with_events(
            events
                .iter()
                .map(|&(date, stage)| Event::from_parts(d(date), stage, None, None, None)),
        )
    }

    #[test]
    fn no_stage_before_the_first_event() {
        let f = file(&[("2017-01-10", Some(Proposal))]);
        assert_eq!(f.stage_at(d("2017-01-09")), None);
        assert_eq!(f.stage_at(d("2017-01-10")).unwrap().stage, Proposal);
        let empty = file(&[]);
        assert_eq!(empty.stage_at(d("2030-01-01")), None);
        assert_eq!(empty.current_stage(), None);
    }

    #[test]
    fn later_mandate_is_the_stage() {
        let f = file(&[
            ("2017-01-10", Some(Proposal)),
            ("2017-03-01", Some(LibeVote)),
            ("2017-04-01", Some(GeneralApproach)),
        ]);
        assert_eq!(f.stage_at(d("2017-03-15")).unwrap().stage, LibeVote);
        let at = f.stage_at(d("2017-04-15")).unwrap();
        assert_eq!((at.stage, at.since), (GeneralApproach, d("2017-04-01")));
    }

    #[test]
    fn revised_mandate_counts_by_its_latest_date_and_since_by_its_first() {
        let f = file(&[
            ("2017-01-10", Some(Proposal)),
            ("2017-02-01", Some(GeneralApproach)),
            ("2017-03-01", Some(LibeVote)),
            ("2017-04-01", Some(GeneralApproach)),
        ]);
        let at = f.stage_at(d("2017-05-01")).unwrap();
        assert_eq!((at.stage, at.since), (GeneralApproach, d("2017-02-01")));
    }

    #[test]
    fn terminal_wins_and_implies_nothing() {
        let f = file(&[
            ("2017-01-10", Some(Proposal)),
            ("2017-02-01", Some(GeneralApproach)),
            ("2018-02-01", Some(Withdrawn)),
        ]);
        assert_eq!(f.stage_at(d("2018-02-01")).unwrap().stage, Withdrawn);
        assert_eq!(f.stage_at(d("2018-01-31")).unwrap().stage, GeneralApproach);
        assert!(!f.reached(LibeVote, d("2019-01-01")));
        assert!(f.reached(Withdrawn, d("2019-01-01")));
        assert!(!f.reached(Withdrawn, d("2018-01-31")));
    }

    #[test]
    fn reached_by_implication() {
        let f = file(&[
            ("2017-01-10", Some(Proposal)),
            ("2017-06-01", Some(Trilogue)),
        ]);
        assert!(f.reached(GeneralApproach, d("2017-06-01")));
        assert!(f.reached(LibeVote, d("2017-06-01")));
        assert!(!f.reached(LibeVote, d("2017-05-31")));
        assert!(!f.reached(PoliticalAgreement, d("2030-01-01")));
        let g = file(&[("2017-01-10", Some(GeneralApproach))]);
        assert!(g.reached(Proposal, d("2017-01-10")));
        assert!(!g.reached(LibeVote, d("2017-01-10")));
    }

    #[test]
    fn since_is_the_first_event_of_the_stage() {
        let f = file(&[
            ("2017-01-10", Some(Proposal)),
            ("2017-02-01", Some(GeneralApproach)),
            ("2017-02-02", Some(LibeVote)),
            ("2017-03-01", Some(Trilogue)),
            ("2017-05-01", Some(Trilogue)),
            ("2017-04-01", None),
        ]);
        let at = f.stage_at(d("2017-06-01")).unwrap();
        assert_eq!((at.stage, at.since), (Trilogue, d("2017-03-01")));
        assert_eq!(f.since(Trilogue, d("2017-02-01")), None);
    }

    #[test]
    fn events_out_of_order_are_indexed_by_date() {
        let f = file(&[
            ("2018-01-10", Some(Adoption)),
            ("2017-01-10", Some(Proposal)),
            ("2017-06-01", Some(Trilogue)),
        ]);
        assert_eq!(f.stage_at(d("2017-07-01")).unwrap().stage, Trilogue);
        assert_eq!(f.stage_at(d("2018-07-01")).unwrap().stage, Adoption);
    }

    #[test]
    fn diagnostics_name_the_anomalies() {
        let f = file(&[
            ("2017-01-10", Some(Proposal)),
            ("2017-06-01", Some(Trilogue)),
            ("2017-09-01", Some(Adoption)),
        ]);
        let found = f.diagnostics();
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].event, found[0].stage, found[0].from),
            (1, Trilogue, Some(Proposal))
        );
        assert_eq!(
            (found[1].event, found[1].stage, found[1].from),
            (2, Adoption, Some(Trilogue))
        );
        assert!(
            found[1]
                .to_string()
                .contains("adoption comes only after political_agreement")
        );
    }

    #[test]
    fn apply_refuses_and_leaves_the_file_unchanged() {
        let mut f = LegislativeFile::new("x", "X");
        f.apply(Event::new(d("2017-01-10"), Proposal)).unwrap();
        let before = f.clone();
        let err = f.apply(Event::new(d("2017-02-10"), Trilogue)).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("file `x`") && text.contains("from proposal to trilogue"),
            "{text}"
        );
        assert_eq!(f, before);
        let err = f.apply(Event::new(d("2016-02-10"), LibeVote)).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("2016-02-10") && text.contains("2017-01-10"),
            "{text}"
        );
        assert_eq!(f, before);
    }

    #[test]
    fn apply_accepts_repeats_and_information() {
        let mut f = LegislativeFile::new("x", "X");
        for (date, stage) in [
            ("2017-01-10", Proposal),
            ("2017-02-10", LibeVote),
            ("2017-03-10", GeneralApproach),
            ("2017-04-10", Trilogue),
        ] {
            assert!(matches!(
                f.apply(Event::new(d(date), stage)).unwrap(),
                Applied::Transition(_)
            ));
        }
        assert_eq!(
            f.apply(Event::new(d("2017-05-10"), Trilogue)).unwrap(),
            Applied::Repeat
        );
        assert_eq!(
            f.apply(Event::info(d("2016-01-01"), "earlier debate"))
                .unwrap(),
            Applied::Informational
        );
        assert_eq!(f.stage_at(d("2017-06-01")).unwrap().since, d("2017-04-10"));
        assert_eq!(
            f.allowed_next(),
            vec![PoliticalAgreement, Withdrawn, Lapsed, Rejected]
        );
    }
}
