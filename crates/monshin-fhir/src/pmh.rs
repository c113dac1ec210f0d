//! QuestionnaireResponse ↔ PMH answer triples (項目マスタID, 連番, 回答結果).
//!
//! The linkId is the master ID; a repetition of a repeating group (or an answer of a repeating
//! question) is a sequence number; choices are option codes. The answer set produced is not
//! validated here: pass it to `CompiledForm::validate_for_status` (or use
//! [`crate::validate_response`]) before building a payload.

use monshin_core::{AnswerSet, ItemType};

use crate::error::{FhirError, FhirFinding};
use crate::import::{import, FormMap, ImportOptions, Imported, NodeKind};
use crate::model::{Coding, QuestionnaireResponse, RAnswer, RItem, TypedValue};
use crate::response::walk;
use crate::values;

/// The answer set of a response, with the structural findings met on the way. Fails when
/// the questionnaire cannot be imported with its linkIds as master IDs.
pub fn to_answer_set(
    questionnaire: &crate::model::Questionnaire,
    response: &QuestionnaireResponse,
    options: &ImportOptions,
) -> Result<(AnswerSet, Vec<FhirFinding>), FhirError> {
    let imported = checked_import(questionnaire, options)?;
    let walked = walk::walk(response, &imported);
    Ok((walked.set, walked.findings))
}

/// The response of an answer set: items in questionnaire order, groups per repetition.
pub fn from_answer_set(
    questionnaire: &crate::model::Questionnaire,
    set: &AnswerSet,
    options: &ImportOptions,
) -> Result<QuestionnaireResponse, FhirError> {
    let imported = checked_import(questionnaire, options)?;
    let builder = Builder {
        map: &imported.map,
        set,
    };
    Ok(QuestionnaireResponse {
        resource_type: "QuestionnaireResponse".to_string(),
        questionnaire: questionnaire.url.clone(),
        status: match set.status {
            monshin_core::AnswerStatus::Answered => "completed",
            _ => "in-progress",
        }
        .to_string(),
        item: builder.items(&imported.map.top, 1),
        ..QuestionnaireResponse::default()
    })
}

fn checked_import(
    questionnaire: &crate::model::Questionnaire,
    options: &ImportOptions,
) -> Result<Imported, FhirError> {
    let imported = import(questionnaire, options);
    if imported.has_errors() {
        let findings: Vec<FhirFinding> = imported
            .findings
            .iter()
            .filter(|f| f.is_error())
            .cloned()
            .collect();
        return Err(FhirError::QuestionnaireInvalid {
            count: findings.len(),
            findings,
        });
    }
    Ok(imported)
}

struct Builder<'a> {
    map: &'a FormMap,
    set: &'a AnswerSet,
}

impl Builder<'_> {
    fn has_any(&self, idx: usize, seq: u32) -> bool {
        let Some(n) = self.map.nodes.get(idx) else {
            return false;
        };
        let own = n.master_id.as_deref().is_some_and(|id| {
            self.set
                .answers
                .iter()
                .any(|a| a.id == id && (n.wrapper_group.is_some() || a.seq.0 == seq))
        });
        own || n.children.iter().any(|&c| self.has_any(c, seq))
    }

    fn items(&self, nodes: &[usize], seq: u32) -> Vec<RItem> {
        let mut out = Vec::new();
        for &idx in nodes {
            let Some(n) = self.map.nodes.get(idx) else {
                continue;
            };
            match n.kind {
                NodeKind::Page | NodeKind::FlatGroup => {
                    if self.has_any(idx, seq) {
                        out.push(RItem {
                            link_id: n.link_id.clone(),
                            item: self.items(&n.children, seq),
                            ..RItem::default()
                        });
                    }
                }
                NodeKind::RepeatGroup => {
                    let id = n.master_id.as_deref().unwrap_or_default();
                    let mut seqs: Vec<u32> = self
                        .set
                        .answers
                        .iter()
                        .filter(|a| {
                            self.map
                                .by_master_id(&a.id)
                                .is_some_and(|x| x.repeat_group.as_deref() == Some(id))
                        })
                        .map(|a| a.seq.0)
                        .collect();
                    seqs.sort_unstable();
                    seqs.dedup();
                    for s in seqs {
                        out.push(RItem {
                            link_id: n.link_id.clone(),
                            item: self.items(&n.children, s),
                            ..RItem::default()
                        });
                    }
                }
                NodeKind::Question => {
                    if let Some(item) = self.question(idx, seq) {
                        out.push(item);
                    }
                }
                NodeKind::Display | NodeKind::Help | NodeKind::Unmapped => {}
            }
        }
        out
    }

    fn question(&self, idx: usize, seq: u32) -> Option<RItem> {
        let n = self.map.nodes.get(idx)?;
        let id = n.master_id.as_deref()?;
        let item_type = n.item_type.unwrap_or(ItemType::Text);
        let mut mine: Vec<_> = self
            .set
            .answers
            .iter()
            .filter(|a| a.id == id && (n.wrapper_group.is_some() || a.seq.0 == seq))
            .collect();
        mine.sort_by_key(|a| a.seq);
        let mut answers: Vec<RAnswer> = Vec::new();
        for a in mine {
            let texts: Vec<&str> = if item_type == ItemType::MultiChoice {
                a.value.split(',').collect()
            } else {
                vec![a.value.as_str()]
            };
            for t in texts {
                answers.push(RAnswer {
                    value: self.value(n, item_type, t),
                    item: Vec::new(),
                });
            }
        }
        let nested: Vec<usize> = n.children.clone();
        let nested_items = self.items(&nested, seq);
        if answers.is_empty() {
            return None;
        }
        if let Some(first) = answers.first_mut() {
            first.item = nested_items;
        }
        Some(RItem {
            link_id: n.link_id.clone(),
            answer: answers,
            ..RItem::default()
        })
    }

    fn value(&self, n: &crate::import::Node, item_type: ItemType, text: &str) -> TypedValue {
        if item_type.has_options() {
            let option = n.options.iter().find(|o| o.code == text);
            return TypedValue {
                value_coding: Some(Coding {
                    system: option.and_then(|o| o.system.clone()),
                    code: Some(option.map_or_else(|| text.to_string(), |o| o.fhir_code.clone())),
                    display: option.and_then(|o| o.display.clone()),
                    ..Coding::default()
                }),
                ..TypedValue::default()
            };
        }
        match n.fhir_type.as_str() {
            "dateTime" => TypedValue {
                value_date_time: Some(text.to_string()),
                ..TypedValue::default()
            },
            "time" => TypedValue {
                value_time: Some(text.to_string()),
                ..TypedValue::default()
            },
            "url" => TypedValue {
                value_uri: Some(text.to_string()),
                ..TypedValue::default()
            },
            "quantity" => TypedValue {
                value_quantity: text.parse::<f64>().ok().map(|v| crate::model::Quantity {
                    value: Some(v),
                    ..crate::model::Quantity::default()
                }),
                ..TypedValue::default()
            },
            _ => values::typed_value(item_type, text),
        }
    }
}
