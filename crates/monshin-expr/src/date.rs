//! Calendar dates (proleptic Gregorian, years 1..=9999) and Japanese-style age calculation.

use std::fmt;

/// A calendar date in the proleptic Gregorian calendar, between 0001-01-01 and 9999-12-31.
///
/// Ordered chronologically; displayed as `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    // Field order matters: the derived `Ord` compares year, then month, then day.
    year: i16,
    month: u8,
    day: u8,
}

const MIN_YEAR: i32 = 1;
const MAX_YEAR: i32 = 9999;

#[cfg_attr(monshin_hot, optimize(speed))]
fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The first supported date, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    /// The last supported date, 9999-12-31.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// 1970-01-01.
    pub(crate) const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date `y-m-d`, or `None` if it does not exist or the year is outside 1..=9999.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) || !(1..=12).contains(&m) {
            return None;
        }
        if d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date {
            year: i16::try_from(y).ok()?,
            month: u8::try_from(m).ok()?,
            day: u8::try_from(d).ok()?,
        })
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, year 1000..=9999, a real date).
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            b.get(range)?.iter().try_fold(0, |n: u32, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let y = i32::try_from(num(0..4)?).ok()?;
        if y < 1000 {
            return None;
        }
        Date::from_ymd(y, num(5..7)?, num(8..10)?)
    }

    /// The year (1..=9999).
    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1..=12).
    pub fn month(&self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month (1..=31).
    pub fn day(&self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before), after H. Hinnant's `days_from_civil`.
    pub fn to_unix_days(self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, the inverse of [`Date::to_unix_days`]; `None`
    /// outside the supported years.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::from_ymd(
            i32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        )
    }

    /// The date `n` days later (earlier if negative); `None` if it leaves the supported range.
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_unix_days(self.to_unix_days().checked_add(n)?)
    }

    /// Days from `earlier` to `self` (negative if `earlier` is after `self`).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.to_unix_days() - earlier.to_unix_days()
    }

    /// Completed months from `birth` to `on`, or `None` if `on` is before `birth`.
    ///
    /// A month is complete on the same day of the month as `birth`; when that day does not
    /// exist in the month of `on` (birthday on the 29th–31st), it completes on that month's
    /// last day.
    pub fn age_months(birth: Date, on: Date) -> Option<i64> {
        if on < birth {
            return None;
        }
        let mut months = (i64::from(on.year) - i64::from(birth.year)) * 12 + i64::from(on.month)
            - i64::from(birth.month);
        let last_day = days_in_month(on.year(), on.month());
        if on.day() < birth.day() && on.day() != last_day {
            months -= 1;
        }
        Some(months)
    }

    /// Completed years from `birth` to `on`, or `None` if `on` is before `birth`.
    ///
    /// Same rule as [`Date::age_months`]: someone born on 29 February completes a year on
    /// 28 February of a common year.
    pub fn age_years(birth: Date, on: Date) -> Option<i64> {
        Some(Date::age_months(birth, on)?.div_euclid(12))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
#[path = "date_tests.rs"]
mod tests;
