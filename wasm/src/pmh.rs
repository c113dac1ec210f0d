//! A session's link to PMH: resume from a form-answers read response, diff against what PMH
//! holds, and plan the register (status transition, last-page rules, payload).
//!
//! Built on monshin-lifecycle (resume, `plan_register`) and `monshin_core::diff`; this module
//! only connects them to a [`Session`]. A session opened without a read response links to
//! [`StoredForm::unanswered`]: PMH holds nothing yet and the form may be answered.

use monshin_core::diff::{diff, AnswerDiff, DiffError};
use monshin_core::{AnswerStatus, Finding, FormKind};
use monshin_expr::Date;
use monshin_lifecycle::{
    plan_register, resume_child, resume_vaccination, LifecycleError, RegisterPlan, ResumeFinding,
    StoredForm,
};

use monshin_core::FindingCode;

use crate::dto::ErrorView;
use crate::session::{FormModel, Session};

/// What PMH holds for the form a session edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmhLink {
    /// State (回答許可フラグ, 回答状況, 最終更新ページ番号) and stored answers.
    pub stored: StoredForm,
    /// Where PMH's page labels differ from the definition.
    pub findings: Vec<ResumeFinding>,
}

impl PmhLink {
    /// PMH holds nothing under `pmh_id` for `form` yet, and it may be answered.
    pub fn unanswered(form: &FormModel, pmh_id: &str) -> PmhLink {
        PmhLink {
            stored: StoredForm::unanswered(pmh_id, form.compiled().definition_id(), true),
            findings: Vec::new(),
        }
    }
}

/// Why a PMH operation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum PmhError {
    /// The read response is not a valid PMH document (monshin-wire's code and JSON pointer).
    Wire {
        /// monshin-wire's code, e.g. `wire.wrong-type`.
        code: String,
        /// The message (never a value).
        message: String,
        /// JSON pointer of the offending value.
        pointer: Option<String>,
    },
    /// A lifecycle rule refused.
    Lifecycle(Box<LifecycleError>),
    /// The stored answers cannot be edited (unknown items, duplicates, seq gaps).
    NotEditable(Vec<Finding>),
    /// The answers do not pass validation in the mode their status requires.
    Invalid(Vec<Finding>),
    /// The stored and current answers cannot be compared.
    Diff(DiffError),
}

impl PmhError {
    /// As the error object thrown to JS.
    pub fn view(self) -> ErrorView {
        match self {
            PmhError::Wire {
                code,
                message,
                pointer,
            } => {
                let location = monshin_core::Location {
                    pointer,
                    ..monshin_core::Location::default()
                };
                ErrorView::coded(&code, message, location)
            }
            PmhError::Lifecycle(e) => ErrorView::coded(e.code(), e.to_string(), e.location()),
            PmhError::NotEditable(findings) => ErrorView::new(
                FindingCode::WasmAnswersNotEditable,
                "the answers PMH holds cannot be edited as they are; see findings",
            )
            .with_findings(findings),
            PmhError::Invalid(findings) => ErrorView::new(
                FindingCode::WasmAnswersInvalid,
                "the answers do not pass validation for their status; see findings",
            )
            .with_findings(findings),
            PmhError::Diff(e) => ErrorView::from_finding(e.to_finding(), Vec::new()),
        }
    }
}

fn wire_error(e: &monshin_wire::WireError) -> PmhError {
    PmhError::Wire {
        code: e.code().as_str().to_string(),
        message: e.to_string(),
        pointer: e.path().map(|p| p.to_pointer()),
    }
}

/// Open a session on what a form-answers read response (operation 3 for a 予診票, 8 for a
/// 乳幼児問診票, chosen by the form's kind) holds.
pub fn resume(
    form: &FormModel,
    read_json: &[u8],
    today: Date,
) -> Result<(Session, PmhLink), PmhError> {
    let compiled = form.compiled();
    let resumed = match compiled.kind() {
        FormKind::Vaccination => {
            let read = monshin_wire::parse_vaccination_form_answers(read_json)
                .map_err(|e| wire_error(&e))?;
            resume_vaccination(compiled, &read)
        }
        FormKind::ChildCheckup => {
            let read =
                monshin_wire::parse_child_form_answers(read_json).map_err(|e| wire_error(&e))?;
            resume_child(compiled, &read)
        }
    }
    .map_err(|e| PmhError::Lifecycle(Box::new(e)))?;
    let session = form
        .load(today, &resumed.stored.answers)
        .map_err(PmhError::NotEditable)?;
    Ok((
        session,
        PmhLink {
            stored: resumed.stored,
            findings: resumed.findings,
        },
    ))
}

/// What changed from the answers PMH holds to the session's answers (with `status`).
pub fn diff_stored(
    form: &FormModel,
    link: &PmhLink,
    session: &Session,
    status: AnswerStatus,
) -> Result<AnswerDiff, PmhError> {
    diff(
        form.compiled(),
        &link.stored.answers,
        &session.answer_set(status),
    )
    .map_err(PmhError::Diff)
}

/// Validate the session's answers for `status` and plan their register: the transition from
/// PMH's state, the last-page rules, and the body; with the warnings validation let through.
pub fn plan(
    form: &FormModel,
    link: &PmhLink,
    session: &Session,
    status: AnswerStatus,
) -> Result<(RegisterPlan, Vec<Finding>), PmhError> {
    let validated = form
        .compiled()
        .validate_for_status(session.answer_set(status), session.today())
        .map_err(|rejected| PmhError::Invalid(rejected.report.into_findings()))?;
    let plan = plan_register(form.compiled(), &link.stored, &validated)
        .map_err(|e| PmhError::Lifecycle(Box::new(e)))?;
    Ok((plan, validated.warnings().to_vec()))
}

/// After a successful register of `plan`, PMH holds its answers: the new base of diffs and
/// of the next register's rules.
pub fn registered(link: &mut PmhLink, session: &Session, plan: &RegisterPlan) {
    let status = plan.transition.target();
    let mut answers = session.answer_set(status);
    answers.last_page = Some(monshin_lifecycle::boundary::last_page_from_wire(
        plan.payload.last_page(),
    ));
    link.stored = StoredForm {
        pmh_id: std::mem::take(&mut link.stored.pmh_id),
        state: monshin_lifecycle::PmhFormState {
            answerable: link.stored.state.answerable,
            status,
            last_page: answers.last_page,
        },
        answers,
    };
}
