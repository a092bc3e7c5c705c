//! A whole sync as one call: [`run`] takes a [`Request`] and a source of
//! procedures ([`Fetch`]; `Api` over HTTP, or anything else),
//! and answers an [`Outcome`]. Which procedures are asked for, when the
//! API's feed is used, which answers are merged, when `synced` moves, when
//! the register is rewritten and how (read once, locked, compared before it
//! is replaced) are decided here and only here.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::held::{Held, Input};
use super::{FileSync, merge, process_id};
use crate::error::Error;
use crate::file::LegislativeFile;
use crate::import::ImportDiagnostic;
use crate::query::{Ask, Changes};
use crate::register::{ReadOptions, Register};

/// What a source of procedures tells about its progress, and what a sync
/// tells while it waits.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Progress {
    /// `done` procedures of `total` fetched (or failed).
    Fetched {
        /// Procedures answered so far.
        done: usize,
        /// Procedures asked for.
        total: usize,
    },
    /// A request is tried again after `wait`.
    Retry {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
        /// How long the client waits first.
        wait: std::time::Duration,
    },
    /// Another process holds the register's lock (another sync writing
    /// it): the sync waits until it is done, then reads the register as
    /// that one left it.
    Waiting {
        /// The register.
        path: PathBuf,
    },
    /// The register changed on disk while the sync ran (an edit, a program
    /// that takes no lock): it has been read again, and the merge is made
    /// again on its new text.
    Changed {
        /// The register.
        path: PathBuf,
    },
}

/// A procedure that could not be fetched. Serialised as `{"procedure":
/// ..., "error": "the message"}`.
#[derive(Debug)]
#[non_exhaustive]
pub struct Failure {
    /// The procedure's process id (`2016-0132`).
    pub procedure: String,
    /// What went wrong, naming the procedure and the URL.
    pub error: Error,
}

impl Failure {
    /// A failure to fetch `procedure` (a process id).
    pub fn new(procedure: impl Into<String>, error: Error) -> Failure {
        Failure {
            procedure: procedure.into(),
            error,
        }
    }
}

impl Serialize for Failure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Failure", 2)?;
        s.serialize_field("procedure", &self.procedure)?;
        s.serialize_field("error", &self.error.to_string())?;
        s.end()
    }
}

/// Procedures fetched and mapped, and the ones that failed.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Fetched {
    /// The procedures, mapped by the EP API importer, as files.
    pub files: Vec<LegislativeFile>,
    /// What the importer noticed (unknown activity types, …).
    pub diagnostics: Vec<ImportDiagnostic>,
    /// The procedures that failed, in the order asked.
    pub failures: Vec<Failure>,
}

impl Fetched {
    /// Procedures fetched (as the EP API importer maps them), with nothing
    /// noticed and nothing failed.
    pub fn new(files: Vec<LegislativeFile>) -> Fetched {
        Fetched {
            files,
            ..Fetched::default()
        }
    }

    /// With a procedure that failed.
    pub fn with_failure(mut self, failure: Failure) -> Fetched {
        self.failures.push(failure);
        self
    }
}

/// The procedures updated since a day, as the API's feed gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Feed {
    /// The process ids of the procedures updated.
    Updated(Vec<String>),
    /// The feed's answer could not be used (why): fetch everything.
    Unusable(String),
}

/// Where a sync gets procedures from: the EP API (`Api`,
/// feature `sync`) or anything that answers the same way (recorded answers
/// in a test).
pub trait Fetch {
    /// Where the procedures come from (the API's address), as the
    /// [`Outcome`] names it.
    fn address(&self) -> &str;

    /// The procedures updated since `date` (that day included).
    ///
    /// # Errors
    ///
    /// When the source cannot be reached at all: the sync stops, nothing
    /// written. Any other trouble is [`Feed::Unusable`].
    fn updated_since(
        &mut self,
        date: NaiveDate,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Feed, Error>;

    /// Fetches procedures by process id (`2016-0132`), each mapped by the
    /// EP API importer; a procedure that cannot be had is a [`Failure`].
    ///
    /// # Errors
    ///
    /// When the source cannot be reached at all: the sync stops, nothing
    /// written.
    fn fetch(
        &mut self,
        ids: &[String],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Fetched, Error>;
}

/// What to sync, and how: a register and the procedures to bring into it.
///
/// ```
/// use codecision::{parse_date, sync::Request};
/// let request = Request::new("register.json", parse_date("2026-12-01")?)
///     .ids(["2016/0132(COD)"])
///     .dry_run(true);
/// assert!(request.dry_run && !request.full);
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Request {
    /// The register.
    pub register: Input,
    /// Only these: file ids of the register, procedure references
    /// (`2016/0132(COD)`) or process ids (`2016-0132`). Empty: every file
    /// with a `procedure`.
    pub ids: Vec<String>,
    /// Fetch every procedure, not only those the feed says changed since
    /// the register's `synced` day.
    pub full: bool,
    /// Write what succeeded when some procedures fail; without it any
    /// failure writes nothing.
    pub keep_going: bool,
    /// Work out everything, write nothing.
    pub dry_run: bool,
    /// Write here instead of back to the register. `-` is standard
    /// output: the sync writes nothing there itself, and
    /// [`Outcome::text`] is the register for the caller to write
    /// (`written` is then `-`).
    pub output: Option<PathBuf>,
    /// Today: the day `synced` moves to, and the end of the window of
    /// [`Outcome::changes`].
    pub today: NaiveDate,
    /// The largest register read, in bytes.
    pub max_register_size: u64,
}

impl Request {
    /// Sync the register at `path` (`-`: standard input) as of `today`:
    /// every procedure, written back to the register.
    pub fn new(path: impl Into<PathBuf>, today: NaiveDate) -> Request {
        let path = path.into();
        Request {
            register: if path.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::Path(path)
            },
            ids: Vec::new(),
            full: false,
            keep_going: false,
            dry_run: false,
            output: None,
            today,
            max_register_size: ReadOptions::DEFAULT_LIMIT,
        }
    }

    /// Only these ids (see [`Request::ids`](Request#structfield.ids)).
    pub fn ids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Request {
        self.ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Sets [`full`](Request#structfield.full).
    pub fn full(mut self, full: bool) -> Request {
        self.full = full;
        self
    }

    /// Sets [`keep_going`](Request#structfield.keep_going).
    pub fn keep_going(mut self, keep_going: bool) -> Request {
        self.keep_going = keep_going;
        self
    }

    /// Sets [`dry_run`](Request#structfield.dry_run).
    pub fn dry_run(mut self, dry_run: bool) -> Request {
        self.dry_run = dry_run;
        self
    }

    /// Sets [`output`](Request#structfield.output).
    pub fn output(mut self, output: Option<PathBuf>) -> Request {
        self.output = output;
        self
    }

    /// Sets [`max_register_size`](Request#structfield.max_register_size).
    pub fn max_register_size(mut self, bytes: u64) -> Request {
        self.max_register_size = bytes;
        self
    }
}

/// How the API's feed was used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "use")]
#[non_exhaustive]
pub enum FeedUse {
    /// Only the procedures the feed named were fetched.
    Changed {
        /// The register's `synced` day, the feed's start.
        since: NaiveDate,
        /// Procedures of the register the feed named.
        changed: usize,
        /// Procedures of the register.
        of: usize,
    },
    /// The feed could not be used: every procedure was fetched.
    Unusable {
        /// The register's `synced` day, the feed's start.
        since: NaiveDate,
        /// Why.
        why: String,
    },
}

/// What a sync did. Serialised, it is `codecision sync --format json`.
#[derive(Debug, Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// Where the procedures came from ([`Fetch::address`]).
    pub api: String,
    /// How many procedures were asked for.
    pub asked: usize,
    /// The register's `synced` after this sync.
    pub synced: Option<NaiveDate>,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Where the register was written (`-`: to be written on standard
    /// output by the caller, from `text`); `None` when nothing was.
    pub written: Option<PathBuf>,
    /// What the merge did to each file a fetched procedure matched (or
    /// made), in register order, new files last.
    pub files: Vec<FileSync>,
    /// What moved, as `changes --since` answers it, for the files the sync
    /// added events to (see [`Merged::changes`](super::Merged::changes)).
    pub changes: Changes,
    /// The procedures that could not be fetched (only with `keep_going`:
    /// without it a failure is an error).
    pub failed: Vec<Failure>,
    /// Procedures the source sent that were not asked for: not merged.
    pub ignored: Vec<String>,
    /// How the feed was used (`None`: not asked, see
    /// [`Request::full`](Request#structfield.full)).
    pub feed: Option<FeedUse>,
    /// Whether the register changed on disk while the sync ran (an edit,
    /// another program): the merge was made again on its new text, so
    /// nothing of that edit is lost.
    pub merged_again: bool,
    /// The register's new text: what was written, or with a dry run what
    /// would be; `None` when the register is already up to date (and no
    /// output was asked for). Not serialised.
    #[serde(skip)]
    pub text: Option<String>,
    /// What the importer noticed in the answers. Not serialised.
    #[serde(skip)]
    pub diagnostics: Vec<ImportDiagnostic>,
}

impl Outcome {
    /// How many events were added, in all.
    pub fn added(&self) -> usize {
        self.files.iter().map(|f| f.added.len()).sum()
    }
}

/// How many times a register that changed while the sync ran is merged
/// again before the sync gives up.
const ATTEMPTS: usize = 3;

/// Runs a sync: reads the register once, asks `source` for its procedures
/// (through the feed when the register was synced before), merges what was
/// asked for, and writes the result (unless a dry run).
///
/// The write is safe against what may happen while the network is slow:
///
/// - The register is read once; a pipe or standard input is never opened
///   again (and is never written back: give an output).
/// - While it is being synced, the register is held with an advisory lock
///   (`flock` on Unix, `LockFileEx` on Windows, by the `fs4` crate): a
///   second sync of the same register waits for the first
///   ([`Progress::Waiting`]) and then reads what the first wrote, so both
///   syncs' events are kept.
/// - Before the register is replaced, its bytes are read again and
///   compared with the bytes the merge was made on; if they differ (an
///   edit made meanwhile by a person or a program that takes no lock), the
///   merge is made again on the new bytes, so the edit is kept
///   ([`Outcome::merged_again`]); after 3 such changes the sync gives up,
///   writing nothing. (The replace itself is atomic, [`write_file`]; an
///   edit saved in the instant between that last comparison and the
///   replace cannot be seen by any file system API.)
/// - Only the procedures asked for are merged; others the source sends are
///   in [`Outcome::ignored`].
///
/// `synced` moves to `today` only after a sync of every procedure of the
/// register in which none failed; the register is not rewritten when
/// nothing changed.
///
/// [`write_file`]: crate::write_file
///
/// # Errors
///
/// Nothing is written in any of these cases. The register cannot be read
/// or is not valid; an id names nothing to fetch ([`Error::Sync`]); the
/// source cannot be reached; some procedures failed and not
/// `keep_going` ([`Error::Sync`], listing them); the register is to be
/// written back but is not a regular file, or kept changing
/// ([`Error::Sync`]); the output cannot be written ([`Error::Io`]).
pub fn run(
    request: &Request,
    source: &mut dyn Fetch,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Outcome, Error> {
    let writes_back = !request.dry_run
        && match (&request.output, &request.register) {
            (None, _) => true,
            (Some(out), Input::Path(path)) => is_same_file(out, path),
            (Some(_), Input::Stdin) => false,
        };
    let mut held = Held::read(
        &request.register,
        request.max_register_size,
        writes_back,
        &mut |path| progress(&Progress::Waiting { path: path.into() }),
    )?;
    let mut register = held.register()?;
    let every = wanted(&register, &[])?;
    let mut ids = if request.ids.is_empty() {
        every.clone()
    } else {
        wanted(&register, &request.ids)?
    };
    let mut feed = None;
    if let (true, false, Some(since)) = (request.ids.is_empty(), request.full, register.synced()) {
        feed = Some(match source.updated_since(since, progress)? {
            Feed::Updated(updated) => {
                let updated: HashSet<&str> = updated.iter().map(String::as_str).collect();
                let of = ids.len();
                ids.retain(|id| updated.contains(id.as_str()));
                FeedUse::Changed {
                    since,
                    changed: ids.len(),
                    of,
                }
            }
            Feed::Unusable(why) => FeedUse::Unusable { since, why },
        });
    }
    let fetched = source.fetch(&ids, progress)?;
    if !fetched.failures.is_empty() && !request.keep_going {
        let mut message = format!(
            "{} of {} procedures could not be fetched; nothing was written (keep going to write what succeeded: `--keep-going`):",
            fetched.failures.len(),
            ids.len()
        );
        for f in &fetched.failures {
            message.push_str(&format!("\n  {}", f.error));
        }
        return Err(Error::Sync { message });
    }
    let (files, ignored) = asked_for(fetched.files, &ids);
    // A sync of every procedure that all succeeded is the new starting
    // point of the feed; a partial one is not.
    let complete = request.ids.is_empty() && fetched.failures.is_empty();
    let every: HashSet<String> = every.into_iter().collect();
    let mut merged_again = false;
    let mut attempt = 0;
    let (merged, changes, synced, text, written) = loop {
        attempt += 1;
        let merged = merge(&register, &files)?;
        let mut ask = Ask::new(request.today);
        if let Some(previous) = register.synced() {
            ask = ask.since(previous);
        }
        let changes = merged.changes(&ask)?;
        // A procedure the register gained while the sync ran was not
        // fetched: the feed must still name it next time.
        let gained = merged_again && !wanted(&register, &[])?.iter().all(|id| every.contains(id));
        let synced = if complete && !gained {
            Some(request.today)
        } else {
            register.synced()
        };
        // Nothing added and the same `synced`: not rewritten, whatever the
        // layout.
        let unchanged = !merged.changed() && synced == register.synced();
        let text = if unchanged && request.output.is_none() {
            None
        } else {
            Some(match held.text() {
                Some(original) => merged.to_text(original, synced)?,
                None => merged.register.clone().with_synced(synced)?.to_json(),
            })
        }
        // The same bytes are not written again.
        .filter(|text| !(writes_back && held.bytes() == text.as_bytes()));
        match text.as_deref() {
            Some(_) if request.dry_run => {}
            None => {}
            Some(bytes) if !writes_back => {
                let output = request.output.as_deref().unwrap_or(Path::new("-"));
                // Standard output is the caller's to write.
                if output.as_os_str() != "-" {
                    crate::write_file(output, bytes.as_bytes())?;
                }
                break (merged, changes, synced, text, Some(output.to_path_buf()));
            }
            Some(bytes) => {
                if held.replace_if_unchanged(bytes.as_bytes())? {
                    let path = held.path().to_path_buf();
                    break (merged, changes, synced, text, Some(path));
                }
                if attempt == ATTEMPTS {
                    return Err(changed_meanwhile(held.path()));
                }
                // Changed while the sync ran: merge again on what is there
                // now (read and locked anew).
                held = held
                    .read_again(&mut |path| progress(&Progress::Waiting { path: path.into() }))?;
                register = held.register()?;
                merged_again = true;
                progress(&Progress::Changed {
                    path: held.path().to_path_buf(),
                });
                continue;
            }
        }
        break (merged, changes, synced, text, None);
    };
    Ok(Outcome {
        api: source.address().to_string(),
        asked: ids.len(),
        synced,
        dry_run: request.dry_run,
        written,
        files: merged.files,
        changes,
        failed: fetched.failures,
        ignored,
        feed,
        merged_again,
        text,
        diagnostics: fetched.diagnostics,
    })
}

fn changed_meanwhile(path: &Path) -> Error {
    Error::Sync {
        message: format!(
            "{}: the register kept changing while the sync ran (merged again {} times); nothing was written: sync again when it is no longer being edited",
            path.display(),
            ATTEMPTS - 1
        ),
    }
}

/// Whether `a` and `b` name the same existing file (device and inode).
pub(crate) fn is_same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

/// The fetched procedures that were asked for (`ids`, process ids), and the
/// references of the others, each once, in the order they came.
fn asked_for(files: Vec<LegislativeFile>, ids: &[String]) -> (Vec<LegislativeFile>, Vec<String>) {
    let asked: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    let mut ignored = Vec::new();
    let mut kept = Vec::with_capacity(files.len().min(ids.len()));
    for file in files {
        let id = file.procedure().and_then(process_id);
        if id.as_deref().is_some_and(|id| asked.contains(id)) {
            kept.push(file);
        } else {
            let name = file.procedure().unwrap_or(file.id()).to_string();
            if seen.insert(name.clone()) {
                ignored.push(name);
            }
        }
    }
    (kept, ignored)
}

/// The process ids to fetch, in register order, each once: for every file
/// with a `procedure` when `given` is empty, else for each of `given` (a
/// file id, a procedure reference or a process id).
///
/// # Errors
///
/// [`Error::Sync`] for an id that names nothing to fetch.
pub fn wanted(register: &Register, given: &[String]) -> Result<Vec<String>, Error> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out: Vec<String> = Vec::new();
    let mut push = |id: String| {
        if seen.insert(id.clone()) {
            out.push(id);
        }
    };
    if given.is_empty() {
        for file in register.files() {
            if let Some(id) = file.procedure().and_then(process_id) {
                push(id);
            }
        }
        return Ok(out);
    }
    let refuse = |message: String| Error::Sync { message };
    for id in given {
        let id = match register.file(id) {
            Some(file) => {
                let reference = file.procedure().ok_or_else(|| {
                    refuse(format!(
                        "file `{id}` has no `procedure` reference: nothing to fetch for it"
                    ))
                })?;
                process_id(reference).ok_or_else(|| {
                    refuse(format!(
                        "file `{id}`: procedure `{reference}` is not a reference the EP API knows (YYYY/NNNN(TYPE))"
                    ))
                })?
            }
            None => process_id(id).ok_or_else(|| {
                refuse(format!(
                    "`{id}` is neither a file of the register nor a procedure reference (2016/0132(COD) or 2016-0132)"
                ))
            })?,
        };
        push(id);
    }
    Ok(out)
}
