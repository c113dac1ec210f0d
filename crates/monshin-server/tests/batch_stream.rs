//! `POST /v1/validate/batch` streams: result lines arrive while the request body is still
//! being sent (memory: `tests/batch_memory.rs`).

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::Method;
use bytes::Bytes;
use common::{example, one_line, request, state};
use http_body_util::BodyExt;
use tokio::sync::mpsc;
use tower::ServiceExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lines_stream_out_while_the_body_is_still_coming_in() {
    let s = state();
    let line = Bytes::from(one_line(example("vaccination-pcv", "draft")) + "\n");
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }));
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
    // A producer sends lines until told to stop; the first result must arrive before that.
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let producer = tokio::spawn(async move {
        let mut sent = 0usize;
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                r = tx.send(Ok(line.clone())) => {
                    r.expect("send");
                    sent += 1;
                }
            }
        }
        sent
    });
    let frame = tokio::time::timeout(Duration::from_secs(300), out.frame())
        .await
        .expect("a result arrives before the body ends")
        .expect("a frame")
        .expect("data");
    let mut seen = frame
        .data_ref()
        .map_or(0, |d| d.iter().filter(|b| **b == b'\n').count());
    assert!(seen > 0, "output starts while input is open");
    assert!(!producer.is_finished(), "the body was still open");
    stop.send(()).expect("stop");
    let sent = producer.await.expect("joins");
    while let Some(frame) = out.frame().await {
        let frame = frame.expect("frame");
        seen += frame
            .data_ref()
            .map_or(0, |d| d.iter().filter(|b| **b == b'\n').count());
    }
    assert_eq!(seen, sent);
}
