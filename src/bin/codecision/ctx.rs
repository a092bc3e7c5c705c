//! What every command gets: the register (loaded on first use), the output
//! format, today's date, whether to colour, and a buffered stdout.
//!
//! Commands never print to stdout themselves: they write into the context
//! with [`Context::print`] / [`Context::json`], and `main` writes the buffer
//! out only when the command succeeded, so a failure never leaves a partial
//! answer on stdout.

use std::cell::{OnceCell, RefCell};
use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use codecision::Register;

/// The output format chosen with `--format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// One JSON document for programs.
    Json,
}

/// The state shared by every command.
pub struct Context {
    /// The output format (`--format`).
    pub format: Format,
    /// Today: `CODECISION_TODAY` when set, else the UTC date.
    pub today: NaiveDate,
    /// Whether stdout may carry ANSI colours (a terminal, `NO_COLOR` unset).
    pub color: bool,
    register_path: Option<PathBuf>,
    register: OnceCell<Register>,
    out: RefCell<String>,
}

impl Context {
    /// A context; the register at `register_path` (or the embedded one) is
    /// loaded on the first call to [`Context::register`].
    pub fn new(
        format: Format,
        today: NaiveDate,
        color: bool,
        register_path: Option<PathBuf>,
    ) -> Self {
        Context {
            format,
            today,
            color,
            register_path,
            register: OnceCell::new(),
            out: RefCell::new(String::new()),
        }
    }

    /// The register given with `--register`, or the embedded Security Union
    /// register; loaded once, on first use.
    ///
    /// # Errors
    ///
    /// The library's error (exit 1) when the file cannot be read or is not a
    /// valid register.
    pub fn register(&self) -> Result<&Register, CliError> {
        if let Some(r) = self.register.get() {
            return Ok(r);
        }
        let loaded = match &self.register_path {
            Some(path) => Register::load(path)?,
            None => Register::security_union(),
        };
        Ok(self.register.get_or_init(|| loaded))
    }

    /// The path given with `--register`, if any.
    pub fn register_path(&self) -> Option<&std::path::Path> {
        self.register_path.as_deref()
    }

    /// `--as-of` when given (parsed strictly), else today.
    ///
    /// # Errors
    ///
    /// A bad date (exit 1), naming the flag.
    pub fn as_of(&self, given: Option<&str>) -> Result<NaiveDate, CliError> {
        match given {
            Some(text) => date_arg("--as-of", text),
            None => Ok(self.today),
        }
    }

    /// Appends text to stdout (written only if the command succeeds).
    pub fn print(&self, text: impl fmt::Display) {
        use fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = write!(self.out.borrow_mut(), "{text}");
    }

    /// Appends a line to stdout (written only if the command succeeds).
    pub fn println(&self, text: impl fmt::Display) {
        self.print(format_args!("{text}\n"));
    }

    /// Appends `value` as one pretty-printed JSON document and a newline.
    ///
    /// # Errors
    ///
    /// Only if `value` cannot be serialised (exit 1).
    pub fn json(&self, value: &impl serde::Serialize) -> Result<(), CliError> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| CliError::input(format!("cannot write JSON: {e}")))?;
        self.println(text);
        Ok(())
    }

    /// Prints a warning on stderr at once (`codecision: warning: ...`).
    pub fn warn(&self, message: impl fmt::Display) {
        eprintln!("codecision: warning: {message}");
    }

    /// Takes the buffered stdout.
    pub(crate) fn take_output(&self) -> String {
        std::mem::take(&mut self.out.borrow_mut())
    }
}

/// Parses a command-line date strictly (`YYYY-MM-DD`); `flag` names the
/// option in the message, e.g. `--as-of: bad date `2018-1-1`: ...`.
///
/// # Errors
///
/// [`CliError::Input`] (exit 1): cli.md counts a bad date as bad input.
pub fn date_arg(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    codecision::parse_date(text).map_err(|e| CliError::input(format!("{flag}: {e}")))
}

/// Why a command failed, and so which exit status to use.
#[derive(Debug)]
pub enum CliError {
    /// The library refused the input (exit 1).
    Lib(codecision::Error),
    /// Bad input found by the command line itself (exit 1).
    Input(String),
    /// A usage error (exit 2).
    Usage(String),
}

impl CliError {
    /// Bad input (exit 1) with this message.
    pub fn input(message: impl Into<String>) -> Self {
        CliError::Input(message.into())
    }

    /// A usage error (exit 2) with this message.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    /// A command that is not built yet (exit 2).
    pub fn not_yet(command: &str) -> Self {
        CliError::Usage(format!("`{command}` is not available yet"))
    }

    /// The exit status: 2 for usage errors, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Lib(_) | CliError::Input(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Lib(e) => write!(f, "{e}"),
            CliError::Input(m) | CliError::Usage(m) => f.write_str(m),
        }
    }
}

impl From<codecision::Error> for CliError {
    fn from(e: codecision::Error) -> Self {
        CliError::Lib(e)
    }
}
