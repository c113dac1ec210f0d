//! monshin definition → FHIR R4 Questionnaire.
//!
//! Pages become top-level groups (marked with monshin's page extension), monshin groups
//! repeating groups, choices `answerOption` Codings. What R4 cannot say — monshin expressions
//! (`enableWhen`, `requiredWhen`, `calculate`, constraints), the consent and year-month types —
//! travels in monshin's extensions ([`crate::ext`]); the import reads them back, so every
//! definition round-trips to the same definition.

use monshin_core::definition::model::{
    Bound, ConstraintDef, ConstraintKind, FilledBy, PublicSource, Severity,
};
use monshin_core::{Definition, FormKind, ItemDef, ItemType};

use crate::ext;
use crate::model::{
    AnswerOption, CodeableConcept, Coding, Extension, Identifier, Initial, QItem, Questionnaire,
    TypedValue,
};
use crate::values;

/// Export a definition as a Questionnaire.
pub fn export(def: &Definition) -> Questionnaire {
    let kind = match def.form_kind {
        FormKind::Vaccination => "vaccination",
        FormKind::ChildCheckup => "child-checkup",
    };
    let mut extension = vec![string_ext(ext::FORM_KIND, kind)];
    extension.extend(def.based_on.iter().map(based_on_ext));
    Questionnaire {
        resource_type: "Questionnaire".to_string(),
        extension,
        identifier: vec![Identifier {
            system: Some(ext::FORM_ID_SYSTEM.to_string()),
            value: Some(def.id.clone()),
        }],
        version: Some(def.version.clone()),
        title: Some(def.title.clone()),
        status: Some("active".to_string()),
        item: def
            .pages
            .iter()
            .map(|p| QItem {
                extension: std::iter::once(int_ext(ext::PAGE, i64::from(p.number)))
                    .chain(
                        (p.filled_by == FilledBy::Clinic)
                            .then(|| string_ext(ext::FILLED_BY, "clinic")),
                    )
                    .collect(),
                link_id: format!("page-{}", p.number),
                item_type: "group".to_string(),
                text: Some(p.label.clone()),
                item: p.items.iter().map(item).collect(),
                ..QItem::default()
            })
            .collect(),
        ..Questionnaire::default()
    }
}

fn based_on_ext(s: &PublicSource) -> Extension {
    let mut parts = vec![
        string_ext("title", &s.title),
        string_ext("publisher", &s.publisher),
    ];
    if let Some(u) = &s.url {
        parts.push(string_ext("url", u));
    }
    Extension {
        url: ext::BASED_ON.to_string(),
        extension: parts,
        ..Extension::default()
    }
}

fn string_ext(url: &str, v: &str) -> Extension {
    Extension {
        url: url.to_string(),
        value: TypedValue {
            value_string: Some(v.to_string()),
            ..TypedValue::default()
        },
        ..Extension::default()
    }
}

fn int_ext(url: &str, n: i64) -> Extension {
    Extension {
        url: url.to_string(),
        value: TypedValue {
            value_integer: Some(n),
            ..TypedValue::default()
        },
        ..Extension::default()
    }
}

fn fhir_type(t: ItemType) -> &'static str {
    match t {
        ItemType::YesNo | ItemType::Consent => "boolean",
        ItemType::SingleChoice | ItemType::MultiChoice => "choice",
        ItemType::Integer => "integer",
        ItemType::Decimal => "decimal",
        ItemType::Date | ItemType::YearMonth => "date",
        // HH:MM and katakana readings are strings in FHIR; the extension keeps the type.
        ItemType::Text | ItemType::Time | ItemType::Kana => "string",
        ItemType::LongText => "text",
        ItemType::Note => "display",
        ItemType::Group => "group",
    }
}

fn item(d: &ItemDef) -> QItem {
    let mut q = QItem {
        link_id: d.id.clone(),
        item_type: fhir_type(d.item_type).to_string(),
        text: Some(d.text.clone()),
        ..QItem::default()
    };
    let x = &mut q.extension;
    match d.item_type {
        ItemType::Consent => x.push(string_ext(ext::ITEM_TYPE, "consent")),
        ItemType::YearMonth => x.push(string_ext(ext::ITEM_TYPE, "year-month")),
        ItemType::Time => x.push(string_ext(ext::ITEM_TYPE, "time")),
        ItemType::Kana => x.push(string_ext(ext::ITEM_TYPE, "kana")),
        _ => {}
    }
    if let Some(e) = &d.enable_when {
        x.push(string_ext(ext::ENABLE_WHEN_EXPR, e));
    }
    if let Some(e) = &d.required_when {
        x.push(string_ext(ext::REQUIRED_WHEN_EXPR, e));
    }
    if let Some(e) = &d.calculate {
        x.push(string_ext(ext::CALCULATE_EXPR, e));
        q.read_only = Some(true);
    }
    if let Some(b) = &d.min {
        x.push(bound_ext(ext::MIN_VALUE, b, d.item_type));
    }
    if let Some(b) = &d.max {
        x.push(bound_ext(ext::MAX_VALUE, b, d.item_type));
    }
    if let Some(n) = d.min_length {
        x.push(int_ext(ext::MIN_LENGTH, i64::from(n)));
    }
    if let Some(p) = &d.pattern {
        x.push(string_ext(ext::REGEX, p));
    }
    if let Some(n) = d.precision {
        x.push(int_ext(ext::MAX_DECIMAL_PLACES, i64::from(n)));
    }
    if let Some(u) = &d.unit {
        x.push(Extension {
            url: ext::UNIT.to_string(),
            value: TypedValue {
                value_coding: Some(Coding {
                    display: Some(u.clone()),
                    ..Coding::default()
                }),
                ..TypedValue::default()
            },
            ..Extension::default()
        });
    }
    if d.allow_unknown {
        x.push(Extension {
            url: ext::ALLOW_UNKNOWN.to_string(),
            value: TypedValue {
                value_boolean: Some(true),
                ..TypedValue::default()
            },
            ..Extension::default()
        });
    }
    let (min_occurs, max_occurs) = match d.item_type {
        ItemType::Group => (d.min_repeat, d.max_repeat),
        _ => (d.min_selected, d.max_selected),
    };
    if let Some(n) = min_occurs {
        x.push(int_ext(ext::MIN_OCCURS, i64::from(n)));
    }
    if let Some(n) = max_occurs {
        x.push(int_ext(ext::MAX_OCCURS, i64::from(n)));
    }
    x.extend(d.constraints.iter().map(constraint_ext));
    if d.required {
        q.required = Some(true);
    }
    if matches!(d.item_type, ItemType::Group | ItemType::MultiChoice) {
        q.repeats = Some(true);
    }
    q.max_length = d.max_length.map(i64::from);
    let selected: Vec<&str> = d
        .initial
        .as_deref()
        .map(|i| i.split(',').collect())
        .unwrap_or_default();
    q.answer_option = d
        .options
        .iter()
        .map(|o| AnswerOption {
            value: TypedValue {
                value_coding: Some(Coding {
                    code: Some(o.code.clone()),
                    display: Some(o.label.clone()),
                    ..Coding::default()
                }),
                ..TypedValue::default()
            },
            initial_selected: selected.contains(&o.code.as_str()).then_some(true),
            ..AnswerOption::default()
        })
        .collect();
    if let (Some(i), false) = (&d.initial, d.item_type.has_options()) {
        q.initial = vec![Initial {
            value: values::typed_value(d.item_type, i),
        }];
    }
    if let Some(h) = &d.help {
        q.item.push(help_item(&d.id, h));
    }
    q.item.extend(d.items.iter().map(item));
    q
}

fn bound_ext(url: &str, b: &Bound, t: ItemType) -> Extension {
    let mut value = TypedValue::default();
    match b {
        #[allow(clippy::cast_possible_truncation)]
        Bound::Number(n) if t == ItemType::Integer && n.fract() == 0.0 => {
            value.value_integer = Some(*n as i64);
        }
        Bound::Number(n) => value.value_decimal = Some(*n),
        Bound::Text(s) => value.value_date = Some(s.clone()),
    }
    Extension {
        url: url.to_string(),
        value,
        ..Extension::default()
    }
}

fn constraint_ext(c: &ConstraintDef) -> Extension {
    let mut parts = vec![string_ext("code", &c.code), string_ext("expr", &c.expr)];
    if let Some(m) = &c.message {
        parts.push(string_ext("message", m));
    }
    let severity = match c.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    parts.push(string_ext("severity", severity));
    if let Some(k) = c.kind {
        let kind = match k {
            ConstraintKind::Fever => "fever",
            ConstraintKind::AgeOutsidePeriod => "age-outside-period",
            ConstraintKind::IntervalTooShort => "interval-too-short",
        };
        parts.push(string_ext("kind", kind));
    }
    Extension {
        url: ext::CONSTRAINT.to_string(),
        extension: parts,
        ..Extension::default()
    }
}

fn help_item(id: &str, text: &str) -> QItem {
    QItem {
        extension: vec![Extension {
            url: ext::ITEM_CONTROL.to_string(),
            value_codeable_concept: Some(CodeableConcept {
                coding: vec![Coding {
                    system: Some("http://hl7.org/fhir/questionnaire-item-control".to_string()),
                    code: Some("help".to_string()),
                    ..Coding::default()
                }],
                text: None,
            }),
            ..Extension::default()
        }],
        link_id: format!("{id}-help"),
        item_type: "display".to_string(),
        text: Some(text.to_string()),
        ..QItem::default()
    }
}
