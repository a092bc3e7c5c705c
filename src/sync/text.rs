//! Writing a merged register back into the user's own text: the events a
//! sync added (and its `synced` day) are spliced in, every other byte of
//! the file stays where it was.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Merged;
use crate::event::Event;
use crate::register::Register;

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
    /// written into `original` (the text the register was read from):
    /// the register's own layout where `original` has it, else the added
    /// events and the `synced` day spliced into `original`, every other
    /// byte kept. Checked: the text read again is the merged register, or
    /// the register's own layout is used.
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
    /// let text = merged.to_text(mine, None);
    /// assert!(text.starts_with("{\"files\": [\n{\"id\": \"eurodac\", \"title\": \"Eurodac\""));
    /// assert!(text.contains("{\"date\": \"2016-05-04\", \"stage\": \"proposal\"},\n  {\"date\":\"2017-05-30\",\"stage\":\"libe_vote\""));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn to_text(&self, original: &str, synced: Option<chrono::NaiveDate>) -> String {
        let register = self.register.clone().with_synced(synced);
        let own = register.to_json();
        let was_own = Register::from_json(original).is_ok_and(|r| r.to_json() == original);
        if !was_own {
            if let Some(text) = self.splice(original, synced) {
                if Register::from_json(&text).is_ok_and(|r| r == register) {
                    return text;
                }
            }
        }
        own
    }

    /// `original` with the added events and the `synced` day spliced in;
    /// `None` when the change is not one a splice makes (a new file).
    fn splice(&self, original: &str, synced: Option<chrono::NaiveDate>) -> Option<String> {
        if self.files.iter().any(|f| f.new) {
            return None;
        }
        let top: Top<'_> = serde_json::from_str(original).ok()?;
        // (start, end, replacement): an insertion when start == end.
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let offset = |part: &str| part.as_ptr() as usize - original.as_ptr() as usize;
        for (i, raw) in top.files.iter().enumerate() {
            let file = &self.register.files()[i];
            let Some(report) = self
                .files
                .iter()
                .find(|f| f.file == file.id() && !f.added.is_empty())
            else {
                continue;
            };
            let text: FileText<'_> = serde_json::from_str(raw.get()).ok()?;
            let old = text.events?;
            if old.is_empty() {
                return None;
            }
            // Where each added event goes: after how many of the old ones.
            // An added event never equals an old one (it would have been
            // left alone), and added events come in the order they were
            // added.
            let mut after: Vec<(usize, &Event)> = Vec::new();
            let mut j = 0;
            for e in file.events() {
                if report.added.get(after.len()) == Some(e) {
                    after.push((j, e));
                } else {
                    j += 1;
                }
            }
            if j != old.len() {
                return None;
            }
            if after.len() != report.added.len() {
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
        // Apply from the end, so earlier offsets hold; edits at the same
        // place keep their order.
        edits.sort_by_key(|&(start, _, _)| start);
        let mut text = original.to_string();
        for (start, end, insert) in edits.into_iter().rev() {
            text.replace_range(start..end, &insert);
        }
        Some(text)
    }
}

/// The whitespace right before byte `at` of `text`.
fn whitespace_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    &head[head.trim_end().len()..]
}
