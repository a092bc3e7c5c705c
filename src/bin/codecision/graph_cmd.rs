//! `codecision graph`, `order` and `stages`: the dependency graph, an order
//! that respects it, and the transition table.

use chrono::NaiveDate;
use codecision::transition::TABLE;
use codecision::{FileOrGoal, Stage};
use serde::Serialize;

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

/// A node of the `graph` JSON document.
#[derive(Serialize)]
struct NodeOut<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    stage: Option<Stage>,
    since: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
}

/// An edge of the `graph` JSON document: `from` requires (or is related to)
/// `to`.
#[derive(Serialize)]
struct EdgeOut<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
    stage: Option<Stage>,
}

/// The `graph` JSON document.
#[derive(Serialize)]
struct GraphOut<'a> {
    as_of: NaiveDate,
    nodes: Vec<NodeOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
}

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
            ctx.print(register.to_dot(as_of));
            return Ok(());
        }
        Some(Diagram::Mermaid) => {
            ctx.print(register.to_mermaid(as_of));
            return Ok(());
        }
        Some(Diagram::Svg) => {
            ctx.print(register.to_svg(as_of));
            return Ok(());
        }
        None => {}
    }
    let nodes: Vec<FileOrGoal<'_>> = register
        .files()
        .iter()
        .map(FileOrGoal::File)
        .chain(register.goals().iter().map(FileOrGoal::Goal))
        .collect();
    if ctx.is_json() {
        let mut out = GraphOut {
            as_of,
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        for node in &nodes {
            let (stage, deadline) = match node {
                FileOrGoal::File(f) => (f.stage_at(as_of), None),
                FileOrGoal::Goal(g) => (None, Some(g.deadline)),
            };
            out.nodes.push(NodeOut {
                id: node.id(),
                kind: kind(node),
                title: node.title(),
                stage: stage.map(|s| s.stage),
                since: stage.map(|s| s.since),
                deadline,
            });
            for r in node.requirements() {
                out.edges.push(EdgeOut {
                    from: node.id(),
                    to: &r.file,
                    kind: "requires",
                    stage: Some(r.stage),
                });
            }
            if let FileOrGoal::File(f) = node {
                for to in f.related() {
                    out.edges.push(EdgeOut {
                        from: node.id(),
                        to,
                        kind: "related",
                        stage: None,
                    });
                }
            }
        }
        return ctx.json(&out);
    }
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

/// One entry of the `order` JSON document.
#[derive(Serialize)]
struct OrderItem<'a> {
    id: &'a str,
    kind: &'static str,
}

/// The `order` JSON document.
#[derive(Serialize)]
struct OrderOut<'a> {
    order: Vec<OrderItem<'a>>,
}

/// Runs `codecision order`.
///
/// # Errors
///
/// Exit 1: a register that cannot be loaded.
pub fn run_order(_args: &OrderArgs, ctx: &Context) -> Result<(), CliError> {
    let register = ctx.register()?;
    let order: Vec<OrderItem<'_>> = register
        .topological_order()
        .into_iter()
        .map(|id| OrderItem {
            id,
            kind: if register.goal(id).is_some() {
                "goal"
            } else {
                "file"
            },
        })
        .collect();
    if ctx.is_json() {
        return ctx.json(&OrderOut { order });
    }
    ctx.println(paint(
        "Prerequisites first: each file or goal after everything it requires",
        Style::Bold,
        ctx.color,
    ));
    let mut table = Table::new(["#", "ID", "KIND", "TITLE"]);
    for (i, item) in order.iter().enumerate() {
        let title = register
            .file_or_goal(item.id)
            .map(|n| n.title())
            .unwrap_or("");
        table.row([
            Cell::plain((i + 1).to_string()),
            Cell::plain(item.id),
            Cell::plain(item.kind),
            Cell::plain(crate::table::truncate(title, 70)),
        ]);
    }
    ctx.print(table.render(ctx.color));
    Ok(())
}

/// One rule of the `stages` JSON document.
#[derive(Serialize)]
struct RuleOut {
    name: &'static str,
    /// `null`: a file with no stage yet.
    from: Option<&'static [Stage]>,
    to: Stage,
    condition: &'static str,
    why: &'static str,
}

/// The `stages` JSON document.
#[derive(Serialize)]
struct StagesOut {
    stages: Vec<StageOut>,
    rules: Vec<RuleOut>,
}

/// One stage of the `stages` JSON document.
#[derive(Serialize)]
struct StageOut {
    stage: Stage,
    label: &'static str,
    rank: Option<u8>,
    terminal: bool,
}

/// Runs `codecision stages`.
///
/// # Errors
///
/// None in practice: the table is built in.
pub fn run_stages(_args: &StagesArgs, ctx: &Context) -> Result<(), CliError> {
    match ctx.diagram {
        Some(Diagram::Mermaid) => {
            ctx.print(codecision::mermaid_state_diagram());
            return Ok(());
        }
        Some(Diagram::Dot) => {
            ctx.print(codecision::dot_state_diagram());
            return Ok(());
        }
        Some(Diagram::Svg) => {
            return Err(CliError::usage(
                "`stages` draws with --format dot or mermaid (or writes table or json)",
            ));
        }
        None => {}
    }
    let rules = TABLE.iter().map(|rule| RuleOut {
        name: rule.name,
        from: rule.from.stages(),
        to: rule.to,
        condition: rule.guard.describe(),
        why: rule.why,
    });
    if ctx.is_json() {
        let stages = Stage::ALL
            .into_iter()
            .map(|stage| StageOut {
                stage,
                label: stage.label(),
                rank: stage.rank(),
                terminal: stage.is_terminal(),
            })
            .collect();
        return ctx.json(&StagesOut {
            stages,
            rules: rules.collect(),
        });
    }
    ctx.println(paint(
        "The transition table: which stage may follow which",
        Style::Bold,
        ctx.color,
    ));
    let mut table = Table::new(["RULE", "FROM", "TO", "CONDITION", "WHY"]);
    for rule in rules {
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
