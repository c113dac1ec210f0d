//! Canonical answer text of each item type: checking a text and reading its typed value.
//!
//! One encoding per type (documented in FORMAT.md §1). [`check_value`] never allocates on a
//! valid answer; on an invalid one it returns the finding code and a message built from the
//! definition only. Non-canonical but recognisable input is the business of
//! [`crate::normalize`], not of this module.

use monshin_expr::decimal::{parse_decimal, MAX_DIGITS};
use monshin_expr::{Date, Value};

use crate::compile::{BoundValue, Item};
use crate::definition::model::ItemType;
use crate::finding::FindingCode;

/// Why a value was rejected: a code and a message free of answer content.
pub(crate) type Rejection = (FindingCode, String);

/// Longest number text accepted (digits, sign and point).
const MAX_NUMBER_LEN: usize = 32;

/// Check `text` against `item` and return its typed value for expressions.
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn check_value<'a>(item: &Item, text: &'a str) -> Result<Value<'a>, Rejection> {
    if item.allow_unknown && text == crate::normalize::UNKNOWN_ANSWER {
        // 不明: answered, but expressions see no value.
        return Ok(Value::Null);
    }
    match item.ty {
        ItemType::YesNo | ItemType::Consent => match text {
            "1" => Ok(Value::Bool(true)),
            "0" => Ok(Value::Bool(false)),
            _ => Err(mismatch(item, "\"1\" or \"0\"")),
        },
        ItemType::SingleChoice => {
            if item.option_index(text).is_some() {
                Ok(Value::Text(text))
            } else {
                Err((
                    FindingCode::InvalidOption,
                    "answer is not one of the item's option codes".into(),
                ))
            }
        }
        ItemType::MultiChoice => check_codes(item, text).map(|_| Value::Codes(text)),
        ItemType::Integer => {
            if !is_canonical_number(text, false) {
                return Err(mismatch(item, "an integer such as \"12\""));
            }
            let n = parse_decimal(text).map_err(|_| too_many_digits(FindingCode::OutOfRange))?;
            check_number_range(item, n)?;
            Ok(Value::Number(n))
        }
        ItemType::Decimal => {
            if !is_canonical_number(text, true) {
                return Err(mismatch(item, "a decimal such as \"36.5\""));
            }
            let frac = (text.bytes().position(|b| b == b'.')).map_or(0, |i| text.len() - i - 1);
            if let Some(p) = item.precision {
                if frac > usize::from(p) {
                    return Err((
                        FindingCode::TooPrecise,
                        format!("at most {p} digit(s) after the decimal point"),
                    ));
                }
            }
            let n = parse_decimal(text).map_err(|_| too_many_digits(FindingCode::TooPrecise))?;
            check_number_range(item, n)?;
            Ok(Value::Number(n))
        }
        ItemType::Date => {
            let d = Date::parse(text).ok_or_else(|| {
                if date_shaped(text) {
                    (
                        FindingCode::NonexistentDate,
                        "this date does not exist in the calendar".into(),
                    )
                } else {
                    mismatch(item, "a date YYYY-MM-DD")
                }
            })?;
            check_date_range(item, d)?;
            Ok(Value::Date(d))
        }
        ItemType::YearMonth => {
            let ym =
                parse_year_month(text).ok_or_else(|| mismatch(item, "a year-month YYYY-MM"))?;
            check_year_month_range(item, ym)?;
            Ok(Value::Text(text))
        }
        ItemType::Time => {
            if crate::normalize::is_canonical_time(text) {
                Ok(Value::Text(text))
            } else {
                Err(mismatch(item, "a time HH:MM"))
            }
        }
        ItemType::Kana => {
            check_visible(text)?;
            if !crate::normalize::is_canonical_kana(text) {
                return Err((
                    FindingCode::NotKana,
                    "a kana answer is full-width katakana, ー, ・ and single full-width spaces"
                        .into(),
                ));
            }
            check_text(item, text)?;
            Ok(Value::Text(text))
        }
        ItemType::Text | ItemType::LongText => {
            let multiline = item.ty == ItemType::LongText;
            check_visible(text)?;
            if text
                .chars()
                .any(|c| c.is_control() && !(multiline && c == '\n'))
            {
                return Err(mismatch(
                    item,
                    if multiline {
                        "text without control characters other than line feeds"
                    } else {
                        "one line of text without control characters"
                    },
                ));
            }
            check_text(item, text)?;
            Ok(Value::Text(text))
        }
        ItemType::Note | ItemType::Group => Err((
            FindingCode::NotAnswerable,
            format!("a {} item is never answered", item.ty.as_str()),
        )),
    }
}

/// `NNNN-NN-NN` in ASCII digits: a date in canonical form, whether or not it exists.
fn date_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Text answers never hide characters: bidirectional controls and zero-width characters are
/// refused wherever they appear.
#[cfg_attr(monshin_hot, optimize(speed))]
fn check_visible(text: &str) -> Result<(), Rejection> {
    // Every invisible character is outside ASCII; `is_ascii` reads a word at a time.
    if !text.is_ascii() && text.chars().any(crate::normalize::is_invisible) {
        return Err((
            FindingCode::InvisibleCharacter,
            "text contains an invisible or bidirectional control character".into(),
        ));
    }
    Ok(())
}

/// A canonical number beyond [`MAX_DIGITS`]: it would not be exactly the double it is read as.
/// Too large for an integer, too precise for a decimal.
fn too_many_digits(code: FindingCode) -> Rejection {
    (
        code,
        format!("a number has at most {MAX_DIGITS} digits (a leading 0 not counted)"),
    )
}

fn mismatch(item: &Item, expected: &str) -> Rejection {
    (
        FindingCode::TypeMismatch,
        format!("a {} answer must be {expected}", item.ty.as_str()),
    )
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` without `-0`; the fraction only when `decimal`.
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn is_canonical_number(text: &str, decimal: bool) -> bool {
    if text.len() > MAX_NUMBER_LEN {
        return false;
    }
    // One pass over the bytes (this runs for every numeric answer).
    let (negative, body) = match text.as_bytes() {
        [b'-', body @ ..] => (true, body),
        body => (false, body),
    };
    let int_len = body.iter().take_while(|b| b.is_ascii_digit()).count();
    let (int, rest) = body.split_at_checked(int_len).unwrap_or((body, &[]));
    let frac = match rest {
        [] => &[][..],
        [b'.', frac @ ..] if decimal && !frac.is_empty() => frac,
        _ => return false,
    };
    // Not empty, no leading zero.
    let int_ok = !matches!(int, [] | [b'0', _, ..]);
    let frac_ok = frac.iter().all(u8::is_ascii_digit);
    let zero = int == b"0" && frac.iter().all(|&b| b == b'0');
    int_ok && frac_ok && !(negative && zero)
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn check_number_range(item: &Item, n: f64) -> Result<(), Rejection> {
    if let Some(BoundValue::Number(min)) = item.min {
        if n < min {
            return Err((FindingCode::OutOfRange, format!("must be at least {min}")));
        }
    }
    if let Some(BoundValue::Number(max)) = item.max {
        if n > max {
            return Err((FindingCode::OutOfRange, format!("must be at most {max}")));
        }
    }
    Ok(())
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn check_date_range(item: &Item, d: Date) -> Result<(), Rejection> {
    if let Some(BoundValue::Date(min)) = item.min {
        if d < min {
            return Err((
                FindingCode::OutOfRange,
                format!("must be on or after {min}"),
            ));
        }
    }
    if let Some(BoundValue::Date(max)) = item.max {
        if d > max {
            return Err((
                FindingCode::OutOfRange,
                format!("must be on or before {max}"),
            ));
        }
    }
    Ok(())
}

/// Parse `YYYY-MM` into (year, month).
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn parse_year_month(text: &str) -> Option<(u16, u8)> {
    let b = text.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return None;
    }
    let y: u16 = text.get(..4)?.parse().ok()?;
    let m: u8 = text.get(5..)?.parse().ok()?;
    ((1000..=9999).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn check_year_month_range(item: &Item, ym: (u16, u8)) -> Result<(), Rejection> {
    if let Some(BoundValue::YearMonth(min)) = item.min {
        if ym < min {
            return Err((
                FindingCode::OutOfRange,
                format!("must be {:04}-{:02} or later", min.0, min.1),
            ));
        }
    }
    if let Some(BoundValue::YearMonth(max)) = item.max {
        if ym > max {
            return Err((
                FindingCode::OutOfRange,
                format!("must be {:04}-{:02} or earlier", max.0, max.1),
            ));
        }
    }
    Ok(())
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn check_text(item: &Item, text: &str) -> Result<(), Rejection> {
    if item.min_length.is_some() || item.max_length.is_some() {
        let len = text.chars().count();
        if item.min_length.is_some_and(|m| len < m as usize) {
            return Err((
                FindingCode::LengthOutOfRange,
                format!(
                    "must be at least {} character(s)",
                    item.min_length.unwrap_or(0)
                ),
            ));
        }
        if item.max_length.is_some_and(|m| len > m as usize) {
            return Err((
                FindingCode::LengthOutOfRange,
                format!(
                    "must be at most {} character(s)",
                    item.max_length.unwrap_or(0)
                ),
            ));
        }
    }
    if let Some(re) = &item.pattern {
        if !re.is_match(text) {
            return Err((
                FindingCode::PatternMismatch,
                "does not match the item's pattern".into(),
            ));
        }
    }
    Ok(())
}

/// Check a multi-choice text; returns the number of codes selected.
#[cfg_attr(monshin_hot, optimize(speed))]
fn check_codes(item: &Item, text: &str) -> Result<usize, Rejection> {
    let mut last: Option<usize> = None;
    let mut count = 0usize;
    for code in text.split(',') {
        let idx = item.option_index(code).ok_or_else(|| {
            (
                FindingCode::InvalidOption,
                "a selected code is not one of the item's option codes".to_string(),
            )
        })?;
        if last.is_some_and(|l| idx <= l) {
            return Err(mismatch(item, "codes in definition order without repeats"));
        }
        last = Some(idx);
        count += 1;
    }
    if item.min_selected.is_some_and(|m| count < m as usize)
        || item.max_selected.is_some_and(|m| count > m as usize)
    {
        return Err((
            FindingCode::SelectionCount,
            format!(
                "select between {} and {} option(s)",
                item.min_selected.unwrap_or(1),
                item.max_selected.map_or(item.options.len(), |m| m as usize)
            ),
        ));
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_numbers() {
        for ok in ["0", "12", "-3", "36.5", "0.25", "-0.5"] {
            assert!(is_canonical_number(ok, true), "{ok}");
        }
        for bad in [
            "", "01", "+1", "1.", ".5", "-0", "-0.0", "1e3", "１２", " 1", "1,000",
        ] {
            assert!(!is_canonical_number(bad, true), "{bad}");
        }
        assert!(!is_canonical_number("1.5", false));
    }

    /// The grammar as written, `-?(0|[1-9][0-9]*)(\.[0-9]+)?` without `-0`, on `str` methods:
    /// the reference the byte scanner is held to.
    fn canonical_by_grammar(text: &str, decimal: bool) -> bool {
        let body = text.strip_prefix('-').unwrap_or(text);
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) if decimal => (i, Some(f)),
            Some(_) => return false,
            None => (body, None),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let int_ok = !int.is_empty() && digits(int) && (int == "0" || !int.starts_with('0'));
        let frac_ok = frac.is_none_or(|f| !f.is_empty() && digits(f));
        let negative_zero = text.starts_with('-') && body.bytes().all(|b| b == b'0' || b == b'.');
        text.len() <= MAX_NUMBER_LEN && int_ok && frac_ok && !negative_zero
    }

    proptest::proptest! {
        #[test]
        fn canonical_numbers_follow_the_grammar(text in "[-0-9.e+ ]{0,6}", decimal: bool) {
            proptest::prop_assert_eq!(
                is_canonical_number(&text, decimal),
                canonical_by_grammar(&text, decimal),
                "{:?}", text
            );
        }
    }

    #[test]
    fn year_months() {
        assert_eq!(parse_year_month("2025-10"), Some((2025, 10)));
        assert_eq!(parse_year_month("2025-13"), None);
        assert_eq!(parse_year_month("2025/10"), None);
        assert_eq!(parse_year_month("２０２５-10"), None);
    }
}
