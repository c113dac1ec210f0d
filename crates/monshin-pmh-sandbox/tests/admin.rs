//! No unauthenticated doors: the admin routes need the admin token (a wrong or missing one is
//! 401, see also `operations.rs`), fault plans are validated (a delay that would hold a
//! connection forever, an outage to year 9999, are refused) and minting tokens for one citizen
//! never evicts the live tokens of another.

mod common;

use common::*;
use monshin_pmh_sandbox::{Faults, Sandbox, SandboxConfig};

#[tokio::test]
async fn fault_plans_are_validated() {
    let sb = sandbox(Faults::none()).await;
    let admin = format!("Bearer {}", sb.admin_token());
    let auth = [("authorization", admin.as_str())];
    for (plan, why) in [
        (
            r#"{"rules":[{"fault":"delay","delayMs":18446744073709551615}]}"#,
            "a delay of 2^64-1 ms",
        ),
        (
            r#"{"rules":[{"fault":"delay","delayMs":600000}]}"#,
            "a delay of 10 minutes",
        ),
        (
            r#"{"outages":[{"from":"2026-01-01T00:00:00Z","until":"9999-12-31T00:00:00Z"}]}"#,
            "an outage to year 9999",
        ),
        (
            r#"{"rules":[{"fault":"rate-limit","retryAfterSecs":99999999}]}"#,
            "a Retry-After of three years",
        ),
        (
            r#"{"latency":{"minMs":0,"maxMs":99999999}}"#,
            "a latency of a day",
        ),
    ] {
        let (status, _) = raw(sb.addr(), "PUT", "/sandbox/faults", &auth, plan.as_bytes()).await;
        assert_eq!(status, 400, "{why}");
        assert!(Faults::from_json(plan.as_bytes()).is_err(), "{why}");
    }
    let ok = r#"{"rules":[{"fault":"delay","delayMs":1000,"times":1}],
                 "outages":[{"from":"2026-01-01T00:00:00Z","until":"2026-01-02T00:00:00Z"}]}"#;
    let (status, _) = raw(sb.addr(), "PUT", "/sandbox/faults", &auth, ok.as_bytes()).await;
    assert_eq!(status, 204);
    sb.shutdown().await;
}

#[tokio::test]
async fn minting_never_evicts_the_tokens_of_others() {
    let sb = sandbox(Faults::none()).await;
    let elder = client(&sb, "elder-1").await;
    elder.list_vaccination_forms().await.expect("a live token");
    for _ in 0..10_000 {
        sb.issue_token("infant-1").await.expect("issued");
    }
    elder
        .list_vaccination_forms()
        .await
        .expect("the elder's token is still live");
    assert_eq!(elder.stats().token_refreshes, 0, "not even refreshed");
    sb.shutdown().await;
}

#[tokio::test]
async fn the_admin_token_is_given_or_random() {
    let given = "admin-token-for-tests-0123";
    let sb = Sandbox::start(SandboxConfig::default().with_admin_token(given))
        .await
        .expect("starts");
    assert_eq!(sb.admin_token(), given);
    let auth = format!("Bearer {given}");
    let (status, _) = raw(
        sb.addr(),
        "GET",
        "/sandbox/stats",
        &[("authorization", &auth)],
        b"",
    )
    .await;
    assert_eq!(status, 200);
    sb.shutdown().await;

    let a = Sandbox::start(SandboxConfig::default())
        .await
        .expect("starts");
    let b = Sandbox::start(SandboxConfig::default())
        .await
        .expect("starts");
    assert_ne!(a.admin_token(), b.admin_token());
    assert!(a.admin_token().len() >= 32);
    a.shutdown().await;
    b.shutdown().await;

    let e = Sandbox::start(SandboxConfig::default().with_admin_token("short"))
        .await
        .expect_err("too short");
    assert_eq!(e.code(), "sandbox.config");
}
