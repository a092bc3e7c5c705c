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

/// The magic number that starts a zstd frame (little-endian on disk).
const ZSTD_MAGIC: u32 = 0xFD2F_B528;
/// Skippable frames start with 0x184D2A50 to 0x184D2A5F.
const SKIPPABLE_MASK: u32 = 0xFFFF_FFF0;
const SKIPPABLE_MAGIC: u32 = 0x184D_2A50;

/// Opens `path` for reading, decompressing it if it is zstd.
pub(crate) fn open(path: &Path) -> Result<Input<BufReader<File>>, Error> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    decompressing(BufReader::with_capacity(1 << 16, file)).map_err(|e| Error::io(path, e))
}

/// The reader's content, decompressed if it starts like a zstd frame.
pub(crate) fn decompressing<R: BufRead>(mut reader: R) -> io::Result<Input<R>> {
    let head = reader.fill_buf()?;
    if head.len() >= 4 && u32::from_le_bytes([head[0], head[1], head[2], head[3]]) == ZSTD_MAGIC {
        Ok(Input::Zstd(Box::new(BufReader::with_capacity(
            1 << 16,
            Zstd::new(reader),
        ))))
    } else {
        Ok(Input::Plain(reader))
    }
}

/// An input, plain or decompressed on the fly.
pub(crate) enum Input<R: BufRead> {
    Plain(R),
    Zstd(Box<BufReader<Zstd<R>>>),
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Plain(r) => r.read(buf),
            Input::Zstd(r) => r.read(buf),
        }
    }
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
            let frame =
                StreamingDecoder::new_with_decoder(Cursor::new(magic).chain(source), decoder)
                    .map_err(|e| bad_data(&format!("zstd: {e}")))?;
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
                    let n = frame.read(buf)?;
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
        decompressing(Cursor::new(bytes))?.read_to_string(&mut out)?;
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
