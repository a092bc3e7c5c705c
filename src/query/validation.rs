//! What checking a register found: the answer of `codecision validate`.

use serde::Serialize;

use crate::file::Diagnostic;
use crate::register::Register;

/// A valid register's counts and the order anomalies of its histories: the
/// answer of [`Register::validation`].
///
/// A register that is not valid is never built (reading it fails with every
/// problem listed), so `valid` is always `true` here; it is part of the
/// command line's `validate` JSON, which this serialises as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Validation {
    /// Always `true`: the register was read and checked.
    pub valid: bool,
    /// How many files it holds.
    pub files: usize,
    /// How many goals.
    pub goals: usize,
    /// The order anomalies found replaying each file's history.
    pub warnings: Vec<Diagnostic>,
}

impl Validation {
    /// Whether some history has order anomalies.
    pub fn has_warnings(&self) -> bool {
        !self.warnings.is_empty()
    }
}

impl Register {
    /// The register's counts and the order anomalies of its histories.
    ///
    /// ```
    /// let check = codecision::Register::security_union().validation();
    /// assert!(check.valid && check.files > 0);
    /// ```
    pub fn validation(&self) -> Validation {
        Validation {
            valid: true,
            files: self.files().len(),
            goals: self.goals().len(),
            warnings: self.diagnostics(),
        }
    }
}
