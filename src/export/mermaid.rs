//! Mermaid `flowchart` export of the dependency graph, coloured by stage.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::export::dot::{related_pairs, stage_label};
use crate::export::palette::{colour, ink};
use crate::register::{FileOrGoal, Register};
use crate::stage::Stage;

/// Escapes text for a quoted Mermaid label.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A class name for a stage (`s_trilogue`, `s_none`).
fn class(stage: Option<Stage>) -> String {
    format!("s_{}", stage.map_or("none", Stage::as_str))
}

/// The dependency graph as a Mermaid flowchart: see [`Mermaid`](crate::export::Mermaid).
pub(crate) fn mermaid(register: &Register, as_of: NaiveDate) -> String {
    let mut out = String::from("flowchart LR\n");
    let _ = writeln!(
        out,
        "    %% dependency graph as of {as_of}; arrows point to prerequisites"
    );
    let mut stages_used: Vec<Option<Stage>> = Vec::new();
    let mut classes: Vec<(usize, Option<Stage>)> = Vec::new();
    for (i, file) in register.files().iter().enumerate() {
        let stage = file.stage_at(as_of).map(|s| s.stage);
        let _ = writeln!(
            out,
            "    n{i}[\"{}<br/>{}\"]",
            escape(file.id()),
            escape(&stage_label(file, stage))
        );
        if !stages_used.contains(&stage) {
            stages_used.push(stage);
        }
        classes.push((i, stage));
    }
    let offset = register.files().len();
    for (k, goal) in register.goals().iter().enumerate() {
        let _ = writeln!(
            out,
            "    n{}{{{{\"{}<br/>deadline {}\"}}}}",
            offset + k,
            escape(&goal.id),
            goal.deadline
        );
    }
    let position = |id: &str| register.index_of(id).map(|n| n as usize).ok();
    for (i, node) in register
        .files()
        .iter()
        .map(FileOrGoal::File)
        .chain(register.goals().iter().map(FileOrGoal::Goal))
        .enumerate()
    {
        for r in node.requirements() {
            let Some(to) = position(&r.file) else {
                continue;
            };
            let _ = if r.stage == Stage::EntryIntoForce {
                writeln!(out, "    n{i} --> n{to}")
            } else {
                writeln!(out, "    n{i} -->|{}| n{to}", r.stage.label())
            };
        }
    }
    for (a, b) in related_pairs(register) {
        if let (Some(a), Some(b)) = (position(a), position(b)) {
            let _ = writeln!(out, "    n{a} -.- n{b}");
        }
    }
    stages_used.sort();
    for stage in &stages_used {
        let _ = writeln!(
            out,
            "    classDef {} fill:{},color:{},stroke:#555555",
            class(*stage),
            colour(*stage),
            ink(*stage)
        );
    }
    let _ = writeln!(out, "    classDef goal fill:#fff7bc,stroke:#8c6d1f");
    for stage in &stages_used {
        let members: Vec<String> = classes
            .iter()
            .filter(|(_, s)| s == stage)
            .map(|(i, _)| format!("n{i}"))
            .collect();
        let _ = writeln!(out, "    class {} {}", members.join(","), class(*stage));
    }
    if !register.goals().is_empty() {
        let goals: Vec<String> = (0..register.goals().len())
            .map(|k| format!("n{}", offset + k))
            .collect();
        let _ = writeln!(out, "    class {} goal", goals.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_mermaid_reads() {
        assert_eq!(escape(r#"a "b" <c> #d"#), "a #quot;b#quot; #lt;c#gt; #35;d");
    }
}
