//! Questionnaire-level rules the HL7 validator checks: linkIds unique and present, where
//! `enableWhen` may point (not at an unknown item, not at the item itself or an item inside
//! it; a later item only with a warning), and the R4 invariants que-1, que-6, que-8, que-9 and
//! que-12. Rules on single elements (que-4, que-5, que-10, que-11, que-13) are checked where
//! the import reads those elements.

use std::collections::HashSet;

use crate::error::{FhirFinding, FhirSeverity};
use crate::import::map::FormMap;
use crate::model::{QItem, Questionnaire};

/// Lint the questionnaire; `map` holds the nodes in document order.
pub(crate) fn lint(q: &Questionnaire, map: &FormMap, out: &mut Vec<FhirFinding>) {
    let mut seen = HashSet::new();
    let mut idx = 0usize;
    for it in &q.item {
        walk(it, map, &mut idx, &mut seen, out);
    }
}

fn err(code: &str, issue: &'static str, path: &str, msg: &str) -> FhirFinding {
    FhirFinding::new(FhirSeverity::Error, code, issue, path, msg)
}

fn walk(
    it: &QItem,
    map: &FormMap,
    idx: &mut usize,
    seen: &mut HashSet<String>,
    out: &mut Vec<FhirFinding>,
) {
    let me = *idx;
    *idx += 1;
    let Some(node) = map.nodes.get(me) else {
        return;
    };
    let path = node.path.as_str();
    if it.link_id.is_empty() {
        out.push(err(
            "fhir.link-id-missing",
            "required",
            path,
            "an item has no linkId",
        ));
    } else if !seen.insert(it.link_id.clone()) {
        out.push(err(
            "fhir.que-2",
            "invariant",
            path,
            "que-2: linkIds must be unique in the questionnaire",
        ));
    }
    match it.item_type.as_str() {
        "group" if it.item.is_empty() => {
            out.push(err(
                "fhir.que-1",
                "invariant",
                path,
                "que-1: a group must have nested items",
            ));
        }
        "display" => {
            if !it.item.is_empty() {
                out.push(err(
                    "fhir.que-1",
                    "invariant",
                    path,
                    "que-1: a display item cannot have nested items",
                ));
            }
            if it.required.is_some() || it.repeats.is_some() {
                out.push(err(
                    "fhir.que-6",
                    "invariant",
                    path,
                    "que-6: required and repeats are not allowed on display items",
                ));
            }
            if it.read_only.is_some() {
                out.push(err(
                    "fhir.que-9",
                    "invariant",
                    path,
                    "que-9: readOnly is not allowed on display items",
                ));
            }
        }
        _ => {}
    }
    if matches!(it.item_type.as_str(), "group" | "display") && !it.initial.is_empty() {
        out.push(err(
            "fhir.que-8",
            "invariant",
            path,
            "que-8: initial values are not allowed on groups and display items",
        ));
    }
    if it.enable_when.len() > 1 && it.enable_behavior.is_none() {
        out.push(err(
            "fhir.que-12",
            "invariant",
            path,
            "que-12: enableBehavior is required when there are several enableWhen",
        ));
    }
    let last_descendant = me + count(it);
    for (i, ew) in it.enable_when.iter().enumerate() {
        let Some(&target) = map.by_link.get(&ew.question) else {
            out.push(err(
                "fhir.enable-when-unknown",
                "business-rule",
                &format!("{path}.enableWhen[{i}].question"),
                "enableWhen refers to a linkId that is not in the questionnaire",
            ));
            continue;
        };
        if target >= me && target < last_descendant {
            out.push(err(
                "fhir.enable-when-inner",
                "business-rule",
                path,
                "enableWhen cannot refer to the item itself or to an item inside it",
            ));
        } else if target > me {
            out.push(FhirFinding::new(
                FhirSeverity::Warning,
                "fhir.enable-when-forward",
                "business-rule",
                path,
                "the target of this enableWhen comes after the item itself",
            ));
        }
    }
    for child in &it.item {
        walk(child, map, idx, seen, out);
    }
}

/// The item and everything inside it, as a node count.
fn count(it: &QItem) -> usize {
    1 + it.item.iter().map(count).sum::<usize>()
}
