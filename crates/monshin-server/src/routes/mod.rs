//! The router: every route, the fallback, and the layers every request passes — observe
//! (log line and metrics), bearer token, concurrency and time bounds.

mod answers;
mod batch;
mod extract;
mod forms;
mod inspect;
mod layers;
mod ops;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub(crate) use answers::{__path_normalize, __path_payload, __path_validate};
pub use answers::{NormalizeResult, PayloadResult};
pub(crate) use batch::__path_batch;
pub(crate) use forms::{__path_form, __path_forms};
pub(crate) use inspect::__path_inspect;
pub use ops::Health;
pub(crate) use ops::{__path_healthz, __path_metrics, __path_openapi, __path_readyz};

/// Every route template, the only values of the `route` label.
pub const ROUTES: [&str; 11] = [
    "/v1/forms",
    "/v1/forms/{id}",
    "/v1/forms/{id}/validate",
    "/v1/forms/{id}/normalize",
    "/v1/forms/{id}/payload",
    "/v1/validate/batch",
    "/v1/pmh/inspect",
    "/openapi.json",
    "/healthz",
    "/readyz",
    "/metrics",
];

/// The service's router over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let bounded = Router::new()
        .route("/v1/forms", get(forms::forms))
        .route("/v1/forms/{id}", get(forms::form))
        .route("/v1/forms/{id}/validate", post(answers::validate))
        .route("/v1/forms/{id}/normalize", post(answers::normalize))
        .route("/v1/forms/{id}/payload", post(answers::payload))
        .route("/v1/validate/batch", post(batch::batch))
        .route("/v1/pmh/inspect", post(inspect::inspect))
        .route("/openapi.json", get(ops::openapi))
        .route("/metrics", get(ops::metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::bound,
        ));
    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .merge(bounded)
        .fallback(ops::no_route)
        .method_not_allowed_fallback(ops::no_method)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::authorize,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::observe,
        ))
        .with_state(state)
}
