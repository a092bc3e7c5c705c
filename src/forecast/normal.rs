//! The standard normal distribution: density, tail probability, quantile
//! function, and the truncated moments the censored fit needs.
//!
//! Small and self-contained so the crate needs no statistics dependency:
//! the tail probability uses the Chebyshev fit of `erfc` from *Numerical
//! Recipes* (relative error below 1.2e-7 everywhere, tails included), the
//! quantile function Wichura's algorithm AS 241 (`PPND16`, about 1e-16).

// The coefficients are AS 241's, digit for digit: rounding them to what an
// f64 holds would only make them harder to check against the paper.
#![allow(clippy::excessive_precision)]

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// The density of the standard normal at `x`.
pub(crate) fn pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// The complementary error function, with a relative error below 1.2e-7.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let ans = t * poly.exp();
    if x >= 0.0 { ans } else { 2.0 - ans }
}

/// `P(Z > x)` for a standard normal `Z`, accurate in relative terms far into
/// the upper tail.
pub(crate) fn sf(x: f64) -> f64 {
    0.5 * erfc(x * FRAC_1_SQRT_2)
}

/// `P(Z <= x)`.
#[cfg(test)]
fn cdf(x: f64) -> f64 {
    sf(-x)
}

/// The inverse hazard `E[Z | Z > a] = pdf(a) / sf(a)` (Mills ratio
/// reciprocal), stable for large `a` where both terms underflow.
pub(crate) fn inverse_mills(a: f64) -> f64 {
    if a > 30.0 {
        // Asymptotic expansion: a + 1/a - 2/a^3 + ...
        return a + 1.0 / a - 2.0 / (a * a * a);
    }
    let tail = sf(a);
    if tail <= 0.0 {
        return a.max(0.0);
    }
    pdf(a) / tail
}

/// The quantile function of the standard normal (AS 241, `PPND16`).
/// `p` is clamped into the open interval `(0, 1)`.
pub(crate) fn ppf(p: f64) -> f64 {
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180_625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let value = tail_fraction((-r.ln()).sqrt());
    if q < 0.0 { -value } else { value }
}

/// [`ppf`] of each of `ps`, in place: the same numbers, worked out in
/// passes (the central ones first; then the logarithms and roots of the
/// tails; then their fractions) so that no step waits for the one before
/// it and the processor overlaps the calls, where one quantile at a time
/// waits for each of its own in turn. `tails` is a buffer to reuse.
pub(crate) fn ppf_each(ps: &mut [f64], tails: &mut Vec<(u32, f64)>) {
    tails.clear();
    for (i, p) in ps.iter_mut().enumerate() {
        let clamped = p.clamp(1e-300, 1.0 - 1e-16);
        let q = clamped - 0.5;
        if q.abs() <= 0.425 {
            let r = 0.180_625 - q * q;
            *p = q * poly(&A, r) / poly(&B, r);
        } else {
            tails.push((i as u32, if q < 0.0 { clamped } else { 1.0 - clamped }));
        }
    }
    for (_, r) in tails.iter_mut() {
        *r = (-r.ln()).sqrt();
    }
    for &(i, r) in tails.iter() {
        let p = &mut ps[i as usize];
        let q = p.clamp(1e-300, 1.0 - 1e-16) - 0.5;
        let value = tail_fraction(r);
        *p = if q < 0.0 { -value } else { value };
    }
}

/// AS 241's fraction in the tails, at `r = sqrt(-ln(min(p, 1 - p)))`.
#[inline]
fn tail_fraction(r: f64) -> f64 {
    if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    }
}

/// `c[0] + c[1] x + ... + c[7] x^7`.
fn poly(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
}

const A: [f64; 8] = [
    3.387_132_872_796_366_6,
    1.331_416_678_917_843_8e2,
    1.971_590_950_306_551_4e3,
    1.373_169_376_550_946_1e4,
    4.592_195_393_154_987_1e4,
    6.726_577_092_700_870_1e4,
    3.343_057_558_358_812_8e4,
    2.509_080_928_730_122_7e3,
];
const B: [f64; 8] = [
    1.0,
    4.231_333_070_160_091_1e1,
    6.871_870_074_920_579_1e2,
    5.394_196_021_424_751_1e3,
    2.121_379_430_158_659_6e4,
    3.930_789_580_009_271_1e4,
    2.872_908_573_572_194_3e4,
    5.226_495_278_852_854_6e3,
];
const C: [f64; 8] = [
    1.423_437_110_749_683_6,
    4.630_337_846_156_545_3,
    5.769_497_221_460_691_4,
    3.647_848_324_763_204_6,
    1.270_458_252_452_368_4,
    2.417_807_251_774_506_1e-1,
    2.272_384_498_926_918_4e-2,
    7.745_450_142_783_414_1e-4,
];
const D: [f64; 8] = [
    1.0,
    2.053_191_626_637_758_8,
    1.676_384_830_183_803_8,
    6.897_673_349_851_000_5e-1,
    1.481_039_764_274_800_7e-1,
    1.519_866_656_361_645_7e-2,
    5.475_938_084_995_344_9e-4,
    1.050_750_071_644_416_8e-9,
];
const E: [f64; 8] = [
    6.657_904_643_501_103_8,
    5.463_784_911_164_114_4,
    1.784_826_539_917_291_3,
    2.965_605_718_285_048_9e-1,
    2.653_218_952_657_612_3e-2,
    1.242_660_947_388_078_4e-3,
    2.711_555_568_743_487_6e-5,
    2.010_334_399_292_288_1e-7,
];
const F: [f64; 8] = [
    1.0,
    5.998_322_065_558_879_4e-1,
    1.369_298_809_227_358_1e-1,
    1.487_536_129_085_061_5e-2,
    7.868_691_311_456_132_6e-4,
    1.846_318_317_510_054_7e-5,
    1.421_511_758_316_445_9e-7,
    2.044_263_103_389_939_8e-15,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_quantiles() {
        assert!((ppf(0.975) - 1.959_963_984_540_054).abs() < 1e-12);
        assert!((ppf(0.5)).abs() < 1e-15);
        assert!((ppf(0.1) + 1.281_551_565_544_600_5).abs() < 1e-12);
        assert!((ppf(1e-10) + 6.361_340_902_404_056).abs() < 1e-9);
    }

    #[test]
    fn ppf_each_gives_what_ppf_gives() {
        let mut ps = crate::forecast::awkward_floats();
        for k in 0..=20_000 {
            let p = f64::from(k) / 20_000.0;
            ps.extend([p, p.next_up(), p.next_down(), p * 1e-12, 1.0 - p * 1e-12]);
        }
        ps.extend([
            0.075,
            0.925,
            0.075f64.next_up(),
            0.925f64.next_down(),
            1e-300,
            1e-320,
        ]);
        let mut each = ps.clone();
        ppf_each(&mut each, &mut Vec::new());
        for (p, got) in ps.iter().zip(&each) {
            let want = ppf(*p);
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{p}: {got} against {want}"
            );
        }
    }

    #[test]
    fn cdf_inverts_the_quantile_function() {
        for &p in &[1e-12, 1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 0.999_999] {
            let x = ppf(p);
            assert!((cdf(x) - p).abs() / p.min(1.0 - p) < 1e-6, "p = {p}");
        }
        // The upper tail keeps relative accuracy.
        let x = 8.0;
        let expected = 6.220_960_574_271_784e-16;
        assert!((sf(x) - expected).abs() / expected < 1e-6);
    }

    #[test]
    fn inverse_mills_is_continuous_and_above_its_argument() {
        let below = inverse_mills(29.999);
        let above = inverse_mills(30.001);
        assert!((below - above).abs() < 1e-2);
        for a in [-3.0, 0.0, 1.0, 5.0, 12.0] {
            assert!(inverse_mills(a) > a);
        }
        assert!((inverse_mills(0.0) - (2.0 / PI).sqrt()).abs() < 1e-6);
    }
}
