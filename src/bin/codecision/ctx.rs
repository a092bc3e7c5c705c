//! What every command gets: the register (loaded on first use), the output
//! format, today's date, whether to colour, and a buffered stdout.
//!
//! Commands never print to stdout themselves: they write into the context
//! with [`Context::print`], and `main` writes the buffer out only when the
//! command succeeded, so a failure never leaves a partial answer on stdout.
//! A JSON document ([`Context::json`]) is a command's last word, written
//! once the answer is complete.

use std::cell::{OnceCell, RefCell};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use codecision::{FileOrGoal, LegislativeFile, Register};

/// What `--format` may name on the command line (which command writes
/// which: `formats::WRITES`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// Aligned columns for people (the default).
    Table,
    /// One JSON document for programs.
    Json,
    /// Comma-separated values with one header row, for spreadsheets.
    Csv,
    /// Headings and bullet lists a report writer pastes.
    Markdown,
    /// Graphviz DOT.
    Dot,
    /// Mermaid.
    Mermaid,
    /// SVG.
    Svg,
}

/// The data format a command writes: `--format table|json|csv|markdown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// One JSON document for programs.
    Json,
    /// Comma-separated values (RFC 4180) with one header row.
    Csv,
    /// Markdown: headings and bullet lists.
    Markdown,
}

/// A diagram format: `--format dot|mermaid|svg`, for the commands that
/// draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Diagram {
    /// Graphviz DOT.
    Dot,
    /// Mermaid.
    Mermaid,
    /// SVG.
    Svg,
}

/// The state shared by every command.
pub struct Context {
    /// The output format (`--format table|json`; `Table` when a diagram
    /// format was asked for).
    pub format: Format,
    /// `--format dot|mermaid|svg`, for the commands that draw (the others
    /// do not take them: `formats::WRITES`).
    pub diagram: Option<Diagram>,
    /// Today: `CODECISION_TODAY` when set, else the UTC date.
    pub today: NaiveDate,
    /// Whether stdout may carry ANSI colours (a terminal, `NO_COLOR` unset).
    pub color: bool,
    /// The largest register read, in bytes (`--max-register-size`).
    pub max_register_size: u64,
    register_path: Option<PathBuf>,
    register: OnceCell<Register>,
    out: RefCell<Vec<u8>>,
}

impl Context {
    /// A context; the register at `register_path` (or the embedded one) is
    /// loaded on the first call to [`Context::register`].
    pub fn new(
        format: Option<FormatArg>,
        today: NaiveDate,
        color: bool,
        register_path: Option<PathBuf>,
    ) -> Self {
        let (format, diagram) = match format {
            None | Some(FormatArg::Table) => (Format::Table, None),
            Some(FormatArg::Json) => (Format::Json, None),
            Some(FormatArg::Csv) => (Format::Csv, None),
            Some(FormatArg::Markdown) => (Format::Markdown, None),
            Some(FormatArg::Dot) => (Format::Table, Some(Diagram::Dot)),
            Some(FormatArg::Mermaid) => (Format::Table, Some(Diagram::Mermaid)),
            Some(FormatArg::Svg) => (Format::Table, Some(Diagram::Svg)),
        };
        Context {
            format,
            diagram,
            today,
            color,
            max_register_size: codecision::ReadOptions::DEFAULT_LIMIT,
            register_path,
            register: OnceCell::new(),
            out: RefCell::new(Vec::new()),
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
            Some(path) => load(path, self.max_register_size)?,
            None => Register::security_union(),
        };
        Ok(self.register.get_or_init(|| loaded))
    }

    /// The path given with `--register`, if any.
    pub fn register_path(&self) -> Option<&Path> {
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

    /// Appends text to stdout (written only if the command succeeds). In
    /// a table or text answer, control characters are escaped
    /// ([`for_terminal`]); a diagram is written as it is.
    pub fn print(&self, text: impl fmt::Display) {
        if self.diagram.is_some() {
            return self.print_raw(text);
        }
        self.print_raw(for_terminal(&text.to_string(), self.color));
    }

    /// Appends text to stdout as it is: a document with escapes of its own
    /// (JSON, HTML) or a script.
    pub fn print_raw(&self, text: impl fmt::Display) {
        use std::io::Write as _;
        // Writing into memory cannot fail.
        let _ = write!(self.out.borrow_mut(), "{text}");
    }

    /// As [`print_raw`](Context::print_raw), for a document already in
    /// a `String`: kept as it is when nothing was printed before it (a
    /// page of tens of megabytes is not copied again).
    pub fn print_string(&self, text: String) {
        let mut out = self.out.borrow_mut();
        if out.is_empty() {
            *out = text.into_bytes();
        } else {
            out.extend_from_slice(text.as_bytes());
        }
    }

    /// Appends a line to stdout (written only if the command succeeds).
    pub fn println(&self, text: impl fmt::Display) {
        self.print(format_args!("{text}\n"));
    }

    /// Writes `value` as one pretty-printed JSON document and a newline,
    /// after anything printed before it: a command's last word.
    ///
    /// Every command calls this once its answer is complete, and returns
    /// right after; serialising a finished answer cannot fail on bad input.
    /// So the document goes straight to stdout, through a small buffer: a
    /// large answer (tens of megabytes for `blockers` on a large register)
    /// is never held in memory whole.
    ///
    /// # Errors
    ///
    /// Only if stdout cannot be written (exit 1; quietly when the reader has
    /// gone away).
    pub fn json(&self, value: &impl serde::Serialize) -> Result<(), CliError> {
        self.write_json(|w| crate::pretty::to_writer(w, value))
    }

    /// [`json`](Context::json) for an object made of the fields of `head`,
    /// then `key` with a large array of `items`, then the fields of `tail`:
    /// the same text, the items rendered on two threads
    /// (`pretty::object_with_array`).
    ///
    /// # Errors
    ///
    /// As [`json`](Context::json).
    pub fn json_object_with_array<T: crate::pretty::Item>(
        &self,
        head: &impl serde::Serialize,
        key: &str,
        items: &[T],
        tail: &impl serde::Serialize,
    ) -> Result<(), CliError> {
        self.write_json(|w| crate::pretty::object_with_array(w, head, key, items, tail))
    }

    /// Writes what was printed so far, then the document `write` writes,
    /// then a newline.
    fn write_json(
        &self,
        write: impl FnOnce(&mut Stdout) -> serde_json::Result<()>,
    ) -> Result<(), CliError> {
        use std::io::Write as _;
        self.write_document(|w| {
            write(w)?;
            w.write_all(b"\n")
        })
    }

    /// Writes what was printed so far, then the document `write` writes
    /// (worked out before: nothing it writes can fail but stdout), through
    /// a small buffer: a command's last word.
    ///
    /// # Errors
    ///
    /// As [`json`](Context::json).
    pub fn write_document(
        &self,
        write: impl FnOnce(&mut Stdout) -> std::io::Result<()>,
    ) -> Result<(), CliError> {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let before = std::mem::take(&mut *self.out.borrow_mut());
        w.write_all(&before)
            .and_then(|()| write(&mut w))
            .and_then(|()| w.flush())
            .map_err(CliError::Stdout)
    }

    /// Prints a note on stderr at once (`codecision: ...`): what a command
    /// says when its answer is on stdout already (a register written
    /// there).
    pub fn note(&self, message: impl fmt::Display) {
        to_stderr(message);
    }

    /// Prints a warning on stderr at once (`codecision: warning: ...`).
    pub fn warn(&self, message: impl fmt::Display) {
        to_stderr(format_args!("warning: {message}"));
    }

    /// Writes one CSV table (RFC 4180 quoting, by the `csv` crate): the
    /// header row, then every row; a command's last word.
    ///
    /// # Errors
    ///
    /// None in practice (the table is written into memory); a failure of
    /// the writer is reported as a failure to write stdout.
    pub fn csv<const N: usize>(
        &self,
        header: [&str; N],
        rows: impl IntoIterator<Item = [String; N]>,
    ) -> Result<(), CliError> {
        let mut out = self.out.borrow_mut();
        let mut writer = csv::Writer::from_writer(&mut *out);
        writer.write_record(header).map_err(csv_error)?;
        for row in rows {
            writer.write_record(&row).map_err(csv_error)?;
        }
        writer.flush().map_err(CliError::Stdout)
    }

    /// Whether the answer is CSV (`--format csv`).
    pub fn is_csv(&self) -> bool {
        self.format == Format::Csv
    }

    /// Whether the answer is Markdown (`--format markdown`).
    pub fn is_markdown(&self) -> bool {
        self.format == Format::Markdown
    }

    /// Whether the answer is JSON (`--format json`).
    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Takes the buffered stdout.
    pub(crate) fn take_output(&self) -> Vec<u8> {
        std::mem::take(&mut self.out.borrow_mut())
    }
}

/// Writes `codecision: message` on stderr at once, its control characters
/// escaped ([`for_terminal`]); a closed stderr is no reason to fail (or to
/// panic, as `eprintln!` would).
pub fn to_stderr(message: impl fmt::Display) {
    use std::io::Write as _;
    let message = message.to_string();
    let _ = writeln!(
        std::io::stderr(),
        "codecision: {}",
        for_terminal(&message, false)
    );
}

/// Loads the register at `path` (`-`: standard input), of at most `max`
/// bytes; the path prefixes every message, structural problems included.
///
/// # Errors
///
/// Exit 1: unreadable file, larger than `max`, not JSON (a NUL byte, a byte
/// order mark...), invalid JSON (line and column), structural problems
/// (every one listed).
pub fn load(path: &Path, max: u64) -> Result<Register, CliError> {
    let loaded = if is_std_stream(path) {
        codecision::ReadOptions::new()
            .limit(max)
            .origin("<stdin>")
            .from_reader(std::io::stdin().lock())
    } else {
        codecision::ReadOptions::new().limit(max).load(path)
    };
    let shown = shown_path(path);
    loaded.map_err(|e| match e {
        // Syntax and I/O errors already name the path.
        e @ codecision::Error::Invalid { .. } => CliError::input(format!("{shown}: {e}")),
        e => CliError::Lib(e),
    })
}

/// The file named `id` on the command line.
///
/// # Errors
///
/// Exit 1: an unknown id (with the closest existing one), or the id of a
/// goal (with a pointer to `blockers`).
pub fn file_arg<'a>(register: &'a Register, id: &str) -> Result<&'a LegislativeFile, CliError> {
    match register.file_or_goal(id)? {
        FileOrGoal::File(file) => Ok(file),
        FileOrGoal::Goal(_) => Err(CliError::input(format!(
            "`{id}` is a goal, not a file (see `codecision blockers {id}`)"
        ))),
    }
}

/// `text` as it may reach a terminal: every control character escaped with
/// [`codecision::export::escape_controls`] (ESC, BEL, U+202E and the other
/// bidirectional controls...), except line breaks and tabs, and, with
/// `keep_colours`, the colour codes this program writes (`ESC [ digits m`).
/// Every message on stderr and every table or text on stdout goes through
/// it; JSON, HTML, diagrams and scripts do not (they have escapes of their
/// own, or are not for a terminal).
pub fn for_terminal(text: &str, keep_colours: bool) -> std::borrow::Cow<'_, str> {
    let special = |c: char| {
        c != '\n'
            && c != '\t'
            && codecision::export::escape_controls(c.encode_utf8(&mut [0; 4])).len() > c.len_utf8()
    };
    if !text.chars().any(special) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' && keep_colours {
            if let Some(len) = colour_code(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        let here = &rest[..c.len_utf8()];
        if special(c) {
            out.push_str(&codecision::export::escape_controls(here));
        } else {
            out.push_str(here);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// The length of the colour code (`ESC [ digits m`, SGR) `text` starts
/// with, if it starts with one.
fn colour_code(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let digits = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(digits) == Some(&b'm')).then_some(2 + digits + 1)
}

/// A path as messages name it: `<stdin>` for `-`.
pub fn shown_path(path: &Path) -> String {
    if is_std_stream(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Whether a path given on the command line is `-`: standard input for an
/// input (`--register -`, `validate -`, `import ... -`), standard output
/// for an output (`--output -`).
pub fn is_std_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Refuses standard input (`-`) named more than once among `inputs`: it
/// can be read only once.
///
/// # Errors
///
/// A usage error (exit 2) saying how often it was given.
pub fn stdin_at_most_once<'a>(inputs: impl IntoIterator<Item = &'a Path>) -> Result<(), CliError> {
    let stdin = inputs.into_iter().filter(|p| is_std_stream(p)).count();
    if stdin > 1 {
        return Err(CliError::usage(format!(
            "standard input (`-`) is given {stdin} times: it can be read only once \
             (save the documents to files, or give `-` once)"
        )));
    }
    Ok(())
}

/// The file `--output` names, or `None` for standard output (no
/// `--output`, or `--output -`).
pub fn output_file(output: Option<&Path>) -> Option<&Path> {
    output.filter(|path| !is_std_stream(path))
}

/// Refuses an output that is one of the inputs: the same file, however it
/// is named (`./x/../r.json`, a symbolic or hard link), compared by device
/// and inode (by the `same-file` crate). Each input comes with how it was
/// given (`--register`, `input`). Standard input or output (`-`) and an
/// output that does not exist yet are never the same.
///
/// # Errors
///
/// Exit 1, naming both, before anything is read or written.
pub fn refuse_overwriting_an_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = (&'a Path, &'a str)>,
) -> Result<(), CliError> {
    if is_std_stream(output) {
        return Ok(());
    }
    for (input, given) in inputs {
        if !is_std_stream(input) && same_file::is_same_file(input, output).unwrap_or(false) {
            return Err(CliError::input(format!(
                "--output {} is the same file as the {given} {}: writing it would destroy the input (nothing was written; choose another output)",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Parses a command-line date strictly (`YYYY-MM-DD`); `flag` names the
/// option in the message, e.g. `--as-of: bad date `2018-1-1`: ...`.
///
/// # Errors
///
/// [`CliError::Input`] (exit 1): a bad date is bad input, as the README's
/// exit statuses say.
pub fn date_arg(flag: &str, text: &str) -> Result<NaiveDate, CliError> {
    codecision::parse_date(text).map_err(|e| CliError::input(format!("{flag}: {e}")))
}

fn csv_error(e: csv::Error) -> CliError {
    CliError::Stdout(std::io::Error::other(e))
}

/// A CSV field for an optional value: empty when absent.
pub fn field<T: fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

/// An optional command-line date (`--by`, `--since`), parsed strictly
/// when given.
///
/// # Errors
///
/// As [`date_arg`].
pub fn optional_date_arg(flag: &str, text: Option<&str>) -> Result<Option<NaiveDate>, CliError> {
    text.map(|t| date_arg(flag, t)).transpose()
}

/// Stdout, buffered.
type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// Why a command failed, and so which exit status to use.
#[derive(Debug)]
pub enum CliError {
    /// The library refused the input (exit 1).
    Lib(codecision::Error),
    /// Bad input found by the command line itself (exit 1).
    Input(String),
    /// A usage error (exit 2).
    Usage(String),
    /// Stdout could not be written (exit 1).
    Stdout(std::io::Error),
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

    /// A format the command does not write (exit 2); `formats::WRITES`
    /// keeps such a format from reaching the command.
    pub fn not_written(command: &str, format: &str) -> Self {
        CliError::Usage(format!(
            "`{command}` does not write {format} (`codecision {command} --help` lists what it writes)"
        ))
    }

    /// A command that is not built yet (exit 2).
    pub fn not_yet(command: &str) -> Self {
        CliError::Usage(format!("`{command}` is not available yet"))
    }

    /// The exit status: 2 for usage errors, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Lib(_) | CliError::Input(_) | CliError::Stdout(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // With no close id to suggest, say where the ids are.
            CliError::Lib(
                e @ codecision::Error::UnknownId {
                    suggestion: None, ..
                },
            ) => write!(f, "{e} (`codecision order` lists every file and goal id)"),
            CliError::Lib(e) => write!(f, "{e}"),
            CliError::Input(m) | CliError::Usage(m) => f.write_str(m),
            CliError::Stdout(e) => write!(f, "cannot write to stdout: {e}"),
        }
    }
}

impl From<codecision::Error> for CliError {
    fn from(e: codecision::Error) -> Self {
        CliError::Lib(e)
    }
}
