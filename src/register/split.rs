//! Reading a large register on two threads, a piece at a time.
//!
//! The files array is most of a register. One thread reads the document
//! from the start; a second starts at a file about halfway through and
//! reads to the end of the array. Where the second starts is only a guess
//! (a `{` opening an object whose first key is `"id"`, after `},`): it
//! counts only if the first thread, reading file after file, arrives
//! exactly there. Reading a JSON value depends only on where it starts, so
//! the second thread's files are then exactly the files a single pass would
//! have read there.
//!
//! Each thread reads its part of the input in pieces of [`CHUNK`] bytes
//! into a buffer it reuses: the whole text is never held at once, so a
//! register costs little more memory than its files. A file that is plainly
//! valid and whole in the piece at hand is read straight from its bytes
//! ([`FileReader`]); any other through serde.
//!
//! This path reads a valid register only. The first sign of anything else
//! (malformed JSON or UTF-8, a problem in a file, an unexpected field, a
//! guess that does not hold, an input that changes while read) gives up
//! with `None`, and the caller reads the input again in one pass, which
//! finds the errors and says exactly where they are. So the answer, and
//! every error message, is the single pass's.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;

use super::Parsed;
use super::fast::FileReader;
use super::format::{Convert, RawFile, RawGoal, RawRegister};
use super::validate::{self, Collector};
use crate::file::LegislativeFile;

/// Inputs shorter than this are read in one pass: a second thread would
/// cost more than it saves.
pub(crate) const MIN_LEN: u64 = 8 << 20;

/// The size of the pieces read.
const CHUNK: usize = 1 << 20;

/// Bytes that can be read at any position: a file, or bytes in memory.
pub(crate) trait Source: Sync {
    /// The length in bytes.
    fn len(&self) -> u64;
    /// Reads into `buf` from `at`; how many bytes were read (0 at the end).
    fn read_at(&self, buf: &mut [u8], at: u64) -> io::Result<usize>;
}

impl Source for [u8] {
    fn len(&self) -> u64 {
        self.len() as u64
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> io::Result<usize> {
        let rest = usize::try_from(at)
            .ok()
            .and_then(|at| self.get(at..))
            .unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }
}

/// A file and the length it had when opened.
#[cfg(unix)]
pub(crate) struct FileSource {
    pub file: std::fs::File,
    pub len: u64,
}

#[cfg(unix)]
impl Source for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(&self.file, buf, at)
    }
}

/// Reads a register from `src` on two threads when it is at least
/// `min_len` bytes long and the machine has two cores; `None` when this
/// path does not apply or anything is not as a valid register would have
/// it.
pub(crate) fn parse<S: Source + ?Sized>(src: &S, min_len: u64) -> Option<Parsed> {
    parse_in_pieces(src, min_len, CHUNK)
}

/// [`parse`], reading pieces of `chunk` bytes.
fn parse_in_pieces<S: Source + ?Sized>(src: &S, min_len: u64, chunk: usize) -> Option<Parsed> {
    let len = src.len();
    if len < min_len || !two_cores() {
        return None;
    }
    // The guess: the first likely file start after the middle.
    let middle = len / 2;
    let mut window = vec![0u8; CHUNK.min(usize::try_from(len - middle).ok()?)];
    let got = src.read_at(&mut window, middle).ok()?;
    let guess = middle + guess_file_start(&window[..got], 0)? as u64;
    let stop = AtomicBool::new(false);
    let parsed = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let mut stream = Stream::new(src, guess, chunk);
            let mut files = Vec::new();
            let mut c = Collector::default();
            match elements(&mut stream, u64::MAX, &stop, &mut files, &mut c)? {
                Stop::End(end) => Some((files, end)),
                Stop::Reached => None,
            }
        });
        let first = read_document(Stream::new(src, 0, chunk), guess, &stop, || {
            second
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        });
        // The second thread is joined when the scope ends (it stops at the
        // next file once asked to).
        stop.store(true, Ordering::Relaxed);
        first
    })?;
    // An input that grew while read is read again.
    let grew = src.read_at(&mut [0u8], len).ok()? != 0;
    (!grew).then_some(parsed)
}

/// Whether the machine runs two threads at once.
pub(super) fn two_cores() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// A reader of JSON text from a [`Source`], a piece at a time: `text[pos..]`
/// is what is read and not yet used.
struct Stream<'s, S: ?Sized> {
    src: &'s S,
    text: String,
    pos: usize,
    /// Where the next piece starts in the source.
    next: u64,
    /// The bytes of a character cut by the end of the last piece.
    carry: Vec<u8>,
    piece: Vec<u8>,
    /// The size of a piece.
    chunk: usize,
}

impl<'s, S: Source + ?Sized> Stream<'s, S> {
    fn new(src: &'s S, at: u64, chunk: usize) -> Self {
        Stream {
            src,
            text: String::new(),
            pos: 0,
            next: at,
            carry: Vec::new(),
            piece: Vec::new(),
            chunk: chunk.max(1),
        }
    }

    /// The source position of `text[pos]`.
    fn at(&self) -> u64 {
        self.next - self.carry.len() as u64 - (self.text.len() - self.pos) as u64
    }

    /// Whether the source holds more than `text`.
    fn more(&self) -> bool {
        self.next < self.src.len()
    }

    /// Goes on from source position `at` (a character boundary).
    fn seek(&mut self, at: u64) {
        self.text.clear();
        self.pos = 0;
        self.carry.clear();
        self.next = at;
    }

    /// Drops what is used and reads the next piece; `None` if there is
    /// none, or it cannot be read, or it is not UTF-8.
    fn refill(&mut self) -> Option<()> {
        if !self.more() {
            return None;
        }
        self.text.drain(..self.pos);
        self.pos = 0;
        let want = usize::try_from(self.src.len() - self.next)
            .unwrap_or(usize::MAX)
            .min(self.chunk);
        self.piece.clear();
        self.piece.append(&mut self.carry);
        let start = self.piece.len();
        self.piece.resize(start + want, 0);
        let got = self.src.read_at(&mut self.piece[start..], self.next).ok()?;
        if got == 0 {
            return None; // the input is shorter than it was
        }
        self.piece.truncate(start + got);
        self.next += got as u64;
        match std::str::from_utf8(&self.piece) {
            Ok(text) => self.text.push_str(text),
            // A character cut at the end of the piece waits for the next.
            Err(e) if e.error_len().is_none() && self.more() => {
                let whole = e.valid_up_to();
                self.text
                    .push_str(std::str::from_utf8(&self.piece[..whole]).ok()?);
                self.carry.extend_from_slice(&self.piece[whole..]);
            }
            Err(_) => return None,
        }
        Some(())
    }

    /// The next byte that is not JSON whitespace, skipping to it; `Some(None)`
    /// at the end of the input, `None` when the input cannot be read.
    fn peek(&mut self) -> Option<Option<u8>> {
        loop {
            let rest = &self.text.as_bytes()[self.pos..];
            match rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            {
                Some(k) => {
                    self.pos += k;
                    return Some(Some(rest[k]));
                }
                None => {
                    self.pos = self.text.len();
                    if !self.more() {
                        return Some(None);
                    }
                    self.refill()?;
                }
            }
        }
    }

    /// Whether the next byte (after whitespace) is `b`, used if so.
    fn eat(&mut self, b: u8) -> Option<bool> {
        let found = self.peek()? == Some(b);
        if found {
            self.pos += 1;
        }
        Some(found)
    }

    /// One JSON value.
    fn value<T: DeserializeOwned>(&mut self) -> Option<T> {
        // The value's first byte is at hand (an empty rest reads as no value).
        self.peek()??;
        loop {
            let mut stream =
                serde_json::Deserializer::from_str(&self.text[self.pos..]).into_iter::<T>();
            match stream.next()? {
                // A value ending where the text ends may go on in the next
                // piece (a number).
                Ok(value) if self.pos + stream.byte_offset() < self.text.len() || !self.more() => {
                    self.pos += stream.byte_offset();
                    return Some(value);
                }
                Ok(_) => {}
                Err(e) if e.is_eof() && self.more() => {}
                Err(_) => return None,
            }
            self.refill()?;
        }
    }

    /// An object key written without escapes.
    fn key(&mut self) -> Option<String> {
        if self.peek()? != Some(b'"') {
            return None;
        }
        loop {
            let rest = &self.text.as_bytes()[self.pos + 1..];
            if let Some(len) = rest.iter().position(|&b| b == b'"') {
                let key = &self.text[self.pos + 1..self.pos + 1 + len];
                if key.bytes().any(|b| b == b'\\' || b < 0x20) {
                    return None;
                }
                let key = key.to_string();
                self.pos += len + 2;
                return Some(key);
            }
            self.refill()?;
        }
    }
}

/// Where a run of files ended.
enum Stop {
    /// At the array's `]`; the source position after it.
    End(u64),
    /// At `until`, the start of a file.
    Reached,
}

/// Reads the files of an array (just after its `[`) into `files`, until
/// the array's end or the start of a file at source position `until`.
/// `None` at the first error or problem, or when `stop` is set.
fn elements<S: Source + ?Sized>(
    s: &mut Stream<'_, S>,
    until: u64,
    stop: &AtomicBool,
    files: &mut Vec<LegislativeFile>,
    c: &mut Collector,
) -> Option<Stop> {
    if s.eat(b']')? {
        return Some(Stop::End(s.at()));
    }
    let mut reader = FileReader::default();
    loop {
        s.peek()??;
        if s.at() == until {
            return Some(Stop::Reached);
        }
        if stop.load(Ordering::Relaxed) || s.peek()? != Some(b'{') {
            return None;
        }
        // Directly when the file is plainly valid and whole in the piece at
        // hand, else through serde.
        if let Some((file, used)) = reader.read(&s.text[s.pos..]) {
            s.pos += used;
            files.push(file);
        } else {
            let raw: RawFile = s.value()?;
            let index = files.len();
            files.push(raw.convert(c, index));
            if !c.problems.is_empty() {
                return None;
            }
        }
        if s.eat(b']')? {
            return Some(Stop::End(s.at()));
        }
        if !s.eat(b',')? {
            return None;
        }
    }
}

/// Reads the whole document from the start, the files array up to `guess`
/// and the rest of it from `second` (the other thread's files and where
/// the array ended) when the files arrive exactly at `guess`.
fn read_document<S: Source + ?Sized>(
    mut s: Stream<'_, S>,
    guess: u64,
    stop: &AtomicBool,
    second: impl FnOnce() -> Option<(Vec<LegislativeFile>, u64)>,
) -> Option<Parsed> {
    let mut second = Some(second);
    let mut raw = RawRegister::default();
    // An empty object is left to the one pass, which says what is missing.
    if !s.eat(b'{')? || s.peek()? == Some(b'}') {
        return None;
    }
    loop {
        let key = s.key()?;
        if !s.eat(b':')? {
            return None;
        }
        match key.as_str() {
            "version" if raw.version.is_none() => {
                raw.version = Some(s.value::<serde_json::Value>()?);
            }
            "goals" if raw.goals.is_none() => {
                let goals = s.value::<Vec<RawGoal>>()?;
                let mut c = Collector::default();
                let goals = goals
                    .into_iter()
                    .enumerate()
                    .map(|(i, g)| g.convert(&mut c, i))
                    .collect();
                if !c.problems.is_empty() {
                    return None;
                }
                raw.goals = Some(goals);
            }
            "files" if raw.files.is_none() => {
                if !s.eat(b'[')? {
                    return None;
                }
                let mut files = Vec::new();
                let mut c = Collector::default();
                match elements(&mut s, guess, stop, &mut files, &mut c)? {
                    // The guess was not a file of this array.
                    Stop::End(_) => stop.store(true, Ordering::Relaxed),
                    Stop::Reached => {
                        let (rest, end) = (second.take()?)()?;
                        files.reserve_exact(rest.len());
                        files.extend(rest);
                        s.seek(end);
                    }
                }
                raw.files = Some(files);
            }
            // Anything else (another field, a field twice) is a problem the
            // one pass reports.
            _ => return None,
        }
        if s.eat(b'}')? {
            break;
        }
        if !s.eat(b',')? {
            return None;
        }
    }
    if s.peek()?.is_some() {
        return None;
    }
    let parsed = validate::finish(Collector::default(), raw);
    parsed.problems.is_empty().then_some(parsed)
}

/// The first position at or after `pos` that is not JSON whitespace.
pub(super) fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        pos += 1;
    }
    pos
}

/// The last position before `pos` that is not JSON whitespace.
fn back_ws(bytes: &[u8], pos: usize) -> Option<usize> {
    bytes[..pos]
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
}

/// A likely start of a file in `bytes` at or after `from`: a `{` after
/// `},` whose first key is `"id"`. Only a guess: see the module's
/// documentation.
fn guess_file_start(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let open = at + bytes[at..].iter().position(|&b| b == b'{')?;
        at = open + 1;
        let Some(comma) = back_ws(bytes, open) else {
            continue;
        };
        if bytes[comma] != b',' || back_ws(bytes, comma).is_none_or(|close| bytes[close] != b'}') {
            continue;
        }
        let key = skip_ws(bytes, open + 1);
        if bytes.get(key..key + 4) == Some(b"\"id\"".as_slice())
            && bytes.get(skip_ws(bytes, key + 4)) == Some(&b':')
        {
            return Some(open);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Register;

    /// The one pass's reading of `text`, for comparison.
    fn one_pass(text: &str) -> Result<Parsed, String> {
        Register::parse_from(serde_json::Deserializer::from_str(text), None)
            .map_err(|e| e.to_string())
    }

    fn register(files: usize) -> String {
        let mut out = String::from("{\"version\": 1, \"files\": [");
        for i in 0..files {
            if i > 0 {
                out.push_str(",\n  ");
            }
            let requires = if i > 0 {
                format!(
                    r#", "requires": [{{"file": "f{}", "stage": "adoption"}}]"#,
                    i - 1
                )
            } else {
                String::new()
            };
            out.push_str(&format!(
                r#"{{"id": "f{i}", "title": "File \"{i}\" \u00e9 é € 𝄞", "events": [{{"date": "2017-0{}-1{}", "stage": "proposal", "source": "COM({i})"}}, {{"date": "2018-01-02", "stage": "general_approach"}}]{requires}}}"#,
                1 + i % 9,
                i % 10
            ));
        }
        out.push_str("], \"goals\": [{\"id\": \"g\", \"title\": \"G\", \"deadline\": \"2020-12-31\", \"requires\": [{\"file\": \"f0\"}]}]}\n");
        out
    }

    #[test]
    fn a_valid_register_reads_as_in_one_pass() {
        for files in [1, 2, 3, 10, 101] {
            let text = register(files);
            let expected = one_pass(&text).unwrap();
            assert!(expected.problems.is_empty());
            match parse_in_pieces(text.as_bytes(), 0, 7) {
                Some(split) => assert_eq!(split, expected, "{files} files"),
                // Too few files for a file to start past the middle.
                None => assert!(files < 3, "{files} files"),
            }
        }
    }

    #[test]
    fn the_embedded_register_reads_as_in_one_pass() {
        let text = include_str!("../data/security_union.json");
        let expected = one_pass(text).unwrap();
        for chunk in [1, 2, 3, 5, 64, 4096, CHUNK] {
            let split = parse_in_pieces(text.as_bytes(), 0, chunk);
            assert!(split.as_ref() == Some(&expected), "pieces of {chunk} bytes");
        }
    }

    #[test]
    fn a_wrong_guess_is_not_used() {
        // The guess lands on an object with an `id` key inside a file's
        // unknown field: the first thread never arrives there, and the
        // register (refused for the unknown field) is left to the one pass.
        let text = r#"{"version": 1, "files": [{"id": "a", "title": "A", "events": [], "x": [{}, {"id": 1}, {}]}], "goals": []}"#;
        let guess = guess_file_start(text.as_bytes(), text.len() / 2).unwrap();
        assert!(text[guess..].starts_with(r#"{"id": 1}"#));
        assert_eq!(parse(text.as_bytes(), 0), None);
        assert!(!one_pass(text).unwrap().problems.is_empty());
    }

    #[test]
    fn anything_unusual_is_left_to_the_one_pass() {
        let good = register(20);
        let cases = [
            good.replace("\"version\": 1", "\"version\": 2"),
            good.replace("\"goals\"", "\"extra\": 1, \"goals\""),
            good.replace("\"goals\"", "\"files\": [], \"goals\""),
            good.replace("\"stage\": \"adoption\"", "\"stage\": \"adopted\""),
            good.replace("f7\"", "f7 \""),
            good.replace("\"files\"", "\"fil\\u0065s\""),
            good.replace("}]}\n", "}]}}\n"),
            good.replace(
                "}, {\"date\": \"2018-01-02\"",
                "},, {\"date\": \"2018-01-02\"",
            ),
            good.replace("],\n  {\"id\": \"f12\"", "], {\"id\": \"f12\""),
            good.replace("\n  {\"id\": \"f15\"", "\n  {\"id\": \"f14\""),
            good.replace("}]}\n", "}],}\n"),
            format!("\u{feff}{good}"),
        ];
        for (i, text) in cases.iter().enumerate() {
            for chunk in [1, 3, 64, CHUNK] {
                let split = parse_in_pieces(text.as_bytes(), 0, chunk);
                match one_pass(text) {
                    // What one pass accepts, the split path reads the same
                    // way or leaves to it.
                    Ok(parsed) => {
                        assert!(split.is_none() || split == Some(parsed), "case {i}")
                    }
                    Err(_) => assert_eq!(split, None, "case {i}"),
                }
            }
        }
    }

    #[test]
    fn mangled_registers_never_read_differently() {
        // Every byte of a small register cut out, doubled or replaced by a
        // structural character in turn: the split path either gives the one
        // pass's answer or leaves the text to it.
        let good = register(6);
        let bytes = good.as_bytes();
        let (mut checked, mut applied) = (0, 0);
        for at in 0..bytes.len() {
            for edit in 0..4 {
                let mut b = bytes.to_vec();
                match edit {
                    0 => {
                        b.remove(at);
                    }
                    1 => b.insert(at, bytes[at]),
                    2 => b[at] = b',',
                    _ => b[at] = b'}',
                }
                let split = parse_in_pieces(b.as_slice(), 0, 1 + at % 13);
                let Ok(text) = std::str::from_utf8(&b) else {
                    assert_eq!(split, None);
                    continue;
                };
                applied += usize::from(split.is_some());
                match one_pass(text) {
                    Ok(parsed) => {
                        assert!(split.is_none() || split == Some(parsed), "{text}")
                    }
                    Err(_) => assert_eq!(split, None, "{text}"),
                }
                checked += 1;
            }
        }
        assert!(checked > 3 * bytes.len());
        // Edits inside texts leave valid registers the split path reads.
        assert!(applied > 100, "{applied}");
    }
}
