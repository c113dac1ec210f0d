//! Bounded fault tests: each fault kind of the sandbox gives the right client error, reads are
//! retried (also after a truncated or malformed answer; observed in the client's and the
//! sandbox's counters), and a register is resent only when the API guarantees nothing was
//! applied (nothing sent, 401 after the refresh, 429, 503); a register whose receipt is
//! malformed is reported as applied, confirmed by reading it back. Every test runs against its own sandbox, makes a fixed,
//! small number of calls and ends within a few seconds.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use monshin_pmh::{
    AccessToken, Error, IdempotencyKey, PmhClient, ReadBack, RegisterEffect, StaticToken,
};
use monshin_pmh_sandbox::{FaultKind, FaultRule, Faults, OutageWindow, Target};
use monshin_wire::{AnswerStatus, ErrorCode, VaccinationFormId};

fn rule(kind: FaultKind) -> FaultRule {
    FaultRule::new(kind)
}

fn flu() -> VaccinationFormId {
    VaccinationFormId::new("Y-FLU-2026-1").expect("valid ID")
}

/// A client and the finished flu body, prepared before faults are switched on.
async fn prepared(
    sb: &monshin_pmh_sandbox::Sandbox,
) -> (PmhClient, monshin_wire::RegisterQuestionnaireAnswer) {
    let c = client(sb, "elder-1").await;
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    (c, body)
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_only() {
    let sb = sandbox(Faults::none()).await;
    let (c, body) = prepared(&sb).await;
    let before = c.stats();

    sb.set_faults(
        Faults::none().with_rule(rule(FaultKind::ServerError).on(Target::Reads).times(2)),
    )
    .expect("valid");
    c.list_vaccination_forms()
        .await
        .expect("third attempt succeeds");
    let s = c.stats();
    assert_eq!(s.attempts - before.attempts, 3);
    assert_eq!(s.retries - before.retries, 2);

    sb.set_faults(Faults::none().with_rule(rule(FaultKind::ServerError).on(Target::Reads)))
        .expect("valid");
    let e = c.list_vaccinations().await.expect_err("always 500");
    assert!(matches!(e, Error::Server { status: 500, .. }), "{e:?}");
    assert_eq!(c.stats().attempts - s.attempts, 4, "max_attempts");

    sb.set_faults(Faults::none().with_rule(rule(FaultKind::ServerError).on(Target::Registers)))
        .expect("valid");
    let sent = c.stats().registers_sent;
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("500");
    assert!(matches!(e, Error::Server { status: 500, .. }), "{e:?}");
    assert_eq!(e.register_effect(), RegisterEffect::Unknown);
    assert_eq!(c.stats().registers_sent - sent, 1, "sent once");
    assert_eq!(sb.stats().by_operation["register_vaccination_answers"], 1);
    assert_eq!(sb.stats().registers_applied, 0);
    sb.shutdown().await;
}

#[tokio::test]
async fn unavailable_and_rate_limits() {
    let sb = sandbox(Faults::none()).await;
    let (c, body) = prepared(&sb).await;

    sb.set_faults(
        Faults::none()
            .with_rule(rule(FaultKind::Unavailable).on(Target::Reads).times(1))
            .with_rule(rule(FaultKind::Unavailable).on(Target::Registers).times(1)),
    )
    .expect("valid");
    let r = c.stats().retries;
    c.list_vaccinations().await.expect("retried");
    assert_eq!(c.stats().retries - r, 1);
    let r = c.stats().retries;
    let receipt = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("503 applied nothing: resent");
    assert!(!receipt.replayed);
    assert_eq!(c.stats().retries - r, 1);
    assert_eq!(sb.stats().registers_applied, 1);

    // Always 503: the register ends with it, nothing applied.
    sb.set_faults(Faults::none().with_rule(rule(FaultKind::Unavailable).on(Target::Registers)))
        .expect("valid");
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("always 503");
    assert!(matches!(e, Error::Server { status: 503, .. }), "{e:?}");
    assert_eq!(e.register_effect(), RegisterEffect::NotApplied);
    assert_eq!(sb.stats().registers_applied, 1);

    sb.set_faults(
        Faults::none()
            .with_rule(
                rule(FaultKind::RateLimit)
                    .on(Target::Reads)
                    .times(1)
                    .retry_after_secs(1),
            )
            .with_rule(
                rule(FaultKind::RateLimit)
                    .on(Target::Registers)
                    .times(1)
                    .retry_after_secs(1),
            ),
    )
    .expect("valid");
    let t0 = Instant::now();
    c.list_vaccinations()
        .await
        .expect("waits Retry-After, then succeeds");
    assert!(
        t0.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    let applied = sb.stats().registers_applied;
    let t0 = Instant::now();
    c.register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("429 applied nothing: resent after Retry-After");
    assert!(
        t0.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(sb.stats().registers_applied, applied + 1);

    // A Retry-After beyond the caller's limit: returned, not waited for.
    sb.set_faults(
        Faults::none().with_rule(
            rule(FaultKind::RateLimit)
                .on(Target::Registers)
                .retry_after_secs(60),
        ),
    )
    .expect("valid");
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("too long to wait");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(60)));
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(e.register_effect(), RegisterEffect::NotApplied);
    assert_eq!(sb.stats().registers_applied, applied + 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn planned_outages() {
    let sb = sandbox(Faults::none()).await;
    let (c, body) = prepared(&sb).await;

    // A long window: no retry, the error carries Retry-After.
    sb.set_faults(
        Faults::none().with_outage(OutageWindow::starting_now(Duration::from_secs(3600))),
    )
    .expect("valid");
    let a = c.stats().attempts;
    let e = c.list_vaccination_forms().await.expect_err("outage");
    assert!(matches!(e, Error::PlannedOutage { .. }), "{e:?}");
    assert!(e.retry_after() >= Some(Duration::from_secs(3590)));
    assert_eq!(c.stats().attempts - a, 1, "not retried");
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("outage");
    assert_eq!(e.code(), "pmh.planned-outage");
    assert_eq!(e.register_effect(), RegisterEffect::NotApplied);

    // A short window: the read waits it out.
    sb.set_faults(
        Faults::none().with_outage(OutageWindow::starting_now(Duration::from_millis(300))),
    )
    .expect("valid");
    let r = c.stats().retries;
    c.list_vaccination_forms().await.expect("after the window");
    assert!(c.stats().retries > r);
    assert_eq!(sb.stats().registers_applied, 0);
    sb.shutdown().await;
}

#[tokio::test]
async fn expired_tokens_are_refreshed_once() {
    let sb = sandbox(Faults::none()).await;
    let (c, body) = prepared(&sb).await;

    sb.set_faults(Faults::none().with_rule(rule(FaultKind::TokenExpiry).times(1)))
        .expect("valid");
    c.list_vaccinations().await.expect("refreshed and retried");
    assert_eq!(c.stats().token_refreshes, 1);

    // A 401 applied nothing: the register is resent with the fresh token.
    sb.set_faults(Faults::none().with_rule(rule(FaultKind::TokenExpiry).times(1)))
        .expect("valid");
    let key = IdempotencyKey::generate();
    let receipt = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("refreshed and resent");
    assert!(!receipt.replayed);
    assert_eq!(c.stats().token_refreshes, 2);
    assert_eq!(sb.stats().registers_applied, 1);

    // Tokens that expire after two uses: every call still succeeds.
    sb.set_faults(Faults::none().with_token_expiry_after_uses(2))
        .expect("valid");
    for _ in 0..5 {
        c.list_vaccination_forms()
            .await
            .expect("refreshes as needed");
    }
    assert!(c.stats().token_refreshes >= 3);

    // A token that cannot be refreshed.
    let stale = sb.issue_token("elder-1").await.expect("issued");
    let fixed = client_with(
        &sb,
        Arc::new(StaticToken::new(stale)),
        Duration::from_secs(3),
    );
    for _ in 0..2 {
        let _ = fixed.list_vaccinations().await;
    }
    let e = fixed.list_vaccinations().await.expect_err("expired");
    assert!(
        matches!(
            e,
            Error::Unauthorized {
                refreshed: false,
                ..
            }
        ),
        "{e:?}"
    );
    let unknown = client_with(
        &sb,
        Arc::new(StaticToken::new(AccessToken::new("sbx.unknown"))),
        Duration::from_secs(3),
    );
    let e = unknown.list_vaccinations().await.expect_err("unknown");
    assert_eq!(e.code(), "pmh.unauthorized");
    sb.shutdown().await;
}

#[tokio::test]
async fn malformed_and_truncated_bodies() {
    let sb = sandbox(Faults::none()).await;
    let (c, body) = prepared(&sb).await;

    // Always malformed: a read is retried, then fails with the wire error.
    sb.set_faults(Faults::none().with_rule(rule(FaultKind::Malformed).on(Target::Reads)))
        .expect("valid");
    let e = c.list_vaccination_forms().await.expect_err("malformed");
    let Error::InvalidResponse { code, path, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*code, ErrorCode::WrongType);
    assert_eq!(
        path.as_ref().map(|p| p.to_pointer()).as_deref(),
        Some("/forms")
    );
    assert_eq!(c.stats().retries, 3, "an idempotent read is retried");

    // Malformed once, truncated once: the read succeeds on the next attempt.
    for fault in [FaultKind::Malformed, FaultKind::Truncated] {
        sb.set_faults(Faults::none().with_rule(rule(fault).on(Target::Reads).times(1)))
            .expect("valid");
        let r = c.stats().retries;
        c.get_vaccination_answers(&flu())
            .await
            .expect("read again after a bad answer");
        assert_eq!(c.stats().retries - r, 1, "{fault:?}");
    }

    // A malformed receipt: applied, read back, never reported as failed nor resent.
    sb.set_faults(Faults::none().with_rule(rule(FaultKind::Malformed).on(Target::Registers)))
        .expect("valid");
    let sent = c.stats().registers_sent;
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("no receipt");
    assert_eq!(e.code(), "pmh.applied-unconfirmed");
    assert!(
        matches!(
            e,
            Error::AppliedUnconfirmed {
                read_back: ReadBack::Matches,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.register_effect(), RegisterEffect::Applied);
    assert_eq!(c.stats().registers_sent - sent, 1, "not resent");
    assert_eq!(sb.stats().registers_applied, 1, "applied once");
    sb.shutdown().await;
}

#[tokio::test]
async fn dropped_connections() {
    let sb = sandbox(Faults::none()).await;
    let (c, body) = prepared(&sb).await;

    sb.set_faults(Faults::none().with_rule(rule(FaultKind::DropBefore).on(Target::Reads).times(2)))
        .expect("valid");
    let r = c.stats().retries;
    c.list_vaccinations()
        .await
        .expect("retried after two drops");
    assert_eq!(c.stats().retries - r, 2);

    // Dropped before processing: not resent, not applied.
    sb.set_faults(
        Faults::none().with_rule(rule(FaultKind::DropBefore).on(Target::Registers).times(1)),
    )
    .expect("valid");
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("dropped");
    assert!(matches!(e, Error::Network { sent: true, .. }), "{e:?}");
    assert_eq!(e.register_effect(), RegisterEffect::Unknown);
    assert_eq!(sb.stats().registers_applied, 0);

    // Dropped after processing: applied once; resending with the same key replays.
    sb.set_faults(
        Faults::none().with_rule(rule(FaultKind::DropAfter).on(Target::Registers).times(1)),
    )
    .expect("valid");
    let key = IdempotencyKey::generate();
    let sent = c.stats().registers_sent;
    let e = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect_err("dropped");
    assert!(matches!(e, Error::Network { sent: true, .. }), "{e:?}");
    assert_eq!(c.stats().registers_sent - sent, 1, "not resent");
    assert_eq!(sb.stats().registers_applied, 1);
    let back = c.get_vaccination_answers(&flu()).await.expect("read back");
    assert_eq!(back.status, AnswerStatus::Answered);
    let receipt = c
        .register_vaccination_answers(&body, &key)
        .await
        .expect("replayed");
    assert!(receipt.replayed);
    let stats = sb.stats();
    assert_eq!((stats.registers_applied, stats.registers_replayed), (1, 1));
    assert_eq!(stats.connections_dropped, 4);
    sb.shutdown().await;
}

#[tokio::test]
async fn time_outs_and_latency() {
    let sb = sandbox(Faults::none()).await;
    let tokens = sb.token_provider("elder-1").await.expect("citizen");
    let c = client_with(&sb, Arc::new(tokens), Duration::from_millis(300));
    let body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;

    sb.set_faults(
        Faults::none().with_rule(
            rule(FaultKind::Delay)
                .on(Target::Reads)
                .times(1)
                .delay(Duration::from_secs(2)),
        ),
    )
    .expect("valid");
    let r = c.stats().retries;
    c.list_vaccinations()
        .await
        .expect("retried after the time-out");
    assert_eq!(c.stats().retries - r, 1);

    sb.set_faults(
        Faults::none().with_rule(
            rule(FaultKind::Delay)
                .on(Target::Registers)
                .delay(Duration::from_secs(2)),
        ),
    )
    .expect("valid");
    let sent = c.stats().registers_sent;
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("time-out");
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert_eq!(e.register_effect(), RegisterEffect::Unknown);
    assert_eq!(c.stats().registers_sent - sent, 1, "not resent");
    assert_eq!(sb.stats().by_operation["register_vaccination_answers"], 1);

    sb.set_faults(
        Faults::none()
            .with_seed(3)
            .with_latency(Duration::from_millis(5), Duration::from_millis(25)),
    )
    .expect("valid");
    for _ in 0..3 {
        c.list_vaccination_forms().await.expect("slow but fine");
    }
    // One request reached the sandbox; its handler was dropped with the connection.
    assert!(sb.stats().registers_applied <= 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn connection_refused_registers_are_resent() {
    // A port with nothing listening: reserve one, then free it.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
        l.local_addr().expect("addr").port()
    };
    let c = PmhClient::builder(&format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_retries())
        .build(Arc::new(StaticToken::new(AccessToken::new("sbx.none"))))
        .expect("client");
    let body = monshin_wire::RegisterQuestionnaireAnswer::from_parts(
        flu(),
        monshin_wire::RegisterStatus::Draft,
        monshin_wire::LastPage::new(1).expect("page"),
        Vec::new(),
    );
    let e = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect_err("refused");
    assert!(matches!(e, Error::Network { sent: false, .. }), "{e:?}");
    assert_eq!(e.register_effect(), RegisterEffect::NotApplied);
    let s = c.stats();
    assert_eq!((s.attempts, s.retries, s.registers_sent), (4, 3, 0));

    // The sandbox comes up on that port while the client is retrying.
    let start = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(30)).await;
        monshin_pmh_sandbox::Sandbox::start(
            monshin_pmh_sandbox::SandboxConfig::default()
                .with_today(today())
                .with_port(port),
        )
        .await
    });
    let retrying = PmhClient::builder(&format!("http://127.0.0.1:{port}"))
        .retry_policy(fast_retries().with_max_attempts(40))
        .build(Arc::new(StaticToken::new(AccessToken::new("sbx.none"))))
        .expect("client");
    let e = retrying
        .list_vaccinations()
        .await
        .expect_err("reaches the sandbox, whose token check fails");
    assert_eq!(e.code(), "pmh.unauthorized");
    assert!(retrying.stats().retries >= 1);
    let sb = start.await.expect("joins").expect("sandbox starts");
    sb.shutdown().await;
}
