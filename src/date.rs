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
    const FORM: &str = "not of the form YYYY-MM-DD";
    let b: &[u8; 10] = s.as_bytes().try_into().map_err(|_| FORM)?;
    // Each digit's value, or 10 and more for anything else (the
    // subtraction wraps below '0'): one check for the eight, where a loop
    // per field checked each on its own (a date read in 90 instructions
    // with chrono's `from_ymd_opt`, not 114: 672,000 of them in the
    // 100,000-file bench register).
    let at = |i: usize| u32::from(b[i].wrapping_sub(b'0'));
    let d = [at(0), at(1), at(2), at(3), at(5), at(6), at(8), at(9)];
    if b[4] != b'-' || b[7] != b'-' || d.iter().any(|&digit| digit > 9) {
        return Err(FORM);
    }
    let year = ((d[0] * 10 + d[1]) * 10 + d[2]) * 10 + d[3];
    let (month, day) = (d[4] * 10 + d[5], d[6] * 10 + d[7]);
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

    /// The reading before the digits were checked at once, kept to compare.
    fn by_fields(s: &str) -> Result<NaiveDate, &'static str> {
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
            return Err(OUT_OF_RANGE);
        }
        if !(1..=12).contains(&month) {
            return Err("month out of range");
        }
        NaiveDate::from_ymd_opt(year as i32, month, day).ok_or("no such day in that month")
    }

    #[test]
    fn every_character_in_every_place_reads_as_field_by_field() {
        // Each place of a few dates (good, bad day, bad month, year 0)
        // holding every ASCII character and a few wider ones, and every
        // day of every month of many years.
        let mut texts = Vec::new();
        for base in [
            "2016-02-29",
            "2017-02-29",
            "2017-13-01",
            "0000-05-05",
            "9999-12-31",
        ] {
            for place in 0..10 {
                for c in (0u8..128).map(char::from).chain(['é', '٣', '２']) {
                    let mut t: Vec<char> = base.chars().collect();
                    t[place] = c;
                    texts.push(t.into_iter().collect::<String>());
                }
            }
        }
        for year in (0..10_000).step_by(7).chain([1900, 2000, 2024, 2100]) {
            for month in 0..=13 {
                for day in 0..=32 {
                    texts.push(format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
        texts.extend(["", "2017-06-0", "2017-06-091", "2017-06-09 "].map(String::from));
        for t in &texts {
            assert_eq!(check_date(t), by_fields(t), "{t:?}");
        }
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
