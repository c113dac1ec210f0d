//! Corpus cases of kind `inputs`: a table of answers as people type them, one row per case.
//!
//! Each row names an item of the case's form, the text typed, and either the canonical text
//! normalisation must make of it (`expect`, with the `rules` applied when given) or the
//! finding code validation must report for it (`expectCode`, the text left as typed). The row
//! is normalised and validated alone, in draft mode; only findings on its item count.

use monshin_core::{Answer, AnswerSet, AnswerStatus, CompiledForm, Finding, Options, RepeatSeq};
use serde::Deserialize;

/// One typed answer and what must become of it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InputRow {
    /// Master ID of the item answered (seq 1).
    pub item: String,
    /// The text as typed.
    pub typed: String,
    /// The canonical text expected after normalisation.
    #[serde(default)]
    pub expect: Option<String>,
    /// The rule codes normalisation reports, in order.
    #[serde(default)]
    pub rules: Option<Vec<String>>,
    /// The finding code expected instead (the text is then left as typed).
    #[serde(default)]
    pub expect_code: Option<String>,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct InputOutcome {
    /// The text after normalisation.
    pub value: String,
    /// The rules normalisation reported.
    pub rules: Vec<String>,
    /// Validation's findings on the row's item.
    pub findings: Vec<Finding>,
}

/// Normalise and validate each row alone.
pub fn run(form: &CompiledForm, rows: &[InputRow], options: &Options) -> Vec<InputOutcome> {
    rows.iter()
        .map(|row| {
            let mut set = AnswerSet {
                definition: form.definition_id().to_string(),
                status: AnswerStatus::Draft,
                last_page: Some(monshin_core::PageNumber(1)),
                answers: vec![Answer {
                    id: row.item.clone(),
                    seq: RepeatSeq(1),
                    value: row.typed.clone(),
                }],
            };
            let rules = form
                .normalize(&mut set)
                .into_iter()
                .flat_map(|n| n.rules)
                .map(|r| r.as_str().to_string())
                .collect();
            let value = set
                .answers
                .first()
                .map(|a| a.value.clone())
                .unwrap_or_default();
            let findings = serde_json::to_vec(&set)
                .ok()
                .and_then(|b| form.validate_json(&b, options).ok())
                .map(|r| r.into_findings())
                .unwrap_or_default()
                .into_iter()
                .filter(|f| f.location.master_id.as_deref() == Some(row.item.as_str()))
                .collect();
            InputOutcome {
                value,
                rules,
                findings,
            }
        })
        .collect()
}

/// Compare each row's outcome with its expectation; `Err` lists the rows that differ.
pub fn check(rows: &[InputRow], outcomes: &[InputOutcome]) -> Result<(), String> {
    let mut wrong = Vec::new();
    for (i, (row, got)) in rows.iter().zip(outcomes).enumerate() {
        let codes: Vec<&str> = got.findings.iter().map(|f| f.code.as_str()).collect();
        let ok = match (&row.expect, &row.expect_code) {
            (Some(e), None) => {
                *e == got.value
                    && codes.is_empty()
                    && row.rules.as_ref().is_none_or(|r| *r == got.rules)
            }
            (None, Some(c)) => got.value == row.typed && codes == [c.as_str()],
            // Rewritten into the right form, but the value is still wrong (out of range …).
            (Some(e), Some(c)) => *e == got.value && codes == [c.as_str()],
            _ => false,
        };
        if !ok {
            wrong.push(format!(
                "row {i} ({} {:?}): got {:?} {:?} {:?}, expected {:?} {:?} {:?}",
                row.item,
                row.typed,
                got.value,
                got.rules,
                codes,
                row.expect,
                row.rules,
                row.expect_code
            ));
        }
    }
    if wrong.is_empty() && rows.len() == outcomes.len() && !rows.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("\n   "))
    }
}
