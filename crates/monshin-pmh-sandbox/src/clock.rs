//! Calendar arithmetic for the sandbox: Unix time ↔ civil dates, RFC 3339 timestamps, today's
//! date in Japan, and the planned stops of the systems behind PMH.
//!
//! Day arithmetic is monshin-expr's [`Date`] (days since the Unix epoch both ways), so the
//! sandbox needs no date crate.

use std::time::{SystemTime, UNIX_EPOCH};

use monshin_expr::Date;

/// Japan Standard Time, UTC+9, in seconds.
const JST: i64 = 9 * 3600;

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Today's date in Japan.
pub(crate) fn today_jst() -> Option<Date> {
    Date::from_unix_days((now_ms() / 1000 + JST).div_euclid(86_400))
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` into Unix milliseconds.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b.get(10).is_none_or(|c| !matches!(c, b'T' | b't' | b' ')) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let fixed = b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':');
    if !fixed {
        return None;
    }
    let date = Date::from_ymd(
        i32::try_from(num(0..4)?).ok()?,
        u32::try_from(num(5..7)?).ok()?,
        u32::try_from(num(8..10)?).ok()?,
    )?;
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = s.get(19..)?;
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let ms_text = frac.get(..digits.min(3))?;
        millis = ms_text.parse::<i64>().ok()? * 10i64.pow(3 - u32::try_from(ms_text.len()).ok()?);
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || rb[3] != b':' {
                return None;
            }
            let sign = match rb[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh = rest.get(1..3)?.parse::<i64>().ok()?;
            let om = rest.get(4..6)?.parse::<i64>().ok()?;
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    let secs = date.to_unix_days() * 86_400 + h * 3600 + mi * 60 + sec - offset;
    Some(secs * 1000 + millis)
}

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SSZ` (seconds precision); times outside
/// years 1..=9999 are clamped to the nearest representable day.
pub(crate) fn format_rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let date = Date::from_unix_days(days).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX });
    let t = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", t / 3600, t % 3600 / 60, t % 60)
}

/// If `now_ms` falls in a planned stop, when it ends (Unix ms).
///
/// - `monthly`: the 情報提供ネットワークシステム's stop on the third Saturday and Sunday of
///   every month, 00:00 Saturday to 24:00 Sunday JST.
/// - `daily`: the 医療保険者向け中間サーバ's stop every day 03:00–06:00 JST.
pub(crate) fn planned_stop_end(now_ms: i64, monthly: bool, daily: bool) -> Option<i64> {
    let local = now_ms.div_euclid(1000) + JST;
    let days = local.div_euclid(86_400);
    let second_of_day = local.rem_euclid(86_400);
    let midnight_utc_ms = |day: i64| (day * 86_400 - JST) * 1000;
    if monthly {
        // 1970-01-01 was a Thursday: weekday 0 = Monday … 5 = Saturday, 6 = Sunday.
        let weekday = (days + 3).rem_euclid(7);
        let day = Date::from_unix_days(days).map_or(0, |d| d.day());
        let third_saturday = weekday == 5 && (15..=21).contains(&day);
        let sunday_after = weekday == 6 && (16..=22).contains(&day);
        if third_saturday {
            return Some(midnight_utc_ms(days + 2));
        }
        if sunday_after {
            return Some(midnight_utc_ms(days + 1));
        }
    }
    if daily && (3 * 3600..6 * 3600).contains(&second_of_day) {
        return Some(midnight_utc_ms(days) + 6 * 3_600_000);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_round_trip() {
        for days in [-719_162, -1, 0, 1, 19_000, 20_416, 2_932_896] {
            let date = Date::from_unix_days(days).expect("in range");
            assert_eq!(date.to_unix_days(), days);
        }
        assert_eq!(Date::from_unix_days(0), Date::from_ymd(1970, 1, 1));
        assert_eq!(
            Date::from_ymd(2000, 3, 1).map(Date::to_unix_days),
            Some(11_017)
        );
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-01T09:00:00+09:00"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Some(1500));
        let t = parse_rfc3339("2026-11-21T00:00:00+09:00").expect("valid");
        assert_eq!(format_rfc3339(t), "2026-11-20T15:00:00Z");
        for bad in [
            "",
            "2026-02-30T00:00:00Z",
            "2026-11-21 00:00",
            "2026-11-21T24:00:00Z",
            "2026-11-21T00:00:00",
            "2026-11-21T00:00:00+0900",
            "２０２６-11-21T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn planned_stops() {
        let at = |s: &str| parse_rfc3339(s).expect("valid");
        // November 2026: the third Saturday is the 21st.
        let sat = at("2026-11-21T10:00:00+09:00");
        assert_eq!(
            planned_stop_end(sat, true, false),
            Some(at("2026-11-23T00:00:00+09:00"))
        );
        let sun = at("2026-11-22T23:59:00+09:00");
        assert_eq!(
            planned_stop_end(sun, true, false),
            Some(at("2026-11-23T00:00:00+09:00"))
        );
        assert_eq!(
            planned_stop_end(at("2026-11-14T10:00:00+09:00"), true, false),
            None
        );
        assert_eq!(planned_stop_end(sat, false, false), None);
        let night = at("2026-11-25T03:30:00+09:00");
        assert_eq!(
            planned_stop_end(night, false, true),
            Some(at("2026-11-25T06:00:00+09:00"))
        );
        assert_eq!(
            planned_stop_end(at("2026-11-25T06:00:00+09:00"), false, true),
            None
        );
    }

    #[test]
    fn today_is_a_date() {
        assert!(today_jst().is_some());
    }
}
