//! The register a sync reads and writes back: read once, held with an
//! advisory lock while the sync runs, compared with what is on disk before
//! it is replaced.

use std::fs::File;

use fs4::TryLockError;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::register::{Register, read_bounded, too_large};

/// Where the register comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// A file (or a pipe or a device, read once, written back never).
    Path(PathBuf),
    /// Standard input, read once.
    Stdin,
}

/// How many times the register is opened again when it was replaced while
/// the sync waited for its lock.
const REOPEN: usize = 16;

/// A register as read by a sync: its bytes, and (when it is to be written
/// back) its open, locked file.
#[derive(Debug)]
pub(crate) struct Held {
    input: Input,
    origin: String,
    max: u64,
    bytes: Vec<u8>,
    /// The register's file, locked; `None` when it is not written back.
    lock: Option<File>,
}

impl Held {
    /// Reads the register once. With `writes_back`, it must be a regular
    /// file, and it is locked first; while another process holds the lock,
    /// `waiting` is told the register's path and the read waits.
    pub(crate) fn read(
        input: &Input,
        max: u64,
        writes_back: bool,
        waiting: &mut dyn FnMut(&Path),
    ) -> Result<Held, Error> {
        let path = match input {
            Input::Stdin => {
                if writes_back {
                    return Err(Error::Sync {
                        message: "a register read from standard input cannot be written back: give an output file (`--output FILE`) or a dry run".into(),
                    });
                }
                let bytes = read_bounded(std::io::stdin().lock(), "<stdin>", max)?;
                return Ok(Held {
                    input: input.clone(),
                    origin: "<stdin>".into(),
                    max,
                    bytes,
                    lock: None,
                });
            }
            Input::Path(path) => path,
        };
        let origin = path.display().to_string();
        for _ in 0..REOPEN {
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            let meta = file.metadata().map_err(|e| Error::io(path, e))?;
            if !meta.is_file() {
                if writes_back {
                    return Err(Error::Sync {
                        message: format!(
                            "{origin}: not a regular file (a pipe or a device, read once): a sync cannot write the register back to it; give an output file (`--output FILE`) or a dry run"
                        ),
                    });
                }
                let bytes = read_bounded(file, &origin, max)?;
                return Ok(Held {
                    input: input.clone(),
                    origin,
                    max,
                    bytes,
                    lock: None,
                });
            }
            if writes_back {
                // fs4's, not std's (Rust 1.89, above this crate's
                // rust-version): the same flock / LockFileEx.
                match fs4::FileExt::try_lock(&file) {
                    Ok(()) => {}
                    Err(TryLockError::WouldBlock) => {
                        waiting(path);
                        fs4::FileExt::lock(&file).map_err(|e| Error::io(path, e))?;
                    }
                    Err(TryLockError::Error(e)) => return Err(Error::io(path, e)),
                }
                // Replaced while the sync waited (the other sync wrote it):
                // what counts is the new file.
                if !same_inode(&file, path) {
                    continue;
                }
            }
            let bytes = read_regular(&file, path, max)?;
            return Ok(Held {
                input: input.clone(),
                origin,
                max,
                bytes,
                lock: writes_back.then_some(file),
            });
        }
        Err(Error::Sync {
            message: format!(
                "{origin}: replaced {REOPEN} times while the sync waited for it; nothing was written"
            ),
        })
    }

    /// The register read from the bytes.
    pub(crate) fn register(&self) -> Result<Register, Error> {
        Register::parse_slice(&self.bytes, Some(&self.origin))
    }

    /// The bytes read.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The text read, when it is UTF-8 (a register always is).
    pub(crate) fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// The register's path (`-` for standard input).
    pub(crate) fn path(&self) -> &Path {
        match &self.input {
            Input::Path(path) => path,
            Input::Stdin => Path::new("-"),
        }
    }

    /// Replaces the register with `text` if its bytes on disk are still the
    /// ones read; `false` (nothing written) if they are not.
    pub(crate) fn replace_if_unchanged(&self, text: &[u8]) -> Result<bool, Error> {
        let path = self.path();
        // A longer file is not the same file: one byte more is read.
        let max = self.bytes.len() as u64 + 1;
        let mut now = Vec::with_capacity(self.bytes.len() + 1);
        match self.lock.as_ref().filter(|_| cfg!(windows)) {
            // Windows' lock keeps other handles from reading: read through
            // the locked one (there an open file is not replaced).
            Some(mut file) => {
                use std::io::Seek as _;
                file.rewind()
                    .and_then(|_| file.take(max).read_to_end(&mut now))
                    .map_err(|e| Error::io(path, e))?;
            }
            // Elsewhere the name may now be another file (an editor that
            // saves by renaming): what counts is what the name holds.
            None => {
                let file = File::open(path).map_err(|e| Error::io(path, e))?;
                let meta = file.metadata().map_err(|e| Error::io(path, e))?;
                if !meta.is_file() {
                    return Ok(false);
                }
                file.take(max)
                    .read_to_end(&mut now)
                    .map_err(|e| Error::io(path, e))?;
            }
        }
        let same = now == self.bytes;
        if same {
            crate::write_file(path, text)?;
        }
        Ok(same)
    }

    /// The register read again, locked anew (after it changed on disk).
    pub(crate) fn read_again(self, waiting: &mut dyn FnMut(&Path)) -> Result<Held, Error> {
        let Held {
            input, max, lock, ..
        } = self;
        let writes_back = lock.is_some();
        // The old lock goes first: a sync waiting on it may hold the new
        // file's.
        drop(lock);
        Held::read(&input, max, writes_back, waiting)
    }
}

/// A regular file's bytes, at most `max`.
fn read_regular(file: &File, path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    let origin = path.display().to_string();
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len > max {
        return Err(too_large(&origin, max));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0) + 1);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(&origin, max));
    }
    Ok(bytes)
}

/// Whether the open `file` is still the one `path` names.
fn same_inode(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // Elsewhere an open file cannot be replaced.
        let _ = (file, path);
        true
    }
}
