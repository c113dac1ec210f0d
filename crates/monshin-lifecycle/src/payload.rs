//! Register payloads: `RegisterQuestionnaireAnswer` (予診票, 表 2.4-6) and
//! `RegisterChildQuestionnaireAnswer` (乳幼児問診票, 表 2.4-12), built only from a
//! [`Validated`] answer set.
//!
//! Since [`Validated`] is created only by [`CompiledForm::validate_for_status`], a payload
//! cannot be written for answers that were not validated in the mode their status needs (draft
//! for 下書き, complete for 回答済み), nor for 未回答. The form kind chooses the body: a
//! vaccination form registers a `RegisterQuestionnaireAnswer` keyed by its 予診票管理ID, a
//! child check-up form a `RegisterChildQuestionnaireAnswer` keyed by its 乳幼児健診管理ID.
//! monshin-wire owns the JSON spelling:
//!
//! ```json
//! { "processType": "RegisterQuestionnaireAnswer", "formId": "Y-PCV15-1",
//!   "status": "下書き", "lastPage": 2,
//!   "answers": [ { "masterId": "PCV_TEMP", "seq": 1, "value": "36.5" } ] }
//! ```
//!
//! (`checkupId` instead of `formId` for the child body; schemas
//! `schemas/pmh-register-questionnaire-answer.schema.json` and
//! `schemas/pmh-register-child-questionnaire-answer.schema.json`.)
//!
//! **Calculated items are not registered.** Their value is derived from other answers and
//! often from `today()` (age in months on the vaccination day), so a stored copy goes stale:
//! resumed on a later day it would no longer match and validation would report
//! `calculated-mismatch`. Whoever reads the answers recomputes them from the definition, and
//! leaving them out keeps the stored health data minimal. Answers are written in definition
//! order, then seq, so a payload is deterministic.

use monshin_core::{CompiledForm, FormKind, Location, Validated};
use monshin_wire::{
    AnswerValue, ChildCheckupId, LastPage, MasterId, RegisterChildQuestionnaireAnswer,
    RegisterQuestionnaireAnswer, RegisterStatus, RepeatSeq, VaccinationFormId, WireAnswer,
    WireError,
};
use serde::{Serialize, Serializer};

use crate::error::LifecycleError;
use crate::state::StoredForm;
use crate::transition::{check_last_page, check_last_page_range, transition, Transition};

/// A register request body, ready to send. Serialises as the wire body itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterPayload {
    /// 予診票の回答結果の登録 (operation 4).
    Questionnaire(RegisterQuestionnaireAnswer),
    /// 乳幼児問診票の回答結果の登録 (operation 9).
    ChildQuestionnaire(RegisterChildQuestionnaireAnswer),
}

impl RegisterPayload {
    /// The body for a validated answer set of `form`: the body type from the form kind, the
    /// status from the set (下書き / 回答済み), its last page, and every answer except those of
    /// calculated items, in definition order then seq.
    ///
    /// `pmh_id` is the 予診票管理ID / 乳幼児健診管理ID the body is registered under. `form` must be
    /// the definition the set was validated against (same definition ID and kind:
    /// `lifecycle.form-id-mismatch`, `lifecycle.form-kind-mismatch`). Fails with
    /// `lifecycle.last-page-out-of-range` if the last page is not a page of the form and
    /// `lifecycle.wire-value` if a value cannot be carried by PMH (e.g. a form ID with spaces).
    pub fn from_validated(
        form: &CompiledForm,
        validated: &Validated,
        pmh_id: &str,
    ) -> Result<Self, LifecycleError> {
        let set = validated.answers();
        if set.definition != form.definition_id() {
            return Err(LifecycleError::FormIdMismatch {
                what: "validated answer set",
                expected: form.definition_id().to_owned(),
            });
        }
        if validated.kind() != form.kind() {
            return Err(LifecycleError::FormKindMismatch {
                what: "validated answer set",
                expected: form.kind(),
                found: validated.kind(),
            });
        }
        let status = RegisterStatus::try_from(wire_status(validated.status()))
            .map_err(|e| wire_error(&e, Location::default()))?;
        check_last_page_range(form, validated.last_page())?;
        let last_page = LastPage::new(validated.last_page().0)
            .map_err(|e| wire_error(&e, Location::default()))?;
        let answers = wire_answers(form, validated)?;
        let document = Location::default;
        Ok(match form.kind() {
            FormKind::Vaccination => {
                RegisterPayload::Questionnaire(RegisterQuestionnaireAnswer::from_parts(
                    VaccinationFormId::new(pmh_id).map_err(|e| wire_error(&e, document()))?,
                    status,
                    last_page,
                    answers,
                ))
            }
            FormKind::ChildCheckup => {
                RegisterPayload::ChildQuestionnaire(RegisterChildQuestionnaireAnswer::from_parts(
                    ChildCheckupId::new(pmh_id).map_err(|e| wire_error(&e, document()))?,
                    status,
                    last_page,
                    answers,
                ))
            }
        })
    }

    /// 処理種別: `RegisterQuestionnaireAnswer` or `RegisterChildQuestionnaireAnswer`.
    pub fn process_type(&self) -> &'static str {
        match self {
            RegisterPayload::Questionnaire(b) => b.process_type(),
            RegisterPayload::ChildQuestionnaire(b) => b.process_type(),
        }
    }

    /// 回答状況 of the body.
    pub fn status(&self) -> RegisterStatus {
        match self {
            RegisterPayload::Questionnaire(b) => b.status(),
            RegisterPayload::ChildQuestionnaire(b) => b.status(),
        }
    }

    /// 最終更新ページ番号 of the body.
    pub fn last_page(&self) -> LastPage {
        match self {
            RegisterPayload::Questionnaire(b) => b.last_page(),
            RegisterPayload::ChildQuestionnaire(b) => b.last_page(),
        }
    }

    /// The answer triples of the body.
    pub fn answers(&self) -> &[WireAnswer] {
        match self {
            RegisterPayload::Questionnaire(b) => b.answers(),
            RegisterPayload::ChildQuestionnaire(b) => b.answers(),
        }
    }

    /// The body as compact JSON bytes (monshin-wire's encoding).
    pub fn to_json(&self) -> Result<Vec<u8>, LifecycleError> {
        match self {
            RegisterPayload::Questionnaire(b) => monshin_wire::encode(b),
            RegisterPayload::ChildQuestionnaire(b) => monshin_wire::encode(b),
        }
        .map_err(|e| wire_error(&e, Location::default()))
    }
}

impl Serialize for RegisterPayload {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RegisterPayload::Questionnaire(b) => b.serialize(s),
            RegisterPayload::ChildQuestionnaire(b) => b.serialize(s),
        }
    }
}

/// A register checked against what PMH holds: the transition it makes and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPlan {
    /// The status change.
    pub transition: Transition,
    /// The body to send.
    pub payload: RegisterPayload,
}

/// Everything a register must satisfy, in one call: the status [`transition()`] from PMH's
/// state (flag, 未回答 never sent, 回答済み never back to 下書き), the last-page rules against
/// the stored answers ([`check_last_page`]), then the payload ([`RegisterPayload::from_validated`]).
pub fn plan_register(
    form: &CompiledForm,
    stored: &StoredForm,
    validated: &Validated,
) -> Result<RegisterPlan, LifecycleError> {
    let transition = transition(&stored.state, validated.status())?;
    check_last_page(form, stored, validated.answers())?;
    let payload = RegisterPayload::from_validated(form, validated, &stored.pmh_id)?;
    Ok(RegisterPlan {
        transition,
        payload,
    })
}

fn wire_status(status: monshin_core::AnswerStatus) -> monshin_wire::AnswerStatus {
    match status {
        monshin_core::AnswerStatus::Unanswered => monshin_wire::AnswerStatus::Unanswered,
        monshin_core::AnswerStatus::Draft => monshin_wire::AnswerStatus::Draft,
        monshin_core::AnswerStatus::Answered => monshin_wire::AnswerStatus::Answered,
    }
}

fn wire_error(e: &WireError, location: Location) -> LifecycleError {
    LifecycleError::WireValue {
        wire_code: e.code(),
        location,
    }
}

/// The answers to register: calculated items left out, definition order then seq.
fn wire_answers(
    form: &CompiledForm,
    validated: &Validated,
) -> Result<Vec<WireAnswer>, LifecycleError> {
    let mut answers: Vec<(usize, &monshin_core::Answer)> = validated
        .answers()
        .answers
        .iter()
        .filter_map(|a| match form.item_summary(&a.id) {
            Some((_, it)) if it.calculated => None,
            Some((pos, _)) => Some((pos, a)),
            // Validation reports unknown items as errors, so none reaches here; kept last.
            None => Some((usize::MAX, a)),
        })
        .collect();
    // (page, id, seq) is unique in a validated set: an unstable sort gives the one order.
    answers.sort_unstable_by(|(pa, a), (pb, b)| {
        pa.cmp(pb)
            .then_with(|| a.id.cmp(&b.id))
            .then(a.seq.cmp(&b.seq))
    });
    answers
        .into_iter()
        .map(|(_, a)| {
            let at = || Location {
                master_id: Some(a.id.clone()),
                seq: Some(a.seq),
                ..Location::default()
            };
            Ok(WireAnswer::new(
                MasterId::new(&a.id).map_err(|e| wire_error(&e, at()))?,
                RepeatSeq::new(a.seq.0).map_err(|e| wire_error(&e, at()))?,
                AnswerValue::new(a.value.clone()),
            ))
        })
        .collect()
}
