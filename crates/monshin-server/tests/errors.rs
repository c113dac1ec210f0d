//! Every error status of the service, each answered `{"error": Finding}` with its code:
//! 400 (not JSON, bad query), 401 (token), 404 (unknown form, never echoed; unknown route),
//! 405, 413 (declared and streamed), 422 (payload refused), 429 (concurrency), 503 (time
//! limit, not ready).

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request};
use bytes::Bytes;
use common::{example, get, post, request, send, state, state_with};
use monshin_server::{ServeConfig, ServeLimits, Token};
use tokio::sync::mpsc;

/// A body that sends `first` and then nothing until the sender is dropped.
fn stalled(first: &'static str) -> (Body, mpsc::Sender<Result<Bytes, std::io::Error>>) {
    let (tx, rx) = mpsc::channel(1);
    let stream = futures_util::stream::unfold((Some(first), rx), |(first, mut rx)| async move {
        if let Some(f) = first {
            return Some((Ok(Bytes::from_static(f.as_bytes())), (None, rx)));
        }
        rx.recv().await.map(|item| (item, (None, rx)))
    });
    (Body::from_stream(stream), tx)
}

fn assert_error_shape(v: &serde_json::Value) {
    let e = &v["error"];
    assert_eq!(e["severity"], "error", "{v}");
    assert!(e["code"].is_string() && e["message"].is_string(), "{v}");
    assert!(e.get("location").is_some(), "{v}");
}

#[tokio::test]
async fn bad_json_and_bad_query_are_400() {
    let s = state();
    let a = post(
        &s,
        "/v1/forms/vaccination-pcv/validate",
        "{\"definition\": ",
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "document.json-syntax");
    assert_error_shape(&a.json());
    let a = post(&s, "/v1/forms/vaccination-pcv/validate", "[1, 2]").await;
    assert_eq!(a.status, 400);
    for uri in [
        "/v1/forms/vaccination-pcv/validate?mode=final",
        "/v1/forms/vaccination-pcv/validate?today=2026-13-01",
        "/v1/forms/vaccination-pcv/validate?SENTINELQ=1",
        "/v1/forms/vaccination-pcv/payload?status=answered&lastPage=1",
        "/v1/forms/vaccination-pcv/payload?pmhId=Y-1&status=done&lastPage=1",
        "/v1/forms/vaccination-pcv/payload?pmhId=Y-1&status=unanswered&lastPage=1",
        "/v1/forms/vaccination-pcv/payload?pmhId=Y-1&status=draft&lastPage=0",
        "/v1/validate/batch",
        "/v1/pmh/inspect?kind=nope",
    ] {
        let a = post(&s, uri, example("vaccination-pcv", "complete")).await;
        assert_eq!(a.status, 400, "{uri}: {}", a.text());
        assert_eq!(a.code(), "server.bad-query", "{uri}");
        assert!(!a.text().contains("SENTINELQ") && !a.text().contains("nope"));
    }
    let a = post(&s, "/v1/pmh/inspect", "{\"something\": 1}").await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "server.bad-body");
}

#[tokio::test]
async fn a_token_is_required_when_configured() {
    let s = state_with(&ServeConfig {
        token: Token::new("correct-horse-SENTINELTOKEN"),
        ..ServeConfig::default()
    });
    let a = get(&s, "/v1/forms").await;
    assert_eq!(a.status, 401);
    assert_eq!(a.code(), "server.unauthorized");
    assert_eq!(a.headers["www-authenticate"], "Bearer");
    let with = |value: &str| {
        Request::builder()
            .uri("/v1/forms")
            .header("authorization", value)
            .body(Body::empty())
            .expect("request")
    };
    let a = send(&s, with("Bearer correct-horse-SENTINELTOKEX")).await;
    assert_eq!(a.status, 401);
    assert!(!a.text().contains("SENTINEL"));
    let a = send(&s, with("Bearer correct-horse-SENTINELTOKEN")).await;
    assert_eq!(a.status, 200);
    // Probes need no token.
    assert_eq!(get(&s, "/healthz").await.status, 200);
    assert_eq!(get(&s, "/readyz").await.status, 200);
}

#[tokio::test]
async fn unknown_forms_and_routes_are_404_without_echo() {
    let s = state();
    for uri in [
        "/v1/forms/SENTINEL-form-name",
        "/v1/forms/SENTINEL-form-name/validate",
        "/v1/validate/batch?form=SENTINEL-form-name",
    ] {
        let method = if uri == "/v1/forms/SENTINEL-form-name" {
            Method::GET
        } else {
            Method::POST
        };
        let a = send(
            &s,
            request(method, uri, example("vaccination-pcv", "complete")),
        )
        .await;
        assert_eq!(a.status, 404, "{uri}");
        assert_eq!(a.code(), "server.unknown-form");
        assert!(!a.text().contains("SENTINEL"), "{}", a.text());
    }
    let a = get(&s, "/v2/SENTINEL").await;
    assert_eq!(a.status, 404);
    assert_eq!(a.code(), "server.no-route");
    assert!(!a.text().contains("SENTINEL"));
    let a = get(&s, "/v1/forms/vaccination-pcv/validate").await;
    assert_eq!(a.status, 405);
    assert_eq!(a.code(), "server.no-route");
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let limits = ServeLimits {
        body_bytes: 1000,
        batch_bytes: 5000,
        ..ServeLimits::default()
    };
    let s = state_with(&ServeConfig {
        limits,
        ..ServeConfig::default()
    });
    // Declared by Content-Length.
    let mut req = request(
        Method::POST,
        "/v1/forms/vaccination-pcv/validate",
        "x".repeat(1001),
    );
    req.headers_mut()
        .insert("content-length", axum::http::HeaderValue::from(1001u32));
    let a = send(&s, req).await;
    assert_eq!(a.status, 413);
    assert_eq!(a.code(), "document.too-large");
    // Streamed without a length: refused when the limit is reached.
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        (0..20).map(|_| Ok(Bytes::from(vec![b' '; 100]))).collect();
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let a = post(&s, "/v1/forms/vaccination-pcv/validate", body).await;
    assert_eq!(a.status, 413);
    let mut req = request(
        Method::POST,
        "/v1/validate/batch?form=vaccination-pcv",
        "\n".repeat(5001),
    );
    req.headers_mut()
        .insert("content-length", axum::http::HeaderValue::from(5001u32));
    let a = send(&s, req).await;
    assert_eq!(a.status, 413);
    // A streamed batch over the limit ends with a line saying so.
    let line = common::one_line(example("vaccination-pcv", "draft")) + "\n";
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        (0..10).map(|_| Ok(Bytes::from(line.clone()))).collect();
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let a = post(&s, "/v1/validate/batch?form=vaccination-pcv", body).await;
    assert_eq!(a.status, 200);
    let last: serde_json::Value =
        serde_json::from_str(a.text().lines().last().expect("a line")).expect("json");
    assert_eq!(last["line"], 0);
    assert_eq!(last["error"]["code"], "document.too-large");
}

#[tokio::test]
async fn a_payload_that_cannot_be_built_is_422() {
    let s = state();
    let a = post(
        &s,
        "/v1/forms/vaccination-pcv/payload?pmhId=Y-PCV15-3&status=answered&lastPage=1",
        example("vaccination-pcv", "draft"),
    )
    .await;
    assert_eq!(a.status, 422);
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_are_429() {
    let s = state_with(&ServeConfig {
        limits: ServeLimits {
            concurrency: 1,
            ..ServeLimits::default()
        },
        ..ServeConfig::default()
    });
    let (body, tx) = stalled("{");
    let held = tokio::spawn({
        let s = s.clone();
        async move { post(&s, "/v1/forms/vaccination-pcv/validate", body).await }
    });
    // Wait until the first request holds the only permit.
    for _ in 0..200 {
        if s.permits.available_permits() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(s.permits.available_permits(), 0);
    let a = post(
        &s,
        "/v1/forms/vaccination-pcv/validate",
        example("vaccination-pcv", "draft"),
    )
    .await;
    assert_eq!(a.status, 429);
    assert_eq!(a.code(), "server.busy");
    assert_eq!(a.headers["retry-after"], "1");
    // Probes are not bounded.
    assert_eq!(get(&s, "/healthz").await.status, 200);
    drop(tx);
    let first = held.await.expect("joins");
    assert_eq!(first.status, 400);
    assert_eq!(s.permits.available_permits(), 1);
}

#[tokio::test]
async fn slow_requests_are_503_and_so_is_readyz_when_shutting_down() {
    let s = state_with(&ServeConfig {
        limits: ServeLimits {
            timeout: Duration::from_millis(200),
            ..ServeLimits::default()
        },
        ..ServeConfig::default()
    });
    let (body, _tx) = stalled("{");
    let a = post(&s, "/v1/forms/vaccination-pcv/validate", body).await;
    assert_eq!(a.status, 503);
    assert_eq!(a.code(), "server.timeout");
    assert_error_shape(&a.json());
    s.set_ready(false);
    let a = get(&s, "/readyz").await;
    assert_eq!(a.status, 503);
    assert_eq!(a.code(), "server.not-ready");
}
