//! Writing a merged register back into the user's own text: the events a
//! sync added (and its `synced` day) are spliced in, every other byte of
//! the file stays where it was.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::Merged;
use crate::error::Error;
use crate::event::Event;
use crate::register::Register;
use crate::stage::Stage;

/// What makes an event the same event to a merge: date, stage, source.
type Key<'a> = (NaiveDate, Option<Stage>, Option<&'a str>);

fn key(e: &Event) -> Key<'_> {
    (e.date, e.stage, e.source())
}

/// The top level as written: only the parts a splice touches.
#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow)]
    synced: Option<&'a RawValue>,
    #[serde(borrow)]
    files: Vec<&'a RawValue>,
}

/// A file as written: only its events.
#[derive(Deserialize)]
struct FileText<'a> {
    #[serde(borrow)]
    events: Option<Vec<&'a RawValue>>,
}

impl Merged {
    /// The text of the merged register marked as synced on `synced`,
    /// written into `original`, the text of the register the merge was
    /// computed from: the register's own layout where `original` has it,
    /// else the added events and the `synced` day spliced into `original`,
    /// every other byte kept. Checked: the text read again is the merged
    /// register, or the register's own layout is used.
    ///
    /// ```
    /// use codecision::import::{Options, ep_api};
    /// use codecision::{Register, sync};
    ///
    /// // A hand-made layout: one file per line.
    /// let mine = "{\"files\": [\n{\"id\": \"eurodac\", \"title\": \"Eurodac\", \"procedure\": \"2016/0132(COD)\", \"events\": [\n  {\"date\": \"2016-05-04\", \"stage\": \"proposal\"}]}\n]}\n";
    /// let api = r#"{"data": [{"type": "Process", "label": "2016/0132(COD)",
    ///     "consists_of": [{"activity_id": "X", "activity_date": "2017-05-30",
    ///                      "had_activity_type": "def/ep-activities/COMMITTEE_ADOPTING_REPORT"}]}]}"#;
    /// let register = Register::from_json(mine)?;
    /// let fetched = ep_api::from_reader(api.as_bytes(), Options::default())?;
    /// let merged = sync::merge(&register, fetched.register.files())?;
    /// let text = merged.to_text(mine, None)?;
    /// assert!(text.starts_with("{\"files\": [\n{\"id\": \"eurodac\", \"title\": \"Eurodac\""));
    /// assert!(text.contains("{\"date\": \"2016-05-04\", \"stage\": \"proposal\"},\n  {\"date\":\"2017-05-30\",\"stage\":\"libe_vote\""));
    ///
    /// // Another text is refused: the merge is never applied to it.
    /// let other = "{\"files\": [{\"id\": \"a\", \"title\": \"A\"}, {\"id\": \"b\", \"title\": \"B\"}]}";
    /// assert!(merged.to_text(other, None).is_err());
    /// # Ok::<(), codecision::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Sync`] when `original` is not the text of the register the
    /// merge was computed from (nothing is merged into another text);
    /// [`Error::Json`] or [`Error::Invalid`] when it is not a register.
    pub fn to_text(&self, original: &str, synced: Option<NaiveDate>) -> Result<String, Error> {
        let base = Register::from_json(original)?;
        if !self.computed_from(&base) {
            return Err(Error::Sync {
                message: "the text given is not the register this merge was computed from: nothing was merged into it (merge the register read from that text)".into(),
            });
        }
        let register = self.register.clone().with_synced(synced)?;
        let own = register.to_json();
        let was_own = base.to_json() == original;
        if !was_own {
            if let Some(text) = self.splice(original, synced) {
                if Register::from_json(&text).is_ok_and(|r| r == register) {
                    return Ok(text);
                }
            }
        }
        Ok(own)
    }

    /// Whether `base` is the register this merge was computed from: the
    /// merged register less the events added and the files made.
    fn computed_from(&self, base: &Register) -> bool {
        let merged = self.register.files();
        let new = self.files.iter().filter(|f| f.new).count();
        if base.files().len() + new != merged.len()
            || base.goals() != self.register.goals()
            || base.synced() != self.register.synced()
        {
            return false;
        }
        let added = self.added_by_file();
        base.files().iter().zip(merged).all(|(b, m)| {
            if b.id() != m.id() {
                return false;
            }
            let Some(added) = added.get(m.id()) else {
                return b == m;
            };
            let mut m = m.clone();
            let events = m
                .events()
                .iter()
                .filter(|e| !added.contains(&key(e)))
                .cloned()
                .collect();
            m.set_events(events);
            *b == m
        })
    }

    /// For each file (not new) the merge added events to, the keys of the
    /// events added.
    fn added_by_file(&self) -> HashMap<&str, HashSet<Key<'_>>> {
        self.files
            .iter()
            .filter(|f| !f.new && !f.added.is_empty())
            .map(|f| (f.file.as_str(), f.added.iter().map(key).collect()))
            .collect()
    }

    /// `original` with the added events and the `synced` day spliced in;
    /// `None` when the change is not one a splice makes (a new file).
    fn splice(&self, original: &str, synced: Option<NaiveDate>) -> Option<String> {
        if self.files.iter().any(|f| f.new) {
            return None;
        }
        let top: Top<'_> = serde_json::from_str(original).ok()?;
        // (start, end, replacement): an insertion when start == end.
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let offset = |part: &str| part.as_ptr() as usize - original.as_ptr() as usize;
        let added_by_file = self.added_by_file();
        let files = self.register.files();
        if top.files.len() != files.len() {
            return None;
        }
        for (raw, file) in top.files.iter().zip(files) {
            let Some(added) = added_by_file.get(file.id()) else {
                continue;
            };
            let text: FileText<'_> = serde_json::from_str(raw.get()).ok()?;
            let old = text.events?;
            if old.is_empty() {
                return None;
            }
            // Where each added event goes: after how many of the old ones.
            // An added event never has the key of an old one (it would
            // have been left alone).
            let mut after: Vec<(usize, &Event)> = Vec::new();
            let mut j = 0;
            for e in file.events() {
                if added.contains(&key(e)) {
                    after.push((j, e));
                } else {
                    j += 1;
                }
            }
            if j != old.len() || after.len() != added.len() {
                return None;
            }
            for (j, event) in after {
                let json = serde_json::to_string(event).ok()?;
                if j == 0 {
                    let first = old[0].get();
                    let at = offset(first);
                    let ws = whitespace_before(original, at);
                    edits.push((at, at, format!("{json},{ws}")));
                } else {
                    let prev = old[j - 1].get();
                    let start = offset(prev);
                    let ws = whitespace_before(original, start);
                    let end = start + prev.len();
                    edits.push((end, end, format!(",{ws}{json}")));
                }
            }
        }
        if let Some(day) = synced {
            let value = format!("\"{day}\"");
            match top.synced {
                Some(raw) => {
                    let at = offset(raw.get());
                    edits.push((at, at + raw.get().len(), value));
                }
                None => {
                    let open = original.find('{')?;
                    let ws = &original[open + 1..]
                        [..original[open + 1..].len() - original[open + 1..].trim_start().len()];
                    edits.push((open + 1, open + 1, format!("{ws}\"synced\": {value},")));
                }
            }
        }
        // In one pass, in the order of the text; edits at the same place
        // keep their order. (Edits never overlap: each replaces nothing
        // but the `synced` value.)
        edits.sort_by_key(|&(start, _, _)| start);
        let extra: usize = edits.iter().map(|(_, _, insert)| insert.len()).sum();
        let mut text = String::with_capacity(original.len() + extra);
        let mut at = 0;
        for (start, end, insert) in edits {
            text.push_str(original.get(at..start)?);
            text.push_str(&insert);
            at = end;
        }
        text.push_str(original.get(at..)?);
        Some(text)
    }
}

/// The whitespace right before byte `at` of `text`.
fn whitespace_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    &head[head.trim_end().len()..]
}
