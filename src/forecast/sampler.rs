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
//! computed (inverse CDF) and drawn from the same way. A goal's forecast
//! computes each of those once, before its simulations are shared out
//! between threads ([`FarTails`]): files stuck equally long in the same
//! transition share one.

use std::collections::HashMap;

use super::law::LogNormal;
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

/// A law as a sorted table of equiprobable durations, in whole days
/// (16 bits each: at most [`MAX_DAYS`], and the table stays small enough to
/// be read from the processor's nearest cache while two threads draw).
#[derive(Clone, Debug)]
pub(crate) struct Table {
    law: LogNormal,
    days: Vec<u16>,
}

/// Equiprobable durations: `base` plus each of `days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Durations<'a> {
    pub base: i32,
    pub days: &'a [u16],
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
        // In passes, as the far tails' tables.
        let mut z: Vec<f64> = (0..QUANTILES)
            .map(|i| (i as f64 + 0.5) / QUANTILES as f64)
            .collect();
        normal::ppf_each(&mut z, &mut Vec::with_capacity(QUANTILES));
        let days = z.iter().map(|&z| to_days(law.at_z(z)) as u16).collect();
        Table { law, days }
    }

    /// The law the table was built from.
    pub(crate) fn law(&self) -> &LogNormal {
        &self.law
    }

    /// How to draw durations longer than `elapsed` days (`None`: no
    /// condition).
    pub(crate) fn draw(&self, elapsed: Option<i32>) -> Draw {
        let Some(elapsed) = elapsed else {
            return Draw::Table { start: 0 };
        };
        let start = self.days.partition_point(|&d| i32::from(d) <= elapsed);
        if QUANTILES - start >= MIN_TAIL {
            return Draw::Table { start };
        }
        let alpha = self.law.z_of(f64::from(elapsed) + 0.5);
        Draw::Tail {
            tail: normal::sf(alpha),
            elapsed,
        }
    }

    /// The equiprobable durations `draw` picks from; `far` receives the
    /// table of the far tail when one is needed.
    pub(crate) fn durations<'a>(&'a self, draw: Draw, far: &'a mut Vec<u16>) -> Durations<'a> {
        match draw {
            Draw::Table { start } => Durations {
                base: 0,
                days: &self.days[start..],
            },
            Draw::Tail { tail, elapsed } => {
                // Quantiles of the truncated law, ascending: the mass beyond
                // each one is `tail * (1 - (j + 0.5) / TAIL_QUANTILES)`;
                // each at least a day beyond `elapsed`, kept as days beyond
                // that (at most `MAX_DAYS`).
                let base = elapsed.saturating_add(1);
                // In passes (all the quantiles, then all the durations):
                // the same numbers as one entry at a time, sooner, since
                // one entry's calls do not wait for the last's (`ppf_each`).
                let mut x = [0.0; TAIL_QUANTILES];
                for (j, x) in x.iter_mut().enumerate() {
                    *x = tail * (1.0 - (j as f64 + 0.5) / TAIL_QUANTILES as f64);
                }
                normal::ppf_each(&mut x, &mut Vec::with_capacity(TAIL_QUANTILES));
                for x in &mut x {
                    *x = self.law.at_z(-*x);
                }
                far.clear();
                far.extend(
                    x.iter()
                        .map(|&x| to_days(x).saturating_sub(base).max(0) as u16),
                );
                Durations { base, days: far }
            }
        }
    }
}

/// Fills `out` with one of `durations` per pair of random bytes (a 16-bit
/// number), each equally likely.
pub(crate) fn fill(durations: Durations<'_>, bytes: &[u8], out: &mut [i32]) {
    let Durations { base, days } = durations;
    let span = days.len() as u32;
    for (slot, b) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let r = u32::from(u16::from_le_bytes([b[0], b[1]]));
        *slot = base + i32::from(days[((r * span) >> 16) as usize]);
    }
}

/// Tables of far tails, each computed once: by transition (its index) and
/// days already waited.
#[derive(Debug, Default)]
pub(crate) struct FarTails(HashMap<FarKey, Box<[u16]>>);

/// A far tail's transition (its index) and days already waited.
type FarKey = (usize, i32);

impl FarTails {
    /// Computes the table of each `(transition, draw)` among `wanted`
    /// (only [`Draw::Tail`] draws need one) from `tables`, indexed by
    /// transition (on several threads with the `parallel` feature).
    pub(crate) fn new(tables: &[Table], mut wanted: Vec<(usize, Draw)>) -> Self {
        wanted.retain(|(_, d)| matches!(d, Draw::Tail { .. }));
        let key = |&(t, d): &(usize, Draw)| match d {
            Draw::Tail { elapsed, .. } => (t, elapsed),
            Draw::Table { .. } => (t, -1),
        };
        wanted.sort_unstable_by_key(key);
        wanted.dedup_by_key(|w| key(w));
        let map = crate::parallel::map(&wanted, |w| {
            let days: Box<[u16]> = tables[w.0]
                .durations(w.1, &mut Vec::with_capacity(TAIL_QUANTILES))
                .days
                .into();
            (key(w), days)
        })
        .into_iter()
        .collect();
        FarTails(map)
    }

    /// The table of the far tail of `transition` (its index) after
    /// `elapsed` days, if computed.
    pub(crate) fn get(&self, transition: usize, elapsed: i32) -> Option<Durations<'_>> {
        self.0.get(&(transition, elapsed)).map(|days| Durations {
            base: elapsed.saturating_add(1),
            days,
        })
    }

    /// How many tables are held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// Whole days, rounded (half away from zero), within `0..=MAX_DAYS`: what
/// `x.round().clamp(0.0, MAX_DAYS)` gives (NaN: `MAX_DAYS`), without the
/// call to `round` that a processor without SSE4.1 (the baseline x86-64
/// the binaries are built for) makes, once per entry of every table (a
/// test compares the two).
#[inline]
fn to_days(x: f64) -> i32 {
    if x.is_nan() || x >= f64::from(MAX_DAYS) {
        return MAX_DAYS;
    }
    if x <= 0.0 {
        return 0;
    }
    // 0 < x < MAX_DAYS: truncation is exact, and so is the fraction left.
    let t = x as i32;
    t + i32::from(x - f64::from(t) >= 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> Vec<u8> {
        // An even spread of numbers: the draws are then the table's quantiles.
        (0..n)
            .flat_map(|i| (((i as u64 * (1u64 << 16)) / n as u64) as u16).to_le_bytes())
            .collect()
    }

    #[test]
    fn to_days_rounds_and_clamps_as_round_does() {
        let mut xs = crate::forecast::awkward_floats();
        xs.extend([
            -0.5,
            -0.49,
            0.49,
            0.5,
            1e300,
            -1e300,
            f64::from(MAX_DAYS),
            f64::from(MAX_DAYS) - 0.5,
            f64::from(MAX_DAYS) + 0.5,
        ]);
        // Every half day up to past the clamp, and numbers just either side.
        for k in -4..=2 * (MAX_DAYS + 4) {
            let x = f64::from(k) * 0.5;
            xs.extend([x, x.next_up(), x.next_down(), x + 0.25]);
        }
        for x in xs {
            let expected = if x.is_nan() {
                MAX_DAYS
            } else {
                x.round().clamp(0.0, f64::from(MAX_DAYS)) as i32
            };
            assert_eq!(to_days(x), expected, "{x}");
        }
    }

    #[test]
    fn table_reproduces_the_law() {
        let law = LogNormal::from_median(20.0, 28.0, 1.0);
        let table = Table::new(law);
        let mut out = vec![0; 10_000];
        fill(
            table.durations(table.draw(None), &mut Vec::new()),
            &words(10_000),
            &mut out,
        );
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
            fill(
                table.durations(table.draw(Some(elapsed)), &mut Vec::new()),
                &words(2_000),
                &mut out,
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
            fill(
                table.durations(table.draw(Some(elapsed)), &mut Vec::new()),
                &words(4_001),
                &mut out,
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

    #[test]
    fn far_tails_are_the_tables_computed_on_the_spot() {
        let tables = [
            Table::new(LogNormal::from_median(0.0, 125.0, 1.2)),
            Table::new(LogNormal::from_median(56.0, 140.0, 0.5)),
        ];
        let mut wanted = Vec::new();
        for (t, table) in tables.iter().enumerate() {
            for elapsed in [0, 400, 3_000, 3_000, 9_000, 30_000] {
                wanted.push((t, table.draw(Some(elapsed))));
            }
        }
        let tails: std::collections::BTreeSet<(usize, i32)> = wanted
            .iter()
            .filter_map(|&(t, d)| match d {
                Draw::Tail { elapsed, .. } => Some((t, elapsed)),
                Draw::Table { .. } => None,
            })
            .collect();
        assert!(tails.iter().any(|k| k.0 == 0) && tails.iter().any(|k| k.0 == 1));
        {
            let far = FarTails::new(&tables, wanted.clone());
            // One table per transition and time waited, however often asked.
            assert_eq!(far.len(), tails.len());
            for &(t, draw) in &wanted {
                let Draw::Tail { elapsed, .. } = draw else {
                    continue;
                };
                let mut own = Vec::new();
                assert_eq!(
                    far.get(t, elapsed),
                    Some(tables[t].durations(draw, &mut own))
                );
            }
        }
    }
}
