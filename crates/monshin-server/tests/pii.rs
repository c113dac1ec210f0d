//! Sentinel test: values, unknown master IDs, unknown form names, unknown query names and the
//! token sent to the service never appear in its logs (every level, captured) nor in
//! `/metrics`.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Method, Request};
use common::{example, one_line, request, send, state_with};
use monshin_server::{ServeConfig, Token};

/// Captured log output.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const SENTINEL: &str = "SENTINEL";

/// The complete PCV example with every value and one master ID replaced by sentinels.
fn poisoned_set() -> String {
    let mut set: serde_json::Value =
        serde_json::from_str(example("vaccination-pcv", "complete")).expect("json");
    let answers = set["answers"].as_array_mut().expect("answers");
    for (i, a) in answers.iter_mut().enumerate() {
        a["value"] = serde_json::Value::String(format!("{SENTINEL}-value-{i}"));
    }
    answers.push(serde_json::json!({"id": "SENTINEL_ID", "seq": 1, "value": "SENTINEL-v"}));
    one_line(&set.to_string())
}

#[tokio::test]
async fn no_sentinel_in_logs_or_metrics() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let s = state_with(&ServeConfig {
        token: Token::new("tok-SENTINEL-token"),
        ..ServeConfig::default()
    });
    let set = poisoned_set();
    let auth = |mut r: Request<Body>| {
        r.headers_mut().insert(
            "authorization",
            "Bearer tok-SENTINEL-token".parse().expect("header"),
        );
        r
    };
    let uris = [
        "/v1/forms/vaccination-pcv/validate?today=2026-04-01",
        "/v1/forms/vaccination-pcv/validate?mode=SENTINEL",
        "/v1/forms/vaccination-pcv/validate?SENTINEL=1",
        "/v1/forms/vaccination-pcv/normalize",
        "/v1/forms/vaccination-pcv/payload?pmhId=SENTINEL-pmh&status=answered&lastPage=5",
        "/v1/forms/SENTINEL-form/validate",
        "/v1/validate/batch?form=vaccination-pcv",
        "/v1/validate/batch?form=SENTINEL-form",
        "/v1/pmh/inspect",
        "/SENTINEL/path",
    ];
    let mut answers = String::new();
    for uri in uris {
        let a = send(&s, auth(request(Method::POST, uri, set.clone()))).await;
        answers.push_str(&a.text());
        let bad_json = format!("{{\"definition\": \"{SENTINEL}\", ");
        let a = send(&s, auth(request(Method::POST, uri, bad_json))).await;
        answers.push_str(&a.text());
    }
    // A wrong token, and the right one on a GET of an unknown form.
    let mut wrong = request(Method::GET, "/v1/forms", Body::empty());
    wrong.headers_mut().insert(
        "authorization",
        "Bearer tok-SENTINEL-wrong".parse().expect("header"),
    );
    answers.push_str(&send(&s, wrong).await.text());
    let a = send(
        &s,
        auth(request(Method::GET, "/v1/forms/SENTINEL-x", Body::empty())),
    )
    .await;
    answers.push_str(&a.text());
    let metrics = send(&s, auth(request(Method::GET, "/metrics", Body::empty())))
        .await
        .text();
    let logs = String::from_utf8(capture.0.lock().expect("lock").clone()).expect("utf8");
    // The capture works: every request was logged, with its route template.
    assert!(logs.contains("route=\"/v1/forms/{id}/validate\""), "{logs}");
    assert!(logs.contains("status=401"), "{logs}");
    assert!(!logs.contains(SENTINEL), "a sentinel in the logs:\n{logs}");
    assert!(
        !metrics.contains(SENTINEL),
        "a sentinel in /metrics:\n{metrics}"
    );
    assert!(metrics.contains("route=\"unmatched\""), "{metrics}");
    // Error answers do not echo either (the normalize answer returns the set itself, and the
    // validation and batch answers hold no values).
    let echoed: Vec<&str> = answers
        .split('}')
        .filter(|part| part.contains(SENTINEL))
        .collect();
    assert!(
        echoed.iter().all(|p| p.contains("\"value\"")),
        "echoed outside the normalised set: {echoed:?}"
    );
}
