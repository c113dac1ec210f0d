//! `monshin serve`: the engine over HTTP for server code in any language.
//!
//! One process holds the bundled forms, compiled once at start from the bundled catalogue
//! ([`state::AppState`]), and answers:
//!
//! | route | what |
//! |---|---|
//! | `GET /v1/forms` | the bundled forms and the catalogue |
//! | `GET /v1/forms/{id}` | a form's definition, version and the JSON Schema of its answer sets |
//! | `POST /v1/forms/{id}/validate` | answer set → report (`?mode=` or the set's status) |
//! | `POST /v1/forms/{id}/normalize` | answer set → normalised answer set and what changed |
//! | `POST /v1/forms/{id}/payload` | answer set → PMH register body, or the findings |
//! | `POST /v1/validate/batch` | NDJSON answer sets → NDJSON results, streamed |
//! | `POST /v1/pmh/inspect` | any PMH document → what it holds (redacted) and its read findings |
//! | `GET /openapi.json`, `/healthz`, `/readyz`, `/metrics` | description, liveness, readiness, Prometheus |
//!
//! Every error is `{"error": Finding}`, the shape of the CLI's `--format json` errors
//! ([`error::ApiError`]). Bodies, concurrency and time are bounded ([`config::ServeLimits`]);
//! an optional bearer token is compared in constant time ([`auth`]); logs and metrics carry
//! routes, statuses and codes, never answer values or unknown names ([`metrics`]). The
//! OpenAPI 3.1 document is built from the same Rust types ([`openapi`]) and checked in as
//! `schemas/openapi.json`.

pub mod auth;
pub mod batch;
pub mod clock;
pub mod config;
pub mod error;
pub mod inspect;
pub mod metrics;
pub mod openapi;
pub mod report;
mod routes;
pub mod serve;
pub mod state;

pub use config::{ServeConfig, ServeLimits, Token};
pub use error::ApiError;
pub use routes::{router, Health, NormalizeResult, PayloadResult, ROUTES};
pub use serve::{serve, shutdown_signal};
pub use state::AppState;
