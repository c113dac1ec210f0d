//! Contained ValueSets (`answerValueSet: "#id"`): their codes become a choice item's options.
//! Only contained ones are read: resolving a canonical URL needs a terminology server.

use std::collections::HashMap;

use serde_json::Value;

use super::map::OptionMap;
use crate::error::{FhirFinding, FhirSeverity};

/// Most codes read from one ValueSet.
const MAX_CODES: usize = 1_000;

/// The contained ValueSets by id, each as its options (compose.include.concept, else
/// expansion.contains).
pub(super) fn read_contained(contained: &[Value]) -> HashMap<String, Vec<OptionMap>> {
    let mut out = HashMap::new();
    for r in contained {
        if r.get("resourceType").and_then(Value::as_str) != Some("ValueSet") {
            continue;
        }
        let Some(id) = r.get("id").and_then(Value::as_str) else {
            continue;
        };
        let mut codes = Vec::new();
        let includes = r.pointer("/compose/include").and_then(Value::as_array);
        for inc in includes.into_iter().flatten() {
            let system = inc.get("system").and_then(Value::as_str);
            let concepts = inc.get("concept").and_then(Value::as_array);
            for c in concepts.into_iter().flatten() {
                push(&mut codes, system, c);
            }
        }
        if codes.is_empty() {
            let contains = r.pointer("/expansion/contains").and_then(Value::as_array);
            for c in contains.into_iter().flatten() {
                push(&mut codes, c.get("system").and_then(Value::as_str), c);
            }
        }
        out.insert(id.to_string(), codes);
    }
    out
}

fn push(codes: &mut Vec<OptionMap>, system: Option<&str>, c: &Value) {
    if codes.len() >= MAX_CODES {
        return;
    }
    if let Some(code) = c.get("code").and_then(Value::as_str) {
        codes.push(OptionMap {
            system: system.map(str::to_string),
            fhir_code: code.to_string(),
            display: c.get("display").and_then(Value::as_str).map(str::to_string),
            code: code.to_string(),
            exclusive: false,
        });
    }
}

/// The options of `answerValueSet`, or a finding when it is not a contained ValueSet.
pub(super) fn contained_codes(
    reference: &str,
    sets: &HashMap<String, Vec<OptionMap>>,
    path: &str,
    out: &mut Vec<FhirFinding>,
) -> Vec<OptionMap> {
    if let Some(codes) = reference.strip_prefix('#').and_then(|id| sets.get(id)) {
        return codes.clone();
    }
    out.push(FhirFinding::new(
        FhirSeverity::Error,
        "fhir.value-set-unresolved",
        "not-found",
        path,
        "only contained ValueSets (#id) are read; this one cannot be resolved offline",
    ));
    Vec::new()
}
