//! Two sandbox processes on one data file, and `kill -9`: the second process refuses to start
//! while the first runs (`sandbox.data-locked`), so only one ever acknowledges registers; the
//! first is killed with SIGKILL while registers are in flight; the second then starts on the
//! same file and every acknowledged register is there (its key replays its receipt). Bounded:
//! at most 200 registers, every process killed after 60 s.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use monshin_pmh::{AccessToken, IdempotencyKey, PmhClient, RetryPolicy, StaticToken};
use monshin_wire::{RegisterQuestionnaireAnswer, RegisterStatus, VaccinationFormId};

const ADMIN: &str = "admin-token-of-this-test";

/// A `monshin sandbox serve` process and its base URL.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_command(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_monshin"));
    cmd.args(["sandbox", "serve", "--port", "0", "--admin-token", ADMIN])
        .args(["--today", "2026-12-01", "--for", "60", "--data"])
        .arg(data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn serve(data: &Path) -> Served {
    let mut child = serve_command(data).spawn().expect("runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the sandbox prints its address")
            .expect("reads");
        if let Some(url) = line.strip_prefix("monshin PMH sandbox listening on ") {
            break url.trim().to_owned();
        }
    };
    // Keep draining standard output so the process never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Served { child, url }
}

/// A citizen token from the admin route, over plain HTTP/1.1.
fn token(url: &str, citizen: &str) -> AccessToken {
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("time-out");
    let body = format!("{{\"citizenId\":\"{citizen}\"}}");
    write!(
        s,
        "POST /sandbox/token HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\
         authorization: Bearer {ADMIN}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("writes");
    let mut resp = String::new();
    s.read_to_string(&mut resp).expect("reads");
    let json = resp.split("\r\n\r\n").nth(1).expect("a body");
    let t: monshin_pmh::api::TokenResponse = serde_json::from_str(json).expect("a token");
    AccessToken::new(t.access_token)
}

fn client(url: &str) -> PmhClient {
    PmhClient::builder(url)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::none())
        .build(Arc::new(StaticToken::new(token(url, "elder-1"))))
        .expect("a client")
}

async fn draft_body(c: &PmhClient) -> RegisterQuestionnaireAnswer {
    let id = VaccinationFormId::new("Y-FLU-2026-1").expect("valid");
    let stored = c.get_vaccination_answers(&id).await.expect("reads");
    RegisterQuestionnaireAnswer::from_parts(
        id,
        RegisterStatus::Draft,
        stored.last_page.expect("a draft has a last page"),
        stored.answers,
    )
}

#[test]
fn no_acknowledged_register_is_lost_with_two_processes_and_kill_9() {
    let dir = std::env::temp_dir().join(format!("monshin-two-processes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a directory");
    let data = dir.join("sandbox.db");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    let mut first = serve(&data);

    // A second process on the same data refuses to start.
    let second = serve_command(&data).spawn().expect("runs");
    let started = Instant::now();
    let mut second = second;
    let code = loop {
        if let Some(status) = second.try_wait().expect("waits") {
            break status.code();
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            let _ = second.wait();
            panic!("a second sandbox is serving the same data file");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    if let Some(mut e) = second.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("sandbox.data-locked"), "{err}");

    // Registers on the first; SIGKILL from another thread while they are in flight.
    let c = client(&first.url);
    let body = rt.block_on(draft_body(&c));
    let count = Arc::new(AtomicUsize::new(0));
    let pid = first.child.id();
    let killer = {
        let count = count.clone();
        std::thread::spawn(move || {
            let t0 = Instant::now();
            while count.load(Ordering::SeqCst) < 20 && t0.elapsed() < Duration::from_secs(30) {
                std::thread::yield_now();
            }
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        })
    };
    let acked: Vec<(IdempotencyKey, u64)> = rt.block_on(async {
        let mut acked = Vec::new();
        for _ in 0..200 {
            let key = IdempotencyKey::generate();
            match c.register_vaccination_answers(&body, &key).await {
                Ok(r) => {
                    acked.push((key, r.revision));
                    count.fetch_add(1, Ordering::SeqCst);
                }
                Err(_) => break,
            }
        }
        acked
    });
    killer.join().expect("the killer ends");
    let _ = first.child.wait();
    assert!(acked.len() >= 20, "{} acknowledged", acked.len());

    // The next process has every acknowledged register.
    let next = serve(&data);
    let c = client(&next.url);
    rt.block_on(async {
        for (key, revision) in &acked {
            let r = c
                .register_vaccination_answers(&body, key)
                .await
                .expect("replayed");
            assert!(r.replayed, "an acknowledged register was lost");
            assert_eq!(r.revision, *revision);
        }
        let fresh = c
            .register_vaccination_answers(&body, &IdempotencyKey::generate())
            .await
            .expect("applied");
        let last = acked.last().map_or(0, |(_, r)| *r);
        assert!(fresh.revision > last, "{} after {last}", fresh.revision);
    });
    drop(next);
    let _ = std::fs::remove_dir_all(dir);
}
