//! Text shown on a terminal: [`escape_controls`].

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every character that could drive a terminal written as a
/// visible escape, `\u{1b}` style (`\n`, `\t` and `\r` as such): the C0
/// controls (ESC, BEL, backspace, line breaks...), DEL, the C1 controls and
/// the bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin,
/// which reorder what a reader sees). Everything else, accents and
/// non-Latin scripts included, is kept as it is; text with nothing to
/// escape is borrowed, not copied.
///
/// The library's error messages pass every value they quote through it;
/// the command line does the same for everything it prints for a person
/// (tables, messages, warnings). JSON output needs none of this: it has
/// its own escapes.
///
/// ```
/// use codecision::export::escape_controls;
/// assert_eq!(escape_controls("Eurodac"), "Eurodac");
/// assert_eq!(escape_controls("a\x1b[31mb\x07"), r"a\u{1b}[31mb\u{7}");
/// assert_eq!(escape_controls("evil\u{202e}txt.exe"), r"evil\u{202e}txt.exe");
/// assert_eq!(escape_controls("two\nlines"), r"two\nlines");
/// assert_eq!(escape_controls("Société générale"), "Société générale");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(is_control) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if is_control(c) {
            let _ = write!(out, "{}", c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` is escaped by [`escape_controls`].
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_is_escaped_and_nothing_else() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = c.to_string();
            let e = escape_controls(&s);
            if is_control(c) {
                assert!(e.starts_with('\\'), "{c:?}");
                assert!(!e.chars().any(is_control), "{c:?}");
            } else {
                assert_eq!(e, s, "{c:?}");
            }
        }
    }
}
