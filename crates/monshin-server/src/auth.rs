//! Bearer-token authorization: `Authorization: Bearer <token>` compared with the configured
//! token in constant time (`subtle`), so the time taken does not tell how much of a guess was
//! right (only whether its length is the token's). The token is never logged or echoed.

use axum::http::StatusCode;
use monshin_core::FindingCode;
use subtle::ConstantTimeEq;

use crate::config::Token;
use crate::error::ApiError;

/// Whether the `Authorization` header value `given` is `Bearer <token>`.
pub fn bearer_matches(token: &Token, given: Option<&[u8]>) -> bool {
    let Some(given) = given else {
        return false;
    };
    let Some(presented) = given
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case(b"bearer "))
        .and_then(|_| given.get(7..))
    else {
        return false;
    };
    bool::from(presented.ct_eq(token.bytes()))
}

/// The 401 answer.
pub fn unauthorized() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        FindingCode::ServerUnauthorized,
        "this service needs `Authorization: Bearer <token>` with the token it was started with",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_bearer_token_matches() {
        let t = Token::new("abc123").expect("token");
        assert!(bearer_matches(&t, Some(b"Bearer abc123")));
        assert!(bearer_matches(&t, Some(b"bearer abc123")));
        assert!(!bearer_matches(&t, Some(b"Bearer abc124")));
        assert!(!bearer_matches(&t, Some(b"Bearer abc1234")));
        assert!(!bearer_matches(&t, Some(b"Bearer ")));
        assert!(!bearer_matches(&t, Some(b"Basic abc123")));
        assert!(!bearer_matches(&t, Some(b"abc123")));
        assert!(!bearer_matches(&t, None));
    }
}
