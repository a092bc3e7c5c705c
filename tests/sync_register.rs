//! The register's optional `synced` field: read, checked, written back, and
//! absent from registers that never had it.

use codecision::{Register, parse_date};

#[test]
fn synced_is_read_and_written_after_version() {
    let text = r#"{"version": 1, "synced": "2026-11-30", "files": [{"id": "a", "title": "A"}]}"#;
    let register = Register::from_json(text).unwrap();
    assert_eq!(register.synced(), Some(parse_date("2026-11-30").unwrap()));
    let written = register.to_json();
    assert!(
        written.starts_with("{\n  \"version\": 1,\n  \"synced\": \"2026-11-30\",\n  \"files\""),
        "{written}"
    );
    assert_eq!(Register::from_json(&written).unwrap(), register);
    // A different `synced` is a different register.
    assert_ne!(register.clone().with_synced(None).unwrap(), register);
}

#[test]
fn a_register_without_it_is_written_without_it() {
    let register = Register::security_union();
    assert_eq!(register.synced(), None);
    assert!(!register.to_json().contains("synced"));
}

#[test]
fn a_bad_synced_date_is_an_error_that_names_it() {
    let e = Register::from_json(r#"{"synced": "2026-02-30", "files": []}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("2026-02-30"), "{e}");
    let e = Register::from_json(r#"{"synced": "2026-02-01", "synced": "2026-02-02", "files": []}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("synced"), "{e}");
    let e = Register::from_json(r#"{"sync": "2026-02-01", "files": []}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("`sync`") && e.contains("synced"), "{e}");
}
