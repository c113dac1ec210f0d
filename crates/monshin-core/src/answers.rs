//! Answer sets: definition ID, status, last page and (master ID, seq, value) triples.
//!
//! Two shapes of the same document: [`AnswerSet`] owns its strings (for editing, diff and
//! merge), [`AnswersDoc`] borrows them from the input bytes so that validation allocates
//! nothing per answer. Both serialize as `schemas/answers.schema.json`.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{parse_json, strip_bom, Document, Error};
use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};
use crate::limits::Limits;

mod scan;
#[cfg(test)]
mod scan_tests;

/// One answer: the PMH triple (項目マスタID, 連番, 回答結果).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Answer {
    /// Master ID of the item.
    pub id: String,
    /// Repeat sequence number (1 outside groups).
    pub seq: RepeatSeq,
    /// The answer value in canonical text.
    pub value: String,
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Answers are health data: Debug shows the key, never the value.
        f.debug_struct("Answer")
            .field("id", &shown_id(&self.id))
            .field("seq", &self.seq.0)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// An owned answer set (`*.answers.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerSet {
    /// The `id` of the definition these answers belong to. Never a PMH ID: the 予診票管理ID /
    /// 乳幼児健診管理ID a set is registered under travels beside it (see monshin-lifecycle).
    pub definition: String,
    /// Answer status (回答状況).
    pub status: AnswerStatus,
    /// Last updated page (最終更新ページ番号); absent only while unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_page: Option<PageNumber>,
    /// The answers, in any order.
    #[serde(default)]
    pub answers: Vec<Answer>,
}

impl AnswerSet {
    /// Parse an owned answer set, within `limits`.
    pub fn from_json(bytes: &[u8], limits: &Limits) -> Result<AnswerSet, Error> {
        let set: AnswerSet = parse_json(Document::Answers, bytes, limits.max_answers_bytes)?;
        check_count(set.answers.len(), limits)?;
        Ok(set)
    }

    /// Serialize as pretty JSON, answers sorted by (id, seq) for stable files.
    pub fn to_json_pretty(&self) -> String {
        let mut sorted = self.clone();
        sorted.answers.sort_unstable();
        serde_json::to_string_pretty(&sorted).unwrap_or_default()
    }

    /// The value of (id, seq), if answered.
    pub fn get(&self, id: &str, seq: RepeatSeq) -> Option<&str> {
        self.answers
            .iter()
            .find(|a| a.id == id && a.seq == seq)
            .map(|a| a.value.as_str())
    }
}

/// One answer borrowed from the input bytes.
#[derive(PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerRef<'a> {
    /// Master ID.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Repeat sequence number.
    pub seq: u32,
    /// Answer value text.
    #[serde(borrow)]
    pub value: Cow<'a, str>,
}

impl fmt::Debug for AnswerRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnswerRef")
            .field("id", &shown_id(&self.id))
            .field("seq", &self.seq)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// An answer set borrowed from the input bytes: what validation reads.
#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswersDoc<'a> {
    /// Definition ID.
    #[serde(borrow)]
    pub definition: Cow<'a, str>,
    /// Status.
    pub status: AnswerStatus,
    /// Last updated page.
    #[serde(default)]
    pub last_page: Option<u32>,
    /// Answers.
    #[serde(default, borrow)]
    pub answers: Vec<AnswerRef<'a>>,
}

impl<'a> AnswersDoc<'a> {
    /// Parse, borrowing strings from `bytes`, within `limits`.
    ///
    /// A plain answer set is read by a hand-written scanner of its fixed shape; anything it
    /// does not fully understand is read again by serde, so the result or error (code, JSON
    /// Pointer, line and column) is always the one serde gives.
    pub fn from_json(bytes: &'a [u8], limits: &Limits) -> Result<AnswersDoc<'a>, Error> {
        let doc = match AnswersDoc::scan(bytes, limits) {
            Some(doc) => doc,
            None => parse_json(Document::Answers, bytes, limits.max_answers_bytes)?,
        };
        check_count(doc.answers.len(), limits)?;
        Ok(doc)
    }

    /// The fast reader alone: `None` when the bytes are over the size limit, not UTF-8, or not
    /// a plain answer set of at most `max_answers` answers.
    fn scan(bytes: &'a [u8], limits: &Limits) -> Option<AnswersDoc<'a>> {
        if bytes.len() > limits.max_answers_bytes {
            return None;
        }
        let text = std::str::from_utf8(strip_bom(bytes)).ok()?;
        scan::read(text, limits.max_answers)
    }

    /// Borrow an owned answer set in the same shape.
    pub fn from_set(set: &'a AnswerSet) -> AnswersDoc<'a> {
        AnswersDoc {
            definition: Cow::Borrowed(&set.definition),
            status: set.status,
            last_page: set.last_page.map(|p| p.0),
            answers: set
                .answers
                .iter()
                .map(|a| AnswerRef {
                    id: Cow::Borrowed(&a.id),
                    seq: a.seq.0,
                    value: Cow::Borrowed(&a.value),
                })
                .collect(),
        }
    }
}

/// A master ID as Debug shows it: IDs that are not plain identifiers come from the input and
/// are hidden, as in findings.
fn shown_id(id: &str) -> &str {
    if crate::error::is_identifier(id) {
        id
    } else {
        "<key>"
    }
}

fn check_count(n: usize, limits: &Limits) -> Result<(), Error> {
    if n > limits.max_answers {
        return Err(Error::TooMany {
            doc: Document::Answers,
            what: "answer",
            count: n,
            limit: limits.max_answers,
        });
    }
    Ok(())
}
