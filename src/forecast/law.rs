//! The steps a forecast draws ([`Transition`]: the route, read off the
//! transition table and checked against it when the crate is built) and the
//! law of a step's duration ([`LogNormal`]).

use serde::Serialize;

use super::calendar::ClockKind;
use super::normal;
use crate::stage::Stage;
use crate::transition::{Guard, Origin, Rule, rule_named};

/// One step of the procedure whose duration the model draws.
///
/// The two mandates are modelled separately, each from the proposal, because
/// they happen in either order and neither implies the other; negotiations
/// open after the later of the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// Proposal to the Council's general approach (or Coreper mandate).
    CouncilMandate,
    /// Proposal to the Parliament committee's vote on its mandate.
    ParliamentMandate,
    /// The later of the two mandates to the first trilogue.
    Negotiations,
    /// First trilogue to the provisional (political) agreement.
    Agreement,
    /// Political agreement to adoption (signature).
    Adoption,
    /// Adoption to entry into force.
    EntryIntoForce,
    /// Entry into force to application (start of operations).
    Application,
}

/// The row of the transition table each transition models, in
/// [`Transition::ALL`] order: the procedure's main line, with each mandate
/// drawn from the proposal (the `-first` rows: the model draws both from the
/// proposal, whichever comes first). A name the table does not hold stops
/// the build, and [`ROUTE_CHECK`] checks the route against the table.
const RULES: [&Rule; 7] = [
    rule_named("council-mandate-first"),
    rule_named("parliament-mandate-first"),
    rule_named("trilogue-needs-both-mandates"),
    rule_named("agreement-in-trilogue"),
    rule_named("adoption-after-agreement"),
    rule_named("entry-into-force"),
    rule_named("application"),
];

/// The route checked against the transition table when the crate is built
/// (see [`check_route`]): a table and a route that disagree do not compile.
const ROUTE_CHECK: () = match check_route(&RULES) {
    Ok(()) => (),
    Err(problem) => panic!("{}", problem),
};

impl Transition {
    /// Every transition, in the order the procedure runs them (each after
    /// the ones that reach the stages it starts from).
    pub const ALL: [Transition; 7] = [
        Transition::CouncilMandate,
        Transition::ParliamentMandate,
        Transition::Negotiations,
        Transition::Agreement,
        Transition::Adoption,
        Transition::EntryIntoForce,
        Transition::Application,
    ];

    /// The stages the route reaches, in the order the simulation draws
    /// them: each transition's [`to`](Transition::to), in
    /// [`ALL`](Transition::ALL) order.
    pub(crate) const STAGES: [Stage; 7] = {
        let () = ROUTE_CHECK;
        let mut out = [Stage::Proposal; 7];
        let mut i = 0;
        while i < out.len() {
            out[i] = RULES[i].to;
            i += 1;
        }
        out
    };

    /// The row of the transition table
    /// ([`TABLE`](crate::transition::TABLE)) the transition models.
    ///
    /// ```
    /// use codecision::forecast::Transition;
    /// assert_eq!(Transition::Negotiations.rule().name, "trilogue-needs-both-mandates");
    /// ```
    pub const fn rule(self) -> &'static Rule {
        RULES[self.index()]
    }

    /// The stage the transition reaches: its row's.
    ///
    /// ```
    /// use codecision::Stage;
    /// use codecision::forecast::Transition;
    /// assert_eq!(Transition::Agreement.to(), Stage::PoliticalAgreement);
    /// ```
    pub const fn to(self) -> Stage {
        self.rule().to
    }

    /// The stages the transition starts from: its row's. When there are
    /// several (the two mandates, for the negotiations), its row's
    /// condition needs them all and the transition starts from the later.
    ///
    /// ```
    /// use codecision::Stage;
    /// use codecision::forecast::Transition;
    /// assert_eq!(Transition::Adoption.from(), [Stage::PoliticalAgreement]);
    /// assert_eq!(Transition::Negotiations.from(), [Stage::GeneralApproach, Stage::LibeVote]);
    /// ```
    pub const fn from(self) -> &'static [Stage] {
        match self.rule().from {
            Origin::Stages(stages) => stages,
            // No transition of the route starts a file (`check_route`).
            Origin::Start => &[],
        }
    }

    /// Where the transition starts, in words ("proposal", "both mandates"):
    /// the stage it leaves, or what its row's condition needs held when it
    /// leaves several.
    pub const fn from_label(self) -> &'static str {
        match self.from() {
            [stage] => stage.label(),
            _ => self.rule().guard.held(),
        }
    }

    /// The transition that reaches `stage`, if any (none reaches a proposal
    /// or a terminal stage).
    pub const fn reaching(stage: Stage) -> Option<Transition> {
        let mut i = 0;
        while i < Self::ALL.len() {
            if Self::ALL[i].to() as u8 == stage as u8 {
                return Some(Self::ALL[i]);
            }
            i += 1;
        }
        None
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// Whose working days the transition's duration counts (see
    /// [`working_days`](super::working_days)): the Council's mandate waits for the
    /// Council; the Parliament's mandate, the negotiations and the
    /// agreement wait for the Parliament; the adoption counts the Council's
    /// days (its plenary vote waits for the new Parliament when the
    /// agreement came too late in a term); entry into force and
    /// application run on calendar days.
    ///
    /// ```
    /// use codecision::forecast::Transition;
    /// use codecision::forecast::ClockKind;
    /// assert_eq!(Transition::Agreement.clock(), ClockKind::Parliament);
    /// assert_eq!(Transition::EntryIntoForce.clock(), ClockKind::Calendar);
    /// ```
    pub const fn clock(self) -> ClockKind {
        match self {
            Transition::CouncilMandate => ClockKind::Council,
            Transition::ParliamentMandate | Transition::Negotiations | Transition::Agreement => {
                ClockKind::Parliament
            }
            // After the plenary vote the Council adopts and the act is
            // signed, through the Parliament's lull too; a vote that
            // cannot come before the lull waits for the new Parliament
            // (`calendar::ByDay::vote_waits`).
            Transition::Adoption => ClockKind::Council,
            Transition::EntryIntoForce | Transition::Application => ClockKind::Calendar,
        }
    }
}

/// Checks a route (one table row per transition, in [`Transition::ALL`]
/// order) against what the model and the simulation assume of it:
///
/// - each row leaves stages (none starts a file: the proposal is the anchor
///   every draw starts from, never drawn);
/// - each row leaves only the proposal or stages reached by an earlier row,
///   and reaches a stage no earlier row reached (so [`Transition::ALL`] is
///   the procedure's order and [`Transition::reaching`] is one transition);
/// - a row that leaves several stages has a condition that needs them all
///   held (the model starts it from the later one);
/// - the simulation's anchors (`simulate::Engine::plan` and `run`): a row
///   leaving one stage other than the proposal leaves the stage just before
///   the one it reaches, in [`Stage`] order; a row leaving several leaves
///   the two mandates.
pub(crate) const fn check_route(rules: &[&Rule; 7]) -> Result<(), &'static str> {
    let mut reached = [false; Stage::ALL.len()];
    reached[Stage::Proposal.index()] = true;
    let mut i = 0;
    while i < rules.len() {
        let rule = rules[i];
        if Transition::ALL[i].index() != i {
            return Err("Transition::ALL is not in declaration order");
        }
        let Origin::Stages(from) = rule.from else {
            return Err("a transition of the forecast's route starts a file");
        };
        let mut k = 0;
        while k < from.len() {
            if !reached[from[k].index()] {
                return Err(
                    "a transition of the forecast's route leaves a stage no earlier one reaches",
                );
            }
            k += 1;
        }
        if reached[rule.to.index()] {
            return Err("two transitions of the forecast's route reach the same stage");
        }
        reached[rule.to.index()] = true;
        match from {
            [Stage::Proposal] => {}
            [one] => {
                if one.index() + 1 != rule.to.index() {
                    return Err("a transition of the forecast's route skips a stage");
                }
            }
            [Stage::GeneralApproach, Stage::LibeVote]
            | [Stage::LibeVote, Stage::GeneralApproach] => {
                if !matches!(rule.guard, Guard::BothMandates) {
                    return Err(
                        "a transition of the forecast's route leaves either mandate without needing both",
                    );
                }
            }
            _ => {
                return Err(
                    "a transition of the forecast's route leaves stages the simulation does not anchor on",
                );
            }
        }
        i += 1;
    }
    Ok(())
}

/// A shifted log-normal law of a duration in days: `shift + exp(mu + sigma
/// Z)` with `Z` standard normal. The shift is a floor the procedure's rules
/// impose (the eight weeks of legal-linguistic work, the twenty days from
/// publication to entry into force); `mu` and `sigma` describe the time
/// above it, on the log scale.
///
/// ```
/// use codecision::forecast::LogNormal;
/// let law = LogNormal::from_median(56.0, 140.0, 0.5);
/// assert!((law.median() - 140.0).abs() < 1e-9);
/// assert!(law.quantile(0.1) < law.median() && law.median() < law.quantile(0.9));
/// assert!(law.quantile(0.0001) >= 56.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LogNormal {
    /// The floor, in days.
    pub shift: f64,
    /// The mean of `ln(duration - shift)`.
    pub mu: f64,
    /// The standard deviation of `ln(duration - shift)`.
    pub sigma: f64,
}

impl LogNormal {
    /// The law with this floor and median (both in days) and log-scale
    /// spread. A median at or below the floor is raised to one day above it.
    pub fn from_median(shift: f64, median: f64, sigma: f64) -> Self {
        LogNormal {
            shift,
            mu: (median - shift).max(1.0).ln(),
            sigma,
        }
    }

    /// The median duration, in days.
    pub fn median(&self) -> f64 {
        self.shift + self.mu.exp()
    }

    /// The duration below which a share `p` of files fall, in days.
    pub fn quantile(&self, p: f64) -> f64 {
        self.shift + (self.mu + self.sigma * normal::ppf(p)).exp()
    }

    /// The probability that the duration exceeds `days`.
    pub fn survival(&self, days: f64) -> f64 {
        if days <= self.shift {
            return 1.0;
        }
        normal::sf(((days - self.shift).ln() - self.mu) / self.sigma)
    }

    /// The point on the standard-normal scale that corresponds to `days`
    /// (minus infinity at or below the floor).
    pub(crate) fn z_of(&self, days: f64) -> f64 {
        if days <= self.shift {
            return f64::NEG_INFINITY;
        }
        ((days - self.shift).ln() - self.mu) / self.sigma
    }

    /// The duration at standard-normal point `z`, in days.
    pub(crate) fn at_z(&self, z: f64) -> f64 {
        self.shift + (self.mu + self.sigma * z).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transition::TABLE;

    #[test]
    fn the_route_is_read_off_the_table() {
        assert_eq!(check_route(&RULES), Ok(()));
        for t in Transition::ALL {
            assert!(TABLE.contains(t.rule()), "{t:?}");
            assert_eq!(Transition::reaching(t.to()), Some(t));
            assert!(crate::transition::permits(
                t.from().first().copied(),
                t.to()
            ));
        }
        // The main line of the procedure: the ranked stages after the
        // proposal, each reached once, in rank order.
        assert_eq!(Transition::STAGES.as_slice(), &Stage::RANKED[1..]);
        assert_eq!(
            Transition::ALL.map(Transition::from_label),
            [
                "proposal",
                "proposal",
                "both mandates",
                "trilogue",
                "political agreement",
                "adoption",
                "entry into force",
            ]
        );
        for stage in [
            Stage::Proposal,
            Stage::Withdrawn,
            Stage::Lapsed,
            Stage::Rejected,
        ] {
            assert_eq!(Transition::reaching(stage), None);
        }
    }

    #[test]
    fn a_route_that_disagrees_with_the_table_is_refused() {
        let with = |i: usize, rule: &'static Rule| {
            let mut rules = RULES;
            rules[i] = rule;
            check_route(&rules)
        };
        // A mandate drawn from the other one, which is not reached yet.
        assert!(with(0, rule_named("council-mandate-second")).is_err());
        // Adoption without trilogue leaves either mandate on Parliament's
        // alone: the model would start it from the later of the two.
        assert!(with(4, rule_named("adoption-without-trilogue")).is_err());
        // Two transitions reaching the same stage.
        assert!(with(3, rule_named("trilogue-needs-both-mandates")).is_err());
        // A file's start is the anchor, never drawn.
        assert!(with(0, rule_named("proposal")).is_err());
        // The route out of order: the agreement before the negotiations.
        let mut swapped = RULES;
        swapped.swap(2, 3);
        assert!(check_route(&swapped).is_err());
        // A row that skips a stage the simulation anchors on.
        static SKIP: Rule = Rule {
            name: "adoption-from-trilogue",
            from: Origin::Stages(&[Stage::Trilogue]),
            to: Stage::Adoption,
            guard: Guard::None,
            why: "a test row",
        };
        let mut skipping = RULES;
        skipping[3] = rule_named("entry-into-force");
        assert!(check_route(&skipping).is_err());
        let mut skip_agreement = RULES;
        skip_agreement[3] = &SKIP;
        assert_eq!(
            check_route(&skip_agreement),
            Err("a transition of the forecast's route skips a stage")
        );
    }
}
