//! Canonical answer text per item type, checked one answer at a time.
//!
//! The session re-checks only the answer that changed, so it cannot go through
//! `CompiledForm::validate`, which walks every item. This module applies the same rules as
//! monshin-core's (private) `encoding` module, built from the public [`ItemDef`]: same codes,
//! same messages. `tests/oracle.rs` compares the session with `CompiledForm::validate` on random
//! edits, so any drift from core fails a test. Core could make this module unnecessary by
//! exporting `CompiledForm::check_answer(id, text) -> Result<(), (FindingCode, String)>`.

use monshin_core::definition::model::Bound;
use monshin_core::{FindingCode, ItemDef, ItemType};
use monshin_expr::Date;
use regex_lite::Regex;

/// Why a value was rejected: a code and a message free of answer content.
pub(crate) type Rejection = (FindingCode, String);

/// Longest number text accepted (digits, sign and point); as in core.
const MAX_NUMBER_LEN: usize = 32;

/// A parsed `min` / `max` bound.
#[derive(Debug, Clone, Copy, PartialEq)]
enum BoundValue {
    Number(f64),
    Date(Date),
    YearMonth((u16, u8)),
}

/// The value rules of one item, taken from its definition.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    ty: ItemType,
    options: Vec<Box<str>>,
    min: Option<BoundValue>,
    max: Option<BoundValue>,
    min_length: Option<u32>,
    max_length: Option<u32>,
    pattern: Option<Regex>,
    precision: Option<u8>,
    min_selected: Option<u32>,
    max_selected: Option<u32>,
}

/// The typed value of a valid answer; text and codes are read from the answer itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Parsed {
    Bool(bool),
    Number(f64),
    Date(Date),
    /// Single choice, text, long text, year-month: the answer text.
    Text,
    /// Multi-choice: the answer text.
    Codes,
}

fn bound(ty: ItemType, b: Option<&Bound>) -> Option<BoundValue> {
    match (ty, b?) {
        (ItemType::Integer | ItemType::Decimal, Bound::Number(n)) if n.is_finite() => {
            Some(BoundValue::Number(*n))
        }
        (ItemType::Date, Bound::Text(t)) => Date::parse(t).map(BoundValue::Date),
        (ItemType::YearMonth, Bound::Text(t)) => parse_year_month(t).map(BoundValue::YearMonth),
        _ => None,
    }
}

impl Rules {
    /// The rules of `def`. The definition has been compiled by core, so a pattern that does not
    /// compile cannot occur; should it, the pattern is ignored as core ignores it.
    pub(crate) fn new(def: &ItemDef) -> Rules {
        let ty = def.item_type;
        Rules {
            ty,
            options: if ty.has_options() {
                def.options.iter().map(|o| o.code.as_str().into()).collect()
            } else {
                Vec::new()
            },
            min: bound(ty, def.min.as_ref()),
            max: bound(ty, def.max.as_ref()),
            min_length: def.min_length,
            max_length: def.max_length,
            pattern: def
                .pattern
                .as_deref()
                .and_then(|p| Regex::new(&format!("^(?:{p})$")).ok()),
            precision: def.precision,
            min_selected: def.min_selected,
            max_selected: def.max_selected,
        }
    }

    fn option_index(&self, code: &str) -> Option<usize> {
        self.options.iter().position(|o| &**o == code)
    }

    fn mismatch(&self, expected: &str) -> Rejection {
        (
            FindingCode::TypeMismatch,
            format!("a {} answer must be {expected}", self.ty.as_str()),
        )
    }

    /// Check `text` and return its typed value.
    pub(crate) fn check(&self, text: &str) -> Result<Parsed, Rejection> {
        match self.ty {
            ItemType::YesNo | ItemType::Consent => match text {
                "1" => Ok(Parsed::Bool(true)),
                "0" => Ok(Parsed::Bool(false)),
                _ => Err(self.mismatch("\"1\" or \"0\"")),
            },
            ItemType::SingleChoice => {
                if self.option_index(text).is_some() {
                    Ok(Parsed::Text)
                } else {
                    Err((
                        FindingCode::InvalidOption,
                        "answer is not one of the item's option codes".into(),
                    ))
                }
            }
            ItemType::MultiChoice => self.check_codes(text).map(|()| Parsed::Codes),
            ItemType::Integer => {
                if !is_canonical_number(text, false) {
                    return Err(self.mismatch("an integer such as \"12\""));
                }
                let n: f64 = text.parse().map_err(|_| self.mismatch("an integer"))?;
                self.check_number_range(n)?;
                Ok(Parsed::Number(n))
            }
            ItemType::Decimal => {
                if !is_canonical_number(text, true) {
                    return Err(self.mismatch("a decimal such as \"36.5\""));
                }
                let frac = text.split_once('.').map_or(0, |(_, f)| f.len());
                if let Some(p) = self.precision {
                    if frac > usize::from(p) {
                        return Err((
                            FindingCode::TooPrecise,
                            format!("at most {p} digit(s) after the decimal point"),
                        ));
                    }
                }
                let n: f64 = text.parse().map_err(|_| self.mismatch("a decimal"))?;
                self.check_number_range(n)?;
                Ok(Parsed::Number(n))
            }
            ItemType::Date => {
                let d = Date::parse(text).ok_or_else(|| self.mismatch("a date YYYY-MM-DD"))?;
                self.check_date_range(d)?;
                Ok(Parsed::Date(d))
            }
            ItemType::YearMonth => {
                let ym =
                    parse_year_month(text).ok_or_else(|| self.mismatch("a year-month YYYY-MM"))?;
                self.check_year_month_range(ym)?;
                Ok(Parsed::Text)
            }
            ItemType::Text | ItemType::LongText => {
                let multiline = self.ty == ItemType::LongText;
                if text
                    .chars()
                    .any(|c| c.is_control() && !(multiline && c == '\n'))
                {
                    return Err(self.mismatch(if multiline {
                        "text without control characters other than line feeds"
                    } else {
                        "one line of text without control characters"
                    }));
                }
                self.check_text(text)?;
                Ok(Parsed::Text)
            }
            ItemType::Note | ItemType::Group => Err((
                FindingCode::NotAnswerable,
                format!("a {} item is never answered", self.ty.as_str()),
            )),
        }
    }

    fn check_number_range(&self, n: f64) -> Result<(), Rejection> {
        if let Some(BoundValue::Number(min)) = self.min {
            if n < min {
                return Err((FindingCode::OutOfRange, format!("must be at least {min}")));
            }
        }
        if let Some(BoundValue::Number(max)) = self.max {
            if n > max {
                return Err((FindingCode::OutOfRange, format!("must be at most {max}")));
            }
        }
        Ok(())
    }

    fn check_date_range(&self, d: Date) -> Result<(), Rejection> {
        if let Some(BoundValue::Date(min)) = self.min {
            if d < min {
                return Err((
                    FindingCode::OutOfRange,
                    format!("must be on or after {min}"),
                ));
            }
        }
        if let Some(BoundValue::Date(max)) = self.max {
            if d > max {
                return Err((
                    FindingCode::OutOfRange,
                    format!("must be on or before {max}"),
                ));
            }
        }
        Ok(())
    }

    fn check_year_month_range(&self, ym: (u16, u8)) -> Result<(), Rejection> {
        if let Some(BoundValue::YearMonth(min)) = self.min {
            if ym < min {
                return Err((
                    FindingCode::OutOfRange,
                    format!("must be {:04}-{:02} or later", min.0, min.1),
                ));
            }
        }
        if let Some(BoundValue::YearMonth(max)) = self.max {
            if ym > max {
                return Err((
                    FindingCode::OutOfRange,
                    format!("must be {:04}-{:02} or earlier", max.0, max.1),
                ));
            }
        }
        Ok(())
    }

    fn check_text(&self, text: &str) -> Result<(), Rejection> {
        if self.min_length.is_some() || self.max_length.is_some() {
            let len = text.chars().count();
            if self.min_length.is_some_and(|m| len < m as usize) {
                return Err((
                    FindingCode::LengthOutOfRange,
                    format!(
                        "must be at least {} character(s)",
                        self.min_length.unwrap_or(0)
                    ),
                ));
            }
            if self.max_length.is_some_and(|m| len > m as usize) {
                return Err((
                    FindingCode::LengthOutOfRange,
                    format!(
                        "must be at most {} character(s)",
                        self.max_length.unwrap_or(0)
                    ),
                ));
            }
        }
        if let Some(re) = &self.pattern {
            if !re.is_match(text) {
                return Err((
                    FindingCode::PatternMismatch,
                    "does not match the item's pattern".into(),
                ));
            }
        }
        Ok(())
    }

    fn check_codes(&self, text: &str) -> Result<(), Rejection> {
        let mut last: Option<usize> = None;
        let mut count = 0usize;
        for code in text.split(',') {
            let idx = self.option_index(code).ok_or_else(|| {
                (
                    FindingCode::InvalidOption,
                    "a selected code is not one of the item's option codes".to_string(),
                )
            })?;
            if last.is_some_and(|l| idx <= l) {
                return Err(self.mismatch("codes in definition order without repeats"));
            }
            last = Some(idx);
            count += 1;
        }
        if self.min_selected.is_some_and(|m| count < m as usize)
            || self.max_selected.is_some_and(|m| count > m as usize)
        {
            return Err((
                FindingCode::SelectionCount,
                format!(
                    "select between {} and {} option(s)",
                    self.min_selected.unwrap_or(1),
                    self.max_selected.map_or(self.options.len(), |m| m as usize)
                ),
            ));
        }
        Ok(())
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` without `-0`; the fraction only when `decimal`.
fn is_canonical_number(text: &str, decimal: bool) -> bool {
    if text.is_empty() || text.len() > MAX_NUMBER_LEN {
        return false;
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) if decimal => (i, Some(f)),
        Some(_) => return false,
        None => (body, None),
    };
    let int_ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'));
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let negative_zero = text.starts_with('-') && body.bytes().all(|b| b == b'0' || b == b'.');
    int_ok && frac_ok && !negative_zero
}

/// Parse `YYYY-MM` into (year, month).
fn parse_year_month(text: &str) -> Option<(u16, u8)> {
    let b = text.as_bytes();
    if b.len() != 7
        || b.get(4) != Some(&b'-')
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        return None;
    }
    let y: u16 = text.get(..4)?.parse().ok()?;
    let m: u8 = text.get(5..)?.parse().ok()?;
    ((1000..=9999).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
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
            "", "01", "+1", "1.", ".5", "-0", "-0.0", "1e3", "１２", " 1",
        ] {
            assert!(!is_canonical_number(bad, true), "{bad}");
        }
        assert!(!is_canonical_number("1.5", false));
    }

    #[test]
    fn year_months() {
        assert_eq!(parse_year_month("2025-10"), Some((2025, 10)));
        assert_eq!(parse_year_month("2025-13"), None);
        assert_eq!(parse_year_month("2025/10"), None);
        assert_eq!(parse_year_month("２０２５-10"), None);
    }
}
