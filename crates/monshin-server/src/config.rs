//! What `monshin serve` is started with: the address, the service's bounds and the optional
//! bearer token.
//!
//! Every bound has a default and a hard ceiling (our design, like the engine's `Limits`):
//!
//! | name | default | ceiling | what |
//! |---|---|---|---|
//! | `body-bytes` | 4 MiB (the engine's `answers-bytes`) | 64 MiB | one request body (not batch) |
//! | `batch-bytes` | 1 GiB | 16 GiB | one batch body, read as a stream |
//! | `concurrency` | 256 | 65536 | requests in flight; more are refused with 429 |
//! | `timeout-ms` | 30000 | 600000 | one request, batch included; then 503 |
//!
//! A batch line is bounded by the engine's `answers-bytes` limit (`Limits`), which `--limit`
//! raises as for the CLI.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use monshin_core::{LimitError, Limits};

/// The bounds of the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeLimits {
    /// Largest request body of every route but the batch.
    pub body_bytes: usize,
    /// Largest batch body (streamed: memory does not grow with it).
    pub batch_bytes: u64,
    /// Requests handled at once; more are answered 429 at once.
    pub concurrency: usize,
    /// Longest time one request may take; then 503.
    pub timeout: Duration,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            body_bytes: Limits::default().max_answers_bytes,
            batch_bytes: 1 << 30,
            concurrency: 256,
            timeout: Duration::from_secs(30),
        }
    }
}

/// `(name, default, ceiling)` of every service bound, in the order of the table above.
pub const SERVE_LIMITS: [(&str, u64, u64); 4] = [
    ("body-bytes", 4 << 20, 64 << 20),
    ("batch-bytes", 1 << 30, 16 << 30),
    ("concurrency", 256, 65_536),
    ("timeout-ms", 30_000, 600_000),
];

impl ServeLimits {
    /// Sets the bound `name` (a name of [`SERVE_LIMITS`]) to `value`, at least 1 and at most
    /// its ceiling.
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), LimitError> {
        let Some(&(name, _, ceiling)) = SERVE_LIMITS.iter().find(|(n, _, _)| *n == name) else {
            return Err(LimitError::Unknown);
        };
        let above = LimitError::AboveCeiling { name, ceiling };
        if value > ceiling {
            return Err(above);
        }
        if value == 0 {
            return Err(LimitError::BadSetting);
        }
        let as_usize = usize::try_from(value).map_err(|_| above)?;
        match name {
            "body-bytes" => self.body_bytes = as_usize,
            "batch-bytes" => self.batch_bytes = value,
            "concurrency" => self.concurrency = as_usize,
            _ => self.timeout = Duration::from_millis(value),
        }
        Ok(())
    }
}

/// A bearer token. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Vec<u8>);

impl Token {
    /// A token from its text, without surrounding whitespace (a file's final newline);
    /// `None` when nothing is left.
    pub fn new(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token(t.as_bytes().to_vec()))
    }

    /// The token's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Everything the service is started with.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where to listen (127.0.0.1:8080 by default).
    pub addr: SocketAddr,
    /// The service's bounds.
    pub limits: ServeLimits,
    /// The engine's reading limits (`--limit`), for definitions and answer sets.
    pub engine_limits: Limits,
    /// Requests must carry `Authorization: Bearer <token>` when set (except `/healthz`,
    /// `/readyz`).
    pub token: Option<Token>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            limits: ServeLimits::default(),
            engine_limits: Limits::default(),
            token: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_table_and_ceilings_hold() {
        let mut l = ServeLimits::default();
        assert_eq!(l.body_bytes as u64, SERVE_LIMITS[0].1);
        assert_eq!(l.batch_bytes, SERVE_LIMITS[1].1);
        assert_eq!(l.concurrency as u64, SERVE_LIMITS[2].1);
        assert_eq!(l.timeout.as_millis() as u64, SERVE_LIMITS[3].1);
        assert!(l.set("concurrency", 65_537).is_err());
        assert!(l.set("timeout-ms", 0).is_err());
        assert!(l.set("nope", 1).is_err());
        l.set("timeout-ms", 250).expect("within");
        assert_eq!(l.timeout, Duration::from_millis(250));
    }

    #[test]
    fn tokens_are_trimmed_and_never_printed() {
        let t = Token::new("s3cret-SENTINEL\n").expect("token");
        assert_eq!(t.bytes(), b"s3cret-SENTINEL");
        assert!(!format!("{t:?}").contains("SENTINEL"));
        assert!(Token::new(" \n").is_none());
    }
}
