//! What an import written to a file reports.

use std::path::Path;

use serde::Serialize;

use super::Import;

/// An import written to `output`, counted: the answer of
/// [`Import::summary`] and what `codecision import --output PATH --format
/// json` writes (its `Serialize`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Summary<'a> {
    /// Where the register was written.
    pub output: &'a Path,
    /// How many files it holds.
    pub files: usize,
    /// Each diagnostic of the import, as its message.
    pub warnings: Vec<String>,
}

impl Import {
    /// This import, written to `output`, counted.
    pub fn summary<'a>(&self, output: &'a Path) -> Summary<'a> {
        Summary {
            output,
            files: self.register.files().len(),
            warnings: self.diagnostics.iter().map(ToString::to_string).collect(),
        }
    }
}
