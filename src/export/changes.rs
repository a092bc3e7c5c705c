//! "Since the last report" in words: the answer of
//! [`Register::changes`](crate::Register::changes) as Markdown a report
//! writer pastes, and as the report's "Since DATE" section. Both read the
//! same sentences, so the two never word a change differently.

use std::fmt::Write as _;

use crate::event::Event;
use crate::export::xml::{escape, human_date};
use crate::query::{
    BecameBlocker, Changes, Cleared, Moved, Reason, Stuck, TargetChanges, Verdict, VerdictState,
};
use crate::stage::Stage;

/// "open: 10 files block it", at one end of the window.
fn verdict(v: &Verdict) -> String {
    let n = v.blockers.len();
    let (files, block) = if n == 1 {
        ("1 file".to_string(), "blocks")
    } else {
        (format!("{n} files"), "block")
    };
    let state = match v.state {
        VerdictState::Met => "met: nothing blocks it".to_string(),
        VerdictState::Open => format!("open: {files} {block} it"),
        VerdictState::Missed => format!("missed: {files} short of it at the deadline"),
    };
    format!("{}: {state}", human_date(v.as_of))
}

/// "Chance of meeting the deadline: 12% then, 8% now".
fn on_time(t: &TargetChanges) -> Option<String> {
    t.p_on_time.map(|p| {
        format!(
            "chance of meeting the deadline, as forecast: {} then, {} now",
            crate::text::percent(p.before),
            crate::text::percent(p.after)
        )
    })
}

fn stage_or_none(stage: Option<Stage>) -> &'static str {
    stage.map_or("not proposed", Stage::label)
}

/// "general approach → trilogue".
fn from_to(m: &Moved) -> String {
    match (m.from, m.to) {
        (from, to) if from == to => format!("{} (a further step)", stage_or_none(to)),
        (from, to) => format!("{} \u{2192} {}", stage_or_none(from), stage_or_none(to)),
    }
}

/// "12 Oct 2017, LIBE vote".
fn event(e: &Event) -> String {
    format!("{}, {}", human_date(e.date), stage_or_none(e.stage))
}

/// "reached entry into force on 29 Dec 2017".
fn cleared(c: &Cleared) -> String {
    format!("reached {} on {}", c.required.label(), human_date(c.on))
}

/// "proposed in the window; needs entry into force, at proposal".
fn became(b: &BecameBlocker) -> String {
    let why = match b.reason {
        Reason::NewPrerequisite => "a new prerequisite, proposed in the window",
        Reason::DeadlinePassed => "the deadline passed with it short",
    };
    format!(
        "{why}; needs {}, at {} (via {})",
        b.required.label(),
        stage_or_none(b.stage),
        b.chain
    )
}

/// "LIBE vote since 30 May 2017 (239 days)".
fn stuck(s: &Stuck) -> String {
    format!(
        "{} since {} ({} days)",
        s.stage.label(),
        human_date(s.last_moved),
        s.days
    )
}

/// Markdown's special characters in running text, escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '`' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Changes {
    /// The changes as Markdown: see [`ChangesMarkdown`](crate::export::ChangesMarkdown).
    pub(crate) fn to_markdown(&self) -> String {
        let mut out = format!(
            "## Since {}\n\nWhat moved between {} and {}.\n",
            human_date(self.since),
            human_date(self.since),
            human_date(self.as_of)
        );
        if let Some(t) = &self.target {
            let _ = write!(
                out,
                "\n### {} (deadline {})\n\n- {}\n- {}\n",
                md(&t.target),
                human_date(t.deadline),
                verdict(&t.before),
                verdict(&t.after)
            );
            if let Some(p) = on_time(t) {
                let _ = writeln!(out, "- {}", capitalise(&p));
            }
            for c in &t.cleared {
                let _ = writeln!(out, "- Cleared: **{}** {}", md(&c.file), cleared(c));
            }
            for b in &t.became_blockers {
                let _ = writeln!(
                    out,
                    "- New blocker: **{}**, {}",
                    md(&b.file),
                    md(&became(b))
                );
            }
        }
        out.push_str("\n### Moved\n\n");
        if self.moved.is_empty() {
            out.push_str("Nothing moved.\n");
        }
        for m in &self.moved {
            let _ = writeln!(out, "- **{}**: {}", md(&m.file), from_to(m));
            for e in &m.events {
                let _ = write!(out, "  - {}", event(e));
                if let Some(source) = e.source() {
                    let _ = write!(out, " (source: {})", md(source));
                }
                out.push('\n');
            }
        }
        if !self.stuck.is_empty() {
            out.push_str("\n### Did not move\n\n");
            for s in &self.stuck {
                let _ = writeln!(out, "- **{}**: {}", md(&s.file), stuck(s));
            }
        }
        out
    }

    /// The report's "Since DATE" section, as HTML: the same sentences as
    /// [`ChangesMarkdown`](crate::export::ChangesMarkdown).
    pub(crate) fn since_section_html(&self) -> String {
        let mut out = format!(
            "<section id=\"since\">\n<h2>Since {since}</h2>\n<p class=\"lede\">What moved between {since} and {as_of}: staged events with their sources, the files that cleared or became blockers, and the files that did not move.</p>\n",
            since = escape(&human_date(self.since)),
            as_of = escape(&human_date(self.as_of)),
        );
        if let Some(t) = &self.target {
            out.push_str("<ul class=\"verdicts\">\n");
            let mut items = vec![verdict(&t.before), verdict(&t.after)];
            items.extend(on_time(t).map(|p| capitalise(&p)));
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", escape(&item));
            }
            for c in &t.cleared {
                let _ = writeln!(
                    out,
                    "<li class=\"cleared\">Cleared: <span class=\"id\">{}</span> {}</li>",
                    escape(&c.file),
                    escape(&cleared(c))
                );
            }
            for b in &t.became_blockers {
                let _ = writeln!(
                    out,
                    "<li class=\"became\">New blocker: <span class=\"id\">{}</span>, {}</li>",
                    escape(&b.file),
                    escape(&became(b))
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("<h3>Moved</h3>\n");
        if self.moved.is_empty() {
            out.push_str("<p>Nothing moved.</p>\n");
        } else {
            out.push_str("<ul class=\"moved\">\n");
            for m in &self.moved {
                let _ = write!(
                    out,
                    "<li data-file=\"{id}\"><span class=\"id\">{id}</span>: {}\n<ul>\n",
                    escape(&from_to(m)),
                    id = escape(&m.file),
                );
                for e in &m.events {
                    let _ = write!(out, "<li>{}", escape(&event(e)));
                    if let Some(source) = e.source() {
                        let _ = write!(
                            out,
                            " <span class=\"sources\">(source: {})</span>",
                            escape(source)
                        );
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ul></li>\n");
            }
            out.push_str("</ul>\n");
        }
        if !self.stuck.is_empty() {
            out.push_str("<h3>Did not move</h3>\n<ul class=\"stuck\">\n");
            for s in &self.stuck {
                let _ = writeln!(
                    out,
                    "<li data-file=\"{id}\"><span class=\"id\">{id}</span>: {}</li>",
                    escape(&stuck(s)),
                    id = escape(&s.file),
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
        out
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use crate::query::OnTime;
    use crate::{Ask, Register, parse_date};

    /// A share of 1/8 reads "13%" in the Markdown and in the HTML (and on
    /// the terminal, which writes it with the same `text::percent`): the
    /// report rounded it to 13% while the others said 12%.
    #[test]
    fn one_eighth_reads_the_same_in_markdown_and_html() {
        let register = Register::security_union();
        let d = |s| parse_date(s).unwrap();
        let mut changes = register
            .changes(
                &Ask::new(d("2018-01-24"))
                    .target("interoperability-2020")
                    .since(d("2017-07-27")),
            )
            .unwrap();
        let target = changes.target.as_mut().unwrap();
        target.p_on_time = Some(OnTime {
            before: 1.0 / 8.0,
            after: 1.0 / 8.0,
        });
        let said = "hance of meeting the deadline, as forecast: 13% then, 13% now";
        assert_eq!(crate::text::percent(1.0 / 8.0), "13%");
        assert!(changes.to_markdown().contains(said));
        assert!(changes.since_section_html().contains(said));
    }
}
