//! The `codecision` command line: a thin layer over the library.

mod ctx;
mod forecast_cmd;
mod import_cmd;
mod report_cmd;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use ctx::{CliError, Context, Format, date_arg};

/// EU legislative files as state machines, linked in a dependency graph.
#[derive(Parser, Debug)]
#[command(name = "codecision", version, about)]
struct Cli {
    /// The register to work on (default: the embedded Security Union register).
    #[arg(long, global = true, value_name = "PATH")]
    register: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Builds a register from outside sources.
    Import(import_cmd::ImportArgs),
    /// Forecasts when files reach their stages.
    Forecast(forecast_cmd::ForecastArgs),
    /// Checks forecasts against the past.
    Backtest(forecast_cmd::BacktestArgs),
    /// Writes a report on the register.
    Report(report_cmd::ReportArgs),
    /// Shows the register's events on a timeline.
    Timeline(report_cmd::TimelineArgs),
}

fn run(cli: &Cli, ctx: &Context) -> Result<(), CliError> {
    match &cli.command {
        Command::Import(a) => import_cmd::run(a, ctx),
        Command::Forecast(a) => forecast_cmd::run(a, ctx),
        Command::Backtest(a) => forecast_cmd::run_backtest(a, ctx),
        Command::Report(a) => report_cmd::run(a, ctx),
        Command::Timeline(a) => report_cmd::run_timeline(a, ctx),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = chrono::Utc::now().date_naive();
    let ctx = Context::new(cli.format, today, false, cli.register.clone());
    match run(&cli, &ctx) {
        Ok(()) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(ctx.take_output().as_bytes());
            let _ = out.flush();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("codecision: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
