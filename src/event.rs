//! Dated, sourced events in a file's history.

use chrono::NaiveDate;
use serde::Serialize;

use crate::stage::Stage;

/// One dated event in a legislative file's history.
///
/// An event with a [`stage`](Event::stage) moves the file (or records a
/// further trilogue meeting, a revised mandate); an event without one is
/// informational: a debate, a presentation, a planning statement. Every event
/// should say where it comes from in [`source`](Event::source).
///
/// ```
/// use codecision::{Event, Stage, parse_date};
///
/// let event = Event::new(parse_date("2017-06-09")?, Stage::GeneralApproach)
///     .source("Council doc 15127/17")
///     .note("JHA Council");
/// assert_eq!(event.stage, Some(Stage::GeneralApproach));
///
/// let debate = Event::info(parse_date("2018-07-04")?, "plenary debate");
/// assert!(debate.stage.is_none());
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// When it happened.
    pub date: NaiveDate,
    /// The stage it records, or `None` for an informational event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Where the fact comes from (a document number, a press release, a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Anything a reader should know: what happened, how the date was
    /// established, why it is uncertain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The committee that voted, for a committee vote held by another
    /// committee than the file's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<String>,
}

impl Event {
    /// An event that records `stage` on `date`.
    pub fn new(date: NaiveDate, stage: Stage) -> Self {
        Event {
            date,
            stage: Some(stage),
            source: None,
            note: None,
            committee: None,
        }
    }

    /// An informational event (no stage) on `date`, described by `note`.
    pub fn info(date: NaiveDate, note: impl Into<String>) -> Self {
        Event {
            date,
            stage: None,
            source: None,
            note: Some(note.into()),
            committee: None,
        }
    }

    /// Sets where the fact comes from.
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets the note.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Sets the committee that voted.
    #[must_use]
    pub fn committee(mut self, committee: impl Into<String>) -> Self {
        self.committee = Some(committee.into());
        self
    }
}
