//! The duration model: one shifted log-normal law per transition, blended
//! from published figures and the register's own history.

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::ClockKind;
use super::fate::FateLaw;
use super::fit;
use super::normal;
use super::prior::{Figure, Prior};
use crate::register::Register;
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
    /// [`calendar`](super::calendar)): the Council's mandate waits for the
    /// Council; the Parliament's mandate, the negotiations and the
    /// agreement wait for the Parliament; the adoption counts the Council's
    /// days (its plenary vote waits for the new Parliament when the
    /// agreement came too late in a term); entry into force and
    /// application run on calendar days.
    ///
    /// ```
    /// use codecision::forecast::Transition;
    /// use codecision::forecast::calendar::ClockKind;
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
            // (`calendar::vote_waits`).
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

/// How one transition's law was obtained: the published prior, what the
/// register contributed, and the blend.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TransitionFit {
    /// The transition.
    pub transition: Transition,
    /// The law from published figures alone, as known on the fit date.
    pub prior: LogNormal,
    /// Where the prior comes from, in words: the figures used and the day
    /// each became known.
    pub basis: String,
    /// The law the forecasts use: the prior blended with the register.
    pub law: LogNormal,
    /// Completed transitions seen in the register as of the fit date (files
    /// moved together by the same two events count once).
    pub completed: usize,
    /// Transitions still under way on the fit date (right-censored).
    pub censored: usize,
    /// The register's share of the blend: `(completed + censored) /
    /// (completed + censored + k)`.
    pub weight: f64,
}

/// One duration law per transition, fitted as of a date.
///
/// The prior is the published figures ([`DurationModel::published`]); the
/// register's completed transitions (and those still under way, as
/// right-censored observations) update it as if the prior were
/// [`PRIOR_WEIGHT`](DurationModel::PRIOR_WEIGHT) files. See the
/// [module documentation](crate::forecast) for the figures and the rule.
///
/// ```
/// use codecision::{Register, parse_date};
/// use codecision::forecast::{DurationModel, Transition};
///
/// let register = Register::security_union();
/// let model = DurationModel::fit(&register, parse_date("2018-01-24")?);
/// let fit = model.transition(Transition::Adoption);
/// assert!(fit.completed >= 1); // EES was adopted in November 2017
/// assert!(fit.weight > 0.0 && fit.weight < 1.0);
/// # Ok::<(), codecision::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DurationModel {
    /// The date the model was fitted as of: only events dated on or before
    /// it were used.
    pub as_of: Option<NaiveDate>,
    /// The prior's weight, in files.
    pub prior_weight: f64,
    /// The published figures the prior was built from: only those known
    /// on the fit date ([`prior`](super::prior)).
    pub figures: Vec<Figure>,
    /// The hazard of ending without an act, from the withdrawal, lapse and
    /// rejection counts known on the fit date ([`fate`](super::fate)).
    pub fate: FateLaw,
    fits: Vec<TransitionFit>,
}

impl DurationModel {
    /// How many files the published prior counts for in the blend.
    ///
    /// Twenty. The published figures come from hundreds of files of other
    /// terms and policy areas, and term averages move by about 30% from one
    /// period to the next (12, 17 and 18 months), about 0.3 on the log
    /// scale; `n` independent files would pin the log-median to about
    /// `sigma / sqrt(n)`, 0.3-0.45 at five. But a register's files are not
    /// independent: they come from one term, one policy area, often one
    /// package, and a few carried over an election weigh on every law. On
    /// the tuning calibration files (tests/fixtures/calibration/tuning.json,
    /// 21 real files of 2009-2019, backtest every 3 months) the share of
    /// adoptions inside p10-p90 and the median error of p50 were 77% and
    /// 223 days at a weight of 5, 78% and 190 at 15, 79% and 196 at 20,
    /// 78% and 184 at 30: the weight was raised to 20 on those files.
    pub const PRIOR_WEIGHT: f64 = 20.0;

    /// The model from published figures alone, with no register data.
    ///
    /// ```
    /// use codecision::forecast::{DurationModel, Transition};
    /// let model = DurationModel::published();
    /// // Twenty days from publication to entry into force, plus the time
    /// // from signature to publication.
    /// let in_force = model.law(Transition::EntryIntoForce);
    /// assert!(in_force.quantile(0.001) >= 20.0);
    /// ```
    pub fn published() -> Self {
        let prior = Prior::as_of(None);
        DurationModel {
            as_of: None,
            prior_weight: Self::PRIOR_WEIGHT,
            figures: prior.figures(),
            fate: FateLaw::as_of(None),
            fits: Transition::ALL
                .iter()
                .map(|&t| {
                    let law = prior.law(t);
                    TransitionFit {
                        transition: t,
                        prior: law,
                        basis: prior.basis(t),
                        law,
                        completed: 0,
                        censored: 0,
                        weight: 0.0,
                    }
                })
                .collect(),
        }
    }

    /// The model fitted from `register` as known on `as_of` (events dated on
    /// or before it), blended with the published prior at
    /// [`PRIOR_WEIGHT`](DurationModel::PRIOR_WEIGHT).
    ///
    /// # Complexity
    ///
    /// Linear in the register's files; the censored fit iterates over the
    /// distinct observations only.
    pub fn fit(register: &Register, as_of: NaiveDate) -> Self {
        Self::fit_with_weight(register, as_of, Self::PRIOR_WEIGHT)
    }

    /// As [`fit`](DurationModel::fit), with the prior counting as
    /// `prior_weight` files (0: the register alone where it has data; a
    /// large number: the published figures alone). Negative or non-finite
    /// weights are read as the default.
    pub fn fit_with_weight(register: &Register, as_of: NaiveDate, prior_weight: f64) -> Self {
        Self::fit_with_prior(register, as_of, prior_weight, &Prior::as_of(Some(as_of)))
    }

    /// As [`fit_with_weight`](DurationModel::fit_with_weight), from
    /// `published` instead of the prior of the figures published by
    /// `as_of`: what the model would have been with other figures (see
    /// [`Prior::from_figures`]). A prior holding figures published after
    /// `as_of` looks ahead; [`fit`](DurationModel::fit) never does.
    ///
    /// ```
    /// use codecision::{Register, parse_date};
    /// use codecision::forecast::DurationModel;
    /// use codecision::forecast::prior::{FIGURES, Prior, TRILOGUE_MEDIAN};
    ///
    /// let register = Register::security_union();
    /// let as_of = parse_date("2018-01-24")?;
    /// let without: Vec<_> = FIGURES.into_iter().filter(|f| *f != TRILOGUE_MEDIAN).collect();
    /// let prior = Prior::from_figures(&without, Some(as_of));
    /// let model = DurationModel::fit_with_prior(&register, as_of, DurationModel::PRIOR_WEIGHT, &prior);
    /// assert_eq!(model, DurationModel::fit(&register, as_of));
    /// # Ok::<(), codecision::Error>(())
    /// ```
    pub fn fit_with_prior(
        register: &Register,
        as_of: NaiveDate,
        prior_weight: f64,
        published: &Prior,
    ) -> Self {
        let k = if prior_weight.is_finite() && prior_weight >= 0.0 {
            prior_weight
        } else {
            Self::PRIOR_WEIGHT
        };
        let observations = fit::observe(register, as_of, published);
        let fits = Transition::ALL
            .iter()
            .map(|&t| {
                let prior = published.law(t);
                let seen = &observations[t.index()];
                let law = fit::blend(prior, seen, k);
                let n = seen.completed.len() + seen.censored.len();
                TransitionFit {
                    transition: t,
                    prior,
                    basis: published.basis(t),
                    law,
                    completed: seen.completed.len(),
                    censored: seen.censored.len(),
                    weight: if n == 0 {
                        0.0
                    } else {
                        n as f64 / (n as f64 + k)
                    },
                }
            })
            .collect();
        DurationModel {
            as_of: Some(as_of),
            prior_weight: k,
            figures: published.figures(),
            fate: FateLaw::as_of(Some(as_of)),
            fits,
        }
    }

    /// The law a transition's durations are drawn from.
    pub fn law(&self, transition: Transition) -> &LogNormal {
        &self.fits[transition.index()].law
    }

    /// How a transition's law was obtained.
    pub fn transition(&self, transition: Transition) -> &TransitionFit {
        &self.fits[transition.index()]
    }

    /// The same model with another law of ending without an act
    /// ([`FateLaw::never`]: every file is adopted in the end, as before
    /// the fate was modelled).
    #[must_use]
    pub fn with_fate(mut self, fate: FateLaw) -> Self {
        self.fate = fate;
        self
    }

    /// Every transition's fit, in procedure order.
    pub fn transitions(&self) -> &[TransitionFit] {
        &self.fits
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
