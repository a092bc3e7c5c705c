//! A small aligned-table renderer, and the terminal colours of stages.
//!
//! Columns are separated by two spaces and padded to the widest cell (in
//! characters); the last column is not padded, so no line ends in blanks.
//! Colours are ANSI escapes, added only when the caller says so (a terminal,
//! `NO_COLOR` unset): the padding is computed on the text, never on the
//! escapes.
//!
//! ```text
//! let mut t = Table::new(["ID", "STAGE"]);
//! t.row([Cell::plain("etias"), stage_cell(Some(Stage::Trilogue), None)]);
//! ctx.print(t.render(ctx.color));
//! ```

use chrono::NaiveDate;
use codecision::Stage;

/// How a cell is coloured on a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// No colour.
    Plain,
    /// Bold (headers, headings).
    Bold,
    /// Faint (missing values, secondary text).
    Dim,
    /// Red (blocking, warnings).
    Alert,
    /// Green (done, not blocking).
    Good,
    /// The colour of a stage (`None`: not yet proposed).
    Stage(Option<Stage>),
}

impl Style {
    /// The ANSI SGR code, if any.
    fn code(self) -> Option<&'static str> {
        match self {
            Style::Plain => None,
            Style::Bold => Some("1"),
            Style::Dim | Style::Stage(None) => Some("2"),
            Style::Alert => Some("31"),
            Style::Good => Some("32"),
            Style::Stage(Some(stage)) => Some(match stage {
                Stage::Proposal => "37",
                Stage::GeneralApproach | Stage::LibeVote => "33",
                Stage::Trilogue | Stage::PoliticalAgreement => "36",
                Stage::Adoption => "34",
                Stage::EntryIntoForce | Stage::Application => "32",
                Stage::Withdrawn | Stage::Lapsed | Stage::Rejected => "31",
            }),
        }
    }
}

/// `text` in `style` when `color` is on, else `text` as it is.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    // Data never carries a colour code of its own to the terminal.
    let text = &*crate::ctx::for_terminal(text, false);
    match style.code() {
        Some(code) if color => format!("\x1b[{code}m{text}\x1b[0m"),
        _ => text.to_string(),
    }
}

/// One cell: its text and how to colour it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    text: String,
    style: Style,
}

impl Cell {
    /// A cell without colour.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell::styled(text, Style::Plain)
    }

    /// A cell in `style`.
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        let text: String = text.into();
        // Control characters escaped before the width is measured.
        let text = match codecision::export::escape_controls(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(escaped) => escaped,
        };
        Cell { text, style }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::plain(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::plain(text)
    }
}

/// What a table shows for a missing value.
pub const NONE: &str = "-";

/// A stage as the field writes it ("general approach", "LIBE vote", "entry
/// into force"), in its colour; `-` when there is none.
pub fn stage_cell(stage: Option<Stage>, committee: Option<&str>) -> Cell {
    Cell::styled(stage_label(stage, committee), Style::Stage(stage))
}

/// A stage as the field writes it, `-` when there is none.
pub fn stage_label(stage: Option<Stage>, committee: Option<&str>) -> String {
    stage.map_or_else(|| NONE.to_string(), |s| s.label_for(committee))
}

/// A date, or `-`.
pub fn date_cell(date: Option<NaiveDate>) -> Cell {
    match date {
        Some(d) => Cell::plain(d.to_string()),
        None => Cell::styled(NONE, Style::Dim),
    }
}

/// The most ids a table prints of a blocker's chain; a longer one is
/// abridged (see `Blocker::path_text`).
pub const PATH_IDS: usize = 12;

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Rows of cells under a header, rendered with aligned columns.
#[derive(Clone, Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column headers.
    pub fn new<const N: usize>(header: [&str; N]) -> Self {
        Self::from_header(header)
    }

    /// A table with these column titles, however many.
    pub fn from_header<'a>(header: impl IntoIterator<Item = &'a str>) -> Self {
        Table {
            header: header.into_iter().map(str::to_string).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are blank, extra cells are kept).
    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        self.rows.push(cells.into_iter().collect());
    }

    /// The table as lines of text, the header in bold when `color` is on.
    pub fn render(&self, color: bool) -> String {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let mut width = vec![0usize; columns];
        let header: Vec<Cell> = self
            .header
            .iter()
            .map(|h| Cell::styled(h.clone(), Style::Bold))
            .collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            for (i, cell) in row.iter().enumerate() {
                width[i] = width[i].max(cell.text.chars().count());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            // The last non-empty cell ends the line: no trailing blanks.
            let last = row.iter().rposition(|c| !c.text.is_empty()).unwrap_or(0);
            for (i, cell) in row.iter().enumerate().take(last + 1) {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(&paint(&cell.text, cell.style, color));
                if i < last {
                    let pad = width[i] - cell.text.chars().count();
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_lines_end_clean() {
        let mut t = Table::new(["ID", "STAGE", "NOTE"]);
        t.row([
            Cell::plain("etias"),
            stage_cell(Some(Stage::Trilogue), None),
        ]);
        t.row([
            Cell::plain("ees"),
            stage_cell(Some(Stage::LibeVote), Some("LIBE")),
            Cell::plain("x"),
        ]);
        let text = t.render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID     STAGE      NOTE");
        assert_eq!(lines[1], "etias  trilogue");
        assert_eq!(lines[2], "ees    LIBE vote  x");
    }

    #[test]
    fn colour_does_not_shift_columns() {
        let mut t = Table::new(["A", "B"]);
        t.row([stage_cell(None, None), Cell::plain("x")]);
        let plain = t.render(false);
        let coloured = t.render(true);
        let stripped = coloured
            .replace("\x1b[1m", "")
            .replace("\x1b[2m", "")
            .replace("\x1b[0m", "");
        assert_eq!(plain, stripped);
        assert!(coloured.contains("\x1b["));
    }

    #[test]
    fn truncation_keeps_short_text() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
