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
//! `answers.calculated-mismatch`. Whoever reads the answers recomputes them from the definition, and
//! leaving them out keeps the stored health data minimal. Answers are written in definition
//! order, then seq, so a payload is deterministic.

use monshin_core::{CompiledForm, FormKind, Location, Validated};
use monshin_wire::{
    LastPage, RegisterBody, RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer,
    RegisterStatus, WireAnswer,
};
use serde::{Serialize, Serializer};

use crate::boundary::{answer_to_wire, last_page_to_wire, register_status, wire_error};
use crate::error::LifecycleError;
use crate::policy::Policy;
use crate::state::StoredForm;
use crate::transition::{check_last_page, transition, Transition};

/// A register request body, ready to send. Serialises as the wire body itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterPayload {
    /// 予診票の回答結果の登録 (operation 4).
    Questionnaire(RegisterQuestionnaireAnswer),
    /// 乳幼児問診票の回答結果の登録 (operation 9).
    ChildQuestionnaire(RegisterChildQuestionnaireAnswer),
}

/// One body of either family from a validated set: the identity, status, last page and
/// registrable answers all come from the [`Validated`]. Only the last step is generic, so the
/// conversions exist once (WebAssembly size).
fn body<B: RegisterBody>(validated: &Validated, pmh_id: &str) -> Result<B, LifecycleError> {
    let (status, last_page, answers) = register_parts(validated)?;
    B::from_parts(pmh_id, status, last_page, answers)
        .map_err(|e| wire_error(&e, Location::default()))
}

/// Status, last page and answers of the body for `validated`.
fn register_parts(
    validated: &Validated,
) -> Result<(RegisterStatus, LastPage, Vec<WireAnswer>), LifecycleError> {
    let status = register_status(validated.status())?;
    let last_page = last_page_to_wire(validated.last_page())?;
    let answers = validated
        .registrable_answers()
        .map(answer_to_wire)
        .collect::<Result<Vec<WireAnswer>, _>>()?;
    Ok((status, last_page, answers))
}

impl RegisterPayload {
    /// The body for a validated answer set: the body type from the form kind it was validated
    /// against, the status (下書き / 回答済み), its last page, and every answer except those of
    /// calculated items and blank ones, in definition order then seq
    /// ([`Validated::registrable_answers`]). `pmh_id` is the 予診票管理ID / 乳幼児健診管理ID the
    /// body is registered under (never the definition's own id). Validation already checked the
    /// definition identity and the last page's range, so nothing is compared again here. Fails
    /// with `lifecycle.wire-value` if a value cannot be carried by PMH.
    pub fn from_validated(validated: &Validated, pmh_id: &str) -> Result<Self, LifecycleError> {
        Ok(match validated.kind() {
            FormKind::Vaccination => RegisterPayload::Questionnaire(body(validated, pmh_id)?),
            FormKind::ChildCheckup => RegisterPayload::ChildQuestionnaire(body(validated, pmh_id)?),
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

/// A register checked against what PMH holds: the transition it makes, its body, and the
/// rules of our design it broke that the [`Policy`] only warns about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPlan {
    /// The status change.
    pub transition: Transition,
    /// The body to send.
    pub payload: RegisterPayload,
    /// Policy rules broken but set to [`crate::policy::RuleAction::Warn`], each with its code and location
    /// (`lifecycle.answered-to-draft`, `lifecycle.last-page-not-updated`).
    pub warnings: Vec<LifecycleError>,
}

/// [`plan_register_with`] under the default [`Policy`]: only the guideline's rules refuse,
/// our own rules warn.
pub fn plan_register(
    form: &CompiledForm,
    stored: &StoredForm,
    validated: &Validated,
) -> Result<RegisterPlan, LifecycleError> {
    plan_register_with(form, stored, validated, &Policy::default())
}

/// Everything a register must satisfy, in one call: the status [`transition()`] from PMH's
/// state (the guideline's rules: 回答許可フラグ, 未回答 never sent), the last-page rules against
/// the stored answers ([`check_last_page`]), then the payload
/// ([`RegisterPayload::from_validated`]). The rules of our design — reopening an answered form
/// as a draft, a last page that is not a page this register updates — are applied as `policy`
/// says: refused, warned about (in [`RegisterPlan::warnings`]) or allowed.
pub fn plan_register_with(
    form: &CompiledForm,
    stored: &StoredForm,
    validated: &Validated,
    policy: &Policy,
) -> Result<RegisterPlan, LifecycleError> {
    let mut warnings = Vec::new();
    let transition = transition(&stored.state, validated.status())?;
    if transition == Transition::Reopen {
        policy.apply(
            policy.reopen_answered,
            LifecycleError::AnsweredToDraft,
            &mut warnings,
        )?;
    }
    match check_last_page(form, stored, validated.answers()) {
        Err(e @ LifecycleError::LastPageNotUpdated { .. }) => {
            policy.apply(policy.last_page_not_updated, e, &mut warnings)?;
        }
        other => other?,
    }
    let payload = RegisterPayload::from_validated(validated, &stored.pmh_id)?;
    Ok(RegisterPlan {
        transition,
        payload,
        warnings,
    })
}
