//! Yes/no words and option labels to the codes an item stores.
//!
//! A yes-no or consent item takes `1` / `0`; the words people use for them (はい/いいえ,
//! ある/ない, あり/なし, あった/なかった, 有/無, ○/×, 同意する/同意しない …) are read as such. On a
//! single-choice item a yes or no word selects the option whose label is such a word, only
//! when exactly one option is: with two "yes" options (`ある（治療中）`, `ある（治癒）`) the
//! word is [`FindingCode::AmbiguousYesNo`], never a guess. A label typed as written (or with
//! full-width letters folded) selects its option on any choice item.

use crate::compile::Item;
use crate::definition::model::ItemType;
use crate::finding::FindingCode;

use super::fold::fold_ascii_str;
use super::{NormalizationRule, Refusal};

/// Words meaning yes (or consent), compared after full-width folding and trimming.
const YES: &[&str] = &[
    "はい",
    "ハイ",
    "ある",
    "あり",
    "有り",
    "有",
    "あった",
    "有った",
    "○",
    "〇",
    "◯",
    "yes",
    "Yes",
    "YES",
    "y",
    "Y",
    "同意する",
    "同意します",
];
/// Words meaning no (or refusal).
const NO: &[&str] = &[
    "いいえ",
    "イイエ",
    "ない",
    "なし",
    "無し",
    "無",
    "なかった",
    "無かった",
    "×",
    "✕",
    "no",
    "No",
    "NO",
    "n",
    "N",
    "同意しない",
    "同意しません",
];

/// `Some(true)` for a yes word, `Some(false)` for a no word.
fn polarity(word: &str) -> Option<bool> {
    if YES.contains(&word) {
        Some(true)
    } else if NO.contains(&word) {
        Some(false)
    } else {
        None
    }
}

/// A label's polarity, ignoring a trailing parenthesised note (`ある（　）`).
fn label_polarity(label: &str) -> Option<bool> {
    let folded = fold_ascii_str(label);
    let head = folded.split(['(', '（']).next().unwrap_or("").trim();
    polarity(head)
}

/// The yes-no / consent code for `s`, if it is a yes or no word.
pub(crate) fn yes_no_code(s: &str) -> Option<&'static str> {
    polarity(fold_ascii_str(s).trim()).map(|yes| if yes { "1" } else { "0" })
}

/// Codes for a choice answer written with labels or yes/no words, out of order, with repeats
/// or spaces; with the rule that says what changed. `Ok(None)` if a part is neither a code,
/// a label, nor a yes/no word with exactly one matching option.
pub(crate) fn choice_codes(
    item: &Item,
    s: &str,
) -> Result<Option<(String, NormalizationRule)>, Refusal> {
    let parts: Vec<&str> = if item.ty == ItemType::MultiChoice {
        s.split([',', '、', '，']).map(str::trim).collect()
    } else {
        vec![s.trim()]
    };
    let mut rule = NormalizationRule::ChoiceOrder;
    let mut idx: Vec<usize> = Vec::with_capacity(parts.len());
    for part in parts {
        let i = match item.option_index(part) {
            Some(i) => i,
            None => {
                let (i, r) = match option_of_text(item, part)? {
                    Some(found) => found,
                    None => return Ok(None),
                };
                if rule == NormalizationRule::ChoiceOrder || r == NormalizationRule::YesNoLabel {
                    rule = r;
                }
                i
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
    Ok((out != s).then_some((out, rule)))
}

/// The option a label or yes/no word names.
fn option_of_text(item: &Item, part: &str) -> Result<Option<(usize, NormalizationRule)>, Refusal> {
    if let Some(i) = item.option_labels.iter().position(|l| &**l == part) {
        return Ok(Some((i, NormalizationRule::ChoiceLabel)));
    }
    let folded = fold_ascii_str(part);
    let folded = folded.trim();
    if let Some(i) = item
        .option_labels
        .iter()
        .position(|l| fold_ascii_str(l).trim() == folded)
    {
        return Ok(Some((i, NormalizationRule::ChoiceLabel)));
    }
    let Some(yes) = polarity(folded) else {
        return Ok(None);
    };
    let mut matching = item
        .option_labels
        .iter()
        .enumerate()
        .filter(|(_, l)| label_polarity(l) == Some(yes))
        .map(|(i, _)| i);
    match (matching.next(), matching.next()) {
        (Some(i), None) => Ok(Some((i, NormalizationRule::YesNoLabel))),
        (Some(_), Some(_)) => Err((
            FindingCode::AmbiguousYesNo,
            "this yes/no word fits more than one of the item's options",
        )),
        (None, _) => Ok(None),
    }
}
