//! The `codecision` command line: a thin layer over the library.
//!
//! Each command lives in its own `*_cmd.rs` module with its `clap::Args`
//! struct and a `run` function that takes the [`Context`]; commands write
//! into the context's buffer and `main` prints it only on success, so a
//! failure never leaves a partial answer on stdout.

mod blockers_cmd;
mod changes_cmd;
mod ctx;
mod file_cmd;
mod forecast_cmd;
mod formats;
mod graph_cmd;
mod import_cmd;
mod meta_cmd;
mod pretty;
mod report_cmd;
mod status_cmd;
#[cfg(feature = "sync")]
mod sync_cmd;
mod table;
mod validate_cmd;

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

pub use ctx::{
    CliError, Context, Diagram, Format, FormatArg, date_arg, field, file_arg, is_std_stream,
    optional_date_arg, output_file, refuse_overwriting_an_input, shown_path,
};

/// Where EU legislative files stand, what they wait for, and which files
/// block a goal by its deadline.
#[derive(Parser, Debug)]
#[command(
    name = "codecision",
    version,
    about,
    long_about = "EU legislative files as state machines, linked in a dependency graph: where \
each file stands at a date, what it is waiting for, and which files block a goal by its \
deadline. Without --register, the embedded Security Union register is used.",
    after_help = "Examples:\n  \
    codecision status --as-of 2018-01-24\n  \
    codecision blockers interoperability-2020 --as-of 2018-01-24\n  \
    codecision --register my-register.json waiting etias --format json\n\n\
Dates are YYYY-MM-DD; --as-of defaults to today.\n\
Exit status: 0 success, 1 bad input (unreadable file, invalid JSON, unknown id, cycle, \
bad date...), 2 usage error.",
    after_long_help = "Examples:\n  \
    codecision status --as-of 2018-01-24\n  \
    codecision blockers interoperability-2020 --as-of 2018-01-24\n  \
    codecision --register my-register.json waiting etias --format json\n\n\
Dates are YYYY-MM-DD; --as-of defaults to today.\n\n\
Exit status:\n  \
0  success\n  \
1  bad input: unreadable file, invalid JSON, unknown id, cycle, bad date...;\n     \
the message on stderr says what and where, and nothing is written on stdout\n  \
2  usage error\n  \
130  interrupted (SIGINT, SIGTERM, SIGHUP): a file being written is left as it was\n\n\
Environment:\n  \
CODECISION_TODAY  the date taken as today (YYYY-MM-DD), for reproducible answers\n  \
NO_COLOR          set and not empty: never colour tables (they are coloured\n                    \
only on a terminal anyway)"
)]
struct Cli {
    /// The register to work on, a JSON file (`-`: standard input); default:
    /// the embedded Security Union register.
    #[arg(long, global = true, value_name = "PATH", display_order = 100)]
    register: Option<PathBuf>,
    /// Output format: table (default) or json, and for some commands csv,
    /// markdown, dot, mermaid or svg: each command's help lists the ones it
    /// writes. Given before or after the command.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        display_order = 101
    )]
    format: Option<FormatArg>,
    /// The largest register read, in bytes (a suffix K, M or G counts
    /// 1024, 1024² or 1024³); a larger one is refused before it is read.
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value = "1G",
        value_parser = parse_size,
        display_order = 102
    )]
    max_register_size: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Where files stand at a date.
    Status(status_cmd::StatusArgs),
    /// Files that block a goal (or a file) by a deadline.
    Blockers(blockers_cmd::BlockersArgs),
    /// What moved between two dates, and what it changes for a goal.
    Changes(changes_cmd::ChangesArgs),
    /// Check a register file: structure, then order anomalies.
    Validate(validate_cmd::ValidateArgs),
    /// A file's recorded events: dates, stages, sources and notes.
    History(file_cmd::HistoryArgs),
    /// What a file is waiting for: missing prerequisites, next stages.
    Waiting(file_cmd::WaitingArgs),
    /// Goals that need a file, and whether it blocks them.
    Impact(blockers_cmd::ImpactArgs),
    /// The longest chain of outstanding work under a goal (or a file).
    CriticalPath(blockers_cmd::CriticalPathArgs),
    /// Files and goals, prerequisites first.
    Order(graph_cmd::OrderArgs),
    /// The dependency graph (table, json, dot, mermaid, svg).
    ///
    /// With `--format svg`, a register of more than 500 files and goals is
    /// drawn as a summary: the files counted by their stage, the goals
    /// named, and a line saying what was left out (a drawing of every box
    /// stops being readable well before that). json, dot and mermaid always
    /// list every node and link.
    Graph(graph_cmd::GraphArgs),
    /// The transition table between stages (table, json, dot, mermaid).
    Stages(graph_cmd::StagesArgs),
    /// Build a register from outside sources.
    Import(import_cmd::ImportArgs),
    /// Bring a register up to date from the European Parliament's Open Data
    /// API, keeping everything you wrote.
    #[cfg(feature = "sync")]
    Sync(sync_cmd::SyncArgs),
    /// Forecast when files reach their stages.
    Forecast(forecast_cmd::ForecastArgs),
    /// Check forecasts against the past.
    Backtest(forecast_cmd::BacktestArgs),
    /// Write a report on the register.
    ///
    /// The page's pictures follow the limits of `graph` and `timeline`: past
    /// 500 files and goals under the target the graph is a summary by stage,
    /// and past 200 files the timeline draws the blocking ones first; the
    /// tables always list every file.
    Report(report_cmd::ReportArgs),
    /// The register's events on a timeline.
    ///
    /// With `--format svg`, at most 200 files are drawn as lanes: past that,
    /// the blocking files come first, then the others in prerequisite order,
    /// and a line says how many were left out. The table and json formats
    /// list every file.
    Timeline(report_cmd::TimelineArgs),
    /// Shell completions, on stdout.
    Completions(meta_cmd::CompletionsArgs),
    /// The manual page (roff), on stdout.
    Man(meta_cmd::ManArgs),
}

impl Command {
    /// The command's name, for messages.
    fn name(&self) -> &'static str {
        match self {
            Command::Status(_) => "status",
            Command::Blockers(_) => "blockers",
            Command::Changes(_) => "changes",
            Command::Validate(_) => "validate",
            Command::History(_) => "history",
            Command::Waiting(_) => "waiting",
            Command::Impact(_) => "impact",
            Command::CriticalPath(_) => "critical-path",
            Command::Order(_) => "order",
            Command::Graph(_) => "graph",
            Command::Stages(_) => "stages",
            Command::Import(_) => "import",
            #[cfg(feature = "sync")]
            Command::Sync(_) => "sync",
            Command::Forecast(_) => "forecast",
            Command::Backtest(_) => "backtest",
            Command::Report(_) => "report",
            Command::Timeline(_) => "timeline",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }

    /// Whether the command works on the register of `--register` (the
    /// others say so rather than ignore it).
    fn reads_register(&self) -> bool {
        !matches!(
            self,
            Command::Stages(_) | Command::Import(_) | Command::Completions(_) | Command::Man(_)
        )
    }
}

/// Refuses `--register` to the commands that read no register (the
/// formats each command writes are checked as the line is parsed:
/// [`formats`]).
fn check_global_options(cli: &Cli) -> Result<(), CliError> {
    let command = &cli.command;
    let name = command.name();
    if cli.register.is_some() && !command.reads_register() {
        let instead = match command {
            Command::Import(_) => {
                " (give the inputs as its PATHs, the register to write with --output)"
            }
            _ => "",
        };
        return Err(CliError::usage(format!(
            "`{name}` does not read a register: --register is not for it{instead}"
        )));
    }
    Ok(())
}

fn run(command: &Command, ctx: &Context) -> Result<(), CliError> {
    match command {
        Command::Status(a) => status_cmd::run(a, ctx),
        Command::Blockers(a) => blockers_cmd::run(a, ctx),
        Command::Changes(a) => changes_cmd::run(a, ctx),
        Command::Validate(a) => validate_cmd::run(a, ctx),
        Command::History(a) => file_cmd::run_history(a, ctx),
        Command::Waiting(a) => file_cmd::run_waiting(a, ctx),
        Command::Impact(a) => blockers_cmd::run_impact(a, ctx),
        Command::CriticalPath(a) => blockers_cmd::run_critical_path(a, ctx),
        Command::Order(a) => graph_cmd::run_order(a, ctx),
        Command::Graph(a) => graph_cmd::run_graph(a, ctx),
        Command::Stages(a) => graph_cmd::run_stages(a, ctx),
        Command::Import(a) => import_cmd::run(a, ctx),
        #[cfg(feature = "sync")]
        Command::Sync(a) => sync_cmd::run(a, ctx),
        Command::Forecast(a) => forecast_cmd::run(a, ctx),
        Command::Backtest(a) => forecast_cmd::run_backtest(a, ctx),
        Command::Report(a) => report_cmd::run(a, ctx),
        Command::Timeline(a) => report_cmd::run_timeline(a, ctx),
        Command::Completions(a) => meta_cmd::run_completions(a, ctx),
        Command::Man(a) => meta_cmd::run_man(a, ctx),
    }
}

/// The command line: [`Cli`] with each command's own `--format`
/// ([`formats::WRITES`]).
pub fn cli_command() -> clap::Command {
    formats::with_formats(Cli::command())
}

/// The parsed command line. A `--format` given before the command is
/// checked against what the command writes as the command's own
/// `--format` checks one given after it.
fn parse() -> Result<Cli, formats::Refusal> {
    let command = cli_command();
    let matches = command
        .clone()
        .try_get_matches()
        .map_err(formats::Refusal::Clap)?;
    let cli = Cli::from_arg_matches(&matches).map_err(formats::Refusal::Clap)?;
    if let (Some(format), Some(name)) = (cli.format, matches.subcommand_name()) {
        if let Some(refusal) = formats::check(&command, name, format) {
            return Err(refusal);
        }
    }
    Ok(cli)
}

/// Today: `CODECISION_TODAY` when set (so answers can be reproduced), else
/// the UTC date.
fn today() -> Result<chrono::NaiveDate, CliError> {
    match std::env::var("CODECISION_TODAY") {
        Ok(text) => codecision::parse_date(&text)
            .map_err(|e| CliError::input(format!("CODECISION_TODAY: {e}"))),
        Err(std::env::VarError::NotPresent) => Ok(chrono::Utc::now().date_naive()),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::input(
            "CODECISION_TODAY: not valid UTF-8 (expected YYYY-MM-DD)",
        )),
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set and not
/// empty (<https://no-color.org>).
fn use_color(format: Option<FormatArg>) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    matches!(format, None | Some(FormatArg::Table)) && !no_color && std::io::stdout().is_terminal()
}

/// mimalloc (version 2) rather than the system's allocator: a large register
/// is hundreds of thousands of small blocks, allocated on two threads, and
/// with glibc the process spends a large share of its time in the kernel
/// handing out fresh pages (a second thread's heap grows a page at a time).
/// It is built without transparent huge pages (the `no_thp` feature): asked
/// for them, it marks its whole arena for huge pages, and where the system
/// gives them only on request (`madvise`, a common setting) every first
/// touch of a 2 MiB stretch, and every touch after a purge, clears 2 MiB
/// in the kernel: up to 0.4 s of system time on the bench register's
/// `blockers`, about 0.09 s without. Measured in benches/README.md; the
/// library itself never chooses an allocator.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A size in bytes, for every size flag (`--max-register-size`, and
/// `import`'s `--max-decompressed` and `--max-text`): digits, then optionally
/// B, K or KiB, M or MiB, G or GiB (powers of 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, ""),
    };
    let shift = match unit.trim() {
        "" | "B" => 0,
        "K" | "k" | "KiB" => 10,
        "M" | "m" | "MiB" => 20,
        "G" | "g" | "GiB" => 30,
        other => {
            return Err(format!(
                "unknown unit `{other}`: use bytes, K (KiB), M (MiB) or G (GiB), e.g. 16M"
            ));
        }
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| {
            format!("`{text}` is not a size (a positive number of bytes, K, M or G, e.g. 1G, 500M)")
        })
}

/// On SIGINT, SIGTERM or SIGHUP (Ctrl-C, `kill`, a closed terminal): the
/// temporary file of a write under way is removed, the output left as it
/// was, and the process ends with status 130. (A SIGKILL cannot be caught:
/// the next write to the same name removes what it left.)
fn on_interrupt() {
    let installed = ctrlc::set_handler(|| {
        codecision::remove_unfinished_writes();
        std::process::exit(130);
    });
    // Without the handler (another one was set first) the default action
    // applies and the next write cleans up: no reason to fail the command.
    drop(installed);
}

/// The stack of the thread a command runs on: the main thread's usual
/// size, not a worker's.
const COMMAND_STACK: usize = 8 << 20;

/// Runs the command on one of rayon's threads, not beside them: its
/// parallel steps then start on the thread already running (the other
/// thread is woken to share the work) and the steps between them go on
/// there, where from the main thread each parallel step hands its work to
/// the pool, sleeps, and is woken again at its end, two wake-ups each
/// across the cores (measured in benches/README.md, "Round seven"). With
/// no pool (it cannot be built), on this thread.
fn on_a_worker<R: Send>(command: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .stack_size(COMMAND_STACK)
        .build()
    {
        Ok(pool) => {
            let result = pool.install(command);
            // The process ends next: no need to wait for the threads.
            std::mem::forget(pool);
            result
        }
        Err(_) => command(),
    }
}

fn main() -> ExitCode {
    on_interrupt();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(formats::Refusal::Clap(e)) => {
            // --help and --version go to stdout with status 0; usage errors
            // to stderr with status 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        Err(formats::Refusal::Usage(message)) => {
            ctx::to_stderr(message);
            return ExitCode::from(2);
        }
    };
    let result = on_a_worker(|| {
        check_global_options(&cli)
            .and_then(|()| today())
            .and_then(|today| {
                let mut ctx = Context::new(
                    cli.format,
                    today,
                    use_color(cli.format),
                    cli.register.clone(),
                );
                ctx.max_register_size = cli.max_register_size;
                let result = run(&cli.command, &ctx).map(|()| ctx.take_output());
                // The process ends next: the operating system takes the memory back
                // at once, while freeing a large register piece by piece costs a
                // noticeable share of a command's time.
                std::mem::forget(ctx);
                result
            })
    });
    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&output).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // The reader went away (`| head`): stop quietly, but do not
                // claim the whole answer was delivered.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
                Err(e) => {
                    ctx::to_stderr(format_args!("cannot write to stdout: {e}"));
                    ExitCode::FAILURE
                }
            }
        }
        // The reader went away in the middle of a JSON document.
        Err(CliError::Stdout(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
        Err(e) => {
            ctx::to_stderr(&e);
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
