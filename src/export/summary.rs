//! The dependency graph past [`GRAPH_LIMIT`] nodes: one box and a bar for
//! each stage with the number of files at it (and of those that block the
//! target), the goals, and a line saying what was left out and why.
//!
//! A drawing of every file stops being readable long before a register
//! stops growing (a register of 100,000 files drawn box by box is a picture
//! of 170 MB with 200 million edge crossings), so past the limit the picture
//! counts instead of drawing. The JSON, DOT and Mermaid outputs of `graph`
//! still list every node and link.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::export::palette::{
    ALERT, GOAL_FILL, GOAL_STROKE, INK, LEGEND, MUTED, colour, legend_index, outline,
};
use crate::export::view::{GRAPH_LIMIT, GraphView};
use crate::export::xml::{escape, group, human_date, num, svg_start, text_width, wrap};
use crate::register::{FileOrGoal, Register};

/// How many goals the summary names; the others are counted.
const GOALS_NAMED: usize = 12;

const WIDTH: f64 = 980.0;
const LABEL_W: f64 = 330.0;
const BAR_X: f64 = 16.0 + LABEL_W;
const BAR_MAX: f64 = WIDTH - BAR_X - 250.0;
const ROW: f64 = 30.0;

/// The summary of `view` (more than [`GRAPH_LIMIT`] nodes): files counted
/// by their stage at `as_of`, blockers counted per stage, goals named.
pub(crate) fn summary_svg(register: &Register, view: &GraphView<'_>, as_of: NaiveDate) -> String {
    let mut files = [0usize; LEGEND.len()];
    let mut blocking = [0usize; LEGEND.len()];
    let mut goals: Vec<&str> = Vec::new();
    let mut links = 0usize;
    let mut drawn = vec![false; register.node_count()];
    for &n in &view.nodes {
        if let Some(d) = drawn.get_mut(n as usize) {
            *d = true;
        }
    }
    for &n in &view.nodes {
        let node = register.node_at(n);
        links += node
            .requirements()
            .iter()
            .filter(|r| {
                register
                    .index_of(&r.file)
                    .is_ok_and(|m| drawn.get(m as usize).copied().unwrap_or(false))
            })
            .count();
        match node {
            FileOrGoal::File(f) => {
                let i = legend_index(f.stage_at(as_of).map(|s| s.stage));
                files[i] += 1;
                if view.blockers.contains(f.id()) {
                    blocking[i] += 1;
                }
            }
            FileOrGoal::Goal(g) => goals.push(&g.id),
        }
    }
    let file_count: usize = files.iter().sum();
    let most = files.iter().copied().max().unwrap_or(0).max(1);
    let groups: Vec<usize> = (0..LEGEND.len()).filter(|&i| files[i] > 0).collect();

    let note = format!(
        "{nodes} nodes ({file_count} files, {goal_count}) and {links} requires links: more than the {limit} this picture draws one by one, so files are counted by their stage as of {date}. The JSON, DOT and Mermaid formats of codecision graph list every node and link.",
        nodes = group(view.nodes.len() as i64),
        file_count = group(file_count as i64),
        goal_count = match goals.len() {
            1 => "1 goal".to_string(),
            n => format!("{} goals", group(n as i64)),
        },
        links = group(links as i64),
        limit = GRAPH_LIMIT,
        date = human_date(as_of),
    );
    let note_lines = wrap(&note, 12.5, WIDTH - 32.0);
    let p = view.prefix;
    let top = 16.0 + 18.0 * note_lines.len() as f64 + 12.0;
    let goal_rows = usize::from(!goals.is_empty());
    let height = (top + ROW * (groups.len() + goal_rows) as f64 + 16.0).ceil();

    let mut out = String::new();
    svg_start(
        &mut out,
        "codecision-graph summary",
        &format!(
            " data-nodes=\"{}\" data-limit=\"{GRAPH_LIMIT}\"",
            view.nodes.len()
        ),
        (WIDTH, height),
        p,
        &format!("{} (summary by stage)", view.title),
    );
    out.push_str("<text class=\"left-out\" font-size=\"12.5\" fill=\"");
    out.push_str(MUTED);
    out.push_str("\">");
    for (i, line) in note_lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"16\" y=\"{}\">{}</tspan>",
            num(20.0 + 18.0 * i as f64),
            escape(line)
        );
    }
    out.push_str("</text>\n");
    let mut y = top;
    for &i in &groups {
        let (stage, label) = LEGEND[i];
        let bar = (BAR_MAX * files[i] as f64 / most as f64).max(2.0);
        let blocked = BAR_MAX * blocking[i] as f64 / most as f64;
        let count = match (files[i], blocking[i]) {
            (1, 0) => "1 file".to_string(),
            (n, 0) => format!("{} files", group(n as i64)),
            (n, b) => format!(
                "{} {}, {} blocking",
                group(n as i64),
                if n == 1 { "file" } else { "files" },
                group(b as i64)
            ),
        };
        let _ = write!(
            out,
            "<g class=\"group\" data-stage=\"{stage}\" data-files=\"{n}\" data-blocking=\"{b}\"><rect x=\"16\" y=\"{ry}\" width=\"18\" height=\"13\" rx=\"2\" fill=\"{fill}\" stroke=\"{line}\"/><text x=\"42\" y=\"{ty}\" font-size=\"12.5\" fill=\"{INK}\">{label}</text><rect class=\"bar\" x=\"{BAR_X}\" y=\"{by}\" width=\"{bw}\" height=\"18\" rx=\"3\" fill=\"{fill}\" stroke=\"{line}\"/>",
            stage = stage.map_or("none", |s| s.as_str()),
            n = files[i],
            b = blocking[i],
            ry = num(y + 6.0),
            ty = num(y + 17.0),
            by = num(y + 3.0),
            bw = num(bar),
            fill = colour(stage),
            line = outline(stage),
            label = escape(label),
        );
        if blocking[i] > 0 {
            let _ = write!(
                out,
                "<rect class=\"blocking\" x=\"{BAR_X}\" y=\"{}\" width=\"{}\" height=\"18\" rx=\"3\" fill=\"none\" stroke=\"{ALERT}\" stroke-width=\"2.6\"/>",
                num(y + 3.0),
                num(blocked.max(2.0)),
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12.5\" font-weight=\"600\" fill=\"{INK}\">{}</text></g>",
            num(BAR_X + bar + 8.0),
            num(y + 17.0),
            escape(&count)
        );
        y += ROW;
    }
    if !goals.is_empty() {
        let mut named = goals
            .iter()
            .take(GOALS_NAMED)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if goals.len() > GOALS_NAMED {
            let _ = write!(
                named,
                " and {} more",
                group((goals.len() - GOALS_NAMED) as i64)
            );
        }
        let _ = writeln!(
            out,
            "<g class=\"goals\" data-goals=\"{n}\"><path d=\"M20,{a} L30,{a} L34,{m} L30,{b} L20,{b} L16,{m} Z\" fill=\"{GOAL_FILL}\" stroke=\"{GOAL_STROKE}\"/><text x=\"42\" y=\"{ty}\" font-size=\"12.5\" fill=\"{INK}\">{label}</text><text x=\"{BAR_X}\" y=\"{ty}\" font-size=\"12.5\" fill=\"{INK}\">{named}</text></g>",
            n = goals.len(),
            a = num(y + 6.0),
            m = num(y + 12.5),
            b = num(y + 19.0),
            ty = num(y + 17.0),
            label = if goals.len() == 1 { "goal" } else { "goals" },
            named = escape(&shorten_to(&named, 12.5, WIDTH - BAR_X - 16.0)),
        );
    }
    out.push_str("</svg>\n");
    out
}

/// `text` cut at a comma, with an ellipsis, to fit `width` at `size`.
fn shorten_to(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for part in text.split(", ") {
        let next = if out.is_empty() {
            part.to_string()
        } else {
            format!("{out}, {part}")
        };
        if text_width(&next, size) + 2.0 * size > width {
            break;
        }
        out = next;
    }
    format!("{out}, \u{2026}")
}
