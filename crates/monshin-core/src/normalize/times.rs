//! Times of day as typed: `２０：３０`, `20時30分`, `8時半`, `午後8時半` → `HH:MM` (24-hour).
//!
//! `午前`/`午後` take hours 0–11 (`午後0時` is noon); `午前12時` and `午後12時` are read both ways
//! in Japan, so they are [`FindingCode::AmbiguousTime`]. An hour above 23 or a minute above 59
//! is [`FindingCode::NonexistentTime`].

use super::fold::fold_ascii;
use super::{NormalizationRule, Refusal};
use crate::finding::FindingCode;

/// The canonical `HH:MM` for `s`; `Ok(None)` when it is not written as a time.
pub(crate) fn normalize_time(s: &str) -> Result<Option<(String, NormalizationRule)>, Refusal> {
    let folded: String = s.chars().map(fold_ascii).filter(|c| *c != ' ').collect();
    let (half, body) = if let Some(b) = folded.strip_prefix("午前") {
        (Some(false), b)
    } else if let Some(b) = folded.strip_prefix("午後") {
        (Some(true), b)
    } else {
        (None, folded.as_str())
    };
    let (hour, minute) = if let Some((h, m)) = body.split_once(':') {
        (h, m)
    } else if let Some((h, rest)) = body.split_once('時') {
        match rest {
            "" => (h, "0"),
            "半" => (h, "30"),
            _ => match rest.strip_suffix('分') {
                Some(m) => (h, m),
                None => return Ok(None),
            },
        }
    } else {
        return Ok(None);
    };
    let (Some(mut h), Some(m)) = (two_digits(hour), two_digits(minute)) else {
        return Ok(None);
    };
    if let Some(pm) = half {
        if h == 12 {
            return Err((
                FindingCode::AmbiguousTime,
                "12 o'clock with 午前 or 午後 is read both as noon and as midnight",
            ));
        }
        if h > 12 {
            return Err(nonexistent());
        }
        if pm {
            h += 12;
        }
    }
    if h > 23 || m > 59 {
        return Err(nonexistent());
    }
    let out = format!("{h:02}:{m:02}");
    Ok((out != s).then_some((out, NormalizationRule::TimeFormat)))
}

fn nonexistent() -> Refusal {
    (
        FindingCode::NonexistentTime,
        "this time of day does not exist",
    )
}

/// One or two ASCII digits.
fn two_digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Whether `s` is a canonical `HH:MM` time.
pub(crate) fn is_canonical_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b.get(2) == Some(&b':')
        && s.get(..2).and_then(two_digits).is_some_and(|h| h <= 23)
        && s.get(3..).and_then(two_digits).is_some_and(|m| m <= 59)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Result<Option<String>, FindingCode> {
        normalize_time(s)
            .map(|o| o.map(|(t, _)| t))
            .map_err(|(c, _)| c)
    }

    #[test]
    fn times() {
        assert_eq!(t("２０：３０"), Ok(Some("20:30".into())));
        assert_eq!(t("20時30分"), Ok(Some("20:30".into())));
        assert_eq!(t("午後8時半"), Ok(Some("20:30".into())));
        assert_eq!(t("午前8時"), Ok(Some("08:00".into())));
        assert_eq!(t("午後0時"), Ok(Some("12:00".into())));
        assert_eq!(t("8:5"), Ok(Some("08:05".into())));
        assert_eq!(t("20:30"), Ok(None));
        assert_eq!(t("午後12時"), Err(FindingCode::AmbiguousTime));
        assert_eq!(t("25:00"), Err(FindingCode::NonexistentTime));
        assert_eq!(t("午後13時"), Err(FindingCode::NonexistentTime));
        assert_eq!(t("夜"), Ok(None));
        assert!(is_canonical_time("00:00") && is_canonical_time("23:59"));
        assert!(!is_canonical_time("24:00") && !is_canonical_time("8:05"));
    }
}
