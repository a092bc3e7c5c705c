//! DOT and Mermaid exports: deterministic, escaped, and equal to the
//! committed snapshots. `UPDATE_SNAPSHOTS=1 cargo test --test export`
//! rewrites the snapshots after a deliberate change.

use std::path::PathBuf;

use codecision::export::{Dot, Mermaid};
use codecision::{Event, LegislativeFile, Register, Requirement, Stage, parse_date};

fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_SNAPSHOTS=1 creates it)", path.display()));
    assert_eq!(actual, expected, "{name} differs from its snapshot");
}

#[test]
fn dot_of_the_embedded_register_matches_its_snapshot() {
    let register = Register::security_union();
    let dot = Dot::new(&register, parse_date("2018-01-24").unwrap()).to_string();
    assert_eq!(
        dot,
        Dot::new(&register, parse_date("2018-01-24").unwrap()).to_string(),
        "deterministic"
    );
    snapshot("security_union_2018-01-24.dot", &dot);
}

#[test]
fn mermaid_of_the_embedded_register_matches_its_snapshot() {
    let register = Register::security_union();
    let chart = Mermaid::new(&register, parse_date("2018-01-24").unwrap()).to_string();
    snapshot("security_union_2018-01-24.mmd", &chart);
}

#[test]
fn every_node_and_edge_is_drawn_with_its_stage_colour() {
    let register = Register::security_union();
    let day = parse_date("2018-01-24").unwrap();
    let dot = Dot::new(&register, day).to_string();
    let chart = Mermaid::new(&register, day).to_string();
    let edges: usize = register
        .files()
        .iter()
        .map(|f| f.requirements().len())
        .sum::<usize>()
        + register
            .goals()
            .iter()
            .map(|g| g.requires.len())
            .sum::<usize>();
    let dot_edges = dot
        .lines()
        .filter(|l| l.contains(" -> ") && !l.contains("style=dashed"))
        .count();
    assert_eq!(dot_edges, edges);
    let mermaid_edges = chart
        .lines()
        .filter(|l| l.contains(" --> ") || l.contains(" -->|"))
        .count();
    assert_eq!(mermaid_edges, edges);
    for file in register.files() {
        assert!(
            dot.contains(&format!("  \"{}\" [label=", file.id())),
            "{}",
            file.id()
        );
        assert!(
            chart.contains(&format!("[\"{}<br/>", file.id())),
            "{}",
            file.id()
        );
    }
    // ETIAS is in trilogue then: its node carries the trilogue colour, and so
    // does the Mermaid class it belongs to.
    let etias = dot
        .lines()
        .find(|l| l.starts_with("  \"etias\" ["))
        .unwrap();
    assert!(etias.contains("etias\\ntrilogue"), "{etias}");
    let trilogue_fill = etias
        .split("fillcolor=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(chart.contains(&format!("classDef s_trilogue fill:{trilogue_fill}")));
}

#[test]
fn labels_are_escaped() {
    let register = Register::builder()
        .file(
            LegislativeFile::new("a", "Title with \"quotes\", a \\ backslash,\nand <html> #1")
                .with_events([Event::new(
                    parse_date("2020-01-01").unwrap(),
                    Stage::Proposal,
                )]),
        )
        .file(LegislativeFile::new("b", "B").requires(Requirement::at("a", Stage::Adoption)))
        .build()
        .unwrap();
    let day = parse_date("2020-06-01").unwrap();
    let dot = Dot::new(&register, day).to_string();
    assert!(
        dot.contains(r#"tooltip="Title with \"quotes\", a \\ backslash,\nand <html> #1""#),
        "{dot}"
    );
    assert!(
        dot.contains("\"b\" -> \"a\" [label=\"adoption\"];"),
        "{dot}"
    );
    assert!(dot.contains("\"b\" [label=\"b\\nnot proposed\""), "{dot}");
    let chart = Mermaid::new(&register, day).to_string();
    assert!(chart.contains("n1 -->|adoption| n0"), "{chart}");
    assert!(!chart.contains('"') || chart.lines().all(|l| l.matches('"').count() % 2 == 0));
}
