//! The state of every file at a date.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::query::Ask;
use crate::register::Register;
use crate::stage::Stage;

/// Where files stand at a date: the answer of [`Register::status`] and
/// [`Register::status_of`].
///
/// Serialises as the command line's `status` JSON: `as_of`, then `files`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Status {
    /// The date asked about.
    pub as_of: NaiveDate,
    /// Each file's stage, in register order (or in the order asked).
    pub files: Vec<FileStatus>,
}

/// A file's stage at a date, and since when.
///
/// Serialises as one entry of the command line's `status` JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FileStatus {
    /// The file's id (shared with the register: a reference count, not a
    /// copy).
    pub id: Arc<str>,
    /// Its stage at the date (`None`: no staged event yet).
    pub stage: Option<Stage>,
    /// The date of the earliest event recording that stage.
    pub since: Option<NaiveDate>,
}

impl FileStatus {
    fn of(register: &Register, node: u32, as_of: NaiveDate) -> Option<Self> {
        let at = register.file_at(node)?.stage_at(as_of);
        Some(FileStatus {
            id: register.shared_id(node),
            stage: at.map(|s| s.stage),
            since: at.map(|s| s.since),
        })
    }
}

impl Register {
    /// The stage of every file as of `ask`'s date, in register order (the
    /// ask's target and deadline are not used: see
    /// [`status_of`](Register::status_of) for some files).
    ///
    /// ```
    /// use codecision::{Ask, Register, Stage, parse_date};
    /// let register = Register::security_union();
    /// let all = register.status(&Ask::new(parse_date("2017-06-28")?));
    /// let ees = all.files.iter().find(|s| &*s.id == "ees").unwrap();
    /// assert_eq!(ees.stage, Some(Stage::Trilogue));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Complexity
    ///
    /// One binary search per file over its own staged events.
    pub fn status(&self, ask: &Ask) -> Status {
        let as_of = ask.as_of();
        Status {
            as_of,
            files: (0..self.files().len() as u32)
                .filter_map(|n| FileStatus::of(self, n, as_of))
                .collect(),
        }
    }

    /// The stage of the named files as of `ask`'s date, in the order given.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] for an id that is not a file, with a suggestion.
    pub fn status_of(&self, ids: &[&str], ask: &Ask) -> Result<Status, Error> {
        let as_of = ask.as_of();
        let files = ids
            .iter()
            .map(|id| {
                self.index_of(id)
                    .ok()
                    .and_then(|n| FileStatus::of(self, n, as_of))
                    .ok_or_else(|| self.unknown_file(id))
            })
            .collect::<Result<_, Error>>()?;
        Ok(Status { as_of, files })
    }

    pub(crate) fn unknown_file(&self, id: &str) -> Error {
        Error::UnknownId {
            id: id.to_string(),
            suggestion: crate::register::closest(id, self.files().iter().map(|f| f.id())),
        }
    }
}
