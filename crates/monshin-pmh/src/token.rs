//! Bearer tokens: the [`TokenProvider`] the client asks for a token, and the [`AccessToken`]
//! that never shows itself.
//!
//! The app obtains tokens through マイナポータル's consent flow (the 利用者登録等API and the
//! citizen's consent screen); that flow is outside this crate. The client asks the provider
//! for a token before a call and, when PMH answers 401, asks it **once** for a fresh one
//! ([`TokenProvider::refresh`]) before giving up with `Error::Unauthorized`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A bearer token. `Debug` prints `<redacted>` and there is no `Display`: the only way to read
/// it is [`AccessToken::expose_secret`], which only the client's header code calls.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }

    /// The token text, for the `Authorization` header.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Why a provider has no token to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The provider could not obtain a token now (its own network failure, …).
    #[error("no access token could be obtained")]
    Unavailable,
    /// The person must go through the consent flow again.
    #[error("the person must consent again before a token can be issued")]
    ConsentRequired,
    /// The provider cannot refresh (e.g. a fixed token).
    #[error("the access token cannot be refreshed")]
    CannotRefresh,
}

impl TokenError {
    /// The stable code, e.g. `"token.unavailable"`.
    pub fn code(self) -> &'static str {
        match self {
            TokenError::Unavailable => "token.unavailable",
            TokenError::ConsentRequired => "token.consent-required",
            TokenError::CannotRefresh => "token.cannot-refresh",
        }
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send + 'a>>;

/// Supplies bearer tokens to the client.
///
/// `token` is called at the start of every call (cache inside the provider); `refresh` is
/// called at most once per call, after PMH rejected `rejected` with 401, and should return a
/// different token (returning the same one makes the call end with `Error::Unauthorized`).
pub trait TokenProvider: Send + Sync {
    /// The current token.
    fn token(&self) -> TokenFuture<'_>;

    /// A fresh token to replace `rejected`.
    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> TokenFuture<'a>;
}

/// A fixed token that cannot be refreshed (scripts, tests).
#[derive(Debug, Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider always answering `token`.
    pub fn new(token: AccessToken) -> Self {
        StaticToken(token)
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn refresh<'a>(&'a self, _rejected: &'a AccessToken) -> TokenFuture<'a> {
        Box::pin(async { Err(TokenError::CannotRefresh) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let t = AccessToken::new("SENTINEL-TOKEN-1234");
        assert!(!format!("{t:?}").contains("SENTINEL"));
        let p = StaticToken::new(t);
        assert!(!format!("{p:?}").contains("SENTINEL"));
    }
}
