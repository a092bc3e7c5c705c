//! Opening an input: a file, plain or zstd-compressed (recognised by its
//! first bytes, whatever its name), read as a stream.
//!
//! zstd is decoded by `ruzstd`, a pure-Rust decoder: no C toolchain at build
//! time, and decompression is not the bottleneck (parsing the JSON is).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};
use std::path::Path;

use ruzstd::decoding::{FrameDecoder, StreamingDecoder};

use crate::error::Error;
use crate::import::Options;

/// The magic number that starts a zstd frame (little-endian on disk).
const ZSTD_MAGIC: u32 = 0xFD2F_B528;
/// Skippable frames start with 0x184D2A50 to 0x184D2A5F.
const SKIPPABLE_MASK: u32 = 0xFFFF_FFF0;
const SKIPPABLE_MAGIC: u32 = 0x184D_2A50;

/// Opens `path` for reading, decompressing it if it is zstd.
pub(crate) fn open(path: &Path, options: &Options) -> Result<Input<BufReader<File>>, Error> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    decompressing(BufReader::with_capacity(1 << 16, file), options).map_err(|e| Error::io(path, e))
}

/// The reader's content, decompressed if it starts like a zstd frame, read
/// within the limits of `options`.
pub(crate) fn decompressing<R: BufRead>(mut reader: R, options: &Options) -> io::Result<Input<R>> {
    let head = reader.fill_buf()?;
    let inner = if head.len() >= 4
        && u32::from_le_bytes([head[0], head[1], head[2], head[3]]) == ZSTD_MAGIC
    {
        Inner::Zstd(Box::new(BufReader::with_capacity(
            1 << 16,
            Zstd::new(reader),
        )))
    } else {
        Inner::Plain(reader)
    };
    let guard = Guard::new(options, matches!(inner, Inner::Zstd(_)));
    Ok(Input { inner, guard })
}

/// An input, plain or decompressed on the fly, checked against the limits
/// as it is read.
pub(crate) struct Input<R: BufRead> {
    inner: Inner<R>,
    guard: Guard,
}

enum Inner<R: BufRead> {
    Plain(R),
    Zstd(Box<BufReader<Zstd<R>>>),
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match &mut self.inner {
            Inner::Plain(r) => r.read(buf)?,
            Inner::Zstd(r) => r.read(buf)?,
        };
        self.guard.check(&buf[..n])?;
        Ok(n)
    }
}

/// What an import reads at most, checked as the bytes come (so a
/// decompression bomb is stopped after the limit, not after memory is
/// gone): the whole decompressed content, and each JSON string in it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Guard {
    /// Bytes of decompressed content at most (`None`: a plain input, whose
    /// size is the file's).
    max_total: Option<u64>,
    /// Bytes in one JSON string at most.
    max_text: u64,
    total: u64,
    run: u64,
    in_string: bool,
    escaped: bool,
}

impl Guard {
    fn new(options: &Options, compressed: bool) -> Self {
        Guard {
            max_total: compressed.then_some(options.max_decompressed),
            max_text: options.max_text,
            total: 0,
            run: 0,
            in_string: false,
            escaped: false,
        }
    }

    /// Checks the next bytes of the content.
    fn check(&mut self, bytes: &[u8]) -> io::Result<()> {
        let start = self.total;
        self.total += bytes.len() as u64;
        if let Some(max) = self.max_total {
            if self.total > max {
                return Err(bad_data(&format!(
                    "decompressed, the input is larger than the limit of {} (a decompression bomb?); \
                     if it is genuine, raise the limit (`Options::max_decompressed`, \
                     `--max-decompressed` on the command line)",
                    size(max)
                )));
            }
        }
        for (i, &b) in bytes.iter().enumerate() {
            if !self.in_string {
                if b == b'"' {
                    self.in_string = true;
                    self.run = 0;
                }
                continue;
            }
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                continue;
            }
            self.run += 1;
            if self.run > self.max_text {
                return Err(bad_data(&format!(
                    "a text value longer than the limit of {} (at byte {} of the {}content); \
                     if it is genuine, raise the limit (`Options::max_text`, `--max-text` on \
                     the command line)",
                    size(self.max_text),
                    start + i as u64,
                    if self.max_total.is_some() {
                        "decompressed "
                    } else {
                        ""
                    }
                )));
            }
        }
        Ok(())
    }
}

/// A size in bytes as a person reads it: `16 MiB (16777216 bytes)`.
fn size(bytes: u64) -> String {
    const UNITS: [(&str, u32); 3] = [("GiB", 30), ("MiB", 20), ("KiB", 10)];
    for (unit, shift) in UNITS {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{} {unit} ({bytes} bytes)", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

type Source<R> = Chain<Cursor<[u8; 4]>, R>;

/// A zstd stream of one or more frames (skippable frames skipped), as
/// `ruzstd`'s decoder reads one frame only.
pub(crate) struct Zstd<R: BufRead> {
    state: State<R>,
}

enum State<R: BufRead> {
    /// Between frames, with a decoder to reuse.
    Between(R, Box<FrameDecoder>),
    /// Inside a frame.
    Frame(StreamingDecoder<Source<R>, Box<FrameDecoder>>),
    Done,
}

impl<R: BufRead> Zstd<R> {
    fn new(reader: R) -> Self {
        Zstd {
            state: State::Between(reader, Box::new(FrameDecoder::new())),
        }
    }

    /// Finds the next frame: `Ok(false)` at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        let State::Between(mut source, decoder) = std::mem::replace(&mut self.state, State::Done)
        else {
            return Ok(false);
        };
        loop {
            if source.fill_buf()?.is_empty() {
                return Ok(false);
            }
            let mut magic = [0u8; 4];
            source.read_exact(&mut magic)?;
            let number = u32::from_le_bytes(magic);
            if number & SKIPPABLE_MASK == SKIPPABLE_MAGIC {
                let mut length = [0u8; 4];
                source.read_exact(&mut length)?;
                let length = u64::from(u32::from_le_bytes(length));
                let skipped = io::copy(&mut (&mut source).take(length), &mut io::sink())?;
                if skipped != length {
                    return Err(bad_data("zstd: truncated skippable frame"));
                }
                continue;
            }
            if number != ZSTD_MAGIC {
                return Err(bad_data("zstd: data after the last frame is not a frame"));
            }
            // ruzstd's own messages print some of its errors as Rust debug
            // structures: say it in words instead.
            let frame =
                StreamingDecoder::new_with_decoder(Cursor::new(magic).chain(source), decoder)
                    .map_err(|e| corrupt(&format!("{e:?}"), "a frame header that is not valid"))?;
            self.state = State::Frame(frame);
            return Ok(true);
        }
    }
}

impl<R: BufRead> Read for Zstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            match &mut self.state {
                State::Done => return Ok(0),
                State::Between(..) => {
                    if !self.next_frame()? {
                        return Ok(0);
                    }
                }
                State::Frame(frame) => {
                    let n = frame.read(buf).map_err(|e| {
                        corrupt(&format!("{e:?}"), "a block that cannot be decoded")
                    })?;
                    if n > 0 {
                        return Ok(n);
                    }
                    let State::Frame(frame) = std::mem::replace(&mut self.state, State::Done)
                    else {
                        return Ok(0);
                    };
                    let (source, decoder) = frame.into_parts();
                    let (_, source) = source.into_inner();
                    self.state = State::Between(source, decoder);
                }
            }
        }
    }
}

/// A zstd stream that cannot be decoded, in plain words: cut short (the
/// decoder met the end of its input, which its debug text names
/// `UnexpectedEof`), or `what` is wrong.
fn corrupt(debug: &str, what: &str) -> io::Error {
    if debug.contains("UnexpectedEof") {
        bad_data("zstd: the compressed data is cut short (an incomplete download?)")
    } else {
        bad_data(&format!("zstd: the compressed data is corrupt ({what})"))
    }
}

fn bad_data(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `printf '[1,\n2]' | zstd -c`, made with zstd 1.5.4.
    const FRAME: &[u8] = &[
        0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x31, 0x00, 0x00, 0x5b, 0x31, 0x2c, 0x0a, 0x32, 0x5d,
        0xfa, 0x25, 0x71, 0xdd,
    ];

    fn read_all(bytes: Vec<u8>) -> io::Result<String> {
        let mut out = String::new();
        decompressing(Cursor::new(bytes), &Options::default())?.read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn plain_text_passes_through() {
        assert_eq!(read_all(b"[1,2]".to_vec()).unwrap(), "[1,2]");
        assert_eq!(read_all(Vec::new()).unwrap(), "");
    }

    #[test]
    fn frames_are_decoded_one_after_the_other_and_skippable_ones_skipped() {
        assert_eq!(read_all(FRAME.to_vec()).unwrap(), "[1,\n2]");
        let mut two = FRAME.to_vec();
        two.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
        two.extend_from_slice(FRAME);
        assert_eq!(read_all(two).unwrap(), "[1,\n2][1,\n2]");
    }

    #[test]
    fn garbage_after_a_frame_is_an_error() {
        let mut bad = FRAME.to_vec();
        bad.extend_from_slice(b"junk");
        assert_eq!(
            read_all(bad).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }
}
