//! One reading of a QuestionnaireResponse against an imported questionnaire: FHIR structure
//! checked (linkIds, where items may appear, answer counts and types, options), answers
//! turned into monshin triples, and where each triple came from remembered so that engine
//! findings can point back at FHIR paths. Validation and the conversion to PMH answers both
//! use it.

use std::collections::HashMap;

use monshin_core::ids::{AnswerStatus, PageNumber, RepeatSeq};
use monshin_core::{Answer, AnswerSet, ItemType};

use crate::error::{FhirFinding, FhirSeverity};
use crate::import::{FormMap, Imported, NodeKind};
use crate::model::{QuestionnaireResponse, RAnswer, RItem, ValueType};
use crate::values;

/// Where one triple of the answer set came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place {
    /// Path of the response item.
    pub item: String,
    /// Path of the answer's value.
    pub value: String,
    /// For a multi-choice answer: each code and the path of the answer giving it.
    pub codes: Vec<(String, String)>,
}

/// The result of reading a response.
#[derive(Debug, Clone)]
pub(crate) struct Walked {
    /// The triples, with status and last page.
    pub set: AnswerSet,
    /// `places[i]` is where `set.answers[i]` came from.
    pub places: Vec<Place>,
    /// (linkId, seq) → path of the response item.
    pub item_paths: HashMap<(String, u32), String>,
    /// Structural findings.
    pub findings: Vec<FhirFinding>,
}

fn err(code: &str, issue: &'static str, path: &str, msg: &str) -> FhirFinding {
    FhirFinding::new(FhirSeverity::Error, code, issue, path, msg)
}

/// The answer status a response status maps to, or `None` for statuses that are not answers.
pub(crate) fn status_of(status: &str) -> Option<AnswerStatus> {
    match status {
        "in-progress" => Some(AnswerStatus::Draft),
        "completed" | "amended" => Some(AnswerStatus::Answered),
        _ => None,
    }
}

/// Read `r` against `imported`.
pub(crate) fn walk(r: &QuestionnaireResponse, imported: &Imported) -> Walked {
    let mut w = Walker {
        map: &imported.map,
        answers: Vec::new(),
        places: Vec::new(),
        item_paths: HashMap::new(),
        findings: Vec::new(),
        pages: page_of(imported),
        last_page: 0,
        complete: matches!(status_of(&r.status), Some(AnswerStatus::Answered)),
    };
    let status = status_of(&r.status).unwrap_or_else(|| {
        w.findings.push(err(
            "fhir.qr-status",
            "not-supported",
            "QuestionnaireResponse.status",
            "only in-progress, completed and amended responses are answers; read as in-progress",
        ));
        AnswerStatus::Draft
    });
    let top = imported.map.top.clone();
    w.items(&r.item, "QuestionnaireResponse", &top, 1);
    let pages = u32::try_from(imported.definition.pages.len())
        .unwrap_or(1)
        .max(1);
    let last_page = match status {
        AnswerStatus::Answered => pages,
        _ => w.last_page.max(1),
    };
    Walked {
        set: AnswerSet {
            definition: imported.definition.id.clone(),
            status,
            last_page: Some(PageNumber(last_page)),
            answers: w.answers,
        },
        places: w.places,
        item_paths: w.item_paths,
        findings: w.findings,
    }
}

/// master ID → page number, for the last page answered.
fn page_of(imported: &Imported) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    for p in &imported.definition.pages {
        for it in &p.items {
            out.insert(it.id.clone(), p.number);
            for c in &it.items {
                out.insert(c.id.clone(), p.number);
            }
        }
    }
    out
}

struct Walker<'a> {
    map: &'a FormMap,
    answers: Vec<Answer>,
    places: Vec<Place>,
    item_paths: HashMap<(String, u32), String>,
    findings: Vec<FhirFinding>,
    pages: HashMap<String, u32>,
    last_page: u32,
    /// Complete mode: required groups must be present.
    complete: bool,
}

fn has_answers(items: &[RItem]) -> bool {
    items
        .iter()
        .any(|i| !i.answer.is_empty() || has_answers(&i.item))
}

impl Walker<'_> {
    fn push(&mut self, id: &str, seq: u32, value: String, place: Place) {
        if let Some(&p) = self.pages.get(id) {
            self.last_page = self.last_page.max(p);
        }
        self.answers.push(Answer {
            id: id.to_string(),
            seq: RepeatSeq(seq),
            value,
        });
        self.places.push(place);
    }

    fn items(&mut self, items: &[RItem], parent: &str, expected: &[usize], seq: u32) {
        let mut occurrences: HashMap<usize, u32> = HashMap::new();
        for (i, ritem) in items.iter().enumerate() {
            let path = format!("{parent}.item[{i}]");
            let found = expected.iter().copied().find(|&n| {
                self.map
                    .nodes
                    .get(n)
                    .is_some_and(|x| x.link_id == ritem.link_id)
            });
            let Some(n) = found else {
                if self.map.node(&ritem.link_id).is_some() {
                    self.findings.push(err(
                        "fhir.qr-item-misplaced",
                        "structure",
                        &path,
                        "this item is not allowed at this place in the response",
                    ));
                } else {
                    self.findings.push(err(
                        "fhir.qr-unknown-link-id",
                        "not-found",
                        parent,
                        "an item's linkId is not in the questionnaire",
                    ));
                }
                continue;
            };
            let Some(node) = self.map.nodes.get(n) else {
                continue;
            };
            let occ = occurrences.entry(n).or_insert(0);
            *occ += 1;
            let occ = *occ;
            if occ > 1 && node.kind != NodeKind::RepeatGroup {
                // Reported on the enclosing item, as the reference validator does.
                self.findings.push(err(
                    "fhir.qr-item-repeated",
                    "invalid",
                    parent,
                    "only one response item with this linkId is allowed here",
                ));
                continue;
            }
            let item_seq = if node.kind == NodeKind::RepeatGroup {
                occ
            } else {
                seq
            };
            self.item_paths
                .entry((ritem.link_id.clone(), item_seq))
                .or_insert_with(|| path.clone());
            match node.kind {
                // Not imported (the questionnaire's findings say why): its answers are not checked.
                NodeKind::Unmapped => {}
                NodeKind::Display | NodeKind::Help => {
                    if !ritem.answer.is_empty() {
                        self.findings.push(err(
                            "fhir.qr-display-answered",
                            "structure",
                            &path,
                            "items of type display cannot have answers",
                        ));
                    }
                }
                NodeKind::Page | NodeKind::FlatGroup | NodeKind::RepeatGroup => {
                    if !ritem.answer.is_empty() {
                        self.findings.push(err(
                            "fhir.qr-group-answered",
                            "structure",
                            &path,
                            "a group cannot have answers",
                        ));
                    }
                    if node.required && !has_answers(&ritem.item) {
                        self.findings.push(err(
                            "fhir.qr-group-required",
                            "invariant",
                            &path,
                            "no answered sub-items found for a required group",
                        ));
                    }
                    let children = node.children.clone();
                    self.items(&ritem.item, &path, &children, item_seq);
                }
                NodeKind::Question => self.question(n, ritem, &path, seq),
            }
        }
        // A required group without a condition that is absent altogether (groups with a
        // condition are left to the engine's notion of enabled, which groups that do not
        // repeat do not have: a documented limit).
        if self.complete {
            for &n in expected {
                let Some(node) = self.map.nodes.get(n) else {
                    continue;
                };
                let group = matches!(node.kind, NodeKind::Page | NodeKind::FlatGroup);
                if group && node.required && !node.conditional && !occurrences.contains_key(&n) {
                    self.findings.push(err(
                        "fhir.qr-group-required",
                        "required",
                        parent,
                        "a required group has no response item",
                    ));
                }
            }
        }
    }

    fn question(&mut self, n: usize, ritem: &RItem, path: &str, seq: u32) {
        let Some(node) = self.map.nodes.get(n).cloned() else {
            return;
        };
        if !ritem.item.is_empty() {
            self.findings.push(err(
                "fhir.qr-items-outside-answer",
                "structure",
                path,
                "items under a question belong in answer.item, not item",
            ));
        }
        let item_type = node.item_type.unwrap_or(ItemType::Text);
        let multi = item_type == ItemType::MultiChoice;
        if ritem.answer.len() > 1 && !node.repeats {
            self.findings.push(err(
                "fhir.qr-only-one-answer",
                "invalid",
                path,
                "only one answer is allowed for this item",
            ));
        }
        let id = node.master_id.clone().unwrap_or_default();
        let mut codes: Vec<(String, String)> = Vec::new();
        let take = if node.repeats { ritem.answer.len() } else { 1 };
        for (a, answer) in ritem.answer.iter().enumerate().take(take) {
            let apath = format!("{path}.answer[{a}]");
            let Some((text, vpath)) = self.answer_text(&node, answer, &apath) else {
                continue;
            };
            if multi {
                codes.push((text, apath.clone()));
            } else {
                let answer_seq = if node.wrapper_group.is_some() {
                    u32::try_from(a + 1).unwrap_or(u32::MAX)
                } else {
                    seq
                };
                let place = Place {
                    item: path.to_string(),
                    value: vpath,
                    codes: Vec::new(),
                };
                self.push(&id, answer_seq, text, place);
            }
            let nested: Vec<usize> = node
                .children
                .iter()
                .copied()
                .filter(|&c| {
                    self.map
                        .nodes
                        .get(c)
                        .is_some_and(|x| x.kind != NodeKind::Help)
                })
                .collect();
            self.items(&answer.item, &apath, &nested, seq);
        }
        if multi && !codes.is_empty() {
            let mut ordered: Vec<String> = Vec::new();
            for o in &node.options {
                if codes.iter().any(|(c, _)| *c == o.code) && !ordered.contains(&o.code) {
                    ordered.push(o.code.clone());
                }
            }
            let place = Place {
                item: path.to_string(),
                value: path.to_string(),
                codes,
            };
            self.push(&id, seq, ordered.join(","), place);
        }
    }

    /// The canonical text of one answer and the path of its value, or a finding.
    fn answer_text(
        &mut self,
        node: &crate::import::Node,
        answer: &RAnswer,
        apath: &str,
    ) -> Option<(String, String)> {
        let Some(t) = answer.value.single_type() else {
            self.findings.push(err(
                "fhir.qr-answer-no-value",
                "structure",
                apath,
                "an answer needs exactly one value of a supported type",
            ));
            return None;
        };
        let vpath = format!("{apath}.value.ofType({})", t.as_str());
        if !allowed(&node.fhir_type).contains(&t) {
            self.findings.push(err(
                "fhir.qr-wrong-type",
                "invariant",
                &vpath,
                &format!(
                    "answer value must be of the type the item's '{}' type takes",
                    node.fhir_type
                ),
            ));
            return None;
        }
        if matches!(node.fhir_type.as_str(), "choice" | "open-choice") {
            let (text, coding) = values::option_text(&answer.value)?;
            let system = coding.and_then(|c| c.system.as_deref());
            let found = node.options.iter().find(|o| {
                o.fhir_code == text
                    && (o.system.is_none() || system.is_none() || o.system.as_deref() == system)
            });
            let Some(option) = found else {
                let msg = if node.fhir_type == "open-choice" && t == ValueType::String {
                    "free-text answers to open-choice items are not accepted (monshin choices are closed)"
                } else {
                    "the answer is not one of the item's permitted options"
                };
                self.findings
                    .push(err("fhir.qr-invalid-option", "invariant", apath, msg));
                return None;
            };
            return Some((option.code.clone(), vpath));
        }
        let text = values::canonical_text(&answer.value)?;
        if node.item_type == Some(ItemType::Date) && values::is_partial_date(&text) {
            self.findings.push(err("fhir.qr-partial-date", "invariant", &vpath, "a partial date (year or year-month) is not a complete date; monshin and PMH store full dates"));
            return None;
        }
        Some((text, vpath))
    }
}

/// The value types an item type accepts.
fn allowed(fhir_type: &str) -> &'static [ValueType] {
    use ValueType as T;
    match fhir_type {
        "boolean" => &[T::Boolean],
        "decimal" => &[T::Decimal],
        "integer" => &[T::Integer],
        "date" => &[T::Date],
        "dateTime" => &[T::DateTime],
        "time" => &[T::Time],
        "string" | "text" => &[T::String],
        "url" => &[T::Uri],
        "choice" => &[T::Coding, T::String, T::Integer, T::Date, T::Time],
        "open-choice" => &[T::Coding, T::String],
        "quantity" => &[T::Quantity],
        _ => &[],
    }
}
