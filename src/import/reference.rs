//! Procedure references (`2016/0132(COD)`) and the file ids made from them.

/// The register id of a procedure reference: lowercase, every run of other
/// characters than ASCII letters and digits turned into one `-`, none at the
/// ends. `2016/0132(COD)` gives `2016-0132-cod`, `2016/0357A(COD)` gives
/// `2016-0357a-cod`. `None` when nothing is left.
pub(crate) fn file_id(reference: &str) -> Option<String> {
    let mut id = String::with_capacity(reference.len());
    for c in reference.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    (!id.is_empty()).then_some(id)
}

/// The reference of an EP API procedure that has no `label`: the process id
/// (`2016-0132`, no type) with its type (`COD`) as `2016/0132(COD)`.
pub(crate) fn from_process_id(process_id: &str, process_type: Option<&str>) -> String {
    let base = match process_id.split_once('-') {
        Some((year, number)) => format!("{year}/{number}"),
        None => process_id.to_string(),
    };
    match process_type {
        Some(t) => format!("{base}({t})"),
        None => base,
    }
}

/// Whether a reference is of an ordinary legislative procedure.
pub(crate) fn is_cod(reference: &str) -> bool {
    reference.trim_end().ends_with("(COD)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_references() {
        assert_eq!(file_id("2016/0132(COD)").as_deref(), Some("2016-0132-cod"));
        assert_eq!(
            file_id("2016/0357A(COD)").as_deref(),
            Some("2016-0357a-cod")
        );
        assert_eq!(
            file_id(" 2025/0803(CNS) ").as_deref(),
            Some("2025-0803-cns")
        );
        assert_eq!(file_id("é/()"), None);
        assert_eq!(file_id(""), None);
    }

    #[test]
    fn references_from_process_ids() {
        assert_eq!(from_process_id("2016-0132", Some("COD")), "2016/0132(COD)");
        assert_eq!(from_process_id("2018-0218", None), "2018/0218");
        assert!(is_cod("2016/0132(COD)"));
        assert!(!is_cod("2024/2006(REG)"));
    }
}
