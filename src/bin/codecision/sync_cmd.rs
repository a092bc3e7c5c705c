//! `codecision sync`: brings a curated register up to date from the European
//! Parliament's Open Data API v2, keeping everything the user wrote.

use std::path::{Path, PathBuf};
use std::time::Duration;

use codecision::import::Options;
use codecision::sync::{self, Api, ApiOptions, Feed, FileSync, Progress};
use codecision::{Changes, Register};
use serde::Serialize;

use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell, truncate};
use crate::{CliError, Context};

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
    /// The longest one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
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
}

/// What `sync` answers with `--format json`.
#[derive(Serialize)]
struct Answer<'a> {
    api: &'a str,
    /// The procedures asked for (process ids).
    asked: usize,
    /// The register's `synced` after this sync.
    synced: Option<chrono::NaiveDate>,
    dry_run: bool,
    /// Where the register was written; `null` when nothing was.
    written: Option<&'a Path>,
    files: Vec<&'a FileSync>,
    /// What moved, as `changes --since` answers it, for the files the sync
    /// added events to.
    changes: &'a Changes,
    failed: Vec<Failed>,
}

#[derive(Serialize)]
struct Failed {
    procedure: String,
    error: String,
}

/// Runs `codecision sync`.
///
/// # Errors
///
/// Usage error (exit 2) without `--register`. Exit 1: the register cannot
/// be read; an id that is neither a file nor a procedure reference; the API
/// cannot be reached; a procedure fails (without `--keep-going`); the
/// output cannot be written. Nothing is written in any of these cases.
pub fn run(args: &SyncArgs, ctx: &Context) -> Result<(), CliError> {
    let Some(path) = ctx.register_path() else {
        return Err(CliError::usage(
            "`sync` needs --register PATH: the register to bring up to date",
        ));
    };
    let target = args.output.as_deref().unwrap_or(path);
    if target.as_os_str() == "-" && !args.dry_run {
        return Err(CliError::usage(
            "`sync` writes the register back to its file: give --output FILE (or --dry-run) with --register -",
        ));
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(CliError::usage(
            "--timeout: give a number of seconds above 0",
        ));
    }
    let register = ctx.register()?;
    let wanted = wanted(register, &args.ids)?;
    let mut options = ApiOptions::default();
    options.timeout = Duration::from_secs_f64(args.timeout);
    options.retries = args.retries;
    options.backoff = Duration::from_millis(args.backoff_ms);
    options.batch = args.batch.max(1);
    options.import = Options::default().infer_entry_into_force(!args.no_infer);
    let mut api = Api::new(&args.api, options);
    let bar = indicatif::ProgressBar::new(0);
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
        _ => {}
    };
    let mut ids = wanted;
    if let (true, false, Some(since)) = (args.ids.is_empty(), args.full, register.synced()) {
        match api.updated_since(since, &mut progress)? {
            Feed::Updated(updated) => {
                let before = ids.len();
                ids.retain(|id| updated.contains(id));
                ctx.warn(format_args!(
                    "{} of {before} procedures changed since {since}, the last sync (the API's feed; --full fetches all)",
                    ids.len()
                ));
            }
            Feed::Unusable(why) => ctx.warn(format_args!(
                "the API's feed of updated procedures cannot be used ({why}): fetching every procedure"
            )),
            _ => {}
        }
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} procedures {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_length(ids.len() as u64);
    let fetched = api.fetch(&ids, &mut progress);
    bar.finish_and_clear();
    let fetched = fetched?;
    for d in &fetched.diagnostics {
        ctx.warn(d);
    }
    if !fetched.failures.is_empty() && !args.keep_going {
        let mut message = format!(
            "{} of {} procedures could not be fetched; nothing was written (--keep-going writes what succeeded):",
            fetched.failures.len(),
            ids.len()
        );
        for f in &fetched.failures {
            message.push_str(&format!("\n  {}", f.error));
        }
        return Err(CliError::input(message));
    }
    for f in &fetched.failures {
        ctx.warn(format_args!("skipped: {}", f.error));
    }
    let merged = sync::merge(register, &fetched.files)?;
    let changes = merged.changes(register.synced(), ctx.today)?;
    // A sync of every procedure that all succeeded is the new starting
    // point of the feed; a partial one is not.
    let complete = args.ids.is_empty() && fetched.failures.is_empty();
    let synced = if complete {
        Some(ctx.today)
    } else {
        register.synced()
    };
    // Nothing added and the same `synced`: the register is not rewritten,
    // whatever its layout.
    let unchanged = !merged.changed() && synced == register.synced();
    let written = if args.dry_run || (unchanged && args.output.is_none()) {
        None
    } else {
        write(&merged, synced, path, args.output.as_deref())?
    };
    let failed: Vec<Failed> = fetched
        .failures
        .iter()
        .map(|f| Failed {
            procedure: f.procedure.clone(),
            error: f.error.to_string(),
        })
        .collect();
    if ctx.is_json() {
        return ctx.json(&Answer {
            api: &args.api,
            asked: ids.len(),
            synced,
            dry_run: args.dry_run,
            written,
            files: merged.files.iter().collect(),
            changes: &changes,
            failed,
        });
    }
    print_table(ctx, &merged.files);
    if !changes.moved.is_empty() || !changes.stuck.is_empty() {
        // The files the sync touched, as `changes --since` shows them.
        ctx.println("");
        crate::changes_cmd::table(&changes, ctx);
        ctx.println("");
    }
    let added: usize = merged.files.iter().map(|f| f.added.len()).sum();
    let changed = merged.files.iter().filter(|f| !f.added.is_empty()).count();
    let outcome = match (args.dry_run, written) {
        (true, _) => "dry run: nothing written".to_string(),
        (false, Some(p)) => format!("written to {}", p.display()),
        (false, None) => "the register was already up to date: nothing written".to_string(),
    };
    ctx.println(format_args!(
        "{added} event{} added to {changed} of {} file{} fetched; {} failed; {outcome}",
        if added == 1 { "" } else { "s" },
        merged.files.len(),
        if merged.files.len() == 1 { "" } else { "s" },
        failed.len(),
    ));
    Ok(())
}

/// The process ids to fetch, in register order, each once.
fn wanted(register: &Register, ids: &[String]) -> Result<Vec<String>, CliError> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |id: String| {
        if !out.contains(&id) {
            out.push(id);
        }
    };
    if ids.is_empty() {
        for file in register.files() {
            if let Some(id) = file.procedure().and_then(sync::process_id) {
                push(id);
            }
        }
        return Ok(out);
    }
    for given in ids {
        let id = match register.file(given) {
            Some(file) => {
                let reference = file.procedure().ok_or_else(|| {
                    CliError::input(format!(
                        "file `{given}` has no `procedure` reference: nothing to fetch for it"
                    ))
                })?;
                sync::process_id(reference).ok_or_else(|| {
                    CliError::input(format!(
                        "file `{given}`: procedure `{reference}` is not a reference the EP API knows (YYYY/NNNN(TYPE))"
                    ))
                })?
            }
            None => sync::process_id(given).ok_or_else(|| {
                CliError::input(format!(
                    "`{given}` is neither a file of the register nor a procedure reference (2016/0132(COD) or 2016-0132)"
                ))
            })?,
        };
        push(id);
    }
    Ok(out)
}

/// Writes the merged register to `--output`, or back to `path` when its
/// text changed; in the layout of the register's own file (see
/// [`Merged::to_text`](codecision::sync::Merged::to_text)). Returns where
/// it was written.
fn write<'a>(
    merged: &sync::Merged,
    synced: Option<chrono::NaiveDate>,
    path: &'a Path,
    output: Option<&'a Path>,
) -> Result<Option<&'a Path>, CliError> {
    let original = if path.as_os_str() == "-" {
        None
    } else {
        std::fs::read_to_string(path).ok()
    };
    let text = match &original {
        Some(original) => merged.to_text(original, synced),
        None => merged.register.clone().with_synced(synced).to_json(),
    };
    if let Some(output) = output {
        codecision::write_file(output, text.as_bytes())?;
        return Ok(Some(output));
    }
    // Unchanged text is not written again: the file stays as it was.
    if original.as_deref() == Some(text.as_str()) {
        return Ok(None);
    }
    codecision::write_file(path, text.as_bytes())?;
    Ok(Some(path))
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
