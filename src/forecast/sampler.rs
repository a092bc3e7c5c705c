//! Drawing durations fast: each law as a table of equiprobable quantiles,
//! and the remaining time of a file already waiting drawn from the part of
//! the table beyond the time it has spent.
//!
//! A draw picks one of [`QUANTILES`] equally likely durations, the law's
//! quantiles at `(i + 0.5) / QUANTILES`: sixteen random bits and one
//! lookup instead of a normal variate and an exponential. Conditioning on the time
//! already spent (`duration > elapsed`) keeps the table's entries above
//! `elapsed`, found once per file by binary search. When fewer than
//! [`MIN_TAIL`] entries are left (a file stuck far into the tail), a table
//! of [`TAIL_QUANTILES`] equiprobable quantiles of the truncated law is
//! computed for that file (inverse CDF) and drawn from the same way.

use super::model::LogNormal;
use super::normal;

/// Entries per table.
pub(crate) const QUANTILES: usize = 4096;

/// Below this many entries beyond the time spent, the file gets a table of
/// its own.
const MIN_TAIL: usize = 256;

/// Entries of a file's own table of the far tail.
pub(crate) const TAIL_QUANTILES: usize = 256;

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
    /// From a table of the law truncated at `elapsed` days; `tail` is the
    /// probability mass beyond.
    Tail { tail: f64, elapsed: i32 },
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
        Draw::Tail {
            tail: normal::sf(alpha),
            elapsed,
        }
    }

    /// Fills `out` with one duration per 16-bit random number; `far` holds
    /// the table of the far tail when one is needed.
    pub(crate) fn fill(&self, draw: Draw, random: &[u16], out: &mut [i32], far: &mut Vec<i32>) {
        let days = match draw {
            Draw::Table { start } => &self.days[start..],
            Draw::Tail { tail, elapsed } => {
                // Quantiles of the truncated law, ascending: the mass beyond
                // each one is `tail * (1 - (j + 0.5) / TAIL_QUANTILES)`.
                far.clear();
                far.extend((0..TAIL_QUANTILES).map(|j| {
                    let beyond = tail * (1.0 - (j as f64 + 0.5) / TAIL_QUANTILES as f64);
                    to_days(self.law.at_z(-normal::ppf(beyond))).max(elapsed.saturating_add(1))
                }));
                far.as_slice()
            }
        };
        let span = days.len() as u32;
        for (slot, &r) in out.iter_mut().zip(random) {
            *slot = days[((u32::from(r) * span) >> 16) as usize];
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

    fn words(n: usize) -> Vec<u16> {
        // An even spread of numbers: the draws are then the table's quantiles.
        (0..n)
            .map(|i| ((i as u64 * (1u64 << 16)) / n as u64) as u16)
            .collect()
    }

    #[test]
    fn table_reproduces_the_law() {
        let law = LogNormal::from_median(20.0, 28.0, 1.0);
        let table = Table::new(law);
        let mut out = vec![0; 10_000];
        table.fill(table.draw(None), &words(10_000), &mut out, &mut Vec::new());
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
            table.fill(
                table.draw(Some(elapsed)),
                &words(2_000),
                &mut out,
                &mut Vec::new(),
            );
            assert!(out.iter().all(|&d| d > elapsed), "elapsed {elapsed}");
        }
    }

    #[test]
    fn waiting_longer_means_waiting_longer_still() {
        let law = LogNormal::from_median(0.0, 125.0, 1.2);
        let table = Table::new(law);
        let median_total = |elapsed| {
            let mut out = vec![0; 4_001];
            table.fill(
                table.draw(Some(elapsed)),
                &words(4_001),
                &mut out,
                &mut Vec::new(),
            );
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
