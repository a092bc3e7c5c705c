//! The transition table: which stage may follow which, and on what condition.
//!
//! [`TABLE`] is the single source of truth. The checked runtime API
//! ([`LegislativeFile::apply`](crate::LegislativeFile::apply)), the typed-state
//! API ([`typed`](crate::typed), which asserts at compile time that each of its
//! transitions is a row here), the replay diagnostics and their
//! [`Refusal`]s, the diagrams ([`mermaid_state_diagram`],
//! [`dot_state_diagram`]), the end states ([`end_states`]) and the forecast's
//! route model all read it.
//!
//! What an embedding tool reads here: the rows ([`TABLE`], [`Rule`], with
//! where each starts, [`Origin`], and its condition, [`Guard`]), the question
//! "is there a row from this stage to that one" ([`permits`], [`edges`]), a
//! file's state as the table sees it ([`Progress`], from
//! [`LegislativeFile::progress_at`](crate::LegislativeFile::progress_at)) and
//! what it would do with a stage ([`Step`] or [`Refusal`]). The types are
//! `#[non_exhaustive]` or keep their fields private, so rows, conditions and
//! reasons can grow without breaking an embedder.
//!
//! ```
//! use codecision::Stage;
//! use codecision::transition::{Progress, TABLE, permits};
//!
//! assert!(permits(Some(Stage::Trilogue), Stage::PoliticalAgreement));
//! assert!(!permits(Some(Stage::Proposal), Stage::Trilogue));
//! let rule = TABLE.iter().find(|r| r.to == Stage::Trilogue).unwrap();
//! assert_eq!(rule.name, "trilogue-needs-both-mandates");
//!
//! let mut progress = Progress::new();
//! progress.record(Stage::Proposal);
//! progress.record(Stage::GeneralApproach);
//! let refusal = progress.check(Stage::Trilogue).unwrap_err();
//! assert_eq!(refusal.failed_rule(), Some(rule));
//! assert_eq!(refusal.allowed_instead()[0], Stage::LibeVote);
//! ```

use std::fmt::{self, Write as _};

use crate::stage::Stage;

/// Where a transition may start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// A file with no stage yet.
    Start,
    /// A file currently at one of these stages.
    Stages(&'static [Stage]),
}

impl Origin {
    /// The stages the transition starts from (`None`: a file with no stage).
    pub const fn stages(self) -> Option<&'static [Stage]> {
        match self {
            Origin::Start => None,
            Origin::Stages(stages) => Some(stages),
        }
    }
}

/// A condition a transition needs beyond the file's current stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Guard {
    /// No further condition.
    None,
    /// Both co-legislators' mandates (general approach and committee vote)
    /// must be held.
    BothMandates,
    /// Parliament's committee mandate must be held.
    ParliamentMandate,
}

impl Guard {
    /// Whether a file with these mandates satisfies the guard.
    pub const fn holds(self, progress: &Progress) -> bool {
        match self {
            Guard::None => true,
            Guard::BothMandates => progress.council_mandate && progress.parliament_mandate,
            Guard::ParliamentMandate => progress.parliament_mandate,
        }
    }

    /// What the guard needs held, as a noun ("both mandates"; "nothing" for
    /// [`Guard::None`]).
    pub const fn held(self) -> &'static str {
        match self {
            Guard::None => "nothing",
            Guard::BothMandates => "both mandates",
            Guard::ParliamentMandate => "Parliament's mandate",
        }
    }

    /// What the guard asks for, in words ("both mandates held").
    pub const fn describe(self) -> &'static str {
        match self {
            Guard::None => "always",
            Guard::BothMandates => "both mandates held",
            Guard::ParliamentMandate => "Parliament's mandate held",
        }
    }
}

/// One row of the transition table. Its fields are read; rows are made only
/// here, in [`TABLE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// A short name for the rule (`council-mandate-first`), used in error
    /// messages and diagrams.
    pub name: &'static str,
    /// The stages the transition may start from.
    pub from: Origin,
    /// The stage the transition leads to.
    pub to: Stage,
    /// The condition the transition needs beyond the current stage.
    pub guard: Guard,
    /// Why the rule exists, in a sentence.
    pub why: &'static str,
}

impl Rule {
    /// Whether the rule starts from `from` (`None`: a file with no stage).
    pub const fn starts_from(&self, from: Option<Stage>) -> bool {
        match (self.from, from) {
            (Origin::Start, None) => true,
            (Origin::Stages(stages), Some(stage)) => {
                let mut i = 0;
                while i < stages.len() {
                    if stages[i] as u8 == stage as u8 {
                        return true;
                    }
                    i += 1;
                }
                false
            }
            _ => false,
        }
    }
}

const OPEN: &[Stage] = &[
    Stage::Proposal,
    Stage::GeneralApproach,
    Stage::LibeVote,
    Stage::Trilogue,
    Stage::PoliticalAgreement,
];
const MANDATES: &[Stage] = &[Stage::GeneralApproach, Stage::LibeVote];

/// The transition table of the ordinary legislative procedure, as this crate
/// models it.
///
/// The routes it admits:
///
/// - **Either mandate first.** From a proposal, the Council's general
///   approach or Parliament's committee vote; then the other one.
/// - **Trilogue needs both mandates**, a political agreement needs a trilogue,
///   adoption follows the agreement, then entry into force and application.
/// - **Adoption without trilogue**: Council approves Parliament's first-reading
///   position as it stands, so a file holding Parliament's mandate may be
///   adopted directly.
/// - **Early second-reading agreements** (the VIS revision) need no rule of
///   their own: Parliament's first-reading position is its committee vote and
///   plenary, the Council's mandate, trilogues and agreement follow, and the
///   Council's first-reading position with Parliament's approval in second
///   reading is the adoption.
/// - **Withdrawal, lapse or rejection** from any open stage (proposal up to
///   political agreement).
///
/// What it refuses, and why: a proposal adopted with no Parliament position
/// (the ordinary procedure needs Parliament's first reading); an agreement
/// with no trilogue (a provisional agreement is what trilogues produce: record
/// the trilogue, even on the day of the agreement); anything after a terminal
/// stage. A repeated proposal, mandate or trilogue (an amended proposal, a
/// revised mandate, a further meeting) is not a transition at all.
///
/// The table drawn as a Mermaid `stateDiagram-v2` by
/// [`mermaid_state_diagram`] (the copy here, `docs/transitions.mmd`, is kept
/// identical by a test):
///
/// ```text
#[doc = include_str!("../docs/transitions.mmd")]
/// ```
pub const TABLE: &[Rule] = &[
    Rule {
        name: "proposal",
        from: Origin::Start,
        to: Stage::Proposal,
        guard: Guard::None,
        why: "a file starts with the Commission's proposal",
    },
    Rule {
        name: "council-mandate-first",
        from: Origin::Stages(&[Stage::Proposal]),
        to: Stage::GeneralApproach,
        guard: Guard::None,
        why: "the Council may adopt its mandate before Parliament",
    },
    Rule {
        name: "parliament-mandate-first",
        from: Origin::Stages(&[Stage::Proposal]),
        to: Stage::LibeVote,
        guard: Guard::None,
        why: "Parliament's committee may vote its mandate before the Council",
    },
    Rule {
        name: "parliament-mandate-second",
        from: Origin::Stages(&[Stage::GeneralApproach]),
        to: Stage::LibeVote,
        guard: Guard::None,
        why: "Parliament's committee votes after the Council's general approach",
    },
    Rule {
        name: "council-mandate-second",
        from: Origin::Stages(&[Stage::LibeVote]),
        to: Stage::GeneralApproach,
        guard: Guard::None,
        why: "the Council adopts its mandate after Parliament's committee vote",
    },
    Rule {
        name: "trilogue-needs-both-mandates",
        from: Origin::Stages(MANDATES),
        to: Stage::Trilogue,
        guard: Guard::BothMandates,
        why: "trilogues open once both co-legislators hold a mandate",
    },
    Rule {
        name: "agreement-in-trilogue",
        from: Origin::Stages(&[Stage::Trilogue]),
        to: Stage::PoliticalAgreement,
        guard: Guard::None,
        why: "a provisional agreement is what trilogues produce",
    },
    Rule {
        name: "adoption-after-agreement",
        from: Origin::Stages(&[Stage::PoliticalAgreement]),
        to: Stage::Adoption,
        guard: Guard::None,
        why: "both co-legislators adopt the agreed text",
    },
    Rule {
        name: "adoption-without-trilogue",
        from: Origin::Stages(MANDATES),
        to: Stage::Adoption,
        guard: Guard::ParliamentMandate,
        why: "the Council may approve Parliament's first-reading position as it stands",
    },
    Rule {
        name: "entry-into-force",
        from: Origin::Stages(&[Stage::Adoption]),
        to: Stage::EntryIntoForce,
        guard: Guard::None,
        why: "an adopted act enters into force, usually on the 20th day after publication",
    },
    Rule {
        name: "application",
        from: Origin::Stages(&[Stage::EntryIntoForce]),
        to: Stage::Application,
        guard: Guard::None,
        why: "an act in force applies, or its system starts operating, from a set date",
    },
    Rule {
        name: "withdrawal",
        from: Origin::Stages(OPEN),
        to: Stage::Withdrawn,
        guard: Guard::None,
        why: "the Commission may withdraw a proposal while the procedure is open",
    },
    Rule {
        name: "lapse",
        from: Origin::Stages(OPEN),
        to: Stage::Lapsed,
        guard: Guard::None,
        why: "a proposal may lapse while the procedure is open",
    },
    Rule {
        name: "rejection",
        from: Origin::Stages(OPEN),
        to: Stage::Rejected,
        guard: Guard::None,
        why: "a co-legislator may reject a proposal while the procedure is open",
    },
];

/// What the checked API and replay know about a file: its current stage and
/// which mandates it holds. Made by [`Progress::new`] and moved by
/// [`record`](Progress::record) (or read from a file with
/// [`LegislativeFile::progress_at`](crate::LegislativeFile::progress_at)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The current stage (`None` before the proposal).
    stage: Option<Stage>,
    /// Whether the Council's mandate (general approach) is held.
    council_mandate: bool,
    /// Whether Parliament's committee mandate is held.
    parliament_mandate: bool,
}

/// What happens when a file at some [`Progress`] records a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// A transition allowed by this rule.
    Transition(&'static Rule),
    /// Not a transition: a further trilogue, a revised mandate, an amended
    /// proposal. The stage does not change.
    Repeat,
}

/// Why a stage may not be recorded now, as the table says it: the file's
/// state, the stage refused, and (when a row matched the stages but not its
/// condition) the rule whose guard failed. The reason in words
/// ([`Display`](fmt::Display)) is derived from [`TABLE`]: the rules that lead
/// to the refused stage, from where and on what condition, and what the
/// table allows from here; or that no rule leaves the file's stage.
///
/// ```
/// use codecision::{Event, LegislativeFile, Stage, parse_date};
/// let d = |s| parse_date(s).unwrap();
/// let file = LegislativeFile::new("x", "X").with_events([
///     Event::new(d("2017-01-10"), Stage::Proposal),
///     Event::new(d("2017-05-10"), Stage::PoliticalAgreement),
/// ]);
/// let found = file.diagnostics();
/// assert_eq!(
///     found[0].reason.to_string(),
///     "political_agreement comes only after trilogue (rule `agreement-in-trilogue`); \
///      from proposal the table allows general_approach, libe_vote, withdrawn, lapsed or rejected"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    progress: Progress,
    to: Stage,
    rule: Option<&'static Rule>,
}

impl Refusal {
    /// The stage the file was at (`None` before its proposal).
    pub const fn from(&self) -> Option<Stage> {
        self.progress.stage
    }

    /// The stage that was refused.
    pub const fn to(&self) -> Stage {
        self.to
    }

    /// The rule whose guard failed, when a row leads from the file's stage
    /// to the refused one but its condition is not met.
    pub const fn failed_rule(&self) -> Option<&'static Rule> {
        self.rule
    }

    /// Whether the refusal is because the procedure has ended: no rule of
    /// the table leaves the file's stage.
    pub fn has_ended(&self) -> bool {
        self.progress.stage.is_some_and(is_end_state)
    }

    /// The rules of [`TABLE`] that lead to the refused stage, in table order.
    pub fn rules_to(&self) -> impl Iterator<Item = &'static Rule> + use<> {
        let to = self.to;
        TABLE.iter().filter(move |rule| rule.to == to)
    }

    /// The stages the table allows from the file's state instead
    /// ([`Progress::allowed_next`]).
    pub fn allowed_instead(&self) -> Vec<Stage> {
        self.progress.allowed_next()
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let here = self.from().map_or("no stage", Stage::as_str);
        if self.has_ended() {
            return write!(f, "the procedure has ended: no rule leaves {here}");
        }
        let to = self.to;
        match self.rule {
            Some(rule) => write!(
                f,
                "{to} after {here} needs {} (rule `{}`)",
                rule.guard.describe(),
                rule.name
            )?,
            None => {
                write!(f, "{to} comes only ")?;
                for (i, rule) in self.rules_to().enumerate() {
                    if i > 0 {
                        f.write_str(", or ")?;
                    }
                    match rule.from {
                        Origin::Start => f.write_str("first")?,
                        Origin::Stages(stages) => {
                            f.write_str("after ")?;
                            write_choices(f, stages.iter().copied())?;
                        }
                    }
                    if rule.guard != Guard::None {
                        write!(f, ", with {}", rule.guard.describe())?;
                    }
                    write!(f, " (rule `{}`)", rule.name)?;
                }
            }
        }
        write!(f, "; from {here} the table allows ")?;
        write_choices(f, self.allowed_instead().into_iter())
    }
}

/// Writes `a, b or c`.
fn write_choices(
    f: &mut fmt::Formatter<'_>,
    stages: impl ExactSizeIterator<Item = Stage>,
) -> fmt::Result {
    let n = stages.len();
    for (i, stage) in stages.enumerate() {
        let sep = match i {
            0 => "",
            _ if i + 1 == n => " or ",
            _ => ", ",
        };
        write!(f, "{sep}{stage}")?;
    }
    Ok(())
}

impl serde::Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether no rule of [`TABLE`] leaves `stage`: the procedure ends there.
const fn is_end_state(stage: Stage) -> bool {
    let mut i = 0;
    while i < TABLE.len() {
        if TABLE[i].starts_from(Some(stage)) {
            return false;
        }
        i += 1;
    }
    true
}

impl Progress {
    /// The progress of a file with no event.
    pub const fn new() -> Self {
        Progress {
            stage: None,
            council_mandate: false,
            parliament_mandate: false,
        }
    }

    /// The current stage (`None` before the proposal).
    pub const fn stage(&self) -> Option<Stage> {
        self.stage
    }

    /// Whether the Council's mandate (general approach) is held.
    pub const fn holds_council_mandate(&self) -> bool {
        self.council_mandate
    }

    /// Whether Parliament's committee mandate is held.
    pub const fn holds_parliament_mandate(&self) -> bool {
        self.parliament_mandate
    }

    /// What recording `to` would do, by the table.
    ///
    /// # Errors
    ///
    /// A [`Refusal`]: no rule leaves the file's stage, or none leads from it
    /// to `to`, or one does but its guard is not met.
    pub fn check(&self, to: Stage) -> Result<Step, Refusal> {
        let refusal = |rule| Refusal {
            progress: *self,
            to,
            rule,
        };
        if let Some(current) = self.stage {
            if is_end_state(current) {
                return Err(refusal(None));
            }
            if to.is_repeatable()
                && (current == to
                    || (to == Stage::GeneralApproach && self.council_mandate && current.is_open())
                    || (to == Stage::LibeVote && self.parliament_mandate && current.is_open()))
            {
                return Ok(Step::Repeat);
            }
        }
        let mut guarded = None;
        for rule in TABLE {
            if rule.to == to && rule.starts_from(self.stage) {
                if rule.guard.holds(self) {
                    return Ok(Step::Transition(rule));
                }
                guarded = Some(rule);
            }
        }
        Err(refusal(guarded))
    }

    /// Records `to` without checking, as replay of recorded history does.
    ///
    /// The file never moves down in rank: a stage recorded out of order is
    /// noted (by the caller's diagnostics) but does not undo later progress.
    /// A second mandate moves the file to it (the later mandate is the current
    /// stage); the first terminal stage is final. A stage of rank 2 or more
    /// implies both mandates.
    pub fn record(&mut self, to: Stage) {
        match to {
            Stage::GeneralApproach => self.council_mandate = true,
            Stage::LibeVote => self.parliament_mandate = true,
            _ => {}
        }
        if to.rank().is_some_and(|rank| rank >= 2) {
            self.council_mandate = true;
            self.parliament_mandate = true;
        }
        self.stage = match self.stage {
            None => Some(to),
            Some(current) if current.is_terminal() => Some(current),
            Some(_) if to.is_terminal() => Some(to),
            Some(current) => {
                let (mine, theirs) = (current.rank(), to.rank());
                if theirs > mine || (theirs == mine && current != to) {
                    Some(to)
                } else {
                    Some(current)
                }
            }
        };
    }

    /// The stages that may be recorded next as transitions, in table order.
    pub fn allowed_next(&self) -> Vec<Stage> {
        let mut out = Vec::new();
        for stage in Stage::ALL {
            if let Ok(Step::Transition(_)) = self.check(stage) {
                out.push(stage);
            }
        }
        out
    }
}

/// The rule of [`TABLE`] named `name`. Evaluated in a constant, a name the
/// table does not hold stops the build. (The forecast's route model names
/// its rows with it.)
#[cfg(feature = "forecast")]
pub(crate) const fn rule_named(name: &str) -> &'static Rule {
    let mut i = 0;
    while i < TABLE.len() {
        let (a, b) = (TABLE[i].name.as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return &TABLE[i];
            }
        }
        i += 1;
    }
    panic!("no rule of the transition table has this name")
}

/// Whether the table has a row from `from` to `to`, whatever its guard.
/// Usable in constants: the typed-state API asserts each of its transitions
/// with it at compile time.
pub const fn permits(from: Option<Stage>, to: Stage) -> bool {
    let mut i = 0;
    while i < TABLE.len() {
        if TABLE[i].to as u8 == to as u8 && TABLE[i].starts_from(from) {
            return true;
        }
        i += 1;
    }
    false
}

/// Every edge of the table, expanded: `(from, to, rule)`, in table order.
pub fn edges() -> impl Iterator<Item = (Option<Stage>, Stage, &'static Rule)> {
    TABLE.iter().flat_map(|rule| {
        let froms: Vec<Option<Stage>> = match rule.from {
            Origin::Start => vec![None],
            Origin::Stages(stages) => stages.iter().copied().map(Some).collect(),
        };
        froms.into_iter().map(move |from| (from, rule.to, rule))
    })
}

/// The table as a Mermaid `stateDiagram-v2`, generated from [`TABLE`].
///
/// ```
/// let diagram = codecision::transition::mermaid_state_diagram();
/// assert!(diagram.starts_with("stateDiagram-v2"));
/// assert!(diagram.contains("libe_vote --> trilogue : trilogue-needs-both-mandates [both mandates held]"));
/// ```
pub fn mermaid_state_diagram() -> String {
    let mut out = String::from("stateDiagram-v2\n");
    for (from, to, rule) in edges() {
        let from = from.map_or("[*]", Stage::as_str);
        let _ = match rule.guard {
            Guard::None => writeln!(out, "    {from} --> {to} : {}", rule.name),
            guard => writeln!(
                out,
                "    {from} --> {to} : {} [{}]",
                rule.name,
                guard.describe()
            ),
        };
    }
    for end in end_states() {
        let _ = writeln!(out, "    {end} --> [*]");
    }
    out
}

/// The stages no rule of [`TABLE`] leaves: where a procedure ends (the
/// terminal withdrawn, lapsed and rejected, and application, the last step
/// of an act), in [`Stage`] order.
///
/// ```
/// use codecision::Stage;
/// use codecision::transition::end_states;
/// assert_eq!(end_states().collect::<Vec<_>>(), [Stage::Application, Stage::Withdrawn, Stage::Lapsed, Stage::Rejected]);
/// ```
pub fn end_states() -> impl Iterator<Item = Stage> {
    Stage::ALL.into_iter().filter(|&stage| is_end_state(stage))
}

/// The table as a Graphviz DOT state diagram, generated from [`TABLE`]:
/// a start point, one box per stage (the terminal ones double octagons),
/// one labelled arrow per rule and stage it starts from, with its guard.
///
/// ```
/// let dot = codecision::transition::dot_state_diagram();
/// assert!(dot.starts_with("digraph stages {"));
/// assert!(dot.contains("start -> proposal [label=\"proposal\"];"));
/// assert!(dot.contains("libe_vote -> trilogue [label=\"trilogue-needs-both-mandates\\n[both mandates held]\"];"));
/// ```
pub fn dot_state_diagram() -> String {
    let mut out = String::from("digraph stages {\n  rankdir=LR;\n");
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  start [shape=point, label=\"\"];\n");
    for stage in Stage::ALL {
        let shape = if stage.is_terminal() {
            ", shape=doubleoctagon"
        } else {
            ""
        };
        let _ = writeln!(out, "  {stage} [label=\"{}\"{shape}];", stage.label());
    }
    for (from, to, rule) in edges() {
        let from = from.map_or("start", Stage::as_str);
        let _ = match rule.guard {
            Guard::None => writeln!(out, "  {from} -> {to} [label=\"{}\"];", rule.name),
            guard => writeln!(
                out,
                "  {from} -> {to} [label=\"{}\\n[{}]\"];",
                rule.name,
                guard.describe()
            ),
        };
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;

    fn at(stage: Option<Stage>, council: bool, parliament: bool) -> Progress {
        Progress {
            stage,
            council_mandate: council,
            parliament_mandate: parliament,
        }
    }

    fn rule_of(p: Progress, to: Stage) -> &'static str {
        match p.check(to) {
            Ok(Step::Transition(rule)) => rule.name,
            other => panic!("expected a transition to {to}, got {other:?}"),
        }
    }

    #[test]
    fn diagrams_draw_every_edge_of_the_table_and_its_end_states() {
        let dot = dot_state_diagram();
        let mermaid = mermaid_state_diagram();
        assert_eq!(dot.matches(" -> ").count(), edges().count());
        assert_eq!(
            mermaid.matches(" --> ").count(),
            edges().count() + end_states().count()
        );
        for (from, to, rule) in edges() {
            let from = from.map_or("start", Stage::as_str);
            assert!(
                dot.contains(&format!("  {from} -> {to} [label=\"{}", rule.name)),
                "{from} -> {to}"
            );
        }
        // The ends: the terminal stages and application, each left by no rule.
        assert_eq!(
            end_states().collect::<Vec<_>>(),
            [Application, Withdrawn, Lapsed, Rejected]
        );
        for end in end_states() {
            assert!(mermaid.contains(&format!("    {end} --> [*]\n")));
            assert!(Stage::ALL.into_iter().all(|to| !permits(Some(end), to)));
        }
    }

    #[test]
    fn a_file_starts_with_a_proposal() {
        assert_eq!(rule_of(Progress::new(), Proposal), "proposal");
        for stage in Stage::ALL.into_iter().filter(|s| *s != Proposal) {
            let refusal = Progress::new().check(stage).unwrap_err();
            assert_eq!(refusal.allowed_instead(), [Proposal]);
            assert!(
                refusal
                    .to_string()
                    .ends_with("; from no stage the table allows proposal"),
                "{refusal}"
            );
        }
    }

    #[test]
    fn council_mandate_first() {
        let p = at(Some(Proposal), false, false);
        assert_eq!(rule_of(p, GeneralApproach), "council-mandate-first");
        let p = at(Some(GeneralApproach), true, false);
        assert_eq!(rule_of(p, LibeVote), "parliament-mandate-second");
        let p = at(Some(LibeVote), true, true);
        assert_eq!(rule_of(p, Trilogue), "trilogue-needs-both-mandates");
    }

    #[test]
    fn parliament_mandate_first() {
        let p = at(Some(Proposal), false, false);
        assert_eq!(rule_of(p, LibeVote), "parliament-mandate-first");
        let p = at(Some(LibeVote), false, true);
        assert_eq!(rule_of(p, GeneralApproach), "council-mandate-second");
        let p = at(Some(GeneralApproach), true, true);
        assert_eq!(rule_of(p, Trilogue), "trilogue-needs-both-mandates");
    }

    #[test]
    fn trilogue_refused_with_one_mandate() {
        for p in [
            at(Some(GeneralApproach), true, false),
            at(Some(LibeVote), false, true),
        ] {
            let refusal = p.check(Trilogue).unwrap_err();
            assert_eq!(
                refusal.failed_rule().unwrap().name,
                "trilogue-needs-both-mandates"
            );
        }
        assert_eq!(
            at(Some(LibeVote), false, true)
                .check(Trilogue)
                .unwrap_err()
                .to_string(),
            "trilogue after libe_vote needs both mandates held (rule \
             `trilogue-needs-both-mandates`); from libe_vote the table allows \
             general_approach, adoption, withdrawn, lapsed or rejected"
        );
        let refusal = at(Some(Proposal), false, false)
            .check(Trilogue)
            .unwrap_err();
        assert!(refusal.failed_rule().is_none());
        assert!(refusal.to_string().contains("both mandates"));
    }

    #[test]
    fn agreement_then_adoption_then_force_then_application() {
        assert_eq!(
            rule_of(at(Some(Trilogue), true, true), PoliticalAgreement),
            "agreement-in-trilogue"
        );
        assert_eq!(
            rule_of(at(Some(PoliticalAgreement), true, true), Adoption),
            "adoption-after-agreement"
        );
        assert_eq!(
            rule_of(at(Some(Adoption), true, true), EntryIntoForce),
            "entry-into-force"
        );
        assert_eq!(
            rule_of(at(Some(EntryIntoForce), true, true), Application),
            "application"
        );
    }

    #[test]
    fn agreement_needs_trilogue() {
        for from in [Proposal, GeneralApproach, LibeVote] {
            let refusal = at(Some(from), true, true)
                .check(PoliticalAgreement)
                .unwrap_err();
            assert!(refusal.to_string().contains("trilogue"), "{refusal}");
        }
    }

    #[test]
    fn adoption_without_trilogue_needs_parliament() {
        assert_eq!(
            rule_of(at(Some(LibeVote), false, true), Adoption),
            "adoption-without-trilogue"
        );
        assert_eq!(
            rule_of(at(Some(GeneralApproach), true, true), Adoption),
            "adoption-without-trilogue"
        );
        let refusal = at(Some(GeneralApproach), true, false)
            .check(Adoption)
            .unwrap_err();
        assert_eq!(
            refusal.failed_rule().unwrap().name,
            "adoption-without-trilogue"
        );
        assert!(at(Some(Proposal), false, false).check(Adoption).is_err());
        assert!(at(Some(Trilogue), true, true).check(Adoption).is_err());
    }

    #[test]
    fn skips_are_refused() {
        assert!(at(Some(Adoption), true, true).check(Application).is_err());
        assert!(
            at(Some(PoliticalAgreement), true, true)
                .check(EntryIntoForce)
                .is_err()
        );
        assert!(
            at(Some(Trilogue), true, true)
                .check(GeneralApproach)
                .is_ok()
        ); // repeat
        assert!(at(Some(Adoption), true, true).check(Trilogue).is_err());
    }

    #[test]
    fn terminal_stages_from_every_open_stage_only() {
        // Open is what the table says: the stages the ending rows leave.
        for stage in Stage::ALL {
            for end in [Withdrawn, Lapsed, Rejected] {
                assert_eq!(stage.is_open(), permits(Some(stage), end), "{stage}");
            }
        }
        for terminal in [Withdrawn, Lapsed, Rejected] {
            for open in [
                Proposal,
                GeneralApproach,
                LibeVote,
                Trilogue,
                PoliticalAgreement,
            ] {
                assert!(matches!(
                    at(Some(open), true, true).check(terminal),
                    Ok(Step::Transition(_))
                ));
            }
            for closed in [Adoption, EntryIntoForce, Application] {
                assert!(at(Some(closed), true, true).check(terminal).is_err());
            }
            for after in Stage::ALL {
                let refusal = at(Some(terminal), true, true).check(after).unwrap_err();
                assert!(refusal.has_ended());
                assert_eq!(
                    refusal.to_string(),
                    format!("the procedure has ended: no rule leaves {terminal}")
                );
            }
        }
    }

    #[test]
    fn repeats_are_not_transitions() {
        assert_eq!(
            at(Some(Trilogue), true, true).check(Trilogue),
            Ok(Step::Repeat)
        );
        assert_eq!(
            at(Some(Proposal), false, false).check(Proposal),
            Ok(Step::Repeat)
        );
        assert_eq!(
            at(Some(LibeVote), true, true).check(GeneralApproach),
            Ok(Step::Repeat)
        );
        assert_eq!(
            at(Some(GeneralApproach), true, false).check(GeneralApproach),
            Ok(Step::Repeat)
        );
        assert!(at(Some(Adoption), true, true).check(Adoption).is_err());
    }

    #[test]
    fn record_moves_to_the_second_mandate_and_keeps_repeats() {
        let mut p = Progress::new();
        p.record(Proposal);
        p.record(GeneralApproach);
        assert_eq!(p.stage, Some(GeneralApproach));
        p.record(LibeVote);
        assert_eq!(p.stage, Some(LibeVote));
        assert!(p.council_mandate && p.parliament_mandate);
        p.record(Trilogue);
        p.record(Trilogue);
        assert_eq!(p.stage, Some(Trilogue));
    }

    #[test]
    fn allowed_next_lists_what_a_file_waits_for() {
        assert_eq!(
            at(Some(Proposal), false, false).allowed_next(),
            vec![GeneralApproach, LibeVote, Withdrawn, Lapsed, Rejected]
        );
        assert_eq!(
            at(Some(GeneralApproach), true, false).allowed_next(),
            vec![LibeVote, Withdrawn, Lapsed, Rejected]
        );
        assert_eq!(
            at(Some(EntryIntoForce), true, true).allowed_next(),
            vec![Application]
        );
        assert!(at(Some(Application), true, true).allowed_next().is_empty());
    }

    #[test]
    fn every_row_is_drawn() {
        let diagram = mermaid_state_diagram();
        for (from, to, rule) in edges() {
            let from = from.map_or("[*]", Stage::as_str);
            assert!(diagram.contains(&format!("{from} --> {to} : {}", rule.name)));
        }
        assert_eq!(edges().count(), 1 + 2 + 2 + 2 + 1 + 1 + 2 + 1 + 1 + 15);
    }

    #[test]
    fn refusals_say_what_the_table_says() {
        assert_eq!(
            at(Some(Proposal), false, false)
                .check(Adoption)
                .unwrap_err()
                .to_string(),
            "adoption comes only after political_agreement (rule \
             `adoption-after-agreement`), or after general_approach or libe_vote, \
             with Parliament's mandate held (rule `adoption-without-trilogue`); \
             from proposal the table allows general_approach, libe_vote, withdrawn, \
             lapsed or rejected"
        );
        assert_eq!(
            at(Some(Trilogue), true, true)
                .check(Proposal)
                .unwrap_err()
                .to_string(),
            "proposal comes only first (rule `proposal`); from trilogue the table \
             allows political_agreement, withdrawn, lapsed or rejected"
        );
        // Every refusal, from every state a file can be in: the text names
        // each rule that leads to the refused stage (or the one whose guard
        // failed), and each stage the table allows instead.
        let states = [None]
            .into_iter()
            .chain(Stage::ALL.map(Some))
            .flat_map(|stage| {
                [(false, false), (true, false), (false, true), (true, true)]
                    .map(|(c, p)| at(stage, c, p))
            });
        let mut seen = 0;
        for p in states {
            for to in Stage::ALL {
                let Err(refusal) = p.check(to) else { continue };
                seen += 1;
                let text = refusal.to_string();
                assert_eq!((refusal.from(), refusal.to()), (p.stage, to));
                if refusal.has_ended() {
                    assert!(Stage::ALL.into_iter().all(|s| !permits(p.stage, s)));
                    continue;
                }
                let named: Vec<&Rule> = match refusal.failed_rule() {
                    Some(rule) => vec![rule],
                    None => refusal.rules_to().collect(),
                };
                assert!(!named.is_empty(), "{text}");
                for rule in named {
                    assert!(text.contains(&format!("(rule `{}`)", rule.name)), "{text}");
                }
                let allowed = refusal.allowed_instead();
                assert_eq!(allowed, p.allowed_next());
                for stage in allowed {
                    assert!(text.contains(stage.as_str()), "{text}");
                }
            }
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn permits_is_the_table() {
        for from in std::iter::once(None).chain(Stage::ALL.map(Some)) {
            for to in Stage::ALL {
                let in_table = edges().any(|(f, t, _)| f == from && t == to);
                assert_eq!(permits(from, to), in_table, "{from:?} -> {to}");
            }
        }
    }
}
