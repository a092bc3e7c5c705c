//! The register's JSON form (format version 1), read leniently enough to
//! report every structural problem at once.
//!
//! Reading is two steps. First serde reads the document into raw records that
//! keep what they cannot judge yet: unknown field names, dates and stages as
//! text, missing required fields. Only malformed JSON or a value of the wrong
//! type stops it there, with the line and column. Then
//! [`validate`](super::validate) turns the raw records into a register,
//! collecting every problem it finds with where it is.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use crate::event::Event;
use crate::file::{LegislativeFile, Requirement};
use crate::packed::Packed;
use crate::register::Goal;
use crate::register::validate::{self, Collector};
use crate::stage::Stage;

pub(crate) const TOP_FIELDS: &[&str] = &["version", "synced", "files", "goals"];
pub(crate) const FILE_FIELDS: &[&str] = &[
    "id",
    "title",
    "procedure",
    "proposal",
    "act",
    "committee",
    "events",
    "requires",
    "related",
];
pub(crate) const EVENT_FIELDS: &[&str] = &["date", "stage", "source", "note", "committee"];
pub(crate) const GOAL_FIELDS: &[&str] = &["id", "title", "deadline", "requires"];
pub(crate) const REQUIREMENT_FIELDS: &[&str] = &["file", "stage"];

/// A string that borrows from the input when it can.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A date read straight from the input: checked while reading, so a good
/// date costs no allocation; a bad one keeps its text for the message.
#[derive(Debug)]
pub(crate) struct RawDate(pub Result<chrono::NaiveDate, (String, &'static str)>);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as a string YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawDate(
                    crate::date::check_date(v).map_err(|reason| (v.to_string(), reason)),
                ))
            }
        }
        d.deserialize_str(V)
    }
}

/// A stage read straight from the input, like [`RawDate`].
#[derive(Debug)]
pub(crate) struct RawStage(pub Result<Stage, String>);

impl<'de> Deserialize<'de> for RawStage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawStage;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a stage name as a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawStage(Stage::named(v).ok_or_else(|| v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The total length of `parts`, when it is over what one item may hold.
fn too_long(parts: &[Option<&str>]) -> Option<usize> {
    (!Packed::<1>::fits(parts)).then(|| parts.iter().flatten().map(|p| p.len()).sum())
}

/// Unknown and repeated field names met while reading one object.
#[derive(Debug, Default)]
pub(crate) struct Extras {
    pub unknown: Vec<String>,
    pub repeated: Vec<&'static str>,
}

impl Extras {
    fn seen<T>(&mut self, slot: &Option<T>, field: &'static str) {
        if slot.is_some() {
            self.repeated.push(field);
        }
    }
}

/// Reads one object's fields: `$map` is the MapAccess, each arm names a field
/// and the slot it fills.
macro_rules! read_fields {
    ($map:ident, $extras:ident, { $($name:literal => $slot:ident),* $(,)? }) => {
        while let Some(key) = $map.next_key::<Text<'de>>()? {
            match &*key.0 {
                $($name => {
                    $extras.seen(&$slot, $name);
                    $slot = Some($map.next_value()?);
                })*
                other => {
                    $extras.unknown.push(other.to_string());
                    $map.next_value::<IgnoredAny>()?;
                }
            }
        }
    };
}

/// The top level of a register, its files and goals already converted (see
/// [`RegisterSeed`]).
#[derive(Debug, Default)]
pub(crate) struct RawRegister {
    /// The version as written (a number is kept exactly, not as a float).
    pub version: Option<Box<serde_json::value::RawValue>>,
    pub synced: Option<RawDate>,
    pub files: Option<Vec<LegislativeFile>>,
    pub goals: Option<Vec<Goal>>,
    pub extras: Extras,
}

#[derive(Debug, Default)]
pub(crate) struct RawFile {
    /// Copied once from the input, to be shared with the index of ids.
    pub id: Option<std::sync::Arc<str>>,
    /// Title, procedure, proposal, act and committee, copied once from the
    /// input.
    pub identity: Packed<4>,
    pub has_title: bool,
    /// The identity's length in bytes, when it is over the limit.
    pub too_long: Option<usize>,
    pub events: Option<RawEvents>,
    pub requires: Option<Vec<RawRequirement>>,
    pub related: Option<Vec<String>>,
    pub extras: Extras,
}

#[derive(Debug)]
pub(crate) struct RawEvent {
    pub date: Option<RawDate>,
    pub stage: Option<Option<RawStage>>,
    /// The texts' length in bytes, when it is over the limit.
    pub too_long: Option<usize>,
    pub extras: Extras,
}

#[derive(Debug, Default)]
pub(crate) struct RawGoal {
    pub id: Option<String>,
    pub title: Option<String>,
    pub deadline: Option<RawDate>,
    pub requires: Option<Vec<RawRequirement>>,
    pub extras: Extras,
}

#[derive(Debug, Default)]
pub(crate) struct RawRequirement {
    pub file: Option<String>,
    pub stage: Option<RawStage>,
    pub extras: Extras,
}

/// Reads a register, turning each file and goal into its final form as soon
/// as it is read: the raw records of one file exist at a time, never those
/// of the whole register. Problems go to the collector.
pub(crate) struct RegisterSeed<'c>(pub &'c mut Collector);

impl<'de> DeserializeSeed<'de> for RegisterSeed<'_> {
    type Value = RawRegister;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawRegister, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RegisterSeed<'_> {
    type Value = RawRegister;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a register: an object with `version`, `files` and `goals`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRegister, A::Error> {
        let mut r = RawRegister::default();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            match &*key.0 {
                "version" => {
                    r.extras.seen(&r.version, "version");
                    r.version = Some(map.next_value()?);
                }
                "synced" => {
                    r.extras.seen(&r.synced, "synced");
                    r.synced = Some(map.next_value()?);
                }
                "files" => {
                    r.extras.seen(&r.files, "files");
                    r.files = Some(map.next_value_seed(Items::<RawFile>::new(self.0))?);
                }
                "goals" => {
                    r.extras.seen(&r.goals, "goals");
                    r.goals = Some(map.next_value_seed(Items::<RawGoal>::new(self.0))?);
                }
                other => {
                    r.extras.unknown.push(other.to_string());
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(r)
    }
}

/// A raw record that becomes a final one as soon as it has been read.
pub(crate) trait Convert: for<'de> Deserialize<'de> {
    type Final;
    fn convert(self, c: &mut Collector, index: usize) -> Self::Final;
}

impl Convert for RawFile {
    type Final = LegislativeFile;
    fn convert(self, c: &mut Collector, index: usize) -> LegislativeFile {
        validate::file_from_raw(c, index, self)
    }
}

impl Convert for RawGoal {
    type Final = Goal;
    fn convert(self, c: &mut Collector, index: usize) -> Goal {
        validate::goal_from_raw(c, index, self)
    }
}

/// An array of raw records, converted one by one.
struct Items<'c, T> {
    c: &'c mut Collector,
    kind: std::marker::PhantomData<T>,
}

impl<'c, T> Items<'c, T> {
    fn new(c: &'c mut Collector) -> Self {
        Items {
            c,
            kind: std::marker::PhantomData,
        }
    }
}

impl<'de, T: Convert> DeserializeSeed<'de> for Items<'_, T> {
    type Value = Vec<T::Final>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Convert> Visitor<'de> for Items<'_, T> {
    type Value = Vec<T::Final>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // A size hint from the input is not trusted beyond a small bound.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(raw) = seq.next_element::<T>()? {
            let index = out.len();
            out.push(raw.convert(self.c, index));
        }
        Ok(out)
    }
}

impl<'de> Deserialize<'de> for RawFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file: an object with `id`, `title` and `events`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut r = RawFile::default();
                let mut extras = Extras::default();
                let mut id: Option<Text<'de>> = None;
                let [
                    mut title,
                    mut procedure,
                    mut proposal,
                    mut act,
                    mut committee,
                ]: [Option<Text<'de>>; 5] = Default::default();
                let (mut events, mut requires, mut related) = (None, None, None);
                read_fields!(map, extras, {
                    "id" => id, "title" => title, "procedure" => procedure,
                    "proposal" => proposal, "act" => act, "committee" => committee,
                    "events" => events, "requires" => requires, "related" => related,
                });
                r.id = id.map(|t| std::sync::Arc::from(&*t.0));
                let parts = [&title, &procedure, &proposal, &act, &committee]
                    .map(|t| t.as_ref().map(|t| &*t.0));
                r.has_title = title.is_some();
                r.too_long = too_long(&parts);
                r.identity = Packed::new(&parts);
                r.events = events;
                r.requires = requires;
                r.related = related;
                r.extras = extras;
                Ok(r)
            }
        }
        d.deserialize_map(V)
    }
}

thread_local! {
    /// The scratch array each thread reads a file's events into (see
    /// [`RawEvents`]' reading).
    static EVENTS: std::cell::Cell<Vec<Event>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A file's events as read: the good ones already final, the others kept
/// raw (with their position) for their problems to be reported, which
/// refuses the register anyway.
#[derive(Debug, Default)]
pub(crate) struct RawEvents {
    pub events: Vec<Event>,
    pub bad: Vec<(usize, Box<RawEvent>)>,
}

impl<'de> Deserialize<'de> for RawEvents {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawEvents;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of events")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                // The events are read into this thread's scratch array,
                // then moved into one of exactly their size: one allocation
                // a file, where growing the file's own array by doubling
                // took three or four (and a copy each) for the usual handful
                // of events. Of exactly its size because `shrink_to_fit`
                // may keep the block grown by doubling (mimalloc keeps a
                // block shrunk by half or less), which left a loaded
                // register about a tenth larger than its events.
                let mut out = RawEvents {
                    events: EVENTS.take(),
                    bad: Vec::new(),
                };
                out.events.clear(); // left over by a reading that failed
                let mut index = 0;
                while seq
                    .next_element_seed(EventInto {
                        out: &mut out,
                        index,
                    })?
                    .is_some()
                {
                    index += 1;
                }
                let exact: Vec<Event> = out.events.drain(..).collect();
                EVENTS.set(std::mem::replace(&mut out.events, exact));
                Ok(out)
            }
        }
        d.deserialize_seq(V)
    }
}

/// Event `index` of a file, read into `out`: straight into its events when
/// nothing is wrong with it, else kept raw (with its position) for its
/// problems to be reported, which refuses the register anyway. (Returning
/// the raw record, about 170 bytes mostly of rarely used error fields, and
/// then converting it moved it several times per event: 7% of a large
/// register's reading.)
struct EventInto<'a> {
    out: &'a mut RawEvents,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for EventInto<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event: an object with `date` and optionally `stage`, `source`, `note`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut extras = Extras::default();
        let (mut date, mut stage, mut source, mut note, mut committee) =
            (None, None, None, None, None);
        read_fields!(map, extras, {
            "date" => date, "stage" => stage, "source" => source,
            "note" => note, "committee" => committee,
        });
        fn text<'a>(t: &'a Option<Option<Text<'_>>>) -> Option<&'a str> {
            t.as_ref().and_then(Option::as_ref).map(|t| &*t.0)
        }
        let parts = [text(&source), text(&note), text(&committee)];
        let too_long = too_long(&parts);
        let good_date = match &date {
            Some(RawDate(Ok(date))) => Some(*date),
            _ => None,
        };
        // `None`: a stage that is not one.
        let good_stage = match &stage {
            None | Some(None) => Some(None),
            Some(Some(RawStage(Ok(stage)))) => Some(Some(*stage)),
            Some(Some(RawStage(Err(_)))) => None,
        };
        let clean = too_long.is_none() && extras.unknown.is_empty() && extras.repeated.is_empty();
        match (good_date, good_stage) {
            (Some(date), Some(stage)) if clean => {
                let event = Event::from_parts(date, stage, parts[0], parts[1], parts[2]);
                self.out.events.push(event);
            }
            _ => {
                let raw = RawEvent {
                    date,
                    stage,
                    too_long,
                    extras,
                };
                self.out.bad.push((self.index, Box::new(raw)));
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for RawGoal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawGoal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a goal: an object with `id`, `title`, `deadline` and `requires`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut extras = Extras::default();
                let (mut id, mut title, mut deadline, mut requires) = (None, None, None, None);
                read_fields!(map, extras, {
                    "id" => id, "title" => title, "deadline" => deadline, "requires" => requires,
                });
                Ok(RawGoal {
                    id,
                    title,
                    deadline,
                    requires,
                    extras,
                })
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for RawRequirement {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRequirement;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a requirement: an id, or an object with `file` and `stage`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawRequirement {
                    file: Some(v.to_string()),
                    ..RawRequirement::default()
                })
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(RawRequirement {
                    file: Some(v),
                    ..RawRequirement::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut extras = Extras::default();
                let (mut file, mut stage) = (None, None);
                read_fields!(map, extras, { "file" => file, "stage" => stage });
                Ok(RawRequirement {
                    file,
                    stage,
                    extras,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------
// Writing

/// A register borrowed for writing in format version 1.
pub(crate) struct Out<'a> {
    pub synced: Option<chrono::NaiveDate>,
    pub files: &'a [LegislativeFile],
    pub goals: &'a [Goal],
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("version", &1)?;
        if let Some(synced) = self.synced {
            map.serialize_entry("synced", &synced)?;
        }
        map.serialize_entry("files", &Seq(self.files.iter().map(FileOut)))?;
        map.serialize_entry("goals", &Seq(self.goals.iter().map(GoalOut)))?;
        map.end()
    }
}

struct Seq<I>(I);

impl<I, T> Serialize for Seq<I>
where
    I: Iterator<Item = T> + Clone,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let iter = self.0.clone();
        let mut seq = s.serialize_seq(None)?;
        for item in iter {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

struct FileOut<'a>(&'a LegislativeFile);

impl Serialize for FileOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", f.id())?;
        map.serialize_entry("title", f.title())?;
        for (key, value) in [
            ("procedure", f.procedure()),
            ("proposal", f.proposal()),
            ("act", f.act()),
            ("committee", f.committee()),
        ] {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        if !f.events().is_empty() {
            map.serialize_entry("events", &Seq(f.events().iter().map(EventOut)))?;
        }
        if !f.requirements().is_empty() {
            map.serialize_entry(
                "requires",
                &Seq(f.requirements().iter().map(RequirementOut)),
            )?;
        }
        if !f.related().is_empty() {
            map.serialize_entry("related", f.related())?;
        }
        map.end()
    }
}

struct EventOut<'a>(&'a Event);

impl Serialize for EventOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("date", &e.date.format("%Y-%m-%d").to_string())?;
        if let Some(stage) = e.stage {
            map.serialize_entry("stage", stage.as_str())?;
        }
        for (key, value) in [
            ("source", e.source()),
            ("note", e.note()),
            ("committee", e.committee()),
        ] {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

struct RequirementOut<'a>(&'a Requirement);

impl Serialize for RequirementOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        if r.stage == Stage::EntryIntoForce {
            return s.serialize_str(&r.file);
        }
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("file", &r.file)?;
        map.serialize_entry("stage", r.stage.as_str())?;
        map.end()
    }
}

struct GoalOut<'a>(&'a Goal);

impl Serialize for GoalOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &g.id)?;
        map.serialize_entry("title", &g.title)?;
        map.serialize_entry("deadline", &g.deadline.format("%Y-%m-%d").to_string())?;
        map.serialize_entry("requires", &Seq(g.requires.iter().map(RequirementOut)))?;
        map.end()
    }
}
