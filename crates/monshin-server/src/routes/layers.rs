//! The layers every request passes: [`observe`] (one log line and the metrics, outermost, so
//! refusals are counted too), [`authorize`] (bearer token) and [`bound`] (concurrency and
//! time; around every route but `/healthz` and `/readyz`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::OwnedSemaphorePermit;

use crate::auth;
use crate::error::{ApiError, ErrorCode};
use crate::metrics::{outcome, RequestLabels};
use crate::routes::ROUTES;
use crate::state::Shared;

/// The concurrency permit of a request, for a handler whose answer outlives it (the streamed
/// batch keeps it until the last line is written).
#[derive(Clone, Debug)]
pub(crate) struct Permit(#[allow(dead_code)] pub(crate) Arc<OwnedSemaphorePermit>);

/// When a request must be done.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline(pub(crate) Instant);

/// The route template of a request as a `'static` label: one of [`ROUTES`] or `unmatched`.
fn route_label(req: &Request) -> &'static str {
    let Some(path) = req.extensions().get::<MatchedPath>() else {
        return "unmatched";
    };
    ROUTES
        .iter()
        .find(|r| **r == path.as_str())
        .copied()
        .unwrap_or("unmatched")
}

/// Logs one line per request and records its metrics: route template, method, status,
/// code of an error answer, duration. Never the path, the query, a header or the body.
pub(crate) async fn observe(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = route_label(&req);
    let method = match *req.method() {
        Method::GET => "GET",
        Method::POST => "POST",
        _ => "other",
    };
    state.metrics.in_flight(1);
    let response = next.run(req).await;
    state.metrics.in_flight(-1);
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    let code = response
        .extensions()
        .get::<ErrorCode>()
        .map(|c| c.0.as_str())
        .unwrap_or("");
    let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    if status >= 500 {
        tracing::warn!(route, method, status, code, micros, "request");
    } else if status >= 400 {
        tracing::info!(route, method, status, code, micros, "request");
    } else {
        tracing::debug!(route, method, status, micros, "request");
    }
    state.metrics.record(
        RequestLabels {
            route,
            method,
            status,
            outcome: outcome(status),
        },
        elapsed.as_secs_f64(),
    );
    response
}

/// With a token configured, every route but `/healthz` and `/readyz` needs
/// `Authorization: Bearer <token>`; 401 otherwise.
pub(crate) async fn authorize(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let Some(token) = &state.token else {
        return next.run(req).await;
    };
    let open = matches!(req.uri().path(), "/healthz" | "/readyz");
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes());
    if open || auth::bearer_matches(token, given) {
        return next.run(req).await;
    }
    let mut response = auth::unauthorized().into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer"),
    );
    response
}

/// At most `concurrency` requests at once (429 beyond, at once, never queued), each done
/// within `timeout` (503 after).
pub(crate) async fn bound(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let Ok(permit) = state.permits.clone().try_acquire_owned() else {
        return ApiError::busy().into_response();
    };
    let timeout: Duration = state.limits.timeout;
    let deadline = Instant::now() + timeout;
    // Held here until the answer is made (a handler may drop the request's extensions early),
    // and by a streamed answer until its last byte.
    let permit = Arc::new(permit);
    req.extensions_mut().insert(Permit(permit.clone()));
    req.extensions_mut().insert(Deadline(deadline));
    let response = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::timeout(timeout.as_millis()).into_response(),
    };
    drop(permit);
    response
}
