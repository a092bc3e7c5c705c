//! `codecision status`: where files stand at a date.

use chrono::NaiveDate;
use codecision::Ask;
use serde::Serialize;

use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell, truncate};
use crate::{CliError, Context, field, file_arg};

/// Arguments of `codecision status`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision status --as-of 2018-01-24\n  \
    codecision status etias ees --as-of 2018-01-24 --format json")]
pub struct StatusArgs {
    /// Files to show, in this order (default: every file of the register).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The date to ask about, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// The head of the `status` JSON document, before `files`.
#[derive(Serialize)]
struct StatusHead {
    as_of: NaiveDate,
}

/// Nothing after `files`.
#[derive(Serialize)]
struct Nothing {}

/// Runs `codecision status`.
///
/// # Errors
///
/// A bad `--as-of`, an unknown id (with the closest existing one), or a
/// register that cannot be loaded: exit 1.
pub fn run(args: &StatusArgs, ctx: &Context) -> Result<(), CliError> {
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let register = ctx.register()?;
    let ask = Ask::new(as_of);
    let answer = if args.ids.is_empty() {
        register.status(&ask)
    } else {
        for id in &args.ids {
            file_arg(register, id)?;
        }
        let ids: Vec<&str> = args.ids.iter().map(String::as_str).collect();
        register.status_of(&ids, &ask)?
    };
    let files = &answer.files;
    if ctx.is_json() {
        // The files rendered piece by piece: the same text as serialising
        // the answer whole (tests/one_answer.rs).
        return ctx.json_object_with_array(
            &StatusHead {
                as_of: answer.as_of,
            },
            "files",
            files,
            &Nothing {},
        );
    }
    if ctx.is_csv() {
        return ctx.csv(
            ["id", "stage", "since", "title"],
            files.iter().map(|s| {
                [
                    s.id.to_string(),
                    field(s.stage.map(|st| st.as_str())),
                    field(s.since),
                    register.file(&s.id).map_or("", |f| f.title()).to_string(),
                ]
            }),
        );
    }
    ctx.println(paint(
        &format!("Status as of {as_of}"),
        Style::Bold,
        ctx.color,
    ));
    let mut table = Table::new(["ID", "STAGE", "SINCE", "TITLE"]);
    for s in files {
        let file = register.file(&s.id);
        table.row([
            Cell::plain(s.id.to_string()),
            stage_cell(s.stage, file.and_then(|f| f.committee())),
            date_cell(s.since),
            Cell::plain(truncate(file.map_or("", |f| f.title()), 70)),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}

/// Each file's status rendered by serde (`pretty::Item`'s default).
impl crate::pretty::Item for codecision::answer::FileStatus {}
