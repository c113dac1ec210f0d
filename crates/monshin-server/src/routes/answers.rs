//! `POST /v1/forms/{id}/validate`, `/normalize` and `/payload`: one answer set against one
//! bundled form, with the engine's entry points (`batch::validate_set`,
//! `CompiledForm::normalize`, `validate_for_status` + `RegisterPayload::from_validated`).

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use monshin_core::{AnswerSet, AnswerStatus, Finding, FindingCode, Normalization, PageNumber};
use monshin_lifecycle::RegisterPayload;
use schemars::JsonSchema;
use serde::Serialize;

use crate::batch::{validate_set, BatchOptions};
use crate::error::ApiError;
use crate::openapi::*;
use crate::report::ValidationReport;
use crate::routes::extract::{LimitedBody, Query};
use crate::state::{FormEntry, Shared};

/// The form named in the path (404 when not bundled; the name is never repeated).
pub(crate) fn form_of<'s>(state: &'s Shared, id: &str) -> Result<&'s FormEntry, ApiError> {
    state.form(id).ok_or_else(ApiError::unknown_form)
}

/// Validate an answer set.
///
/// The mode is `mode` when given, else the one the set's status needs (`answered` → complete,
/// otherwise draft). Findings are data: a set with error findings is still a 200 with
/// `valid: false`.
#[utoipa::path(
    post,
    path = "/v1/forms/{id}/validate",
    tag = "answers",
    params(
        ("id" = String, Path, description = "A bundled form's `id`", example = "vaccination-pcv"),
        ("mode" = Option<String>, Query, description = "`draft` or `complete` (default: what the status needs)"),
        ("today" = Option<String>, Query, description = "The date `today()` means, YYYY-MM-DD (default: today in Japan)", example = "2026-04-01"),
    ),
    request_body(content = AnswerSetDoc, content_type = "application/json", description = "An answer set"),
    responses(
        (status = 200, description = "The findings", body = ReportDoc),
        (status = 400, description = "Not an answer set, or a bad query parameter", body = ErrorDoc),
        (status = 404, description = "No bundled form has this id", body = ErrorDoc),
        (status = 413, description = "The body is over `body-bytes`", body = ErrorDoc),
    )
)]
pub(crate) async fn validate(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    LimitedBody(body): LimitedBody,
) -> Result<Response, ApiError> {
    let form = form_of(&state, &id)?;
    let query = Query::parse(raw.as_deref(), &["mode", "today"])?;
    let options = BatchOptions {
        mode: query.mode()?,
        today: query.today(&state)?,
    };
    let report = validate_set(&form.compiled, &options, &body)?;
    let valid = report.is_valid();
    state
        .metrics
        .sets("validate", if valid { "valid" } else { "invalid" }, 1);
    Ok(Json(ValidationReport::of(report.findings())).into_response())
}

/// The answer of `normalize`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NormalizeResult {
    /// The answer set with recognisable non-canonical answers rewritten.
    pub answers: AnswerSet,
    /// One entry per changed answer: where, and which rules.
    pub changes: Vec<Normalization>,
    /// Positions (in `answers`) of answers whose master ID the form does not have: kept,
    /// never repeated here.
    pub unknown_answers: Vec<usize>,
}

/// Normalise an answer set.
///
/// Full-width digits, era dates, units, yes/no words, labels… are rewritten to the canonical
/// encoding; what normalisation recognises but cannot make right is left as typed (validation
/// reports it).
#[utoipa::path(
    post,
    path = "/v1/forms/{id}/normalize",
    tag = "answers",
    params(("id" = String, Path, description = "A bundled form's `id`", example = "vaccination-pcv")),
    request_body(content = AnswerSetDoc, content_type = "application/json", description = "An answer set"),
    responses(
        (status = 200, description = "The normalised set and what changed", body = NormalizeDoc),
        (status = 400, description = "Not an answer set", body = ErrorDoc),
        (status = 404, description = "No bundled form has this id", body = ErrorDoc),
        (status = 413, description = "The body is over `body-bytes`", body = ErrorDoc),
    )
)]
pub(crate) async fn normalize(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    LimitedBody(body): LimitedBody,
) -> Result<Response, ApiError> {
    let form = form_of(&state, &id)?;
    Query::parse(raw.as_deref(), &[])?;
    let mut set = AnswerSet::from_json(&body, form.compiled.limits())?;
    let changes = form.compiled.normalize(&mut set);
    let unknown_answers = form.compiled.unknown_answers(&set);
    Ok(Json(NormalizeResult {
        answers: set,
        changes,
        unknown_answers,
    })
    .into_response())
}

/// The answer of `payload` when the set passes.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PayloadResult {
    /// The `RegisterQuestionnaireAnswer` (予診票) or `RegisterChildQuestionnaireAnswer`
    /// (乳幼児健診) body: `schemas/pmh-register-questionnaire-answer.schema.json`,
    /// `schemas/pmh-register-child-questionnaire-answer.schema.json`.
    #[schemars(with = "serde_json::Value")]
    pub payload: RegisterPayload,
    /// Warning findings of the validation.
    pub warnings: Vec<Finding>,
}

/// Build the PMH register body.
///
/// The set's status and last page are set from `status` and `lastPage`, the set is validated
/// in the mode that status needs (draft → draft, answered → complete) and, when it passes, the
/// register body of its form kind is returned. When it does not pass: 422 with the findings.
#[utoipa::path(
    post,
    path = "/v1/forms/{id}/payload",
    tag = "answers",
    params(
        ("id" = String, Path, description = "A bundled form's `id`", example = "vaccination-pcv"),
        ("pmhId" = String, Query, description = "The 予診票管理ID / 乳幼児健診管理ID to register under (not the definition id)", example = "Y-PCV15-3"),
        ("status" = String, Query, description = "`draft` (下書き) or `answered` (回答済み)", example = "answered"),
        ("lastPage" = u32, Query, description = "最終更新ページ番号, 1..pages", example = 5),
        ("today" = Option<String>, Query, description = "The date `today()` means, YYYY-MM-DD", example = "2026-04-01"),
    ),
    request_body(content = AnswerSetDoc, content_type = "application/json", description = "An answer set"),
    responses(
        (status = 200, description = "The register body", body = PayloadDoc),
        (status = 400, description = "Not an answer set, or a missing or bad query parameter", body = ErrorDoc),
        (status = 404, description = "No bundled form has this id", body = ErrorDoc),
        (status = 413, description = "The body is over `body-bytes`", body = ErrorDoc),
        (status = 422, description = "The set does not pass validation for the status", body = ReportDoc),
    )
)]
pub(crate) async fn payload(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    LimitedBody(body): LimitedBody,
) -> Result<Response, ApiError> {
    let form = form_of(&state, &id)?;
    let query = Query::parse(raw.as_deref(), &["pmhId", "status", "lastPage", "today"])?;
    let pmh_id = query.required("pmhId", "the PMH ID to register under")?;
    let status = AnswerStatus::parse(query.required("status", "`draft` or `answered`")?)
        .filter(|s| *s != AnswerStatus::Unanswered)
        .ok_or_else(|| ApiError::bad_query("status", "`draft` or `answered`"))?;
    let last_page = query
        .required("lastPage", "a page number from 1")?
        .parse::<u32>()
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| ApiError::bad_query("lastPage", "a page number from 1"))?;
    let today = query.today(&state)?;
    let mut set = AnswerSet::from_json(&body, form.compiled.limits())?;
    set.status = status;
    set.last_page = Some(PageNumber(last_page));
    let validated = match form.compiled.validate_for_status(set, today) {
        Ok(v) => v,
        Err(rejected) => {
            let report = ValidationReport::of(rejected.report.findings());
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(report)).into_response());
        }
    };
    let payload = RegisterPayload::from_validated(&validated, pmh_id).map_err(|e| {
        let mut error = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            FindingCode::ServerBadQuery,
            format!("the register body cannot be built: {e}"),
        );
        error.finding.location = e.location();
        error.finding.detail_code = Some(e.code().to_string());
        error
    })?;
    Ok(Json(PayloadResult {
        payload,
        warnings: validated.warnings().to_vec(),
    })
    .into_response())
}
