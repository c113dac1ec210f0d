//! Graceful shutdown over a real socket: a request in flight when shutdown begins is answered
//! in full, readiness turns 503 at once, and `serve` returns once it is done.

mod common;

use std::time::Duration;

use common::{example, state};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_in_flight_is_answered_after_shutdown_begins() {
    let s = state();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(monshin_server::serve(listener, s.clone(), async move {
        let _ = stopped.await;
    }));
    let body = example("vaccination-pcv", "complete").as_bytes();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut conn = TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /v1/forms/vaccination-pcv/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).await.expect("write");
    conn.write_all(first).await.expect("write");
    // The request is in flight (its body half sent) when shutdown begins.
    for _ in 0..400 {
        if s.permits.available_permits() < s.limits.concurrency {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(s.permits.available_permits() < s.limits.concurrency);
    stop.send(()).expect("signal");
    for _ in 0..400 {
        if !s.is_ready() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(!s.is_ready(), "not ready once shutdown began");
    assert!(!server.is_finished(), "waits for the request in flight");
    conn.write_all(rest).await.expect("write the rest");
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(60), conn.read_to_string(&mut answer))
        .await
        .expect("answered in time")
        .expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"valid\":true"), "{answer}");
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("serve returns after the last request")
        .expect("joins")
        .expect("serve ends cleanly");
    // No new connection is taken.
    assert!(TcpStream::connect(addr).await.is_err());
}
