//! Drawing durations fast: each law as a table of equiprobable quantiles,
//! and the remaining time of a file already waiting drawn from the part of
//! the table beyond the time it has spent.
//!
//! A draw picks one of [`QUANTILES`] equally likely durations, the law's
//! quantiles at `(i + 0.5) / QUANTILES`: one random word and one lookup
//! instead of a normal variate and an exponential. Conditioning on the time
//! already spent (`duration > elapsed`) keeps the table's entries above
//! `elapsed`, found once per file by binary search. When fewer than
//! [`MIN_TAIL`] entries are left (a file stuck far into the tail), the draw
//! is exact instead: inverse-CDF sampling of the truncated log-normal.

use super::model::LogNormal;
use super::normal;

/// Entries per table.
pub(crate) const QUANTILES: usize = 4096;

/// Below this many entries beyond the time spent, draws are exact.
const MIN_TAIL: usize = 64;

/// The longest duration drawn, in days (a century): beyond it, dates stop
/// meaning anything and day arithmetic must not overflow.
pub(crate) const MAX_DAYS: i32 = 36_525;

/// A law as a sorted table of equiprobable durations, in whole days.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    law: LogNormal,
    days: Vec<i32>,
}

/// How to draw one file's durations for one transition.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Draw {
    /// Uniformly among `days[start..]`.
    Table { start: usize },
    /// Exactly, beyond the law's standard-normal point `alpha`; `tail` is
    /// the probability mass beyond it, `elapsed` the time spent.
    Exact { tail: f64, elapsed: i32 },
}

impl Table {
    pub(crate) fn new(law: LogNormal) -> Table {
        let days = (0..QUANTILES)
            .map(|i| {
                let p = (i as f64 + 0.5) / QUANTILES as f64;
                to_days(law.at_z(normal::ppf(p)))
            })
            .collect();
        Table { law, days }
    }

    /// How to draw durations longer than `elapsed` days (`None`: no
    /// condition).
    pub(crate) fn draw(&self, elapsed: Option<i32>) -> Draw {
        let Some(elapsed) = elapsed else {
            return Draw::Table { start: 0 };
        };
        let start = self.days.partition_point(|&d| d <= elapsed);
        if QUANTILES - start >= MIN_TAIL {
            return Draw::Table { start };
        }
        let alpha = self.law.z_of(f64::from(elapsed) + 0.5);
        Draw::Exact {
            tail: normal::sf(alpha),
            elapsed,
        }
    }

    /// Fills `out` with one duration per random word.
    pub(crate) fn fill(&self, draw: Draw, random: &[u32], out: &mut [i32]) {
        match draw {
            Draw::Table { start } => {
                let span = (QUANTILES - start) as u64;
                let days = &self.days[start..];
                for (slot, &r) in out.iter_mut().zip(random) {
                    *slot = days[((u64::from(r) * span) >> 32) as usize];
                }
            }
            Draw::Exact { tail, elapsed } => {
                for (slot, &r) in out.iter_mut().zip(random) {
                    let v = (f64::from(r) + 0.5) / 4_294_967_296.0;
                    let z = -normal::ppf(v * tail);
                    *slot = to_days(self.law.at_z(z)).max(elapsed.saturating_add(1));
                }
            }
        }
    }
}

/// Whole days, rounded, within `0..=MAX_DAYS`.
fn to_days(x: f64) -> i32 {
    if x.is_nan() {
        return MAX_DAYS;
    }
    x.round().clamp(0.0, f64::from(MAX_DAYS)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> Vec<u32> {
        // An even spread of words: the draws are then the table's quantiles.
        (0..n)
            .map(|i| ((i as u64 * (1u64 << 32)) / n as u64) as u32)
            .collect()
    }

    #[test]
    fn table_reproduces_the_law() {
        let law = LogNormal::from_median(20.0, 28.0, 1.0);
        let table = Table::new(law);
        let mut out = vec![0; 10_000];
        table.fill(table.draw(None), &words(10_000), &mut out);
        out.sort_unstable();
        let median = out[5_000];
        assert!((f64::from(median) - 28.0).abs() <= 1.0, "{median}");
        assert!(out[0] >= 20);
    }

    #[test]
    fn conditioned_draws_exceed_the_time_spent() {
        let law = LogNormal::from_median(0.0, 125.0, 1.2);
        let table = Table::new(law);
        for elapsed in [0, 100, 1_000, 5_000, 30_000] {
            let mut out = vec![0; 2_000];
            table.fill(table.draw(Some(elapsed)), &words(2_000), &mut out);
            assert!(out.iter().all(|&d| d > elapsed), "elapsed {elapsed}");
        }
    }

    #[test]
    fn waiting_longer_means_waiting_longer_still() {
        let law = LogNormal::from_median(0.0, 125.0, 1.2);
        let table = Table::new(law);
        let median_total = |elapsed| {
            let mut out = vec![0; 4_001];
            table.fill(table.draw(Some(elapsed)), &words(4_001), &mut out);
            out.sort_unstable();
            out[2_000]
        };
        let fresh = median_total(0);
        let waited = median_total(400);
        let stuck = median_total(3_000);
        assert!(fresh < waited && waited < stuck);
        // The remaining time grows too (a log-normal's hazard falls).
        assert!(waited - 400 > fresh);
    }
}
