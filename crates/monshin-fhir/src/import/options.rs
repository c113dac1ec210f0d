//! Answer options (`answerOption`, contained `answerValueSet`, option-exclusive) and
//! initial values.

use monshin_core::definition::model::{ConstraintDef, OptionDef};
use monshin_core::{ItemDef, ItemType, Severity};

use super::cond;
use super::item::que;
use super::map::{FormMap, OptionMap};
use super::not_mapped;
use crate::error::{FhirFinding, FhirSeverity};
use crate::ext;
use crate::model::QItem;
use crate::values;

pub(super) fn options(
    it: &QItem,
    idx: usize,
    path: &str,
    map: &mut FormMap,
    def: &mut ItemDef,
    out: &mut Vec<FhirFinding>,
) {
    let is_choice = def.item_type.has_options();
    if !is_choice {
        if !it.answer_option.is_empty() || it.answer_value_set.is_some() {
            out.push(que(
                "que-5",
                path,
                "only choice and open-choice items may have answerOption or answerValueSet",
            ));
        }
        return;
    }
    let mut mapped: Vec<OptionMap> = Vec::new();
    if !it.answer_option.is_empty() && it.answer_value_set.is_some() {
        out.push(que(
            "que-4",
            path,
            "an item cannot have both answerOption and answerValueSet",
        ));
    }
    for (o, opt) in it.answer_option.iter().enumerate() {
        let opath = format!("{path}.answerOption[{o}]");
        let Some((text, coding)) = values::option_text(&opt.value) else {
            out.push(not_mapped(&opath, FhirSeverity::Error));
            continue;
        };
        let exclusive = opt
            .extension
            .iter()
            .any(|e| e.url == ext::OPTION_EXCLUSIVE && e.value.value_boolean == Some(true));
        mapped.push(OptionMap {
            system: coding.and_then(|c| c.system.clone()),
            fhir_code: text.clone(),
            display: coding.and_then(|c| c.display.clone()),
            code: text,
            exclusive,
        });
        if opt.initial_selected == Some(true) {
            let code = mapped.last().map(|m| m.code.clone()).unwrap_or_default();
            def.initial = Some(match def.initial.take() {
                Some(prev) => format!("{prev},{code}"),
                None => code,
            });
        }
    }
    if let Some(vs) = &it.answer_value_set {
        mapped.extend(super::valueset::contained_codes(
            vs,
            &map.value_sets,
            &format!("{path}.answerValueSet"),
            out,
        ));
    }
    for m in &mapped {
        if mapped.iter().filter(|n| n.code == m.code).count() > 1 && m.system.is_some() {
            out.push(FhirFinding::new(
                FhirSeverity::Error,
                "fhir.option-code-ambiguous",
                "not-supported",
                path,
                "two options share a code in different systems; monshin option codes are plain codes",
            ));
            break;
        }
    }
    def.options = mapped
        .iter()
        .map(|m| OptionDef {
            code: m.code.clone(),
            label: m.display.clone().unwrap_or_else(|| m.fhir_code.clone()),
        })
        .collect();
    let exclusive: Vec<&OptionMap> = mapped.iter().filter(|m| m.exclusive).collect();
    if !exclusive.is_empty() && def.item_type == ItemType::MultiChoice {
        for m in exclusive {
            let others: Vec<String> = mapped
                .iter()
                .filter(|n| n.code != m.code)
                .map(|n| format!("contains(${}, {})", def.id, cond::quote(&n.code)))
                .collect();
            if others.is_empty() {
                continue;
            }
            def.constraints.push(ConstraintDef {
                code: format!("{}{}", cond::EXCLUSIVE_PREFIX, m.code),
                expr: format!(
                    "not contains(${}, {}) or not ({})",
                    def.id,
                    cond::quote(&m.code),
                    others.join(" or ")
                ),
                kind: None,
                message: Some(
                    "an exclusive option cannot be selected with other options".to_string(),
                ),
                severity: Severity::Error,
            });
        }
    }
    if let Some(node) = map.nodes.get_mut(idx) {
        node.options = mapped;
    }
}

pub(super) fn initial(it: &QItem, path: &str, def: &mut ItemDef, out: &mut Vec<FhirFinding>) {
    if it.initial.is_empty() {
        return;
    }
    if !it.answer_option.is_empty() {
        out.push(que(
            "que-11",
            &format!("{path}.initial"),
            "an item with answerOption cannot have initial values (use initialSelected)",
        ));
        return;
    }
    if it.initial.len() > 1 && it.repeats != Some(true) {
        out.push(que(
            "que-13",
            &format!("{path}.initial"),
            "only a repeating item may have several initial values",
        ));
    }
    let texts: Vec<String> = it
        .initial
        .iter()
        .filter_map(|i| {
            values::option_text(&i.value)
                .filter(|_| def.item_type.has_options())
                .map(|(t, _)| t)
                .or_else(|| values::canonical_text(&i.value))
        })
        .collect();
    if texts.len() != it.initial.len() {
        out.push(not_mapped(&format!("{path}.initial"), FhirSeverity::Error));
    }
    if !texts.is_empty() {
        def.initial = Some(texts.join(","));
    }
}
