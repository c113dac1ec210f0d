//! Questionnaire → monshin definition.
//!
//! Two passes: `index` gives every item a node (linkId, path, master ID, how it maps), so
//! that conditions can name items that come later; `item` then builds the definition's items
//! and `cond` turns `enableWhen` into expressions. Everything that cannot be mapped is a
//! finding with its FHIR path; nothing is dropped without one.

mod cond;
mod extensions;
mod item;
pub mod map;
mod options;
mod valueset;

use std::collections::HashSet;

use monshin_core::definition::model::{FilledBy, PageDef, PublicSource};
use monshin_core::{Definition, FormKind};

use crate::error::{FhirFinding, FhirSeverity};
use crate::ext;
use crate::lint;
use crate::model::{QItem, Questionnaire};
pub(crate) use cond::EXCLUSIVE_PREFIX;
pub use map::{FormMap, Node, NodeKind, OptionMap};

/// Where master IDs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdPolicy {
    /// The linkId is the master ID (a linkId that is not a valid master ID is a finding).
    LinkId,
    /// The linkId where it is a valid master ID, else a generated one (`L1`, `L2`, …, never
    /// equal to another linkId): used to validate responses against any questionnaire,
    /// whatever its linkIds look like.
    Tolerant,
}

/// Options of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// The form kind when the questionnaire does not carry monshin's extension.
    pub form_kind: Option<FormKind>,
    /// Where master IDs come from.
    pub ids: IdPolicy,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            form_kind: None,
            ids: IdPolicy::LinkId,
        }
    }
}

/// The result of an import: the definition, the item map and every finding.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The monshin definition.
    pub definition: Definition,
    /// Each questionnaire item's mapping.
    pub map: FormMap,
    /// Lint and mapping findings, in document order.
    pub findings: Vec<FhirFinding>,
}

impl Imported {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(FhirFinding::is_error)
    }

    /// Compile the definition with the engine: the form, or the engine's definition findings
    /// pointed at the questionnaire items they concern (also its warnings on success).
    pub fn compile(
        &self,
        limits: &monshin_core::Limits,
    ) -> (Option<monshin_core::CompiledForm>, Vec<FhirFinding>) {
        match monshin_core::CompiledForm::compile(self.definition.clone(), limits) {
            Ok(form) => {
                let warnings = form
                    .warnings()
                    .iter()
                    .map(|f| definition_finding(f, &self.map))
                    .collect();
                (Some(form), warnings)
            }
            Err(monshin_core::Error::InvalidDefinition(findings)) => (
                None,
                findings
                    .iter()
                    .map(|f| definition_finding(f, &self.map))
                    .collect(),
            ),
            Err(e) => (
                None,
                vec![FhirFinding::new(
                    FhirSeverity::Error,
                    "fhir.questionnaire-not-compiled",
                    "processing",
                    "Questionnaire",
                    format!("the questionnaire could not be compiled ({})", e.code()),
                )],
            ),
        }
    }
}

/// An engine finding on the definition, pointed at the questionnaire item it concerns.
fn definition_finding(f: &monshin_core::Finding, map: &FormMap) -> FhirFinding {
    let expression = f
        .location
        .master_id
        .as_deref()
        .and_then(|id| map.by_master_id(id))
        .map_or_else(|| "Questionnaire".to_string(), |n| n.path.clone());
    let severity = match f.severity {
        monshin_core::Severity::Error => FhirSeverity::Error,
        monshin_core::Severity::Warning => FhirSeverity::Warning,
    };
    FhirFinding {
        code: f.code.as_str().to_string(),
        severity,
        issue_type: "invariant",
        expression,
        message: f.message.clone(),
    }
}

/// Import a questionnaire.
pub fn import(q: &Questionnaire, options: &ImportOptions) -> Imported {
    let mut findings = Vec::new();
    let mut map = index(q, options, &mut findings);
    lint::lint(q, &map, &mut findings);
    let pages = item::build_pages(q, &mut map, &mut findings);
    let definition = Definition {
        schema: None,
        form_kind: form_kind(q, options, &mut findings),
        id: form_id(q, &mut findings),
        title: q
            .title
            .clone()
            .or_else(|| q.name.clone())
            .unwrap_or_default(),
        version: q.version.clone().unwrap_or_else(|| "1".to_string()),
        based_on: based_on(q),
        pages,
    };
    for name in q.other.keys() {
        findings.push(not_mapped(
            &format!("Questionnaire.{name}"),
            FhirSeverity::Information,
        ));
    }
    Imported {
        definition,
        map,
        findings,
    }
}

/// The path of an element by its JSON name, shown only when the name has the shape of a FHIR
/// element name (an unknown key from the input is never echoed).
pub(crate) fn element_path(parent: &str, name: &str) -> String {
    let shaped = name.len() <= 40
        && name
            .trim_start_matches('_')
            .starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .trim_start_matches('_')
            .chars()
            .all(|c| c.is_ascii_alphanumeric());
    if shaped {
        format!("{parent}.{name}")
    } else {
        format!("{parent}.(unknown element)")
    }
}

/// The finding for an element monshin does not carry.
pub(crate) fn not_mapped(path: &str, severity: FhirSeverity) -> FhirFinding {
    FhirFinding::new(
        severity,
        "fhir.not-mapped",
        "not-supported",
        path,
        "this element has no monshin equivalent and is not carried into the definition",
    )
}

fn form_kind(q: &Questionnaire, options: &ImportOptions, out: &mut Vec<FhirFinding>) -> FormKind {
    let from_ext = q
        .extension
        .iter()
        .find(|e| e.url == ext::FORM_KIND)
        .and_then(|e| e.value.value_string.as_deref());
    match from_ext {
        Some("vaccination") => FormKind::Vaccination,
        Some("child-checkup") => FormKind::ChildCheckup,
        _ => options.form_kind.unwrap_or_else(|| {
            out.push(FhirFinding::new(
                FhirSeverity::Information,
                "fhir.form-kind-assumed",
                "informational",
                "Questionnaire",
                "no form kind given: the form is read as a vaccination form",
            ));
            FormKind::Vaccination
        }),
    }
}

fn form_id(q: &Questionnaire, out: &mut Vec<FhirFinding>) -> String {
    let from_identifier = q
        .identifier
        .iter()
        .find(|i| i.system.as_deref() == Some(ext::FORM_ID_SYSTEM))
        .and_then(|i| i.value.clone());
    if let Some(id) = from_identifier
        .or_else(|| q.id.clone())
        .or_else(|| q.name.clone())
    {
        return id;
    }
    out.push(FhirFinding::new(
        FhirSeverity::Warning,
        "fhir.form-id-missing",
        "required",
        "Questionnaire",
        "no identifier, id or name: the form ID is empty",
    ));
    String::new()
}

/// Whether every top-level item is a non-repeating group: those become pages.
fn top_level_pages(q: &Questionnaire) -> bool {
    !q.item.is_empty()
        && q.item
            .iter()
            .all(|i| i.item_type == "group" && i.repeats != Some(true))
}

/// First pass: a node per item, master IDs assigned.
fn index(q: &Questionnaire, options: &ImportOptions, out: &mut Vec<FhirFinding>) -> FormMap {
    let mut link_ids = HashSet::new();
    all_link_ids(&q.item, &mut link_ids);
    let mut map = FormMap {
        value_sets: valueset::read_contained(&q.contained),
        link_ids,
        ..FormMap::default()
    };
    let pages = top_level_pages(q);
    for (i, it) in q.item.iter().enumerate() {
        let path = format!("Questionnaire.item[{i}]");
        let idx = add_node(&mut map, it, path, None, None, pages, options, out);
        map.top.push(idx);
    }
    map
}

#[allow(clippy::too_many_arguments)]
fn add_node(
    map: &mut FormMap,
    it: &QItem,
    path: String,
    parent: Option<usize>,
    repeat_group: Option<String>,
    page_level: bool,
    options: &ImportOptions,
    out: &mut Vec<FhirFinding>,
) -> usize {
    let idx = map.nodes.len();
    let parent_takes_help = parent.and_then(|p| map.nodes.get(p)).is_some_and(|p| {
        matches!(
            p.kind,
            NodeKind::Question | NodeKind::RepeatGroup | NodeKind::FlatGroup
        )
    });
    let kind = item::kind_of(it, page_level, parent_takes_help, repeat_group.is_some());
    let master_id = match kind {
        NodeKind::Page | NodeKind::Help | NodeKind::Unmapped => None,
        _ => Some(master_id(it, idx, &map.link_ids, &path, options, out)),
    };
    let repeats = it.repeats == Some(true);
    let wrapper_group = match (&master_id, kind) {
        (Some(id), NodeKind::Question)
            if repeats
                && repeat_group.is_none()
                && it.item_type != "choice"
                && it.item_type != "open-choice" =>
        {
            Some(format!("{id}_R"))
        }
        _ => None,
    };
    let own_group = match kind {
        NodeKind::RepeatGroup => master_id.clone(),
        _ if wrapper_group.is_some() => wrapper_group.clone(),
        _ => repeat_group.clone(),
    };
    map.nodes.push(Node {
        link_id: it.link_id.clone(),
        master_id: master_id.clone(),
        wrapper_group: wrapper_group.clone(),
        kind,
        fhir_type: it.item_type.clone(),
        item_type: (kind == NodeKind::Question).then(|| item::monshin_type(it, repeats)),
        path: path.clone(),
        parent,
        children: Vec::new(),
        repeats,
        required: it.required == Some(true),
        conditional: !it.enable_when.is_empty()
            || it.extension.iter().any(|e| e.url == ext::ENABLE_WHEN_EXPR),
        options: Vec::new(),
        repeat_group: own_group.clone(),
    });
    if !it.link_id.is_empty() && !map.by_link.contains_key(&it.link_id) {
        map.by_link.insert(it.link_id.clone(), idx);
    }
    for id in master_id.iter().chain(wrapper_group.iter()) {
        map.by_master.entry(id.clone()).or_insert(idx);
    }
    for (c, child) in it.item.iter().enumerate() {
        let child_path = format!("{path}.item[{c}]");
        let ci = add_node(
            map,
            child,
            child_path,
            Some(idx),
            own_group.clone(),
            false,
            options,
            out,
        );
        if let Some(node) = map.nodes.get_mut(idx) {
            node.children.push(ci);
        }
    }
    idx
}

/// Whether a linkId is a valid master ID today (`[A-Za-z0-9_]{1,64}`).
fn is_master_id(link_id: &str) -> bool {
    !link_id.is_empty()
        && link_id.len() <= 64
        && link_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Every linkId of the questionnaire.
fn all_link_ids(items: &[QItem], out: &mut HashSet<String>) {
    for it in items {
        out.insert(it.link_id.clone());
        all_link_ids(&it.item, out);
    }
}

fn master_id(
    it: &QItem,
    idx: usize,
    taken: &HashSet<String>,
    path: &str,
    options: &ImportOptions,
    out: &mut Vec<FhirFinding>,
) -> String {
    match options.ids {
        IdPolicy::Tolerant if is_master_id(&it.link_id) => it.link_id.clone(),
        IdPolicy::Tolerant => {
            let mut id = format!("L{}", idx + 1);
            while taken.contains(&id) {
                id.push('_');
            }
            id
        }
        IdPolicy::LinkId => {
            if !is_master_id(&it.link_id) {
                out.push(FhirFinding::new(
                    FhirSeverity::Error,
                    "fhir.link-id-not-master-id",
                    "value",
                    format!("{path}.linkId"),
                    "this linkId is not a valid monshin master ID ([A-Za-z0-9_]{1,64})",
                ));
            }
            it.link_id.clone()
        }
    }
}

/// A page per top-level group, or one page holding everything.
pub(crate) fn page(
    number: u32,
    label: String,
    filled_by: FilledBy,
    items: Vec<monshin_core::ItemDef>,
) -> PageDef {
    PageDef {
        number,
        label,
        filled_by,
        items,
    }
}

/// monshin's `basedOn`, from the Questionnaire's `based-on` extensions (incomplete ones are
/// left out).
fn based_on(q: &Questionnaire) -> Vec<PublicSource> {
    q.extension
        .iter()
        .filter(|e| e.url == ext::BASED_ON)
        .filter_map(|e| {
            let sub = |name: &str| extensions::sub_string(e, name);
            Some(PublicSource {
                title: sub("title")?,
                publisher: sub("publisher")?,
                url: sub("url"),
            })
        })
        .collect()
}
