//! Dated, sourced events in a file's history.

use chrono::NaiveDate;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::packed::Packed;
use crate::stage::Stage;

/// One dated event in a legislative file's history.
///
/// An event with a [`stage`](Event::stage) moves the file (or records a
/// further trilogue meeting, a revised mandate); an event without one is
/// informational: a debate, a presentation, a planning statement. Every event
/// should say where it comes from in its [`source`](Event::source).
///
/// ```
/// use codecision::{Event, Stage, parse_date};
///
/// let event = Event::new(parse_date("2017-06-09")?, Stage::GeneralApproach)
///     .with_source("Council doc 15127/17")
///     .with_note("JHA Council");
/// assert_eq!(event.stage, Some(Stage::GeneralApproach));
/// assert_eq!(event.source(), Some("Council doc 15127/17"));
/// assert_eq!(event.committee(), None);
///
/// let debate = Event::info(parse_date("2018-07-04")?, "plenary debate");
/// assert!(debate.stage.is_none());
/// assert_eq!(debate.note(), Some("plenary debate"));
/// # Ok::<(), codecision::Error>(())
/// ```
///
/// An event takes 32 bytes plus one allocation for its texts, if it has any:
/// a register of a million events fits in a few tens of megabytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened.
    pub date: NaiveDate,
    /// The stage it records, or `None` for an informational event.
    pub stage: Option<Stage>,
    /// Source, note and committee.
    texts: Packed<2>,
}

const SOURCE: usize = 0;
const NOTE: usize = 1;
const COMMITTEE: usize = 2;

impl Event {
    fn text(&self, which: usize) -> Option<&str> {
        self.texts.get(which)
    }

    fn with_texts(date: NaiveDate, stage: Option<Stage>, parts: [Option<&str>; 3]) -> Event {
        Event {
            date,
            stage,
            texts: Packed::new(&parts),
        }
    }

    fn set_text(&mut self, which: usize, value: Option<&str>) {
        self.texts.set(which, value);
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("date", &self.date)
            .field("stage", &self.stage)
            .field("source", &self.source())
            .field("note", &self.note())
            .field("committee", &self.committee())
            .finish()
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = [
            ("source", self.source()),
            ("note", self.note()),
            ("committee", self.committee()),
        ];
        let len = 1 + usize::from(self.stage.is_some()) + fields.iter().flat_map(|f| f.1).count();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("date", &self.date)?;
        if let Some(stage) = self.stage {
            map.serialize_entry("stage", &stage)?;
        }
        for (name, value) in fields {
            if let Some(value) = value {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

impl Event {
    /// An event that records `stage` on `date`.
    pub fn new(date: NaiveDate, stage: Stage) -> Self {
        Event {
            date,
            stage: Some(stage),
            texts: Packed::default(),
        }
    }

    /// An informational event (no stage) on `date`, described by `note`.
    pub fn info(date: NaiveDate, note: impl AsRef<str>) -> Self {
        Event::with_texts(date, None, [None, Some(note.as_ref()), None])
    }

    /// An event with every field given at once (one allocation for the
    /// texts).
    pub fn from_parts(
        date: NaiveDate,
        stage: Option<Stage>,
        source: Option<&str>,
        note: Option<&str>,
        committee: Option<&str>,
    ) -> Self {
        Event::with_texts(date, stage, [source, note, committee])
    }

    /// Where the fact comes from (a document number, a press release, a
    /// URL).
    pub fn source(&self) -> Option<&str> {
        self.text(SOURCE)
    }

    /// Anything a reader should know: what happened, how the date was
    /// established, why it is uncertain.
    pub fn note(&self) -> Option<&str> {
        self.text(NOTE)
    }

    /// The committee that voted, for a committee vote held by another
    /// committee than the file's.
    pub fn committee(&self) -> Option<&str> {
        self.text(COMMITTEE)
    }

    /// Sets where the fact comes from.
    #[must_use]
    pub fn with_source(mut self, source: impl AsRef<str>) -> Self {
        self.set_text(SOURCE, Some(source.as_ref()));
        self
    }

    /// Sets the note.
    #[must_use]
    pub fn with_note(mut self, note: impl AsRef<str>) -> Self {
        self.set_text(NOTE, Some(note.as_ref()));
        self
    }

    /// Sets the committee that voted.
    #[must_use]
    pub fn with_committee(mut self, committee: impl AsRef<str>) -> Self {
        self.set_text(COMMITTEE, Some(committee.as_ref()));
        self
    }

    /// Replaces (or, with `None`, removes) the source.
    pub fn set_source(&mut self, source: Option<&str>) {
        self.set_text(SOURCE, source);
    }

    /// Replaces (or, with `None`, removes) the note.
    pub fn set_note(&mut self, note: Option<&str>) {
        self.set_text(NOTE, note);
    }

    /// Replaces (or, with `None`, removes) the committee.
    pub fn set_committee(&mut self, committee: Option<&str>) {
        self.set_text(COMMITTEE, committee);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2018, 1, 24).unwrap()
    }

    #[test]
    fn texts_are_kept_apart_and_empty_is_not_absent() {
        let e = Event::new(day(), Stage::Trilogue)
            .with_note("second meeting")
            .with_source("")
            .with_committee("LIBE");
        assert_eq!(e.source(), Some(""));
        assert_eq!(e.note(), Some("second meeting"));
        assert_eq!(e.committee(), Some("LIBE"));
        let mut e = e;
        e.set_note(None);
        assert_eq!(
            (e.source(), e.note(), e.committee()),
            (Some(""), None, Some("LIBE"))
        );
        e.set_source(Some("COM(2016) 731"));
        assert_eq!(e.source(), Some("COM(2016) 731"));
        assert_eq!(e.committee(), Some("LIBE"));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"date":"2018-01-24","stage":"trilogue","source":"COM(2016) 731","committee":"LIBE"}"#
        );
    }

    #[test]
    fn equal_whatever_the_order_of_setting() {
        let a = Event::new(day(), Stage::Proposal)
            .with_source("s")
            .with_note("n");
        let b = Event::new(day(), Stage::Proposal)
            .with_note("n")
            .with_source("s");
        let c = Event::from_parts(day(), Some(Stage::Proposal), Some("s"), Some("n"), None);
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_ne!(a, Event::new(day(), Stage::Proposal).with_source("sn"));
        assert_eq!(size_of::<Event>(), 24);
    }
}
