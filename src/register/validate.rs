//! Turning raw records into a register, collecting every structural problem
//! with where it is.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::date::check_date;
use crate::error::{Location, Problem, ProblemKind};
use crate::event::Event;
use crate::file::{LegislativeFile, Requirement};
use crate::register::Goal;
use crate::register::format::{
    EVENT_FIELDS, Extras, FILE_FIELDS, GOAL_FIELDS, REQUIREMENT_FIELDS, RawEvent, RawFile, RawGoal,
    RawRegister, RawRequirement, TOP_FIELDS,
};
use crate::stage::Stage;

/// Whether `id` is lowercase ASCII letters, digits and `-`, and not empty.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(crate) struct Collector {
    pub problems: Vec<Problem>,
}

impl Collector {
    fn push(&mut self, location: Location, kind: ProblemKind) {
        self.problems.push(Problem { location, kind });
    }

    fn extras(&mut self, location: &Location, extras: Extras, expected: &'static [&'static str]) {
        for field in extras.unknown {
            self.push(
                location.clone(),
                ProblemKind::UnknownField { field, expected },
            );
        }
        for field in extras.repeated {
            self.push(location.clone(), ProblemKind::DuplicateField { field });
        }
    }

    fn date(&mut self, location: &Location, value: &str) -> Option<NaiveDate> {
        match check_date(value) {
            Ok(date) => Some(date),
            Err(reason) => {
                self.push(
                    location.clone(),
                    ProblemKind::BadDate {
                        value: value.to_string(),
                        reason,
                    },
                );
                None
            }
        }
    }

    fn stage(&mut self, location: &Location, value: &str) -> Option<Stage> {
        match value.parse() {
            Ok(stage) => Some(stage),
            Err(_) => {
                self.push(
                    location.clone(),
                    ProblemKind::UnknownStage {
                        value: value.to_string(),
                    },
                );
                None
            }
        }
    }

    fn required(
        &mut self,
        location: &Location,
        value: Option<String>,
        field: &'static str,
    ) -> String {
        value.unwrap_or_else(|| {
            self.push(location.clone(), ProblemKind::MissingField { field });
            String::new()
        })
    }
}

/// Files and goals read from raw records, and the problems met on the way.
pub(crate) fn from_raw(raw: RawRegister) -> (Vec<LegislativeFile>, Vec<Goal>, Vec<Problem>) {
    let mut c = Collector {
        problems: Vec::new(),
    };
    let top = Location::default();
    c.extras(&top, raw.extras, TOP_FIELDS);
    if let Some(version) = &raw.version {
        if version.as_u64() != Some(1) {
            c.push(
                top.clone(),
                ProblemKind::UnsupportedVersion {
                    found: version.to_string(),
                },
            );
        }
    }
    let raw_files = match raw.files {
        Some(files) => files,
        None => {
            c.push(top, ProblemKind::MissingField { field: "files" });
            Vec::new()
        }
    };
    let files = raw_files
        .into_iter()
        .enumerate()
        .map(|(i, f)| file_from_raw(&mut c, i, f))
        .collect();
    let goals = raw
        .goals
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, g)| goal_from_raw(&mut c, i, g))
        .collect();
    (files, goals, c.problems)
}

fn file_from_raw(c: &mut Collector, index: usize, raw: RawFile) -> LegislativeFile {
    let at = Location::file(index, raw.id.as_deref());
    c.extras(&at, raw.extras, FILE_FIELDS);
    let id = c.required(&at, raw.id, "id");
    let title = c.required(&at, raw.title, "title");
    let events = raw
        .events
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(e, event)| event_from_raw(c, &at, e, event))
        .collect();
    let requires = requirements_from_raw(c, &at, raw.requires.unwrap_or_default());
    let mut file = LegislativeFile::new(id, title);
    file.set_identity(raw.procedure, raw.proposal, raw.act, raw.committee);
    file.set_events(events);
    file.set_links(requires, raw.related.unwrap_or_default());
    file
}

fn event_from_raw(
    c: &mut Collector,
    file: &Location,
    index: usize,
    raw: RawEvent,
) -> Option<Event> {
    let at = file.clone().event(index);
    c.extras(&at, raw.extras, EVENT_FIELDS);
    let date = match raw.date {
        Some(text) => c.date(&at, &text),
        None => {
            c.push(at.clone(), ProblemKind::MissingField { field: "date" });
            None
        }
    };
    let stage = match raw.stage.flatten() {
        Some(text) => Some(c.stage(&at, &text)?),
        None => None,
    };
    Some(Event {
        date: date?,
        stage,
        source: raw.source.flatten(),
        note: raw.note.flatten(),
        committee: raw.committee.flatten(),
    })
}

fn requirements_from_raw(
    c: &mut Collector,
    owner: &Location,
    raw: Vec<RawRequirement>,
) -> Vec<Requirement> {
    let mut out = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let at = owner.clone().link("requires", i);
        c.extras(&at, r.extras, REQUIREMENT_FIELDS);
        let stage = match r.stage {
            Some(text) => c.stage(&at, &text),
            None => Some(Stage::EntryIntoForce),
        };
        let Some(file) = r.file else {
            c.push(at, ProblemKind::MissingField { field: "file" });
            continue;
        };
        if let Some(stage) = stage {
            out.push(Requirement { file, stage });
        }
    }
    out
}

fn goal_from_raw(c: &mut Collector, index: usize, raw: RawGoal) -> Goal {
    let at = Location::goal(index, raw.id.as_deref());
    c.extras(&at, raw.extras, GOAL_FIELDS);
    let id = c.required(&at, raw.id, "id");
    let title = c.required(&at, raw.title, "title");
    let deadline = match raw.deadline {
        Some(text) => c.date(&at, &text),
        None => {
            c.push(at.clone(), ProblemKind::MissingField { field: "deadline" });
            None
        }
    };
    let requires = requirements_from_raw(c, &at, raw.requires.unwrap_or_default());
    Goal {
        id,
        title,
        // A placeholder when the deadline is bad: the register is refused anyway.
        deadline: deadline.unwrap_or(NaiveDate::MIN),
        requires,
    }
}

/// Checks ids, duplicates and links; returns the id index (files first, then
/// goals) when every id is usable.
pub(crate) fn check_ids(
    files: &[LegislativeFile],
    goals: &[Goal],
    problems: &mut Vec<Problem>,
) -> HashMap<String, u32> {
    let mut c = Collector {
        problems: std::mem::take(problems),
    };
    let mut index: HashMap<String, u32> = HashMap::with_capacity(files.len() + goals.len());
    let mut firsts: HashMap<u32, Location> = HashMap::new();
    let ids = files
        .iter()
        .enumerate()
        .map(|(i, f)| (Location::file(i, Some(f.id())), f.id()))
        .chain(
            goals
                .iter()
                .enumerate()
                .map(|(i, g)| (Location::goal(i, Some(&g.id)), g.id.as_str())),
        );
    for (node, (at, id)) in ids.enumerate() {
        if id.is_empty() {
            continue; // reported as missing
        }
        if !is_valid_id(id) {
            c.push(at.clone(), ProblemKind::BadId { id: id.to_string() });
        }
        match index.get(id) {
            Some(first) => {
                let first = firsts.get(first).cloned().unwrap_or_default();
                c.push(
                    at,
                    ProblemKind::DuplicateId {
                        id: id.to_string(),
                        first,
                    },
                );
            }
            None => {
                index.insert(id.to_string(), node as u32);
                firsts.insert(node as u32, at);
            }
        }
    }
    let mut unknown_reported = 0usize;
    let mut check = |c: &mut Collector, at: Location, id: &str| {
        if !index.contains_key(id) {
            // Suggestions cost a scan of every id: only for the first few.
            unknown_reported += 1;
            let suggestion = if unknown_reported <= 20 {
                closest(id, index.keys().map(String::as_str))
            } else {
                None
            };
            c.push(
                at,
                ProblemKind::UnknownId {
                    id: id.to_string(),
                    suggestion,
                },
            );
        }
    };
    for (i, f) in files.iter().enumerate() {
        let at = Location::file(i, Some(f.id()));
        for (k, r) in f.requirements().iter().enumerate() {
            check(&mut c, at.clone().link("requires", k), &r.file);
        }
        for (k, r) in f.related().iter().enumerate() {
            check(&mut c, at.clone().link("related", k), r);
        }
    }
    for (i, g) in goals.iter().enumerate() {
        let at = Location::goal(i, Some(&g.id));
        for (k, r) in g.requires.iter().enumerate() {
            check(&mut c, at.clone().link("requires", k), &r.file);
        }
    }
    *problems = c.problems;
    index
}

/// The existing id closest to `id` by edit distance, when it is close enough
/// to be a likely typo.
pub(crate) fn closest<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    if id.len() > 200 {
        return None;
    }
    let limit = (id.chars().count() / 3).max(2);
    candidates
        .filter(|c| c.len() <= 200)
        .map(|c| (edit_distance(id, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
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

    #[test]
    fn suggestions() {
        let ids = ["etias", "etias-europol", "ees", "eu-lisa"];
        assert_eq!(closest("etais", ids.into_iter()).as_deref(), Some("etias"));
        assert_eq!(
            closest("eu-lisaa", ids.into_iter()).as_deref(),
            Some("eu-lisa")
        );
        assert_eq!(closest("completely-different", ids.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
