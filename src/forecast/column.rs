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
#[inline]
pub(crate) fn uniform(salt: u64, index: u64) -> f64 {
    of_bits(bits(salt, index))
}

/// The 53 bits behind [`uniform`]: it is their number over 2^53.
#[inline]
pub(crate) fn bits(salt: u64, index: u64) -> u64 {
    let mut z = salt.wrapping_add(index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    z >> 11
}

/// [`uniform`] of its [`bits`].
#[inline]
pub(crate) fn of_bits(bits: u64) -> f64 {
    // Below 2^53, so the signed conversion (one instruction, where the
    // unsigned one takes several) gives the same number.
    (bits as i64) as f64 / (1u64 << 53) as f64
}

/// The bound in [`bits`] of a chance `p`: `uniform(salt, i) < p` exactly
/// when `bits(salt, i) < below(p)`, for every `p` (NaN included), so a
/// draw that only asks whether it falls under `p` compares integers and
/// skips the conversion. (`bits / 2^53 < p` is `bits < p * 2^53`, a
/// product by a power of two and so exact, and for a whole number that is
/// `bits < ceil(p * 2^53)`; the conversion to `u64` saturates: 0 for NaN
/// and anything negative.)
pub(crate) fn below(p: f64) -> u64 {
    (p * (1u64 << 53) as f64).ceil() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_gives_the_comparisons_of_the_uniform_numbers() {
        // Chances of every kind, with the numbers drawn on either side of
        // them and the extremes of the 53 bits.
        let mut chances = crate::forecast::awkward_floats();
        let mut bit_values = vec![0, 1, 2, (1 << 53) - 2, (1 << 53) - 1];
        for i in 0..20_000u64 {
            let b = bits(0x1234_5678_9abc_def0, i);
            bit_values.push(b);
            let u = of_bits(b);
            chances.extend([u, u.next_up(), u.next_down()]);
        }
        chances.extend([0.0, -0.0, 1.0, 1.0 + f64::EPSILON, 0.5, 1e-300, 5e-324]);
        for &p in &chances {
            let bound = below(p);
            for &b in bit_values.iter().step_by(97).chain(&bit_values[..5]) {
                assert_eq!(of_bits(b) < p, b < bound, "p {p:e}, bits {b}");
            }
        }
        for (i, &b) in bit_values[5..].iter().enumerate() {
            let u = of_bits(b);
            for p in [u, u.next_up(), u.next_down()] {
                assert_eq!(u < p, b < below(p), "draw {i}, p {p:e}");
            }
        }
    }
}
