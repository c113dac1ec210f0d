//! A register under the PMH rules, on one citizen's documents, split by responsibility:
//!
//! 1. [`Request::parse`]: the body (`monshin-wire`, 400);
//! 2. the form: the citizen's answers document (404), 回答許可フラグ and a bundled definition
//!    (409 `pmh.not-answerable`);
//! 3. [`check_rules`]: the status transition (`monshin-lifecycle`, 409), validation in the
//!    mode of the status (`monshin-core`, 422 with findings), the last-page rules
//!    (`monshin-lifecycle`, 422);
//! 4. [`Citizen::record`]: the new answers and status, and the form's revision.
//!
//! Only the guideline's rules: the rules of monshin's own design (`monshin_lifecycle::Policy`:
//! reopening an answered form, a last page that was not updated) are the app's to apply.
//!
//! The idempotency key is checked before (a repeat replays the first receipt) and remembered
//! with the new citizen document in one transaction (`store`); this module neither reads nor
//! writes anything durable.

use monshin_core::{AnswerSet, CompiledForm};
use monshin_expr::Date;
use monshin_lifecycle::boundary::{answer_from_wire, last_page_from_wire};
use monshin_lifecycle::{
    check_last_page, resume_child, resume_vaccination, transition, LifecycleError,
};
use monshin_pmh::api::{RegisterReceipt, RemoteFinding, RemoteLocation};
use monshin_pmh::{Operation, ServerCode};
use monshin_wire::{
    AnswerStatus, LastPage, RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer,
    RegisterStatus, WireAnswer,
};

use crate::error::ApiError;
use crate::state::{Citizen, Forms, StoredDoc};

/// A register the rules accepted: the citizen's documents with it applied, and its receipt.
#[derive(Clone)]
pub(crate) struct Registered {
    pub(crate) citizen: Citizen,
    pub(crate) form_id: String,
    pub(crate) receipt: RegisterReceipt,
}

/// Applies a register of `body` to a copy of `citizen` (see the module documentation).
pub(crate) fn apply(
    citizen: &Citizen,
    op: Operation,
    body: &[u8],
    forms: &Forms,
    today: Date,
) -> Result<Registered, ApiError> {
    let request = Request::parse(op, body)?;
    let form = answerable_form(citizen, op, &request.form_id, forms)?;
    check_rules(citizen, op, form, &request, today)?;
    let mut citizen = citizen.clone();
    let status = AnswerStatus::from(request.status);
    let revision = citizen.record(
        &request.form_id,
        status,
        request.last_page,
        &request.answers,
    );
    Ok(Registered {
        citizen,
        receipt: RegisterReceipt {
            revision,
            status,
            last_page: request.last_page,
            answer_count: u32::try_from(request.answers.len()).unwrap_or(u32::MAX),
            replayed: false,
        },
        form_id: request.form_id,
    })
}

fn not_answerable() -> ApiError {
    ApiError::new(
        ServerCode::NotAnswerable,
        "the form may not be answered now",
    )
}

/// The definition of the form a register updates, if the citizen has it and may answer it.
fn answerable_form<'f>(
    citizen: &Citizen,
    op: Operation,
    form_id: &str,
    forms: &'f Forms,
) -> Result<&'f CompiledForm, ApiError> {
    let answerable = match citizen.stored_doc(op, form_id) {
        Some(StoredDoc::Vaccination(d)) => d.answerable,
        Some(StoredDoc::Child(d)) => d.answerable,
        None => {
            return Err(ApiError::new(
                ServerCode::NotFound,
                "no such form for this person",
            ))
        }
    };
    if !answerable {
        return Err(not_answerable());
    }
    forms.get(citizen, form_id).ok_or_else(not_answerable)
}

/// The status transition, validation in the mode of the status and the last-page rules.
fn check_rules(
    citizen: &Citizen,
    op: Operation,
    form: &CompiledForm,
    request: &Request,
    today: Date,
) -> Result<(), ApiError> {
    let resumed = match citizen.stored_doc(op, &request.form_id) {
        Some(StoredDoc::Vaccination(d)) => resume_vaccination(form, d),
        Some(StoredDoc::Child(d)) => resume_child(form, d),
        None => return Err(ApiError::internal()),
    }
    .map_err(|_| ApiError::internal())?;
    let stored = resumed.stored;
    let next = request.answer_set(form.definition_id());
    // Like PMH, only the guideline's rules: 回答済み → 下書き is allowed.
    transition(&stored.state, next.status).map_err(|e| match e {
        LifecycleError::NotAnswerable => not_answerable(),
        _ => ApiError::new(
            ServerCode::StatusTransition,
            "this status change is not allowed",
        ),
    })?;
    let validated = form
        .validate_for_status(next, today)
        .map_err(|rejected| ApiError {
            findings: rejected
                .report
                .errors()
                .map(|f| RemoteFinding {
                    code: f.code.as_str().to_owned(),
                    severity: "error".to_owned(),
                    location: RemoteLocation {
                        page: f.location.page.map(|p| p.0),
                        master_id: f.location.master_id.clone(),
                        seq: f.location.seq.map(|s| s.0),
                        answer_index: f.location.answer_index(),
                    },
                })
                .collect(),
            ..ApiError::new(
                ServerCode::InvalidAnswers,
                "the answers do not pass validation against the form definition",
            )
        })?;
    // Whether the last page is a page this register updates is our design, not PMH's rule.
    match check_last_page(form, &stored, validated.answers()) {
        Ok(()) | Err(LifecycleError::LastPageNotUpdated { .. }) => Ok(()),
        Err(LifecycleError::LastPageMissing | LifecycleError::LastPageOutOfRange { .. }) => {
            Err(ApiError::new(
                ServerCode::LastPage,
                "the last page is not a page of the form",
            ))
        }
        Err(_) => Err(ApiError::internal()),
    }
}

/// A parsed register body, whichever of the two.
pub(crate) struct Request {
    form_id: String,
    status: RegisterStatus,
    last_page: LastPage,
    answers: Vec<WireAnswer>,
}

impl Request {
    pub(crate) fn parse(op: Operation, body: &[u8]) -> Result<Request, ApiError> {
        match op {
            Operation::RegisterVaccinationAnswers => {
                let b: RegisterQuestionnaireAnswer =
                    monshin_wire::parse(body).map_err(|e| ApiError::bad_body(&e))?;
                Ok(Request {
                    form_id: b.form_id().to_string(),
                    status: b.status(),
                    last_page: b.last_page(),
                    answers: b.answers().to_vec(),
                })
            }
            Operation::RegisterChildAnswers => {
                let b: RegisterChildQuestionnaireAnswer =
                    monshin_wire::parse(body).map_err(|e| ApiError::bad_body(&e))?;
                Ok(Request {
                    form_id: b.checkup_id().to_string(),
                    status: b.status(),
                    last_page: b.last_page(),
                    answers: b.answers().to_vec(),
                })
            }
            _ => Err(ApiError::internal()),
        }
    }

    /// The body as a `monshin-core` answer set of the definition `definition`.
    fn answer_set(&self, definition: &str) -> AnswerSet {
        AnswerSet {
            definition: definition.to_owned(),
            status: AnswerStatus::from(self.status),
            last_page: Some(last_page_from_wire(self.last_page)),
            answers: self.answers.iter().map(answer_from_wire).collect(),
        }
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: a fingerprint of a register body that is stable across
/// runs and builds (a resend with the same key must carry the same body).
pub(crate) fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c");
    }
}
