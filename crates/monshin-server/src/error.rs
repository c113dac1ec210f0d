//! [`ApiError`]: every error answer of the service, `{"error": Finding}` with an HTTP status,
//! the shape of the CLI's `--format json` errors (`crates/monshin-cli/src/fatal.rs`).
//!
//! Nothing a client sent is echoed: unknown form names, query values and body content are
//! described by role (and, where useful, by shape), engine errors keep their own code and
//! JSON Pointer, and messages are bounded to [`MAX_MESSAGE_CHARS`] characters.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use monshin_core::{Finding, FindingCode, Location};
use schemars::JsonSchema;
use serde::Serialize;

/// Longest message sent; longer ones are cut.
pub const MAX_MESSAGE_CHARS: usize = 500;

/// The body of every error answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ErrorBody {
    /// What went wrong: code, severity (always `error`), location, message.
    pub error: Finding,
}

/// An error answer: a status and one finding.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The finding sent as `{"error": …}`.
    pub finding: Box<Finding>,
    /// Seconds for `Retry-After` (429, 503).
    pub retry_after: Option<u32>,
}

impl ApiError {
    /// An error with a code of the `server.*` or `document.*` family.
    pub fn new(status: StatusCode, code: FindingCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            finding: Box::new(Finding::error(code, Location::default(), message)),
            retry_after: None,
        }
    }

    /// 404 for a form name that is not bundled; the name is not repeated.
    pub fn unknown_form() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            FindingCode::ServerUnknownForm,
            "no bundled form has this id; GET /v1/forms lists them",
        )
    }

    /// 400 for a query parameter that is not accepted.
    pub fn bad_query(name: &str, expected: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            FindingCode::ServerBadQuery,
            format!("query parameter `{name}` must be {expected}"),
        )
    }

    /// 413 for a body over `limit` bytes.
    pub fn too_large(limit: u64) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            FindingCode::DocumentTooLarge,
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }

    /// 429 when the concurrency limit is reached.
    pub fn busy() -> ApiError {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            FindingCode::ServerBusy,
            "too many requests in flight; retry later",
        );
        e.retry_after = Some(1);
        e
    }

    /// 503 when a request took longer than the time limit.
    pub fn timeout(ms: u128) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            FindingCode::ServerTimeout,
            format!("the request took longer than the limit of {ms} ms"),
        );
        e.retry_after = Some(1);
        e
    }

    /// 500 for a failure of the service itself.
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            FindingCode::ServerInternal,
            "internal error",
        )
    }

    /// The code sent.
    pub fn code(&self) -> FindingCode {
        self.finding.code
    }
}

impl From<monshin_core::Error> for ApiError {
    /// A document the engine cannot read: 413 when over a byte limit, 400 otherwise; the
    /// finding keeps the engine's code and JSON Pointer.
    fn from(e: monshin_core::Error) -> Self {
        let finding = e.to_finding();
        let status = if finding.code == FindingCode::DocumentTooLarge {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError {
            status,
            finding: Box::new(finding),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut finding = *self.finding;
        finding.message = bounded(&finding.message);
        let code = finding.code;
        let body = serde_json::to_vec(&ErrorBody { error: finding }).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Some(s) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response.extensions_mut().insert(ErrorCode(code));
        response
    }
}

/// The code of an error answer, kept on the response for logs and metrics.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub FindingCode);

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, saying how much was left out.
pub fn bounded(text: &str) -> String {
    let total = text.chars().count();
    if total <= MAX_MESSAGE_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{kept}… ({} more characters)", total - MAX_MESSAGE_CHARS)
}
