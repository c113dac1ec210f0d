//! [`ValidationReport`]: the JSON of a validation, the same for `monshin validate --format
//! json`, `monshin lint --format json` and `POST /v1/forms/{id}/validate`.

use monshin_core::Finding;
use schemars::JsonSchema;
use serde::Serialize;

/// `{"valid": bool, "errors": n, "warnings": n, "findings": [Finding…]}`; each finding has
/// `code`, `severity`, `location` (`page`, `masterId`, `seq`, `answerIndex`, `field`, `span`
/// `{offset,length}`), `message` and an optional `detailCode`. Fields may be added later;
/// none is removed or renamed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ValidationReport<'a> {
    /// No finding of severity error.
    pub valid: bool,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Every finding, in the engine's order.
    pub findings: &'a [Finding],
}

impl<'a> ValidationReport<'a> {
    /// The report of `findings`.
    pub fn of(findings: &'a [Finding]) -> ValidationReport<'a> {
        let errors = findings.iter().filter(|f| f.is_error()).count();
        ValidationReport {
            valid: errors == 0,
            errors,
            warnings: findings.len() - errors,
            findings,
        }
    }
}
