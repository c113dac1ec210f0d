//! Errors of the sandbox: [`SandboxError`] for starting and managing it, and the crate-private
//! `ApiError` that becomes an HTTP error answer (the bodies of `monshin_pmh::api`).
//!
//! Neither ever carries an answer value, a token or personal information: messages are fixed
//! texts, codes, counts and JSON paths of field names.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use monshin_pmh::api::{ErrorBody, RemoteFinding, ServerCode, JSON};

/// Why the sandbox could not start or do what it was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The bundled seed or forms are inconsistent (a bug of this crate).
    #[error("the sandbox seed is inconsistent: {0}")]
    Seed(String),
    /// The state file cannot be used.
    #[error("the sandbox state file cannot be used: {0}")]
    StateFile(String),
    /// Reading or writing the state file failed.
    #[error("sandbox state file I/O failed while trying to {what}: {kind}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The I/O error kind.
        kind: std::io::ErrorKind,
    },
    /// The listening socket could not be bound on 127.0.0.1.
    #[error("cannot listen on 127.0.0.1:{port}: {kind}")]
    Bind {
        /// The port asked for (0 = any).
        port: u16,
        /// The I/O error kind.
        kind: std::io::ErrorKind,
    },
    /// No such sandbox citizen.
    #[error("no sandbox citizen with this ID")]
    UnknownCitizen,
    /// A configuration value is invalid.
    #[error("invalid sandbox configuration: {0}")]
    Config(String),
    /// Another sandbox (in this or another process) holds the data file.
    #[error("the data file is in use by another sandbox")]
    DataLocked,
    /// The database refused an operation.
    #[error("sandbox database failed while trying to {what}: {code}")]
    Database {
        /// What was being done.
        what: &'static str,
        /// The SQLite error code's name.
        code: String,
    },
}

impl SandboxError {
    /// The stable code, e.g. `"sandbox.state-file"`.
    pub fn code(&self) -> &'static str {
        match self {
            SandboxError::Seed(_) => "sandbox.seed",
            SandboxError::StateFile(_) => "sandbox.state-file",
            SandboxError::Io { .. } => "sandbox.io",
            SandboxError::Bind { .. } => "sandbox.bind",
            SandboxError::UnknownCitizen => "sandbox.unknown-citizen",
            SandboxError::Config(_) => "sandbox.config",
            SandboxError::DataLocked => "sandbox.data-locked",
            SandboxError::Database { .. } => "sandbox.database",
        }
    }

    pub(crate) fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> SandboxError {
        move |e| SandboxError::Io {
            what,
            kind: e.kind(),
        }
    }
}

/// An error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) code: ServerCode,
    pub(crate) message: &'static str,
    pub(crate) retry_after: Option<u64>,
    pub(crate) wire_code: Option<&'static str>,
    pub(crate) path: Option<String>,
    pub(crate) findings: Vec<RemoteFinding>,
}

impl ApiError {
    pub(crate) fn new(code: ServerCode, message: &'static str) -> Self {
        ApiError {
            code,
            message,
            retry_after: None,
            wire_code: None,
            path: None,
            findings: Vec::new(),
        }
    }

    pub(crate) fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub(crate) fn internal() -> Self {
        ApiError::new(ServerCode::Internal, "internal error")
    }

    /// A register body `monshin-wire` refused.
    pub(crate) fn bad_body(e: &monshin_wire::WireError) -> Self {
        ApiError {
            wire_code: Some(e.code().as_str()),
            path: e.path().map(|p| p.to_pointer()),
            ..ApiError::new(
                ServerCode::BadRequest,
                "the request body is not a valid register document",
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = ErrorBody::new(self.code, self.message);
        body.error.wire_code = self.wire_code.map(str::to_owned);
        body.error.path = self.path;
        body.error.findings = self.findings;
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let mut resp = (status, bytes).into_response();
        let headers = resp.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            let value = if self.code == ServerCode::TokenExpired {
                "Bearer error=\"invalid_token\", error_description=\"expired\""
            } else {
                "Bearer"
            };
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(value));
        }
        resp
    }
}
