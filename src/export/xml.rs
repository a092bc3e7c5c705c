//! Small helpers shared by the SVG and HTML writers: escaping, numbers,
//! dates and a text-width estimate.

use std::fmt;

/// The font stack of every picture: the reader's own system fonts, nothing
/// fetched.
pub(crate) const FONT_STACK: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/// Escapes text for XML/HTML content and attribute values (`&`, `<`, `>`,
/// both quotes). Every character XML 1.0 forbids is dropped, since no
/// escape can carry it (`&#xFFFE;` is as forbidden as the character): the
/// C0 controls other than tab, line feed and carriage return, and U+FFFE
/// and U+FFFF. The other control characters (carriage return, DEL, C1)
/// are dropped too: XML allows them, but they mean nothing in a picture or
/// a page. Every text of a register that an SVG or HTML output shows goes
/// through here.
pub(crate) fn escape(s: &str) -> String {
    // A text made of plain characters only (most are) is copied at once.
    if s.bytes().all(plain) {
        return s.to_string();
    }
    Escaped(s).to_string()
}

/// Whether [`escape`] keeps byte `b` as it is: the printable ASCII
/// characters other than the five escaped, tab and line feed.
fn plain(b: u8) -> bool {
    matches!(b, b' '..=b'~' | b'\t' | b'\n') && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// A text escaped as [`escape`] does, written where it is formatted
/// (`write!(out, "{}", Escaped(text))`) rather than into a string of its
/// own: the report's tables write hundreds of thousands of ids, titles and
/// sources.
pub(crate) struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.bytes().all(plain) {
            return f.write_str(s);
        }
        // Runs of characters kept as they are, each written at once.
        let mut run = 0;
        for (at, c) in s.char_indices() {
            let with = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' | '\n' => continue,
                c if c.is_control() || !is_xml_char(c) => "",
                _ => continue,
            };
            f.write_str(&s[run..at])?;
            f.write_str(with)?;
            run = at + c.len_utf8();
        }
        f.write_str(&s[run..])
    }
}

/// Whether XML 1.0's `Char` production allows `c` (a Rust `char` is never
/// a surrogate, so only U+FFFE, U+FFFF and the C0 controls are left out).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Opens a picture: the `<svg>` element (its `class`, then `attributes`
/// as written, e.g. ` data-nodes="3"` with its leading space, the size,
/// the font stack, labelled by its title) and its `<title>` (escaped), whose
/// id is `{prefix}-title`; each on its own line.
pub(crate) fn svg_start(
    out: &mut String,
    class: &str,
    attributes: &str,
    (width, height): (f64, f64),
    prefix: &str,
    title: &str,
) {
    use std::fmt::Write as _;
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\"{attributes} viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"{font}\" role=\"img\" aria-labelledby=\"{prefix}-title\">\n<title id=\"{prefix}-title\">{title}</title>",
        w = num(width),
        h = num(height),
        font = escape(FONT_STACK),
        title = escape(title),
    );
}

/// A coordinate with at most one decimal, without a trailing `.0`, so the
/// output is short and stable.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let tenths = (x * 10.0).round();
    if tenths % 10.0 == 0.0 {
        format!("{}", (tenths / 10.0) as i64)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// Dates and counts as every output writes them (see [`crate::text`]).
pub(crate) use crate::text::{Day, count as group, date as human_date};

/// A generous estimate of the width of `text` set in a sans-serif font of
/// `size` pixels (no font metrics are available without fonts): boxes are
/// sized with it, so it errs on the wide side.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    let units: f64 =
        text.chars()
            .map(|c| match c {
                'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|'
                | '!' => 0.36,
                ' ' | '-' | '(' | ')' | '/' => 0.4,
                'm' | 'w' | 'M' | 'W' => 0.92,
                c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.66,
                _ => 0.58,
            })
            .sum();
    units * size
}

/// `text` broken into lines no wider than `width` at `size`.
pub(crate) fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && text_width(&format!("{line} {word}"), size) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group(1072), "1\u{202f}072");
        assert_eq!(group(72), "72");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("bell\u{7}"), "bell");
        assert_eq!(
            escape("a\u{FFFE}b\u{FFFF}c\u{1}\u{B}\u{C}\u{1F}\r\u{7F}\u{85}\td\u{FFFD}\u{10000}"),
            "abc\td\u{FFFD}\u{10000}"
        );
    }

    #[test]
    fn plain_ascii_is_escaped_as_any_other_text() {
        // A non-ASCII letter takes the character-by-character way.
        for b in 0u8..128 {
            let c = char::from(b);
            let plain = escape(&format!("x{c}y"));
            let slow = escape(&format!("\u{e9}x{c}y"));
            assert_eq!(Some(plain.as_str()), slow.strip_prefix('\u{e9}'), "{b}");
        }
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.26), "12.3");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn dates_read_like_prose() {
        let d = chrono::NaiveDate::from_ymd_opt(2018, 1, 24).unwrap();
        assert_eq!(human_date(d), "24 Jan 2018");
    }

    #[test]
    fn wider_text_is_wider() {
        assert!(text_width("interop-police-asylum", 13.0) > text_width("ees", 13.0));
    }

    #[test]
    fn notes_wrap_to_the_width() {
        let lines = wrap("one two three four five six seven", 12.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "one two three four five six seven");
        for line in &lines[..lines.len() - 1] {
            assert!(text_width(line, 12.0) <= 60.0, "{line}");
        }
    }
}
