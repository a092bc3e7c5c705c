//! The tail: a file can stall (a package deal, a blocking minority, a
//! provisional agreement the Council will not endorse), and the longer it
//! has been stuck, the likelier it is that it has.
//!
//! Each legislative transition (the two mandates, the agreement, the
//! adoption) is a mixture: with probability [`STALL_SHARE`] (times
//! [`PACKAGE_FACTOR`] for a file in a package) its duration comes from a
//! stall law, a log-normal with a median of [`STALL_MEDIAN_DAYS`] working
//! days, instead of the fitted law. For a file already waiting, Bayes' rule
//! on the time spent gives the probability it is stalled
//! ([`stall_probability`]): it grows with the wait, because the fitted law
//! has little mass that far out and the stall law has most of its mass
//! there, so the 90th percentile of a stuck file moves out as it should.
//!
//! The figures are this crate's choice, made on the tuning calibration
//! files (tests/fixtures/calibration/tuning.json: of eight files, one was
//! blocked in the Council for nine years, one agreement was held six years
//! with its package, one mandate took four years) and kept wide:
//! Bohnenberger counted about 150 of 548 OLP files of 2019-2024 unfinished
//! at the end of the term, and Kirpsza (2022) found multi-proposal packages
//! slower.

use super::law::{LogNormal, Transition};
use super::normal;

/// The probability that a transition of a file not in a package stalls.
pub const STALL_SHARE: f64 = 0.03;

/// How much likelier a stall is for a file in a package (`related`).
pub const PACKAGE_FACTOR: f64 = 1.5;

/// The stall law's median, in working days (about four calendar years).
pub const STALL_MEDIAN_DAYS: f64 = 1_200.0;

/// The stall law's spread on the log scale.
pub const STALL_SIGMA: f64 = 0.6;

/// Whether `transition` can stall (the rule-bound steps cannot).
pub const fn can_stall(transition: Transition) -> bool {
    matches!(
        transition,
        Transition::CouncilMandate
            | Transition::ParliamentMandate
            | Transition::Agreement
            | Transition::Adoption
    )
}

/// The stall law of a transition whose fitted law is `base` (same floor).
pub fn stall_law(base: &LogNormal) -> LogNormal {
    LogNormal::from_median(base.shift, base.shift + STALL_MEDIAN_DAYS, STALL_SIGMA)
}

/// The prior share of stalls for a file (in a package or not).
pub fn share(package: bool) -> f64 {
    if package {
        STALL_SHARE * PACKAGE_FACTOR
    } else {
        STALL_SHARE
    }
}

/// The probability that a file waiting `elapsed` working days in a
/// transition with fitted law `base` is stalled, given the prior `share`:
/// `share S_stall(e) / (share S_stall(e) + (1 - share) S_base(e))`.
pub fn stall_probability(base: &LogNormal, share: f64, elapsed: f64) -> f64 {
    let stall = stall_law(base);
    let (s, b) = (stall.survival(elapsed), base.survival(elapsed));
    let num = share * s;
    let den = num + (1.0 - share) * b;
    if den <= 0.0 { 1.0 } else { num / den }
}

/// Stall durations longer than `elapsed`: the stall law truncated at
/// `elapsed`, drawn by inverse CDF ([`days`](StallTail::days)); the law and
/// its mass beyond `elapsed` are worked out once for all the draws of a
/// file's transition.
pub(crate) struct StallTail {
    stall: LogNormal,
    elapsed: f64,
    beyond: f64,
}

impl StallTail {
    /// The tail of the stall law of a transition whose fitted law is
    /// `base`, beyond `elapsed` working days.
    pub(crate) fn new(base: &LogNormal, elapsed: f64) -> Self {
        let stall = stall_law(base);
        StallTail {
            stall,
            elapsed,
            beyond: stall.survival(elapsed),
        }
    }

    /// The stall duration at uniform number `u` (in `[0, 1)`): one at a
    /// time, as [`days_each`](StallTail::days_each) gives them.
    #[cfg(test)]
    fn days(&self, u: f64) -> f64 {
        let beyond = self.beyond * (1.0 - u);
        if beyond <= 0.0 {
            return self.elapsed + 1.0;
        }
        self.stall
            .at_z(-normal::ppf(beyond.min(1.0)))
            .max(self.elapsed + 1.0)
    }

    /// The stall duration at each uniform number of `us` (in `[0, 1)`),
    /// in place, in passes ([`normal::ppf_each`]); `tails` is a buffer to
    /// reuse.
    pub(crate) fn days_each(&self, us: &mut [f64], tails: &mut Vec<(u32, f64)>) {
        for u in us.iter_mut() {
            let beyond = self.beyond * (1.0 - *u);
            // Nothing left beyond: NaN, whose quantile and duration are
            // NaN, which `max` turns into the day after `elapsed`.
            *u = if beyond <= 0.0 {
                f64::NAN
            } else {
                beyond.min(1.0)
            };
        }
        normal::ppf_each(us, tails);
        for z in us.iter_mut() {
            *z = self.stall.at_z(-*z).max(self.elapsed + 1.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longer_a_file_waits_the_likelier_it_is_stalled() {
        let base = LogNormal::from_median(0.0, 170.0, 0.9);
        let fresh = stall_probability(&base, STALL_SHARE, 0.0);
        let long = stall_probability(&base, STALL_SHARE, 700.0);
        let stuck = stall_probability(&base, STALL_SHARE, 1_500.0);
        assert!((fresh - STALL_SHARE).abs() < 1e-9);
        assert!(fresh < long && long < stuck && stuck > 0.5);
    }

    #[test]
    fn durations_in_passes_are_those_one_at_a_time() {
        let base = LogNormal::from_median(0.0, 170.0, 0.9);
        let mut us: Vec<f64> = (0..20_000).map(|k| f64::from(k) / 20_000.0).collect();
        us.extend([1.0, 1.0f64.next_down(), 0.5f64.next_up(), 1e-300, f64::NAN]);
        for elapsed in [0.0, 30.0, 700.0, 5_000.0, 1e6] {
            let tail = StallTail::new(&base, elapsed);
            let mut each = us.clone();
            tail.days_each(&mut each, &mut Vec::new());
            for (&u, got) in us.iter().zip(&each) {
                let want = tail.days(u);
                assert_eq!(
                    got.to_bits(),
                    want.to_bits(),
                    "{elapsed} {u}: {got} against {want}"
                );
            }
        }
    }
}
