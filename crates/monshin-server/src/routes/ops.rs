//! `/healthz`, `/readyz`, `/metrics`, `/openapi.json` and the answers for unknown routes and
//! methods.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use monshin_core::FindingCode;
use schemars::JsonSchema;
use serde::Serialize;

use crate::error::ApiError;
use crate::openapi::*;
use crate::routes::forms::json_bytes;
use crate::state::Shared;

/// The answer of `/healthz` and `/readyz`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Health {
    /// `ok` (alive) or `ready` (taking requests).
    pub status: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = HealthDoc)))]
pub(crate) async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: the forms are compiled and the service is not shutting down.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = HealthDoc),
        (status = 503, description = "Shutting down", body = ErrorDoc),
    ))]
pub(crate) async fn readyz(State(state): State<Shared>) -> Response {
    if state.is_ready() {
        Json(Health { status: "ready" }).into_response()
    } else {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            FindingCode::ServerNotReady,
            "the service is shutting down",
        );
        e.retry_after = Some(1);
        e.into_response()
    }
}

/// Prometheus metrics (OpenMetrics text).
///
/// `monshin_http_requests_total` and `monshin_http_request_duration_seconds` by route template,
/// method, status and outcome; `monshin_http_requests_in_flight`; `monshin_answer_sets_total`
/// by route and result. No label holds a value, a path as sent or a token.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "The metrics", body = String,
        content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8")))]
pub(crate) async fn metrics(State(state): State<Shared>) -> Response {
    let mut r = state.metrics.render().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    r
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)))]
pub(crate) async fn openapi(State(state): State<Shared>) -> Response {
    json_bytes(state.openapi.clone())
}

/// 404 for a path no route has (the path is not repeated).
pub(crate) async fn no_route() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        FindingCode::ServerNoRoute,
        "no route has this path; GET /openapi.json lists them",
    )
}

/// 405 for a method the route does not take.
pub(crate) async fn no_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        FindingCode::ServerNoRoute,
        "this route does not take this method; GET /openapi.json lists them",
    )
}
