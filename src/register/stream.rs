//! A register file read a piece at a time, its `files` array in two halves
//! at once (on rayon's threads with the `parallel` feature), through the
//! same serde visitors as the one pass of [`Register::parse`].
//!
//! This is a fast path and nothing more. The file is never held whole: each
//! half is read through a window of [`PIECE`] bytes (larger only for an item
//! larger than that), each item of `files` handed to serde_json on its own,
//! so the process holds the register being built and two windows, not the
//! text beside it. It gives up ([`GiveUp`]) on anything it does not expect:
//! text that is not JSON or not UTF-8, a value of the wrong type, any
//! problem in a file or a goal, a top-level field other than `version`,
//! `synced`, `files` and `goals`, or one of them twice. The caller then
//! reads the file again in one pass, which finds what is wrong and says
//! where (line and column, file id, event index) exactly as it always did:
//! every message still comes from that one pass.
//!
//! The second half starts at the first item of the shape `, {"id":` after
//! the middle of the file (a guess: in JSON that text can only open an
//! object whose first field is `id`, but the object may not be an item of
//! `files`). The guess is checked by the first half, which reads items
//! until it meets one starting at exactly that byte; only then are the two
//! halves joined, in order. Otherwise the first half reads on to the end
//! alone and the second half's work is dropped. Either way the register is
//! the one the one pass reads, file for file (tests in `tests/` compare
//! them, and the errors, on the bench registers and on malformed ones).
//! Written by hand because serde_json reads a document from its start only;
//! the JSON itself is always parsed by serde_json.
//!
//! [`Register::parse`]: super::Register

use std::fs::File;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;

use crate::file::LegislativeFile;
use crate::register::Goal;
use crate::register::format::{Convert, RawDate, RawFile, RawGoal, RawRegister};
use crate::register::validate::{self, Collector, FileIds};

/// The size of the window each half is read through.
const PIECE: usize = 256 << 10;

/// Files smaller than this are read as one half.
const SPLIT_FROM: u64 = 4 << 20;

/// The fast path gave up: the caller reads the file in one pass.
#[derive(Debug)]
pub(crate) struct GiveUp;

type Step<T> = Result<T, GiveUp>;

/// Reads the register in the regular file `file` of `len` bytes; `None`
/// when the one pass must read it (see the module's text).
pub(crate) fn parse_file(file: &File, len: u64) -> Option<super::Parsed> {
    read_at(file, &mut [], 0).ok()?; // reading at an offset is supported here
    parse(file, len).ok()
}

fn parse(file: &File, len: u64) -> Step<super::Parsed> {
    let mut c = Collector::default();
    let mut w = Window::new(file, 0, len);
    let mut top = Top::default();
    w.expect(b'{')?;
    let split = (crate::parallel::threads() > 1 && len >= SPLIT_FROM).then_some(len / 2);
    let resumed = match split {
        None => top.members(&mut w, &mut c, true, None)?,
        Some(middle) => {
            let second = SecondHalf::new(file, middle, len);
            let (first, second) = crate::parallel::join(
                || {
                    let done = top.members(&mut w, &mut c, true, Some(&second));
                    if !matches!(done, Ok(Some(_))) {
                        second.give_up.store(true, Ordering::Relaxed);
                    }
                    done
                },
                || second.read(),
            );
            match first? {
                // The first half met the second's first item: join them.
                Some(mut files) => {
                    let (more, mut rest) = second?;
                    #[cfg(test)]
                    tests::JOINED.with(|n| n.set(n.get() + 1));
                    files.append(more);
                    top.files = Some(files);
                    let done = top.members(&mut rest, &mut c, false, None)?;
                    w = rest;
                    done
                }
                None => None,
            }
        }
    };
    if resumed.is_some() || w.peek()?.is_some() || !c.problems.is_empty() {
        return Err(GiveUp);
    }
    let (files, ids) = match top.files {
        Some(read) => (Some(read.files), Some(read.ids)),
        None => (None, None),
    };
    let mut parsed = validate::finish(
        c,
        RawRegister {
            version: top.version,
            synced: top.synced,
            files,
            goals: top.goals,
            extras: Default::default(),
        },
    );
    parsed.ids = ids;
    if parsed.problems.is_empty() {
        Ok(parsed)
    } else {
        Err(GiveUp)
    }
}

/// Reads at `offset` without moving the file's position.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

/// Reads at `offset` (the file's position is not used).
#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<usize> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Bytes `base..base + filled` of the file, read up to `pos`.
struct Window<'f> {
    file: &'f File,
    /// The file's length when it was opened: what is read.
    end: u64,
    base: u64,
    buf: Vec<u8>,
    filled: usize,
    pos: usize,
}

impl<'f> Window<'f> {
    fn new(file: &'f File, start: u64, end: u64) -> Self {
        Window {
            file,
            end,
            base: start,
            buf: Vec::new(),
            filled: 0,
            pos: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.base + self.filled as u64 >= self.end
    }

    /// Keeps the bytes not read yet and reads more after them (the window
    /// doubles when they fill it: an item larger than the window); `false`
    /// at the end of the file.
    fn refill(&mut self) -> Step<bool> {
        if self.at_end() {
            return Ok(false);
        }
        self.buf.copy_within(self.pos..self.filled, 0);
        self.base += self.pos as u64;
        self.filled -= self.pos;
        self.pos = 0;
        if self.filled == self.buf.len() {
            let size = (2 * self.buf.len()).max(PIECE);
            self.buf.resize(size, 0);
        }
        let left = usize::try_from(self.end - self.base).unwrap_or(usize::MAX);
        let want = (self.buf.len() - self.filled).min(left - self.filled);
        let at = self.base + self.filled as u64;
        match read_at(
            self.file,
            &mut self.buf[self.filled..self.filled + want],
            at,
        ) {
            Ok(0) | Err(_) => Err(GiveUp), // shorter than it was, or unreadable
            Ok(got) => {
                self.filled += got;
                Ok(true)
            }
        }
    }

    /// The next byte that is not JSON whitespace, not taken.
    fn peek(&mut self) -> Step<Option<u8>> {
        loop {
            while let Some(&b) = self.buf[..self.filled].get(self.pos) {
                if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    /// Takes `byte`, after whitespace.
    fn expect(&mut self, byte: u8) -> Step<()> {
        if self.peek()? == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// After an item: `true` after a comma, `false` after `close`.
    fn next_or(&mut self, close: u8) -> Step<bool> {
        match self.peek()? {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(GiveUp),
        }
    }

    /// The JSON value that starts here, read by serde_json; the window is
    /// read further while the value runs past its end.
    fn value<T: DeserializeOwned>(&mut self) -> Step<T> {
        loop {
            let read = {
                let mut values =
                    serde_json::Deserializer::from_slice(&self.buf[self.pos..self.filled])
                        .into_iter::<T>();
                match values.next() {
                    // Taken only if something follows it in the window: a
                    // number cut by the window's end reads as a shorter one.
                    Some(Ok(value)) if self.pos + values.byte_offset() < self.filled => {
                        Some((value, values.byte_offset()))
                    }
                    Some(Ok(_)) | None => None,
                    Some(Err(e)) if e.is_eof() => None,
                    Some(Err(_)) => return Err(GiveUp),
                }
            };
            if let Some((value, len)) = read {
                self.pos += len;
                return Ok(value);
            }
            if !self.refill()? {
                return Err(GiveUp);
            }
        }
    }
}

impl Window<'_> {
    /// Reads the items of an array from where one starts to the array's
    /// `]` (taken: then `true`), handing each to `each`. `at_item(offset)`
    /// is asked before each item; at `false` the reading stops there (then
    /// `false`). Each window is checked as UTF-8 once, and its items read
    /// from it as text: serde_json then does not check each string again
    /// (which took a tenth of the reading's time).
    fn items<T: DeserializeOwned>(
        &mut self,
        mut at_item: impl FnMut(u64) -> Step<bool>,
        mut each: impl FnMut(T) -> Step<()>,
    ) -> Step<bool> {
        let blank = |b: &u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
        let mut after_item = false;
        loop {
            let start = self.pos;
            let end = self.complete_chars();
            let text = std::str::from_utf8(&self.buf[start..end]).map_err(|_| GiveUp)?;
            let bytes = text.as_bytes();
            let mut at = 0;
            loop {
                while bytes.get(at).is_some_and(blank) {
                    at += 1;
                }
                let Some(&next) = bytes.get(at) else { break };
                if after_item {
                    match next {
                        b',' => {
                            at += 1;
                            after_item = false;
                            continue;
                        }
                        b']' => {
                            self.pos = start + at + 1;
                            return Ok(true);
                        }
                        _ => return Err(GiveUp),
                    }
                }
                if !at_item(self.base + (start + at) as u64)? {
                    self.pos = start + at;
                    return Ok(false);
                }
                let mut values = serde_json::Deserializer::from_str(&text[at..]).into_iter::<T>();
                match values.next() {
                    // As in `value`: taken only if something follows it.
                    Some(Ok(value)) if at + values.byte_offset() < bytes.len() => {
                        at += values.byte_offset();
                        after_item = true;
                        each(value)?;
                    }
                    Some(Ok(_)) | None => break,
                    Some(Err(e)) if e.is_eof() => break,
                    Some(Err(_)) => return Err(GiveUp),
                }
            }
            self.pos = start + at;
            if !self.refill()? {
                return Err(GiveUp);
            }
        }
    }

    /// Where the window's last whole character ends: before a character
    /// whose bytes the window's end cuts (the rest of it is read next).
    fn complete_chars(&self) -> usize {
        let bytes = &self.buf[self.pos..self.filled];
        if self.at_end() {
            return self.filled;
        }
        // The last character's first byte: not a continuation byte.
        let Some(lead) = bytes.iter().rposition(|&b| b & 0xC0 != 0x80) else {
            return self.filled;
        };
        let len = match bytes[lead] {
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        };
        if lead + len > bytes.len() && bytes.len() - lead < 4 {
            self.pos + lead
        } else {
            self.filled
        }
    }
}

/// Files read, in order, and their ids held twice more (see [`FileIds`]:
/// made here, while each file is in the cache).
#[derive(Default)]
struct Files {
    files: Vec<LegislativeFile>,
    ids: FileIds,
}

impl Files {
    fn push(&mut self, file: LegislativeFile) {
        self.ids.push(&file);
        self.files.push(file);
    }

    /// Adds those of `more`, after these.
    fn append(&mut self, mut more: Files) {
        self.files.append(&mut more.files);
        self.ids.append(more.ids);
    }
}

/// The top level read so far.
#[derive(Default)]
struct Top {
    version: Option<Box<serde_json::value::RawValue>>,
    synced: Option<RawDate>,
    files: Option<Files>,
    goals: Option<Vec<Goal>>,
}

impl Top {
    /// Reads the top level's fields up to its closing brace (`first`: just
    /// after its opening one), `None`; or, when the `files` array meets the
    /// second half's first item, the files before it.
    fn members(
        &mut self,
        w: &mut Window<'_>,
        c: &mut Collector,
        mut first: bool,
        second: Option<&SecondHalf<'_>>,
    ) -> Step<Option<Files>> {
        loop {
            if first && w.peek()? == Some(b'}') {
                w.pos += 1;
                return Ok(None);
            }
            if !first && !w.next_or(b'}')? {
                return Ok(None);
            }
            first = false;
            if w.peek()? != Some(b'"') {
                return Err(GiveUp);
            }
            let key: String = w.value()?;
            w.expect(b':')?;
            match key.as_str() {
                "version" if self.version.is_none() => self.version = Some(w.value()?),
                "synced" if self.synced.is_none() => self.synced = Some(w.value()?),
                "goals" if self.goals.is_none() => {
                    let raw: Vec<RawGoal> = w.value()?;
                    let goals = raw
                        .into_iter()
                        .enumerate()
                        .map(|(i, g)| g.convert(c, i))
                        .collect();
                    self.goals = Some(goals);
                }
                "files" if self.files.is_none() => {
                    let (files, met) = files(w, c, second)?;
                    if met {
                        return Ok(Some(files));
                    }
                    self.files = Some(files);
                }
                _ => return Err(GiveUp),
            }
        }
    }
}

/// The items of `files`, from its `[` to its `]`; or up to the second
/// half's first item, if one starts where an item starts (then `true`).
fn files(
    w: &mut Window<'_>,
    c: &mut Collector,
    mut second: Option<&SecondHalf<'_>>,
) -> Step<(Files, bool)> {
    w.expect(b'[')?;
    let mut out = Files::default();
    if w.peek()? == Some(b']') {
        w.pos += 1;
        return Ok((out, false));
    }
    let ended = w.items(
        |at| {
            if let Some(half) = second {
                if Some(at) == half.start {
                    return Ok(false);
                }
                if half.start.is_none_or(|start| at > start) {
                    // Passed it: the guess was not an item of `files`.
                    half.give_up.store(true, Ordering::Relaxed);
                    second = None;
                }
            }
            Ok(true)
        },
        |raw: RawFile| {
            let index = out.files.len();
            out.push(raw.convert(c, index));
            Ok(())
        },
    )?;
    Ok((out, !ended))
}

/// The second half: from the first item of the shape `, {"id":` after the
/// middle of the file to the end of the array it is in.
struct SecondHalf<'f> {
    file: &'f File,
    end: u64,
    /// Where its first item starts, if one was found near the middle.
    start: Option<u64>,
    /// Set by the first half once the second's work cannot be used.
    give_up: AtomicBool,
}

impl<'f> SecondHalf<'f> {
    fn new(file: &'f File, middle: u64, end: u64) -> Self {
        let mut half = SecondHalf {
            file,
            end,
            start: None,
            give_up: AtomicBool::new(false),
        };
        let mut w = Window::new(file, middle, end);
        if w.refill().is_ok() {
            half.start = item_start(&w.buf[..w.filled]).map(|at| middle + at as u64);
        }
        half
    }

    /// The items from `start` to the array's `]`, and the window just
    /// after it; gives up at any problem in an item.
    fn read(&self) -> Step<(Files, Window<'f>)> {
        let start = self.start.ok_or(GiveUp)?;
        let mut w = Window::new(self.file, start, self.end);
        let mut c = Collector::default();
        let mut out = Files::default();
        w.peek()?;
        w.items(
            |_| Ok(true),
            |raw: RawFile| {
                if self.give_up.load(Ordering::Relaxed) || !c.problems.is_empty() {
                    return Err(GiveUp);
                }
                // Placeholder index: it only names the file in a problem,
                // and any problem sends the file to the one pass.
                let index = out.files.len();
                out.push(raw.convert(&mut c, index));
                Ok(())
            },
        )?;
        if c.problems.is_empty() {
            Ok((out, w))
        } else {
            Err(GiveUp)
        }
    }
}

/// Where the first `{` of the text `, {"id":` (whitespace allowed between
/// the tokens) is in `bytes`. In JSON a `"` outside a string opens or
/// closes one, so `{"id":` (and `{ "id" :`) can only be an object whose
/// first field is `id`; the comma before makes it an item of an array.
fn item_start(bytes: &[u8]) -> Option<usize> {
    let blank = |b: &u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let skip = |mut at: usize| {
        while bytes.get(at).is_some_and(blank) {
            at += 1;
        }
        at
    };
    (1..bytes.len()).find(|&at| {
        if bytes[at] != b'{' {
            return false;
        }
        let before = bytes[..at].iter().rposition(|b| !blank(b));
        if before.is_none_or(|b| bytes[b] != b',') {
            return false;
        }
        let key = skip(at + 1);
        if bytes.get(key..key + 4) != Some(b"\"id\"") {
            return false;
        }
        bytes.get(skip(key + 4)) == Some(&b':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// How many times this thread joined two halves.
        pub(super) static JOINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn a_large_register_is_read_in_two_halves() {
        // 30,000 files of about 150 bytes: over `SPLIT_FROM`.
        let mut text = String::from("{\"version\": 1, \"files\": [");
        for i in 0..30_000 {
            if i > 0 {
                text.push_str(",\n  ");
            }
            text.push_str(&format!(
                "{{\"id\": \"f{i}\", \"title\": \"File {i} of a register read in halves\", \"events\": [{{\"date\": \
                 \"2020-01-01\", \"stage\": \"proposal\", \"note\": \"n\\u00e9 {i}\"}}]}}"
            ));
        }
        text.push_str("], \"goals\": []}");
        assert!(text.len() as u64 > SPLIT_FROM);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        std::fs::write(&path, &text).unwrap();
        let file = File::open(&path).unwrap();
        JOINED.with(|n| n.set(0));
        let mut parsed = parse_file(&file, text.len() as u64).expect("read by the fast path");
        // The ids held twice more for the index, which the one pass leaves
        // to `check_ids`.
        let ids = parsed.ids.take().expect("ids prepared");
        let ids: Vec<&str> = ids.parts.iter().flatten().map(|id| &**id).collect();
        let expected: Vec<String> = (0..30_000).map(|i| format!("f{i}")).collect();
        assert_eq!(ids, expected);
        #[cfg(all(feature = "parallel", unix))]
        if crate::parallel::threads() > 1 {
            assert_eq!(JOINED.with(std::cell::Cell::get), 1);
        }
        let one_pass = crate::Register::parse(text.as_bytes(), None).unwrap();
        assert_eq!(parsed, one_pass);
        assert_eq!(parsed.files.len(), 30_000);
        assert_eq!(parsed.files[29_999].events()[0].note(), Some("né 29999"));
    }

    #[test]
    fn an_item_is_found_by_its_shape() {
        assert_eq!(item_start(br#"xx"},{"id":"a"}"#), Some(5));
        assert_eq!(item_start(b"] ,\n  { \"id\" : 1"), Some(6));
        // Not after a comma, or not `id` first: not taken.
        assert_eq!(item_start(br#"[{"id":"a"}"#), None);
        assert_eq!(item_start(br#",{"title":"a","id":"b"}"#), None);
        assert_eq!(item_start(br#",{"id""#), None);
    }
}
