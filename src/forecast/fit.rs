//! Durations seen in the register as of a date, and their blend with the
//! published prior.
//!
//! Completed transitions are exact observations; transitions still under
//! way on the date are right-censored (the file has waited at least this
//! long). Ignoring the censored ones would keep only the fast files early
//! on, and bias every law towards speed.

use chrono::NaiveDate;

use super::calendar::Clock;
use super::known::{Known, Recorded, day, last_stage};
use super::law::{LogNormal, Transition};
use super::normal;
use super::prior::Prior;
use crate::register::Register;
use crate::stage::Stage;

/// What the register shows of one transition: `ln(days - shift)` of each
/// completed transition, and of the time spent so far by each one under
/// way.
#[derive(Clone, Debug, Default)]
pub(crate) struct Seen {
    pub completed: Vec<f64>,
    pub censored: Vec<f64>,
}

/// Collects every transition the register shows as of `as_of`.
///
/// A package counts once: files linked by `related` (directly or not) whose
/// transition ends on the same day are one negotiation, not several, and it
/// started with the earliest of them (the three SIS regulations; EES and
/// its Schengen Borders Code amendment, whose first dated trilogue is the
/// package's last). Waits still under way count once per start day. A
/// transition whose start or end is known only by implication (no event of
/// its own) is not observed.
/// The floors come from `prior`, the prior as known on `as_of`.
pub(crate) fn observe(register: &Register, as_of: NaiveDate, prior: &Prior) -> [Seen; 7] {
    let mut all = observe_dates(register, &[(as_of, prior)]);
    all.pop().unwrap_or_default()
}

/// [`observe`] as of each of `dates` (each with the prior known then), in
/// one pass over the register's files: the packages and each file's last
/// stage are worked out once for all the dates.
pub(crate) fn observe_dates(register: &Register, dates: &[(NaiveDate, &Prior)]) -> Vec<[Seen; 7]> {
    if dates.is_empty() {
        return Vec::new();
    }
    let asks: Vec<Ask> = dates
        .iter()
        .map(|&(as_of, prior)| Ask {
            as_of,
            today: day(as_of),
            shifts: Transition::ALL.map(|t| prior.law(t).shift),
        })
        .collect();
    let package = packages(register);
    let files = register.files().len();
    // Whether each file is the only one of its package.
    let mut members = vec![0u32; files];
    for &p in &package {
        members[p as usize] += 1;
    }
    let alone: Vec<bool> = package.iter().map(|&p| members[p as usize] == 1).collect();
    // The files are cut into shares, four a thread (a thread done early
    // takes another rather than wait for the other's one share); the
    // shares are put back together as one pass over the files in order
    // would have seen them.
    let shares = crate::parallel::ranges(files, 4 * crate::parallel::threads(), 1);
    let parts = crate::parallel::map(&shares, |range| {
        observe_part(register, &asks, &package, &alone, range.clone())
    });
    // Each date's observations of each transition put together from the
    // shares, on rayon's threads (a pair each: one date's seven keep both
    // threads busy).
    let pairs: Vec<(usize, Transition)> = (0..asks.len())
        .flat_map(|j| Transition::ALL.map(|t| (j, t)))
        .collect();
    let mut seen = crate::parallel::map(&pairs, |&(j, t)| {
        let ask = &asks[j];
        let i = t.index();
        let shift = ask.shifts[i];
        let clock = Clock::of(t.clock());
        // By package and end day, each with its earliest start: in key
        // order, so sums are the same every run. A file alone in its
        // package has one key per transition, and the shares list those
        // files in order: only the packages' entries are sorted, then
        // merged with them.
        let mut packed: Vec<(u32, i32, i32)> = parts
            .iter()
            .flat_map(|p| &p[j].packed[i])
            .copied()
            .collect();
        packed.sort_unstable();
        packed.dedup_by_key(|&mut (package, end, _)| (package, end));
        let alone = parts.iter().flat_map(|p| &p[j].alone[i]).copied();
        let span = |(_, end, start): (u32, i32, i32)| {
            (f64::from(clock.span(start, end)) - shift).max(0.5).ln()
        };
        let completed = merged(alone, packed).map(span).collect();
        // Each start day once, in the order first met.
        let open = parts.iter().flat_map(|p| &p[j].open[i]).copied();
        let censored = first_seen(open)
            .into_iter()
            .map(|start| (f64::from(clock.span(start, ask.today)) - shift).ln())
            .collect();
        Seen {
            completed,
            censored,
        }
    })
    .into_iter();
    // Back into each date's seven, in the transitions' order.
    (0..asks.len())
        .map(|_| {
            let mut out: [Seen; 7] = Default::default();
            for t in Transition::ALL {
                out[t.index()] = seen.next().unwrap_or_default();
            }
            out
        })
        .collect()
}

/// The items of two increasing lists, in increasing order.
fn merged<T: Ord + Copy>(
    a: impl IntoIterator<Item = T>,
    b: impl IntoIterator<Item = T>,
) -> impl Iterator<Item = T> {
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// The days of `days` with the repeats left out, in the order first met.
fn first_seen(days: impl Iterator<Item = i32> + Clone) -> Vec<i32> {
    let Some((low, high)) = days.clone().fold(None, |range: Option<(i32, i32)>, d| {
        Some(range.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
    }) else {
        return Vec::new();
    };
    let mut seen = vec![false; (i64::from(high) - i64::from(low) + 1) as usize];
    days.filter(|&d| !std::mem::replace(&mut seen[(d - low) as usize], true))
        .collect()
}

/// One date [`observe_dates`] looks at: the day, and the prior's shift of
/// each transition then.
struct Ask {
    as_of: NaiveDate,
    today: i32,
    shifts: [f64; 7],
}

/// What one stretch of the register's files shows as of one date, per
/// transition: the completed ones (package, end day, start day) of the
/// files alone in their package, in file order, and of the others; and the
/// start days of waits under way, in file order (repeats kept).
#[derive(Default)]
struct Part {
    alone: [Vec<(u32, i32, i32)>; 7],
    packed: [Vec<(u32, i32, i32)>; 7],
    open: [Vec<i32>; 7],
}

/// [`observe_dates`] over the files of `range`: one [`Part`] per date.
fn observe_part(
    register: &Register,
    asks: &[Ask],
    package: &[u32],
    alone: &[bool],
    range: std::ops::Range<usize>,
) -> Vec<Part> {
    let mut parts: Vec<Part> = asks.iter().map(|_| Part::default()).collect();
    for (node, file) in register.files()[range.clone()]
        .iter()
        .enumerate()
        .map(|(k, f)| (range.start + k, f))
    {
        let Some(last) = file.last_staged() else {
            // No staged event: no proposal on any date.
            continue;
        };
        let applies = last_stage(register, node as u32) == Stage::Application;
        let recorded = Recorded::of(file);
        // From the file's last staged event on, its record reads the same.
        let mut settled = None;
        for (ask, part) in asks.iter().zip(parts.iter_mut()) {
            let rows = if last <= ask.as_of {
                *settled.get_or_insert_with(|| rows(&recorded.on(ask.as_of), applies))
            } else {
                rows(&recorded.on(ask.as_of), applies)
            };
            for (t, row) in Transition::ALL.into_iter().zip(rows) {
                let Some((start, end, waits)) = row else {
                    continue;
                };
                let i = t.index();
                match end {
                    Some(end) if end >= start => {
                        let seen = (package[node], end, start);
                        if alone[node] {
                            part.alone[i].push(seen);
                        } else {
                            part.packed[i].push(seen);
                        }
                    }
                    Some(_) => {}
                    None if waits => {
                        let excess =
                            f64::from(Clock::of(t.clock()).span(start, ask.today)) - ask.shifts[i];
                        if excess > 0.0 {
                            part.open[i].push(start);
                        }
                    }
                    None => {}
                }
            }
        }
    }
    parts
}

/// What a file as `known` on a date shows of each transition, when its
/// start is known: the start day, the end day if known, and whether it is
/// a wait under way that counts (`applies`: the register asks for the
/// file's application).
fn rows(known: &Known, applies: bool) -> [Option<(i32, Option<i32>, bool)>; 7] {
    let Some(proposal) = known.proposal else {
        return [None; 7];
    };
    let open_file = !known.terminal;
    Transition::ALL.map(|t| {
        // It starts from the stages its row of the table leaves (the later
        // of the two mandates, for the negotiations), once all are known.
        let start = t.from().iter().try_fold(i32::MIN, |later, &from| {
            let day = match from {
                Stage::Proposal => Some(proposal),
                _ => known.on(from),
            };
            day.map(|day| later.max(day))
        })?;
        let end = known.on(t.to());
        let expected = t != Transition::Application || applies;
        let waits = end.is_none() && expected && open_file && !known.has(t.to());
        Some((start, end, waits))
    })
}

/// The package of each file: the smallest index among the files it is
/// linked to by `related`, directly or not (union-find).
fn packages(register: &Register) -> Vec<u32> {
    let files = register.files();
    let mut parent: Vec<u32> = (0..files.len() as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for (i, file) in files.iter().enumerate() {
        for other in file.related() {
            let Ok(j) = register.index_of(other) else {
                continue;
            };
            if (j as usize) >= files.len() {
                continue;
            }
            let (a, b) = (root(&mut parent, i as u32), root(&mut parent, j));
            parent[a.max(b) as usize] = a.min(b);
        }
    }
    (0..files.len() as u32)
        .map(|i| root(&mut parent, i))
        .collect()
}

/// The prior blended with what the register shows, as if the prior were
/// `k` files: the normal law on the log scale whose first two moments are
/// those of `k` pseudo-observations from the prior pooled with the
/// register's observations, the censored ones replaced by their expected
/// values beyond the time already spent (expectation-maximisation, run to
/// convergence).
///
/// With complete observations only this is the closed form
/// `mu = (k mu0 + n mean) / (k + n)`: the register's weight is `n / (n + k)`.
pub(crate) fn blend(prior: LogNormal, seen: &Seen, k: f64) -> LogNormal {
    let n = (seen.completed.len() + seen.censored.len()) as f64;
    if n == 0.0 {
        return prior;
    }
    let total = k + n;
    let (mu0, s0) = (prior.mu, prior.sigma);
    let base1 = k * mu0 + seen.completed.iter().sum::<f64>();
    let base2 = k * (s0 * s0 + mu0 * mu0) + seen.completed.iter().map(|x| x * x).sum::<f64>();
    let mut mu = base1 / total;
    let mut sigma = ((base2 / total) - mu * mu).max(0.0).sqrt().max(MIN_SIGMA);
    if seen.censored.is_empty() {
        return LogNormal { mu, sigma, ..prior };
    }
    // Start from the prior's spread: with few observations the first
    // estimate may be degenerate.
    if k == 0.0 && seen.completed.len() < 2 {
        sigma = sigma.max(s0);
    }
    for _ in 0..200 {
        let mut s1 = base1;
        let mut s2 = base2;
        for &c in &seen.censored {
            let a = (c - mu) / sigma;
            let lambda = normal::inverse_mills(a);
            s1 += mu + sigma * lambda;
            s2 += mu * mu + sigma * sigma + sigma * (c + mu) * lambda;
        }
        let next_mu = s1 / total;
        let next_sigma = ((s2 / total) - next_mu * next_mu)
            .max(0.0)
            .sqrt()
            .max(MIN_SIGMA);
        let moved = (next_mu - mu).abs() + (next_sigma - sigma).abs();
        mu = next_mu;
        sigma = next_sigma;
        if moved < 1e-10 {
            break;
        }
    }
    LogNormal { mu, sigma, ..prior }
}

/// A floor on the log-scale spread, so that a handful of identical
/// durations never make a transition certain.
const MIN_SIGMA: f64 = 0.05;

#[cfg(test)]
mod tests {
    use super::*;

    fn prior() -> LogNormal {
        LogNormal::from_median(0.0, 100.0, 0.5)
    }

    #[test]
    fn merged_lists_and_first_seen_days() {
        assert_eq!(
            merged([1, 4, 6], [2, 3, 7, 9]).collect::<Vec<_>>(),
            [1, 2, 3, 4, 6, 7, 9]
        );
        assert_eq!(merged([], [2]).collect::<Vec<i32>>(), [2]);
        assert_eq!(first_seen([5, -3, 5, 8, -3, 6].into_iter()), [5, -3, 8, 6]);
        assert!(first_seen(std::iter::empty()).is_empty());
    }

    #[test]
    fn no_data_keeps_the_prior() {
        assert_eq!(blend(prior(), &Seen::default(), 5.0), prior());
    }

    #[test]
    fn complete_data_moves_the_median_by_n_over_n_plus_k() {
        let seen = Seen {
            completed: vec![(400.0f64).ln(); 5],
            censored: vec![],
        };
        let law = blend(prior(), &seen, 5.0);
        let expected = 0.5 * (100.0f64).ln() + 0.5 * (400.0f64).ln();
        assert!((law.mu - expected).abs() < 1e-12);
        assert!((law.median() - 200.0).abs() < 1e-9);
    }

    #[test]
    fn censored_waits_push_the_law_later() {
        let completed = vec![(90.0f64).ln(), (110.0f64).ln()];
        let without = blend(
            prior(),
            &Seen {
                completed: completed.clone(),
                censored: vec![],
            },
            5.0,
        );
        let with = blend(
            prior(),
            &Seen {
                completed,
                censored: vec![(300.0f64).ln(), (500.0f64).ln()],
            },
            5.0,
        );
        assert!(with.median() > without.median());
        assert!(with.sigma.is_finite() && with.sigma >= MIN_SIGMA);
    }

    #[test]
    fn a_large_prior_weight_keeps_the_prior() {
        let seen = Seen {
            completed: vec![(1000.0f64).ln(); 3],
            censored: vec![(2000.0f64).ln()],
        };
        let law = blend(prior(), &seen, 1e9);
        assert!((law.median() - 100.0).abs() < 1e-3);
    }
}
