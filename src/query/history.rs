//! One file's record: its identity, links, events in date order and what
//! replaying them found.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::file::{Diagnostic, Requirement};
use crate::register::Register;
use crate::stage::Stage;

/// A file's whole record: the answer of [`Register::history`].
///
/// Serialises as the command line's `history` JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct History {
    /// The file's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its procedure reference (e.g. `2016/0357(COD)`).
    pub procedure: Option<String>,
    /// Its proposal (e.g. `COM(2016) 731`).
    pub proposal: Option<String>,
    /// The act adopted, if any.
    pub act: Option<String>,
    /// The Parliament committee responsible.
    pub committee: Option<String>,
    /// What it requires.
    pub requires: Vec<Requirement>,
    /// The files it is related to.
    pub related: Vec<String>,
    /// Its events in date order (same-day events in recorded order).
    pub events: Vec<HistoryEvent>,
    /// What replaying them found out of order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One event of a [`History`]: every field present, `null` when absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HistoryEvent {
    /// The event's place in the register (as in validation messages).
    pub index: usize,
    /// Its date.
    pub date: NaiveDate,
    /// The stage it records, if any.
    pub stage: Option<Stage>,
    /// The committee it names, if any.
    pub committee: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Its note.
    pub note: Option<String>,
}

impl Register {
    /// The record of file `id`: identity, links, events in date order and
    /// the replay's diagnostics.
    ///
    /// ```
    /// let register = codecision::Register::security_union();
    /// let history = register.history("etias")?;
    /// assert!(history.events.windows(2).all(|w| w[0].date <= w[1].date));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] if `id` is not a file of the register.
    pub fn history(&self, id: &str) -> Result<History, Error> {
        let file = self.file(id).ok_or_else(|| self.unknown_file(id))?;
        // Date order (stable, so same-day events keep their recorded order).
        let mut order: Vec<usize> = (0..file.events().len()).collect();
        order.sort_by_key(|&i| file.events()[i].date);
        let events = order
            .into_iter()
            .map(|index| {
                let e = &file.events()[index];
                HistoryEvent {
                    index,
                    date: e.date,
                    stage: e.stage,
                    committee: e.committee().map(str::to_string),
                    source: e.source().map(str::to_string),
                    note: e.note().map(str::to_string),
                }
            })
            .collect();
        Ok(History {
            id: file.id().to_string(),
            title: file.title().to_string(),
            procedure: file.procedure().map(str::to_string),
            proposal: file.proposal().map(str::to_string),
            act: file.act().map(str::to_string),
            committee: file.committee().map(str::to_string),
            requires: file.requirements().to_vec(),
            related: file.related().to_vec(),
            events,
            diagnostics: file.diagnostics(),
        })
    }
}
