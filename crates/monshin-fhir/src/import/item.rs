//! Questionnaire items → monshin items: types, bounds, options, initial values, the
//! extensions, and where each item lands (page, flattened group, monshin group).

use monshin_core::definition::model::{FilledBy, PageDef};
use monshin_core::{ItemDef, ItemType};

use super::cond;
use super::extensions::{read_extension, read_occurs};
use super::map::{FormMap, NodeKind};
use super::options::{initial, options};
use super::{not_mapped, page};
use crate::error::{FhirFinding, FhirSeverity};
use crate::ext;
use crate::model::{QItem, Questionnaire};

/// FHIR item types a monshin question can take.
const ANSWERABLE: &[&str] = &[
    "boolean",
    "decimal",
    "integer",
    "date",
    "dateTime",
    "time",
    "string",
    "text",
    "url",
    "choice",
    "open-choice",
    "quantity",
];

/// `HH:MM:SS` (FHIR `time`, seconds required).
const TIME_PATTERN: &str = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]";
/// FHIR `dateTime` with time and zone (the precision an answer needs).
const DATE_TIME_PATTERN: &str = "[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})";

/// How an item maps, decided from its type and place alone.
pub(super) fn kind_of(
    it: &QItem,
    page_level: bool,
    parent_takes_help: bool,
    in_repeat: bool,
) -> NodeKind {
    match it.item_type.as_str() {
        "group" if page_level => NodeKind::Page,
        "group" if it.repeats == Some(true) && in_repeat => NodeKind::Unmapped,
        "group" if it.repeats == Some(true) => NodeKind::RepeatGroup,
        "group" => NodeKind::FlatGroup,
        "display" if parent_takes_help && is_help(it) => NodeKind::Help,
        "display" => NodeKind::Display,
        t if ANSWERABLE.contains(&t) => NodeKind::Question,
        _ => NodeKind::Unmapped,
    }
}

/// The text of an item's help child (a display item with item control `help`).
fn help_text(it: &QItem) -> Option<String> {
    it.item
        .iter()
        .find(|c| c.item_type == "display" && is_help(c))
        .and_then(|c| c.text.clone())
}

fn is_help(it: &QItem) -> bool {
    it.extension.iter().any(|e| {
        e.url == ext::ITEM_CONTROL
            && e.value_codeable_concept
                .as_ref()
                .is_some_and(|c| c.coding.iter().any(|k| k.code.as_deref() == Some("help")))
    })
}

/// Build the pages: one per top-level group, or one page holding every item.
pub(super) fn build_pages(
    q: &Questionnaire,
    map: &mut FormMap,
    out: &mut Vec<FhirFinding>,
) -> Vec<PageDef> {
    let top = map.top.clone();
    let as_pages = top
        .iter()
        .all(|&i| map.nodes.get(i).is_some_and(|n| n.kind == NodeKind::Page));
    if as_pages && !top.is_empty() {
        let mut pages = Vec::new();
        for (n, (&idx, it)) in top.iter().zip(&q.item).enumerate() {
            let inherited: Vec<String> =
                cond::own_condition(it, idx, map, out).into_iter().collect();
            let mut items = Vec::new();
            for (&c, child) in children(map, idx).iter().zip(&it.item) {
                convert(child, c, &inherited, map, &mut items, out);
            }
            let label = it.text.clone().unwrap_or_else(|| it.link_id.clone());
            let number = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let path = map
                .nodes
                .get(idx)
                .map(|n| n.path.clone())
                .unwrap_or_default();
            report_item_other(it, &path, out);
            let filled_by = if it.extension.iter().any(|e| {
                e.url == ext::FILLED_BY && e.value.value_string.as_deref() == Some("clinic")
            }) {
                FilledBy::Clinic
            } else {
                FilledBy::Respondent
            };
            pages.push(page(number, label, filled_by, items));
        }
        return pages;
    }
    let mut items = Vec::new();
    for (&idx, it) in top.iter().zip(&q.item) {
        convert(it, idx, &[], map, &mut items, out);
    }
    let label = q
        .title
        .clone()
        .or_else(|| q.name.clone())
        .unwrap_or_default();
    vec![page(1, label, FilledBy::Respondent, items)]
}

fn children(map: &FormMap, idx: usize) -> Vec<usize> {
    map.nodes
        .get(idx)
        .map(|n| n.children.clone())
        .unwrap_or_default()
}

fn blank(id: String, item_type: ItemType, text: String) -> ItemDef {
    ItemDef {
        id,
        item_type,
        text,
        help: None,
        required: false,
        required_when: None,
        enable_when: None,
        options: Vec::new(),
        min: None,
        max: None,
        min_length: None,
        max_length: None,
        pattern: None,
        unit: None,
        allow_unknown: false,
        precision: None,
        min_selected: None,
        max_selected: None,
        initial: None,
        constraints: Vec::new(),
        calculate: None,
        min_repeat: None,
        max_repeat: None,
        items: Vec::new(),
    }
}

fn and_all(parts: &[String]) -> Option<String> {
    match parts {
        [] => None,
        [one] => Some(one.clone()),
        many => Some(
            many.iter()
                .map(|p| format!("({p})"))
                .collect::<Vec<_>>()
                .join(" and "),
        ),
    }
}

/// Convert one item (and what it holds) into `items`.
fn convert(
    it: &QItem,
    idx: usize,
    inherited: &[String],
    map: &mut FormMap,
    items: &mut Vec<ItemDef>,
    out: &mut Vec<FhirFinding>,
) {
    let Some(node) = map.nodes.get(idx).cloned() else {
        return;
    };
    let path = node.path.clone();
    let mut conditions = inherited.to_vec();
    conditions.extend(cond::own_condition(it, idx, map, out));
    let text = it.text.clone().unwrap_or_default();
    let kids = node.children.clone();
    match node.kind {
        NodeKind::Unmapped => {
            let (code, msg) = if it.item_type == "group" {
                (
                    "fhir.nested-repeating-group",
                    "a repeating group inside a repeating group cannot be mapped (monshin groups do not nest); the group and its items are not imported",
                )
            } else {
                (
                    "fhir.unsupported-item-type",
                    "this item type has no monshin equivalent; the item is not imported",
                )
            };
            out.push(FhirFinding::new(
                FhirSeverity::Error,
                code,
                "not-supported",
                path,
                msg,
            ));
        }
        NodeKind::Page | NodeKind::Help => {}
        NodeKind::Display => {
            let mut def = blank(
                node.master_id.clone().unwrap_or_default(),
                ItemType::Note,
                text,
            );
            def.enable_when = and_all(&conditions);
            report_item_other(it, &path, out);
            items.push(def);
        }
        NodeKind::FlatGroup => {
            let mut def = blank(
                node.master_id.clone().unwrap_or_default(),
                ItemType::Note,
                text,
            );
            def.enable_when = and_all(&conditions);
            def.help = help_text(it);
            report_item_other(it, &path, out);
            items.push(def);
            if node.required {
                out.push(FhirFinding::new(
                    FhirSeverity::Information,
                    "fhir.required-group",
                    "informational",
                    format!("{path}.required"),
                    "a required group that does not repeat is checked when responses are validated; the monshin definition cannot say it",
                ));
            }
            for (&c, child) in kids.iter().zip(&it.item) {
                convert(child, c, &conditions, map, items, out);
            }
        }
        NodeKind::RepeatGroup => {
            let mut def = blank(
                node.master_id.clone().unwrap_or_default(),
                ItemType::Group,
                text,
            );
            def.enable_when = and_all(&conditions);
            def.help = help_text(it);
            read_occurs(it, &path, &mut def.min_repeat, &mut def.max_repeat, out);
            if node.required {
                def.min_repeat = Some(def.min_repeat.unwrap_or(0).max(1));
            }
            report_item_other(it, &path, out);
            for (&c, child) in kids.iter().zip(&it.item) {
                convert(child, c, &[], map, &mut def.items, out);
            }
            items.push(def);
        }
        NodeKind::Question => {
            let def = question(it, idx, &node.path, map, out);
            let own = def.id.clone();
            push_question(it, &node, def, &conditions, items, out);
            // Items nested under a question: flattened after it, enabled once it is answered.
            let mut nested = conditions.clone();
            nested.push(format!("answered(${own})"));
            for (&c, child) in kids.iter().zip(&it.item) {
                if map.nodes.get(c).is_some_and(|n| n.kind == NodeKind::Help) {
                    continue;
                }
                out.push(FhirFinding::new(
                    FhirSeverity::Warning,
                    "fhir.nested-under-question",
                    "informational",
                    map.nodes.get(c).map(|n| n.path.clone()).unwrap_or_default(),
                    "an item nested under a question is flattened after it and enabled when the question is answered",
                ));
                convert(child, c, &nested, map, items, out);
            }
        }
    }
}

fn push_question(
    it: &QItem,
    node: &super::map::Node,
    mut def: ItemDef,
    conditions: &[String],
    items: &mut Vec<ItemDef>,
    out: &mut Vec<FhirFinding>,
) {
    let condition = and_all(conditions);
    if let Some(group_id) = &node.wrapper_group {
        // A repeating non-choice question: one answer per repetition of a synthetic group.
        let mut group = blank(group_id.clone(), ItemType::Group, def.text.clone());
        read_occurs(
            it,
            &node.path,
            &mut group.min_repeat,
            &mut group.max_repeat,
            out,
        );
        if node.required {
            group.min_repeat = Some(group.min_repeat.unwrap_or(0).max(1));
        }
        group.enable_when = condition;
        def.required = node.required;
        group.items.push(def);
        items.push(group);
        return;
    }
    if node.repeats && !def.item_type.has_options() {
        out.push(FhirFinding::new(
            FhirSeverity::Error,
            "fhir.repeating-question-in-group",
            "not-supported",
            format!("{}.repeats", node.path),
            "a repeating question inside a repeating group cannot be mapped (monshin groups do not nest); it is read as answered once",
        ));
    }
    def.enable_when = condition;
    items.push(def);
}

pub(super) fn monshin_type(it: &QItem, repeats: bool) -> ItemType {
    let declared = it
        .extension
        .iter()
        .find(|e| e.url == ext::ITEM_TYPE)
        .and_then(|e| e.value.value_string.as_deref());
    match (declared, it.item_type.as_str()) {
        (Some("consent"), _) => ItemType::Consent,
        (Some("year-month"), _) => ItemType::YearMonth,
        (Some("time"), _) => ItemType::Time,
        (Some("kana"), _) => ItemType::Kana,
        (_, "boolean") => ItemType::YesNo,
        (_, "decimal" | "quantity") => ItemType::Decimal,
        (_, "integer") => ItemType::Integer,
        (_, "date") => ItemType::Date,
        (_, "text") => ItemType::LongText,
        (_, "choice" | "open-choice") if repeats => ItemType::MultiChoice,
        (_, "choice" | "open-choice") => ItemType::SingleChoice,
        _ => ItemType::Text,
    }
}

fn question(
    it: &QItem,
    idx: usize,
    path: &str,
    map: &mut FormMap,
    out: &mut Vec<FhirFinding>,
) -> ItemDef {
    let repeats = it.repeats == Some(true);
    let item_type = monshin_type(it, repeats);
    let id = map
        .nodes
        .get(idx)
        .and_then(|n| n.master_id.clone())
        .unwrap_or_default();
    let mut def = blank(id, item_type, it.text.clone().unwrap_or_default());
    def.required = it.required == Some(true);
    match it.item_type.as_str() {
        "time" => def.pattern = Some(TIME_PATTERN.to_string()),
        "dateTime" => def.pattern = Some(DATE_TIME_PATTERN.to_string()),
        _ => {}
    }
    let approximated = match it.item_type.as_str() {
        "time" | "dateTime" => Some("read as one line of text with a pattern"),
        "url" => Some("read as one line of text"),
        "quantity" => Some("read as a decimal in the questionnaire's unit"),
        "open-choice" => Some("read as a closed choice: answers outside the options are rejected"),
        _ => None,
    };
    if let Some(how) = approximated {
        out.push(FhirFinding::new(
            FhirSeverity::Warning,
            "fhir.type-approximated",
            "informational",
            format!("{path}.type"),
            format!("FHIR type '{}' is {how}", it.item_type),
        ));
    }
    if let Some(n) = it.max_length {
        if matches!(item_type, ItemType::Text | ItemType::LongText) {
            def.max_length = u32::try_from(n).ok();
        } else {
            out.push(que(
                "que-10",
                &format!("{path}.maxLength"),
                "maxLength applies to string, text and url items only",
            ));
        }
    }
    if it.read_only == Some(true) && !it.extension.iter().any(|e| e.url == ext::CALCULATE_EXPR) {
        out.push(FhirFinding::new(
            FhirSeverity::Warning,
            "fhir.read-only",
            "not-supported",
            format!("{path}.readOnly"),
            "readOnly has no monshin equivalent without a calculation: the item stays answerable",
        ));
    }
    for (e, extension) in it.extension.iter().enumerate() {
        read_extension(
            extension,
            Some(repeats),
            &format!("{path}.extension[{e}]"),
            &mut def,
            out,
        );
    }
    options(it, idx, path, map, &mut def, out);
    initial(it, path, &mut def, out);
    def.help = help_text(it);
    report_item_other(it, path, out);
    if let Some(node) = map.nodes.get_mut(idx) {
        node.item_type = Some(item_type);
    }
    def
}
pub(super) fn que(rule: &str, path: &str, message: &str) -> FhirFinding {
    FhirFinding::new(
        FhirSeverity::Error,
        &format!("fhir.{rule}"),
        "invariant",
        path,
        format!("{rule}: {message}"),
    )
}

/// Findings for an item's elements this subset does not model, and for extensions of
/// items that are not questions (questions read theirs in `read_extension`).
pub(super) fn report_item_other(it: &QItem, path: &str, out: &mut Vec<FhirFinding>) {
    for (e, x) in it.extension.iter().enumerate() {
        let known = matches!(
            x.url.as_str(),
            ext::MIN_OCCURS
                | ext::MAX_OCCURS
                | ext::PAGE
                | ext::FILLED_BY
                | ext::ENABLE_WHEN_EXPR
                | ext::ITEM_CONTROL
                | ext::ENTRY_FORMAT
        );
        if !known && !ANSWERABLE.contains(&it.item_type.as_str()) {
            out.push(FhirFinding::new(
                    FhirSeverity::Warning,
                    "fhir.unsupported-extension",
                    "not-supported",
                    format!("{path}.extension[{e}]"),
                    "this extension is not understood by monshin and is not carried into the definition",
                ));
        }
    }
    for name in it.other.keys() {
        let severity = match name.as_str() {
            // Descriptive elements: nothing to check against.
            "prefix" | "code" | "definition" | "id" | "_text" => FhirSeverity::Information,
            _ => FhirSeverity::Warning,
        };
        out.push(not_mapped(&super::element_path(path, name), severity));
    }
}
