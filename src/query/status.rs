//! The state of every file at a date.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use crate::register::Register;
use crate::stage::Stage;

/// A file's stage at a date, and since when.
///
/// Serialises as one entry of the command line's `status` JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Status<'a> {
    /// The file's id.
    pub id: &'a str,
    /// Its stage at the date (`None`: no staged event yet).
    pub stage: Option<Stage>,
    /// The date of the earliest event recording that stage.
    pub since: Option<NaiveDate>,
}

impl Register {
    /// The stage of every file at `as_of`, in register order.
    ///
    /// ```
    /// use codecision::{Register, Stage, parse_date};
    /// let register = Register::security_union();
    /// let all = register.status(parse_date("2017-06-28")?);
    /// let ees = all.iter().find(|s| s.id == "ees").unwrap();
    /// assert_eq!(ees.stage, Some(Stage::Trilogue));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Complexity
    ///
    /// One binary search per file over its own staged events.
    pub fn status(&self, as_of: NaiveDate) -> Vec<Status<'_>> {
        self.files()
            .iter()
            .map(|f| {
                let at = f.stage_at(as_of);
                Status {
                    id: f.id(),
                    stage: at.map(|s| s.stage),
                    since: at.map(|s| s.since),
                }
            })
            .collect()
    }

    /// The stage of the named files at `as_of`, in the order given.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] for an id that is not a file, with a suggestion.
    pub fn status_of<'a>(
        &'a self,
        ids: &[&str],
        as_of: NaiveDate,
    ) -> Result<Vec<Status<'a>>, Error> {
        ids.iter()
            .map(|id| {
                let file = self.file(id).ok_or_else(|| self.unknown_file(id))?;
                let at = file.stage_at(as_of);
                Ok(Status {
                    id: file.id(),
                    stage: at.map(|s| s.stage),
                    since: at.map(|s| s.since),
                })
            })
            .collect()
    }

    pub(crate) fn unknown_file(&self, id: &str) -> Error {
        Error::UnknownId {
            id: id.to_string(),
            suggestion: crate::register::closest(id, self.files().iter().map(|f| f.id())),
        }
    }
}
