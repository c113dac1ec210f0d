//! FHIR `enableWhen` → monshin condition expressions.
//!
//! Semantics decided here (see `tests/README.md`): `!=` is true when the question is
//! unanswered and, for several answers, when no answer equals the value (FHIR R4's text);
//! a condition on an item of a repeating group read from outside that group is true when any
//! repetition satisfies it; `enableBehavior` `all` is `and`, `any` is `or`.

use super::map::{FormMap, NodeKind};
use crate::error::{FhirFinding, FhirSeverity};
use crate::ext;
use crate::model::{EnableWhen, QItem};
use crate::values;
use monshin_core::ItemType;

/// Prefix of the constraint code that carries `questionnaire-optionExclusive`.
pub(crate) const EXCLUSIVE_PREFIX: &str = "fhir-option-exclusive-";

/// A string literal of the expression language.
pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The item's own condition: monshin's expression extension, else its `enableWhen`s.
pub(super) fn own_condition(
    it: &QItem,
    idx: usize,
    map: &FormMap,
    out: &mut Vec<FhirFinding>,
) -> Option<String> {
    if let Some(e) = it
        .extension
        .iter()
        .find(|e| e.url == ext::ENABLE_WHEN_EXPR)
        .and_then(|e| e.value.value_string.clone())
    {
        return Some(e);
    }
    if it.enable_when.is_empty() {
        return None;
    }
    let node = map.nodes.get(idx)?;
    // A group's (or a repeating question's) condition is read outside its repetitions.
    let context = if node.kind == NodeKind::RepeatGroup || node.wrapper_group.is_some() {
        node.parent
            .and_then(|p| map.nodes.get(p))
            .and_then(|p| p.repeat_group.clone())
    } else {
        node.repeat_group.clone()
    };
    let mut parts = Vec::new();
    for (i, ew) in it.enable_when.iter().enumerate() {
        let path = format!("{}.enableWhen[{i}]", node.path);
        parts.push(translate(ew, &path, context.as_deref(), map, out)?);
    }
    let joiner = match it.enable_behavior.as_deref() {
        Some("any") => " or ",
        _ => " and ",
    };
    if parts.len() == 1 {
        return parts.pop();
    }
    Some(
        parts
            .iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(joiner),
    )
}

fn unmapped(path: &str, why: &str) -> FhirFinding {
    FhirFinding::new(
        FhirSeverity::Error,
        "fhir.condition-not-mapped",
        "not-supported",
        path,
        format!("this enableWhen cannot be mapped ({why}); the item's condition is not imported"),
    )
}

fn translate(
    ew: &EnableWhen,
    path: &str,
    context: Option<&str>,
    map: &FormMap,
    out: &mut Vec<FhirFinding>,
) -> Option<String> {
    // An unknown target is reported by the lint.
    let target = map.node(&ew.question)?;
    let Some(id) = target
        .master_id
        .as_deref()
        .filter(|_| target.kind == NodeKind::Question)
    else {
        out.push(unmapped(path, "the target is not a question"));
        return None;
    };
    let t = format!("${id}");
    let item_type = target.item_type.unwrap_or(ItemType::Text);
    let outside = target.repeat_group.is_some() && target.repeat_group.as_deref() != context;
    if ew.operator == "exists" {
        let Some(b) = ew.answer_boolean else {
            out.push(unmapped(path, "exists needs answerBoolean"));
            return None;
        };
        return Some(match (outside, b) {
            (true, true) => format!("count({t}) > 0"),
            (true, false) => format!("count({t}) = 0"),
            (false, true) => format!("answered({t})"),
            (false, false) => format!("not answered({t})"),
        });
    }
    let lit = literal(ew, path, out)?;
    let multi = item_type == ItemType::MultiChoice;
    let compare = |op: &str| {
        if multi {
            format!("contains({t}, {lit})")
        } else {
            format!("{t} {op} {lit}")
        }
    };
    Some(match ew.operator.as_str() {
        "=" if outside => format!("any({})", compare("=")),
        "=" => compare("="),
        "!=" if outside => format!("not any({})", compare("=")),
        "!=" => format!("not answered({t}) or not ({})", compare("=")),
        op @ (">" | "<" | ">=" | "<=") if !multi => {
            if outside {
                format!("any({})", compare(op))
            } else {
                compare(op)
            }
        }
        _ => {
            out.push(unmapped(path, "operator not applicable to this item"));
            return None;
        }
    })
}

fn literal(ew: &EnableWhen, path: &str, out: &mut Vec<FhirFinding>) -> Option<String> {
    if let Some(b) = ew.answer_boolean {
        return Some(b.to_string());
    }
    if let Some(n) = ew.answer_integer {
        return Some(n.to_string());
    }
    if let Some(d) = ew.answer_decimal {
        return Some(values::decimal_text(d));
    }
    if let Some(q) = &ew.answer_quantity {
        return q.value.map(values::decimal_text);
    }
    if let Some(d) = &ew.answer_date {
        if d.len() == 10 {
            return Some(format!("@{d}"));
        }
        out.push(unmapped(path, "a partial date"));
        return None;
    }
    if let Some(c) = &ew.answer_coding {
        return c.code.as_deref().map(quote);
    }
    let text = ew
        .answer_string
        .as_deref()
        .or(ew.answer_date_time.as_deref())
        .or(ew.answer_time.as_deref());
    if let Some(s) = text {
        return Some(quote(s));
    }
    out.push(unmapped(path, "no supported answer[x]"));
    None
}
