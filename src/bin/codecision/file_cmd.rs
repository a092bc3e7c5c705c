//! `codecision history` and `codecision waiting`: one file's record, and
//! what it is waiting for.

use codecision::Ask;

use crate::table::{Cell, NONE, Style, Table, paint, stage_cell};
use crate::{CliError, Context, field, file_arg};

/// Arguments of `codecision history`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  codecision history etias")]
pub struct HistoryArgs {
    /// A file id.
    #[arg(value_name = "ID")]
    pub id: String,
}

/// Arguments of `codecision waiting`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  codecision waiting etias --as-of 2017-07-01")]
pub struct WaitingArgs {
    /// A file id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The date to ask as of (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Words of `text` wrapped at `width` characters, each line after the first
/// indented by `indent` spaces.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if column > 0 && column + 1 + len > width {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
}

/// How wide wrapped text may be.
const WIDTH: usize = 100;

/// Runs `codecision history`.
///
/// # Errors
///
/// Exit 1: an id that is not a file (with a suggestion), a register that
/// cannot be loaded.
pub fn run_history(args: &HistoryArgs, ctx: &Context) -> Result<(), CliError> {
    let register = ctx.register()?;
    let file = file_arg(register, &args.id)?;
    let history = register.history(file.id())?;
    if ctx.is_json() {
        return ctx.json(&history);
    }
    let order: Vec<usize> = history.events.iter().map(|e| e.index).collect();
    let diagnostics = &history.diagnostics;
    if ctx.is_csv() {
        // The events, in date order; `index` is the event's place in the
        // register (as in JSON and in validation messages).
        return ctx.csv(
            ["index", "date", "stage", "committee", "source", "note"],
            order.iter().map(|&i| {
                let e = &file.events()[i];
                [
                    i.to_string(),
                    e.date.to_string(),
                    field(e.stage.map(|s| s.as_str())),
                    field(e.committee()),
                    field(e.source()),
                    field(e.note()),
                ]
            }),
        );
    }
    let color = ctx.color;
    ctx.println(paint(
        &format!("{}: {}", file.id(), file.title()),
        Style::Bold,
        color,
    ));
    let requires: Vec<String> = file
        .requirements()
        .iter()
        .map(|r| {
            let c = register.file(&r.file).and_then(|f| f.committee());
            format!("{} ({})", r.file, r.stage.label_for(c))
        })
        .collect();
    let mut facts = Table::new(["", ""]);
    let fields = [
        ("procedure", file.procedure().map(str::to_string)),
        ("proposal", file.proposal().map(str::to_string)),
        ("act", file.act().map(str::to_string)),
        ("committee", file.committee().map(str::to_string)),
        (
            "requires",
            (!requires.is_empty()).then(|| requires.join(", ")),
        ),
        (
            "related",
            (!file.related().is_empty()).then(|| file.related().join(", ")),
        ),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            facts.row([
                Cell::styled(format!("  {name}"), Style::Dim),
                Cell::plain(value),
            ]);
        }
    }
    // The facts table has an empty header line: skip it.
    let facts = facts.render(color);
    ctx.print(facts.split_once('\n').map_or("", |(_, rest)| rest));
    ctx.println("");
    if order.is_empty() {
        ctx.println("No events recorded.");
        return Ok(());
    }
    let label = |i: usize| {
        let e = &file.events()[i];
        e.stage
            .map_or_else(|| NONE.to_string(), |s| s.label_for(file.committee_for(e)))
    };
    let stage_width = order
        .iter()
        .map(|&i| label(i).chars().count())
        .max()
        .unwrap_or(0)
        .max("STAGE".len());
    let index_width = file
        .events()
        .len()
        .saturating_sub(1)
        .to_string()
        .len()
        .max(1);
    // index, date, stage, then the text, indented under the note.
    let indent = index_width + 2 + 10 + 2 + stage_width + 2;
    let text_width = WIDTH.saturating_sub(indent).max(30);
    ctx.println(paint(
        &format!(
            "{:>index_width$}  {:<10}  {:<stage_width$}  NOTE / SOURCE",
            "#", "DATE", "STAGE"
        ),
        Style::Bold,
        color,
    ));
    for &i in &order {
        let e = &file.events()[i];
        let anomaly = diagnostics.iter().find(|d| d.event == i);
        let text = label(i);
        let pad = stage_width - text.chars().count();
        let stage = paint(&text, Style::Stage(e.stage), color && e.stage.is_some());
        let mut line = format!(
            "{i:>index_width$}  {}  {stage}{}  ",
            e.date,
            " ".repeat(pad)
        );
        line.push_str(&wrap(e.note().unwrap_or(""), text_width, indent));
        ctx.println(line.trim_end());
        let blank = " ".repeat(indent);
        if let Some(source) = e.source() {
            let wrapped = wrap(&format!("source: {source}"), text_width, indent);
            ctx.println(format!("{blank}{}", paint(&wrapped, Style::Dim, color)));
        }
        if let Some(d) = anomaly {
            let warning = wrap(&format!("warning: {}", d.reason), text_width, indent);
            ctx.println(format!("{blank}{}", paint(&warning, Style::Alert, color)));
        }
    }
    Ok(())
}

/// Runs `codecision waiting`.
///
/// # Errors
///
/// Exit 1: a bad date, an id that is not a file (with a suggestion), a
/// register that cannot be loaded.
pub fn run_waiting(args: &WaitingArgs, ctx: &Context) -> Result<(), CliError> {
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let register = ctx.register()?;
    let file = file_arg(register, &args.id)?;
    let waiting = register.waiting(&Ask::new(as_of).target(&args.id))?;
    if ctx.is_json() {
        return ctx.json(&waiting);
    }
    let color = ctx.color;
    let committee = file.committee();
    let at = match (waiting.stage, waiting.since) {
        (Some(stage), Some(since)) => format!("{} since {since}", stage.label_for(committee)),
        _ => "not yet proposed".to_string(),
    };
    ctx.println(paint(
        &format!("{} as of {as_of}: {at}", waiting.file),
        Style::Bold,
        color,
    ));
    ctx.println("");
    if waiting.missing.is_empty() {
        ctx.println("Prerequisites: none missing.");
    } else {
        ctx.println(paint(
            &format!("Missing prerequisites ({}):", waiting.missing.len()),
            Style::Bold,
            color,
        ));
        ctx.print(crate::blockers_cmd::blockers_table(
            register,
            &waiting.missing,
            false,
            color,
        ));
    }
    ctx.println("");
    if waiting.next.is_empty() {
        ctx.println("Next stages: none (the procedure is over).");
    } else {
        ctx.println(paint("Next stages the table allows:", Style::Bold, color));
        let mut table = Table::new(["STAGE", "RULE", "CONDITION"]);
        for n in &waiting.next {
            table.row([
                stage_cell(Some(n.stage), committee),
                Cell::plain(n.rule),
                Cell::plain(n.condition),
            ]);
        }
        ctx.print(table.render(color));
    }
    if !waiting.held_back.is_empty() {
        ctx.println("");
        ctx.println(paint("Held back, condition not met:", Style::Bold, color));
        let mut table = Table::new(["STAGE", "RULE", "WAITING FOR"]);
        for n in &waiting.held_back {
            table.row([
                stage_cell(Some(n.stage), committee),
                Cell::plain(n.rule),
                Cell::styled(n.condition, Style::Alert),
            ]);
        }
        ctx.print(table.render(color));
    }
    Ok(())
}
