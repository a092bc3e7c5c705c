//! The register: legislative files and goals, linked by `requires`, read from
//! and written to the JSON format (version 1).

mod format;
mod graph;
mod options;
mod read;
mod stream;
mod validate;

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Location, Problem, ProblemKind};
use crate::file::{Diagnostic, LegislativeFile, Requirement};

pub(crate) use graph::Graph;
pub use options::ReadOptions;
#[cfg(feature = "import")]
pub(crate) use read::{read_bounded, too_large};
pub(crate) use validate::closest;

/// Files, goals and the top level as read, with the problems met reading
/// them.
#[derive(Debug, PartialEq)]
pub(crate) struct Parsed {
    files: Vec<LegislativeFile>,
    goals: Vec<Goal>,
    problems: Vec<Problem>,
    synced: Option<NaiveDate>,
    /// The files' ids held twice more, when the reader made them (see
    /// [`validate::FileIds`]).
    ids: Option<validate::FileIds>,
}

/// A named political goal with a deadline, and the files it needs.
///
/// ```
/// use codecision::{Goal, Requirement, parse_date};
/// let goal = Goal::new("interoperability-2020", "Interoperability by 2020", parse_date("2020-12-31")?)
///     .requires(Requirement::in_force("interop-borders-visa"));
/// assert_eq!(goal.requires.len(), 1);
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Goal {
    /// Unique across files and goals; lowercase ASCII letters, digits, `-`.
    pub id: String,
    /// What the goal is, in words.
    pub title: String,
    /// When it must be met.
    pub deadline: NaiveDate,
    /// The files (or other goals) it needs, and the stage each must reach.
    pub requires: Vec<Requirement>,
}

impl Goal {
    /// A goal with no requirement yet.
    pub fn new(id: impl Into<String>, title: impl Into<String>, deadline: NaiveDate) -> Self {
        Goal {
            id: id.into(),
            title: title.into(),
            deadline,
            requires: Vec::new(),
        }
    }

    /// Adds a requirement.
    #[must_use]
    pub fn requires(mut self, requirement: Requirement) -> Self {
        self.requires.push(requirement);
        self
    }
}

/// A borrowed file or goal of a register: what an id names when it may be
/// either (see [`Register::file_or_goal`]). Both take part in `requires`.
#[derive(Clone, Copy, Debug)]
pub enum FileOrGoal<'a> {
    /// A legislative file.
    File(&'a LegislativeFile),
    /// A goal.
    Goal(&'a Goal),
}

impl<'a> FileOrGoal<'a> {
    /// The file's or goal's id.
    pub fn id(&self) -> &'a str {
        match self {
            FileOrGoal::File(f) => f.id(),
            FileOrGoal::Goal(g) => &g.id,
        }
    }

    /// The file's or goal's title.
    pub fn title(&self) -> &'a str {
        match self {
            FileOrGoal::File(f) => f.title(),
            FileOrGoal::Goal(g) => &g.title,
        }
    }

    /// The file's or goal's `requires`.
    pub fn requirements(&self) -> &'a [Requirement] {
        match self {
            FileOrGoal::File(f) => f.requirements(),
            FileOrGoal::Goal(g) => &g.requires,
        }
    }
}

/// A set of legislative files and goals linked by `requires` (hard
/// prerequisites, acyclic) and `related` (non-blocking links).
///
/// A register is always valid: every id is well formed and unique, every link
/// names an existing id, and `requires` has no cycle. Build one from JSON
/// ([`from_json`](Register::from_json), [`load`](Register::load)) or in code
/// ([`builder`](Register::builder)); both run the same checks and report
/// every problem at once.
///
/// ```
/// use codecision::{Ask, Event, Goal, LegislativeFile, Register, Requirement, Stage, parse_date};
///
/// let d = |s| parse_date(s).unwrap();
/// let register = Register::builder()
///     .file(LegislativeFile::new("eu-lisa", "eu-LISA mandate").with_events([
///         Event::new(d("2017-06-29"), Stage::Proposal),
///         Event::new(d("2018-12-11"), Stage::EntryIntoForce),
///     ]))
///     .file(LegislativeFile::new("ees", "Entry/Exit System")
///         .requires(Requirement::at("eu-lisa", Stage::Adoption))
///         .with_events([Event::new(d("2016-04-06"), Stage::Proposal)]))
///     .goal(Goal::new("borders", "Smart borders", d("2018-12-31")).requires(Requirement::in_force("ees")))
///     .build()?;
///
/// let answer = register.blockers(&Ask::new(d("2018-06-01")).target("borders"))?;
/// for b in &answer.blockers {
///     // "eu-lisa: proposal, needs adoption, because borders -> ees -> eu-lisa"
///     println!(
///         "{}: {}, needs {}, because {}",
///         b.file(),
///         b.stage.map_or("not proposed", |s| s.as_str()),
///         b.required,
///         b.path().join(" -> ")
///     );
/// }
/// let ids: Vec<_> = answer.blockers.iter().map(|b| b.file()).collect();
/// assert_eq!(ids, ["ees", "eu-lisa"]);
/// assert_eq!(answer.blockers[1].path(), ["borders", "ees", "eu-lisa"]);
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Register {
    files: Vec<LegislativeFile>,
    goals: Vec<Goal>,
    index: validate::IdIndex,
    /// Every id by node, shared with query answers that name nodes.
    ids: std::sync::Arc<[std::sync::Arc<str>]>,
    /// Each node's position among all ids in byte order, computed on first
    /// use: answers sorted by id then compare integers, not strings.
    id_order: std::sync::OnceLock<Vec<u32>>,
    graph: Graph,
    /// When the register was last brought up to date from the Parliament's
    /// data (`synced`, see [`synced`](Register::synced)).
    synced: Option<NaiveDate>,
}

impl PartialEq for Register {
    fn eq(&self, other: &Self) -> bool {
        self.files == other.files && self.goals == other.goals && self.synced == other.synced
    }
}

impl Eq for Register {}

/// Collects files and goals, then checks them together.
#[derive(Clone, Debug, Default)]
pub struct RegisterBuilder {
    files: Vec<LegislativeFile>,
    goals: Vec<Goal>,
}

impl RegisterBuilder {
    /// Adds a file.
    #[must_use]
    pub fn file(mut self, file: LegislativeFile) -> Self {
        self.files.push(file);
        self
    }

    /// Adds a goal.
    #[must_use]
    pub fn goal(mut self, goal: Goal) -> Self {
        self.goals.push(goal);
        self
    }

    /// Checks everything and builds the register.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] listing every problem: bad or duplicate ids, links
    /// to unknown ids, `requires` cycles (each cycle whole), dates a register
    /// cannot be written with (years outside 0001 to 9999), so that what is
    /// built saves and loads back equal.
    pub fn build(self) -> Result<Register, Error> {
        let mut problems = Vec::new();
        validate::check_dates(&self.files, &self.goals, &mut problems);
        Register::assemble(self.files, self.goals, problems, None)
    }
}

impl Register {
    /// A register with no file and no goal.
    pub fn empty() -> Register {
        Register {
            files: Vec::new(),
            goals: Vec::new(),
            index: validate::IdIndex::default(),
            ids: std::sync::Arc::from(Vec::new()),
            id_order: std::sync::OnceLock::new(),
            graph: Graph::default(),
            synced: None,
        }
    }

    /// An empty builder.
    pub fn builder() -> RegisterBuilder {
        RegisterBuilder::default()
    }

    fn assemble(
        files: Vec<LegislativeFile>,
        goals: Vec<Goal>,
        mut problems: Vec<Problem>,
        prepared: Option<validate::FileIds>,
    ) -> Result<Register, Error> {
        let validate::Ids { ids, index, edges } =
            validate::check_ids(&files, &goals, &mut problems, prepared);
        let graph = Graph::new(files.len() + goals.len(), edges.iter().copied());
        drop(edges); // before the answers are worked out: less at the peak
        let register = Register {
            files,
            goals,
            index,
            ids,
            id_order: std::sync::OnceLock::new(),
            graph,
            synced: None,
        };
        for cycle in register.graph.cycles() {
            let ids: Vec<String> = cycle
                .iter()
                .map(|&n| register.node_id(n).to_string())
                .collect();
            problems.push(Problem {
                location: register.location_of(cycle[0]),
                kind: ProblemKind::Cycle { cycle: ids },
            });
        }
        if problems.is_empty() {
            Ok(register)
        } else {
            // In file order: the top level, then each file, then each goal,
            // and within one, its own fields before its events, in order (a
            // stable sort: problems at one place keep the order found).
            problems.sort_by_key(|p| p.location.order_key());
            Err(Error::Invalid { problems })
        }
    }

    /// Reads a register from JSON text, of at most
    /// [`ReadOptions::DEFAULT_LIMIT`] bytes ([`ReadOptions`] sets another
    /// limit, and a name for messages).
    ///
    /// ```
    /// let r = codecision::Register::from_json(r#"{"version": 1, "files": []}"#)?;
    /// assert!(r.files().is_empty());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Json`] with line and column when the text is not well-formed
    /// JSON or a value has the wrong type; [`Error::Invalid`] listing every
    /// structural problem otherwise (unknown field, missing field, bad id,
    /// duplicate id, unknown id, bad date, unknown stage, unsupported
    /// version, `requires` cycle); [`Error::TooLarge`] past the limit.
    pub fn from_json(text: &str) -> Result<Register, Error> {
        ReadOptions::new().from_json(text)
    }

    /// Reads a register from JSON bytes, as [`from_json`](Register::from_json).
    ///
    /// # Errors
    ///
    /// As [`from_json`](Register::from_json).
    pub fn from_slice(bytes: &[u8]) -> Result<Register, Error> {
        ReadOptions::new().from_slice(bytes)
    }

    /// [`from_slice`](Register::from_slice), with `origin` (a path)
    /// prefixing syntax errors, and no limit checked.
    pub(crate) fn parse_slice(bytes: &[u8], origin: Option<&str>) -> Result<Register, Error> {
        Self::from_parsed(Self::parse(bytes, origin)?)
    }

    fn from_parsed(parsed: Parsed) -> Result<Register, Error> {
        let mut register = Self::assemble(parsed.files, parsed.goals, parsed.problems, parsed.ids)?;
        register.synced = parsed.synced;
        Ok(register)
    }

    /// Reads files and goals (each checked on its own) from JSON bytes, in
    /// one pass: every error and problem is found and worded here (a
    /// regular file is first tried a piece at a time by `stream`, which
    /// hands it back here at anything unexpected; `benches/README.md` for
    /// the readers measured).
    fn parse(bytes: &[u8], origin: Option<&str>) -> Result<Parsed, Error> {
        read::check_start(bytes, origin)?;
        // UTF-8 checked once for the whole text, not string by string; bad
        // UTF-8 is read as bytes, for serde_json to say where it is.
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::parse_from(serde_json::Deserializer::from_str(text), origin),
            Err(_) => Self::parse_from(serde_json::Deserializer::from_slice(bytes), origin),
        }
        .map_err(|e| read::name_surrogates(bytes, e))
    }

    fn parse_from<'de, R: serde_json::de::Read<'de>>(
        mut reader: serde_json::Deserializer<R>,
        origin: Option<&str>,
    ) -> Result<Parsed, Error> {
        let mut collector = validate::Collector::default();
        let raw = serde::de::DeserializeSeed::deserialize(
            format::RegisterSeed(&mut collector),
            &mut reader,
        )
        .and_then(|raw| reader.end().map(|()| raw))
        .map_err(|e| Error::json(origin, &e))?;
        Ok(validate::finish(collector, raw))
    }

    /// Reads a register from a reader, of at most
    /// [`ReadOptions::DEFAULT_LIMIT`] bytes, named `<input>` in messages
    /// ([`ReadOptions`] sets another limit and name). Memory stays bounded
    /// whatever the stream holds: reading stops at once at a NUL byte, at a
    /// first character that cannot start a register, or past the limit.
    ///
    /// ```
    /// use codecision::{ReadOptions, Register};
    /// // An endless stream of NUL bytes (like /dev/zero) is refused at once.
    /// let err = Register::from_reader(std::io::repeat(0)).unwrap_err();
    /// assert!(err.to_string().contains("a NUL byte"));
    /// let r = ReadOptions::new().limit(100).origin("<stdin>")
    ///     .from_reader(&br#"{"version": 1, "files": []}"#[..])?;
    /// assert!(r.files().is_empty());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if reading fails; [`Error::TooLarge`] past the limit;
    /// [`Error::Json`] for input that is not JSON (a NUL byte, a UTF-8
    /// byte order mark, ...), else as [`from_json`](Register::from_json).
    pub fn from_reader(reader: impl Read) -> Result<Register, Error> {
        ReadOptions::new().from_reader(reader)
    }

    /// Reads a register from a stream of at most `max_bytes` bytes; `origin`
    /// names it in errors.
    pub(crate) fn read_limited(
        reader: impl Read,
        origin: &str,
        max_bytes: u64,
    ) -> Result<Register, Error> {
        let bytes = read::read_bounded(reader, origin, max_bytes)?;
        let parsed = Self::parse(&bytes, Some(origin))?;
        drop(bytes); // before the index and the graph are built
        Self::from_parsed(parsed)
    }

    /// Reads a register from a file of at most
    /// [`ReadOptions::DEFAULT_LIMIT`] bytes (1 GiB; [`ReadOptions`] sets
    /// another). A regular file larger than that is refused before it is
    /// read; a device or a pipe is read as a stream (see
    /// [`from_reader`](Register::from_reader)).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the path if it cannot be read;
    /// [`Error::TooLarge`] past the limit; else as
    /// [`from_reader`](Register::from_reader), with the path in syntax
    /// errors.
    pub fn load(path: impl AsRef<Path>) -> Result<Register, Error> {
        ReadOptions::new().load(path)
    }

    /// [`load`](Register::load) of at most `max_bytes`, named `origin`
    /// (default: the path) in messages.
    pub(crate) fn load_limited(
        path: &Path,
        origin: Option<&str>,
        max_bytes: u64,
    ) -> Result<Register, Error> {
        let origin = origin.map_or_else(|| path.display().to_string(), str::to_string);
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        if len.is_some_and(|len| len > max_bytes) {
            return Err(read::too_large(&origin, max_bytes));
        }
        let bytes = match len {
            // A regular file's length is known and checked: read a piece at
            // a time, in pieces read at once (`stream`); when that path gives
            // up (for anything unexpected, a problem included), read at once
            // and parse in one pass, which says what is wrong and where.
            Some(len) => {
                if let Some(parsed) = stream::parse_file(&file, len) {
                    return Self::from_parsed(parsed);
                }
                std::io::Seek::seek(&mut &file, std::io::SeekFrom::Start(0))
                    .map_err(|e| Error::io(path, e))?;
                let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
                file.take(max_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io(path, e))?;
                if bytes.len() as u64 > max_bytes {
                    return Err(read::too_large(&origin, max_bytes));
                }
                bytes
            }
            None => read::read_bounded(file, &origin, max_bytes)?,
        };
        let parsed = Self::parse(&bytes, Some(&origin))?;
        drop(bytes); // before the index and the graph are built
        Self::from_parsed(parsed)
    }

    /// The register as JSON (format version 1), indented by two spaces.
    /// Loading it again gives an equal register.
    pub fn to_json(&self) -> String {
        let out = format::Out {
            synced: self.synced,
            files: &self.files,
            goals: &self.goals,
        };
        let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Writes the register to `path` with [`write_file`](crate::write_file):
    /// atomically (a temporary file in the same directory, flushed to disk,
    /// then renamed over `path`), so an interrupted write leaves the old file
    /// as it was; a device or FIFO is written directly.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the path and the step that failed.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        crate::output::write_file(path.as_ref(), self.to_json().as_bytes())
    }

    /// When the register was last brought up to date from the European
    /// Parliament's data (its optional top-level `synced` field, written by
    /// `codecision sync`), if ever. A later sync asks the Parliament only for
    /// the procedures updated since that day.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// let register = Register::from_json(r#"{"version": 1, "synced": "2026-11-30", "files": []}"#)?;
    /// assert_eq!(register.synced(), Some(parse_date("2026-11-30")?));
    /// assert!(register.to_json().contains(r#""synced": "2026-11-30""#));
    /// assert_eq!(Register::empty().synced(), None);
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn synced(&self) -> Option<NaiveDate> {
        self.synced
    }

    /// The register, marked as brought up to date on `date` (see
    /// [`synced`](Register::synced)).
    ///
    /// # Errors
    ///
    /// [`Error::BadDate`] for a date the register format cannot write (a
    /// year outside 0001 to 9999), so that what is saved always loads back.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use codecision::Register;
    ///
    /// let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    /// assert_eq!(Register::empty().with_synced(Some(day))?.synced(), Some(day));
    /// let too_late = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
    /// assert!(Register::empty().with_synced(Some(too_late)).is_err());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn with_synced(mut self, date: Option<NaiveDate>) -> Result<Register, Error> {
        if let Some(date) = date.filter(|d| !crate::date::is_writable(*d)) {
            return Err(Error::BadDate {
                value: date.to_string(),
                reason: crate::date::OUT_OF_RANGE,
            });
        }
        self.synced = date;
        Ok(self)
    }

    /// The files, in register order.
    pub fn files(&self) -> &[LegislativeFile] {
        &self.files
    }

    /// The goals, in register order.
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }

    /// The file with this id.
    pub fn file(&self, id: &str) -> Option<&LegislativeFile> {
        match self.index.get(&self.ids, id) {
            Some(n) if (n as usize) < self.files.len() => Some(&self.files[n as usize]),
            _ => None,
        }
    }

    /// The goal with this id.
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        match self.index.get(&self.ids, id) {
            Some(n) if (n as usize) >= self.files.len() => {
                Some(&self.goals[n as usize - self.files.len()])
            }
            _ => None,
        }
    }

    /// The file or goal with this id.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] with the closest existing id as a suggestion.
    pub fn file_or_goal(&self, id: &str) -> Result<FileOrGoal<'_>, Error> {
        self.index_of(id).map(|n| self.node_at(n))
    }

    /// Order anomalies in every file's history (see
    /// [`LegislativeFile::diagnostics`]).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.files
            .iter()
            .flat_map(LegislativeFile::diagnostics)
            .collect()
    }

    /// Every id, files first.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(LegislativeFile::id)
            .chain(self.goals.iter().map(|g| g.id.as_str()))
    }

    // -- internal helpers for queries -------------------------------------

    pub(crate) fn index_of(&self, id: &str) -> Result<u32, Error> {
        self.index
            .get(&self.ids, id)
            .ok_or_else(|| Error::UnknownId {
                id: id.to_string(),
                suggestion: closest(id, self.ids()),
            })
    }

    /// Works out the ids' order [`id_rank`](Register::id_rank) reads, if
    /// not done yet (a large query does it beside its own work).
    pub(crate) fn prepare_id_order(&self) {
        self.id_order();
    }

    /// The position of node `n`'s id among all ids, in byte order.
    pub(crate) fn id_rank(&self, n: u32) -> u32 {
        self.id_order()[n as usize]
    }

    /// Each node's position among all ids, in byte order.
    fn id_order(&self) -> &[u32] {
        self.id_order.get_or_init(|| {
            let mut nodes: Vec<u32> = (0..self.ids.len() as u32).collect();
            nodes.sort_unstable_by(|&a, &b| self.ids[a as usize].cmp(&self.ids[b as usize]));
            let mut rank = vec![0u32; nodes.len()];
            for (position, node) in nodes.into_iter().enumerate() {
                rank[node as usize] = position as u32;
            }
            rank
        })
    }

    /// Sorts `items` (each a distinct node, given by `node`) by id. A large
    /// share of the register is placed by rank in one pass over the ranks
    /// instead of being compared.
    pub(crate) fn sort_by_id<T: Copy>(&self, items: &mut [T], node: impl Fn(&T) -> u32) {
        let n = self.node_count();
        if items.len() < 64 || items.len() * 8 < n {
            items.sort_unstable_by_key(|item| self.id_rank(node(item)));
            return;
        }
        let mut slot = vec![u32::MAX; n];
        for (i, item) in items.iter().enumerate() {
            slot[self.id_rank(node(item)) as usize] = i as u32;
        }
        let sorted: Vec<T> = slot
            .into_iter()
            .filter(|&i| i != u32::MAX)
            .map(|i| items[i as usize])
            .collect();
        items.copy_from_slice(&sorted);
    }

    pub(crate) fn shared_ids(&self) -> std::sync::Arc<[std::sync::Arc<str>]> {
        std::sync::Arc::clone(&self.ids)
    }

    /// The id of node `n`, shared (a reference count, not a copy).
    pub(crate) fn shared_id(&self, n: u32) -> std::sync::Arc<str> {
        std::sync::Arc::clone(&self.ids[n as usize])
    }

    pub(crate) fn node_at(&self, n: u32) -> FileOrGoal<'_> {
        let n = n as usize;
        if n < self.files.len() {
            FileOrGoal::File(&self.files[n])
        } else {
            FileOrGoal::Goal(&self.goals[n - self.files.len()])
        }
    }

    pub(crate) fn file_at(&self, n: u32) -> Option<&LegislativeFile> {
        self.files.get(n as usize)
    }

    pub(crate) fn node_id(&self, n: u32) -> &str {
        self.node_at(n).id()
    }

    pub(crate) fn node_count(&self) -> usize {
        self.files.len() + self.goals.len()
    }

    pub(crate) fn graph(&self) -> &Graph {
        &self.graph
    }

    fn location_of(&self, n: u32) -> Location {
        let i = n as usize;
        if i < self.files.len() {
            Location::file(i, Some(self.files[i].id()))
        } else {
            Location::goal(
                i - self.files.len(),
                Some(&self.goals[i - self.files.len()].id),
            )
        }
    }
}
