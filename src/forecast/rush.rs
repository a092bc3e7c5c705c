//! The end of a term: agreements pushed through before the Parliament's
//! last plenary vote.
//!
//! A simulation whose file would agree after a term's last vote (and before
//! the next term's run-up) agrees in the term's last months instead with a
//! probability that depends on how far the file had come when the run-up
//! began ([`PULL_SHARES`]): in trilogue, with both mandates, with one, or
//! none. Its mandates and first trilogue, when drawn, are brought forward
//! so they still come before the agreement.

use super::calendar;
use super::column::{Col, below, bits, day_in, uniform};
use crate::stage::Stage;

/// How far a file had come at the start of a term's run-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Readiness {
    /// Negotiating (first trilogue held).
    Trilogue,
    /// Both mandates, no trilogue yet.
    BothMandates,
    /// One mandate.
    OneMandate,
    /// Neither mandate.
    Proposal,
}

/// The share of simulations pushed through, by how far the file had come
/// when the run-up began: in trilogue, both mandates, one, none.
pub const PULL_SHARES: [f64; 4] = [0.8, 0.6, 0.35, 0.15];

/// A file proposed less than this many days before a term's last vote is
/// never pushed through: there is no time to negotiate it.
pub const MIN_LEAD_DAYS: i32 = 240;

/// How long before the last vote the run-up begins: the stretch pushed
/// agreements spread over, and the day readiness is judged on.
pub const PULL_WINDOW_DAYS: i32 = 100;

/// The share of agreements reached in a term's run-up (at most
/// [`CLUSTER_REACH_DAYS`] and at least [`CLUSTER_LEAD_DAYS`] before its last
/// session) whose act is adopted around that session: the Parliament votes
/// them in its last sessions and the Council adopts soon after.
pub const CLUSTER_SHARE: f64 = 0.7;

/// How far before a term's last session an agreement may come and still be
/// adopted around it.
pub const CLUSTER_REACH_DAYS: i32 = 200;

/// How long before the last session an agreement must come for the
/// Parliament to vote it there.
pub const CLUSTER_LEAD_DAYS: i32 = 45;

/// The days around the last session (from, to) clustered adoptions spread
/// over.
pub const CLUSTER_SPREAD: (i32, i32) = (-30, 45);

/// Pushes simulations `first..` of one file through the end of a term (see
/// the module documentation). `state`/`cols` are the file's columns up to
/// and including the agreement.
pub(crate) fn pull(
    state: &[Col; 8],
    cols: &mut [Vec<i32>; 8],
    proposal: i32,
    salt: u64,
    first: usize,
    today: i32,
) {
    let ag = Stage::PoliticalAgreement.index();
    let tri = Stage::Trilogue.index();
    let ga = Stage::GeneralApproach.index();
    let lv = Stage::LibeVote.index();

    // The latest known day among the stages before the agreement: a pushed
    // agreement comes after it.
    let floor = [ga, lv, tri]
        .iter()
        .filter_map(|&i| match state[i] {
            Col::Known(d) => Some(d),
            _ => None,
        })
        .max()
        .unwrap_or(proposal)
        .max(today);
    // The share pushed through for each readiness (by its index), as a
    // bound on the draws' bits.
    let shares = PULL_SHARES.map(below);
    let terms = calendar::ByDay::get();
    // The only deadlines that can push an agreement: still ahead, and far
    // enough from the proposal. Agreements outside the days that miss one
    // of them are left as they are without a look-up in the table.
    let wanted = |deadline: i32| today < deadline && proposal <= deadline - MIN_LEAD_DAYS;
    let Some((lo, hi)) = calendar::missed_deadlines_within(wanted) else {
        return;
    };
    for k in 0..cols[ag].len() {
        let a = cols[ag][k];
        if a <= lo || a >= hi {
            continue;
        }
        let Some(deadline) = terms.missed_deadline(a) else {
            continue;
        };
        if !wanted(deadline) {
            continue;
        }
        let start = deadline - PULL_WINDOW_DAYS;
        let at = |i: usize| day_in(state[i], &cols[i], k).unwrap_or(i32::MAX);
        let readiness = if at(tri) <= start {
            Readiness::Trilogue
        } else {
            match (at(ga) <= start, at(lv) <= start) {
                (true, true) => Readiness::BothMandates,
                (true, false) | (false, true) => Readiness::OneMandate,
                (false, false) => Readiness::Proposal,
            }
        };
        let index = (first + k) as u64;
        if bits(salt, 2 * index) >= shares[readiness as usize] {
            continue;
        }
        let from = start.max(floor + 1);
        if from > deadline {
            continue;
        }
        let u = uniform(salt, 2 * index + 1);
        let pushed = spread(from, deadline, u);
        cols[ag][k] = pushed;
        if state[tri] == Col::Drawn {
            cols[tri][k] = cols[tri][k].min(pushed);
            let t = cols[tri][k];
            for i in [ga, lv] {
                if state[i] == Col::Drawn {
                    cols[i][k] = cols[i][k].min(t);
                }
            }
        }
    }
}

/// Adoptions clustering on a term's last sessions: simulation `k`, whose
/// agreement came in the run-up early enough to be voted in the last
/// sessions, is adopted around them with probability [`CLUSTER_SHARE`]
/// (when that is earlier than its drawn adoption). `sims`, when not empty,
/// gives the number of the simulation at each place of the columns.
pub(crate) fn cluster(
    agreed: Col,
    agreed_days: &[i32],
    adopted: &mut [i32],
    salt: u64,
    first: usize,
    sims: &[u32],
    today: i32,
) {
    static SESSIONS: std::sync::OnceLock<calendar::SessionsAhead> = std::sync::OnceLock::new();
    let sessions = SESSIONS
        .get_or_init(|| calendar::SessionsAhead::new(CLUSTER_REACH_DAYS, CLUSTER_LEAD_DAYS));
    let share = below(CLUSTER_SHARE);
    // A last session whose spread ends by today clusters nothing (its
    // adoptions would come before tomorrow): agreements outside the days
    // that lead to one of the others are left without a look-up.
    let Some((lo, hi)) = sessions.within(|last| last + CLUSTER_SPREAD.1 > today) else {
        return;
    };
    let each = |k: usize, p: i32, a: &mut i32| {
        if p <= lo || p > hi {
            return;
        }
        let Some(last) = sessions.get(p) else {
            return;
        };
        let from = (last + CLUSTER_SPREAD.0).max(p + 30).max(today + 1);
        let to = last + CLUSTER_SPREAD.1;
        if from > to {
            return;
        }
        // The simulation's number (`sims`: those of the columns, when they
        // hold some of the simulations only).
        let index = (first + sims.get(k).map_or(k, |&k| k as usize)) as u64;
        if bits(salt, 2 * index) >= share {
            return;
        }
        let u = uniform(salt, 2 * index + 1);
        let at = spread(from, to, u);
        *a = (*a).min(at);
    };
    match agreed {
        // One agreement day for every simulation: asked once.
        Col::Known(p) if sessions.get(p).is_none() => {}
        Col::Known(p) => adopted
            .iter_mut()
            .enumerate()
            .for_each(|(k, a)| each(k, p, a)),
        Col::Drawn => {
            for (k, (a, &p)) in adopted.iter_mut().zip(agreed_days).enumerate() {
                each(k, p, a);
            }
        }
        Col::Skipped => {}
    }
}

/// The day a uniform number `u` in `[0, 1)` picks in `from..=to`.
fn spread(from: i32, to: i32, u: f64) -> i32 {
    from + ((f64::from(to - from) * u) as i32).min(to - from)
}
