//! The dependency graph as SVG, laid out in columns by [`layout`]: each
//! file a box coloured by its stage at a date, each goal a hexagon, an arrow
//! from each file or goal to what it requires.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::export::dot::stage_label;
use crate::export::layout::{self, Input, Rect};
use crate::export::palette::{
    self, ALERT, GOAL_FILL, GOAL_STROKE, INK, LEGEND, MUTED, colour, ink, outline,
};
use crate::export::summary::summary_svg;
use crate::export::view::{GRAPH_LIMIT, GraphView};
use crate::export::xml::{escape, human_date, num, svg_start, text_width};
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

const ID_SIZE: f64 = 13.0;
const STAGE_SIZE: f64 = 11.5;
const BOX_HEIGHT: f64 = 44.0;
const BOX_PAD: f64 = 22.0;
const MIN_BOX: f64 = 132.0;
const LEGEND_GAP: f64 = 18.0;

/// The dependency graph in SVG: see [`GraphSvg`](crate::export::GraphSvg).
pub(crate) fn graph(register: &Register, as_of: NaiveDate) -> String {
    let view = GraphView {
        nodes: (0..register.node_count() as u32).collect(),
        blockers: BTreeSet::new(),
        prefix: "graph",
        title: format!("Dependency graph as of {}", human_date(as_of)),
    };
    graph_svg(register, &view, as_of)
}

/// Draws `view` of `register`, coloured by stage at `as_of`; past
/// [`GRAPH_LIMIT`] nodes, a summary by stage.
pub(crate) fn graph_svg(register: &Register, view: &GraphView<'_>, as_of: NaiveDate) -> String {
    if view.nodes.len() > GRAPH_LIMIT {
        return summary_svg(register, view, as_of);
    }
    let nodes: Vec<FileOrGoal<'_>> = view.nodes.iter().map(|&n| register.node_at(n)).collect();
    let stages: Vec<Option<Stage>> = nodes
        .iter()
        .map(|node| match node {
            FileOrGoal::File(f) => f.stage_at(as_of).map(|s| s.stage),
            FileOrGoal::Goal(_) => None,
        })
        .collect();
    let lines: Vec<(String, String)> = nodes
        .iter()
        .zip(&stages)
        .map(|(node, stage)| match node {
            FileOrGoal::File(f) => (f.id().to_string(), stage_label(f, *stage)),
            FileOrGoal::Goal(g) => (g.id.clone(), format!("deadline {}", human_date(g.deadline))),
        })
        .collect();
    let sizes = lines
        .iter()
        .zip(&nodes)
        .map(|((id, second), node)| {
            let extra = if matches!(node, FileOrGoal::Goal(_)) {
                20.0
            } else {
                0.0
            };
            let w = (text_width(id, ID_SIZE) * 1.06)
                .max(text_width(second, STAGE_SIZE))
                .max(MIN_BOX - BOX_PAD - extra)
                + BOX_PAD
                + extra;
            (w.ceil(), BOX_HEIGHT)
        })
        .collect();
    // Edges between drawn nodes, in register then `requires` order.
    let mut drawn = vec![None; register.node_count()];
    for (i, &n) in view.nodes.iter().enumerate() {
        if let Some(slot) = drawn.get_mut(n as usize) {
            *slot = Some(i);
        }
    }
    let position = |id: &str| {
        register
            .index_of(id)
            .ok()
            .and_then(|n| drawn.get(n as usize).copied().flatten())
    };
    let mut edges = Vec::new();
    let mut edge_stage = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        for r in node.requirements() {
            if let Some(j) = position(&r.file) {
                edges.push((i, j));
                edge_stage.push(r.stage);
            }
        }
    }
    let input = Input {
        sizes,
        edges: edges.clone(),
        pinned: nodes
            .iter()
            .map(|n| matches!(n, FileOrGoal::Goal(_)))
            .collect(),
    };
    let drawing = layout::layout(&input);

    let used: BTreeSet<usize> = nodes
        .iter()
        .zip(&stages)
        .filter(|(n, _)| matches!(n, FileOrGoal::File(_)))
        .map(|(_, s)| palette::legend_index(*s))
        .collect();
    let has_goal = nodes.iter().any(|n| matches!(n, FileOrGoal::Goal(_)));
    let mut extras: Vec<Extra> = Vec::new();
    if has_goal {
        extras.push(Extra::Goal);
    }
    extras.push(Extra::Requires);
    if !view.blockers.is_empty() {
        extras.push(Extra::Blocker);
    }
    let width = drawing.width.max(560.0).ceil();
    let legend = legend_svg(view.prefix, &used, &extras, width - 16.0);
    let height = (drawing.height + LEGEND_GAP + legend.height).ceil();

    let mut out = String::new();
    let p = view.prefix;
    svg_start(
        &mut out,
        "codecision-graph",
        &format!(" data-crossings=\"{}\"", drawing.crossings),
        (width, height),
        p,
        &view.title,
    );
    let _ = writeln!(
        out,
        "<defs><marker id=\"{p}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{MUTED}\"/></marker></defs>"
    );
    // Centre the drawing when the legend is wider.
    let dx = ((width - drawing.width) / 2.0).max(0.0);
    let _ = writeln!(
        out,
        "<g class=\"edges\" transform=\"translate({},0)\">",
        num(dx)
    );
    for (k, &(a, b)) in edges.iter().enumerate() {
        let route = &drawing.routes[k];
        if route.len() < 2 {
            continue;
        }
        let _ = write!(
            out,
            "<path class=\"edge\" data-from=\"{}\" data-to=\"{}\" data-stage=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{MUTED}\" stroke-width=\"1.3\" marker-end=\"url(#{p}-arrow)\"/>",
            escape(&lines[a].0),
            escape(&lines[b].0),
            edge_stage[k],
            path_data(route)
        );
        if edge_stage[k] != Stage::EntryIntoForce {
            if let Some(&(x, y)) = route.last() {
                let _ = write!(
                    out,
                    "<text class=\"edge-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10\" fill=\"{INK}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
                    num(x - 9.0),
                    num(y - 5.0),
                    escape(edge_stage[k].label())
                );
            }
        }
        out.push('\n');
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<g class=\"nodes\" transform=\"translate({},0)\">",
        num(dx)
    );
    for (i, node) in nodes.iter().enumerate() {
        let r = drawing.nodes[i];
        let (id, second) = &lines[i];
        match node {
            FileOrGoal::File(f) => {
                let stage = stages[i];
                let blocking = view.blockers.contains(f.id());
                let (stroke, stroke_width) = if blocking {
                    (ALERT, 2.6)
                } else {
                    (outline(stage), 1.0)
                };
                let _ = writeln!(
                    out,
                    "<g class=\"node file{}\" id=\"{p}-{}\" data-id=\"{}\" data-stage=\"{}\" data-column=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{stroke_width}\"/>{}</g>",
                    if blocking { " blocker" } else { "" },
                    escape(id),
                    escape(id),
                    stage.map_or("none", Stage::as_str),
                    drawing.layer[i],
                    escape(f.title()),
                    num(r.x),
                    num(r.y),
                    num(r.w),
                    num(r.h),
                    colour(stage),
                    two_lines(
                        r,
                        id,
                        second,
                        ink(stage),
                        if stage.is_some() { ink(stage) } else { MUTED }
                    )
                );
            }
            FileOrGoal::Goal(g) => {
                let _ = writeln!(
                    out,
                    "<g class=\"node goal\" id=\"{p}-{}\" data-id=\"{}\" data-deadline=\"{}\" data-column=\"{}\"><title>{}</title><path d=\"{}\" fill=\"{GOAL_FILL}\" stroke=\"{GOAL_STROKE}\" stroke-width=\"1.6\"/>{}</g>",
                    escape(id),
                    escape(id),
                    g.deadline,
                    drawing.layer[i],
                    escape(&g.title),
                    hexagon(r),
                    two_lines(r, id, second, INK, INK)
                );
            }
        }
    }
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<g class=\"legend\" transform=\"translate(8,{})\">{}</g>",
        num(drawing.height + LEGEND_GAP),
        legend.body
    );
    out.push_str("</svg>\n");
    out
}

/// The id (bold) and a second line, centred in `r`.
fn two_lines(r: Rect, id: &str, second: &str, first_ink: &str, second_ink: &str) -> String {
    let cx = r.x + r.w / 2.0;
    format!(
        "<text x=\"{cx}\" y=\"{y1}\" text-anchor=\"middle\" font-size=\"{ID_SIZE}\" font-weight=\"600\" fill=\"{first_ink}\">{id}</text><text x=\"{cx}\" y=\"{y2}\" text-anchor=\"middle\" font-size=\"{STAGE_SIZE}\" fill=\"{second_ink}\">{second}</text>",
        cx = num(cx),
        y1 = num(r.y + 19.0),
        y2 = num(r.y + 35.0),
        id = escape(id),
        second = escape(second),
    )
}

/// A flat hexagon filling `r`.
fn hexagon(r: Rect) -> String {
    let k = 12.0_f64.min(r.w / 4.0);
    let (x0, x1, x2, x3) = (r.x, r.x + k, r.x + r.w - k, r.x + r.w);
    let (y0, ym, y1) = (r.y, r.y + r.h / 2.0, r.y + r.h);
    format!(
        "M{},{} L{},{} L{},{} L{},{} L{},{} L{},{} Z",
        num(x1),
        num(y0),
        num(x2),
        num(y0),
        num(x3),
        num(ym),
        num(x2),
        num(y1),
        num(x1),
        num(y1),
        num(x0),
        num(ym)
    )
}

/// SVG path data for a route: curves between columns, straight runs across.
fn path_data(route: &[(f64, f64)]) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = route.first() else {
        return d;
    };
    let _ = write!(d, "M{},{}", num(x0), num(y0));
    let mut i = 0;
    while i + 1 < route.len() {
        let (a, b) = (route[i], route[i + 1]);
        let mid = (a.0 + b.0) / 2.0;
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            num(mid),
            num(a.1),
            num(mid),
            num(b.1),
            num(b.0),
            num(b.1)
        );
        if let Some(&c) = route.get(i + 2) {
            let _ = write!(d, " L{},{}", num(c.0), num(c.1));
        }
        i += 2;
    }
    d
}

/// Extra legend entries besides the stage colours.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extra {
    /// A goal's hexagon.
    Goal,
    /// The arrow of `requires`.
    Requires,
    /// A blocker's outline.
    Blocker,
    /// The "as of" line.
    AsOf,
    /// The deadline line.
    Deadline,
    /// A forecast band.
    Forecast,
}

/// A legend drawn from (0, 0), wrapped to `max_width`.
pub(crate) struct Legend {
    pub body: String,
    pub height: f64,
}

/// The legend: a swatch and a name for each colour in `used` (indexes into
/// [`LEGEND`]), then the `extras`.
pub(crate) fn legend_svg(
    prefix: &str,
    used: &BTreeSet<usize>,
    extras: &[Extra],
    max_width: f64,
) -> Legend {
    let size = 11.5;
    let row = 20.0;
    let mut items: Vec<(String, f64)> = Vec::new();
    for &i in used {
        let (stage, label) = LEGEND[i];
        let swatch = format!(
            "<rect x=\"0\" y=\"-10\" width=\"18\" height=\"13\" rx=\"2\" fill=\"{}\" stroke=\"{}\"/>",
            colour(stage),
            outline(stage)
        );
        items.push((
            format!(
                "{swatch}<text x=\"24\" y=\"1\" font-size=\"{size}\" fill=\"{INK}\">{}</text>",
                escape(label)
            ),
            24.0 + text_width(label, size),
        ));
    }
    for extra in extras {
        let (mark, label) = match extra {
            Extra::Goal => (
                format!(
                    "<path d=\"M4,-10 L14,-10 L18,-3.5 L14,3 L4,3 L0,-3.5 Z\" fill=\"{GOAL_FILL}\" stroke=\"{GOAL_STROKE}\"/>"
                ),
                "goal",
            ),
            Extra::Requires => (
                format!(
                    "<path d=\"M0,-3.5 L16,-3.5\" stroke=\"{MUTED}\" stroke-width=\"1.3\" marker-end=\"url(#{prefix}-arrow)\"/>"
                ),
                "requires (points to the prerequisite)",
            ),
            Extra::Blocker => (
                format!(
                    "<rect x=\"1\" y=\"-9\" width=\"16\" height=\"11\" rx=\"2\" fill=\"#ffffff\" stroke=\"{ALERT}\" stroke-width=\"2.6\"/>"
                ),
                "blocks the target",
            ),
            Extra::AsOf => (
                format!("<path d=\"M9,-12 L9,5\" stroke=\"{INK}\" stroke-width=\"2\"/>"),
                "as of (events after it are unknown)",
            ),
            Extra::Deadline => (
                format!(
                    "<path d=\"M9,-12 L9,5\" stroke=\"{ALERT}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"
                ),
                "deadline",
            ),
            Extra::Forecast => (
                format!(
                    "<rect x=\"0\" y=\"-8\" width=\"18\" height=\"9\" rx=\"4.5\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"{MUTED}\" stroke-dasharray=\"2 2\"/><path d=\"M9,-11 L12,-3.5 L9,4 L6,-3.5 Z\" fill=\"{INK}\"/>",
                    colour(Some(Stage::Adoption))
                ),
                "forecast p10 to p90, \u{25c6} median",
            ),
        };
        items.push((
            format!(
                "{mark}<text x=\"24\" y=\"1\" font-size=\"{size}\" fill=\"{INK}\">{}</text>",
                escape(label)
            ),
            24.0 + text_width(label, size),
        ));
    }
    let mut body = String::new();
    let (mut x, mut y) = (0.0, 12.0);
    for (item, w) in items {
        if x > 0.0 && x + w > max_width {
            x = 0.0;
            y += row;
        }
        let _ = write!(
            body,
            "<g transform=\"translate({},{})\">{item}</g>",
            num(x),
            num(y)
        );
        x += w + 22.0;
    }
    Legend {
        body,
        height: y + 8.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_become_curves_and_runs() {
        let d = path_data(&[(0.0, 0.0), (10.0, 5.0), (20.0, 5.0), (30.0, 0.0)]);
        assert_eq!(d, "M0,0 C5,0 5,5 10,5 L20,5 C25,5 25,0 30,0");
    }
}
