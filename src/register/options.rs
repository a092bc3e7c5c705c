//! How a register is read: the limit on its size and its name in messages,
//! the same for every source (text, bytes, a reader, a path).

use std::io::Read;
use std::path::Path;

use crate::error::Error;
use crate::register::{Register, read};

/// Options for reading a register: the largest input accepted and the name
/// messages give it. [`Register::from_json`], [`from_slice`](Register::from_slice),
/// [`from_reader`](Register::from_reader) and [`load`](Register::load) read
/// with the defaults; these read the same sources with others.
///
/// ```
/// use codecision::ReadOptions;
/// let text = r#"{"version": 1, "files": []}"#;
/// let err = ReadOptions::new().limit(10).origin("tiny.json").from_json(text).unwrap_err();
/// assert!(err.to_string().starts_with("tiny.json: larger than the limit of 10 bytes"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    limit: u64,
    origin: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions::new()
    }
}

impl ReadOptions {
    /// The largest register read unless a caller allows more: 1 GiB.
    pub const DEFAULT_LIMIT: u64 = 1 << 30;

    /// The defaults: at most [`DEFAULT_LIMIT`](ReadOptions::DEFAULT_LIMIT)
    /// bytes; messages name a path by itself, and other input not at all
    /// (`<input>` for a reader).
    pub fn new() -> ReadOptions {
        ReadOptions {
            limit: Self::DEFAULT_LIMIT,
            origin: None,
        }
    }

    /// Refuse input larger than `max_bytes` ([`Error::TooLarge`]); a regular
    /// file is refused before it is read, a stream as soon as it passes it.
    #[must_use]
    pub fn limit(mut self, max_bytes: u64) -> ReadOptions {
        self.limit = max_bytes;
        self
    }

    /// The name messages give the input (for instance `<stdin>`, or the
    /// path it came from).
    #[must_use]
    pub fn origin(mut self, name: impl Into<String>) -> ReadOptions {
        self.origin = Some(name.into());
        self
    }

    /// The limit in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.limit
    }

    /// Reads a register from JSON text.
    ///
    /// # Errors
    ///
    /// As [`Register::from_json`].
    pub fn from_json(&self, text: &str) -> Result<Register, Error> {
        self.from_slice(text.as_bytes())
    }

    /// Reads a register from JSON bytes.
    ///
    /// # Errors
    ///
    /// As [`Register::from_json`].
    pub fn from_slice(&self, bytes: &[u8]) -> Result<Register, Error> {
        if bytes.len() as u64 > self.limit {
            let origin = self.origin.as_deref().unwrap_or("<input>");
            return Err(read::too_large(origin, self.limit));
        }
        Register::parse_slice(bytes, self.origin.as_deref())
    }

    /// Reads a register from a reader.
    ///
    /// # Errors
    ///
    /// As [`Register::from_reader`].
    pub fn from_reader(&self, reader: impl Read) -> Result<Register, Error> {
        let origin = self.origin.as_deref().unwrap_or("<input>");
        Register::read_limited(reader, origin, self.limit)
    }

    /// Reads a register from the file at `path`.
    ///
    /// # Errors
    ///
    /// As [`Register::load`].
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Register, Error> {
        Register::load_limited(path.as_ref(), self.origin.as_deref(), self.limit)
    }
}
