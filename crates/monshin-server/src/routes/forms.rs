//! `GET /v1/forms` and `GET /v1/forms/{id}`: bodies rendered once at start.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::error::ApiError;
use crate::openapi::*;
use crate::routes::answers::form_of;
use crate::state::Shared;

/// A JSON body already rendered.
pub(crate) fn json_bytes(body: Bytes) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// The bundled forms and the catalogue.
///
/// Which definition (and parameters) answers each PMH vaccination list entry (vaccine kind
/// code, 期, 価, dose) and check-up.
#[utoipa::path(
    get,
    path = "/v1/forms",
    tag = "forms",
    responses((status = 200, description = "Forms and catalogue", body = FormListDoc))
)]
pub(crate) async fn forms(State(state): State<Shared>) -> Response {
    json_bytes(state.form_list.clone())
}

/// One form: definition, version and the JSON Schema of its answer sets.
#[utoipa::path(
    get,
    path = "/v1/forms/{id}",
    tag = "forms",
    params(("id" = String, Path, description = "A bundled form's `id`", example = "vaccination-pcv")),
    responses(
        (status = 200, description = "The form", body = FormDetailDoc),
        (status = 404, description = "No bundled form has this id", body = ErrorDoc),
    )
)]
pub(crate) async fn form(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(json_bytes(form_of(&state, &id)?.detail.clone()))
}
