//! Numbers as typed: full-width digits, signs and points, thousands separators, and a unit.
//!
//! A unit written after the number is removed when it is the item's own unit (`36.5℃`,
//! `36.5度`, `36度5分` for a ℃ item), and converted when it measures the same quantity in
//! another unit (`3.25kg` for a g item is `3250`, `0.75m` for a cm item is `75`): the decimal
//! point is moved in the text, so no binary rounding enters. A unit of another quantity
//! (`3250cm` for a g item) is [`FindingCode::UnitMismatch`]. Range and precision checks are
//! validation's, on the converted value.

use super::fold::fold_ascii;
use super::{NormalizationRule, Refusal};
use crate::finding::FindingCode;

/// A unit the normaliser understands: its quantity and power of ten relative to the
/// quantity's base unit (g, cm, ℃).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    quantity: Quantity,
    power: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantity {
    Temperature,
    Mass,
    Length,
}

/// Unit spellings, longest first so that `kg` is tried before `g`.
const UNITS: &[(&str, Quantity, i32)] = &[
    ("°C", Quantity::Temperature, 0),
    ("℃", Quantity::Temperature, 0),
    ("度", Quantity::Temperature, 0),
    ("°", Quantity::Temperature, 0),
    ("kg", Quantity::Mass, 3),
    ("KG", Quantity::Mass, 3),
    ("Kg", Quantity::Mass, 3),
    ("キロ", Quantity::Mass, 3),
    ("グラム", Quantity::Mass, 0),
    ("g", Quantity::Mass, 0),
    ("cm", Quantity::Length, 0),
    ("CM", Quantity::Length, 0),
    ("センチ", Quantity::Length, 0),
    ("mm", Quantity::Length, -1),
    ("m", Quantity::Length, 2),
];

impl Unit {
    /// The unit of an item's `unit` text, if it is one the normaliser converts.
    pub(crate) fn of_item(unit: &str) -> Option<Unit> {
        let u: String = unit.trim().chars().map(fold_ascii).collect();
        UNITS
            .iter()
            .find(|(name, _, _)| *name == u)
            .map(|&(_, quantity, power)| Unit { quantity, power })
    }
}

/// The canonical number for an integer or decimal item whose `unit` is `item_unit` (its raw
/// text) and whose converter is `unit`; `s` is already folded to ASCII. `Ok(None)`: not a number this module recognises.
pub(crate) fn normalize_number(
    s: &str,
    integer: bool,
    item_unit: Option<&str>,
    unit: Option<Unit>,
    rules: &mut Vec<NormalizationRule>,
) -> Result<Option<String>, Refusal> {
    let text = s.trim_end();
    if unit.is_some_and(|u| u.quantity == Quantity::Temperature) {
        // 36度5分: degrees and tenths, as on a paper thermometer chart.
        if let Some((deg, tenths)) = text.strip_suffix('分').and_then(|t| t.split_once('度')) {
            if tenths.len() == 1 && is_digits(deg) && is_digits(tenths) {
                rules.push(NormalizationRule::UnitRemoved);
                return Ok(number_format(&format!("{deg}.{tenths}"), integer));
            }
        }
    }
    let written = UNITS
        .iter()
        .find(|(name, _, _)| text.ends_with(name))
        .map(|&(name, quantity, power)| (name.len(), Unit { quantity, power }));
    let Some((len, written)) = written else {
        // The item's own unit as written in the definition (`歳`, `か月`, `週` …).
        if let Some(rest) = item_unit
            .filter(|u| !u.is_empty())
            .and_then(|own| text.strip_suffix(own))
        {
            rules.push(NormalizationRule::UnitRemoved);
            return Ok(number_format(rest.trim_end(), integer));
        }
        return Ok(number_format(text, integer));
    };
    let number = text.get(..text.len() - len).unwrap_or("").trim_end();
    if number.is_empty() || !number.bytes().last().is_some_and(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let Some(target) = unit.filter(|u| u.quantity == written.quantity) else {
        return Err((
            FindingCode::UnitMismatch,
            "the unit written is not one this item can be converted from",
        ));
    };
    let Some(n) = number_format(number, integer) else {
        return Ok(None);
    };
    if written.power == target.power {
        rules.push(NormalizationRule::UnitRemoved);
        return Ok(Some(n));
    }
    rules.push(NormalizationRule::UnitConverted);
    Ok(Some(shift_point(&n, written.power - target.power)))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Multiply the canonical decimal `n` by 10^`k`, moving its point; trailing fraction zeros
/// and leading integer zeros are dropped.
fn shift_point(n: &str, k: i32) -> String {
    let (neg, body) = n.strip_prefix('-').map_or((false, n), |b| (true, b));
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut digits = format!("{int}{frac}");
    let mut point = i64::try_from(int.len()).unwrap_or(0) + i64::from(k);
    while point > i64::try_from(digits.len()).unwrap_or(0) {
        digits.push('0');
    }
    while point < 1 {
        digits.insert(0, '0');
        point += 1;
    }
    let at = usize::try_from(point).unwrap_or(0);
    let (i, f) = digits.split_at(at.min(digits.len()));
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    let i = if i.is_empty() { "0" } else { i };
    let zero = i == "0" && f.is_empty();
    let mut out = String::new();
    if neg && !zero {
        out.push('-');
    }
    out.push_str(i);
    if !f.is_empty() {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `+`, leading zeros and (for integers) thousands separators removed; `None` if `s` is not
/// a plain number.
pub(crate) fn number_format(s: &str, integer: bool) -> Option<String> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let grouped = integer
        && body.contains(',')
        && body
            .split(',')
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let body = if grouped {
        body.replace(',', "")
    } else {
        body.to_string()
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body.as_str(), None),
    };
    if int.is_empty() && frac.is_none() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let mut out = String::new();
    let zero = int == "0" && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    if neg && !zero {
        out.push('-');
    }
    out.push_str(int);
    if let Some(f) = frac.filter(|f| !f.is_empty()) {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_moves_in_the_text() {
        assert_eq!(shift_point("3.25", 3), "3250");
        assert_eq!(shift_point("0.75", 2), "75");
        assert_eq!(shift_point("3250", -3), "3.25");
        assert_eq!(shift_point("5", -1), "0.5");
        assert_eq!(shift_point("-1.5", 1), "-15");
        assert_eq!(shift_point("0.001", 2), "0.1");
    }

    fn run(s: &str, integer: bool, unit: &str) -> Result<Option<String>, Refusal> {
        normalize_number(s, integer, Some(unit), Unit::of_item(unit), &mut Vec::new())
    }

    #[test]
    fn units() {
        assert_eq!(run("36.5℃", false, "℃"), Ok(Some("36.5".into())));
        assert_eq!(run("36度5分", false, "℃"), Ok(Some("36.5".into())));
        assert_eq!(run("36.50度", false, "℃"), Ok(Some("36.50".into())));
        assert_eq!(run("3.25kg", true, "g"), Ok(Some("3250".into())));
        assert_eq!(run("10500g", false, "kg"), Ok(Some("10.5".into())));
        assert_eq!(run("0.75m", false, "cm"), Ok(Some("75".into())));
        assert_eq!(run("12か月", true, "か月"), Ok(Some("12".into())));
        assert!(matches!(
            run("3250cm", true, "g"),
            Err((FindingCode::UnitMismatch, _))
        ));
        assert_eq!(run("abc", true, "g"), Ok(None));
    }
}
