//! Findings rendered as a FHIR R4 OperationOutcome.

use serde_json::{json, Value};

use crate::error::FhirFinding;

/// Code system of monshin's finding codes in `issue.details`.
pub const FINDING_CODE_SYSTEM: &str = "https://example.invalid/monshin/fhir/CodeSystem/finding";

/// An OperationOutcome with one issue per finding; with no finding, one `information` issue
/// saying so (as the HL7 validator does).
pub fn operation_outcome(findings: &[FhirFinding]) -> Value {
    let mut issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "severity": f.severity.as_str(),
                "code": f.issue_type,
                "details": { "coding": [ { "system": FINDING_CODE_SYSTEM, "code": f.code } ] },
                "diagnostics": f.message,
                "expression": [ f.expression ],
            })
        })
        .collect();
    if issues.is_empty() {
        issues.push(json!({
            "severity": "information",
            "code": "informational",
            "diagnostics": "no issues found",
        }));
    }
    json!({ "resourceType": "OperationOutcome", "issue": issues })
}
