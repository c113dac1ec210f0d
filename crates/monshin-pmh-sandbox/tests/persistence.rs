//! State survives a restart: registers and idempotency keys are in the database, one
//! transaction per register; a second sandbox on the same data file refuses to start while the
//! first runs; a state file of the first format (one JSON document) is migrated, its keys
//! kept; tokens do not survive (a client refreshes); a damaged state file stops the start with
//! `sandbox.state-file`. (Two processes and `kill -9`: `monshin-cli/tests/sandbox_processes.rs`.)

mod common;

use std::path::PathBuf;

use common::*;
use monshin_pmh::IdempotencyKey;
use monshin_pmh_sandbox::{Sandbox, SandboxConfig};
use monshin_wire::{AnswerStatus, VaccinationFormId};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "monshin-sandbox-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn config(file: &PathBuf) -> SandboxConfig {
    SandboxConfig::default()
        .with_today(today())
        .with_data_file(file)
}

#[tokio::test]
async fn registers_survive_a_restart() {
    let dir = temp_dir("restart");
    let file = dir.join("sandbox.json");

    let sb = Sandbox::start(config(&file)).await.expect("seeds");
    assert!(file.exists(), "the seed is written at once");
    let head = std::fs::read(&file).expect("reads");
    assert!(head.starts_with(b"SQLite format 3\0"), "a SQLite database");
    let c = client(&sb, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    let key = IdempotencyKey::generate();
    let first = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("applied");
    sb.shutdown().await;

    let sb = Sandbox::start(config(&file)).await.expect("loads");
    let c = client(&sb, "elder-1").await;
    let id = VaccinationFormId::new("Y-FLU-2026-1").expect("valid");
    let back = c.get_vaccination_answers(&id).await.expect("read");
    assert_eq!(back.status, AnswerStatus::Answered);
    assert_eq!(back.answers, body.answers());
    let replay = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("the key is remembered");
    assert!(replay.replayed);
    assert_eq!(replay.revision, first.revision);
    assert_eq!(sb.stats().registers_applied, 0);
    sb.shutdown().await;

    std::fs::remove_file(&file).expect("removes");
    std::fs::write(&file, b"{\"format\": \"something else\"}").expect("writes");
    let e = Sandbox::start(config(&file)).await.expect_err("damaged");
    assert_eq!(e.code(), "sandbox.state-file");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn tokens_do_not_survive_a_restart() {
    let dir = temp_dir("tokens");
    let file = dir.join("state.json");
    let sb = Sandbox::start(config(&file)).await.expect("seeds");
    let token = sb.issue_token("elder-1").await.expect("issued");
    let port = sb.addr().port();
    sb.shutdown().await;

    let sb = Sandbox::start(config(&file).with_port(port))
        .await
        .expect("restarts");
    let c = client_with(
        &sb,
        std::sync::Arc::new(monshin_pmh::StaticToken::new(token)),
        std::time::Duration::from_secs(3),
    );
    let e = c.list_vaccinations().await.expect_err("unknown token");
    assert_eq!(e.code(), "pmh.unauthorized");
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_second_sandbox_on_the_same_file_refuses_to_start() {
    let dir = temp_dir("locked");
    let file = dir.join("sandbox.db");
    let first = Sandbox::start(config(&file)).await.expect("starts");
    let e = Sandbox::start(config(&file))
        .await
        .expect_err("the file is in use");
    assert_eq!(e.code(), "sandbox.data-locked");

    // The first one keeps serving and acknowledging.
    let c = client(&first, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    let key = IdempotencyKey::generate();
    let receipt = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("applied");
    first.shutdown().await;

    // Released at shutdown: the next one sees the register.
    let next = Sandbox::start(config(&file)).await.expect("starts");
    let c = client(&next, "elder-1").await;
    let again = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("replayed");
    assert!(again.replayed);
    assert_eq!(again.revision, receipt.revision);
    next.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

/// FNV-1a as hex: the sandbox's fingerprint of a register body.
fn fingerprint(bytes: &[u8]) -> String {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{h:016x}")
}

#[tokio::test]
async fn a_first_format_state_file_is_migrated() {
    let dir = temp_dir("migrate");
    let file = dir.join("sandbox.json");
    // A body the legacy file remembers a key for.
    let probe = Sandbox::start(SandboxConfig::default().with_today(today()))
        .await
        .expect("starts");
    let c = client(&probe, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    probe.shutdown().await;
    let encoded = monshin_wire::encode(&body).expect("encodes");

    let mut seed: serde_json::Value =
        serde_json::from_str(include_str!("../seed/citizens.json")).expect("the seed");
    seed["keys"] = serde_json::json!([{
        "key": "legacy-key-1",
        "citizen": "elder-1",
        "operation": "register_vaccination_answers",
        "formId": "Y-FLU-2026-1",
        "fingerprint": fingerprint(&encoded),
        "receipt": { "revision": 7, "status": "回答済み", "lastPage": 1,
                     "answerCount": 1, "replayed": false }
    }]);
    let seeded = seed["citizens"].as_array().map_or(0, Vec::len);
    std::fs::write(&file, serde_json::to_vec(&seed).expect("json")).expect("writes");

    let sb = Sandbox::start(config(&file)).await.expect("migrates");
    let head = std::fs::read(&file).expect("reads");
    assert!(head.starts_with(b"SQLite format 3\0"), "now a database");
    let backup = dir.join("sandbox.json.v1.json");
    assert!(backup.exists(), "the first-format file is kept");
    let c = client(&sb, "elder-1").await;
    let key = IdempotencyKey::new("legacy-key-1").expect("valid");
    let replay = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("the legacy key replays");
    assert!(replay.replayed);
    assert_eq!(replay.revision, 7);
    assert_eq!(sb.stats().registers_applied, 0);
    sb.shutdown().await;

    // Started again: the database is used as it is.
    let sb = Sandbox::start(config(&file)).await.expect("loads");
    assert_eq!(sb.citizens().await.len(), seeded);
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}
