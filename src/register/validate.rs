//! Turning raw records into a register, collecting every structural problem
//! with where it is.

use std::hash::BuildHasher as _;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::error::{Location, Problem, ProblemKind};
use crate::file::{LegislativeFile, Requirement};
use crate::register::Goal;
use crate::register::format::{
    EVENT_FIELDS, Extras, FILE_FIELDS, GOAL_FIELDS, REQUIREMENT_FIELDS, RawDate, RawEvent,
    RawEvents, RawFile, RawGoal, RawRegister, RawRequirement, RawStage, TOP_FIELDS,
};
use crate::stage::Stage;

/// Whether `id` is lowercase ASCII letters, digits and `-`, and not empty.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The problems met while reading, in the order they were met.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub problems: Vec<Problem>,
}

/// Where the reader is, borrowed: turned into a [`Location`] (which copies
/// the id) only when a problem is reported, so a valid register costs no
/// copy.
#[derive(Clone, Copy)]
struct Spot<'a> {
    item: Option<(bool, usize, Option<&'a str>)>,
    event: Option<usize>,
    link: Option<(&'static str, usize)>,
}

impl<'a> Spot<'a> {
    const TOP: Spot<'static> = Spot {
        item: None,
        event: None,
        link: None,
    };

    fn file(index: usize, id: Option<&'a str>) -> Self {
        Spot {
            item: Some((true, index, id)),
            ..Spot::TOP
        }
    }

    fn goal(index: usize, id: Option<&'a str>) -> Self {
        Spot {
            item: Some((false, index, id)),
            ..Spot::TOP
        }
    }

    fn event(self, index: usize) -> Self {
        Spot {
            event: Some(index),
            ..self
        }
    }

    fn link(self, field: &'static str, index: usize) -> Self {
        Spot {
            link: Some((field, index)),
            ..self
        }
    }

    fn location(self) -> Location {
        let mut at = match self.item {
            None => Location::default(),
            Some((true, index, id)) => Location::file(index, id),
            Some((false, index, id)) => Location::goal(index, id),
        };
        if let Some(event) = self.event {
            at = at.event(event);
        }
        if let Some((field, index)) = self.link {
            at = at.link(field, index);
        }
        at
    }
}

impl Collector {
    fn push(&mut self, location: Location, kind: ProblemKind) {
        self.problems.push(Problem { location, kind });
    }

    fn at(&mut self, spot: Spot<'_>, kind: ProblemKind) {
        self.push(spot.location(), kind);
    }

    fn extras(&mut self, spot: Spot<'_>, extras: Extras, expected: &'static [&'static str]) {
        for field in extras.unknown {
            self.at(spot, ProblemKind::UnknownField { field, expected });
        }
        for field in extras.repeated {
            self.at(spot, ProblemKind::DuplicateField { field });
        }
    }

    fn date(
        &mut self,
        spot: Spot<'_>,
        value: Option<RawDate>,
        field: &'static str,
    ) -> Option<NaiveDate> {
        match value.map(|v| v.0) {
            Some(Ok(date)) => Some(date),
            Some(Err((value, reason))) => {
                self.at(spot, ProblemKind::BadDate { value, reason });
                None
            }
            None => {
                self.at(spot, ProblemKind::MissingField { field });
                None
            }
        }
    }

    fn stage(&mut self, spot: Spot<'_>, value: RawStage) -> Option<Stage> {
        match value.0 {
            Ok(stage) => Some(stage),
            Err(value) => {
                self.at(spot, ProblemKind::UnknownStage { value });
                None
            }
        }
    }

    fn missing(&mut self, spot: Spot<'_>, value: &Option<impl Sized>, field: &'static str) {
        if value.is_none() {
            self.at(spot, ProblemKind::MissingField { field });
        }
    }
}

/// Checks the top level of a register whose files and goals have been read
/// (and checked one by one into `c`); returns them with every problem, the
/// top level's first.
pub(crate) fn finish(mut c: Collector, raw: RawRegister) -> super::Parsed {
    let items = std::mem::take(&mut c.problems);
    c.extras(Spot::TOP, raw.extras, TOP_FIELDS);
    if let Some(version) = &raw.version {
        if version.get() != "1" {
            c.at(
                Spot::TOP,
                ProblemKind::UnsupportedVersion {
                    found: version.get().to_string(),
                },
            );
        }
    }
    if raw.files.is_none() {
        c.at(Spot::TOP, ProblemKind::MissingField { field: "files" });
    }
    let synced = match raw.synced {
        Some(date) => c.date(Spot::TOP, Some(date), "synced"),
        None => None,
    };
    c.problems.extend(items);
    let mut files = raw.files.unwrap_or_default();
    // Read one by one, the array grew by doubling: give back the spare room.
    files.shrink_to_fit();
    super::Parsed {
        files,
        goals: raw.goals.unwrap_or_default(),
        problems: c.problems,
        synced,
        ids: None,
    }
}

pub(crate) fn file_from_raw(c: &mut Collector, index: usize, raw: RawFile) -> LegislativeFile {
    let spot = Spot::file(index, raw.id.as_deref());
    c.extras(spot, raw.extras, FILE_FIELDS);
    c.missing(spot, &raw.id, "id");
    if !raw.has_title {
        c.at(spot, ProblemKind::MissingField { field: "title" });
    }
    if let Some(bytes) = raw.too_long {
        c.at(spot, ProblemKind::TooLong { bytes });
    }
    let RawEvents { events, bad } = raw.events.unwrap_or_default();
    // The register is refused for these, so only their problems matter.
    for (e, event) in bad {
        report_event(c, spot.event(e), *event);
    }
    let requires = requirements_from_raw(c, spot, raw.requires.unwrap_or_default());
    let mut file = LegislativeFile::new(String::new(), "");
    file.set_shared_id(raw.id.unwrap_or_default());
    file.set_identity(raw.identity);
    file.set_events(events);
    file.set_links(requires, raw.related.unwrap_or_default());
    file
}

/// Reports what is wrong with an event the reading kept raw (see
/// `format::EventInto`).
fn report_event(c: &mut Collector, spot: Spot<'_>, raw: RawEvent) {
    c.extras(spot, raw.extras, EVENT_FIELDS);
    if let Some(bytes) = raw.too_long {
        c.at(spot, ProblemKind::TooLong { bytes });
    }
    c.date(spot, raw.date, "date");
    if let Some(text) = raw.stage.flatten() {
        c.stage(spot, text);
    }
}

fn requirements_from_raw(
    c: &mut Collector,
    owner: Spot<'_>,
    raw: Vec<RawRequirement>,
) -> Vec<Requirement> {
    let mut out = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let spot = owner.link("requires", i);
        c.extras(spot, r.extras, REQUIREMENT_FIELDS);
        let stage = match r.stage {
            Some(text) => c.stage(spot, text),
            None => Some(Stage::EntryIntoForce),
        };
        let Some(file) = r.file else {
            c.at(spot, ProblemKind::MissingField { field: "file" });
            continue;
        };
        if let Some(stage) = stage {
            out.push(Requirement { file, stage });
        }
    }
    out
}

pub(crate) fn goal_from_raw(c: &mut Collector, index: usize, raw: RawGoal) -> Goal {
    let spot = Spot::goal(index, raw.id.as_deref());
    c.extras(spot, raw.extras, GOAL_FIELDS);
    c.missing(spot, &raw.id, "id");
    c.missing(spot, &raw.title, "title");
    let deadline = c.date(spot, raw.deadline, "deadline");
    let requires = requirements_from_raw(c, spot, raw.requires.unwrap_or_default());
    Goal {
        id: raw.id.unwrap_or_default(),
        title: raw.title.unwrap_or_default(),
        // A placeholder when the deadline is bad: the register is refused anyway.
        deadline: deadline.unwrap_or(NaiveDate::MIN),
        requires,
    }
}

/// A `requires` edge between two nodes: `(from, to, stage)`.
pub(crate) type Edge = (u32, u32, Stage);

/// The index of ids: each node by its id. It holds node numbers alone (4
/// bytes a node, hashbrown's `HashTable`), the ids being those of the
/// register's table of ids, which every look-up is given: a map keyed by a
/// copy of each id (a reference-counted string, 16 bytes a node) took 3.2
/// MB at 100,000 files, and the reference counts it raised cost a cache
/// miss a file on one core. foldhash, seeded afresh in each process, hashes
/// a short id several times faster than the standard library's SipHash,
/// and still keeps a register made to collide from slowing look-ups down.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    nodes: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl IdIndex {
    fn with_capacity(capacity: usize) -> Self {
        IdIndex {
            nodes: hashbrown::HashTable::with_capacity(capacity),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    /// The node whose id is `id`; `ids` is the table of ids the index was
    /// built on.
    pub fn get(&self, ids: &[Arc<str>], id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.nodes.find(hash, |&n| &*ids[n as usize] == id).copied()
    }

    /// Adds `node`, whose id is `ids[node]`; the node already there with
    /// that id, if there is one (then `node` is not added).
    fn insert(&mut self, ids: &[Arc<str>], node: u32) -> Result<(), u32> {
        let id: &str = &ids[node as usize];
        let hasher = &self.hasher;
        let entry = self.nodes.entry(
            hasher.hash_one(id),
            |&n| &*ids[n as usize] == id,
            |&n| hasher.hash_one(&*ids[n as usize]),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(first) => Err(*first.get()),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(node);
                Ok(())
            }
        }
    }
}

/// What [`check_ids`] finds: each node's id and the index that finds a node
/// by id (sharing the same strings), and the `requires` edges between known
/// nodes.
pub(crate) struct Ids {
    pub ids: Arc<[Arc<str>]>,
    pub index: IdIndex,
    pub edges: Vec<Edge>,
}

/// The files' ids for the table of ids, in file order, made by the reader
/// while each file was at hand (`register/stream.rs`). Made by
/// [`check_ids`] instead (the one pass leaves them to it), each
/// reference count is raised on a line of memory no longer in the cache,
/// by a locked instruction that lets the processor do little else
/// meanwhile: at 100,000 files, several milliseconds on one core between
/// reading and the answer's query.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FileIds {
    pub parts: Vec<Vec<Arc<str>>>,
}

impl FileIds {
    /// Adds `file`'s id, to the last part.
    pub fn push(&mut self, file: &LegislativeFile) {
        if self.parts.is_empty() {
            self.parts.push(Vec::new());
        }
        if let Some(last) = self.parts.last_mut() {
            last.push(Arc::clone(file.shared_id()));
        }
    }

    fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }
}

/// Checks ids, duplicates and links (files first, then goals), each link
/// looked up once.
/// Reports every date a register could not be written with (see
/// [`date::is_writable`](crate::date::is_writable)): events' dates and
/// goals' deadlines built in code (a register read from JSON has only
/// dates `YYYY-MM-DD` parsed, always writable).
pub(crate) fn check_dates(files: &[LegislativeFile], goals: &[Goal], problems: &mut Vec<Problem>) {
    let shown = |id: &str| Some(id.to_owned()).filter(|id| !id.is_empty());
    let bad = |date: NaiveDate| ProblemKind::BadDate {
        value: date.to_string(),
        reason: crate::date::OUT_OF_RANGE,
    };
    for (index, file) in files.iter().enumerate() {
        for (event, e) in file.events().iter().enumerate() {
            if !crate::date::is_writable(e.date) {
                problems.push(Problem {
                    location: Location::file(index, shown(file.id()).as_deref()).event(event),
                    kind: bad(e.date),
                });
            }
        }
    }
    for (index, goal) in goals.iter().enumerate() {
        if !crate::date::is_writable(goal.deadline) {
            problems.push(Problem {
                location: Location::goal(index, shown(&goal.id).as_deref()),
                kind: bad(goal.deadline),
            });
        }
    }
}

pub(crate) fn check_ids(
    files: &[LegislativeFile],
    goals: &[Goal],
    problems: &mut Vec<Problem>,
    prepared: Option<FileIds>,
) -> Ids {
    let mut c = Collector {
        problems: std::mem::take(problems),
    };
    let mut index = IdIndex::with_capacity(files.len() + goals.len());
    // Files' ids are shared as they are; goals' are copied once.
    let prepared = prepared
        .filter(|p| p.len() == files.len())
        .unwrap_or_else(|| FileIds {
            parts: vec![files.iter().map(|f| Arc::clone(f.shared_id())).collect()],
        });
    // One allocation of the exact size, written in place: an iterator of
    // known length (`repeat_with` and `take`) over the parts one after the
    // other, then the goals' ids (collected from the parts' iterators
    // chained, the ids would be gathered in a growing array first).
    let total = files.len() + goals.len();
    let mut all = prepared
        .parts
        .into_iter()
        .flatten()
        .chain(goals.iter().map(|g| Arc::from(g.id.as_str())));
    let shared: Arc<[Arc<str>]> = std::iter::repeat_with(|| all.next().unwrap_or_default())
        .take(total)
        .collect();
    // Locations are built only when a problem is reported: they copy the id.
    let location = |node: usize| -> Location {
        let shown = |id: &'_ str| Some(id).filter(|id| !id.is_empty()).map(str::to_owned);
        if node < files.len() {
            Location::file(node, shown(files[node].id()).as_deref())
        } else {
            let g = node - files.len();
            Location::goal(g, shown(&goals[g].id).as_deref())
        }
    };
    // The items whose `id` field is missing (an empty id then), reported
    // once as missing; built only if an empty id is met.
    let mut missing: Option<Vec<(u8, usize)>> = None;
    for (node, id) in shared.iter().enumerate() {
        let id: &str = id;
        if id.is_empty() {
            let missing = missing.get_or_insert_with(|| {
                c.problems
                    .iter()
                    .filter(|p| matches!(p.kind, ProblemKind::MissingField { field: "id" }))
                    .map(|p| {
                        let (rank, index, ..) = p.location.order_key();
                        (rank, index)
                    })
                    .collect()
            });
            let here = location(node);
            let (rank, index, ..) = here.order_key();
            if !missing.contains(&(rank, index)) {
                c.push(here, ProblemKind::BadId { id: String::new() });
            }
            continue;
        }
        if !is_valid_id(id) {
            c.push(location(node), ProblemKind::BadId { id: id.to_string() });
        }
        // One look-up: the entry (an id hashed once, not twice).
        if let Err(first) = index.insert(&shared, node as u32) {
            c.push(
                location(node),
                ProblemKind::DuplicateId {
                    id: id.to_string(),
                    first: location(first as usize),
                },
            );
        }
    }
    let mut unknown_reported = 0usize;
    let mut check = |c: &mut Collector, node: usize, field: &'static str, k: usize, id: &str| {
        let found = index.get(&shared, id);
        if found.is_none() {
            // Suggestions cost a scan of every id: only for the first few.
            // (Every id but the empty one is in the index.)
            unknown_reported += 1;
            let suggestion = if unknown_reported <= 20 {
                closest(id, shared.iter().map(|k| &**k).filter(|k| !k.is_empty()))
            } else {
                None
            };
            c.push(
                location(node).link(field, k),
                ProblemKind::UnknownId {
                    id: id.to_string(),
                    suggestion,
                },
            );
        }
        found
    };
    // Whether some file's `requires` may ask for a terminal stage.
    let mut files_terminal = true;
    let mut edges = match files_edges_in_parallel(files, &shared, &index) {
        Some(edges) => {
            // Every item of the files' `requires` is an edge here: their
            // stages are read from the edges, in order, rather than from
            // each file again (a cache miss or two a file, on one core).
            files_terminal = edges.iter().any(|&(_, _, stage)| stage.is_terminal());
            edges
        }
        None => {
            let mut edges = Vec::with_capacity(files.len() * 2);
            for (i, f) in files.iter().enumerate() {
                for (k, r) in f.requirements().iter().enumerate() {
                    if let Some(to) = check(&mut c, i, "requires", k, &r.file) {
                        edges.push((i as u32, to, r.stage));
                    }
                }
                for (k, r) in f.related().iter().enumerate() {
                    check(&mut c, i, "related", k, r);
                }
            }
            edges
        }
    };
    for (i, g) in goals.iter().enumerate() {
        let from = files.len() + i;
        for (k, r) in g.requires.iter().enumerate() {
            if let Some(to) = check(&mut c, from, "requires", k, &r.file) {
                edges.push((from as u32, to, r.stage));
            }
        }
    }
    terminal_requirements(&mut c, files, goals, files_terminal, location);
    *problems = c.problems;
    Ids {
        ids: shared,
        index,
        edges,
    }
}

/// A problem for each `requires` item that asks for a terminal stage
/// (see [`ProblemKind::TerminalRequirement`]), in register order; the
/// files' are looked at only if `files_too`.
fn terminal_requirements(
    c: &mut Collector,
    files: &[LegislativeFile],
    goals: &[Goal],
    files_too: bool,
    location: impl Fn(usize) -> Location,
) {
    let files_looked_at = if files_too { files } else { &[] };
    let owners = files_looked_at
        .iter()
        .map(LegislativeFile::requirements)
        .enumerate()
        .chain(
            goals
                .iter()
                .enumerate()
                .map(|(g, goal)| (files.len() + g, goal.requires.as_slice())),
        );
    for (node, requires) in owners {
        for (k, r) in requires.iter().enumerate() {
            if r.stage.is_terminal() {
                c.push(
                    location(node).link("requires", k),
                    ProblemKind::TerminalRequirement {
                        file: r.file.clone(),
                        stage: r.stage,
                    },
                );
            }
        }
    }
}

/// The `requires` edges of `files`, in file order, looked up on rayon's
/// threads; `None` when some link names an unknown id: the one pass then
/// reports each in order. Without the `parallel` feature, always `None`.
fn files_edges_in_parallel(
    files: &[LegislativeFile],
    ids: &[Arc<str>],
    index: &IdIndex,
) -> Option<Vec<Edge>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // One pass over the files (each is a cache miss or two): a `related`
        // id not found gives a `None` item, as a `requires` one does.
        files
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, f)| {
                let related = f
                    .related()
                    .iter()
                    .all(|r| index.get(ids, r.as_str()).is_some());
                f.requirements()
                    .iter()
                    .map(move |r| {
                        index
                            .get(ids, r.file.as_str())
                            .map(|to| (i as u32, to, r.stage))
                    })
                    .chain((!related).then_some(None))
            })
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = (files, ids, index);
        None
    }
}

/// The existing id closest to `id`, when it is close enough to be a likely
/// typo: at most one edit (a letter added, dropped, changed, or two letters
/// swapped: `strsim`'s optimal string alignment distance) for every three
/// letters of the longer of the two. So `etais` finds `etias`, and a short
/// id finds nothing unrelated (`eu` is not a typo of `ees`).
pub(crate) fn closest<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    if id.len() > 200 {
        return None;
    }
    let length = id.chars().count();
    candidates
        .filter(|c| c.len() <= 200)
        .filter_map(|c| {
            let limit = length.max(c.chars().count()) / 3;
            // The lengths alone rule most candidates out, without a distance.
            if length.abs_diff(c.chars().count()) > limit {
                return None;
            }
            let d = strsim::osa_distance(id, c);
            (d <= limit).then_some((d, c))
        })
        .min()
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("etias-europol"));
        assert!(is_valid_id("f0000001"));
        for bad in ["", "ETIAS", "etias_europol", "é", "a b", "a/b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    /// `n` files, each requiring the one before and related to the first;
    /// the last one's requirement names `last_needs`.
    fn chain(n: usize, last_needs: &str) -> Vec<LegislativeFile> {
        (0..n)
            .map(|i| {
                let mut f = LegislativeFile::new(format!("f{i}"), "t").related_to("f0");
                if i > 0 {
                    let needs = if i + 1 == n {
                        last_needs.to_string()
                    } else {
                        format!("f{}", i - 1)
                    };
                    f = f.requires(Requirement {
                        file: needs,
                        stage: Stage::Adoption,
                    });
                }
                f
            })
            .collect()
    }

    #[test]
    fn links_of_a_large_register_are_found_in_file_order() {
        // Large enough for the lookups to be shared between two threads.
        let n = 25_001;
        let files = chain(n, &format!("f{}", n - 2));
        let mut problems = Vec::new();
        let found = check_ids(&files, &[], &mut problems, None);
        assert!(problems.is_empty());
        let expected: Vec<Edge> = (1..n as u32).map(|i| (i, i - 1, Stage::Adoption)).collect();
        assert_eq!(found.edges, expected);
    }

    #[test]
    fn an_unknown_link_in_a_large_register_is_reported_where_it_is() {
        let n = 25_001;
        let files = chain(n, "f-missing");
        let mut problems = Vec::new();
        let found = check_ids(&files, &[], &mut problems, None);
        assert_eq!(found.edges.len(), n - 2);
        assert_eq!(problems.len(), 1);
        let text = problems[0].to_string();
        assert!(
            text.contains("f-missing") && text.contains(&format!("f{}", n - 1)),
            "{text}"
        );
    }

    #[test]
    fn suggestions() {
        let ids = ["etias", "etias-europol", "ees", "eu-lisa"];
        assert_eq!(closest("etais", ids.into_iter()).as_deref(), Some("etias"));
        assert_eq!(
            closest("eu-lisaa", ids.into_iter()).as_deref(),
            Some("eu-lisa")
        );
        assert_eq!(closest("completely-different", ids.into_iter()), None);
        // Issue 17: a short id suggested an unrelated one.
        for unrelated in ["eu", "etc", "x", "e", "lisa", "etias-eu"] {
            assert_eq!(closest(unrelated, ids.into_iter()), None, "{unrelated}");
        }
        assert_eq!(closest("ee", ids.into_iter()).as_deref(), Some("ees"));
    }
}
