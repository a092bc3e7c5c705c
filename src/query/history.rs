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
pub struct History<'r> {
    /// The file's id.
    pub id: &'r str,
    /// Its title.
    pub title: &'r str,
    /// Its procedure reference (e.g. `2016/0357(COD)`).
    pub procedure: Option<&'r str>,
    /// Its proposal (e.g. `COM(2016) 731`).
    pub proposal: Option<&'r str>,
    /// The act adopted, if any.
    pub act: Option<&'r str>,
    /// The Parliament committee responsible.
    pub committee: Option<&'r str>,
    /// What it requires.
    pub requires: &'r [Requirement],
    /// The files it is related to.
    pub related: &'r [String],
    /// Its events in date order (same-day events in recorded order).
    pub events: Vec<HistoryEvent<'r>>,
    /// What replaying them found out of order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One event of a [`History`]: every field present, `null` when absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HistoryEvent<'r> {
    /// The event's place in the register (as in validation messages).
    pub index: usize,
    /// Its date.
    pub date: NaiveDate,
    /// The stage it records, if any.
    pub stage: Option<Stage>,
    /// The committee it names, if any.
    pub committee: Option<&'r str>,
    /// Its source.
    pub source: Option<&'r str>,
    /// Its note.
    pub note: Option<&'r str>,
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
    pub fn history(&self, id: &str) -> Result<History<'_>, Error> {
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
                    committee: e.committee(),
                    source: e.source(),
                    note: e.note(),
                }
            })
            .collect();
        Ok(History {
            id: file.id(),
            title: file.title(),
            procedure: file.procedure(),
            proposal: file.proposal(),
            act: file.act(),
            committee: file.committee(),
            requires: file.requirements(),
            related: file.related(),
            events,
            diagnostics: file.diagnostics(),
        })
    }
}
