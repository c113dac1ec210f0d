//! FHIR primitive values ↔ monshin canonical answer text, one conversion per direction.

use monshin_core::ItemType;

use crate::model::{Coding, TypedValue, ValueType};

/// Text of a decimal read from JSON: the shortest text that reads back to the same double
/// (JSON numbers reach us as `f64`; trailing zeros are not kept).
pub fn decimal_text(v: f64) -> String {
    let text = format!("{v}");
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// Whether `text` is a FHIR `date` with year precision only, or year-month only.
pub fn is_partial_date(text: &str) -> bool {
    let b = text.as_bytes();
    (b.len() == 4 || b.len() == 7) && b[..4].iter().all(u8::is_ascii_digit)
}

/// The FHIR value type answers of a monshin type are written as.
pub fn value_type_of(item_type: ItemType) -> Option<ValueType> {
    Some(match item_type {
        ItemType::YesNo | ItemType::Consent => ValueType::Boolean,
        ItemType::SingleChoice | ItemType::MultiChoice => ValueType::Coding,
        ItemType::Integer => ValueType::Integer,
        ItemType::Decimal => ValueType::Decimal,
        ItemType::Date | ItemType::YearMonth => ValueType::Date,
        ItemType::Text | ItemType::LongText => ValueType::String,
        ItemType::Note | ItemType::Group => return None,
    })
}

/// The canonical text of a typed FHIR value (not choices: options are matched by the caller).
pub fn canonical_text(v: &TypedValue) -> Option<String> {
    if let Some(b) = v.value_boolean {
        return Some(if b { "1" } else { "0" }.to_string());
    }
    if let Some(n) = v.value_integer {
        return Some(n.to_string());
    }
    if let Some(d) = v.value_decimal {
        return Some(decimal_text(d));
    }
    if let Some(q) = &v.value_quantity {
        return q.value.map(decimal_text);
    }
    v.value_date
        .clone()
        .or_else(|| v.value_date_time.clone())
        .or_else(|| v.value_time.clone())
        .or_else(|| v.value_string.clone())
        .or_else(|| v.value_uri.clone())
}

/// The FHIR value of a canonical answer of `item_type` (not choices).
pub fn typed_value(item_type: ItemType, text: &str) -> TypedValue {
    let mut v = TypedValue::default();
    match item_type {
        ItemType::YesNo | ItemType::Consent => v.value_boolean = Some(text == "1"),
        ItemType::Integer => match text.parse::<i64>() {
            Ok(n) => v.value_integer = Some(n),
            Err(_) => v.value_string = Some(text.to_string()),
        },
        ItemType::Decimal => match text.parse::<f64>() {
            Ok(n) => v.value_decimal = Some(n),
            Err(_) => v.value_string = Some(text.to_string()),
        },
        ItemType::Date | ItemType::YearMonth => v.value_date = Some(text.to_string()),
        _ => v.value_string = Some(text.to_string()),
    }
    v
}

/// The value of an answer option or a choice answer as text, and its Coding if it is one.
pub fn option_text(v: &TypedValue) -> Option<(String, Option<&Coding>)> {
    if let Some(c) = &v.value_coding {
        return c.code.clone().map(|code| (code, Some(c)));
    }
    if let Some(n) = v.value_integer {
        return Some((n.to_string(), None));
    }
    v.value_string
        .clone()
        .or_else(|| v.value_date.clone())
        .or_else(|| v.value_time.clone())
        .map(|s| (s, None))
}

/// A date bound of a date item: partial dates widen to the first (min) or last (max) day.
pub fn full_date_bound(text: &str, is_max: bool) -> String {
    match text.len() {
        4 if is_max => format!("{text}-12-31"),
        4 => format!("{text}-01-01"),
        7 if is_max => {
            let year: i32 = text.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            let month: u32 = text.get(5..).and_then(|m| m.parse().ok()).unwrap_or(1);
            format!("{text}-{:02}", days_in_month(year, month))
        }
        7 => format!("{text}-01"),
        _ => text.chars().take(10).collect(),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_bounds_widen() {
        assert_eq!(full_date_bound("2020", false), "2020-01-01");
        assert_eq!(full_date_bound("2022", true), "2022-12-31");
        assert_eq!(full_date_bound("2024-02", true), "2024-02-29");
        assert_eq!(full_date_bound("2023-02", true), "2023-02-28");
        assert!(is_partial_date("2021") && is_partial_date("2021-03"));
        assert!(!is_partial_date("2021-03-01"));
        assert_eq!(decimal_text(-5.1234), "-5.1234");
        assert_eq!(decimal_text(36.0), "36");
        // Never panics on text that is not a date (multi-byte characters at any offset).
        for odd in ["20é2-1", "2é024", "ééé-", "ああx", "202-あ"] {
            let _ = full_date_bound(odd, true);
            let _ = full_date_bound(odd, false);
        }
    }
}
