//! Idempotency keys are kept per citizen for the retention period (24 h) and never evicted by
//! count: after more than 10,000 registers by other citizens, a resend of the first key still
//! replays its first receipt instead of registering again. Bounded: 10,050 registers, 8
//! clients, 120 s at most.

mod common;

use std::time::Duration;

use common::*;
use monshin_pmh::{IdempotencyKey, PmhClient};
use monshin_pmh_sandbox::{Sandbox, SandboxConfig};
use monshin_wire::{RegisterQuestionnaireAnswer, RegisterStatus, VaccinationFormId};

const CLIENTS: usize = 8;
const REGISTERS: usize = 10_050;

/// A register of the citizen's stored draft, unchanged (allowed any number of times).
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_outlive_ten_thousand_registers() {
    let sb = Sandbox::start(
        SandboxConfig::default()
            .with_today(today())
            .with_load_test_copies(CLIENTS + 1),
    )
    .await
    .expect("starts");
    let first_client = client(&sb, "load-0001").await;
    let first_body = draft_body(&first_client).await;
    let first_key = IdempotencyKey::generate();
    let first = first_client
        .register_vaccination_answers(&first_body, &first_key)
        .await
        .expect("applied");
    assert!(!first.replayed);

    let work = async {
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..CLIENTS {
            let c = client(&sb, &format!("load-{:04}", i + 2)).await;
            let body = draft_body(&c).await;
            let share = REGISTERS / CLIENTS + 1;
            tasks.spawn(async move {
                for _ in 0..share {
                    c.register_vaccination_answers(&body, &IdempotencyKey::generate())
                        .await
                        .expect("applied");
                }
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.expect("a client task");
        }
    };
    tokio::time::timeout(Duration::from_secs(120), work)
        .await
        .expect("bounded in time");
    assert!(sb.stats().registers_applied as usize > REGISTERS);

    let again = first_client
        .register_vaccination_answers(&first_body, &first_key)
        .await
        .expect("replayed");
    assert!(again.replayed, "the first key is still remembered");
    assert_eq!(again.revision, first.revision);

    // Keys are per citizen: another citizen's request with the same key is its own.
    let other = client(&sb, &format!("load-{:04}", CLIENTS + 1)).await;
    let other_body = draft_body(&other).await;
    let r = other
        .register_vaccination_answers(&other_body, &first_key)
        .await
        .expect("applied for this citizen");
    assert!(!r.replayed);
    sb.shutdown().await;
}
