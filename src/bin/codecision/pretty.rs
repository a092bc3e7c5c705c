//! JSON laid out exactly as `serde_json::to_writer_pretty` lays it out (two
//! spaces a level), written faster:
//!
//! - each line break and its indentation in one piece rather than a write
//!   per level: on a large answer (hundreds of thousands of lines) that is a
//!   good share of the time spent writing;
//! - [`object_with_array`]: the large array of an answer (the files of
//!   `status`, the blockers of `blockers`) rendered piece by piece (on
//!   rayon's threads with the `parallel` feature), and written in order;
//!   an item may write itself without serde ([`Item`]).

use std::io::{self, Write};

use serde_json::ser::Formatter;

/// `,` then a line break, then enough spaces for 64 levels.
const BREAK: &[u8; 2 + 2 * 64] = &{
    let mut bytes = [b' '; 2 + 2 * 64];
    bytes[0] = b',';
    bytes[1] = b'\n';
    bytes
};

/// serde_json's pretty layout; see the module's text.
#[derive(Default)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break (after a comma when `comma`) and the indentation of the
    /// current depth.
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let start = usize::from(!comma);
        match BREAK.get(start..2 + 2 * self.depth) {
            Some(bytes) => w.write_all(bytes),
            None => {
                w.write_all(&BREAK[start..2])?;
                (0..self.depth).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl Pretty {
    /// The layout inside `depth` levels of arrays and objects.
    pub fn at(depth: usize) -> Self {
        Pretty {
            depth,
            has_value: false,
        }
    }
}

/// `value` laid out at `depth`, appended to `out`.
fn render<T: ?Sized + serde::Serialize>(
    out: &mut Vec<u8>,
    value: &T,
    depth: usize,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Pretty::at(depth),
    ))
}

/// An item of [`object_with_array`]'s array.
pub trait Item: serde::Serialize + Sync {
    /// Appends the item to `out` as [`render`] lays it out at depth 2,
    /// when it can write it without serde; `false`, with nothing
    /// appended, when it cannot (then serde renders it).
    fn write_plain(&self, _out: &mut Vec<u8>) -> bool {
        false
    }
}

/// Whether serde_json writes `text` between quotes as it is: no control
/// character, quote or backslash.
pub fn plain(text: &str) -> bool {
    text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// Items `range` of an array at depth 1, each after its separator.
fn render_items<T: Item>(
    out: &mut Vec<u8>,
    items: &[T],
    range: std::ops::Range<usize>,
) -> serde_json::Result<()> {
    for i in range {
        out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        if !items[i].write_plain(out) {
            render(out, &items[i], 2)?;
        }
    }
    Ok(())
}

/// Items rendered a piece at a time.
const PIECE: usize = 256;

/// Pieces rendered at once, for each of rayon's threads. With one piece a
/// thread (and pieces of 512 items), each batch was rendered mostly by one
/// thread while the other was still waking up: the 37,173 blockers of the
/// 100,000-file bench register were rendered on about one core. Four
/// smaller pieces a thread keep both busy and hold about 1 MB of text at a
/// time.
const PIECES_A_THREAD: usize = 4;

/// Writes one object: the fields of `head`, then `key` with `items` as an
/// array, then the fields of `tail` (`head` and `tail` serialise as
/// objects), byte for byte as [`to_writer`] writes an object with these
/// fields in this order. The items are rendered a piece at a time (see
/// [`write_items`]).
///
/// # Errors
///
/// As [`to_writer`]; an error if `head` or `tail` is not an object.
pub fn object_with_array<W, H, T, R>(
    w: &mut W,
    head: &H,
    key: &str,
    items: &[T],
    tail: &R,
) -> serde_json::Result<()>
where
    W: Write,
    H: serde::Serialize,
    T: Item,
    R: serde::Serialize,
{
    use serde::ser::Error as _;
    let (mut head_text, mut tail_text) = (Vec::new(), Vec::new());
    render(&mut head_text, head, 0)?;
    render(&mut tail_text, tail, 0)?;
    let not_object = || serde_json::Error::custom("not an object");
    // `{}`, or `{` and fields, then a line break and `}`.
    let head_fields = match head_text.as_slice() {
        b"{}" => None,
        text => Some(text.strip_suffix(b"\n}").ok_or_else(not_object)?),
    };
    let tail_fields = match tail_text.as_slice() {
        b"{}" => None,
        text => Some(text.strip_prefix(b"{").ok_or_else(not_object)?),
    };
    match head_fields {
        Some(fields) => w.write_all(fields).and_then(|()| w.write_all(b",\n  ")),
        None => w.write_all(b"{\n  "),
    }
    .map_err(serde_json::Error::io)?;
    serde_json::to_writer(&mut *w, key)?;
    if items.is_empty() {
        w.write_all(b": []").map_err(serde_json::Error::io)?;
    } else {
        w.write_all(b": [").map_err(serde_json::Error::io)?;
        write_items(w, items)?;
        w.write_all(b"\n  ]").map_err(serde_json::Error::io)?;
    }
    match tail_fields {
        Some(fields) => w.write_all(b",").and_then(|()| w.write_all(fields)),
        None => w.write_all(b"\n}"),
    }
    .map_err(serde_json::Error::io)
}

/// The items of [`object_with_array`], rendered a piece of [`PIECE`] items
/// at a time and written in order. With the `parallel` feature, rayon's
/// threads render [`PIECES_A_THREAD`] pieces each at once; a batch of
/// pieces is held at a time, never the whole answer.
fn write_items<W: Write, T: Item>(w: &mut W, items: &[T]) -> serde_json::Result<()> {
    #[cfg(feature = "parallel")]
    let threads = rayon::current_num_threads();
    #[cfg(not(feature = "parallel"))]
    let threads = 1;
    let pieces: Vec<std::ops::Range<usize>> = (0..items.len())
        .step_by(PIECE)
        .map(|start| start..(start + PIECE).min(items.len()))
        .collect();
    // One buffer per piece of a batch, kept for the next batch: the pieces
    // after the first batch grow no buffer (and touch no fresh memory),
    // where a buffer per piece was grown by doubling, a copy each time
    // (the 37,173 blockers of the 100,000-file bench register: 144 million
    // instructions to render, 123 million now).
    let mut texts: Vec<Vec<u8>> = Vec::new();
    let render_piece = |(range, out): (&std::ops::Range<usize>, &mut Vec<u8>)| {
        out.clear();
        render_items(out, items, range.clone())
    };
    for batch in pieces.chunks(threads.max(1) * PIECES_A_THREAD) {
        texts.resize_with(batch.len(), Vec::new);
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            batch
                .par_iter()
                .zip(texts.par_iter_mut())
                .try_for_each(render_piece)?;
        }
        #[cfg(not(feature = "parallel"))]
        batch
            .iter()
            .zip(texts.iter_mut())
            .try_for_each(render_piece)?;
        for text in &texts {
            w.write_all(text).map_err(serde_json::Error::io)?;
        }
    }
    Ok(())
}

/// Writes `value` with [`Pretty`].
///
/// # Errors
///
/// As `serde_json::to_writer_pretty`.
pub fn to_writer<W: Write, T: ?Sized + serde::Serialize>(
    w: W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        w,
        Pretty::default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    impl Item for Value {}

    impl Item for i32 {}

    fn same(value: &Value) {
        let mut ours = Vec::new();
        to_writer(&mut ours, value).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string_pretty(value).unwrap()
        );
    }

    #[test]
    fn laid_out_as_serde_json_lays_it_out() {
        same(&json!(null));
        same(&json!([]));
        same(&json!({}));
        same(&json!({"a": [], "b": {}, "c": [[], [{}], {"d": [1, "x", null]}], "e": "é\n\""}));
        same(&json!([{"file": "etias", "path": ["goal", "etias"], "p": 0.25, "stage": null}]));
    }

    #[derive(serde::Serialize)]
    struct Whole<'a> {
        a: &'a str,
        b: Option<u32>,
        items: &'a [Value],
        z: f64,
    }

    #[derive(serde::Serialize)]
    struct Head<'a> {
        a: &'a str,
        b: Option<u32>,
    }

    #[derive(serde::Serialize)]
    struct Tail {
        z: f64,
    }

    #[derive(serde::Serialize)]
    struct Nothing {}

    #[derive(serde::Serialize)]
    struct Only<'a> {
        items: &'a [Value],
    }

    #[test]
    fn an_object_with_its_array_in_pieces_is_laid_out_as_one_object() {
        for n in [
            0,
            1,
            2,
            PIECE - 1,
            PIECE,
            PIECE + 1,
            4 * PIECE,
            7 * PIECE + 3,
        ] {
            let items: Vec<Value> = (0..n)
                .map(|i| match i % 3 {
                    0 => json!({"file": format!("f{i}"), "path": ["g", format!("f{i}")], "stage": null}),
                    1 => json!([i, "x\"y", []]),
                    _ => json!(i as f64 / 7.0),
                })
                .collect();
            let whole = Whole {
                a: "goal",
                b: None,
                items: &items,
                z: 0.25,
            };
            let mut ours = Vec::new();
            object_with_array(
                &mut ours,
                &Head { a: "goal", b: None },
                "items",
                &items,
                &Tail { z: 0.25 },
            )
            .unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string_pretty(&whole).unwrap(),
                "{n} items"
            );
            let mut bare = Vec::new();
            object_with_array(&mut bare, &Nothing {}, "items", &items, &Nothing {}).unwrap();
            assert_eq!(
                String::from_utf8(bare).unwrap(),
                serde_json::to_string_pretty(&Only { items: &items }).unwrap(),
                "{n} items"
            );
        }
    }

    #[test]
    fn head_and_tail_must_be_objects() {
        let mut out = Vec::new();
        assert!(object_with_array(&mut out, &1, "items", &[1], &Nothing {}).is_err());
        assert!(object_with_array(&mut out, &Nothing {}, "items", &[1], &[2]).is_err());
    }

    #[test]
    fn deeper_than_the_prepared_indentation() {
        let mut deep = json!(["bottom", {"k": []}]);
        for level in 0..80 {
            deep = if level % 2 == 0 {
                json!([deep, level])
            } else {
                json!({"level": level, "inner": deep})
            };
        }
        same(&deep);
    }
}
