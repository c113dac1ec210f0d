//! Explicit normalisation of Japanese input into canonical answer text, reporting each change.
//!
//! People type `３６．５`, `令和8年4月1日`, `36度5分`, `3.25kg`, `ある`, `午後8時半` or `ﾔﾏﾀﾞ`.
//! Validation never silently accepts these (it reports `answers.needs-normalization`);
//! [`CompiledForm::normalize`] rewrites them and returns one [`Normalization`] per changed
//! answer naming the rules applied, never the values. Input that looks meant but cannot be
//! right (a date outside its era, a date that does not exist, a yes/no word that fits two
//! options, a unit of another quantity) is left as typed: validation reports it with its own
//! code ([`Refusal`]). Written by hand, one module per kind of input: no crate covers eras,
//! and the few Unicode mappings needed cost less than a normalisation crate in WebAssembly
//! (see the `fold` module).

mod choices;
mod dates;
mod fold;
mod numbers;
mod text;
mod times;

pub use dates::{format_in_era, Era, EraStyle, ERAS};
pub(crate) use numbers::Unit;
pub use text::is_blank;
pub(crate) use text::{is_canonical_kana, is_invisible};
pub(crate) use times::is_canonical_time;

use std::fmt;

use serde::Serialize;

use crate::answers::AnswerSet;
use crate::compile::{CompiledForm, Item};
use crate::definition::model::ItemType;
use crate::finding::{FindingCode, Location};
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
    /// A Japanese era date (明治・大正・昭和・平成・令和) converted to the Gregorian calendar.
    EraDate,
    /// はい / いいえ / 同意する … replaced by `1` / `0`.
    YesNoLabel,
    /// An option label replaced by its code.
    ChoiceLabel,
    /// Multi-choice codes put in definition order, duplicates and spaces removed.
    ChoiceOrder,
    /// CRLF or CR line endings made LF.
    LineEndings,
    /// A blank answer (spaces, U+3000, zero-width characters only) emptied: it is no answer.
    BlankCleared,
    /// The item's own unit written after the number removed (`36.5℃`, `36度5分`, `12か月`).
    UnitRemoved,
    /// A number in another unit of the same quantity converted (`3.25kg` → `3250` g).
    UnitConverted,
    /// A time of day rewritten as `HH:MM` (`20時30分`, `午後8時半`).
    TimeFormat,
    /// Hiragana in a kana item made katakana.
    Katakana,
    /// Spaces in a kana item made single U+3000 between words.
    KanaSpaces,
    /// 不明 / わからない where the item offers "unknown", stored as `unknown`.
    UnknownWord,
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
            NormalizationRule::BlankCleared => "blank-cleared",
            NormalizationRule::UnitRemoved => "unit-removed",
            NormalizationRule::UnitConverted => "unit-converted",
            NormalizationRule::TimeFormat => "time-format",
            NormalizationRule::Katakana => "katakana",
            NormalizationRule::KanaSpaces => "kana-spaces",
            NormalizationRule::UnknownWord => "unknown-word",
        }
    }
}

impl fmt::Display for NormalizationRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl schemars::JsonSchema for NormalizationRule {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NormalizationRule".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Stable code of a normalisation rule (`full-width`, `era-date`, `unit-removed`, …).",
            "type": "string",
            "pattern": "^[a-z]+(-[a-z]+)*$",
        })
    }
}

impl Serialize for NormalizationRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The report of one changed answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Normalization {
    /// Which answer changed.
    pub location: Location,
    /// What was done to it, in the order applied.
    pub rules: Vec<NormalizationRule>,
}

impl CompiledForm {
    /// Rewrite recognisable non-canonical answers in place; one report per changed answer.
    /// Answers to unknown items, and answers normalisation refuses ([`Refusal`]), are left
    /// alone: validation reports the latter with their own codes. Applying it twice changes nothing the second time.
    pub fn normalize(&self, set: &mut AnswerSet) -> Vec<Normalization> {
        let mut out = Vec::new();
        for (i, a) in set.answers.iter_mut().enumerate() {
            let Some(item) = self.slot(&a.id).and_then(|s| self.items.get(s as usize)) else {
                continue;
            };
            if let Ok(Some((fixed, rules))) = normalized_value(item, &a.value) {
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

/// Why normalisation will not rewrite an answer that looks meant: a finding code of its own
/// (`date-outside-era`, `nonexistent-date`, `ambiguous-yes-no`, `unit-mismatch` …) and a
/// message free of the value.
pub type Refusal = (FindingCode, &'static str);

/// The value stored for "not known" on items whose paper form offers 不明.
pub const UNKNOWN_ANSWER: &str = "unknown";

/// The normalised text of `text` for `item`: `Ok(None)` when nothing changes or nothing is
/// recognised, `Err` when the input is recognised but cannot be right.
pub(crate) fn normalized_value(
    item: &Item,
    text: &str,
) -> Result<Option<(String, Vec<NormalizationRule>)>, Refusal> {
    let mut rules = Vec::new();
    if is_blank(text) {
        return Ok(
            (!text.is_empty()).then(|| (String::new(), vec![NormalizationRule::BlankCleared]))
        );
    }
    let mut s = text.to_string();
    if item.ty == ItemType::LongText && s.contains('\r') {
        s = s.replace("\r\n", "\n").replace('\r', "\n");
        rules.push(NormalizationRule::LineEndings);
    }
    text::trim(&mut s, &mut rules);
    match item.ty {
        ItemType::Text | ItemType::LongText => return Ok(changed(s, text, rules)),
        ItemType::Kana => {
            let kana = text::normalize_kana(&s, &mut rules);
            return Ok(changed(kana, text, rules));
        }
        _ => {}
    }
    if item.ty.has_options() {
        // Labels are matched as written in the definition, before any folding.
        if let Some((codes, rule)) = choices::choice_codes(item, &s)? {
            rules.push(rule);
            return Ok(changed(codes, text, rules));
        }
    }
    let ascii = fold_full_width(&s);
    if ascii != s {
        s = ascii;
        rules.push(NormalizationRule::FullWidth);
    }
    if item.allow_unknown && s != UNKNOWN_ANSWER && text::is_unknown_word(&s) {
        rules.push(NormalizationRule::UnknownWord);
        return Ok(changed(UNKNOWN_ANSWER.to_string(), text, rules));
    }
    match item.ty {
        ItemType::Integer | ItemType::Decimal => {
            let n = numbers::normalize_number(
                &s,
                item.ty == ItemType::Integer,
                item.unit_text.as_deref(),
                item.unit,
                &mut rules,
            )?;
            if let Some(n) = n.filter(|n| *n != s) {
                if !rules.iter().any(|r| {
                    matches!(
                        r,
                        NormalizationRule::UnitRemoved | NormalizationRule::UnitConverted
                    )
                }) {
                    rules.push(NormalizationRule::NumberFormat);
                }
                s = n;
            }
        }
        ItemType::Date | ItemType::YearMonth => {
            if let Some((d, rule)) = dates::normalize_date(&s, item.ty == ItemType::Date)? {
                s = d;
                rules.push(rule);
            }
        }
        ItemType::Time => {
            if let Some((t, rule)) = times::normalize_time(&s)? {
                s = t;
                rules.push(rule);
            }
        }
        ItemType::YesNo | ItemType::Consent => {
            if let Some(c) = choices::yes_no_code(&s).filter(|c| *c != s) {
                s = c.to_string();
                rules.push(NormalizationRule::YesNoLabel);
            }
        }
        ItemType::SingleChoice | ItemType::MultiChoice => {
            if let Some((codes, rule)) = choices::choice_codes(item, &s)? {
                s = codes;
                rules.push(rule);
            }
        }
        _ => {}
    }
    Ok(changed(s, text, rules))
}

/// `Some` when rules were applied and the text differs from what was typed.
fn changed(
    s: String,
    text: &str,
    rules: Vec<NormalizationRule>,
) -> Option<(String, Vec<NormalizationRule>)> {
    (!rules.is_empty() && s != text).then_some((s, rules))
}

/// Full-width ASCII, the ideographic space, minus look-alikes and the Japanese comma / full
/// stop made ASCII (for every type but free text and kana).
fn fold_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match fold::fold_ascii(c) {
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2013}' => '-',
            '、' => ',',
            '。' => '.',
            c => c,
        })
        .collect()
}
