//! `codecision blockers`, `critical-path` and `impact`: who holds up a goal
//! (or a file) by a deadline, and which goals a file holds up.

use chrono::NaiveDate;
use codecision::answer::Blocker;
use codecision::text::{decimal, percent};
use codecision::{Ask, Register};
use serde::Serialize;

use crate::forecast_cmd::Simulation;
use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell, stage_label};
use crate::{CliError, Context, field, file_arg, optional_date_arg};

/// Arguments of `codecision blockers`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision blockers interoperability-2020 --as-of 2018-01-24\n  \
    codecision blockers etias --by 2018-06-30 --as-of 2018-01-24 --format json\n  \
    codecision blockers interoperability-2020 --as-of 2018-01-24 --chances --seed 7")]
pub struct BlockersArgs {
    /// The target, its deadline and the date asked as of.
    #[command(flatten)]
    pub query: TargetArgs,
    /// Also forecast the chances, in every format: that the target is met
    /// by its deadline (P(ON TIME), `p_on_time`) and, while the deadline is
    /// ahead, that each blocker reaches its stage in time (`p_by_deadline`),
    /// as `codecision forecast` computes them (a simulation).
    #[arg(long)]
    pub chances: bool,
    /// The seed and the number of simulations (with --chances).
    #[command(flatten)]
    pub simulation: Simulation,
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
    /// The question: the target, the deadline given (if any) and the date
    /// asked as of.
    pub fn ask(&self, ctx: &Context) -> Result<Ask, CliError> {
        Ok(Ask::new(ctx.as_of(self.as_of.as_deref())?)
            .target(&self.target)
            .by(optional_date_arg("--by", self.by.as_deref())?))
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
/// since when, with `chances` its chance of reaching that stage by the
/// deadline (`blockers --chances`), and its chain from the target
/// (abridged when long). Shared by `blockers` and `waiting`.
pub fn blockers_table(
    register: &Register,
    blockers: &[Blocker],
    chances: bool,
    color: bool,
) -> String {
    let mut header = vec!["FILE", "NEEDS", "STAGE", "SINCE", "PATH"];
    if chances {
        header.insert(4, "P(BY DEADLINE)");
    }
    let mut table = Table::from_header(header);
    for b in blockers {
        let c = committee(register, b.file());
        let mut row = vec![
            Cell::styled(b.file().to_string(), Style::Alert),
            Cell::plain(stage_label(Some(b.required), c)),
            stage_cell(b.stage, c),
            date_cell(b.since),
            Cell::plain(b.path_text(" > ", crate::table::PATH_IDS)),
        ];
        if chances {
            let p = b
                .p_by_deadline
                .map_or_else(|| "\u{2014}".to_string(), percent);
            row.insert(4, Cell::plain(p));
        }
        table.row(row);
    }
    table.render(color)
}

/// A blocker written as serde lays it out (`Blocker`'s `Serialize`, at
/// depth 2 of the answer) without serde, when it has its path, no chance
/// and ids that need no escaping: the 37,173 blockers of the 100,000-file
/// bench register hold about 900,000 ids in their paths, each otherwise a
/// string escaped byte by byte and a formatter's calls. Else serde renders
/// it (`pretty::Item`). The same text either way (tests below, and
/// tests/one_answer.rs).
impl crate::pretty::Item for Blocker {
    fn write_plain(&self, out: &mut Vec<u8>) -> bool {
        use crate::pretty::plain;
        if self.p_by_deadline.is_some() {
            return false;
        }
        // What `Serialize` writes as `path` when it is not `null` (a
        // blocker given its full path has the same path when it is within
        // the limit; a longer one goes to serde).
        let Some(path) = self.path_within(Blocker::PATH_LIMIT) else {
            return false;
        };
        if !plain(self.file()) || !path.iter().all(|id| plain(id)) {
            return false;
        }
        let quoted = |out: &mut Vec<u8>, text: &str| {
            out.push(b'"');
            out.extend_from_slice(text.as_bytes());
            out.push(b'"');
        };
        out.extend_from_slice(b"{\n      \"file\": ");
        quoted(out, self.file());
        out.extend_from_slice(b",\n      \"required\": ");
        quoted(out, self.required.as_str());
        out.extend_from_slice(b",\n      \"stage\": ");
        match self.stage {
            Some(stage) => quoted(out, stage.as_str()),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\n      \"path\": [");
        for (i, id) in path.iter().enumerate() {
            out.extend_from_slice(if i == 0 {
                b"\n        "
            } else {
                b",\n        "
            });
            quoted(out, id);
        }
        if !path.is_empty() {
            out.extend_from_slice(b"\n      ]");
        } else {
            out.push(b']');
        }
        out.extend_from_slice(b"\n    }");
        true
    }
}

/// Runs `codecision blockers`.
///
/// # Errors
///
/// Exit 1: a bad date, an unknown target (with a suggestion), a file target
/// without `--by`, a register that cannot be loaded.
pub fn run(args: &BlockersArgs, ctx: &Context) -> Result<(), CliError> {
    let ask = args.query.ask(ctx)?;
    let as_of = ask.as_of();
    let register = ctx.register()?;
    let mut answer = register.blockers(&ask)?;
    if args.full_paths {
        answer = answer.with_full_paths();
    }
    if args.chances {
        answer = args
            .simulation
            .forecaster(register, as_of)
            .chances(answer)?;
    }
    if ctx.is_json() {
        // The blockers rendered piece by piece: the same text as
        // serialising the answer whole (tests/one_answer.rs).
        #[derive(Serialize)]
        struct Head<'a> {
            target: &'a str,
            deadline: NaiveDate,
            as_of: NaiveDate,
        }
        #[derive(Serialize)]
        struct Tail {
            #[serde(skip_serializing_if = "Option::is_none")]
            p_on_time: Option<f64>,
        }
        return ctx.json_object_with_array(
            &Head {
                target: &answer.target,
                deadline: answer.deadline,
                as_of: answer.as_of,
            },
            "blockers",
            &answer.blockers,
            &Tail {
                p_on_time: answer.p_on_time,
            },
        );
    }
    if ctx.is_csv() {
        // One row per blocker; the chain of `requires` as ids joined by " > ",
        // abridged past `Blocker::PATH_LIMIT` ids as in tables unless
        // --full-paths asked for every id. With --chances, a last column
        // `p_by_deadline` (empty once the deadline has passed).
        let full = args.full_paths;
        let row = |b: &Blocker| {
            [
                b.file().to_string(),
                b.required.as_str().to_string(),
                field(b.stage.map(|s| s.as_str())),
                field(b.since),
                if full {
                    b.path().join(" > ")
                } else {
                    b.path_text(" > ", Blocker::PATH_LIMIT)
                },
            ]
        };
        if !args.chances {
            return ctx.csv(
                ["file", "required", "stage", "since", "path"],
                answer.blockers.iter().map(row),
            );
        }
        return ctx.csv(
            [
                "file",
                "required",
                "stage",
                "since",
                "path",
                "p_by_deadline",
            ],
            answer.blockers.iter().map(|b| {
                let [file, required, stage, since, path] = row(b);
                let p = field(b.p_by_deadline.map(decimal));
                [file, required, stage, since, path, p]
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
    if let Some(p) = answer.p_on_time {
        ctx.println(if answer.deadline_passed() {
            format!("P(on time): {} (the deadline has passed)", percent(p))
        } else {
            format!(
                "P(on time): {} ({} simulations, seed {})",
                percent(p),
                args.simulation.simulations,
                args.simulation.seed
            )
        });
    }
    if answer.blockers.is_empty() {
        return Ok(());
    }
    ctx.print(blockers_table(
        register,
        &answer.blockers,
        args.chances,
        ctx.color,
    ));
    Ok(())
}

/// Runs `codecision critical-path`.
///
/// # Errors
///
/// As `blockers`.
pub fn run_critical_path(args: &CriticalPathArgs, ctx: &Context) -> Result<(), CliError> {
    let ask = args.query.ask(ctx)?;
    let as_of = ask.as_of();
    let register = ctx.register()?;
    let path = register.critical_path(&ask)?;
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
    let answer = register.impact(&Ask::new(as_of).target(&args.id))?;
    if ctx.is_json() {
        return ctx.json(&answer);
    }
    let goals = answer.goals;
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

#[cfg(test)]
mod tests {
    use codecision::{Ask, LegislativeFile, Register, Requirement, parse_date};

    use super::*;
    use crate::pretty::Item as _;

    /// `write_plain`, where it writes, gives serde's text at depth 2.
    fn same_as_serde(blockers: &[Blocker]) -> usize {
        let mut written = 0;
        for b in blockers {
            let mut plain = Vec::new();
            let mut serde = Vec::new();
            b.serialize(&mut serde_json::Serializer::with_formatter(
                &mut serde,
                crate::pretty::Pretty::at(2),
            ))
            .unwrap();
            if b.write_plain(&mut plain) {
                written += 1;
                assert_eq!(
                    String::from_utf8(plain).unwrap(),
                    String::from_utf8(serde).unwrap()
                );
            } else {
                assert!(plain.is_empty());
            }
        }
        written
    }

    #[test]
    fn blockers_written_plainly_read_as_serde_writes_them() {
        let register = Register::security_union();
        let mut written = 0;
        for goal in register.goals() {
            for day in ["2016-01-01", "2018-01-24", "2030-01-01"] {
                let ask = Ask::new(parse_date(day).unwrap()).target(&goal.id);
                let answer = register.blockers(&ask).unwrap();
                written += same_as_serde(&answer.blockers);
                written += same_as_serde(&answer.with_full_paths().blockers);
            }
        }
        assert!(written > 10, "{written}");
        // A chain longer than the limit, chances: serde. (A register's
        // ids never need escaping: lower-case letters, digits and dashes.)
        let day = parse_date("2020-01-01").unwrap();
        let mut builder = Register::builder();
        let n = Blocker::PATH_LIMIT + 2;
        for i in 0..n {
            let mut file = LegislativeFile::new(format!("c{i}"), "a link");
            if i + 1 < n {
                file = file.requires(Requirement::in_force(format!("c{}", i + 1)));
            }
            builder = builder.file(file);
        }
        let register = builder.build().unwrap();
        let answer = register
            .blockers(&Ask::new(day).target("c0").by(day))
            .unwrap();
        assert_eq!(same_as_serde(&answer.blockers), Blocker::PATH_LIMIT);
        assert_eq!(
            same_as_serde(&answer.with_full_paths().blockers),
            Blocker::PATH_LIMIT
        );
        let mut answer = register
            .blockers(&Ask::new(day).target("c0").by(day))
            .unwrap();
        answer.blockers[0].p_by_deadline = Some(0.25);
        assert_eq!(same_as_serde(&answer.blockers[..1]), 0);
        assert!(crate::pretty::plain("goal-0 é/"));
        for text in ["a\"b", "a\\b", "a\tb", "\u{1f}"] {
            assert!(!crate::pretty::plain(text), "{text}");
        }
    }
}
