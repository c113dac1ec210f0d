//! Explicit normalisation of Japanese input into canonical answer text, reporting each change.
//!
//! People type `３６．５`, `令和8年4月1日`, `はい` or `3,250`. Validation never silently accepts
//! these (it reports `answers.needs-normalization`); [`CompiledForm::normalize`] rewrites them and returns
//! one [`Normalization`] per changed answer naming the rules applied, never the values.
//! Written by hand: the rules are small, specific to Japanese forms, and no crate covers eras.

use std::fmt;

use serde::Serialize;

use crate::answers::AnswerSet;
use crate::compile::{CompiledForm, Item};
use crate::definition::model::ItemType;
use crate::finding::Location;
use crate::ids::RepeatSeq;

/// One kind of change normalisation makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum NormalizationRule {
    /// Leading or trailing spaces (ASCII or 全角) removed.
    TrimWhitespace,
    /// Full-width letters, digits and signs (`３６．５`, `－`) made ASCII.
    FullWidth,
    /// `+`, leading zeros or thousands separators removed from a number.
    NumberFormat,
    /// A date or year-month rewritten as `YYYY-MM-DD` / `YYYY-MM` (separators, padding).
    DateFormat,
    /// A Japanese era date (令和・平成・昭和) converted to the Gregorian calendar.
    EraDate,
    /// はい / いいえ / 同意する … replaced by `1` / `0`.
    YesNoLabel,
    /// An option label replaced by its code.
    ChoiceLabel,
    /// Multi-choice codes put in definition order, duplicates and spaces removed.
    ChoiceOrder,
    /// CRLF or CR line endings made LF.
    LineEndings,
}

impl NormalizationRule {
    /// Stable code of the rule.
    pub fn as_str(self) -> &'static str {
        match self {
            NormalizationRule::TrimWhitespace => "trim-whitespace",
            NormalizationRule::FullWidth => "full-width",
            NormalizationRule::NumberFormat => "number-format",
            NormalizationRule::DateFormat => "date-format",
            NormalizationRule::EraDate => "era-date",
            NormalizationRule::YesNoLabel => "yes-no-label",
            NormalizationRule::ChoiceLabel => "choice-label",
            NormalizationRule::ChoiceOrder => "choice-order",
            NormalizationRule::LineEndings => "line-endings",
        }
    }
}

impl fmt::Display for NormalizationRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for NormalizationRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The report of one changed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Normalization {
    /// Which answer changed.
    pub location: Location,
    /// What was done to it, in the order applied.
    pub rules: Vec<NormalizationRule>,
}

impl CompiledForm {
    /// Rewrite recognisable non-canonical answers in place; one report per changed answer.
    /// Answers to unknown items are left alone. Applying it twice changes nothing the second time.
    pub fn normalize(&self, set: &mut AnswerSet) -> Vec<Normalization> {
        let mut out = Vec::new();
        for (i, a) in set.answers.iter_mut().enumerate() {
            let Some(item) = self.slot(&a.id).and_then(|s| self.items.get(s as usize)) else {
                continue;
            };
            if let Some((fixed, rules)) = normalized_value(item, &a.value) {
                a.value = fixed;
                out.push(Normalization {
                    location: Location {
                        page: Some(item.page),
                        master_id: Some(a.id.clone()),
                        seq: Some(RepeatSeq(a.seq.0)),
                        pointer: Some(format!("/answers/{i}")),
                        ..Location::default()
                    },
                    rules,
                });
            }
        }
        out
    }
}

/// The normalised text of `text` for `item`, or `None` when nothing changes.
pub(crate) fn normalized_value(
    item: &Item,
    text: &str,
) -> Option<(String, Vec<NormalizationRule>)> {
    let mut rules = Vec::new();
    let mut s = text.to_string();
    let textual = matches!(item.ty, ItemType::Text | ItemType::LongText);
    if item.ty == ItemType::LongText && s.contains('\r') {
        s = s.replace("\r\n", "\n").replace('\r', "\n");
        rules.push(NormalizationRule::LineEndings);
    }
    if textual {
        // Free text is kept as typed: only line endings are normalised.
        return (!rules.is_empty() && s != text).then_some((s, rules));
    }
    let trimmed = s.trim_matches(|c: char| c.is_whitespace());
    if trimmed.len() != s.len() {
        s = trimmed.to_string();
        rules.push(NormalizationRule::TrimWhitespace);
    }
    if item.ty.has_options() {
        // Labels are matched as written in the definition, before any folding.
        if let Some((codes, rule)) = choice_codes(item, &s) {
            s = codes;
            rules.push(rule);
            return (s != text).then_some((s, rules));
        }
    }
    let ascii = fold_full_width(&s);
    if ascii != s {
        s = ascii;
        rules.push(NormalizationRule::FullWidth);
    }
    match item.ty {
        ItemType::Integer | ItemType::Decimal => {
            if let Some(n) = number_format(&s, item.ty == ItemType::Integer) {
                s = n;
                rules.push(NormalizationRule::NumberFormat);
            }
        }
        ItemType::Date | ItemType::YearMonth => {
            if let Some((d, era)) = date_format(&s, item.ty == ItemType::Date) {
                s = d;
                rules.push(if era {
                    NormalizationRule::EraDate
                } else {
                    NormalizationRule::DateFormat
                });
            }
        }
        ItemType::YesNo | ItemType::Consent => {
            let code = match s.as_str() {
                "はい" | "有" | "あり" | "有り" | "同意する" | "同意します" | "yes" | "Yes" => {
                    Some("1")
                }
                "いいえ" | "無" | "なし" | "無し" | "同意しない" | "同意しません" | "no" | "No" => {
                    Some("0")
                }
                _ => None,
            };
            if let Some(c) = code {
                s = c.to_string();
                rules.push(NormalizationRule::YesNoLabel);
            }
        }
        ItemType::SingleChoice | ItemType::MultiChoice => {
            if let Some((codes, rule)) = choice_codes(item, &s) {
                s = codes;
                rules.push(rule);
            }
        }
        _ => {}
    }
    (!rules.is_empty() && s != text).then_some((s, rules))
}

/// Full-width ASCII (U+FF01..=U+FF5E), the ideographic space and minus look-alikes to ASCII.
fn fold_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2013}' => '-',
            '、' => ',',
            '。' => '.',
            _ => c,
        })
        .collect()
}

fn number_format(s: &str, integer: bool) -> Option<String> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let body: String = if integer {
        let grouped = body.contains(',')
            && body
                .split(',')
                .skip(1)
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if grouped {
            body.replace(',', "")
        } else {
            body.to_string()
        }
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
    (out != s).then_some(out)
}

/// Recognise `2026/4/1`, `2026.4.1`, `2026年4月1日`, `令和8年4月1日`, `R8.4.1` (and year-months).
fn date_format(s: &str, full_date: bool) -> Option<(String, bool)> {
    let (offset, rest, era) = era_prefix(s);
    let mut nums: Vec<u32> = Vec::with_capacity(3);
    let mut cur = String::new();
    let rest = rest
        .strip_prefix('元')
        .map_or_else(|| rest.to_string(), |r| format!("1{r}"));
    for c in rest.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
            if cur.len() > 4 {
                return None;
            }
        } else if matches!(c, '/' | '-' | '.' | '年' | '月' | '日') {
            if cur.is_empty() {
                return None;
            }
            nums.push(cur.parse().ok()?);
            cur.clear();
        } else {
            return None;
        }
    }
    if !cur.is_empty() {
        nums.push(cur.parse().ok()?);
    }
    let want = if full_date { 3 } else { 2 };
    if nums.len() != want {
        return None;
    }
    let year = nums.first()? + offset;
    let month = *nums.get(1)?;
    if !(1000..=9999).contains(&year) || era && *nums.first()? == 0 {
        return None;
    }
    let out = if full_date {
        let day = *nums.get(2)?;
        monshin_expr::Date::from_ymd(i32::try_from(year).ok()?, month, day)?;
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        if !(1..=12).contains(&month) {
            return None;
        }
        format!("{year:04}-{month:02}")
    };
    (out != s).then_some((out, era))
}

/// Strip a Japanese era prefix; returns (year offset, rest, whether an era was found).
fn era_prefix(s: &str) -> (u32, &str, bool) {
    const ERAS: &[(&str, u32)] = &[
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("R", 2018),
        ("H", 1988),
        ("S", 1925),
    ];
    for (name, offset) in ERAS {
        if let Some(rest) = s.strip_prefix(name) {
            return (*offset, rest, true);
        }
    }
    (0, s, false)
}

fn code_of_label(item: &Item, label: &str) -> Option<usize> {
    item.option_labels.iter().position(|l| &**l == label)
}

/// Codes for a choice answer written with labels, out of order, with repeats or spaces; with
/// the rule that says what changed. `None` if a part is neither a code nor a label.
fn choice_codes(item: &Item, s: &str) -> Option<(String, NormalizationRule)> {
    let parts: Vec<&str> = if item.ty == ItemType::MultiChoice {
        s.split([',', '、', '，']).map(str::trim).collect()
    } else {
        vec![s]
    };
    let mut labelled = false;
    let mut idx: Vec<usize> = Vec::with_capacity(parts.len());
    for part in parts {
        let i = match item.option_index(part) {
            Some(i) => i,
            None => {
                labelled = true;
                code_of_label(item, part)?
            }
        };
        idx.push(i);
    }
    idx.sort_unstable();
    idx.dedup();
    let out = idx
        .iter()
        .filter_map(|&i| item.options.get(i).map(|c| &**c))
        .collect::<Vec<_>>()
        .join(",");
    let rule = if labelled {
        NormalizationRule::ChoiceLabel
    } else {
        NormalizationRule::ChoiceOrder
    };
    (out != s).then_some((out, rule))
}
