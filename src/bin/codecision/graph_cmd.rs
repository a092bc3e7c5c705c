//! `codecision graph`, `order` and `stages`: the dependency graph, an order
//! that respects it, and the transition table.

use codecision::Stage;
use codecision::answer::Stages;
use codecision::export::{Dot, Graph, GraphSvg, Mermaid};

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
    // The table reads the answer the JSON is: the same facts.
    let graph = Graph::new(register, as_of);
    if ctx.is_json() {
        return ctx.json(&graph);
    }
    ctx.println(paint(
        &format!("Dependency graph as of {as_of}"),
        Style::Bold,
        ctx.color,
    ));
    let committee = |id: &str| register.file(id).and_then(|f| f.committee());
    // The longest column last, where it cannot push the others away.
    let mut table = Table::new(["ID", "KIND", "STAGE", "DEADLINE", "RELATED", "REQUIRES"]);
    // The edges come node by node, in node order.
    let mut edges = graph.edges.iter().peekable();
    for node in &graph.nodes {
        let (mut requires, mut related) = (Vec::new(), Vec::new());
        while let Some(edge) = edges.next_if(|e| e.from == node.id) {
            match edge.stage {
                None => related.push(edge.to.to_string()),
                Some(Stage::EntryIntoForce) => requires.push(edge.to.to_string()),
                Some(stage) => requires.push(format!(
                    "{} ({})",
                    edge.to,
                    stage.label_for(committee(&edge.to))
                )),
            }
        }
        let (stage, deadline) = match node.deadline {
            None => (stage_cell(node.stage, committee(&node.id)), date_cell(None)),
            Some(deadline) => (Cell::styled("goal", Style::Bold), date_cell(Some(deadline))),
        };
        table.row([
            Cell::plain(node.id.to_string()),
            Cell::plain(node.kind),
            stage,
            deadline,
            Cell::plain(related.join(", ")),
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
