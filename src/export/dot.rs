//! Graphviz DOT export of the dependency graph, coloured by stage at a date.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::export::palette::{colour, ink};
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// Escapes `s` for a double-quoted DOT string.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The dependency graph in DOT: see [`Dot`](crate::export::Dot).
pub(crate) fn dot(register: &Register, as_of: NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph codecision {{");
    let _ = writeln!(
        out,
        "  // dependency graph as of {as_of}; arrows point to prerequisites"
    );
    let _ = writeln!(out, "  rankdir=LR;");
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];");
    for file in register.files() {
        let stage = file.stage_at(as_of).map(|s| s.stage);
        let label = format!("{}\n{}", file.id(), stage_label(file, stage));
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", tooltip=\"{}\", fillcolor=\"{}\", fontcolor=\"{}\"];",
            escape(file.id()),
            escape(&label),
            escape(file.title()),
            colour(stage),
            ink(stage)
        );
    }
    for goal in register.goals() {
        let label = format!("{}\ndeadline {}", goal.id, goal.deadline);
        let _ = writeln!(
            out,
            "  \"{}\" [shape=doubleoctagon, style=filled, fillcolor=\"#fff7bc\", label=\"{}\", tooltip=\"{}\"];",
            escape(&goal.id),
            escape(&label),
            escape(&goal.title)
        );
    }
    for node in register
        .files()
        .iter()
        .map(FileOrGoal::File)
        .chain(register.goals().iter().map(FileOrGoal::Goal))
    {
        for r in node.requirements() {
            let _ = if r.stage == Stage::EntryIntoForce {
                writeln!(
                    out,
                    "  \"{}\" -> \"{}\";",
                    escape(node.id()),
                    escape(&r.file)
                )
            } else {
                writeln!(
                    out,
                    "  \"{}\" -> \"{}\" [label=\"{}\"];",
                    escape(node.id()),
                    escape(&r.file),
                    r.stage.label()
                )
            };
        }
    }
    for (a, b) in related_pairs(register) {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [style=dashed, dir=none, color=\"#888888\", constraint=false];",
            escape(a),
            escape(b)
        );
    }
    out.push_str("}\n");
    out
}

/// The stage as the field writes it, with the voting committee for a
/// committee vote ("not proposed" before any event).
pub(crate) fn stage_label(file: &crate::LegislativeFile, stage: Option<Stage>) -> String {
    match stage {
        None => "not proposed".to_string(),
        Some(Stage::LibeVote) => {
            let committee = file
                .events()
                .iter()
                .find(|e| e.stage == Some(Stage::LibeVote))
                .and_then(|e| file.committee_for(e));
            Stage::LibeVote.label_for(committee)
        }
        Some(s) => s.label().to_string(),
    }
}

/// Each `related` link once, as an ordered pair, in register order.
pub(crate) fn related_pairs(register: &Register) -> Vec<(&str, &str)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for file in register.files() {
        for other in file.related() {
            let key = if file.id() <= other.as_str() {
                (file.id(), other.as_str())
            } else {
                (other.as_str(), file.id())
            };
            if key.0 != key.1 && seen.insert(key) {
                out.push((file.id(), other.as_str()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_newlines() {
        assert_eq!(escape(r#"a "b" \ c"#), r#"a \"b\" \\ c"#);
        assert_eq!(escape("two\nlines"), "two\\nlines");
    }
}
