//! `codecision graph`, `order` and `stages`: the dependency graph, an order
//! that respects it, and the transition table.

use codecision::answer::Stages;
use codecision::export::{Dot, Graph, GraphSvg, Mermaid};
use codecision::{FileOrGoal, Stage};

use crate::table::{Cell, Style, Table, date_cell, paint, stage_cell};
use crate::{CliError, Context, Diagram};

/// Arguments of `codecision graph`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision graph --format dot --as-of 2018-01-24 | dot -Tsvg > graph.svg\n  \
    codecision graph --format mermaid\n  \
    codecision graph --format svg > graph.svg\n  \
    codecision graph --format json")]
pub struct GraphArgs {
    /// The date whose stages colour the nodes (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Arguments of `codecision order`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  codecision order --format json")]
pub struct OrderArgs {}

/// Arguments of `codecision stages`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    codecision stages\n  \
    codecision stages --format mermaid")]
pub struct StagesArgs {}

fn kind(node: &FileOrGoal<'_>) -> &'static str {
    match node {
        FileOrGoal::File(_) => "file",
        FileOrGoal::Goal(_) => "goal",
    }
}

/// Runs `codecision graph`.
///
/// # Errors
///
/// Exit 1: a bad date, a register that cannot be loaded.
pub fn run_graph(args: &GraphArgs, ctx: &Context) -> Result<(), CliError> {
    let as_of = ctx.as_of(args.as_of.as_deref())?;
    let register = ctx.register()?;
    match ctx.diagram {
        Some(Diagram::Dot) => {
            ctx.print(Dot::new(register, as_of));
            return Ok(());
        }
        Some(Diagram::Mermaid) => {
            ctx.print(Mermaid::new(register, as_of));
            return Ok(());
        }
        Some(Diagram::Svg) => {
            ctx.print(GraphSvg::new(register, as_of));
            return Ok(());
        }
        None => {}
    }
    if ctx.is_json() {
        return ctx.json(&Graph::new(register, as_of));
    }
    let nodes: Vec<FileOrGoal<'_>> = register
        .files()
        .iter()
        .map(FileOrGoal::File)
        .chain(register.goals().iter().map(FileOrGoal::Goal))
        .collect();
    ctx.println(paint(
        &format!("Dependency graph as of {as_of}"),
        Style::Bold,
        ctx.color,
    ));
    // The longest column last, where it cannot push the others away.
    let mut table = Table::new(["ID", "KIND", "STAGE", "DEADLINE", "RELATED", "REQUIRES"]);
    for node in &nodes {
        let requires: Vec<String> = node
            .requirements()
            .iter()
            .map(|r| match r.stage {
                Stage::EntryIntoForce => r.file.clone(),
                stage => {
                    let c = register.file(&r.file).and_then(|f| f.committee());
                    format!("{} ({})", r.file, stage.label_for(c))
                }
            })
            .collect();
        let (stage, deadline, related) = match node {
            FileOrGoal::File(f) => (
                stage_cell(f.stage_at(as_of).map(|s| s.stage), f.committee()),
                date_cell(None),
                f.related().join(", "),
            ),
            FileOrGoal::Goal(g) => (
                Cell::styled("goal", Style::Bold),
                date_cell(Some(g.deadline)),
                String::new(),
            ),
        };
        table.row([
            Cell::plain(node.id()),
            Cell::plain(kind(node)),
            stage,
            deadline,
            Cell::plain(related),
            Cell::plain(requires.join(", ")),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}

/// Runs `codecision order`.
///
/// # Errors
///
/// Exit 1: a register that cannot be loaded.
pub fn run_order(_args: &OrderArgs, ctx: &Context) -> Result<(), CliError> {
    let register = ctx.register()?;
    let answer = register.order();
    if ctx.is_json() {
        return ctx.json(&answer);
    }
    let order = &answer.order;
    ctx.println(paint(
        "Prerequisites first: each file or goal after everything it requires",
        Style::Bold,
        ctx.color,
    ));
    let mut table = Table::new(["#", "ID", "KIND", "TITLE"]);
    for (i, item) in order.iter().enumerate() {
        let title = register
            .file_or_goal(&item.id)
            .map(|n| n.title())
            .unwrap_or("");
        table.row([
            Cell::plain((i + 1).to_string()),
            Cell::plain(item.id.to_string()),
            Cell::plain(item.kind),
            Cell::plain(crate::table::truncate(title, 70)),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}

/// Runs `codecision stages`.
///
/// # Errors
///
/// None in practice: the table is built in.
pub fn run_stages(_args: &StagesArgs, ctx: &Context) -> Result<(), CliError> {
    match ctx.diagram {
        Some(Diagram::Mermaid) => {
            ctx.print(codecision::transition::mermaid_state_diagram());
            return Ok(());
        }
        Some(Diagram::Dot) => {
            ctx.print(codecision::transition::dot_state_diagram());
            return Ok(());
        }
        // Not among the formats `stages` takes (`formats::WRITES`).
        Some(Diagram::Svg) => return Err(CliError::not_written("stages", "svg")),
        None => {}
    }
    let answer = Stages::new();
    if ctx.is_json() {
        return ctx.json(&answer);
    }
    ctx.println(paint(
        "The transition table: which stage may follow which",
        Style::Bold,
        ctx.color,
    ));
    let mut table = Table::new(["RULE", "FROM", "TO", "CONDITION", "WHY"]);
    for rule in &answer.rules {
        let from = match rule.from {
            None => "(start)".to_string(),
            Some(stages)
                if stages.len() > 1
                    && stages.iter().all(|s| s.is_open())
                    && stages.len() == Stage::ALL.iter().filter(|s| s.is_open()).count() =>
            {
                "any open stage".to_string()
            }
            Some(stages) => stages
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", "),
        };
        table.row([
            Cell::plain(rule.name),
            Cell::plain(from),
            stage_cell(Some(rule.to), None),
            Cell::plain(rule.condition),
            Cell::plain(rule.why),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}
