//! A bounded concurrency test: 24 clients register at once (each its own citizen), while 8
//! more send the same register with the same idempotency key and others read. Nothing is lost
//! (every citizen's form holds its register, revision 1), nothing is duplicated (applied = 25,
//! the 7 repeats are replays). Bounded: 24 + 8 registers, 24 reads, 20 s at most.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use monshin_pmh::{IdempotencyKey, PmhClient};
use monshin_pmh_sandbox::{Faults, Sandbox, SandboxConfig};
use monshin_wire::{AnswerStatus, VaccinationFormId};

const CLIENTS: usize = 24;
const SAME_KEY: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_clients_register_at_once() {
    let sb = Sandbox::start(
        SandboxConfig::default()
            .with_today(today())
            .with_faults(
                Faults::none()
                    .with_seed(11)
                    .with_latency(Duration::from_millis(0), Duration::from_millis(10)),
            )
            .with_load_test_copies(CLIENTS + 1),
    )
    .await
    .expect("starts");
    let sb = Arc::new(sb);

    // Prepare every client and body first, then fire the registers together.
    let mut prepared: Vec<(PmhClient, monshin_wire::RegisterQuestionnaireAnswer)> = Vec::new();
    for i in 1..=CLIENTS + 1 {
        let c = client(&sb, &format!("load-{i:04}")).await;
        let body = finished_vaccination_body(&c, "Y-PCV15-3").await;
        prepared.push((c, body));
    }
    let (storm_client, storm_body) = prepared.pop().expect("one more");
    let storm_key = IdempotencyKey::generate();

    let work = async {
        let mut tasks = tokio::task::JoinSet::new();
        for (c, body) in prepared.clone() {
            tasks.spawn(async move {
                let receipt = c
                    .register_vaccination_answers(&body, &IdempotencyKey::generate())
                    .await?;
                c.list_vaccination_forms().await?;
                Ok::<_, monshin_pmh::Error>(receipt)
            });
        }
        for _ in 0..SAME_KEY {
            let (c, body, key) = (storm_client.clone(), storm_body.clone(), storm_key.clone());
            tasks.spawn(async move { c.register_vaccination_answers(&body, &key).await });
        }
        let mut replayed = 0;
        let mut ok = 0;
        while let Some(joined) = tasks.join_next().await {
            let receipt = joined.expect("task").expect("register succeeds");
            assert_eq!(receipt.revision, 1, "each form was registered once");
            ok += 1;
            replayed += usize::from(receipt.replayed);
        }
        (ok, replayed)
    };
    let (ok, replayed) = tokio::time::timeout(Duration::from_secs(20), work)
        .await
        .expect("bounded in time");
    assert_eq!(ok, CLIENTS + SAME_KEY);
    assert_eq!(
        replayed,
        SAME_KEY - 1,
        "one storm register applied, the rest replayed"
    );

    let stats = sb.stats();
    assert_eq!(stats.registers_applied as usize, CLIENTS + 1);
    assert_eq!(stats.registers_replayed as usize, SAME_KEY - 1);
    assert_eq!(stats.registers_refused, 0);

    // Nothing lost: every form holds exactly what was registered.
    let id = VaccinationFormId::new("Y-PCV15-3").expect("valid");
    for (c, body) in prepared
        .iter()
        .chain(std::iter::once(&(storm_client, storm_body)))
    {
        let back = c.get_vaccination_answers(&id).await.expect("read back");
        assert_eq!(back.status, AnswerStatus::Answered);
        assert_eq!(back.answers, body.answers());
    }
    for citizen in sb.citizens().await {
        if citizen.id.starts_with("load-") {
            assert_eq!(
                citizen.forms[0].status,
                AnswerStatus::Answered,
                "{}",
                citizen.id
            );
        }
    }
    if let Ok(sb) = Arc::try_unwrap(sb) {
        sb.shutdown().await;
    }
}
