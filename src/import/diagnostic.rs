//! What an importer noticed but did not fail on.

use std::fmt;

use crate::error::shorten;

/// Something an import kept going through, with where it is.
///
/// Displayed as one line: the input, the procedure, the activity, then what
/// happened, e.g.
/// ``dump.json: procedure 2016/0132(COD), consists_of[3] (2016-0132-X-2017-01-01): unknown activity type `FOO` (kept as an informational event)``.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportDiagnostic {
    /// The input: a path, or `<input>` for a reader without a name.
    pub origin: String,
    /// The procedure: its reference when it has one, else its position
    /// (`data[12]`, `record 12`). `None` for a problem with the whole input.
    pub procedure: Option<String>,
    /// The activity or event within the procedure: its position and id
    /// (`consists_of[3] (2016-0132-DEC-ADCP-2017-05-30)`, `events[4]`).
    pub item: Option<String>,
    /// What happened.
    pub kind: ImportDiagnosticKind,
}

/// What an import noticed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportDiagnosticKind {
    /// An activity type (EP API) or key-event label (Parltrack) the importer
    /// does not know; the event is kept as an informational event.
    UnknownType {
        /// The type or label, as given.
        value: String,
    },
    /// An activity without a type; kept as an informational event.
    MissingType,
    /// A procedure with several references (a procedure of two types); the
    /// first one is used.
    SeveralReferences {
        /// Every reference given.
        references: Vec<String>,
    },
    /// A procedure already imported (from the same input or another one);
    /// the first copy is kept and this one skipped.
    Duplicate {
        /// The input the first copy came from.
        first: String,
    },
    /// The source says the procedure ended (withdrawn, lapsed, rejected) but
    /// gives no dated event for it, so no terminal event is recorded.
    UndatedEnd {
        /// What the source says (Parltrack's `stage_reached`).
        stage_reached: String,
    },
    /// With `keep_going`: a procedure or a whole input skipped because of
    /// this error.
    Skipped {
        /// The error, as it would have been reported.
        error: String,
    },
}

impl ImportDiagnostic {
    pub(crate) fn new(origin: &str, kind: ImportDiagnosticKind) -> Self {
        ImportDiagnostic {
            origin: origin.to_string(),
            procedure: None,
            item: None,
            kind,
        }
    }

    pub(crate) fn procedure(mut self, procedure: &str) -> Self {
        self.procedure = Some(procedure.to_string());
        self
    }

    pub(crate) fn item(mut self, item: String) -> Self {
        self.item = Some(item);
        self
    }
}

impl fmt::Display for ImportDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The error of what was skipped already says where it is.
        if let ImportDiagnosticKind::Skipped { error } = &self.kind {
            return write!(f, "skipped {error}");
        }
        f.write_str(&self.origin)?;
        if let Some(procedure) = &self.procedure {
            write!(f, ": procedure {}", shorten(procedure))?;
        }
        if let Some(item) = &self.item {
            write!(f, ", {}", shorten(item))?;
        }
        f.write_str(": ")?;
        match &self.kind {
            ImportDiagnosticKind::UnknownType { value } => {
                write!(
                    f,
                    "unknown type `{}` (kept as an informational event)",
                    shorten(value)
                )
            }
            ImportDiagnosticKind::MissingType => {
                f.write_str("no activity type (kept as an informational event)")
            }
            ImportDiagnosticKind::SeveralReferences { references } => write!(
                f,
                "several references ({}); the file uses the first",
                shorten(&references.join(", "))
            ),
            ImportDiagnosticKind::Duplicate { first } => {
                write!(f, "already imported from {first}; this copy is skipped")
            }
            ImportDiagnosticKind::UndatedEnd { stage_reached } => write!(
                f,
                "the source says `{}` but dates no event for it; no terminal event recorded",
                shorten(stage_reached)
            ),
            // Written whole above.
            ImportDiagnosticKind::Skipped { .. } => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_with_everything_that_locates_it() {
        let d = ImportDiagnostic::new(
            "dump.json",
            ImportDiagnosticKind::UnknownType {
                value: "FOO".into(),
            },
        )
        .procedure("2016/0132(COD)")
        .item("consists_of[3] (X-1)".into());
        assert_eq!(
            d.to_string(),
            "dump.json: procedure 2016/0132(COD), consists_of[3] (X-1): unknown type `FOO` (kept as an informational event)"
        );
        let skipped = ImportDiagnostic::new(
            "b.json",
            ImportDiagnosticKind::Skipped {
                error: "b.json: line 1, column 2: oops".into(),
            },
        );
        assert_eq!(
            skipped.to_string(),
            "skipped b.json: line 1, column 2: oops"
        );
    }
}
