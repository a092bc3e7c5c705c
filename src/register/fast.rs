//! A direct reader for one file of a register, for the common case.
//!
//! Through serde, every key and value of a file passes a visitor and lands
//! in a raw record ([`RawFile`](super::format::RawFile)), which is then
//! checked and turned into a [`LegislativeFile`]. This reader walks the
//! bytes of one file object instead and builds the final file as it goes:
//! no raw records, no growing vectors per file (it reuses its own), dates
//! read straight from the bytes.
//!
//! It takes only what is plainly valid: known fields, each at most once,
//! every value of the right type, dates and stages that check, keys
//! without escapes. Anything else (a problem the register would be refused
//! for, or only something unusual, such as an escaped key) and a file that
//! runs past the end of the text at hand give `None`: the caller then reads
//! that file through serde, which accepts it or says what is wrong. So a
//! file read here is exactly the file serde would have read, and every error
//! message is serde's (the tests below hold the two readers side by side).

use std::borrow::Cow;
use std::sync::Arc;

use crate::date::check_date;
use crate::event::Event;
use crate::file::{LegislativeFile, Requirement};
use crate::packed::Packed;
use crate::stage::Stage;

/// Reads files one by one, reusing its buffers from file to file.
#[derive(Default)]
pub(super) struct FileReader {
    events: Vec<Event>,
    requires: Vec<Requirement>,
    related: Vec<String>,
}

impl FileReader {
    /// The file whose object starts `text` (after optional whitespace), and
    /// the length of text it took; `None` when it is not plainly valid or
    /// not whole in `text`.
    pub(super) fn read(&mut self, text: &str) -> Option<(LegislativeFile, usize)> {
        let mut c = Cursor { text, pos: 0 };
        let file = self.file(&mut c);
        // Leave nothing behind for the next file (or for serde's reading).
        self.events.clear();
        self.requires.clear();
        self.related.clear();
        Some((file?, c.pos))
    }

    fn file<'a>(&mut self, c: &mut Cursor<'a>) -> Option<LegislativeFile> {
        let mut seen = Seen::default();
        let mut id = None;
        // Title, procedure, proposal, act, committee.
        let mut texts: [Option<Cow<'a, str>>; 5] = Default::default();
        let (events, requires, related) = (&mut self.events, &mut self.requires, &mut self.related);
        c.object(|c, key| {
            let field = match key {
                Key::ID => 0,
                Key::TITLE => 1,
                Key::PROCEDURE => 2,
                Key::PROPOSAL => 3,
                Key::ACT => 4,
                Key::COMMITTEE => 5,
                Key::EVENTS => 6,
                Key::REQUIRES => 7,
                Key::RELATED => 8,
                _ => return None,
            };
            seen.first(field)?;
            match field {
                0 => id = Some(c.string()?),
                1..=5 => texts[field - 1] = Some(c.string()?),
                6 => c.array(|c| {
                    events.push(event(c)?);
                    Some(())
                })?,
                7 => c.array(|c| {
                    requires.push(requirement(c)?);
                    Some(())
                })?,
                _ => c.array(|c| {
                    related.push(c.string()?.into_owned());
                    Some(())
                })?,
            }
            Some(())
        })?;
        let id = id?;
        texts[0].as_ref()?; // a title is required
        let parts = texts.each_ref().map(|t| t.as_deref());
        if !Packed::<4>::fits(&parts) {
            return None;
        }
        let mut file = LegislativeFile::new(String::new(), "");
        file.set_shared_id(Arc::from(&*id));
        file.set_identity(Packed::new(&parts));
        // Copies of exactly the right size; the buffers stay for the next
        // file.
        file.set_events(take(&mut self.events));
        file.set_links(take(&mut self.requires), take(&mut self.related));
        Some(file)
    }
}

/// What `buffer` holds, moved into a vector of just its size.
fn take<T>(buffer: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(buffer.len());
    out.append(buffer);
    out
}

/// An event: `date`, and optionally `stage`, `source`, `note`, `committee`
/// (`null` for any of these four is the same as leaving it out).
fn event(c: &mut Cursor<'_>) -> Option<Event> {
    let mut seen = Seen::default();
    let (mut date, mut stage) = (None, None);
    // Source, note, committee.
    let mut texts: [Option<Cow<'_, str>>; 3] = Default::default();
    c.object(|c, key| {
        let field = match key {
            Key::DATE => 0,
            Key::STAGE => 1,
            Key::SOURCE => 2,
            Key::NOTE => 3,
            Key::COMMITTEE => 4,
            _ => return None,
        };
        seen.first(field)?;
        match field {
            0 => date = Some(check_date(&c.string()?).ok()?),
            _ if c.null() => {}
            1 => stage = Some(Stage::named(&c.string()?)?),
            _ => texts[field - 2] = Some(c.string()?),
        }
        Some(())
    })?;
    let [source, note, committee] = texts.each_ref().map(|t| t.as_deref());
    if !Packed::<2>::fits(&[source, note, committee]) {
        return None;
    }
    Some(Event::from_parts(date?, stage, source, note, committee))
}

/// A requirement: an id (the file must enter into force), or `file` and
/// optionally `stage`.
fn requirement(c: &mut Cursor<'_>) -> Option<Requirement> {
    if c.peek()? == b'"' {
        return Some(Requirement::in_force(c.string()?));
    }
    let mut seen = Seen::default();
    let (mut file, mut stage) = (None, Stage::EntryIntoForce);
    c.object(|c, key| {
        match key {
            Key::FILE => {
                seen.first(0)?;
                file = Some(c.string()?);
            }
            Key::STAGE => {
                seen.first(1)?;
                stage = Stage::named(&c.string()?)?;
            }
            _ => return None,
        }
        Some(())
    })?;
    Some(Requirement::at(file?, stage))
}

/// The position of the first byte from `i` on that a plain string cannot
/// hold: `"`, `\\` or a control character. Eight bytes at a time: in a
/// register most strings are short, and most are plain.
fn special(bytes: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().ok()?);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        // The lowest byte flagged is the first that is zero (or below 0x20
        // for the last term); bytes above it may be flagged wrongly.
        let found = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | x.wrapping_sub(ONES * 0x20) & !x)
            & HIGH;
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    let k = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(i + k)
}

/// An object key of up to 16 bytes as one number (little-endian, zeros
/// after the key), so that telling keys apart is a comparison of numbers.
/// A longer key matches none of the format's keys.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key(u128);

impl Key {
    const fn new(key: &str) -> Key {
        let bytes = key.as_bytes();
        let mut word = 0u128;
        let mut i = 0;
        while i < bytes.len() {
            word |= (bytes[i] as u128) << (8 * i);
            i += 1;
        }
        Key(word)
    }

    /// The key made of `key`; `window`, when the text has it, is the 16
    /// bytes from the key's start.
    fn of(key: &[u8], window: Option<&[u8]>) -> Key {
        let len = key.len();
        if len >= 16 {
            // Its 16 first bytes are all other than zero (no control
            // characters in a key): a number no short key makes.
            return Key(u128::MAX);
        }
        let word = match window.and_then(|w| <[u8; 16]>::try_from(w).ok()) {
            Some(window) => u128::from_le_bytes(window),
            None => {
                let mut padded = [0u8; 16];
                padded[..len].copy_from_slice(key);
                u128::from_le_bytes(padded)
            }
        };
        Key(word & ((1u128 << (8 * len)) - 1))
    }

    const ID: Key = Key::new("id");
    const TITLE: Key = Key::new("title");
    const PROCEDURE: Key = Key::new("procedure");
    const PROPOSAL: Key = Key::new("proposal");
    const ACT: Key = Key::new("act");
    const COMMITTEE: Key = Key::new("committee");
    const EVENTS: Key = Key::new("events");
    const REQUIRES: Key = Key::new("requires");
    const RELATED: Key = Key::new("related");
    const DATE: Key = Key::new("date");
    const STAGE: Key = Key::new("stage");
    const SOURCE: Key = Key::new("source");
    const NOTE: Key = Key::new("note");
    const FILE: Key = Key::new("file");
}

/// The fields of one object met so far.
#[derive(Default)]
struct Seen(u16);

impl Seen {
    /// `Some` the first time field `k` is met, `None` after.
    fn first(&mut self, k: usize) -> Option<()> {
        let bit = 1 << k;
        if self.0 & bit != 0 {
            return None;
        }
        self.0 |= bit;
        Some(())
    }
}

/// A position in the text of a file.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// The next byte that is not JSON whitespace, skipping to it.
    fn peek(&mut self) -> Option<u8> {
        self.pos = super::split::skip_ws(self.text.as_bytes(), self.pos);
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Whether the next byte (after whitespace) is `b`, taken if so.
    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        self.pos += usize::from(found);
        found
    }

    /// Whether a `null` comes next, taken if so.
    fn null(&mut self) -> bool {
        let found = self.peek() == Some(b'n') && self.text[self.pos..].starts_with("null");
        if found {
            self.pos += 4;
        }
        found
    }

    /// A string: borrowed from the text when it has no escapes, else
    /// decoded by serde_json (which knows every escape, and refuses what
    /// JSON refuses).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        if !self.eat(b'"') {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut escaped = false;
        let mut i = start;
        loop {
            i = special(bytes, i)?;
            match bytes[i] {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 2; // the escaped byte is never the closing quote
                }
                _ => return None, // a control character, not allowed
            }
        }
        self.pos = i + 1;
        if escaped {
            serde_json::from_str::<String>(&self.text[start - 1..=i])
                .ok()
                .map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&self.text[start..i]))
        }
    }

    /// A key without escapes, as a [`Key`].
    fn key(&mut self) -> Option<Key> {
        if !self.eat(b'"') {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let end = special(bytes, start)?;
        if bytes[end] != b'"' {
            return None;
        }
        self.pos = end + 1;
        Some(Key::of(&bytes[start..end], bytes.get(start..start + 16)))
    }

    /// An object, `field` reading the value of each key (and `None` for
    /// anything it does not take). Keys with escapes are left to serde.
    fn object(&mut self, mut field: impl FnMut(&mut Self, Key) -> Option<()>) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.key()?;
            if !self.eat(b':') {
                return None;
            }
            field(self, key)?;
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// An array, `item` reading each element.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::format::{Convert, RawFile};
    use crate::register::validate::Collector;
    use proptest::prelude::*;

    /// What serde makes of `text` (one file object): the file when it has
    /// no problem.
    fn through_serde(text: &str) -> Read {
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<RawFile>();
        let raw = stream.next()?.ok()?;
        let mut c = Collector::default();
        let file = raw.convert(&mut c, 0);
        c.problems.is_empty().then(|| (file, stream.byte_offset()))
    }

    /// A file read, and the length of text it took.
    type Read = Option<(LegislativeFile, usize)>;

    fn both(text: &str) -> (Read, Read) {
        (FileReader::default().read(text), through_serde(text))
    }

    /// Whenever the direct reader takes a file, serde takes it too, reads
    /// the same file and stops at the same place.
    fn agree(text: &str) {
        if let (Some(fast), slow) = both(text) {
            assert_eq!(Some(&fast), slow.as_ref(), "{text}");
        }
    }

    const PLAIN: &str = r#"{"id":"etias","title":"ETIAS","procedure":"2016/0357A(COD)",
        "events":[{"date":"2016-11-16","stage":"proposal","source":"COM(2016) 731"},
                  {"date":"2017-06-09","stage":"general_approach","note":"Council","committee":"LIBE"},
                  {"date":"2017-07-01","note":"a debate","stage":null}],
        "requires":["eu-lisa",{"file":"ees","stage":"adoption"},{"file":"sis"}],
        "related":["vis"],"proposal":"COM(2016) 731","act":"(EU) 2018/1240","committee":"LIBE"} ,"#;

    #[test]
    fn a_plain_file_is_read_directly_and_as_serde_reads_it() {
        let (fast, slow) = both(PLAIN);
        let (file, used) = fast.expect("read directly");
        assert_eq!(Some((file.clone(), used)), slow);
        assert_eq!(&PLAIN[used..], " ,");
        assert_eq!(file.id(), "etias");
        assert_eq!(file.events().len(), 3);
        assert_eq!(file.events()[2].stage, None);
        assert_eq!(
            file.requirements()[1],
            Requirement::at("ees", Stage::Adoption)
        );
        assert_eq!(file.committee(), Some("LIBE"));
    }

    #[test]
    fn escapes_are_decoded_as_serde_decodes_them() {
        let text = r#"{"id":"a","title":"Qu\u00e9bec \"Q\" \ud83d\ude00 \\ \/ \n","events":[{"date":"2016\u002d11-16"}],"requires":["b\u0063"]}"#;
        let (fast, slow) = both(text);
        let (file, _) = fast.expect("read directly");
        assert_eq!(file.title(), "Québec \"Q\" 😀 \\ / \n");
        assert_eq!(file.requirements()[0].file, "bc");
        assert_eq!(Some((file, text.len())), slow);
    }

    #[test]
    fn what_is_not_plainly_valid_is_left_to_serde() {
        for text in [
            r#"{"title":"no id"}"#,
            r#"{"id":"a"}"#,
            r#"{"id":"a","title":"T","id":"b"}"#,
            r#"{"id":"a","title":"T","colour":"red"}"#,
            r#"{"id":"a","title":null}"#,
            r#"{"id":"a","title":"T","events":[{"stage":"proposal"}]}"#,
            r#"{"id":"a","title":"T","events":[{"date":"2017-02-30"}]}"#,
            r#"{"id":"a","title":"T","events":[{"date":"2017-02-03","stage":"vote"}]}"#,
            r#"{"id":"a","title":"T","events":[{"date":"2017-02-03","date":"2017-02-03"}]}"#,
            r#"{"id":"a","title":"T","events":[{"date":"2017-02-03","stage":null,"stage":null}]}"#,
            r#"{"id":"a","title":"T","requires":[{"stage":"adoption"}]}"#,
            r#"{"id":"a","title":"T","requires":[{"file":"b","stage":null}]}"#,
            r#"{"id":"a","title":"T","requires":[["b"]]}"#,
            r#"{"id":"a","title":"T","events":null}"#,
            r#"{"id":"a","title":"T","related":[1]}"#,
            r#"{"id":"a","title":"T",}"#,
            r#"{"id":"a","title":"T" "act":"x"}"#,
            r#"{"id":"a","title":"T\u00"}"#,
            r#"{"id":"a","title":"T\ud800"}"#,
            "{\"id\":\"a\",\"title\":\"tab\there\"}",
            r#"{"i\u0064":"a","title":"T"}"#,
            r#"{"id":"a","title":"cut"#,
            r#"{"id":"a","title":"T","events":[{"date":"2017-02-03","note":nul}]}"#,
        ] {
            assert_eq!(FileReader::default().read(text), None, "{text}");
            agree(text);
        }
    }

    #[test]
    fn the_reader_forgets_a_refused_file() {
        let mut reader = FileReader::default();
        let bad = r#"{"id":"a","title":"T","events":[{"date":"2017-02-03"}],"requires":["b"],"related":["c"],"x":1}"#;
        assert_eq!(reader.read(bad), None);
        let (file, _) = reader.read(r#"{"id":"d","title":"U"}"#).unwrap();
        assert!(file.events().is_empty() && file.requirements().is_empty());
        assert!(file.related().is_empty());
    }

    /// A string value: mostly plain, sometimes escaped, sometimes wrong.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => Just(r#""plain text""#.to_string()),
            2 => Just(r#""esc\"aped \u00e9 \ud83d\ude00""#.to_string()),
            1 => Just(r#""bad \x escape""#.to_string()),
            1 => Just("null".to_string()),
            1 => Just("17".to_string()),
            1 => Just("[]".to_string()),
        ]
    }

    fn date() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => Just(r#""2017-06-09""#.to_string()),
            1 => Just(r#""2017\u002d06-09""#.to_string()),
            1 => Just(r#""2017-02-30""#.to_string()),
            1 => Just(r#""yesterday""#.to_string()),
            1 => Just("null".to_string()),
        ]
    }

    fn stage() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => prop::sample::select(Stage::ALL.to_vec()).prop_map(|s| format!("\"{}\"", s.as_str())),
            2 => Just("null".to_string()),
            1 => Just(r#""vote""#.to_string()),
            1 => Just("3".to_string()),
        ]
    }

    fn ws() -> impl Strategy<Value = &'static str> {
        prop_oneof![8 => Just(""), 1 => Just(" "), 1 => Just("\n\t ")]
    }

    /// An object of `fields` (each `Some` is there), with whitespace here
    /// and there, and sometimes a field twice, an unknown one or an
    /// escaped key.
    fn object(fields: Vec<BoxedStrategy<Option<(&'static str, String)>>>) -> BoxedStrategy<String> {
        let trouble = prop_oneof![
            20 => Just(None),
            1 => Just(Some("\"colour\":\"red\"")),
            1 => Just(Some("\"i\\u0064\":\"x\"")),
        ];
        (fields, trouble, prop::bool::weighted(0.03), ws())
            .prop_map(|(fields, trouble, twice, w)| {
                let mut parts: Vec<String> = fields
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| format!("{w}\"{k}\"{w}:{w}{v}{w}"))
                    .collect();
                if twice && !parts.is_empty() {
                    parts.push(parts[0].clone());
                }
                parts.extend(trouble.map(str::to_string));
                format!("{{{}}}", parts.join(","))
            })
            .boxed()
    }

    /// Field `key` with a value from `value`, there with probability `p`.
    fn maybe(
        key: &'static str,
        p: f64,
        value: impl Strategy<Value = String> + 'static,
    ) -> BoxedStrategy<Option<(&'static str, String)>> {
        prop::option::weighted(p, value.prop_map(move |v| (key, v))).boxed()
    }

    fn list(item: BoxedStrategy<String>, most: usize) -> BoxedStrategy<String> {
        prop::collection::vec(item, 0..most)
            .prop_map(|items| format!("[{}]", items.join(",")))
            .boxed()
    }

    /// File objects, most of them valid, with every kind of trouble now and
    /// then.
    fn file() -> impl Strategy<Value = String> {
        let event = object(vec![
            maybe("date", 0.97, date()),
            maybe("stage", 0.7, stage()),
            maybe("source", 0.3, text()),
            maybe("note", 0.2, text()),
            maybe("committee", 0.1, text()),
        ]);
        let requirement = prop_oneof![
            3 => Just(r#""f""#.to_string()),
            1 => text(),
            2 => object(vec![maybe("file", 0.95, text()), maybe("stage", 0.5, stage())]),
        ];
        object(vec![
            maybe("id", 0.98, text()),
            maybe("title", 0.98, text()),
            maybe("procedure", 0.5, text()),
            maybe("proposal", 0.3, text()),
            maybe("act", 0.2, text()),
            maybe("committee", 0.2, text()),
            maybe("events", 0.9, list(event, 5)),
            maybe("requires", 0.5, list(requirement.boxed(), 3)),
            maybe("related", 0.2, list(text().boxed(), 2)),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_direct_reader_agrees_with_serde(text in file(), cut in 0usize..200) {
            agree(&text);
            // Cut anywhere (on a character boundary): never a file that is
            // not there.
            let cut = (0..=cut.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
            agree(&text[..cut]);
        }
    }

    /// The comparison above means something only if the direct reader takes
    /// a good share of the generated files, events and links included.
    #[test]
    fn the_generated_files_are_often_read_directly() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = file();
        let (mut taken, mut with_lists) = (0, 0);
        for _ in 0..2000 {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            if let Some((f, _)) = FileReader::default().read(&text) {
                taken += 1;
                with_lists += usize::from(!f.events().is_empty() || !f.requirements().is_empty());
            }
        }
        assert!(
            taken > 200 && with_lists > 50,
            "{taken} taken, {with_lists} with events or links"
        );
    }
}
