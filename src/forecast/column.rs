//! One stage's column of simulated days, as the simulation and the
//! end-of-term rules ([`rush`](super::rush)) read it, and the uniform
//! numbers the end-of-term draws use.

/// The state of one stage's column after a file's simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    /// Not simulated (beyond the stage asked for).
    Skipped,
    /// Reached by the forecast date, on this day (the anchor of what
    /// follows).
    Known(i32),
    /// Drawn: one date per simulation in the column.
    Drawn,
}

/// The day of simulation `k` in a column that is known or drawn.
pub(crate) fn day_in(col: Col, days: &[i32], k: usize) -> Option<i32> {
    match col {
        Col::Known(d) => Some(d),
        Col::Drawn => days.get(k).copied(),
        Col::Skipped => None,
    }
}

/// A uniform number in `[0, 1)` from a salt and a simulation's index
/// (SplitMix64): the end-of-term draws, independent of the duration draws
/// and of how the simulations are split.
pub(crate) fn uniform(salt: u64, index: u64) -> f64 {
    let mut z = salt.wrapping_add(index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    // Below 2^53, so the signed conversion (one instruction, where the
    // unsigned one takes several) gives the same number.
    ((z >> 11) as i64) as f64 / (1u64 << 53) as f64
}
