//! Unit tests for [`Date`](super::Date): construction, parsing, arithmetic and ages.

use super::Date;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|| panic!("bad test date {s}"))
}

#[test]
fn from_ymd_validates() {
    assert!(Date::from_ymd(2024, 2, 29).is_some());
    assert!(Date::from_ymd(2023, 2, 29).is_none());
    assert!(Date::from_ymd(1900, 2, 29).is_none());
    assert!(Date::from_ymd(2000, 2, 29).is_some());
    assert!(Date::from_ymd(2024, 4, 31).is_none());
    assert!(Date::from_ymd(2024, 13, 1).is_none());
    assert!(Date::from_ymd(2024, 0, 1).is_none());
    assert!(Date::from_ymd(2024, 1, 0).is_none());
    assert!(Date::from_ymd(0, 1, 1).is_none());
    assert!(Date::from_ymd(10_000, 1, 1).is_none());
    assert!(Date::from_ymd(1, 1, 1).is_some());
    let x = Date::from_ymd(2026, 4, 1).unwrap();
    assert_eq!((x.year(), x.month(), x.day()), (2026, 4, 1));
}

#[test]
fn parse_is_strict() {
    assert_eq!(d("2026-04-01").to_string(), "2026-04-01");
    for bad in [
        "2026-4-01",
        "2026/04/01",
        "2026-04-1",
        "0999-01-01",
        "+202-04-01",
        "2026-04-01 ",
        "２０２６-04-01",
        "2026-02-30",
        "",
        "2026-04-0１",
    ] {
        assert_eq!(Date::parse(bad), None, "{bad}");
    }
    assert_eq!(d("1000-01-01").year(), 1000);
    assert_eq!(d("9999-12-31").day(), 31);
}

#[test]
fn display_pads() {
    assert_eq!(Date::from_ymd(5, 3, 7).unwrap().to_string(), "0005-03-07");
}

#[test]
fn ordering_is_chronological() {
    assert!(d("2025-12-31") < d("2026-01-01"));
    assert!(d("2026-01-31") < d("2026-02-01"));
    assert!(d("2026-02-01") < d("2026-02-02"));
}

#[test]
fn add_days_and_days_since() {
    assert_eq!(d("2024-02-28").add_days(1), Some(d("2024-02-29")));
    assert_eq!(d("2024-02-29").add_days(1), Some(d("2024-03-01")));
    assert_eq!(d("2023-02-28").add_days(1), Some(d("2023-03-01")));
    assert_eq!(d("2026-01-01").add_days(-1), Some(d("2025-12-31")));
    assert_eq!(d("1970-01-01").add_days(0), Some(d("1970-01-01")));
    assert_eq!(d("9999-12-31").add_days(1), None);
    assert_eq!(Date::from_ymd(1, 1, 1).unwrap().add_days(-1), None);
    assert_eq!(d("2026-01-01").add_days(i64::MAX), None);
    assert_eq!(d("2026-01-01").add_days(i64::MIN), None);
    assert_eq!(d("2026-03-01").days_since(d("2026-02-01")), 28);
    assert_eq!(d("2024-03-01").days_since(d("2024-02-01")), 29);
    assert_eq!(d("2026-02-01").days_since(d("2026-03-01")), -28);
    assert_eq!(d("2001-01-01").days_since(d("2000-01-01")), 366);
    // Round trip over a wide range, including before 1970 and across 400-year eras.
    let start = Date::from_ymd(1, 1, 1).unwrap();
    let end = d("9999-12-31");
    let span = end.days_since(start);
    assert_eq!(span, 3_652_058);
    let mut n = 0;
    while n <= span {
        let x = start.add_days(n).unwrap();
        assert_eq!(x.days_since(start), n);
        n += 997;
    }
}

#[test]
fn age_months_counts_completed_months() {
    assert_eq!(Date::age_months(d("2026-01-15"), d("2026-01-15")), Some(0));
    assert_eq!(Date::age_months(d("2026-01-15"), d("2026-02-14")), Some(0));
    assert_eq!(Date::age_months(d("2026-01-15"), d("2026-02-15")), Some(1));
    assert_eq!(Date::age_months(d("2026-01-15"), d("2027-01-14")), Some(11));
    assert_eq!(Date::age_months(d("2026-01-15"), d("2027-01-15")), Some(12));
    assert_eq!(Date::age_months(d("2026-01-15"), d("2026-01-14")), None);
}

#[test]
fn age_months_month_end_birthdays() {
    // Born on the 31st: the month completes on the last day of a shorter month.
    assert_eq!(Date::age_months(d("2026-01-31"), d("2026-02-27")), Some(0));
    assert_eq!(Date::age_months(d("2026-01-31"), d("2026-02-28")), Some(1));
    assert_eq!(Date::age_months(d("2024-01-31"), d("2024-02-28")), Some(0));
    assert_eq!(Date::age_months(d("2024-01-31"), d("2024-02-29")), Some(1));
    assert_eq!(Date::age_months(d("2026-03-31"), d("2026-04-29")), Some(0));
    assert_eq!(Date::age_months(d("2026-03-31"), d("2026-04-30")), Some(1));
    assert_eq!(Date::age_months(d("2026-03-31"), d("2026-05-30")), Some(1));
    assert_eq!(Date::age_months(d("2026-03-31"), d("2026-05-31")), Some(2));
    assert_eq!(Date::age_months(d("2026-01-30"), d("2026-02-28")), Some(1));
    assert_eq!(Date::age_months(d("2026-01-29"), d("2026-02-28")), Some(1));
    assert_eq!(Date::age_months(d("2026-01-28"), d("2026-02-27")), Some(0));
}

#[test]
fn age_years_with_leap_day_birthday() {
    let birth = d("2020-02-29");
    assert_eq!(Date::age_years(birth, d("2021-02-27")), Some(0));
    assert_eq!(Date::age_years(birth, d("2021-02-28")), Some(1));
    assert_eq!(Date::age_years(birth, d("2021-03-01")), Some(1));
    assert_eq!(Date::age_years(birth, d("2024-02-28")), Some(3));
    assert_eq!(Date::age_years(birth, d("2024-02-29")), Some(4));
    assert_eq!(Date::age_years(birth, d("2020-02-29")), Some(0));
    assert_eq!(Date::age_years(birth, d("2020-02-28")), None);
}

#[test]
fn age_years_ordinary() {
    assert_eq!(Date::age_years(d("1990-04-01"), d("2026-03-31")), Some(35));
    assert_eq!(Date::age_years(d("1990-04-01"), d("2026-04-01")), Some(36));
    assert_eq!(Date::age_years(d("1990-12-31"), d("2026-12-30")), Some(35));
    assert_eq!(Date::age_years(d("1990-12-31"), d("2026-12-31")), Some(36));
    assert_eq!(
        Date::age_years(Date::from_ymd(1, 1, 1).unwrap(), d("9999-12-31")),
        Some(9998)
    );
}
