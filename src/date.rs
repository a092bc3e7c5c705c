//! Strict `YYYY-MM-DD` dates.

use chrono::NaiveDate;

use crate::error::Error;

/// The first date a register can hold: years run from 0001.
pub(crate) const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last date a register can hold, and so the last one this crate
/// writes: later dates (a forecast that runs past it) are capped here, and
/// say so.
pub(crate) const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Why a date outside [`FIRST_DATE`]..=[`LAST_DATE`] is refused.
pub(crate) const OUT_OF_RANGE: &str = "year out of range (0001 to 9999)";

/// Whether a register can hold `date` (and write it as `YYYY-MM-DD`, so
/// that what is saved loads again): years 0001 to 9999.
pub(crate) fn is_writable(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// Parses a date written exactly `YYYY-MM-DD`, as the register format and the
/// command line write them.
///
/// Stricter than chrono's parser: no sign, no missing zero, no trailing text,
/// so that every date in a register is written one way; years run from 0001
/// to 9999.
///
/// ```
/// use codecision::parse_date;
/// assert_eq!(parse_date("2018-01-24")?.to_string(), "2018-01-24");
/// assert!(parse_date("2018-1-24").is_err());
/// assert!(parse_date("2018-02-30").is_err());
/// # Ok::<(), codecision::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::BadDate`] with the text and what is wrong with it.
pub fn parse_date(s: &str) -> Result<NaiveDate, Error> {
    check_date(s).map_err(|reason| Error::BadDate {
        value: s.to_string(),
        reason,
    })
}

/// The reason a date is bad, without allocating.
pub(crate) fn check_date(s: &str) -> Result<NaiveDate, &'static str> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err("not of the form YYYY-MM-DD");
    }
    let digits = |range: std::ops::Range<usize>| -> Result<u32, &'static str> {
        let mut n = 0u32;
        for &c in &b[range] {
            if !c.is_ascii_digit() {
                return Err("not of the form YYYY-MM-DD");
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Ok(n)
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if year == 0 {
        // chrono has a year 0 (1 BC), the calendar of EU law has not.
        return Err(OUT_OF_RANGE);
    }
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    // A four-digit year is always inside chrono's range.
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or("no such day in that month")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_form() {
        assert!(check_date("2017-06-09").is_ok());
        assert!(check_date("0001-01-01").is_ok());
        assert!(check_date("9999-12-31").is_ok());
        for bad in [
            "2017-6-09",
            "17-06-09",
            "+2017-06-09",
            "2017-06-09T00:00",
            "2017/06/09",
            "",
            "2017-06-0x",
            "２０１７-06-09",
        ] {
            assert_eq!(check_date(bad), Err("not of the form YYYY-MM-DD"), "{bad}");
        }
        assert_eq!(check_date("2017-13-01"), Err("month out of range"));
        assert_eq!(check_date("2017-00-01"), Err("month out of range"));
        assert_eq!(check_date("2017-02-29"), Err("no such day in that month"));
        assert!(check_date("2016-02-29").is_ok());
        assert_eq!(check_date("2017-01-00"), Err("no such day in that month"));
        assert_eq!(
            check_date("0000-01-01"),
            Err("year out of range (0001 to 9999)")
        );
    }

    #[test]
    fn error_names_the_input() {
        let err = parse_date("2018-02-30").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad date `2018-02-30`: no such day in that month (expected YYYY-MM-DD)"
        );
    }
}
