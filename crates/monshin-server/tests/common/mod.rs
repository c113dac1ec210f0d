//! Helpers of the service's tests: a state over the bundled forms with a fixed `today`, and
//! one request through the router in-process (tower `oneshot`).

#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use monshin_server::{AppState, ServeConfig};
use serde_json::Value;
use tower::ServiceExt;

/// The state of the bundled forms, `today` 2026-04-01.
pub fn state_with(config: &ServeConfig) -> Arc<AppState> {
    let mut state = AppState::bundled(config).expect("the bundled forms compile");
    state.fixed_today = monshin_expr::Date::from_ymd(2026, 4, 1);
    Arc::new(state)
}

/// The state with the default configuration.
pub fn state() -> Arc<AppState> {
    state_with(&ServeConfig::default())
}

/// A bundled form's example answer set (`complete`, `draft`, or `problem`).
pub fn example(form: &str, which: &str) -> &'static str {
    let f = monshin_forms::by_name(form).expect("bundled");
    match which {
        "complete" => f.complete_answers,
        "draft" => f.draft_answers,
        _ => panic!("no example {which}"),
    }
}

/// The example compacted to one line.
pub fn one_line(text: &str) -> String {
    let v: Value = serde_json::from_str(text).expect("json");
    serde_json::to_string(&v).expect("json")
}

/// An answer.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| {
            panic!(
                "not JSON ({}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The code of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `req` through a router over `state`.
pub async fn send(state: &Arc<AppState>, req: Request<Body>) -> Answer {
    let response = monshin_server::router(state.clone())
        .oneshot(req)
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// A request.
pub fn request(method: Method, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body.into())
        .expect("request")
}

/// GET `uri`.
pub async fn get(state: &Arc<AppState>, uri: &str) -> Answer {
    send(state, request(Method::GET, uri, Body::empty())).await
}

/// POST `body` to `uri`.
pub async fn post(state: &Arc<AppState>, uri: &str, body: impl Into<Body>) -> Answer {
    send(state, request(Method::POST, uri, body)).await
}
