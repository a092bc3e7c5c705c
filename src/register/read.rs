//! Bytes in, before serde: a register is read from a file or a stream in
//! bounded memory, and input that cannot be a register is refused at once.
//!
//! The one pass: the bytes are read whole (up to a limit), then serde_json
//! reads them in one pass with the visitors of [`format`](super::format).
//! The one pass gives every error its line and column, and each field is
//! read in one place. A regular file is first tried through
//! [`stream`](super::stream), which uses the same visitors on the file a
//! piece at a time, in pieces read at once, and hands anything unexpected
//! (every error and problem included) to the one pass. (The readers
//! measured, and why: `benches/README.md`, "One reading path" and "Reading
//! a file in two halves".)

use std::io::Read;

use crate::error::Error;

/// The size of the pieces a stream is read in.
const PIECE: usize = 1 << 16;

/// Reads all of `reader` (named `origin` in errors), refusing it as soon as
/// it holds more than `max` bytes, a NUL byte, or starts with something
/// that cannot begin a register.
///
/// # Complexity
///
/// Linear in the bytes read: each piece is looked at once (the leading
/// whitespace included, however long). The stream is read into chunks
/// that are never moved (no buffer doubled and copied on the way), so a
/// stream over the limit is refused holding the limit and no more; one
/// within it is joined into one buffer at its end.
pub(crate) fn read_bounded(
    mut reader: impl Read,
    origin: &str,
    max: u64,
) -> Result<Vec<u8>, Error> {
    // The most held: one byte over the limit says the input is too large.
    let cap = usize::try_from(max).map_or(usize::MAX, |max| max.saturating_add(1));
    // Full chunks, then the one read into (zeroed once at its full size)
    // up to `filled`.
    let mut full: Vec<Vec<u8>> = Vec::new();
    let mut chunk: Vec<u8> = Vec::new();
    let mut filled = 0;
    let mut total = 0;
    // How far the leading whitespace goes, while nothing else was seen.
    let mut blank = 0;
    let mut checked_start = false;
    loop {
        if filled == chunk.len() {
            let size = total.clamp(PIECE, LARGEST_CHUNK).min(cap - total);
            if size == 0 {
                return Err(too_large(origin, max));
            }
            if filled > 0 {
                full.push(std::mem::take(&mut chunk));
            }
            chunk = vec![0; size];
            filled = 0;
        }
        let got = match reader.read(&mut chunk[filled..]) {
            Ok(0) => break,
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(origin, e)),
        };
        let at = total;
        filled += got;
        total += got;
        if total as u64 > max {
            return Err(too_large(origin, max));
        }
        if let Some(nul) = chunk[filled - got..filled].iter().position(|&b| b == 0) {
            let read = join(full, chunk, filled);
            return Err(not_json(origin, &read, at + nul, "a NUL byte"));
        }
        if checked_start {
            continue;
        }
        // The start: a byte order mark is looked for in the first bytes,
        // then the whitespace in the new bytes only (all before `blank` is
        // whitespace; the rest of the start is in this chunk).
        let first = full.first().map_or(&chunk[..filled], |c| &c[..]);
        if first.len() < BOM.len() && BOM.starts_with(first) {
            continue; // perhaps a mark cut by the end of a piece
        }
        let chunk_start = total - filled;
        let bad_start = first.starts_with(BOM) || {
            blank += blank_len(&chunk[blank - chunk_start..filled]);
            checked_start = blank < total;
            checked_start && chunk[blank - chunk_start] != b'{'
        };
        if bad_start {
            let read = join(full, chunk, filled);
            return Err(match check_start(&read, Some(origin)) {
                Err(e) => e,
                Ok(_) => not_json(origin, &read, blank, "an unexpected start"),
            });
        }
    }
    Ok(join(full, chunk, filled))
}

/// The largest chunk a stream is read into: 16 MiB.
const LARGEST_CHUNK: usize = 1 << 24;

/// The full chunks and the last one up to `filled`, as one buffer; each
/// chunk is freed once copied.
fn join(full: Vec<Vec<u8>>, mut last: Vec<u8>, filled: usize) -> Vec<u8> {
    last.truncate(filled);
    if full.is_empty() {
        return last;
    }
    let mut bytes = Vec::with_capacity(full.iter().map(Vec::len).sum::<usize>() + filled);
    for chunk in full {
        bytes.extend_from_slice(&chunk);
    }
    bytes.extend_from_slice(&last);
    bytes
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// JSON's whitespace.
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// How many whitespace bytes `bytes` starts with.
fn blank_len(bytes: &[u8]) -> usize {
    let blank = bytes
        .iter()
        .position(|&b| !is_blank(b))
        .unwrap_or(bytes.len());
    #[cfg(test)]
    tests::EXAMINED.with(|n| n.set(n.get() + blank + 1));
    blank
}

/// The error for an input over `max` bytes.
pub(crate) fn too_large(origin: &str, max: u64) -> Error {
    Error::TooLarge {
        origin: origin.to_string(),
        limit: max,
    }
}

/// Checks how `bytes` start: `Ok(false)` while only whitespace has been
/// seen, `Ok(true)` once a register's `{` opens the text; an error for a
/// UTF-8 byte order mark or any other first character (JSON that is not
/// an object is refused here too: no register can follow, and a stream of
/// `[` would otherwise be read to the limit before serde_json sees it).
pub(crate) fn check_start(bytes: &[u8], origin: Option<&str>) -> Result<bool, Error> {
    if bytes.starts_with(BOM) {
        return Err(Error::Json {
            origin: origin.map(str::to_string),
            line: 1,
            column: 1,
            message: "the text starts with a UTF-8 byte order mark (bytes EF BB BF): \
                      JSON text must not; save the file as UTF-8 without it"
                .to_string(),
        });
    }
    if BOM.starts_with(bytes) && !bytes.is_empty() {
        return Ok(false); // perhaps a mark cut by the end of a piece
    }
    let at = blank_len(bytes);
    if at == bytes.len() {
        return Ok(false);
    }
    let (what, json) = match bytes[at] {
        b'{' => return Ok(true),
        b'[' => ("an array".to_string(), true),
        b'"' => ("a string".to_string(), true),
        b'-' | b'0'..=b'9' => ("a number".to_string(), true),
        b't' | b'f' | b'n' => ("`true`, `false` or `null`".to_string(), true),
        0 => ("a NUL byte".to_string(), false),
        b if b.is_ascii_graphic() => (format!("`{}`", b as char), false),
        b => (format!("the byte 0x{b:02X}"), false),
    };
    let mut err = not_json(origin.unwrap_or(""), bytes, at, &what);
    if json {
        if let Error::Json { message, .. } = &mut err {
            *message =
                format!("{what}: a register is a JSON object with `version`, `files` and `goals`");
        }
    }
    Err(err)
}

/// The error for `what`, found at `at` in `bytes`: not JSON text.
fn not_json(origin: &str, bytes: &[u8], at: usize, what: &str) -> Error {
    let before = &bytes[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    // Columns count characters, as serde_json's do.
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    Error::Json {
        origin: (!origin.is_empty()).then(|| origin.to_string()),
        line,
        column,
        message: format!("{what}: this is not JSON text (a register is a JSON object)"),
    }
}

/// serde_json's message for a lone surrogate escape in a string names it
/// wrongly (`"\udc00"` is a "lone leading surrogate"; `"\ud800"` at the
/// end of a string an "unexpected end of hex escape"): the escape at the
/// error's place in `bytes` is read, and the message says which it is.
pub(crate) fn name_surrogates(bytes: &[u8], err: Error) -> Error {
    let Error::Json {
        origin,
        line,
        column,
        message,
    } = err
    else {
        return err;
    };
    let better = (message == "lone leading surrogate in hex escape"
        || message == "unexpected end of hex escape")
        .then(|| offset_of(bytes, line, column))
        .flatten()
        .and_then(|at| lone_surrogate(bytes, at));
    Error::Json {
        origin,
        line,
        column,
        message: better.unwrap_or(message),
    }
}

/// The byte offset of 1-based `line` and `column` (in bytes).
fn offset_of(bytes: &[u8], line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        1 + bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)?
            .0
    };
    Some(start + column.checked_sub(1)?).filter(|&at| at < bytes.len())
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn escape_at(bytes: &[u8], at: usize) -> Option<u16> {
    let text = bytes.get(at..at + 6)?;
    let hex = std::str::from_utf8(text.strip_prefix(b"\\u")?).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

/// What is wrong with the surrogate escape that ends at or just before
/// `at`, in words.
fn lone_surrogate(bytes: &[u8], at: usize) -> Option<String> {
    let leading = |u: u16| (0xD800..0xDC00).contains(&u);
    let trailing = |u: u16| (0xDC00..0xE000).contains(&u);
    // The last escape that ends by `at` (inclusive).
    let start = (at.saturating_sub(6)..=at.saturating_sub(5))
        .rev()
        .find(|&k| escape_at(bytes, k).is_some())?;
    let unit = escape_at(bytes, start)?;
    let before = start.checked_sub(6).and_then(|k| escape_at(bytes, k));
    if trailing(unit) && !before.is_some_and(leading) {
        Some(format!(
            "lone trailing surrogate \\u{unit:04x} in a string: no leading surrogate \
             (\\ud800 to \\udbff) before it"
        ))
    } else if leading(unit) {
        Some(format!(
            "lone leading surrogate \\u{unit:04x} in a string: not followed by a trailing \
             surrogate (\\udc00 to \\udfff)"
        ))
    } else {
        before.filter(|&u| leading(u)).map(|u| {
            format!(
                "lone leading surrogate \\u{u:04x} in a string: followed by \\u{unit:04x}, \
                 not by a trailing surrogate (\\udc00 to \\udfff)"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_register_reads_whole() {
        let text = br#"  {"version": 1, "files": []}"#;
        let bytes = read_bounded(&text[..], "r.json", 1 << 20).unwrap();
        assert_eq!(bytes, text);
    }

    #[test]
    fn an_endless_stream_of_nul_bytes_stops_at_the_first_piece() {
        // `repeat` never ends: the reading must stop by itself.
        let err = read_bounded(std::io::repeat(0), "/dev/zero", 1 << 30).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/zero: line 1, column 1: a NUL byte: this is not JSON text (a register is a JSON object)"
        );
    }

    #[test]
    fn nul_bytes_after_a_good_start_are_found_where_they_are() {
        let stream = std::io::Read::chain(&b"{\n  \"files\": "[..], std::io::repeat(0));
        let err = read_bounded(stream, "<stdin>", 1 << 30).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("<stdin>: line 2, column 12: a NUL byte"),
            "{err}"
        );
    }

    #[test]
    fn an_endless_stream_of_whitespace_stops_at_the_limit() {
        let err = read_bounded(std::io::repeat(b' '), "<stdin>", 100_000).unwrap_err();
        assert_eq!(
            err.to_string(),
            "<stdin>: larger than the limit of 100000 bytes for a register (raise it: `--max-register-size` on the command line, `ReadOptions::limit` in code)"
        );
        // Exactly the limit is allowed.
        let text = [b' '; 10];
        assert!(read_bounded(&text[..], "x", 10).is_ok());
        assert!(read_bounded(&text[..], "x", 9).is_err());
    }

    #[test]
    fn a_first_character_that_starts_no_json_is_refused_at_once() {
        let err = read_bounded(std::io::repeat(b'x'), "r.json", 1 << 30).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("r.json: line 1, column 1: `x`: this is not JSON text"),
            "{err}"
        );
        // JSON that is not an object is named, and refused as early.
        for (start, what) in [
            (&b"[]"[..], "an array"),
            (b" \n\"x\"", "a string"),
            (b"12", "a number"),
            (b"null", "`true`, `false` or `null`"),
        ] {
            let err = read_bounded(start, "r.json", 100).unwrap_err().to_string();
            assert!(
                err.contains(&format!(
                    ": {what}: a register is a JSON object with `version`, `files` and `goals`"
                )),
                "{err}"
            );
        }
        assert!(
            crate::Register::from_json("\n  [1]")
                .unwrap_err()
                .to_string()
                .starts_with("line 2, column 3: an array: a register is a JSON object")
        );
    }

    #[test]
    fn an_endless_stream_of_brackets_stops_at_its_first_byte() {
        // `yes '['`: refused before anything more than one piece is held.
        let mut taken = 0;
        let stream = std::io::repeat(b'[').take(1 << 40);
        let mut counted = Counted(stream, &mut taken);
        let err = read_bounded(&mut counted, "<stdin>", 1 << 30).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("<stdin>: line 1, column 1: an array: a register is a JSON object"),
            "{err}"
        );
        assert!(taken <= PIECE, "{taken} bytes read");
    }

    thread_local! {
        /// How many bytes the whitespace scans of this thread passed over.
        pub(super) static EXAMINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn leading_whitespace_is_looked_at_once_whatever_the_piece_size() {
        // The old reader looked at all the whitespace again for every
        // piece read (quadratic: 64 MB of blanks from a pipe took 20 s).
        // Counted here: each byte is passed over a few times at most, in pieces of
        // one byte as in pieces of 64 KiB.
        let mut text = vec![b' '; 3 * PIECE + 7];
        text.extend_from_slice(b"\n{\"version\": 1, \"files\": []}");
        for one_byte in [false, true] {
            EXAMINED.with(|n| n.set(0));
            let bytes = if one_byte {
                read_bounded(OneByte(&text), "x", 1 << 20).unwrap()
            } else {
                read_bounded(&text[..], "x", 1 << 20).unwrap()
            };
            assert_eq!(bytes, text);
            let examined = EXAMINED.with(std::cell::Cell::get);
            assert!(examined <= 4 * text.len(), "{examined} for {}", text.len());
        }
        // A stream that is only blanks ends at the limit, each looked at once.
        EXAMINED.with(|n| n.set(0));
        let err = read_bounded(std::io::repeat(b' '), "<stdin>", 1 << 22).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }));
        let examined = EXAMINED.with(std::cell::Cell::get);
        assert!(examined <= 4 << 22, "{examined}");
        let mut text = vec![b'\n'; 5];
        text.extend_from_slice(b"  x");
        let err = read_bounded(OneByte(&text), "x", 1 << 20).unwrap_err();
        assert!(
            err.to_string().starts_with("x: line 6, column 3: `x`"),
            "{err}"
        );
        // The limit holds at any piece size, and exactly the limit is allowed.
        let blank = vec![b' '; 1000];
        assert!(read_bounded(OneByte(&blank), "x", 1000).is_ok());
        assert!(matches!(
            read_bounded(OneByte(&blank), "x", 999),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn the_buffer_never_grows_past_the_limit() {
        // Over the limit: refused with at most the limit (and one byte) held.
        let max = 5 * PIECE as u64 + 3;
        let bytes = read_bounded(std::io::repeat(b' ').take(max), "x", max).unwrap();
        assert_eq!(bytes.len() as u64, max);
        assert_eq!(
            bytes.capacity() as u64,
            max,
            "joined into one buffer of its size"
        );
        assert!(matches!(
            read_bounded(std::io::repeat(b' '), "x", max),
            Err(Error::TooLarge { .. })
        ));
    }

    /// A reader that counts the bytes it gives.
    struct Counted<'a, R>(R, &'a mut usize);

    impl<R: Read> Read for Counted<'_, R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let got = self.0.read(buf)?;
            *self.1 += got;
            Ok(got)
        }
    }

    #[test]
    fn a_byte_order_mark_is_named() {
        let text = b"\xEF\xBB\xBF{\"files\": []}";
        let err = read_bounded(&text[..], "r.json", 1 << 20).unwrap_err();
        assert!(
            err.to_string()
                .contains("line 1, column 1: the text starts with a UTF-8 byte order mark"),
            "{err}"
        );
        // Also when the mark comes a byte at a time.
        let slow = OneByte(&text[..]);
        assert!(
            read_bounded(slow, "r.json", 1 << 20)
                .unwrap_err()
                .to_string()
                .contains("byte order mark")
        );
    }

    #[test]
    fn lone_surrogates_are_named_leading_or_trailing() {
        let message = |title: &str| {
            let text =
                format!("{{\"version\":1,\"files\":[{{\"id\":\"a\",\"title\":\"{title}\"}}]}}");
            crate::Register::from_json(&text).unwrap_err().to_string()
        };
        let m = message(r"x\udc00");
        assert!(
            m.contains("lone trailing surrogate \\udc00 in a string"),
            "{m}"
        );
        let m = message(r"\udc00\ud800");
        assert!(m.contains("lone trailing surrogate \\udc00"), "{m}");
        let m = message(r"\ud800");
        assert!(
            m.contains("lone leading surrogate \\ud800 in a string: not followed"),
            "{m}"
        );
        let m = message(r"\ud800x");
        assert!(m.contains("lone leading surrogate \\ud800"), "{m}");
        let m = message(r"\ud800\u0041");
        assert!(
            m.contains("lone leading surrogate \\ud800 in a string: followed by \\u0041"),
            "{m}"
        );
        // A pair is fine; a bad escape keeps serde_json's message.
        assert!(
            crate::Register::from_json(r#"{"files":[{"id":"a","title":"\ud83d\ude00"}]}"#).is_ok()
        );
        let m = message(r"\u12");
        assert!(m.contains("escape") && !m.contains("surrogate"), "{m}");
    }

    /// A reader that gives one byte per read.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }
}
