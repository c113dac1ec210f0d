//! Sentinels: tokens, answer values and the basic five information never appear in a log line
//! (client or sandbox, every level down to TRACE), an error message, or `Debug` output, through
//! successes, retries, token refreshes, rejected registers and invalid responses. Each
//! sentinel is first shown to be in what the client read (the documents as PMH sent them, the
//! tokens it was given), so its absence from the logs means something.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use monshin_pmh::{AccessToken, IdempotencyKey, TokenError, TokenFuture, TokenProvider};
use monshin_pmh_sandbox::{FaultKind, FaultRule, Faults, Sandbox, Target};
use monshin_wire::{
    AnswerValue, LastPage, RegisterQuestionnaireAnswer, RegisterStatus, VaccinationFormId,
};

/// Everything written by the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Issues sandbox tokens and remembers every one, so the test can look for them.
struct Recording {
    sandbox: Arc<Sandbox>,
    issued: Arc<Mutex<Vec<String>>>,
}

impl Recording {
    fn issue(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let t = self
                .sandbox
                .issue_token("elder-1")
                .await
                .map_err(|_| TokenError::Unavailable)?;
            self.issued
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(t.expose_secret().to_owned());
            Ok(t)
        })
    }
}

impl TokenProvider for Recording {
    fn token(&self) -> TokenFuture<'_> {
        self.issue()
    }
    fn refresh<'a>(&'a self, _rejected: &'a AccessToken) -> TokenFuture<'a> {
        self.issue()
    }
}

const SENTINEL_ANSWER: &str = "SENTINEL-ANSWER-慢性疾患-7f3a";

#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_logs_errors_or_debug() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sb = Arc::new(sandbox(Faults::none()).await);
    let issued = Arc::new(Mutex::new(Vec::new()));
    let tokens = Recording {
        sandbox: sb.clone(),
        issued: issued.clone(),
    };
    let c = client_with(&sb, Arc::new(tokens), Duration::from_secs(3));
    let mut seen: Vec<String> = Vec::new();

    let id = VaccinationFormId::new("Y-FLU-2026-1").expect("valid");
    let read = c.get_vaccination_answers(&id).await.expect("read");
    seen.push(format!("{read:?}"));
    // What was read, in PMH's encoding: the sentinels below must be in it.
    let mut was_read =
        String::from_utf8(monshin_wire::encode(&read).expect("encodes")).expect("utf-8");
    let mut body = finished_vaccination_body(&c, "Y-FLU-2026-1").await;
    // Put a sentinel into a free-text answer.
    let mut answers = body.answers().to_vec();
    let free_text = answers
        .iter_mut()
        .find(|a| a.master_id.as_str() == "FLU_TR_DISEASE")
        .expect("a free-text answer");
    free_text.value = AnswerValue::new(SENTINEL_ANSWER);
    body = RegisterQuestionnaireAnswer::from_parts(
        id.clone(),
        RegisterStatus::Answered,
        body.last_page(),
        answers,
    );
    seen.push(format!("{body:?}"));

    // Retries, a token refresh, a malformed answer, a rejected register, a success.
    sb.set_faults(
        Faults::none()
            .with_rule(
                FaultKind::ServerError
                    .into_rule()
                    .on(Target::Reads)
                    .times(1),
            )
            .with_rule(FaultKind::TokenExpiry.into_rule().times(1))
            .with_rule(FaultKind::Malformed.into_rule().on(Target::Reads).times(1)),
    )
    .expect("valid");
    for _ in 0..3 {
        match c.get_vaccination_answers(&id).await {
            Ok(doc) => seen.push(format!("{doc:?}")),
            Err(e) => seen.push(format!("{e} {e:?}")),
        }
    }
    let bad = RegisterQuestionnaireAnswer::from_parts(
        id.clone(),
        RegisterStatus::Answered,
        LastPage::new(1).expect("page"),
        body.answers()[..3].to_vec(),
    );
    let e = c
        .register_vaccination_answers(&bad, &IdempotencyKey::generate())
        .await
        .expect_err("invalid");
    seen.push(format!("{e} {e:?}"));
    let receipt = c
        .register_vaccination_answers(&body, &IdempotencyKey::generate())
        .await
        .expect("applied");
    seen.push(format!("{receipt:?}"));
    let back = c.get_vaccination_answers(&id).await.expect("read back");
    assert!(back
        .answers
        .iter()
        .any(|a| a.value.as_str() == SENTINEL_ANSWER));
    seen.push(format!("{back:?} {c:?} {:?}", sb.stats()));
    was_read.push_str(
        &String::from_utf8(monshin_wire::encode(&back).expect("encodes")).expect("utf-8"),
    );
    drop(c);
    if let Ok(sb) = Arc::try_unwrap(sb) {
        sb.shutdown().await;
    }

    let logs = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(
        logs.contains("pmh.call"),
        "the client logged its calls:\n{logs}"
    );
    assert!(logs.contains("register_vaccination_answers"));
    assert!(logs.contains("fault=\"server-error\""), "{logs}");
    let tokens = issued.lock().expect("lock").clone();
    assert!(tokens.len() >= 2, "a refresh happened");
    let mut sentinels: Vec<String> = tokens.clone();
    sentinels.extend(
        [
            SENTINEL_ANSWER,
            // The basic five information of elder-1.
            "佐藤 和子",
            "サトウ カズコ",
            "架空町3丁目",
            "1964-04-15",
            // Answer values of the seeded draft.
            "ひがし台腎クリニック",
            "慢性腎不全",
        ]
        .map(str::to_owned),
    );
    // Present in what was read (tokens: in what the client was given and used), ...
    for s in sentinels.iter().skip(tokens.len()) {
        assert!(
            was_read.contains(s.as_str()),
            "sentinel {s} is not in what was read"
        );
    }
    assert!(tokens.iter().all(|t| !t.is_empty()));
    // ... and absent from every log line, error and Debug output.
    let everything = format!("{logs}\n{}", seen.join("\n"));
    for s in &sentinels {
        assert!(!everything.contains(s.as_str()), "leaked: {s}");
    }
}

trait IntoRule {
    fn into_rule(self) -> FaultRule;
}

impl IntoRule for FaultKind {
    fn into_rule(self) -> FaultRule {
        FaultRule::new(self)
    }
}
