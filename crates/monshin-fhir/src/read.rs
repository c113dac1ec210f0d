//! Reading Questionnaire and QuestionnaireResponse documents (JSON or XML) within limits.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::FhirError;
use crate::model::{QItem, Questionnaire, QuestionnaireResponse, RItem};
use crate::xml;

/// Bounds on FHIR documents read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirLimits {
    /// Largest document, in bytes.
    pub max_bytes: usize,
    /// Most items (questionnaire) or items plus answers (response).
    pub max_items: usize,
    /// Deepest item nesting.
    pub max_depth: usize,
}

impl Default for FhirLimits {
    fn default() -> Self {
        FhirLimits {
            max_bytes: 4 << 20,
            max_items: 10_000,
            max_depth: 16,
        }
    }
}

/// Read a Questionnaire from JSON or XML bytes.
pub fn read_questionnaire(bytes: &[u8], limits: &FhirLimits) -> Result<Questionnaire, FhirError> {
    let q: Questionnaire = read(bytes, limits, "Questionnaire")?;
    let mut count = 0;
    check_q_items(&q.item, 1, "Questionnaire", &mut count, limits)?;
    Ok(q)
}

/// Read a QuestionnaireResponse from JSON or XML bytes.
pub fn read_response(
    bytes: &[u8],
    limits: &FhirLimits,
) -> Result<QuestionnaireResponse, FhirError> {
    let r: QuestionnaireResponse = read(bytes, limits, "QuestionnaireResponse")?;
    let mut count = 0;
    check_r_items(&r.item, 1, "QuestionnaireResponse", &mut count, limits)?;
    Ok(r)
}

fn read<T: DeserializeOwned>(
    bytes: &[u8],
    limits: &FhirLimits,
    resource: &'static str,
) -> Result<T, FhirError> {
    if bytes.len() > limits.max_bytes {
        return Err(FhirError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| FhirError::Malformed {
        resource,
        location: "(encoding)".to_string(),
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = if text.trim_start().starts_with('<') {
        xml::to_json(text, resource)?
    } else {
        serde_json::from_str(text).map_err(|e| FhirError::Malformed {
            resource,
            location: format!("line {} column {}", e.line(), e.column()),
        })?
    };
    if value.get("resourceType").and_then(Value::as_str) != Some(resource) {
        return Err(FhirError::WrongResource { expected: resource });
    }
    // serde's messages can quote values; only the category is kept.
    serde_json::from_value(value).map_err(|_| FhirError::Malformed {
        resource,
        location: "(element types)".to_string(),
    })
}

fn check_q_items(
    items: &[QItem],
    depth: usize,
    path: &str,
    count: &mut usize,
    limits: &FhirLimits,
) -> Result<(), FhirError> {
    for (i, item) in items.iter().enumerate() {
        let here = format!("{path}.item[{i}]");
        bound(depth, count, &here, limits)?;
        check_q_items(&item.item, depth + 1, &here, count, limits)?;
    }
    Ok(())
}

fn check_r_items(
    items: &[RItem],
    depth: usize,
    path: &str,
    count: &mut usize,
    limits: &FhirLimits,
) -> Result<(), FhirError> {
    for (i, item) in items.iter().enumerate() {
        let here = format!("{path}.item[{i}]");
        bound(depth, count, &here, limits)?;
        *count += item.answer.len();
        check_r_items(&item.item, depth + 1, &here, count, limits)?;
        for (a, answer) in item.answer.iter().enumerate() {
            check_r_items(
                &answer.item,
                depth + 1,
                &format!("{here}.answer[{a}]"),
                count,
                limits,
            )?;
        }
    }
    Ok(())
}

fn bound(
    depth: usize,
    count: &mut usize,
    here: &str,
    limits: &FhirLimits,
) -> Result<(), FhirError> {
    *count += 1;
    if depth > limits.max_depth {
        return Err(FhirError::Limit {
            what: "item nesting depth",
            limit: limits.max_depth,
            location: here.to_string(),
        });
    }
    if *count > limits.max_items {
        return Err(FhirError::Limit {
            what: "item count",
            limit: limits.max_items,
            location: here.to_string(),
        });
    }
    Ok(())
}
