//! `codecision report` (a self-contained HTML page) and `codecision
//! timeline` (the train schedule of a goal as text, JSON, SVG or a Mermaid
//! gantt).

use std::path::PathBuf;

use codecision::answer::Schedule;
use codecision::export::{Gantt, ReportPage, TimelineSvg};
use codecision::{Ask, Register};

use crate::{
    CliError, Context, Diagram, Format, optional_date_arg, output_file, refuse_overwriting_an_input,
};

/// Arguments of `codecision report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// The goal or file to report on (default: the register's first goal).
    pub target: Option<String>,
    /// The deadline (default: the goal's; required for a file).
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// Only events dated on or before this date are known (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Where to write the HTML page (replaced atomically; a device or FIFO
    /// is written directly); default, or `-`: standard output. Never the
    /// register read.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out the forecasts (by default each blocker shows when it is
    /// forecast to reach the stage the target needs, as `codecision
    /// forecast` computes it from the events known as of the date, and a
    /// section says how often such forecasts held on the register's own
    /// adopted files).
    #[arg(long)]
    pub no_forecast: bool,
    /// Add a "Since DATE" section: what moved after DATE (the previous
    /// report) up to the as-of date, as `codecision changes` says it.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The seed and the number of simulations of the forecasts.
    #[command(flatten)]
    pub simulation: crate::forecast_cmd::Simulation,
    /// Write the interactive page: the same report (what a reader sees with
    /// scripts off), with the register and the engine (the library compiled
    /// to WebAssembly) inside, and a date control that recomputes the
    /// report, forecasts included (same seed), at any date in the browser.
    /// One file, nothing fetched; `#as-of=YYYY-MM-DD&since=YYYY-MM-DD` at
    /// the end of its address opens a date.
    #[arg(long)]
    pub interactive: bool,
}

/// The page's engine: `codecision-web` (the `web/` crate) built for
/// `wasm32-unknown-unknown` by `scripts/build_web.sh`, which writes this
/// file; CI builds it again and fails if the bytes differ.
const ENGINE: &[u8] = include_bytes!("../../../assets/codecision_web.wasm");

/// Arguments of `codecision timeline`.
#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    /// The goal or file whose files to show (default: every file).
    pub target: Option<String>,
    /// The deadline (default: the goal's).
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// Only events dated on or before this date are known (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// The target named, or the register's first goal.
fn target_or_first_goal<'a>(
    register: &'a Register,
    given: Option<&'a str>,
) -> Result<&'a str, CliError> {
    match given {
        Some(t) => Ok(t),
        None => register
            .goals()
            .first()
            .map(|g| g.id.as_str())
            .ok_or_else(|| {
                CliError::usage(
                    "the register has no goal: name a TARGET (a goal or a file) and --by",
                )
            }),
    }
}

/// Runs `codecision report`.
///
/// # Errors
///
/// An unknown target, a bad date, a file target without `--by` (exit 1);
/// no target and no goal (exit 2); the output file cannot be written
/// (exit 1).
pub fn run(args: &ReportArgs, ctx: &Context) -> Result<(), CliError> {
    if let (Some(output), Some(register)) = (&args.output, ctx.register_path()) {
        refuse_overwriting_an_input(output, [(register, "--register")])?;
    }
    let register = ctx.register()?;
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let target = target_or_first_goal(register, args.target.as_deref())?;
    let ask = Ask::new(as_of)
        .target(target)
        .by(optional_date_arg("--by", args.by.as_deref())?)
        .since(optional_date_arg("--since", args.since.as_deref())?);
    let page = ReportPage::new(register, &ask)?
        .forecasts(!args.no_forecast)
        .seed(args.simulation.seed)
        .simulations(args.simulation.simulations as usize);
    let output = output_file(args.output.as_deref());
    if output.is_none() && !args.interactive {
        // The page written a piece at a time, once all of it is worked out.
        let report = page.report()?;
        return ctx.write_document(|w| report.write_html(w));
    }
    let html = if args.interactive {
        page.to_interactive_html(ENGINE)?
    } else {
        page.to_html()?
    };
    match output {
        Some(path) => Ok(codecision::write_file(path, html.as_bytes())?),
        None => {
            ctx.print_string(html);
            Ok(())
        }
    }
}

/// Runs `codecision timeline`.
///
/// # Errors
///
/// An unknown target or a bad date (exit 1).
pub fn run_timeline(args: &TimelineArgs, ctx: &Context) -> Result<(), CliError> {
    let register = ctx.register()?;
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let mut ask = Ask::new(as_of).by(optional_date_arg("--by", args.by.as_deref())?);
    if let Some(target) = &args.target {
        ask = ask.target(target);
    }
    let schedule = register.schedule(&ask)?;
    match (ctx.diagram, ctx.format) {
        (Some(Diagram::Mermaid), _) => ctx.print(Gantt::new(&schedule)),
        (Some(Diagram::Svg), _) => ctx.print(TimelineSvg::new(&schedule)),
        // Not among the formats `timeline` takes (`formats::WRITES`).
        (Some(Diagram::Dot), _) => return Err(CliError::not_written("timeline", "dot")),
        (None, Format::Json) => ctx.json(&schedule)?,
        (None, _) => ctx.print(text(&schedule)),
    }
    Ok(())
}

/// The schedule as text: one block per file, one line per stage.
fn text(s: &Schedule) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = match (&s.target, s.deadline) {
        (Some(t), Some(d)) => writeln!(out, "{t}, deadline {d}, as of {}", s.as_of),
        (Some(t), None) => writeln!(out, "{t}, as of {}", s.as_of),
        (None, _) => writeln!(out, "all files, as of {}", s.as_of),
    };
    for lane in &s.lanes {
        let mark = match (lane.required, lane.blocking) {
            (Some(r), true) => format!("  BLOCKS (needs {})", r.label()),
            (Some(r), false) => format!("  (needs {}: reached)", r.label()),
            (None, _) => String::new(),
        };
        let _ = writeln!(out, "\n{}{mark}", lane.file);
        if lane.segments.is_empty() {
            let _ = writeln!(out, "  no staged event by {}", s.as_of);
        }
        for seg in &lane.segments {
            let _ = writeln!(out, "  {} .. {}  {}", seg.from, seg.to, seg.stage.label());
        }
        for b in &lane.forecasts {
            let _ = writeln!(
                out,
                "  {} .. {}  {} (forecast, median {})",
                codecision::text::or_never(b.p10),
                codecision::text::or_never(b.p90),
                b.stage.label(),
                codecision::text::or_never(b.p50)
            );
        }
    }
    out
}
