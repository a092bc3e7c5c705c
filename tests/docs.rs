//! The transition diagram in the README and in docs/ is the one generated
//! from the table. `UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn transition_diagram_is_generated_from_the_table() {
    let generated = codecision::transition::mermaid_state_diagram();
    let path = root().join("docs/transitions.mmd");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        committed, generated,
        "docs/transitions.mmd is stale: UPDATE_DOCS=1 cargo test --test docs"
    );

    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = format!("```mermaid\n{generated}```");
    assert!(
        readme.contains(&block),
        "README's mermaid diagram differs from the table's"
    );
}
