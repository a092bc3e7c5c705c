//! `codecision changes`: what moved between two dates, and what that
//! changes for a goal ("since the last report").

use codecision::answer::Changes;
use codecision::export::ChangesMarkdown;
use codecision::{Ask, Stage};

use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell, truncate};
use crate::{CliError, Context, date_arg, field, optional_date_arg};

/// Arguments of `codecision changes`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision changes --since 2017-07-27 --as-of 2018-01-24\n  \
    codecision changes interoperability-2020 --since 2017-07-27 --as-of 2018-01-24 --format markdown\n  \
    codecision changes --since 2017-06-29 --as-of 2017-07-27 --format csv\n\n\
    The window is (SINCE, AS-OF]: an event dated SINCE was known at the previous report. \
    With a TARGET, only the files it needs are listed, with the verdict at each end of the \
    window, the files that cleared or became blockers, and the forecast chance of meeting \
    the deadline then and now.")]
pub struct ChangesArgs {
    /// A goal id or a file id (with --by): what the window changed for it.
    #[arg(value_name = "TARGET")]
    pub target: Option<String>,
    /// The start of the window (the previous report's date), YYYY-MM-DD.
    #[arg(long, value_name = "DATE", required = true)]
    pub since: String,
    /// The end of the window, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The deadline, YYYY-MM-DD (default: the goal's; required for a file).
    #[arg(long, value_name = "DATE")]
    pub by: Option<String>,
    /// Do not forecast the chance of meeting the deadline at each end.
    #[arg(long)]
    pub no_forecast: bool,
    /// The seed and the number of simulations of the forecasts.
    #[command(flatten)]
    pub simulation: crate::forecast_cmd::Simulation,
}

/// Runs `codecision changes`.
///
/// # Errors
///
/// Exit 1: a bad date, a window that ends before it starts, an unknown
/// target (with a suggestion), a file target without `--by`, a register
/// that cannot be loaded.
pub fn run(args: &ChangesArgs, ctx: &Context) -> Result<(), CliError> {
    let since = date_arg("--since", &args.since)?;
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let by = optional_date_arg("--by", args.by.as_deref())?;
    let register = ctx.register()?;
    let mut ask = Ask::new(as_of).since(since).by(by);
    if let Some(target) = &args.target {
        ask = ask.target(target);
    }
    let mut changes = register.changes(&ask)?;
    if !args.no_forecast {
        changes = args
            .simulation
            .forecaster(register, as_of)
            .on_time(changes)?;
    }
    if ctx.is_json() {
        return ctx.json(&changes);
    }
    if ctx.is_markdown() {
        ctx.print(ChangesMarkdown::new(&changes));
        return Ok(());
    }
    if ctx.is_csv() {
        return csv(&changes, ctx);
    }
    table(&changes, ctx);
    Ok(())
}

use codecision::text::{decimal, percent};

/// The answer as tables: the target's verdicts and changes, then the files
/// that moved (one row per event), then the files that did not.
pub(crate) fn table(c: &Changes, ctx: &Context) {
    let color = ctx.color;
    ctx.println(paint(
        &format!("Changes after {} up to {}", c.since, c.as_of),
        Style::Bold,
        color,
    ));
    if let Some(t) = &c.target {
        ctx.println("");
        ctx.println(paint(
            &format!("{} (deadline {})", t.target, t.deadline),
            Style::Bold,
            color,
        ));
        let mut verdicts = Table::new(["AS OF", "VERDICT", "BLOCKERS", "P(ON TIME)"]);
        let chances = t.p_on_time.map(|p| [p.before, p.after]);
        for (i, v) in [&t.before, &t.after].into_iter().enumerate() {
            verdicts.row([
                Cell::plain(v.as_of.to_string()),
                Cell::plain(v.state.as_str()),
                Cell::plain(v.blockers.len().to_string()),
                Cell::plain(chances.map_or_else(|| "\u{2014}".to_string(), |p| percent(p[i]))),
            ]);
        }
        ctx.print(verdicts.render(color));
        if !t.cleared.is_empty() || !t.became_blockers.is_empty() {
            let mut moves = Table::new(["FILE", "CHANGE", "NEEDS", "ON / STAGE"]);
            for x in &t.cleared {
                moves.row([
                    Cell::styled(x.file.clone(), Style::Good),
                    Cell::plain("cleared"),
                    Cell::plain(x.required.label()),
                    Cell::plain(x.on.to_string()),
                ]);
            }
            for b in &t.became_blockers {
                moves.row([
                    Cell::styled(b.file.clone(), Style::Alert),
                    Cell::plain(b.reason.as_str().replace('_', " ")),
                    Cell::plain(b.required.label()),
                    stage_cell(b.stage, None),
                ]);
            }
            ctx.println("");
            ctx.print(moves.render(color));
        }
    }
    ctx.println("");
    ctx.println(paint("Moved", Style::Bold, color));
    if c.moved.is_empty() {
        ctx.println("nothing moved");
    } else {
        let mut moved = Table::new(["FILE", "FROM", "TO", "DATE", "EVENT", "SOURCE"]);
        for m in &c.moved {
            for (i, e) in m.events.iter().enumerate() {
                let first = i == 0;
                moved.row([
                    Cell::plain(if first { m.file.as_str() } else { "" }),
                    if first {
                        stage_cell(m.from, None)
                    } else {
                        Cell::plain("")
                    },
                    if first {
                        stage_cell(m.to, None)
                    } else {
                        Cell::plain("")
                    },
                    date_cell(Some(e.date)),
                    stage_cell(e.stage, None),
                    Cell::styled(truncate(e.source().unwrap_or(""), 60), Style::Dim),
                ]);
            }
        }
        ctx.print(moved.render(color));
    }
    if !c.stuck.is_empty() {
        ctx.println("");
        ctx.println(paint("Did not move", Style::Bold, color));
        let mut stuck = Table::new(["FILE", "STAGE", "LAST MOVED", "DAYS"]);
        for s in &c.stuck {
            stuck.row([
                Cell::plain(s.file.as_str()),
                stage_cell(Some(s.stage), None),
                date_cell(Some(s.last_moved)),
                Cell::plain(s.days.to_string()),
            ]);
        }
        ctx.print(stuck.render(color));
    }
}

/// The columns of `changes --format csv`: one row per verdict, cleared
/// file, new blocker, staged event and file that did not move; `kind` says
/// which, and the columns that do not apply to it are empty.
const CSV_HEADER: [&str; 12] = [
    "kind",
    "file",
    "date",
    "stage",
    "from",
    "to",
    "required",
    "state",
    "blockers",
    "days",
    "p_on_time",
    "source",
];

/// Positions in [`CSV_HEADER`].
const FILE: usize = 1;
const DATE: usize = 2;
const STAGE: usize = 3;
const FROM: usize = 4;
const TO: usize = 5;
const REQUIRED: usize = 6;
const STATE: usize = 7;
const BLOCKERS: usize = 8;
const DAYS: usize = 9;
const P_ON_TIME: usize = 10;
const SOURCE: usize = 11;

fn csv(c: &Changes, ctx: &Context) -> Result<(), CliError> {
    let stage = |s: Option<Stage>| field(s.map(Stage::as_str));
    let row = |kind: &str, file: &str| {
        let mut r: [String; 12] = Default::default();
        r[0] = kind.to_string();
        r[FILE] = file.to_string();
        r
    };
    let mut rows: Vec<[String; 12]> = Vec::new();
    if let Some(t) = &c.target {
        let chances = t.p_on_time.map(|p| [p.before, p.after]);
        for (i, v) in [&t.before, &t.after].into_iter().enumerate() {
            let mut r = row("verdict", &t.target);
            r[DATE] = v.as_of.to_string();
            r[STATE] = v.state.as_str().to_string();
            r[BLOCKERS] = v.blockers.len().to_string();
            r[P_ON_TIME] = field(chances.map(|p| decimal(p[i])));
            rows.push(r);
        }
        for x in &t.cleared {
            let mut r = row("cleared", &x.file);
            r[DATE] = x.on.to_string();
            r[REQUIRED] = x.required.as_str().to_string();
            rows.push(r);
        }
        for b in &t.became_blockers {
            let mut r = row(b.reason.as_str(), &b.file);
            r[STAGE] = stage(b.stage);
            r[REQUIRED] = b.required.as_str().to_string();
            rows.push(r);
        }
    }
    for m in &c.moved {
        for e in &m.events {
            let mut r = row("event", &m.file);
            r[DATE] = e.date.to_string();
            r[STAGE] = stage(e.stage);
            r[FROM] = stage(m.from);
            r[TO] = stage(m.to);
            r[SOURCE] = field(e.source());
            rows.push(r);
        }
    }
    for s in &c.stuck {
        let mut r = row("stuck", &s.file);
        r[DATE] = s.last_moved.to_string();
        r[STAGE] = s.stage.as_str().to_string();
        r[DAYS] = s.days.to_string();
        rows.push(r);
    }
    ctx.csv(CSV_HEADER, rows)
}
