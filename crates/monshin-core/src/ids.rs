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

/// Answer status (回答状況).
// The one definition, for answer sets and PMH documents alike (monshin-wire spells it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
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
    /// The status as written in answer-set documents.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerStatus::Unanswered => "unanswered",
            AnswerStatus::Draft => "draft",
            AnswerStatus::Answered => "answered",
        }
    }
}
