//! The extensions a question carries: bounds, lengths, regex, decimal places, unit,
//! occurrences, and monshin's own expressions and constraints.

use monshin_core::definition::model::{Bound, ConstraintDef, ConstraintKind};
use monshin_core::{ItemDef, ItemType, Severity};

use crate::error::{FhirFinding, FhirSeverity};
use crate::ext;
use crate::model::{Extension, QItem, TypedValue};
use crate::values;

pub(super) fn read_occurs(
    it: &QItem,
    path: &str,
    min: &mut Option<u32>,
    max: &mut Option<u32>,
    out: &mut Vec<FhirFinding>,
) {
    for (e, x) in it.extension.iter().enumerate() {
        let slot = match x.url.as_str() {
            ext::MIN_OCCURS => &mut *min,
            ext::MAX_OCCURS => &mut *max,
            _ => continue,
        };
        match x.value.value_integer.and_then(|n| u32::try_from(n).ok()) {
            Some(n) => *slot = Some(n),
            None => out.push(bad_extension(&format!("{path}.extension[{e}]"))),
        }
    }
}

fn bad_extension(path: &str) -> FhirFinding {
    FhirFinding::new(
        FhirSeverity::Error,
        "fhir.bad-extension-value",
        "value",
        path,
        "the extension's value has the wrong type or is out of range",
    )
}

fn bound(v: &TypedValue, item_type: ItemType, is_max: bool) -> Option<Bound> {
    if let Some(n) = v.value_integer {
        #[allow(clippy::cast_precision_loss)]
        return Some(Bound::Number(n as f64));
    }
    if let Some(n) = v.value_decimal {
        return Some(Bound::Number(n));
    }
    if let Some(q) = &v.value_quantity {
        return q.value.map(Bound::Number);
    }
    let text = v.value_date.as_deref().or(v.value_date_time.as_deref())?;
    Some(Bound::Text(match item_type {
        ItemType::YearMonth => text.chars().take(7).collect(),
        _ => values::full_date_bound(text, is_max),
    }))
}

pub(super) fn read_extension(
    x: &Extension,
    it_repeats: Option<bool>,
    path: &str,
    def: &mut ItemDef,
    out: &mut Vec<FhirFinding>,
) {
    let int = || x.value.value_integer.and_then(|n| u32::try_from(n).ok());
    let string = || x.value.value_string.clone();
    let ok = match x.url.as_str() {
        ext::MIN_VALUE | ext::MIN_QUANTITY => {
            def.min = bound(&x.value, def.item_type, false);
            partial_date_note(x, def, path, "first", out);
            def.min.is_some()
        }
        ext::MAX_VALUE | ext::MAX_QUANTITY => {
            def.max = bound(&x.value, def.item_type, true);
            partial_date_note(x, def, path, "last", out);
            def.max.is_some()
        }
        ext::MIN_LENGTH => {
            def.min_length = int();
            def.min_length.is_some()
        }
        ext::REGEX => {
            def.pattern = string();
            def.pattern.is_some()
        }
        ext::MAX_DECIMAL_PLACES => {
            def.precision = int().and_then(|n| u8::try_from(n).ok());
            def.precision.is_some()
        }
        ext::UNIT => {
            def.unit = x
                .value
                .value_coding
                .as_ref()
                .and_then(|c| c.display.clone().or_else(|| c.code.clone()));
            def.unit.is_some()
        }
        ext::ALLOW_UNKNOWN => {
            def.allow_unknown = x.value.value_boolean == Some(true);
            x.value.value_boolean.is_some()
        }
        ext::MIN_OCCURS | ext::MAX_OCCURS if def.item_type == ItemType::MultiChoice => {
            let n = int();
            if x.url == ext::MIN_OCCURS {
                def.min_selected = n;
            } else {
                def.max_selected = n;
            }
            n.is_some()
        }
        // minOccurs on a question that does not repeat: at least one answer is required.
        ext::MIN_OCCURS if it_repeats == Some(false) => {
            let n = int();
            if n.is_some_and(|n| n >= 1) {
                def.required = true;
            }
            if n.is_some_and(|n| n > 1) {
                out.push(FhirFinding::new(
                    FhirSeverity::Warning,
                    "fhir.min-occurs-unsatisfiable",
                    "business-rule",
                    path,
                    "minOccurs above 1 on an item that does not repeat can never be met; read as required",
                ));
            }
            n.is_some()
        }
        // Read by the synthetic group of a repeating question.
        ext::MIN_OCCURS
        | ext::MAX_OCCURS
        | ext::ITEM_TYPE
        | ext::ENTRY_FORMAT
        | ext::ITEM_CONTROL => true,
        // Read by `cond::own_condition`, like FHIR enableWhen.
        ext::ENABLE_WHEN_EXPR => string().is_some(),
        ext::REQUIRED_WHEN_EXPR => {
            def.required_when = string();
            def.required_when.is_some()
        }
        ext::CALCULATE_EXPR => {
            def.calculate = string();
            def.calculate.is_some()
        }
        ext::CONSTRAINT => match constraint(x) {
            Some(c) => {
                def.constraints.push(c);
                true
            }
            None => false,
        },
        _ => {
            out.push(FhirFinding::new(
                FhirSeverity::Warning,
                "fhir.unsupported-extension",
                "not-supported",
                path,
                "this extension is not understood by monshin and is not carried into the definition",
            ));
            true
        }
    };
    if !ok {
        out.push(bad_extension(path));
    }
}

/// The `valueString` of sub-extension `name` of `x`.
pub(super) fn sub_string(x: &Extension, name: &str) -> Option<String> {
    x.extension
        .iter()
        .find(|e| e.url == name)
        .and_then(|e| e.value.value_string.clone())
}

/// An information finding when a date item's bound is a partial date, widened to its `edge`
/// (first or last) day.
fn partial_date_note(
    x: &Extension,
    def: &ItemDef,
    path: &str,
    edge: &str,
    out: &mut Vec<FhirFinding>,
) {
    let partial = x
        .value
        .value_date
        .as_deref()
        .is_some_and(values::is_partial_date);
    if partial && def.item_type == ItemType::Date {
        out.push(FhirFinding::new(
            FhirSeverity::Information,
            "fhir.partial-date-bound",
            "informational",
            path,
            format!("a partial date bound is widened to the {edge} day it covers"),
        ));
    }
}

fn constraint(x: &Extension) -> Option<ConstraintDef> {
    let sub = |name: &str| sub_string(x, name);
    let severity = match sub("severity").as_deref() {
        Some("warning") => Severity::Warning,
        Some("error") | None => Severity::Error,
        Some(_) => return None,
    };
    let kind = match sub("kind").as_deref() {
        None => None,
        Some("fever") => Some(ConstraintKind::Fever),
        Some("age-outside-period") => Some(ConstraintKind::AgeOutsidePeriod),
        Some("interval-too-short") => Some(ConstraintKind::IntervalTooShort),
        Some(_) => return None,
    };
    Some(ConstraintDef {
        code: sub("code")?,
        expr: sub("expr")?,
        message: sub("message"),
        severity,
        kind,
    })
}
