//! The one error type of the PMH client, with stable codes and the register outcome it implies.
//!
//! Messages name the operation, an HTTP status, a code or a JSON path of field names; never a
//! token, an answer, a URL query or any of the basic five information. Foreign errors
//! (`reqwest`, `serde_json`) are classified here and not kept, since their texts can quote
//! input.

use std::fmt;
use std::time::Duration;

use monshin_wire::{ErrorCode as WireCode, JsonPath};

use crate::api::{Operation, RemoteFinding, ServerCode};
use crate::token::TokenError;

/// What a failed register did to the stored answers, as far as the client can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegisterEffect {
    /// The server did not apply it (it refused before processing, or nothing was sent): the
    /// same body may be sent again.
    NotApplied,
    /// It may or may not have been applied (time-out, dropped connection, 500): read the
    /// answers back, or resend with the **same** idempotency key.
    Unknown,
    /// It was applied, but the receipt could not be read.
    Applied,
}

/// What reading a register's form back showed, after its receipt could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadBack {
    /// The stored status, last page and answers are those of the register.
    Matches,
    /// They differ (another register may have followed).
    Differs,
    /// The read failed too.
    Failed,
}

impl ReadBack {
    fn as_str(self) -> &'static str {
        match self {
            ReadBack::Matches => "the stored answers match it",
            ReadBack::Differs => "the stored answers differ from it",
            ReadBack::Failed => "reading the answers back failed",
        }
    }
}

/// A failed PMH call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built (bad base URL, TLS setup).
    #[error("invalid PMH client configuration: {reason}")]
    Config {
        /// A fixed description.
        reason: &'static str,
    },
    /// The token provider had no token.
    #[error("{op}: {source}")]
    Token {
        /// The operation.
        op: Operation,
        /// Why.
        source: TokenError,
    },
    /// The connection failed. `sent == false`: it was refused or never established, so the
    /// request did not reach the server; `true`: it broke after the request was sent.
    #[error("{op}: network failure ({})", if *sent { "after the request was sent" } else { "nothing was sent" })]
    Network {
        /// The operation.
        op: Operation,
        /// Whether the request may have reached the server.
        sent: bool,
    },
    /// The TLS handshake failed (the server's certificate is not trusted, expired or for
    /// another name; no common protocol): nothing was sent, and retrying will not help.
    #[error("{op}: TLS handshake failed (server certificate or protocol); nothing was sent")]
    Tls {
        /// The operation.
        op: Operation,
    },
    /// No complete answer within the time-out.
    #[error("{op}: timed out")]
    Timeout {
        /// The operation.
        op: Operation,
    },
    /// 401: the token was rejected, and the one refresh did not help.
    #[error("{op}: unauthorized (token rejected{})", if *refreshed { "; it has been refreshed for the next call" } else { "" })]
    Unauthorized {
        /// The operation.
        op: Operation,
        /// A fresh token was obtained after the rejection (a register is not resent
        /// automatically; calling again uses the fresh token).
        refreshed: bool,
    },
    /// 403 `pmh.consent-required`: the person has not consented to this kind of information.
    #[error("{op}: the person's consent is missing for this information")]
    ConsentRequired {
        /// The operation.
        op: Operation,
    },
    /// 403 for another reason.
    #[error("{op}: forbidden")]
    Forbidden {
        /// The operation.
        op: Operation,
    },
    /// 404: no such form or check-up for this person.
    #[error("{op}: not found")]
    NotFound {
        /// The operation.
        op: Operation,
    },
    /// 409: a PMH rule forbids the register (not answerable, status transition, reused key).
    #[error("{op}: conflict ({})", reason.map_or("unspecified", ServerCode::as_str))]
    Conflict {
        /// The operation.
        op: Operation,
        /// The server's reason, when it gave a known one.
        reason: Option<ServerCode>,
    },
    /// 400 or 422: the request was refused as invalid; `findings` lists validation problems.
    #[error("{op}: rejected with status {status} ({}), {} finding(s)", reason.map_or("unspecified", ServerCode::as_str), findings.len())]
    Rejected {
        /// The operation.
        op: Operation,
        /// 400 or 422.
        status: u16,
        /// The server code.
        reason: Option<ServerCode>,
        /// The validation findings (codes and keys only).
        findings: Vec<RemoteFinding>,
    },
    /// 503 `pmh.planned-outage`: PMH or a system behind it is in a planned stop.
    #[error("{op}: planned outage{}", RetryAfter(*retry_after))]
    PlannedOutage {
        /// The operation.
        op: Operation,
        /// When to try again, if the server said.
        retry_after: Option<Duration>,
    },
    /// 429: too many requests.
    #[error("{op}: rate limited{}", RetryAfter(*retry_after))]
    RateLimited {
        /// The operation.
        op: Operation,
        /// When to try again, if the server said.
        retry_after: Option<Duration>,
    },
    /// 5xx (other than a planned outage) after the retries allowed.
    #[error("{op}: server error {status}")]
    Server {
        /// The operation.
        op: Operation,
        /// The HTTP status.
        status: u16,
    },
    /// A status this API never sends (1xx, 3xx, other 4xx).
    #[error("{op}: unexpected HTTP status {status}")]
    UnexpectedStatus {
        /// The operation.
        op: Operation,
        /// The HTTP status.
        status: u16,
    },
    /// 2xx, but the body is not the expected document.
    #[error("{op}: invalid response: {} at {}", code.message(), path.as_ref().map_or_else(|| "the document".to_owned(), |p| if p.is_root() { "the document root".to_owned() } else { p.to_pointer() }))]
    InvalidResponse {
        /// The operation.
        op: Operation,
        /// What is wrong (`wire.syntax`, `wire.wrong-type`, `wire.too-large` …).
        code: WireCode,
        /// Where, when the problem is one value.
        path: Option<JsonPath>,
    },
    /// A register was answered 2xx, so it **was applied**, but its receipt could not be read
    /// (`code`); the client read the form back (`read_back`). Not a failure of the register:
    /// [`Error::register_effect`] is [`RegisterEffect::Applied`]; only the receipt is missing.
    #[error("{op}: applied; the receipt could not be read ({}), {}", code.as_str(), read_back.as_str())]
    AppliedUnconfirmed {
        /// The operation.
        op: Operation,
        /// What was wrong with the receipt.
        code: WireCode,
        /// What the read-back showed.
        read_back: ReadBack,
    },
}

struct RetryAfter(Option<Duration>);

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(d) => write!(f, " (retry after {} s)", d.as_secs()),
            None => Ok(()),
        }
    }
}

impl Error {
    /// The stable code, e.g. `"pmh.planned-outage"`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Config { .. } => "pmh.config",
            Error::Token { .. } => "pmh.token",
            Error::Network { .. } => "pmh.network",
            Error::Tls { .. } => "pmh.tls",
            Error::Timeout { .. } => "pmh.timeout",
            Error::Unauthorized { .. } => "pmh.unauthorized",
            Error::ConsentRequired { .. } => "pmh.consent-required",
            Error::Forbidden { .. } => "pmh.forbidden",
            Error::NotFound { .. } => "pmh.not-found",
            Error::Conflict { .. } => "pmh.conflict",
            Error::Rejected { .. } => "pmh.rejected",
            Error::PlannedOutage { .. } => "pmh.planned-outage",
            Error::RateLimited { .. } => "pmh.rate-limited",
            Error::Server { .. } => "pmh.server-error",
            Error::UnexpectedStatus { .. } => "pmh.unexpected-status",
            Error::InvalidResponse { .. } => "pmh.invalid-response",
            Error::AppliedUnconfirmed { .. } => "pmh.applied-unconfirmed",
        }
    }

    /// The operation, except for configuration errors.
    pub fn operation(&self) -> Option<Operation> {
        match self {
            Error::Config { .. } => None,
            Error::Token { op, .. }
            | Error::Network { op, .. }
            | Error::Tls { op }
            | Error::Timeout { op }
            | Error::Unauthorized { op, .. }
            | Error::ConsentRequired { op }
            | Error::Forbidden { op }
            | Error::NotFound { op }
            | Error::Conflict { op, .. }
            | Error::Rejected { op, .. }
            | Error::PlannedOutage { op, .. }
            | Error::RateLimited { op, .. }
            | Error::Server { op, .. }
            | Error::UnexpectedStatus { op, .. }
            | Error::InvalidResponse { op, .. }
            | Error::AppliedUnconfirmed { op, .. } => Some(*op),
        }
    }

    /// The server's `Retry-After`, for outages and rate limits.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::PlannedOutage { retry_after, .. } | Error::RateLimited { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// What a register that failed with this error did (see the status table in
    /// [`crate::api`]). Meaningful for the two registers; for reads it says whether the server
    /// answered at all.
    pub fn register_effect(&self) -> RegisterEffect {
        match self {
            Error::Network { sent: false, .. }
            | Error::Tls { .. }
            | Error::Config { .. }
            | Error::Token { .. }
            | Error::Unauthorized { .. }
            | Error::ConsentRequired { .. }
            | Error::Forbidden { .. }
            | Error::NotFound { .. }
            | Error::Conflict { .. }
            | Error::Rejected { .. }
            | Error::PlannedOutage { .. }
            | Error::RateLimited { .. } => RegisterEffect::NotApplied,
            Error::Server { status: 503, .. } => RegisterEffect::NotApplied,
            Error::Network { sent: true, .. }
            | Error::Timeout { .. }
            | Error::Server { .. }
            | Error::UnexpectedStatus { .. } => RegisterEffect::Unknown,
            Error::InvalidResponse { .. } | Error::AppliedUnconfirmed { .. } => {
                RegisterEffect::Applied
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_operation_and_the_code() {
        let e = Error::PlannedOutage {
            op: Operation::ListVaccinationForms,
            retry_after: Some(Duration::from_secs(120)),
        };
        assert_eq!(e.code(), "pmh.planned-outage");
        assert_eq!(
            e.to_string(),
            "list_vaccination_forms: planned outage (retry after 120 s)"
        );
        let e = Error::InvalidResponse {
            op: Operation::GetChildAnswers,
            code: WireCode::WrongType,
            path: Some(JsonPath::root().key("answers").index(0)),
        };
        assert_eq!(
            e.to_string(),
            "get_child_answers: invalid response: wrong JSON type at /answers/0"
        );
        assert_eq!(e.register_effect(), RegisterEffect::Applied);
    }

    #[test]
    fn register_effects() {
        let op = Operation::RegisterVaccinationAnswers;
        assert_eq!(
            Error::Network { op, sent: false }.register_effect(),
            RegisterEffect::NotApplied
        );
        assert_eq!(
            Error::Tls { op }.register_effect(),
            RegisterEffect::NotApplied
        );
        assert_eq!(
            Error::Network { op, sent: true }.register_effect(),
            RegisterEffect::Unknown
        );
        assert_eq!(
            Error::Timeout { op }.register_effect(),
            RegisterEffect::Unknown
        );
        assert_eq!(
            Error::Server { op, status: 500 }.register_effect(),
            RegisterEffect::Unknown
        );
        assert_eq!(
            Error::Server { op, status: 503 }.register_effect(),
            RegisterEffect::NotApplied
        );
    }
}
