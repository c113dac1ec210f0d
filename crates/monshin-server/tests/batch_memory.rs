//! `POST /v1/validate/batch` with bounded memory: 40,000 answer sets (about 34 MB) pass
//! through while the process's peak resident set (`VmHWM`) grows by far less than their size.
//! Alone in its test binary, so the peak is this test's.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::Method;
use bytes::Bytes;
use common::{example, one_line, request};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Peak resident set of this process in KiB (`/proc/self/status`).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_thousand_sets_pass_in_bounded_memory() {
    // A debug build on a busy machine is slow: the time limit at its ceiling.
    let s = common::state_with(&monshin_server::ServeConfig {
        limits: monshin_server::ServeLimits {
            timeout: Duration::from_secs(600),
            ..monshin_server::ServeLimits::default()
        },
        ..monshin_server::ServeConfig::default()
    });
    let line = Bytes::from(one_line(example("vaccination-pcv", "draft")) + "\n");
    let lines = 40_000usize;
    let input_bytes = (line.len() * lines) as u64;
    let before = peak_kib();
    let chunks = (0..lines).map(move |_| Ok::<_, std::io::Error>(line.clone()));
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    let response = monshin_server::router(s.clone())
        .oneshot(request(
            Method::POST,
            "/v1/validate/batch?form=vaccination-pcv",
            body,
        ))
        .await
        .expect("infallible");
    assert_eq!(response.status(), 200);
    let mut out = response.into_body();
    let (mut seen, mut valid) = (0usize, 0usize);
    let mut tail = Vec::new();
    while let Some(frame) = out.frame().await {
        let frame = frame.expect("frame");
        let Some(data) = frame.data_ref() else {
            continue;
        };
        tail.extend_from_slice(data);
        let cut = tail.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        for l in tail[..cut].split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            seen += 1;
            let v: serde_json::Value = serde_json::from_slice(l).expect("json line");
            if v["valid"] == true {
                valid += 1;
            }
        }
        tail.drain(..cut);
    }
    assert_eq!((seen, valid), (lines, lines));
    let grown_kib = peak_kib().saturating_sub(before);
    // Budget: half the input (two chunks of 4096 lines and the queued output are a few MB;
    // a server that held the body would grow by all of it).
    assert!(
        grown_kib * 1024 < input_bytes / 2,
        "peak grew by {grown_kib} KiB for {input_bytes} bytes of input"
    );
    let metrics = s.metrics.render();
    assert!(
        metrics.contains(&format!(
            r#"monshin_answer_sets_total{{route="batch",result="valid"}} {lines}"#
        )),
        "{metrics}"
    );
}
