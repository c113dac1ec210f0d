//! Domain identifiers shared by definitions, answers and findings.
//!
//! Small `Copy` newtypes so that a page number is never confused with a sequence number.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Repeat sequence number (繰り返しを許容する項目の回答の組み合わせを表す連番).
///
/// Items outside a repeatable group always carry `1`; items of a group carry the repetition
/// number `1..n`, shared by all answers of one repetition.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct RepeatSeq(#[schemars(range(min = 1))] pub u32);

impl RepeatSeq {
    /// The sequence number of every item outside a repeatable group.
    pub const SINGLE: RepeatSeq = RepeatSeq(1);

    /// A sequence number, if `n` is one (at least 1).
    pub fn new(n: u32) -> Option<RepeatSeq> {
        (n >= 1).then_some(RepeatSeq(n))
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A page number, 1-based.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct PageNumber(#[schemars(range(min = 1))] pub u32);

/// Answer status (回答状況). Written `unanswered`, `draft`, `answered`; read also in any case
/// and as PMH's 未回答, 下書き, 回答済み ([`AnswerStatus::parse`]).
// The one definition, for answer sets and PMH documents alike (monshin-wire spells it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerStatus {
    /// 未回答: nothing answered yet; never sent to PMH.
    Unanswered,
    /// 下書き: saved part-way; must pass draft validation.
    Draft,
    /// 回答済み: finished; must pass complete validation.
    Answered,
}

impl AnswerStatus {
    /// Every spelling [`AnswerStatus::parse`] accepts (English in any case).
    pub const ACCEPTED: &'static str = "unanswered, draft, answered, 未回答, 下書き, 回答済み";

    /// Read a status: the English names in any case, or PMH's Japanese names.
    pub fn parse(text: &str) -> Option<AnswerStatus> {
        let t = text;
        [
            (AnswerStatus::Unanswered, "unanswered", "未回答"),
            (AnswerStatus::Draft, "draft", "下書き"),
            (AnswerStatus::Answered, "answered", "回答済み"),
        ]
        .into_iter()
        .find(|(_, en, ja)| t.eq_ignore_ascii_case(en) || t == *ja)
        .map(|(s, _, _)| s)
    }

    /// The status as written in answer-set documents.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerStatus::Unanswered => "unanswered",
            AnswerStatus::Draft => "draft",
            AnswerStatus::Answered => "answered",
        }
    }
}

impl<'de> Deserialize<'de> for AnswerStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = AnswerStatus;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(AnswerStatus::ACCEPTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<AnswerStatus, E> {
                // The marker carries no part of the text (see `monshin_jsonpath::Fault`).
                AnswerStatus::parse(v)
                    .ok_or_else(|| E::custom(format_args!("{}status", monshin_jsonpath::MARKER)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod status_tests {
    use super::AnswerStatus;

    #[test]
    fn status_reads_english_in_any_case_and_japanese() {
        for (text, want) in [
            ("draft", AnswerStatus::Draft),
            ("DRAFT", AnswerStatus::Draft),
            ("Answered", AnswerStatus::Answered),
            ("回答済み", AnswerStatus::Answered),
            ("下書き", AnswerStatus::Draft),
            ("未回答", AnswerStatus::Unanswered),
        ] {
            let json = serde_json::to_string(text).unwrap_or_default();
            let got: Option<AnswerStatus> = serde_json::from_str(&json).ok();
            assert_eq!(got, Some(want), "{text}");
        }
        assert_eq!(AnswerStatus::parse("done"), None);
    }
}
