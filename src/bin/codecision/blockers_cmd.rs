//! `codecision blockers`, `critical-path` and `impact`: who holds up a goal
//! (or a file) by a deadline, and which goals a file holds up.

use chrono::NaiveDate;
use codecision::{Blocker, Impact, Register};
use serde::Serialize;

use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell, stage_label};
use crate::{CliError, Context, field, file_arg, optional_date_arg};

/// Arguments of `codecision blockers`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision blockers interoperability-2020 --as-of 2018-01-24\n  \
    codecision blockers etias --by 2018-06-30 --as-of 2018-01-24 --format json")]
pub struct BlockersArgs {
    /// The target, its deadline and the date asked as of.
    #[command(flatten)]
    pub query: TargetArgs,
    /// In JSON, give every blocker its whole `path`, however deep. By
    /// default a blocker 1,000 or more `requires` links from the target has
    /// `"path": null`, `via` (the next file towards the target) and `depth`
    /// instead, so the document stays linear in the register.
    #[arg(long)]
    pub full_paths: bool,
}

/// Arguments of `codecision critical-path`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  \
    codecision critical-path interoperability-2020 --as-of 2017-06-01")]
pub struct CriticalPathArgs {
    /// The target, its deadline and the date asked as of.
    #[command(flatten)]
    pub query: TargetArgs,
}

/// What `blockers` and `critical-path` are asked about.
#[derive(clap::Args, Debug)]
pub struct TargetArgs {
    /// A goal id or a file id.
    #[arg(value_name = "TARGET")]
    pub target: String,
    /// The deadline, YYYY-MM-DD (default: the goal's; required for a file).
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// The date to ask as of: only events dated on or before it are known
    /// (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

impl TargetArgs {
    /// The deadline given (`None`: the goal's) and the date asked as of.
    fn dates(&self, ctx: &Context) -> Result<(Option<NaiveDate>, NaiveDate), CliError> {
        let as_of = ctx.as_of(self.as_of.as_deref())?;
        Ok((optional_date_arg("--by", self.by.as_deref())?, as_of))
    }
}

/// Arguments of `codecision impact`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  codecision impact eu-lisa --as-of 2018-01-24")]
pub struct ImpactArgs {
    /// A file id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The date to ask as of (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// The deadline and the date asked as of, for headings.
fn horizon(deadline: NaiveDate, as_of: NaiveDate) -> String {
    format!("by {deadline}, as of {as_of}")
}

fn committee<'a>(register: &'a Register, id: &str) -> Option<&'a str> {
    register.file(id).and_then(|f| f.committee())
}

/// Blockers as a table: the file, the stage it is asked for, its stage and
/// since when, and its chain from the target (abridged when long). Shared by
/// `blockers` and `waiting`.
pub fn blockers_table(register: &Register, blockers: &[Blocker], color: bool) -> String {
    let mut table = Table::new(["FILE", "NEEDS", "STAGE", "SINCE", "PATH"]);
    for b in blockers {
        let c = committee(register, b.file());
        table.row([
            Cell::styled(b.file().to_string(), Style::Alert),
            Cell::plain(stage_label(Some(b.required), c)),
            stage_cell(b.stage, c),
            date_cell(b.since),
            Cell::plain(b.path_text(" > ", crate::table::PATH_IDS)),
        ]);
    }
    table.render(color)
}

/// Runs `codecision blockers`.
///
/// # Errors
///
/// Exit 1: a bad date, an unknown target (with a suggestion), a file target
/// without `--by`, a register that cannot be loaded.
pub fn run(args: &BlockersArgs, ctx: &Context) -> Result<(), CliError> {
    let (by, as_of) = args.query.dates(ctx)?;
    let register = ctx.register()?;
    let mut answer = register.blockers(&args.query.target, by, as_of)?;
    if args.full_paths {
        answer = answer.with_full_paths();
    }
    if ctx.is_json() {
        // With the forecast's chances: `p_on_time`, and `p_by_deadline` per
        // blocker while the deadline is ahead (see forecast_cmd).
        return crate::forecast_cmd::write_with_chances(&answer, register, ctx);
    }
    if ctx.is_csv() {
        // One row per blocker; the chain of `requires` as ids joined by " > ",
        // abridged past `Blocker::PATH_LIMIT` ids as in tables unless
        // --full-paths asked for every id.
        let full = args.full_paths;
        return ctx.csv(
            ["file", "required", "stage", "since", "path"],
            answer.blockers.iter().map(|b| {
                [
                    b.file().to_string(),
                    b.required.as_str().to_string(),
                    field(b.stage.map(|s| s.as_str())),
                    field(b.since),
                    if full {
                        b.path().join(" > ")
                    } else {
                        b.path_text(" > ", codecision::Blocker::PATH_LIMIT)
                    },
                ]
            }),
        );
    }
    let n = answer.blockers.len();
    let files = if n == 1 { "file" } else { "files" };
    let heading = match n {
        0 => format!(
            "No blockers of `{}` {}",
            answer.target,
            horizon(answer.deadline, as_of)
        ),
        // Past the deadline, the blockers are the files that missed it.
        _ if answer.deadline_passed() => format!(
            "{n} {files} missed the deadline {} of `{}` (as of {as_of})",
            answer.deadline, answer.target
        ),
        _ => format!(
            "{n} {files} outstanding for `{}` {}",
            answer.target,
            horizon(answer.deadline, as_of)
        ),
    };
    ctx.println(paint(&heading, Style::Bold, ctx.color));
    if answer.blockers.is_empty() {
        return Ok(());
    }
    ctx.print(blockers_table(register, &answer.blockers, ctx.color));
    Ok(())
}

/// Runs `codecision critical-path`.
///
/// # Errors
///
/// As `blockers`.
pub fn run_critical_path(args: &CriticalPathArgs, ctx: &Context) -> Result<(), CliError> {
    let (by, as_of) = args.query.dates(ctx)?;
    let register = ctx.register()?;
    let path = register.critical_path(&args.query.target, by, as_of)?;
    let deadline = path.deadline;
    if ctx.is_json() {
        return ctx.json(&path);
    }
    let heading = if path.chain.is_empty() {
        format!(
            "Nothing outstanding under `{}` {}",
            path.target,
            horizon(deadline, as_of)
        )
    } else {
        format!(
            "Critical path of `{}` {}: {} stage{} to go",
            path.target,
            horizon(deadline, as_of),
            path.steps,
            if path.steps == 1 { "" } else { "s" }
        )
    };
    ctx.println(paint(&heading, Style::Bold, ctx.color));
    if path.chain.is_empty() {
        return Ok(());
    }
    let mut table = Table::new(["#", "FILE", "STAGE", "NEEDS", "STEPS"]);
    for (i, step) in path.chain.iter().enumerate() {
        let c = committee(register, &step.file);
        table.row([
            Cell::plain((i + 1).to_string()),
            Cell::plain(step.file.clone()),
            stage_cell(step.stage, c),
            Cell::plain(stage_label(Some(step.required), c)),
            Cell::plain(step.steps.to_string()),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}

/// The `impact` JSON document.
#[derive(Serialize)]
struct ImpactOut<'a> {
    file: &'a str,
    as_of: NaiveDate,
    goals: &'a [Impact],
}

/// Runs `codecision impact`.
///
/// # Errors
///
/// Exit 1: a bad date, an id that is not a file (with a suggestion), a
/// register that cannot be loaded.
pub fn run_impact(args: &ImpactArgs, ctx: &Context) -> Result<(), CliError> {
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let register = ctx.register()?;
    file_arg(register, &args.id)?;
    let goals = register.impact(&args.id, as_of)?;
    if ctx.is_json() {
        return ctx.json(&ImpactOut {
            file: &args.id,
            as_of,
            goals: &goals,
        });
    }
    let heading = match goals.len() {
        0 => format!("No goal needs `{}`", args.id),
        n => format!(
            "{n} goal{} need{} `{}` (as of {as_of})",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            args.id
        ),
    };
    ctx.println(paint(&heading, Style::Bold, ctx.color));
    if goals.is_empty() {
        return Ok(());
    }
    let c = committee(register, &args.id);
    let mut table = Table::new(["GOAL", "DEADLINE", "NEEDS", "BLOCKING", "PATH"]);
    for g in &goals {
        table.row([
            Cell::plain(g.goal.clone()),
            Cell::plain(g.deadline.to_string()),
            Cell::plain(stage_label(Some(g.required), c)),
            if g.blocking {
                Cell::styled("yes", Style::Alert)
            } else {
                Cell::styled("no", Style::Good)
            },
            Cell::plain(g.path.join(" > ")),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}
