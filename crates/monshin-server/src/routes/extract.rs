//! What handlers take from a request: the body within the byte limit ([`LimitedBody`]), query
//! parameters by name ([`Query`]), the validation date and mode. Rejections are
//! [`ApiError`]s that never repeat what was sent.

use axum::extract::{FromRequest, Request};
use axum::http::header;
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use monshin_core::Mode;
use monshin_expr::Date;

use crate::error::ApiError;
use crate::state::Shared;

/// The request body, at most `body-bytes` (413 beyond, told by `Content-Length` before
/// anything is read, or when the limit is reached while reading).
pub(crate) struct LimitedBody(pub(crate) Bytes);

impl FromRequest<Shared> for LimitedBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &Shared) -> Result<Self, ApiError> {
        let limit = state.limits.body_bytes;
        if declared_length(&req).is_some_and(|n| n > limit as u64) {
            return Err(ApiError::too_large(limit as u64));
        }
        match Limited::new(req.into_body(), limit).collect().await {
            Ok(c) => Ok(LimitedBody(c.to_bytes())),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                Err(ApiError::too_large(limit as u64))
            }
            Err(_) => Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                monshin_core::FindingCode::ServerBadBody,
                "the request body could not be read to its end",
            )),
        }
    }
}

/// The `Content-Length` a request declares.
pub(crate) fn declared_length(req: &Request) -> Option<u64> {
    req.headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// The query parameters of a request, percent-decoded, checked against the names a route
/// takes.
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    /// The parameters of `raw` (the query string); 400 for a name not in `known` (the name is
    /// not repeated) or a parameter given twice.
    pub(crate) fn parse(raw: Option<&str>, known: &[&str]) -> Result<Query, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(name);
            let Some(known_name) = known.iter().find(|k| **k == name) else {
                return Err(ApiError::bad_query(
                    "(unknown)",
                    &format!("one of: {}", known.join(", ")),
                ));
            };
            if pairs.iter().any(|(n, _)| n == known_name) {
                return Err(ApiError::bad_query(known_name, "given once"));
            }
            pairs.push((name, decode(value)));
        }
        Ok(Query(pairs))
    }

    /// The value of `name`, if given.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `mode`: `draft` or `complete`, if given.
    pub(crate) fn mode(&self) -> Result<Option<Mode>, ApiError> {
        match self.get("mode") {
            None => Ok(None),
            Some("draft") => Ok(Some(Mode::Draft)),
            Some("complete") => Ok(Some(Mode::Complete)),
            Some(_) => Err(ApiError::bad_query("mode", "`draft` or `complete`")),
        }
    }

    /// `today`: the date `today()` means (default: the state's fixed date, else today in
    /// Japan).
    pub(crate) fn today(&self, state: &Shared) -> Result<Date, ApiError> {
        if let Some(text) = self.get("today") {
            return Date::parse(text).ok_or_else(|| ApiError::bad_query("today", "YYYY-MM-DD"));
        }
        state
            .fixed_today
            .or_else(crate::clock::today_in_japan)
            .ok_or_else(ApiError::internal)
    }

    /// A required parameter.
    pub(crate) fn required(&self, name: &str, expected: &str) -> Result<&str, ApiError> {
        self.get(name)
            .ok_or_else(|| ApiError::bad_query(name, expected))
    }
}

/// `%XX` and `+` decoded; invalid escapes are kept as written, invalid UTF-8 replaced.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| {
            bytes
                .get(j)
                .and_then(|c| char::from(*c).to_digit(16))
                .and_then(|d| u8::try_from(d).ok())
        };
        match b {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded_and_checked() {
        let q = Query::parse(
            Some("mode=draft&today=2026-04-01&pmhId=Y%2DPCV15+3"),
            &["mode", "today", "pmhId"],
        )
        .expect("parses");
        assert_eq!(q.get("pmhId"), Some("Y-PCV15 3"));
        assert!(matches!(q.mode(), Ok(Some(Mode::Draft))));
        let e = Query::parse(Some("SENTINEL=1"), &["mode"])
            .err()
            .expect("unknown");
        assert!(!e.finding.message.contains("SENTINEL"));
        assert!(Query::parse(Some("mode=a&mode=b"), &["mode"]).is_err());
        assert!(Query::parse(Some("mode=final"), &["mode"])
            .expect("parses")
            .mode()
            .is_err());
    }
}
