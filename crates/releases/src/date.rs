//! A small proleptic-Gregorian civil date: all this crate needs of a calendar.
//!
//! Day arithmetic uses Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms ("chrono-Compatible Low-Level Date Algorithms", 2013).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// A calendar date (year, month 1–12, day 1–31), ordered chronologically.
///
/// Month-only dates such as `2030-10` mean the **last** day of that month, the
/// convention of the Python release data for planned end-of-life dates:
///
/// ```
/// use toolcup_releases::Date;
/// assert_eq!(Date::parse_day_or_month("2030-10")?, Date::new(2030, 10, 31)?);
/// assert_eq!(Date::parse_day_or_month("2028-02")?.to_string(), "2028-02-29");
/// # Ok::<(), toolcup_releases::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Whether `year` is a leap year in the Gregorian calendar.
const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year`.
const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// Builds a date, checking that the day exists.
    ///
    /// ```
    /// use toolcup_releases::Date;
    /// assert!(Date::new(2024, 2, 29).is_ok());
    /// assert!(Date::new(2025, 2, 29).is_err());
    /// ```
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date> {
        let invalid = |reason| Error::InvalidDate {
            text: format!("{year:04}-{month:02}-{day:02}"),
            reason,
        };
        if !(1..=9999).contains(&year) {
            return Err(invalid("year out of range 1..=9999"));
        }
        if !(1..=12).contains(&month) {
            return Err(invalid("month out of range 1..=12"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(invalid("no such day in that month"));
        }
        Ok(Date { year, month, day })
    }

    /// Like [`Date::new`] but usable in constants; `None` for a day that does not exist.
    pub const fn from_ymd_const(year: i32, month: u8, day: u8) -> Option<Date> {
        if year < 1
            || year > 9999
            || month < 1
            || month > 12
            || day < 1
            || day > days_in_month(year, month)
        {
            None
        } else {
            Some(Date { year, month, day })
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date> {
        let bad = |reason| Error::InvalidDate {
            text: text.to_owned(),
            reason,
        };
        let (year, month, day) = split_date(text).ok_or_else(|| bad("expected YYYY-MM-DD"))?;
        let day = day.ok_or_else(|| bad("expected YYYY-MM-DD"))?;
        Date::new(year, month, day).map_err(|_| bad("no such day"))
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM` meaning the last day of that month.
    pub fn parse_day_or_month(text: &str) -> Result<Date> {
        let bad = |reason| Error::InvalidDate {
            text: text.to_owned(),
            reason,
        };
        let (year, month, day) =
            split_date(text).ok_or_else(|| bad("expected YYYY-MM-DD or YYYY-MM"))?;
        if !(1..=12).contains(&month) {
            return Err(bad("month out of range 1..=12"));
        }
        let day = day.unwrap_or_else(|| days_in_month(year, month));
        Date::new(year, month, day).map_err(|_| bad("no such day"))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, if it is within years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }

    /// Signed number of days from `self` to `other` (positive if `other` is later).
    ///
    /// ```
    /// use toolcup_releases::Date;
    /// let a = Date::new(2026, 11, 25)?;
    /// assert_eq!(a.days_until(Date::new(2027, 1, 1)?), 37);
    /// assert_eq!(a.days_until(Date::new(2026, 10, 31)?), -25);
    /// # Ok::<(), toolcup_releases::Error>(())
    /// ```
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// Today's date in UTC from the system clock.
    pub fn today_utc() -> Date {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        Date::from_days_since_epoch(days).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// Today's date where the user is: the system clock read in the system
    /// time zone (`TZ` as an IANA name, a POSIX rule or a TZif path, else
    /// `/etc/localtime`, else the Windows setting). A user in Sydney at 08:00
    /// on 1 July is on 1 July, although UTC still says 30 June. Falls back to
    /// the UTC date when no time zone can be read.
    pub fn today_local() -> Date {
        let now = jiff::Zoned::now();
        let civil = now.date();
        Date::new(
            i32::from(civil.year()),
            u8::try_from(civil.month()).unwrap_or(1),
            u8::try_from(civil.day()).unwrap_or(1),
        )
        .unwrap_or_else(|_| Date::today_utc())
    }
}

/// Splits `YYYY-MM[-DD]` into numbers; `None` if the shape is wrong.
fn split_date(text: &str) -> Option<(i32, u8, Option<u8>)> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = text.split('-');
    let year = parts.next()?;
    let month = parts.next()?;
    let day = parts.next();
    if parts.next().is_some() || !digits(year, 4) || !digits(month, 2) {
        return None;
    }
    let day = match day {
        Some(d) if digits(d, 2) => Some(d.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    Some((year.parse().ok()?, month.parse().ok()?, day))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Date> {
        Date::parse(s)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Date::parse("2026-11-25").unwrap().to_string(), "2026-11-25");
        for bad in [
            "2026-11",
            "2026-13-01",
            "2026-02-30",
            "26-11-25",
            "2026-1-05",
            "",
            "2026-11-25-1",
            "２０２６-11-25",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::parse_day_or_month("2026-10").unwrap().to_string(),
            "2026-10-31"
        );
        assert_eq!(
            Date::parse_day_or_month("2100-02").unwrap().to_string(),
            "2100-02-28"
        );
        assert_eq!(
            Date::parse_day_or_month("2000-02").unwrap().to_string(),
            "2000-02-29"
        );
        assert!(Date::parse_day_or_month("2000-00").is_err());
    }

    #[test]
    fn epoch_anchors() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(
            Date::from_days_since_epoch(-1).unwrap().to_string(),
            "1969-12-31"
        );
    }

    /// Naive reference: walk day by day from 1970-01-01.
    fn naive_days(date: Date) -> i64 {
        let mut days = 0i64;
        let mut y = 1970;
        while y < date.year {
            days += if is_leap(y) { 366 } else { 365 };
            y += 1;
        }
        while y > date.year {
            y -= 1;
            days -= if is_leap(y) { 366 } else { 365 };
        }
        for m in 1..date.month {
            days += i64::from(days_in_month(date.year, m));
        }
        days + i64::from(date.day) - 1
    }

    proptest! {
        #[test]
        fn matches_naive_reference(year in 1600i32..2400, month in 1u8..=12, day in 1u8..=31) {
            prop_assume!(day <= days_in_month(year, month));
            let date = Date::new(year, month, day).unwrap();
            let days = date.days_since_epoch();
            prop_assert_eq!(days, naive_days(date));
            prop_assert_eq!(Date::from_days_since_epoch(days), Some(date));
            prop_assert_eq!(Date::parse(&date.to_string()).unwrap(), date);
        }

        #[test]
        fn order_matches_day_count(a in 0i64..100_000, b in 0i64..100_000) {
            let (da, db) = (Date::from_days_since_epoch(a).unwrap(), Date::from_days_since_epoch(b).unwrap());
            prop_assert_eq!(da.cmp(&db), a.cmp(&b));
            prop_assert_eq!(da.days_until(db), b - a);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,12}") {
            let _ = Date::parse(&s);
            let _ = Date::parse_day_or_month(&s);
        }
    }
}
