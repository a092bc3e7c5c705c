//! How this crate writes text for people, the same on a terminal, in
//! Markdown, CSV and HTML: shares as percentages ([`percent`]) and in
//! CSV ([`decimal`]), dates ([`date`], [`month`]), counts ([`count`]),
//! durations ([`days`]), forecast bands ([`band`]) and chances as odds
//! ([`odds`]),
//! each by one rule, so that one share never reads "12%" in one place and
//! "13%" in another.
//!
//! ```
//! use codecision::text;
//! assert_eq!(text::percent(1.0 / 8.0), "13%");
//! assert_eq!(text::count(2000), "2\u{202f}000");
//! ```

use chrono::{Datelike as _, NaiveDate};

/// A share (0 to 1) as a whole percentage, rounded to the nearest, a half
/// away from zero: `0.125` is `13%`, `0.124` is `12%`. Shares outside 0 to 1
/// are written as they are (`1.5` is `150%`); one that is not a number is
/// `?%`.
///
/// ```
/// use codecision::text::percent;
/// assert_eq!(percent(0.125), "13%");
/// assert_eq!(percent(0.0), "0%");
/// assert_eq!(percent(1.0), "100%");
/// assert_eq!(percent(f64::NAN), "?%");
/// ```
pub fn percent(share: f64) -> String {
    match percent_points(share) {
        Some(points) => format!("{points}%"),
        None => "?%".to_string(),
    }
}

/// The whole percentage [`percent`] writes, as a number (`None` for a
/// share that is not a finite number): for answers that carry it as data.
///
/// ```
/// use codecision::text::percent_points;
/// assert_eq!(percent_points(0.125), Some(13));
/// ```
pub fn percent_points(share: f64) -> Option<i64> {
    let points = (share * 100.0).round();
    points.is_finite().then_some(points as i64)
}

/// A date as people read it: `24 Jan 2018` (no leading zero).
///
/// ```
/// use codecision::{parse_date, text::date};
/// assert_eq!(date(parse_date("2018-01-04")?), "4 Jan 2018");
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn date(date: NaiveDate) -> String {
    Day(date).to_string()
}

/// A date as [`date`] writes it, written where it is formatted rather than
/// into a string of its own.
pub(crate) struct Day(pub NaiveDate);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let date = self.0;
        write!(
            f,
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize % 12],
            date.year()
        )
    }
}

/// The months' names as the field writes them.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A month as the field writes it: `Sep 2018`.
///
/// ```
/// use codecision::{parse_date, text::month};
/// assert_eq!(month(parse_date("2018-09-12")?), "Sep 2018");
/// # Ok::<(), codecision::Error>(())
/// ```
pub fn month(date: NaiveDate) -> String {
    format!("{} {}", MONTHS[date.month0() as usize % 12], date.year())
}

/// A count with its thousands apart, as EU style writes them: a narrow
/// no-break space (U+202F), `1 072`, which no line breaks and no CSV
/// reader takes for a separator of fields.
///
/// ```
/// use codecision::text::count;
/// assert_eq!(count(1072), "1\u{202f}072");
/// assert_eq!(count(-1_000_000), "-1\u{202f}000\u{202f}000");
/// assert_eq!(count(72), "72");
/// ```
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// A duration in days, rounded to the nearest day, its thousands apart as
/// [`count`] writes them: `1\u{202f}072 days`, `1 day`.
///
/// ```
/// use codecision::text::days;
/// assert_eq!(days(1071.6), "1\u{202f}072 days");
/// assert_eq!(days(1.2), "1 day");
/// ```
pub fn days(days: f64) -> String {
    let n = days.round() as i64;
    format!("{} day{}", count(n), if n == 1 { "" } else { "s" })
}

/// A share or a chance (0 to 1) as a CSV column holds it: four decimals,
/// `0.1250`, enough to tell a share of 2,000 simulations from the next.
///
/// ```
/// use codecision::text::decimal;
/// assert_eq!(decimal(1.0 / 8.0), "0.1250");
/// assert_eq!(decimal(1.0), "1.0000");
/// ```
pub fn decimal(share: f64) -> String {
    format!("{share:.4}")
}

/// A forecast's 80% band (its 10th to its 90th percentile), by month:
/// `80% between Jun 2018 and Feb 2019`, or `80% within Sep 2018` when both
/// ends fall in one month.
///
/// ```
/// use codecision::{parse_date, text::band};
/// let d = |s| parse_date(s).unwrap();
/// assert_eq!(band(d("2018-06-02"), d("2019-02-20")), "80% between Jun 2018 and Feb 2019");
/// assert_eq!(band(d("2018-09-02"), d("2018-09-20")), "80% within Sep 2018");
/// ```
pub fn band(p10: NaiveDate, p90: NaiveDate) -> String {
    let (low, high) = (month(p10), month(p90));
    if low == high {
        format!("80% within {low}")
    } else {
        format!("80% between {low} and {high}")
    }
}

/// A percentile of a forecast as `2018-09-02`, or `never` when it falls
/// among the outcomes in which the stage never comes.
///
/// ```
/// use codecision::{parse_date, text::or_never};
/// assert_eq!(or_never(Some(parse_date("2018-09-02").unwrap())), "2018-09-02");
/// assert_eq!(or_never(None), "never");
/// ```
pub fn or_never(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "never".to_string(), |d| d.to_string())
}

/// A chance as odds a reader takes in at a glance: "1 in 5" up to one in
/// two, "7 in 10" above, "over 19 in 20" from 95%; "under 1 in 100" below
/// one in a hundred.
///
/// ```
/// use codecision::text::odds;
/// assert_eq!(odds(0.2), "1 in 5");
/// assert_eq!(odds(0.04), "1 in 25");
/// assert_eq!(odds(0.5), "1 in 2");
/// assert_eq!(odds(0.71), "7 in 10");
/// assert_eq!(odds(0.004), "under 1 in 100");
/// ```
pub fn odds(p: f64) -> String {
    if p < 0.01 {
        "under 1 in 100".to_string()
    } else if p <= 0.5 {
        format!("1 in {}", (1.0 / p).round() as u32)
    } else if p < 0.95 {
        format!("{} in 10", (10.0 * p).round() as u32)
    } else {
        "over 19 in 20".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_rounds_away_from_zero() {
        assert_eq!(percent(0.125), "13%");
        assert_eq!(percent(0.135), "14%");
        assert_eq!(percent(0.005), "1%");
        assert_eq!(percent(0.0049), "0%");
        assert_eq!(percent(0.999), "100%");
        assert_eq!(percent(f64::INFINITY), "?%");
    }
}
