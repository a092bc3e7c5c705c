//! Bytes in, before serde: a register is read from a file or a stream in
//! bounded memory, and input that cannot be a register is refused at once.
//!
//! There is one reading path: the bytes are read whole (up to a limit),
//! then serde_json reads them in one pass with the visitors of
//! [`format`](super::format). The one pass gives every error its line and
//! column.
//!
//! Faster readers were measured in its place on the 100,000-file register
//! (49 MB; `codecision blockers goal-5`, whole process, CPU time, median of
//! ten runs on a shared 2-core machine): the former hand-written two-thread
//! direct reader 147 ms user, serde_json from the bytes 186 ms, sonic-rs
//! 0.5 (SIMD) under the same serde visitors 208 ms. The hand-written reader
//! (about 1,200 lines) is gone: its gain did not pay for a second reading
//! of every field.

use std::io::Read;

use crate::error::Error;

/// The largest register read unless a caller allows more: 1 GiB.
pub const DEFAULT_MAX_REGISTER_SIZE: u64 = 1 << 30;

/// The size of the pieces a stream is read in.
const PIECE: usize = 1 << 16;

/// Reads all of `reader` (named `origin` in errors), refusing it as soon as
/// it holds more than `max` bytes, a NUL byte, or starts with something
/// that cannot begin a register.
pub(crate) fn read_bounded(
    mut reader: impl Read,
    origin: &str,
    max: u64,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let mut checked_start = false;
    loop {
        let at = bytes.len();
        bytes.resize(at + PIECE, 0);
        let got = match reader.read(&mut bytes[at..]) {
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => 0,
            Err(e) => return Err(Error::io(origin, e)),
        };
        bytes.truncate(at + got);
        if got == 0 {
            break;
        }
        if bytes.len() as u64 > max {
            return Err(too_large(origin, max));
        }
        if let Some(nul) = bytes[at..].iter().position(|&b| b == 0) {
            return Err(not_json(origin, &bytes, at + nul, "a NUL byte"));
        }
        if !checked_start {
            checked_start = check_start(&bytes, Some(origin))?;
        }
    }
    Ok(bytes)
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
/// UTF-8 byte order mark or any other first character.
pub(crate) fn check_start(bytes: &[u8], origin: Option<&str>) -> Result<bool, Error> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
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
    match bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        None => Ok(false),
        Some(at) if bytes[at] == b'{' => Ok(true),
        // Anything else is left to serde_json, which says what it found,
        // unless it cannot start any JSON value.
        Some(at) if b"[\"-0123456789tfn".contains(&bytes[at]) => Ok(true),
        Some(at) => {
            let what = match bytes[at] {
                0 => "a NUL byte".to_string(),
                b if b.is_ascii_graphic() => format!("`{}`", b as char),
                b => format!("the byte 0x{b:02X}"),
            };
            Err(not_json(origin.unwrap_or(""), bytes, at, &what))
        }
    }
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
            "<stdin>: larger than the limit of 100000 bytes for a register (raise it: `--max-register-size` on the command line, `Register::load_with_limit` or `Register::read` in code)"
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
        // What may start JSON is left to serde_json's own message.
        for start in [&b"[]"[..], b"\"x\"", b"12", b"null"] {
            assert!(read_bounded(start, "r.json", 100).is_ok());
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
