//! Connection hygiene: idle and half-sent connections are closed after the header-read
//! time-out, so the connection cap's worth of them cannot lock out a normal client. Bounded:
//! 64 sockets, 15 s at most.

mod common;

use std::time::{Duration, Instant};

use common::*;
use monshin_pmh_sandbox::{Sandbox, SandboxConfig, DEMO_CITIZEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CAP: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sockets_do_not_lock_out_a_client() {
    let sb = Sandbox::start(
        SandboxConfig::default()
            .with_today(today())
            .with_max_connections(CAP)
            .with_header_read_timeout(Duration::from_millis(500)),
    )
    .await
    .expect("starts");
    let c = client(&sb, DEMO_CITIZEN).await;
    c.list_vaccination_forms().await.expect("served");
    drop(c);

    // The cap's worth of sockets: half of them silent, half with half a header.
    let mut idle = Vec::new();
    for i in 0..CAP {
        let mut s = tokio::net::TcpStream::connect(sb.addr())
            .await
            .expect("connects");
        if i % 2 == 1 {
            s.write_all(b"GET /v3/vaccination-forms HTTP/1.1\r\nhost: x\r\n")
                .await
                .expect("writes");
        }
        idle.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    let c = client(&sb, DEMO_CITIZEN).await;
    let forms = tokio::time::timeout(Duration::from_secs(10), c.list_vaccination_forms())
        .await
        .expect("a normal client gets through in time")
        .expect("served");
    assert!(!forms.forms.is_empty());
    assert!(started.elapsed() < Duration::from_secs(10));

    // The idle sockets were closed by the sandbox.
    for mut s in idle {
        let mut buf = [0u8; 256];
        let n = tokio::time::timeout(Duration::from_secs(3), s.read(&mut buf))
            .await
            .expect("closed in time")
            .unwrap_or(0);
        // Closed without an answer, or with a 408 for the half-sent header.
        assert!(n == 0 || buf.starts_with(b"HTTP/1.1 408"), "{n}");
    }
    sb.shutdown().await;
}
