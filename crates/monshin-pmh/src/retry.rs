//! When to try a call again: the [`RetryPolicy`], backoff with jitter, and the decision for
//! each kind of failed attempt.
//!
//! The decision is a pure function of the operation, the failure, the attempt number and the
//! time spent, so the rules are tested here without a network:
//!
//! - reads are retried after a connection failure, a time-out, a broken connection, a 5xx, a
//!   429 or 503 whose `Retry-After` is within [`RetryPolicy::max_retry_after`], and a 2xx whose
//!   body is truncated or not the expected document;
//! - a register is resent only when the API guarantees nothing was applied: the connection
//!   failed before anything was sent (refused, or not established in time), or the answer was
//!   429 or 503 (within `Retry-After`, as for reads) or 401 (after the refresh). A time-out, a
//!   broken connection or a 500 is returned with [`crate::RegisterEffect::Unknown`]; a 2xx
//!   whose receipt cannot be read is not a failure (the client reads the answers back, see
//!   [`crate::Error::AppliedUnconfirmed`]);
//! - a 401 makes the client refresh the token once, then the call is tried again with it;
//! - a retry waits at least `Retry-After` and at least the backoff: `d/2 + random(0..=d/2)`
//!   with `d = min(max_delay, base_delay · 2^(attempt-1))`; no retry starts after
//!   [`RetryPolicy::max_elapsed`]. `Retry-After` is read as delta-seconds (the form PMH-like
//!   APIs send); an HTTP-date is ignored and the backoff applies.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use monshin_wire::{ErrorCode as WireCode, JsonPath};

use crate::api::{Operation, RemoteFinding, ServerCode};
use crate::error::Error;

/// How often and how long to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts per call, the first included (at least 1).
    pub max_attempts: u32,
    /// The first backoff step.
    pub base_delay: Duration,
    /// The largest backoff step.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for; a longer one ends the call with
    /// `RateLimited` / `PlannedOutage` carrying it.
    pub max_retry_after: Duration,
    /// No retry starts once this much time has passed since the call began.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 200 ms up to 5 s, `Retry-After` up to 30 s, 60 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// With another number of attempts (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// With other backoff steps.
    pub fn with_backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// With another longest `Retry-After` to wait for.
    pub fn with_max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// With another total time budget for retries.
    pub fn with_max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }

    /// The backoff before attempt `attempt + 1`, given a random number.
    pub(crate) fn backoff(&self, attempt: u32, random: u64) -> Duration {
        let shift = attempt.saturating_sub(1).min(20);
        let step = self
            .base_delay
            .saturating_mul(1u32 << shift)
            .min(self.max_delay);
        let half = u64::try_from(step.as_millis() / 2).unwrap_or(u64::MAX / 2);
        Duration::from_millis(half + random % (half + 1))
    }
}

/// A random number for jitter (SipHash of a counter under a per-process random key).
pub(crate) fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

/// How one attempt failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The connection was refused or not established: nothing was sent.
    NotSent,
    /// The TLS handshake failed: nothing was sent, and the same server will fail it again.
    Tls,
    /// No complete answer in time (after the request may have been sent).
    Timeout,
    /// The connection broke after the request was sent (no or partial response).
    Broken,
    /// The server answered with a non-2xx status.
    Status {
        status: u16,
        code: Option<ServerCode>,
        retry_after: Option<Duration>,
        findings: Vec<RemoteFinding>,
    },
    /// 2xx with a body that is not the expected document.
    Invalid {
        code: WireCode,
        path: Option<JsonPath>,
    },
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Wait, then try again.
    Retry(Duration),
    /// Refresh the token, then try again (a 401 applied nothing, even for a register).
    Refresh,
    /// Give up with this error.
    Fail(Error),
}

/// The decision after attempt number `attempt` (1-based) failed with `failure`.
pub(crate) fn decide(
    policy: &RetryPolicy,
    op: Operation,
    failure: Failure,
    attempt: u32,
    refreshed: bool,
    elapsed: Duration,
    random: u64,
) -> Decision {
    let register = op.is_register();
    let can_retry = |delay: Duration| {
        attempt < policy.max_attempts && elapsed.saturating_add(delay) <= policy.max_elapsed
    };
    let backoff = policy.backoff(attempt, random);
    let retry_or = |delay: Duration, error: Error| {
        if can_retry(delay) {
            Decision::Retry(delay)
        } else {
            Decision::Fail(error)
        }
    };
    match failure {
        Failure::NotSent => retry_or(backoff, Error::Network { op, sent: false }),
        Failure::Tls => Decision::Fail(Error::Tls { op }),
        Failure::Timeout if !register => retry_or(backoff, Error::Timeout { op }),
        Failure::Timeout => Decision::Fail(Error::Timeout { op }),
        Failure::Broken if !register => retry_or(backoff, Error::Network { op, sent: true }),
        Failure::Broken => Decision::Fail(Error::Network { op, sent: true }),
        Failure::Invalid { code, path } if !register => {
            retry_or(backoff, Error::InvalidResponse { op, code, path })
        }
        Failure::Invalid { code, path } => {
            Decision::Fail(Error::InvalidResponse { op, code, path })
        }
        Failure::Status {
            status,
            code,
            retry_after,
            findings,
        } => {
            let error = status_error(op, status, code, retry_after, findings, refreshed);
            match status {
                401 if !refreshed => Decision::Refresh,
                // Neither applied anything: a register is resent like a read.
                429 | 503 => {
                    let planned = code == Some(ServerCode::PlannedOutage);
                    match retry_after {
                        Some(wait) if wait <= policy.max_retry_after => {
                            retry_or(wait.max(backoff), error)
                        }
                        Some(_) => Decision::Fail(error),
                        None if planned => Decision::Fail(error),
                        None => retry_or(backoff, error),
                    }
                }
                500..=599 if !register => retry_or(backoff, error),
                _ => Decision::Fail(error),
            }
        }
    }
}

/// The error for a final non-2xx answer.
fn status_error(
    op: Operation,
    status: u16,
    code: Option<ServerCode>,
    retry_after: Option<Duration>,
    findings: Vec<RemoteFinding>,
    refreshed: bool,
) -> Error {
    match status {
        401 => Error::Unauthorized { op, refreshed },
        403 if code == Some(ServerCode::ConsentRequired) => Error::ConsentRequired { op },
        403 => Error::Forbidden { op },
        404 => Error::NotFound { op },
        409 => Error::Conflict { op, reason: code },
        400 | 422 => Error::Rejected {
            op,
            status,
            reason: code,
            findings,
        },
        429 => Error::RateLimited { op, retry_after },
        503 if code == Some(ServerCode::PlannedOutage) => Error::PlannedOutage { op, retry_after },
        500..=599 => Error::Server { op, status },
        _ => Error::UnexpectedStatus { op, status },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READ: Operation = Operation::ListVaccinationForms;
    const WRITE: Operation = Operation::RegisterVaccinationAnswers;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .with_max_attempts(3)
            .with_backoff(Duration::from_millis(100), Duration::from_secs(1))
            .with_max_retry_after(Duration::from_secs(2))
    }

    fn status(status: u16, code: Option<ServerCode>, retry_after: Option<u64>) -> Failure {
        Failure::Status {
            status,
            code,
            retry_after: retry_after.map(Duration::from_secs),
            findings: Vec::new(),
        }
    }

    fn run(op: Operation, f: Failure, attempt: u32) -> Decision {
        decide(&policy(), op, f, attempt, false, Duration::ZERO, 7)
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = policy();
        for r in [0, 1, 49, 50, 51, u64::MAX] {
            let d1 = p.backoff(1, r);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d3 = p.backoff(3, r);
            assert!(d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400));
            let d30 = p.backoff(30, r);
            assert!(d30 >= Duration::from_millis(500) && d30 <= Duration::from_secs(1));
        }
        assert_ne!(random_u64(), random_u64());
    }

    #[test]
    fn reads_retry_transient_failures() {
        for f in [
            Failure::NotSent,
            Failure::Timeout,
            Failure::Broken,
            status(500, Some(ServerCode::Internal), None),
            status(502, None, None),
            status(503, Some(ServerCode::Unavailable), None),
            status(429, Some(ServerCode::RateLimited), Some(1)),
            status(503, Some(ServerCode::PlannedOutage), Some(1)),
            Failure::Invalid {
                code: WireCode::Syntax,
                path: None,
            },
            Failure::Invalid {
                code: WireCode::WrongType,
                path: Some(JsonPath::root().key("forms")),
            },
        ] {
            assert!(
                matches!(run(READ, f.clone(), 1), Decision::Retry(_)),
                "{f:?}"
            );
            assert!(matches!(run(READ, f, 3), Decision::Fail(_)));
        }
    }

    #[test]
    fn retry_after_is_honoured_or_returned() {
        match run(READ, status(429, None, Some(2)), 1) {
            Decision::Retry(d) => assert!(d >= Duration::from_secs(2)),
            other => panic!("{other:?}"),
        }
        match run(
            READ,
            status(503, Some(ServerCode::PlannedOutage), Some(3600)),
            1,
        ) {
            Decision::Fail(e @ Error::PlannedOutage { .. }) => {
                assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            run(READ, status(503, Some(ServerCode::PlannedOutage), None), 1),
            Decision::Fail(Error::PlannedOutage { .. })
        ));
    }

    #[test]
    fn registers_are_resent_only_when_nothing_was_applied() {
        for f in [
            Failure::NotSent,
            status(503, Some(ServerCode::Unavailable), None),
            status(429, None, Some(1)),
            status(503, Some(ServerCode::PlannedOutage), Some(1)),
        ] {
            assert!(
                matches!(run(WRITE, f.clone(), 1), Decision::Retry(_)),
                "{f:?}"
            );
        }
        match run(WRITE, status(429, None, Some(2)), 1) {
            Decision::Retry(d) => assert!(d >= Duration::from_secs(2), "Retry-After honoured"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            run(WRITE, status(429, None, Some(3600)), 1),
            Decision::Fail(Error::RateLimited { .. })
        ));
        for f in [
            Failure::Timeout,
            Failure::Broken,
            status(500, None, None),
            Failure::Invalid {
                code: WireCode::Syntax,
                path: None,
            },
        ] {
            assert!(
                matches!(run(WRITE, f.clone(), 1), Decision::Fail(_)),
                "{f:?}"
            );
        }
    }

    #[test]
    fn unauthorized_refreshes_once() {
        assert_eq!(run(READ, status(401, None, None), 1), Decision::Refresh);
        assert_eq!(run(WRITE, status(401, None, None), 1), Decision::Refresh);
        let again = decide(
            &policy(),
            READ,
            status(401, None, None),
            2,
            true,
            Duration::ZERO,
            0,
        );
        assert_eq!(
            again,
            Decision::Fail(Error::Unauthorized {
                op: READ,
                refreshed: true
            })
        );
    }

    #[test]
    fn the_time_budget_stops_retries() {
        let d = decide(
            &policy().with_max_elapsed(Duration::from_millis(120)),
            READ,
            Failure::Timeout,
            1,
            false,
            Duration::from_millis(100),
            7,
        );
        assert_eq!(d, Decision::Fail(Error::Timeout { op: READ }));
    }

    #[test]
    fn statuses_map_to_errors() {
        let f = |s, c| match run(WRITE, status(s, c, None), 1) {
            Decision::Fail(e) => e.code(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            f(403, Some(ServerCode::ConsentRequired)),
            "pmh.consent-required"
        );
        assert_eq!(f(403, None), "pmh.forbidden");
        assert_eq!(f(404, None), "pmh.not-found");
        assert_eq!(f(409, Some(ServerCode::NotAnswerable)), "pmh.conflict");
        assert_eq!(f(422, Some(ServerCode::InvalidAnswers)), "pmh.rejected");
        assert_eq!(f(400, None), "pmh.rejected");
        assert_eq!(f(302, None), "pmh.unexpected-status");
        assert_eq!(f(418, None), "pmh.unexpected-status");
    }
}
