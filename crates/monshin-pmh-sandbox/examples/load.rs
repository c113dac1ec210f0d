//! A bounded load test of the sandbox on 127.0.0.1, the source of the sandbox figures in
//! `BENCHMARKS.md`:
//!
//! ```sh
//! cargo run --release -p monshin-pmh-sandbox --example load -- [SECONDS] [CLIENTS]
//! ```
//!
//! Starts a sandbox in this process with a data file in a fresh temporary directory (so every
//! register is durable, as in production use) and `CLIENTS` (default 50) copies of the demo
//! citizen, one per client. Two phases of `SECONDS` each (default 10, at most 60): reads only,
//! then 40 % writes (a register of the citizen's 予診票 draft, unchanged, with a fresh
//! idempotency key) and 60 % reads (operation 3, the same form's answers). Every request is one
//! attempt (no retries). Each phase also stops after 200,000 requests. Prints registers/s and the
//! p50/p99 latencies of reads and registers per phase; exits 1 if any request failed.

#![allow(clippy::print_stdout)] // a command-line tool prints its figures

use std::sync::Arc;
use std::time::{Duration, Instant};

use monshin_pmh::{IdempotencyKey, PmhClient, RetryPolicy};
use monshin_pmh_sandbox::{Sandbox, SandboxConfig};
use monshin_wire::{RegisterQuestionnaireAnswer, RegisterStatus, VaccinationFormId};

/// The form every copy of the demo citizen holds as a draft.
const FORM: &str = "Y-FLU-2026-1";
/// Requests per phase at most, across clients.
const MAX_REQUESTS: i64 = 200_000;

/// Latencies of one kind of request, in microseconds.
#[derive(Default)]
struct Samples {
    micros: Vec<u64>,
    failed: u64,
}

impl Samples {
    fn percentile(&mut self, p: f64) -> f64 {
        if self.micros.is_empty() {
            return 0.0;
        }
        self.micros.sort_unstable();
        let rank = ((p / 100.0) * self.micros.len() as f64).ceil() as usize;
        let i = rank.clamp(1, self.micros.len()) - 1;
        self.micros[i] as f64 / 1000.0
    }

    fn merge(&mut self, other: Samples) {
        self.micros.extend(other.micros);
        self.failed += other.failed;
    }
}

/// A small deterministic generator (xorshift64) so every run draws the same mix.
struct Draw(u64);

impl Draw {
    fn percent(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % 100
    }
}

struct Phase {
    name: &'static str,
    write_percent: u64,
}

async fn run_client(
    client: PmhClient,
    body: RegisterQuestionnaireAnswer,
    write_percent: u64,
    seed: u64,
    until: Instant,
    budget: Arc<std::sync::atomic::AtomicI64>,
) -> (Samples, Samples) {
    let id = VaccinationFormId::new(FORM).expect("a valid form ID");
    let (mut reads, mut writes) = (Samples::default(), Samples::default());
    let mut draw = Draw(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    while Instant::now() < until && budget.fetch_sub(1, std::sync::atomic::Ordering::Relaxed) > 0 {
        let started = Instant::now();
        if draw.percent() < write_percent {
            let ok = client
                .register_vaccination_answers(&body, &IdempotencyKey::generate())
                .await
                .is_ok();
            let us = started.elapsed().as_micros() as u64;
            if ok {
                writes.micros.push(us);
            } else {
                writes.failed += 1;
            }
        } else {
            let ok = client.get_vaccination_answers(&id).await.is_ok();
            let us = started.elapsed().as_micros() as u64;
            if ok {
                reads.micros.push(us);
            } else {
                reads.failed += 1;
            }
        }
    }
    (reads, writes)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .clamp(1, 60);
    let clients: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50)
        .clamp(1, 200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let failed = rt.block_on(run(seconds, clients));
    std::process::exit(i32::from(failed));
}

async fn run(seconds: u64, clients: usize) -> bool {
    let dir = std::env::temp_dir().join(format!("monshin-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let today = monshin_expr::Date::from_ymd(2026, 12, 1).expect("a real date");
    let sandbox = Sandbox::start(
        SandboxConfig::default()
            .with_today(today)
            .with_data_file(dir.join("sandbox.db"))
            .with_load_test_copies(clients),
    )
    .await
    .expect("the sandbox starts");
    let id = VaccinationFormId::new(FORM).expect("a valid form ID");
    let mut prepared = Vec::new();
    for i in 1..=clients {
        let tokens = sandbox
            .token_provider(&format!("load-{i:04}"))
            .await
            .expect("a load-test citizen");
        let client = PmhClient::builder(&sandbox.base_url())
            .timeout(Duration::from_secs(10))
            .retry_policy(RetryPolicy::none())
            .build(Arc::new(tokens))
            .expect("a client");
        let stored = client
            .get_vaccination_answers(&id)
            .await
            .expect("the draft reads");
        let body = RegisterQuestionnaireAnswer::from_parts(
            id.clone(),
            RegisterStatus::Draft,
            stored.last_page.expect("a draft has a last page"),
            stored.answers,
        );
        prepared.push((client, body));
    }
    println!(
        "sandbox load: {clients} clients, {seconds} s per phase, one attempt per request, data file on"
    );
    println!(
        "{:<22} {:>9} {:>11} {:>11} {:>11} {:>11} {:>11} {:>7}",
        "phase", "reads", "read p50", "read p99", "registers", "reg/s", "reg p99", "failed"
    );
    let mut any_failed = false;
    for phase in [
        Phase {
            name: "reads only",
            write_percent: 0,
        },
        Phase {
            name: "40% writes",
            write_percent: 40,
        },
    ] {
        let budget = Arc::new(std::sync::atomic::AtomicI64::new(MAX_REQUESTS));
        let started = Instant::now();
        let until = started + Duration::from_secs(seconds);
        let mut tasks = tokio::task::JoinSet::new();
        for (i, (client, body)) in prepared.iter().enumerate() {
            tasks.spawn(run_client(
                client.clone(),
                body.clone(),
                phase.write_percent,
                i as u64 + 1,
                until,
                budget.clone(),
            ));
        }
        let (mut reads, mut writes) = (Samples::default(), Samples::default());
        while let Some(joined) = tasks.join_next().await {
            let (r, w) = joined.expect("a client task");
            reads.merge(r);
            writes.merge(w);
        }
        let elapsed = started.elapsed().as_secs_f64();
        let failed = reads.failed + writes.failed;
        any_failed |= failed > 0;
        println!(
            "{:<22} {:>9} {:>8.1} ms {:>8.1} ms {:>11} {:>11.1} {:>8.1} ms {:>7}",
            phase.name,
            reads.micros.len(),
            reads.percentile(50.0),
            reads.percentile(99.0),
            writes.micros.len(),
            writes.micros.len() as f64 / elapsed,
            writes.percentile(99.0),
            failed
        );
    }
    sandbox.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
    any_failed
}
