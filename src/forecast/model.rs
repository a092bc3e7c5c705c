//! The duration model: one shifted log-normal law per transition, blended
//! from published figures and the register's own history.

use chrono::NaiveDate;
use serde::Serialize;

use super::fate::FateLaw;
use super::fit;
use super::law::{LogNormal, Transition};
use super::prior::{Figure, Prior};
use crate::register::Register;

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
    /// on the fit date ([`Figure`]; see the [module documentation](crate::forecast)).
    pub figures: Vec<Figure>,
    /// The hazard of ending without an act, from the withdrawal, lapse and
    /// rejection counts known on the fit date ([`FateLaw`](super::FateLaw)).
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
    pub(crate) fn fit_with_prior(
        register: &Register,
        as_of: NaiveDate,
        prior_weight: f64,
        published: &Prior,
    ) -> Self {
        let observations = fit::observe(register, as_of, published);
        Self::from_observations(as_of, prior_weight, published, &observations)
    }

    /// The models [`fit`](DurationModel::fit) gives as of each of `dates`,
    /// from one pass over the register's files.
    pub(crate) fn fit_dates(register: &Register, dates: &[NaiveDate]) -> Vec<Self> {
        let priors: Vec<Prior> = dates.iter().map(|&d| Prior::as_of(Some(d))).collect();
        let asks: Vec<(NaiveDate, &Prior)> = dates.iter().copied().zip(&priors).collect();
        let seen = fit::observe_dates(register, &asks);
        let work: Vec<(&[fit::Seen; 7], &(NaiveDate, &Prior))> = seen.iter().zip(&asks).collect();
        crate::parallel::map(&work, |&(seen, &(as_of, prior))| {
            Self::from_observations(as_of, Self::PRIOR_WEIGHT, prior, seen)
        })
    }

    /// The model blending `published` with what the register showed as of
    /// `as_of` (`observations`, by transition).
    fn from_observations(
        as_of: NaiveDate,
        prior_weight: f64,
        published: &Prior,
        observations: &[fit::Seen; 7],
    ) -> Self {
        let k = if prior_weight.is_finite() && prior_weight >= 0.0 {
            prior_weight
        } else {
            Self::PRIOR_WEIGHT
        };
        // The transitions' censored fits, each iterated to convergence over
        // thousands of observations on a large register, are worked out at
        // once (on rayon's threads with the `parallel` feature): each is
        // its own, so the model is the same either way.
        let fits = crate::parallel::map(&Transition::ALL, |&t| {
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
        });
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
    use crate::date::parse_date;
    use crate::event::Event;
    use crate::file::LegislativeFile;
    use crate::forecast::Forecaster;
    use crate::forecast::prior::{FIGURES, LAWYER_LINGUISTS, TRILOGUE_MEDIAN};
    use crate::stage::Stage;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn without(figure: Figure, as_of: NaiveDate) -> Prior {
        let figures: Vec<Figure> = FIGURES.into_iter().filter(|f| *f != figure).collect();
        Prior::from_figures(&figures, Some(as_of))
    }

    #[test]
    fn a_figure_published_after_the_fit_date_does_not_change_the_model() {
        let register = Register::security_union();
        let as_of = d("2018-01-24");
        let prior = without(TRILOGUE_MEDIAN, as_of);
        let model =
            DurationModel::fit_with_prior(&register, as_of, DurationModel::PRIOR_WEIGHT, &prior);
        assert_eq!(model, DurationModel::fit(&register, as_of));
    }

    #[test]
    fn removing_a_figure_published_after_the_date_leaves_the_forecast_as_it_was() {
        let file = |id: &str, events: &[(&str, Stage)]| {
            LegislativeFile::new(id, id.to_uppercase()).with_events(
                events
                    .iter()
                    .map(|&(date, stage)| Event::new(d(date), stage)),
            )
        };
        let r = Register::builder()
            .file(file("fresh", &[("2024-06-10", Stage::Proposal)]))
            .file(file(
                "agreed",
                &[
                    ("2023-01-10", Stage::Proposal),
                    ("2023-09-01", Stage::GeneralApproach),
                    ("2023-10-01", Stage::LibeVote),
                    ("2023-11-01", Stage::Trilogue),
                    ("2024-06-20", Stage::PoliticalAgreement),
                ],
            ))
            .build()
            .unwrap();
        let forecast = |as_of: NaiveDate, figure: Figure| {
            let prior = without(figure, as_of);
            let model =
                DurationModel::fit_with_prior(&r, as_of, DurationModel::PRIOR_WEIGHT, &prior);
            Forecaster::with_model(&r, as_of, model)
                .with_simulations(500)
                .files(&[])
                .unwrap()
        };
        let as_published = |as_of| {
            Forecaster::new(&r, as_of)
                .with_simulations(500)
                .files(&[])
                .unwrap()
        };
        // Bohnenberger's median (2 September 2024), gone: nothing moves as of
        // the day before; everything not yet agreed moves as of the day.
        let eve = d("2024-09-01");
        assert_eq!(forecast(eve, TRILOGUE_MEDIAN), as_published(eve));
        let day = d("2024-09-02");
        assert_ne!(forecast(day, TRILOGUE_MEDIAN), as_published(day));
        // The legal-linguistic weeks (14 February 2024) are known on both days:
        // removing them moves the agreed file's adoption.
        assert_ne!(forecast(eve, LAWYER_LINGUISTS), as_published(eve));
    }
}
