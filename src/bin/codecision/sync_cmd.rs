//! `codecision sync`: brings a curated register up to date from the European
//! Parliament's Open Data API v2, keeping everything the user wrote.

use std::path::PathBuf;
use std::time::Duration;

use codecision::import::Options;
use codecision::sync::{self, Api, ApiOptions, FeedUse, FileSync, Outcome, Progress, Request};

use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell, truncate};
use crate::{CliError, Context, is_std_stream};

/// Arguments of `codecision sync`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision --register my-register.json sync\n  \
    codecision --register my-register.json sync etias 2016/0132(COD) --dry-run\n  \
    codecision --register my-register.json sync --output updated.json --keep-going\n\n\
Every file of the register with a `procedure` reference is fetched from the API \
(GET {api}/procedures/{YYYY-NNNN}), mapped as `import ep-api` maps it, and merged: \
new events are added; an event already there (same date, stage and source activity) is \
left alone; the register's own events, links, goals and notes are kept as they are. \
The register remembers the day it was synced (`synced`); the next sync without ids asks \
the API's feed which procedures changed since and fetches only those (--full fetches all). \
A failure writes nothing unless --keep-going. Without changes the file is not rewritten.")]
pub struct SyncArgs {
    /// Only these: file ids of the register, procedure references
    /// (`2016/0132(COD)`) or API process ids (`2016-0132`); a procedure no
    /// file has is added as a new file. Default: every file with a
    /// `procedure`.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The API's address.
    #[arg(long, value_name = "URL", default_value = Api::DEFAULT_URL)]
    pub api: String,
    /// Print what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the updated register to FILE instead of the register itself
    /// (atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write what succeeded and list what failed; without it any failure
    /// writes nothing.
    #[arg(long)]
    pub keep_going: bool,
    /// Fetch every procedure, not only those the API's feed says changed
    /// since the last sync.
    #[arg(long)]
    pub full: bool,
    /// The longest one request may take, in seconds (above 0, at most a
    /// day).
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_timeout)]
    pub timeout: Duration,
    /// The longest the whole sync may spend on the network, in seconds
    /// (the feed, every request, retry and wait; above 0, at most a day):
    /// past it nothing more is asked and the procedures not yet answered
    /// fail. Default: no limit.
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub deadline: Option<Duration>,
    /// How many times a request is tried again (after 429, 5xx, a timeout,
    /// a lost connection or an answer cut short).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: u32,
    /// The first wait before trying again, in milliseconds; each later one
    /// doubles (at most a minute); a longer `Retry-After` wins.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub backoff_ms: u64,
    /// Procedures asked for in one request.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub batch: usize,
    /// Do not infer entry into force (the twentieth day after publication in
    /// the Official Journal) for COD procedures.
    #[arg(long)]
    pub no_infer: bool,
    /// The most an answer compressed with zstd may decompress to (bytes, or
    /// with KiB, MiB, GiB); past it the procedure fails, naming the limit.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = crate::parse_size)]
    pub max_decompressed: u64,
    /// The longest text value (one JSON string) an answer may hold (bytes,
    /// or with KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = crate::parse_size)]
    pub max_text: u64,
}

/// `--timeout`: seconds, above 0 and at most a day.
fn parse_timeout(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0 && *s <= 86_400.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            format!("`{text}` is not a number of seconds above 0 and at most 86400 (a day)")
        })
}

/// Runs `codecision sync`: the library's [`sync::run`] with the parsed
/// arguments; this prints its progress, its warnings and its outcome.
///
/// # Errors
///
/// Usage error (exit 2) without `--register`, or with `--register -` and
/// neither `--output` nor `--dry-run`. Exit 1 for every error of
/// [`sync::run`]: nothing is written in any of these cases.
pub fn run(args: &SyncArgs, ctx: &Context) -> Result<(), CliError> {
    let Some(path) = ctx.register_path() else {
        return Err(CliError::usage(
            "`sync` needs --register PATH: the register to bring up to date",
        ));
    };
    if args.output.is_none() && is_std_stream(path) && !args.dry_run {
        return Err(CliError::usage(
            "`sync` writes the register back to its file: give --output FILE (or --dry-run) with --register -",
        ));
    }
    let to_stdout = args.output.as_deref().is_some_and(is_std_stream);
    if to_stdout && ctx.is_json() && !args.dry_run {
        return Err(CliError::usage(
            "`sync --output -` writes the register on stdout: --format json cannot go there too (give --output FILE)",
        ));
    }
    let request = Request::new(path, ctx.today)
        .ids(args.ids.iter().cloned())
        .full(args.full)
        .keep_going(args.keep_going)
        .dry_run(args.dry_run)
        .output(args.output.clone())
        .max_register_size(ctx.max_register_size);
    let mut options = ApiOptions::default();
    options.timeout = args.timeout;
    options.deadline = args.deadline;
    options.retries = args.retries;
    options.backoff = Duration::from_millis(args.backoff_ms);
    options.batch = args.batch.max(1);
    options.import = Options::default()
        .infer_entry_into_force(!args.no_infer)
        .max_decompressed(args.max_decompressed)
        .max_text(args.max_text);
    let mut api = Api::new(&args.api, options);
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} procedures {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut progress = |p: &Progress| match p {
        Progress::Fetched { done, total } => {
            bar.set_length(*total as u64);
            bar.set_position(*done as u64);
        }
        Progress::Retry { url, reason, wait } => bar.suspend(|| {
            ctx.warn(format_args!(
                "{url}: {reason}; trying again in {:.1} s",
                wait.as_secs_f64()
            ))
        }),
        Progress::Changed { path } => bar.suspend(|| {
            ctx.warn(format_args!(
                "{}: changed while the sync ran: merging again on its new text",
                path.display()
            ))
        }),
        Progress::Waiting { path } => bar.suspend(|| {
            ctx.warn(format_args!(
                "{}: another sync is writing it; waiting until it is done",
                path.display()
            ))
        }),
        _ => {}
    };
    let outcome = sync::run(&request, &mut api, &mut progress);
    bar.finish_and_clear();
    let outcome = outcome.map_err(|e| match e {
        // The register's problems, like every command's, name it.
        e @ codecision::Error::Invalid { .. } => {
            CliError::input(format!("{}: {e}", path.display()))
        }
        e => CliError::Lib(e),
    })?;
    warn(&outcome, ctx);
    if outcome.written.as_deref().is_some_and(is_std_stream) {
        // The register is stdout's only content; the summary goes to stderr.
        ctx.print_raw(outcome.text.as_deref().unwrap_or_default());
        ctx.note(summary(&outcome));
        return Ok(());
    }
    if ctx.is_json() {
        return ctx.json(&outcome);
    }
    print_table(ctx, &outcome.files);
    let changes = &outcome.changes;
    if !changes.moved.is_empty() || !changes.stuck.is_empty() {
        // The files the sync touched, as `changes --since` shows them.
        ctx.println("");
        crate::changes_cmd::table(changes, ctx);
        ctx.println("");
    }
    ctx.println(summary(&outcome));
    Ok(())
}

/// The sync in one line: what was added, what failed, what was written.
fn summary(outcome: &Outcome) -> String {
    let added = outcome.added();
    let changed = outcome.files.iter().filter(|f| !f.added.is_empty()).count();
    let fetched = outcome.files.len();
    let said = match (outcome.dry_run, &outcome.written) {
        (true, _) => "dry run: nothing written".to_string(),
        (false, Some(p)) if is_std_stream(p) => "written to stdout".to_string(),
        (false, Some(p)) => format!("written to {}", p.display()),
        (false, None) => "the register was already up to date: nothing written".to_string(),
    };
    format!(
        "{added} event{} added to {changed} of {fetched} file{} fetched; {} failed; {said}",
        if added == 1 { "" } else { "s" },
        if fetched == 1 { "" } else { "s" },
        outcome.failed.len(),
    )
}

/// The outcome's warnings, on stderr: how the feed was used, what the
/// importer noticed, what failed (with `--keep-going`) and what was
/// ignored. (An edit made while the sync ran is told as it is met, by
/// [`Progress::Changed`].)
fn warn(outcome: &Outcome, ctx: &Context) {
    match &outcome.feed {
        Some(FeedUse::Changed { since, changed, of }) => ctx.warn(format_args!(
            "{changed} of {of} procedures changed since {since}, the last sync (the API's feed; --full fetches all)"
        )),
        Some(FeedUse::Unusable { why, .. }) => ctx.warn(format_args!(
            "the API's feed of updated procedures cannot be used ({why}): fetching every procedure"
        )),
        _ => {}
    }
    for d in &outcome.diagnostics {
        ctx.warn(d);
    }
    for f in &outcome.failed {
        ctx.warn(format_args!("skipped: {}", f.error));
    }
    if !outcome.ignored.is_empty() {
        const SHOWN: usize = 10;
        let n = outcome.ignored.len();
        let mut list = outcome.ignored[..n.min(SHOWN)].join(", ");
        if n > SHOWN {
            list.push_str(&format!(" and {} more", n - SHOWN));
        }
        ctx.warn(format_args!(
            "the API sent {n} procedure{} not asked for; not merged: {list}",
            if n == 1 { "" } else { "s" }
        ));
    }
}

/// Each file the sync changed, and the events it added.
fn print_table(ctx: &Context, files: &[FileSync]) {
    for f in files.iter().filter(|f| f.new || !f.added.is_empty()) {
        let n = f.added.len();
        ctx.println(paint(
            &format!(
                "{} ({}): {}{n} event{} added",
                f.file,
                f.procedure,
                if f.new { "new file, " } else { "" },
                if n == 1 { "" } else { "s" }
            ),
            Style::Bold,
            ctx.color,
        ));
        let mut table = Table::new(["DATE", "STAGE", "SOURCE", "NOTE"]);
        for e in &f.added {
            table.row([
                date_cell(Some(e.date)),
                stage_cell(e.stage, e.committee()),
                Cell::styled(truncate(e.source().unwrap_or(""), 60), Style::Dim),
                Cell::plain(truncate(e.note().unwrap_or(""), 80)),
            ]);
        }
        ctx.print(table.render(ctx.color));
        ctx.println("");
    }
}
