//! Errors (a document that cannot be read) and findings (problems with readable content),
//! each with a stable `fhir.*` code and a FHIRPath-like location.
//!
//! Messages say where, never what: no answer value, linkId of an unknown item or text from the
//! input reaches a message, `Debug` or `Display`.

use serde::Serialize;

/// A FHIR document that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FhirError {
    /// Larger than the byte limit.
    #[error("fhir.too-large: the document exceeds {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Not well-formed JSON or XML, or the wrong shape for the resource.
    #[error("fhir.malformed: the document is not a readable {resource} at {location}")]
    Malformed {
        /// The resource expected.
        resource: &'static str,
        /// Where reading stopped (line:column, or an element path).
        location: String,
    },
    /// Another resource type than the one expected.
    #[error("fhir.wrong-resource: expected a {expected}")]
    WrongResource {
        /// The resource expected.
        expected: &'static str,
    },
    /// Nested deeper, or more elements, than the limits allow.
    #[error("fhir.limit: {what} exceeds {limit} at {location}")]
    Limit {
        /// Which bound.
        what: &'static str,
        /// Its value.
        limit: usize,
        /// Where.
        location: String,
    },
    /// The questionnaire has errors that keep it from compiling into a form.
    #[error("fhir.questionnaire-invalid: the questionnaire has {count} error finding(s)")]
    QuestionnaireInvalid {
        /// Number of error findings.
        count: usize,
        /// The findings.
        findings: Vec<FhirFinding>,
    },
}

impl FhirError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            FhirError::TooLarge { .. } => "fhir.too-large",
            FhirError::Malformed { .. } => "fhir.malformed",
            FhirError::WrongResource { .. } => "fhir.wrong-resource",
            FhirError::Limit { .. } => "fhir.limit",
            FhirError::QuestionnaireInvalid { .. } => "fhir.questionnaire-invalid",
        }
    }
}

/// How serious a finding is (OperationOutcome's `severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FhirSeverity {
    /// Blocks: the questionnaire cannot be used, or the response is invalid.
    Error,
    /// Worth attention; does not block.
    Warning,
    /// A note on how something was mapped.
    Information,
}

impl FhirSeverity {
    /// As OperationOutcome spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            FhirSeverity::Error => "error",
            FhirSeverity::Warning => "warning",
            FhirSeverity::Information => "information",
        }
    }
}

/// One finding about a Questionnaire or a QuestionnaireResponse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FhirFinding {
    /// Stable code: `fhir.*` for FHIR-level rules, or monshin-core's finding code for rules
    /// checked by the engine (`answers.required-missing`, `answers.out-of-range`, …).
    pub code: String,
    /// Severity.
    pub severity: FhirSeverity,
    /// OperationOutcome `issue.code` (`required`, `invariant`, `structure`, …).
    pub issue_type: &'static str,
    /// FHIRPath-like location, e.g. `QuestionnaireResponse.item[2].item[1]`.
    pub expression: String,
    /// Message built from the questionnaire's structure, never from answer values.
    pub message: String,
}

impl FhirFinding {
    /// A finding.
    pub fn new(
        severity: FhirSeverity,
        code: &str,
        issue_type: &'static str,
        expression: impl Into<String>,
        message: impl Into<String>,
    ) -> FhirFinding {
        FhirFinding {
            code: code.to_string(),
            severity,
            issue_type,
            expression: expression.into(),
            message: message.into(),
        }
    }

    /// Whether it blocks.
    pub fn is_error(&self) -> bool {
        self.severity == FhirSeverity::Error
    }
}

impl std::fmt::Display for FhirFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity.as_str(),
            self.code,
            self.expression,
            self.message
        )
    }
}
