//! `POST /v1/pmh/inspect`: any PMH document read as monshin-wire reads it
//! ([`crate::inspect::inspect_document`]).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use monshin_core::FindingCode;

use crate::error::ApiError;
use crate::inspect::{inspect_document, kind_by_name, kind_names};
use crate::openapi::*;
use crate::routes::extract::{LimitedBody, Query};
use crate::state::Shared;

/// Read a PMH document.
///
/// The eight read responses and the two register bodies; the kind is detected from the
/// top-level members unless `kind` names it. The answer shows the document redacted (基本５情報
/// and answer values as `<redacted>`) and its read findings; `readable: false` when it does not
/// fit the model. With `strict=true` read findings are errors.
#[utoipa::path(
    post,
    path = "/v1/pmh/inspect",
    tag = "pmh",
    params(
        ("kind" = Option<String>, Query, description = "vaccination-list, vaccination-form-list, vaccination-form-answers, register-questionnaire-answer, prenatal-checkups, prenatal-vouchers, child-checkups, child-form-answers, register-child-questionnaire-answer, subsidy-certificates"),
        ("strict" = Option<bool>, Query, description = "Read findings are errors"),
    ),
    request_body(content = Object, content_type = "application/json", description = "A PMH document"),
    responses(
        (status = 200, description = "What the document holds and its findings", body = InspectionDoc),
        (status = 400, description = "Not JSON, or the kind cannot be told", body = ErrorDoc),
        (status = 413, description = "The body is over `body-bytes`", body = ErrorDoc),
    )
)]
pub(crate) async fn inspect(
    State(_state): State<Shared>,
    RawQuery(raw): RawQuery,
    LimitedBody(body): LimitedBody,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref(), &["kind", "strict"])?;
    let kind = match query.get("kind") {
        Some(name) => Some(
            kind_by_name(name)
                .ok_or_else(|| ApiError::bad_query("kind", &format!("one of: {}", kind_names())))?,
        ),
        None => None,
    };
    let strict = match query.get("strict") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::bad_query("strict", "`true` or `false`")),
    };
    let (_, inspection) = inspect_document(&body, kind, strict).map_err(|mut finding| {
        if finding.code == FindingCode::CliBadArgument {
            finding.code = FindingCode::ServerBadBody;
        }
        ApiError {
            status: StatusCode::BAD_REQUEST,
            finding,
            retry_after: None,
        }
    })?;
    Ok(Json(inspection).into_response())
}
