//! A register file read a piece at a time, its `files` array cut into
//! pieces read at once (on rayon's threads with the `parallel` feature),
//! through the same serde visitors as the one pass of [`Register::parse`].
//!
//! This is a fast path and nothing more. The file is never held whole: each
//! piece is read through a window of [`PIECE`] bytes (larger only for an
//! item larger than that), each item of `files` handed to serde_json on its
//! own, so the process holds the register being built and a window for each
//! thread, not the text beside it. It gives up ([`GiveUp`]) on anything it
//! does not expect: text that is not JSON or not UTF-8, a value of the
//! wrong type, any problem in a file or a goal, a top-level field other
//! than `version`, `synced`, `files` and `goals`, or one of them twice. The
//! caller then reads the file again in one pass, which finds what is wrong
//! and says where (line and column, file id, event index) exactly as it
//! always did: every message still comes from that one pass.
//!
//! The file is cut at [`PIECES_A_THREAD`] points a thread, evenly spaced;
//! each piece after the first starts at the first item of the shape
//! `, {"id":` after its point (a guess: in JSON that text can only open an
//! object whose first field is `id`, but the object may not be an item of
//! `files`). A piece reads items until it meets one starting at exactly the
//! start of a later piece, or to the end of its array. The first piece,
//! read from the top of the file, is in `files`; a piece it meets starts at
//! an item of `files`, and so on: the pieces met one after the other, from
//! the first to one that ends at the array's `]`, are joined in order, and
//! the others' work is dropped (a piece passed over is told to stop; if the
//! first piece meets none, it reads on to the end alone). Either way the
//! register is the one the one pass reads, file for file (tests in `tests/`
//! compare them, and the errors, on the bench registers and on malformed
//! ones). The pieces are more than the threads (16 on two) so that a thread
//! slowed by other work on its core leaves more of them to the other: with
//! two halves the wall time was that of the slower half. Written by hand
//! because serde_json reads a document from its start only; the JSON itself
//! is always parsed by serde_json.
//!
//! [`Register::parse`]: super::Register

use std::fs::File;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;

use crate::file::LegislativeFile;
use crate::register::Goal;
use crate::register::format::{Convert, RawDate, RawFile, RawGoal, RawRegister};
use crate::register::validate::{self, Collector, FileIds};

/// The size of the window each piece is read through.
const PIECE: usize = 256 << 10;

/// Files smaller than this are read in one piece.
const SPLIT_FROM: u64 = 4 << 20;

/// Pieces the `files` array is cut into for each thread, taken by the
/// threads one at a time (rayon's work stealing): when a core is taken by
/// other work for a while, the other reads more pieces, where with one
/// half each the wall time was that of the slower half. Each piece's files
/// are held in an array of their own until the pieces are joined: 8 a
/// thread take the peak about 1.5 MB higher than 2. On two cores of even
/// speed that buys nothing; on a virtual machine whose two cores ran at
/// different speeds for minutes at a time (one piece took 60 ms on one
/// thread and 100 ms on the other), it took the whole `blockers` process
/// from 0.278 s to 0.250 s (`benches/README.md`, "Blockers, round four"
/// and "Round eleven").
const PIECES_A_THREAD: usize = 8;

/// The least length of a piece.
const MIN_PIECE: u64 = 1 << 20;

/// Bytes read at each point the file is cut at, to find an item there.
const LOOK: usize = 64 << 10;

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
    let threads = crate::parallel::threads();
    let pieces = (threads > 1 && len >= SPLIT_FROM)
        .then(|| Pieces::new(file, len, threads * PIECES_A_THREAD))
        .filter(|pieces| !pieces.starts.is_empty());
    let resumed = match pieces {
        None => top.members(&mut w, &mut c, true, None)?,
        Some(pieces) => {
            let (first, later) = crate::parallel::join(
                || {
                    let done = top.members(&mut w, &mut c, true, Some(&pieces));
                    if !matches!(done, Ok(Some(_))) {
                        pieces.skip_all();
                    }
                    done
                },
                || pieces.read_later(),
            );
            match first? {
                // The first piece met a later one's first item: join those
                // that follow one another to the end of `files`.
                Some((files, met)) => {
                    let (files, mut rest) = Pieces::join(files, met, later)?;
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

    /// Those of `parts`, one after the other: the files in an array of
    /// their exact size (each part's array grew by doubling), their ids
    /// left in parts (the table of ids is made of them at once).
    fn concat(parts: Vec<Files>) -> Files {
        let total = parts.iter().map(|p| p.files.len()).sum();
        let mut out = Files {
            files: Vec::with_capacity(total),
            ids: FileIds::default(),
        };
        for mut part in parts {
            out.files.append(&mut part.files);
            out.ids.parts.append(&mut part.ids.parts);
        }
        out
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
    /// first item of one of the later `pieces`, the files before it and
    /// that piece's number.
    fn members(
        &mut self,
        w: &mut Window<'_>,
        c: &mut Collector,
        mut first: bool,
        pieces: Option<&Pieces<'_>>,
    ) -> Step<Option<(Files, usize)>> {
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
                    let (files, met) = files(w, c, pieces)?;
                    if let Some(piece) = met {
                        return Ok(Some((files, piece)));
                    }
                    self.files = Some(files);
                }
                _ => return Err(GiveUp),
            }
        }
    }
}

/// The items of `files`, from its `[` to its `]`; or up to the first item
/// of one of the later `pieces` (then its number).
fn files(
    w: &mut Window<'_>,
    c: &mut Collector,
    mut pieces: Option<&Pieces<'_>>,
) -> Step<(Files, Option<usize>)> {
    w.expect(b'[')?;
    let mut out = Files::default();
    if w.peek()? == Some(b']') {
        w.pos += 1;
        return Ok((out, None));
    }
    let mut next = 0;
    let mut met = None;
    w.items(
        |at| {
            if let Some(later) = pieces {
                met = later.meets(&mut next, at);
                if met.is_some() {
                    return Ok(false);
                }
                if next == later.starts.len() {
                    pieces = None; // passed them all
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
    Ok((out, met))
}

/// Where a later piece stopped.
enum Stop<'f> {
    /// At the first item of later piece number `.0`.
    Met(usize),
    /// After the `]` of its array, which the window is just past.
    End(Window<'f>),
}

/// A piece after the first read: its files and where it stopped.
type Piece<'f> = Step<(Files, Stop<'f>)>;

/// The later pieces: each from the first item of the shape `, {"id":`
/// after a point of the file, to the first item of another or to the end
/// of the array it is in.
struct Pieces<'f> {
    file: &'f File,
    end: u64,
    /// Where each later piece's first item starts, in increasing order.
    starts: Vec<u64>,
    /// Set once a piece's work cannot be used: it stops.
    skip: Vec<AtomicBool>,
}

impl<'f> Pieces<'f> {
    /// The later pieces of `count` pieces of about the same length, of
    /// a file of `end` bytes; points where no item was found are left out.
    fn new(file: &'f File, end: u64, count: usize) -> Self {
        let count = count.min(usize::try_from(end / MIN_PIECE).unwrap_or(usize::MAX));
        let mut starts: Vec<u64> = Vec::new();
        let mut buf = vec![0; LOOK];
        for k in 1..count {
            let point = end * k as u64 / count as u64;
            if starts.last().is_some_and(|&last| last >= point) {
                continue;
            }
            let Ok(got) = read_at(file, &mut buf, point) else {
                continue;
            };
            if let Some(at) = item_start(&buf[..got]) {
                starts.push(point + at as u64);
            }
        }
        Pieces {
            file,
            end,
            skip: starts.iter().map(|_| AtomicBool::new(false)).collect(),
            starts,
        }
    }

    /// Tells every later piece to stop: the first did not meet any.
    fn skip_all(&self) {
        for skip in &self.skip {
            skip.store(true, Ordering::Relaxed);
        }
    }

    /// Before an item at `at`, in an array read in order: the number of
    /// the later piece whose first item that is, if one is. `next` is the
    /// first piece not passed yet (0 at first); a piece passed without
    /// meeting its first item did not start at an item of this array (and
    /// so, since this array is `files`, of any): it is told to stop.
    fn meets(&self, next: &mut usize, at: u64) -> Option<usize> {
        while let Some(&start) = self.starts.get(*next) {
            if start == at {
                return Some(*next);
            }
            if start > at {
                break;
            }
            self.skip[*next].store(true, Ordering::Relaxed);
            *next += 1;
        }
        None
    }

    /// Every later piece, each on its own (at once on rayon's threads with
    /// the `parallel` feature), in order.
    fn read_later(&self) -> Vec<Piece<'f>> {
        let numbers: Vec<usize> = (0..self.starts.len()).collect();
        crate::parallel::map_each(&numbers, |&piece| self.read(piece))
    }

    /// Later piece `piece`: its items from its start to the first item of
    /// a later one or to its array's `]`; gives up at any problem in an
    /// item, or when told to stop.
    fn read(&self, piece: usize) -> Piece<'f> {
        let skip = &self.skip[piece];
        let mut w = Window::new(self.file, self.starts[piece], self.end);
        let mut c = Collector::default();
        let mut out = Files::default();
        let mut next = piece + 1;
        let mut met = None;
        w.peek()?;
        let ended = w.items(
            |at| {
                if skip.load(Ordering::Relaxed) {
                    return Err(GiveUp);
                }
                met = self.meets(&mut next, at);
                Ok(met.is_none())
            },
            |raw: RawFile| {
                if !c.problems.is_empty() {
                    return Err(GiveUp);
                }
                // Placeholder index: it only names the file in a problem,
                // and any problem sends the file to the one pass.
                let index = out.files.len();
                out.push(raw.convert(&mut c, index));
                Ok(())
            },
        )?;
        if !c.problems.is_empty() {
            return Err(GiveUp);
        }
        match (ended, met) {
            (true, _) => Ok((out, Stop::End(w))),
            (false, Some(piece)) => Ok((out, Stop::Met(piece))),
            (false, None) => Err(GiveUp),
        }
    }

    /// The files of the first piece, `first`, which met later piece `met`,
    /// and those of the later pieces that follow one another from there to
    /// the end of `files`; and the window just past that end. Each met
    /// piece started at an item of `files` (the one before met it there),
    /// so this is the array read in one go, item for item.
    fn join(first: Files, met: usize, mut later: Vec<Piece<'f>>) -> Step<(Files, Window<'f>)> {
        let mut parts = vec![first];
        let mut at = met;
        loop {
            let slot = later.get_mut(at).ok_or(GiveUp)?;
            let (files, stop) = std::mem::replace(slot, Err(GiveUp))?;
            parts.push(files);
            #[cfg(test)]
            tests::JOINED.with(|n| n.set(parts.len()));
            match stop {
                Stop::Met(next) if next > at => at = next,
                Stop::Met(_) => return Err(GiveUp),
                Stop::End(w) => return Ok((Files::concat(parts), w)),
            }
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
        /// How many pieces this thread joined last.
        pub(super) static JOINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn a_large_register_is_read_in_pieces() {
        // 30,000 files of about 150 bytes: over `SPLIT_FROM`, four pieces
        // of `MIN_PIECE` or more.
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
            assert_eq!(JOINED.with(std::cell::Cell::get), 4);
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
