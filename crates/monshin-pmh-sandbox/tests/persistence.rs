//! State survives a restart: registers and idempotency keys are in the state file, written
//! atomically; a stray temporary file of a crashed save is ignored; tokens do not survive (a
//! client refreshes); a damaged state file stops the start with `sandbox.state-file`.

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
    let c = client(&sb, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    let key = IdempotencyKey::generate();
    let first = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("applied");
    sb.shutdown().await;

    // A save that crashed before its rename leaves a temporary file behind.
    let stray = dir.join(".sandbox.json.tmp-99999-0");
    std::fs::write(&stray, b"{ half a state").expect("writes");

    let sb = Sandbox::start(config(&file)).await.expect("loads");
    assert!(!stray.exists(), "the stray temporary file is removed");
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
