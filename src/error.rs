//! The crate's one error type, [`Error`] (also at the crate root), and its
//! parts: where a register is wrong ([`Location`], [`RegisterItem`]), what
//! is wrong there ([`Problem`], [`ProblemKind`]), and what a question lacked
//! ([`Missing`]).

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::stage::Stage;
use crate::transition::Refusal;

/// Everything that can go wrong in this crate.
///
/// Each variant carries the context a person needs to find and fix the
/// problem: the file id, the event index, the stages and the rule of a refused
/// transition, the whole cycle, the JSON line and column. Messages are
/// lowercase and say what to do where that is not obvious.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The checked API refused a transition the table does not allow.
    #[error(
        "file `{}`: cannot move from {} to {}: {refusal}",
        shorten(file),
        refusal.from().map_or("no stage", Stage::as_str),
        refusal.to()
    )]
    #[non_exhaustive]
    IllegalTransition {
        /// The file's id.
        file: String,
        /// What the transition table says: the from and to stages, the rule
        /// whose condition failed if a row matched, the rules that lead to
        /// the refused stage.
        refusal: Refusal,
    },

    /// A transition was dated before the file's latest event.
    #[error(
        "file `{}`: {stage} dated {date} is before its latest staged event ({previous}); \
         `apply` takes events in date order: record earlier history with `record`",
        shorten(file)
    )]
    #[non_exhaustive]
    DateBackwards {
        /// The file's id.
        file: String,
        /// The stage being recorded.
        stage: Stage,
        /// Its date.
        date: NaiveDate,
        /// The date of the file's latest event.
        previous: NaiveDate,
    },

    /// A date that is not a real `YYYY-MM-DD` date.
    #[error("bad date `{}`: {reason} (expected YYYY-MM-DD)", shorten(value))]
    #[non_exhaustive]
    BadDate {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A stage name that is not one of the register format's.
    #[error(
        "unknown stage `{}` (known stages: proposal, general_approach, libe_vote, trilogue, political_agreement, adoption, entry_into_force, application, withdrawn, lapsed, rejected)",
        shorten(value)
    )]
    #[non_exhaustive]
    UnknownStage {
        /// The text given.
        value: String,
    },

    /// An id that names no file or goal of the register.
    #[error("unknown id `{}`{}", shorten(id), suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    #[non_exhaustive]
    UnknownId {
        /// The id given.
        id: String,
        /// The closest existing id, when one is close.
        suggestion: Option<String>,
    },

    /// A question that needs a deadline was asked about a file without one.
    #[error(
        "`{}` is a file, not a goal: give a deadline (--by DATE)",
        shorten(target)
    )]
    #[non_exhaustive]
    MissingDeadline {
        /// The file asked about.
        target: String,
    },

    /// A window between two dates that ends before it starts.
    #[error("the window ends before it starts: since {since} is after as-of {as_of}")]
    #[non_exhaustive]
    WindowBackwards {
        /// The start given.
        since: NaiveDate,
        /// The end given.
        as_of: NaiveDate,
    },

    /// A query was asked without something it needs: a target (a goal or
    /// file id) or, for a window, its start. See [`Ask`](crate::Ask).
    #[error("`{query}` needs {}: {}", missing.what(), missing.hint())]
    #[non_exhaustive]
    Incomplete {
        /// The query asked (`blockers`, `changes`...).
        query: &'static str,
        /// What the [`Ask`](crate::Ask) lacked.
        missing: Missing,
    },

    /// An answer was given to a forecaster of another date: a forecast is
    /// made as of one date, and joins only answers asked as of that date.
    #[error(
        "the answer is as of {answer} but the forecaster as of {forecaster}: ask both as of the same date"
    )]
    #[non_exhaustive]
    AsOfMismatch {
        /// The date the answer was asked as of.
        answer: NaiveDate,
        /// The forecaster's date.
        forecaster: NaiveDate,
    },

    /// The input is not well-formed JSON, or a value has the wrong type.
    #[error("{}line {line}, column {column}: {message}", origin.as_ref().map(|o| format!("{o}: ")).unwrap_or_default())]
    #[non_exhaustive]
    Json {
        /// Where the JSON came from (a path), when known.
        origin: Option<String>,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser found wrong.
        message: String,
    },

    /// The register is not valid: every problem found, together.
    #[error("{}", Problems(problems))]
    #[non_exhaustive]
    Invalid {
        /// Every problem found, in document order.
        problems: Vec<Problem>,
    },

    /// An importer could not read its input.
    #[error("{origin}: {message}")]
    #[non_exhaustive]
    Import {
        /// The input (path, record number) that is wrong.
        origin: String,
        /// What is wrong with it.
        message: String,
    },

    /// An input is larger than the limit set for a register.
    #[error(
        "{origin}: larger than the limit of {limit} bytes for a register (raise it: \
         `--max-register-size` on the command line, `ReadOptions::limit` in code)"
    )]
    #[non_exhaustive]
    TooLarge {
        /// The input (a path, or `<stdin>`).
        origin: String,
        /// The limit, in bytes.
        limit: u64,
    },

    /// A sync of a register could not be carried out as asked: procedures
    /// that could not be fetched, an id that names nothing to fetch, a
    /// register that is not a file it can write back, or one that kept
    /// changing while the sync ran. Nothing was written.
    #[error("{message}")]
    #[non_exhaustive]
    Sync {
        /// What went wrong, naming the file, the procedure or the id.
        message: String,
    },

    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    #[non_exhaustive]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// An id the register does not hold, for an embedder's own look-ups
    /// (`register.file(id).ok_or_else(|| Error::unknown_id(id))`). The
    /// register's own look-ups also suggest a close id.
    ///
    /// ```
    /// use codecision::{Error, Register};
    /// let register = Register::security_union();
    /// let missing = register.file("etais").ok_or_else(|| Error::unknown_id("etais"));
    /// assert_eq!(missing.unwrap_err().to_string(), "unknown id `etais`");
    /// ```
    pub fn unknown_id(id: impl Into<String>) -> Self {
        Error::UnknownId {
            id: id.into(),
            suggestion: None,
        }
    }

    /// A stage name, or a stage asked for, that is not there.
    pub fn unknown_stage(value: impl Into<String>) -> Self {
        Error::UnknownStage {
            value: value.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn json(origin: Option<&str>, err: &serde_json::Error) -> Self {
        let message = err.to_string();
        // serde_json appends " at line L column C"; the variant says it once.
        let message = match message.rfind(" at line ") {
            Some(at) => &message[..at],
            None => &message,
        };
        // serde_json quotes the offending value whole ("invalid type: string
        // \"...\", expected ..."): keep both ends of a long message.
        let message = shorten_middle(message);
        Error::Json {
            origin: origin.map(str::to_string),
            line: err.line(),
            column: err.column(),
            message,
        }
    }
}

struct Problems<'a>(&'a [Problem]);

/// At most this many problems are listed in a message; the rest are counted
/// (all of them are in [`Error::Invalid`]'s `problems`).
const LISTED: usize = 100;

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.len() {
            1 => write!(f, "invalid register: {}", self.0[0]),
            n => {
                write!(f, "invalid register: {n} problems")?;
                for p in self.0.iter().take(LISTED) {
                    write!(f, "\n  - {p}")?;
                }
                if n > LISTED {
                    write!(
                        f,
                        "\n  - ... and {} more, not listed (fix these and check again)",
                        n - LISTED
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl Location {
    /// Where the location comes in the document: the top level, then
    /// `files[i]`, then `goals[i]`; within one item, its own fields, then
    /// its links, then its events by index.
    pub(crate) fn order_key(&self) -> (u8, usize, Option<usize>, Option<(&'static str, usize)>) {
        let (rank, index) = match &self.item {
            None => (0, 0),
            Some(RegisterItem::File { index, .. }) => (1, *index),
            Some(RegisterItem::Goal { index, .. }) => (2, *index),
        };
        (rank, index, self.event, self.link)
    }
}

/// Where in a register a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Location {
    item: Option<RegisterItem>,
    event: Option<usize>,
    link: Option<(&'static str, usize)>,
}

/// A file or a goal of a register, by position and id.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegisterItem {
    /// `files[index]`, with its id when it has a usable one.
    File {
        /// Position in `files`.
        index: usize,
        /// The id, if present.
        id: Option<String>,
    },
    /// `goals[index]`, with its id when it has a usable one.
    Goal {
        /// Position in `goals`.
        index: usize,
        /// The id, if present.
        id: Option<String>,
    },
}

impl Location {
    /// `files[i]` or `goals[i]`, or `None` at the top level.
    pub fn item(&self) -> Option<&RegisterItem> {
        self.item.as_ref()
    }

    /// The event index within the file, when the problem is in an event.
    pub fn event_index(&self) -> Option<usize> {
        self.event
    }

    /// The field (`requires` or `related`) and the index within it, when
    /// the problem is in a link.
    pub fn link_index(&self) -> Option<(&'static str, usize)> {
        self.link
    }

    pub(crate) fn file(index: usize, id: Option<&str>) -> Self {
        Location {
            item: Some(RegisterItem::File {
                index,
                id: id.map(str::to_string),
            }),
            ..Location::default()
        }
    }

    pub(crate) fn goal(index: usize, id: Option<&str>) -> Self {
        Location {
            item: Some(RegisterItem::Goal {
                index,
                id: id.map(str::to_string),
            }),
            ..Location::default()
        }
    }

    pub(crate) fn event(mut self, index: usize) -> Self {
        self.event = Some(index);
        self
    }

    pub(crate) fn link(mut self, field: &'static str, index: usize) -> Self {
        self.link = Some((field, index));
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.item {
            None => f.write_str("top level")?,
            Some(RegisterItem::File {
                index,
                id: Some(id),
            }) => write!(f, "file `{}` (files[{index}])", shorten(id))?,
            Some(RegisterItem::File { index, id: None }) => write!(f, "files[{index}]")?,
            Some(RegisterItem::Goal {
                index,
                id: Some(id),
            }) => write!(f, "goal `{}` (goals[{index}])", shorten(id))?,
            Some(RegisterItem::Goal { index, id: None }) => write!(f, "goals[{index}]")?,
        }
        if let Some(event) = self.event {
            write!(f, ", event {event}")?;
        }
        if let Some((field, index)) = self.link {
            write!(f, ", {field}[{index}]")?;
        }
        Ok(())
    }
}

/// One structural problem in a register, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub(crate) location: Location,
    pub(crate) kind: ProblemKind,
}

impl Problem {
    /// Where the problem is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What the problem is.
    pub fn kind(&self) -> &ProblemKind {
        &self.kind
    }
}

/// What is structurally wrong in a register.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The `version` is not one this crate reads.
    UnsupportedVersion {
        /// The version found.
        found: String,
    },
    /// A field the format does not define (usually a typo).
    UnknownField {
        /// The field's name.
        field: String,
        /// The fields allowed there.
        expected: &'static [&'static str],
    },
    /// A field given twice in one object.
    DuplicateField {
        /// The field's name.
        field: &'static str,
    },
    /// A required field is missing.
    MissingField {
        /// The field's name.
        field: &'static str,
    },
    /// An id that is not lowercase ASCII letters, digits and `-` (or is
    /// empty).
    BadId {
        /// The id.
        id: String,
    },
    /// Two files or goals share an id.
    DuplicateId {
        /// The id.
        id: String,
        /// Where the first one is.
        first: Location,
    },
    /// `requires` or `related` names an id the register does not have.
    UnknownId {
        /// The id.
        id: String,
        /// The closest existing id, when one is close.
        suggestion: Option<String>,
    },
    /// The texts of one event (source, note, committee) or of one file
    /// (title, procedure, proposal, act, committee) are longer together than
    /// the 1 GiB a register holds for each.
    TooLong {
        /// Their length in bytes.
        bytes: usize,
    },
    /// A date that is not a real `YYYY-MM-DD` date.
    BadDate {
        /// The text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A stage name the format does not define.
    UnknownStage {
        /// The text.
        value: String,
    },
    /// A `requires` item asks for a terminal stage (`withdrawn`, `lapsed`,
    /// `rejected`): a requirement names a stage a file moves through on its
    /// way to the act, and an end of the procedure is not one.
    TerminalRequirement {
        /// The file required.
        file: String,
        /// The terminal stage asked for.
        stage: Stage,
    },
    /// `requires` goes round in a cycle; the whole cycle, first id repeated
    /// at the end.
    Cycle {
        /// The ids on the cycle.
        cycle: Vec<String>,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location)?;
        match &self.kind {
            ProblemKind::UnsupportedVersion { found } => {
                write!(
                    f,
                    "unsupported version {} (this crate reads version 1): use a codecision that reads this version, or convert the register",
                    shorten(found)
                )
            }
            ProblemKind::UnknownField { field, expected } => write!(
                f,
                "unknown field `{}` (expected one of: {})",
                shorten(field),
                expected.join(", ")
            ),
            ProblemKind::DuplicateField { field } => write!(f, "field `{field}` given twice"),
            ProblemKind::MissingField { field } => write!(f, "missing required field `{field}`"),
            ProblemKind::BadId { id } if id.is_empty() => f.write_str(
                "empty id: an id is one or more lowercase ASCII letters, digits and `-`",
            ),
            ProblemKind::BadId { id } => write!(
                f,
                "bad id `{}`: use lowercase ASCII letters, digits and `-`",
                shorten(id)
            ),
            ProblemKind::DuplicateId { id, first } => {
                write!(f, "duplicate id `{}` (first used at {first})", shorten(id))
            }
            ProblemKind::UnknownId { id, suggestion } => {
                write!(f, "unknown id `{}`", shorten(id))?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{s}`?")?;
                }
                Ok(())
            }
            ProblemKind::TooLong { bytes } => write!(
                f,
                "texts of {bytes} bytes: the texts of one event or of one file's identity may take {} bytes together; move long documents out of the register and point to them in `source`",
                crate::packed::LIMIT
            ),
            ProblemKind::BadDate { value, reason } => {
                write!(
                    f,
                    "bad date `{}`: {reason} (expected YYYY-MM-DD)",
                    shorten(value)
                )
            }
            ProblemKind::UnknownStage { value } => write!(
                f,
                "unknown stage `{}` (known: {})",
                shorten(value),
                Stage::ALL.map(Stage::as_str).join(", ")
            ),
            ProblemKind::TerminalRequirement { file, stage } => write!(
                f,
                "requires `{}` at stage `{stage}`, a terminal stage: a requirement names a stage on the way to the act ({}); to mean that the file must not block, use `related`",
                shorten(file),
                Stage::ALL
                    .into_iter()
                    .filter(|s| !s.is_terminal())
                    .map(Stage::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ProblemKind::Cycle { cycle } => {
                f.write_str("requires cycle ")?;
                for (i, id) in cycle.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" -> ")?;
                    }
                    f.write_str(&shorten(id))?;
                }
                f.write_str(" (`requires` must not go round: remove one of these links)")
            }
        }
    }
}

/// Values as messages quote them: control characters escaped
/// ([`escape_controls`](crate::escape_controls): ESC, BEL, U+202E never
/// reach a terminal through a message), and long values (an id of 100,000
/// characters) cut.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    let s = &*crate::controls::escape_controls(s);
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &s[..end], s.len())
}

/// Long messages keep their beginning and their end, which say what was
/// expected, and lose the middle.
fn shorten_middle(s: &str) -> String {
    const HEAD: usize = 160;
    const TAIL: usize = 120;
    // serde_json quotes the value it met, control characters and all.
    let s = &*crate::controls::escape_controls(s);
    if s.len() <= HEAD + TAIL + 40 {
        return s.to_string();
    }
    let mut head = HEAD;
    while !s.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = s.len() - TAIL;
    while !s.is_char_boundary(tail) {
        tail += 1;
    }
    format!(
        "{}... ({} bytes cut) ...{}",
        &s[..head],
        tail - head,
        &s[tail..]
    )
}

/// A convenient alias for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_too_long_say_where_how_long_and_what_to_do() {
        let problem = Problem {
            location: Location::file(3, Some("etias")).event(2),
            kind: ProblemKind::TooLong { bytes: 1 << 31 },
        };
        let text = problem.to_string();
        assert!(text.contains("etias"), "{text}");
        assert!(text.contains("event 2"), "{text}");
        assert!(text.contains("2147483648 bytes"), "{text}");
        assert!(text.contains(&crate::packed::LIMIT.to_string()), "{text}");
        assert!(text.contains("move long documents out"), "{text}");
    }
}

/// What an [`Ask`](crate::Ask) lacked for a query ([`Error::Incomplete`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Missing {
    /// A target: a goal id or a file id ([`Ask::target`](crate::Ask::target)).
    Target,
    /// The start of a window ([`Ask::since`](crate::Ask::since)).
    Since,
}

impl Missing {
    fn what(self) -> &'static str {
        match self {
            Missing::Target => "a target",
            Missing::Since => "the start of a window",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Missing::Target => "a goal id or a file id (`Ask::target`)",
            Missing::Since => "the date of the previous report (`Ask::since`)",
        }
    }
}
