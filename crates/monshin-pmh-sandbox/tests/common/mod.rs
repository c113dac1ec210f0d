//! Helpers shared by the end-to-end tests: a sandbox per test, clients with fast retries,
//! bundled forms and their examples, register bodies built through `monshin-lifecycle`, and a
//! raw HTTP/1.1 request for what the typed client cannot send.

#![allow(dead_code)] // each test file uses a different subset

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use std::collections::BTreeMap;

use monshin_core::catalogue::{CheckupKey, DefinitionRef, Library, VaccinationKey};
use monshin_core::{AnswerSet, AnswerStatus, CompiledForm, Limits, PageNumber};
use monshin_expr::Date;
use monshin_lifecycle::{plan_register, resume_child, resume_vaccination, RegisterPayload};
use monshin_pmh::{PmhClient, RetryPolicy, TokenProvider};
use monshin_pmh_sandbox::{Faults, Sandbox, SandboxConfig};
use monshin_wire::{
    ChildCheckupId, RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer,
    VaccinationFormId,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The validation date of the sandbox and of the tests.
pub(crate) fn today() -> Date {
    Date::from_ymd(2026, 12, 1).expect("a real date")
}

/// A sandbox on an ephemeral port with these faults.
pub(crate) async fn sandbox(faults: Faults) -> Sandbox {
    Sandbox::start(
        SandboxConfig::default()
            .with_today(today())
            .with_faults(faults),
    )
    .await
    .expect("sandbox starts")
}

/// The retry policy of the tests: 4 attempts, backoff 10–40 ms, `Retry-After` up to 2 s.
pub(crate) fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(4)
        .with_backoff(Duration::from_millis(10), Duration::from_millis(40))
        .with_max_retry_after(Duration::from_secs(2))
        .with_max_elapsed(Duration::from_secs(10))
}

/// A client of `sandbox` acting for `citizen`.
pub(crate) async fn client(sandbox: &Sandbox, citizen: &str) -> PmhClient {
    let tokens = sandbox
        .token_provider(citizen)
        .await
        .expect("known citizen");
    client_with(sandbox, Arc::new(tokens), Duration::from_secs(3))
}

/// A client with its own token provider and per-attempt time-out.
pub(crate) fn client_with(
    sandbox: &Sandbox,
    tokens: Arc<dyn TokenProvider>,
    timeout: Duration,
) -> PmhClient {
    PmhClient::builder(&sandbox.base_url())
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(1))
        .retry_policy(fast_retries())
        .build(tokens)
        .expect("client builds")
}

/// The bundled library (catalogue, sources, fragments).
fn library() -> Library {
    Library::from_texts(
        monshin_forms::CATALOGUE,
        monshin_forms::FORMS.iter().map(|f| f.source),
        monshin_forms::FRAGMENTS.iter().copied(),
        &Limits::default(),
    )
    .expect("bundled library")
}

/// What the seed's list entry of `pmh_id` says about its form (the seed's convention:
/// `Y-<vaccine><valency>-<dose>`, `C-<year>-<age>-<serial>`).
fn resolve(library: &Library, pmh_id: &str) -> (DefinitionRef, BTreeMap<String, String>) {
    let catalogue = &library.catalogue;
    let found = if let Some(dose) = pmh_id.strip_prefix("Y-PCV15-") {
        catalogue.resolve_vaccination(&VaccinationKey {
            vaccine_type: Some("13"),
            vaccine: "小児用肺炎球菌",
            term: None,
            valency: Some("15価"),
            dose: dose.parse().ok(),
        })
    } else if pmh_id.starts_with("Y-FLU-") {
        catalogue.resolve_vaccination(&VaccinationKey {
            vaccine_type: Some("52"),
            vaccine: "インフルエンザ（高齢者）",
            term: None,
            valency: None,
            dose: Some(1),
        })
    } else if pmh_id.contains("-18M-") {
        catalogue.resolve_checkup(&CheckupKey {
            name: "1歳6か月児健康診査",
        })
    } else {
        catalogue.resolve_checkup(&CheckupKey {
            name: "3歳児健康診査",
        })
    }
    .expect("the catalogue has the form");
    (found.definition.clone(), found.params.clone())
}

/// The form of a PMH ID of the seed, resolved through the catalogue.
pub(crate) fn form(pmh_id: &str) -> CompiledForm {
    let library = library();
    let (definition, params) = resolve(&library, pmh_id);
    library.compile(&definition, &params).expect("compiles")
}

fn bundled_of(pmh_id: &str) -> &'static monshin_forms::BundledForm {
    let (definition, _) = resolve(&library(), pmh_id);
    monshin_forms::by_name(&definition.id).expect("bundled form")
}

/// The bundled complete example of a form.
pub(crate) fn complete_example(form_id: &str) -> AnswerSet {
    AnswerSet::from_json(
        bundled_of(form_id).complete_answers.as_bytes(),
        &Limits::default(),
    )
    .expect("example reads")
}

/// The bundled invalid example of the PCV form.
pub(crate) fn pcv_invalid_example() -> AnswerSet {
    AnswerSet::from_json(
        monshin_forms::PCV_INVALID_ANSWERS.as_bytes(),
        &Limits::default(),
    )
    .expect("example reads")
}

/// `stored` finished with the complete example's answers for every key it lacks, as 回答済み,
/// its last page the last page with a change.
pub(crate) fn finish(form: &CompiledForm, stored: &AnswerSet) -> AnswerSet {
    let example = AnswerSet::from_json(
        monshin_forms::by_name(form.definition_id())
            .expect("bundled")
            .complete_answers
            .as_bytes(),
        &Limits::default(),
    )
    .expect("example reads");
    let mut set = stored.clone();
    for a in &example.answers {
        if set.get(&a.id, a.seq).is_none() {
            set.answers.push(a.clone());
        }
    }
    set.status = AnswerStatus::Answered;
    let page = monshin_core::diff::diff(form, stored, &set)
        .expect("diffable")
        .changed_pages()
        .into_iter()
        .max()
        .unwrap_or(PageNumber(1));
    set.last_page = Some(page);
    set
}

/// Reads a vaccination form, finishes it and plans the register (lifecycle rules included).
pub(crate) async fn finished_vaccination_body(
    client: &PmhClient,
    form_id: &str,
) -> RegisterQuestionnaireAnswer {
    let form = form(form_id);
    let id = VaccinationFormId::new(form_id).expect("valid ID");
    let read = client.get_vaccination_answers(&id).await.expect("read");
    let stored = resume_vaccination(&form, &read).expect("resumes").stored;
    let validated = form
        .validate_for_status(finish(&form, &stored.answers), today())
        .expect("finished set is valid");
    match plan_register(&form, &stored, &validated)
        .expect("plan")
        .payload
    {
        RegisterPayload::Questionnaire(body) => body,
        RegisterPayload::ChildQuestionnaire(_) => panic!("a vaccination form"),
    }
}

/// Reads a child form, replaces it by the complete example and plans the register.
pub(crate) async fn complete_child_body(
    client: &PmhClient,
    checkup_id: &str,
) -> RegisterChildQuestionnaireAnswer {
    let form = form(checkup_id);
    let id = ChildCheckupId::new(checkup_id).expect("valid ID");
    let read = client.get_child_answers(&id).await.expect("read");
    let stored = resume_child(&form, &read).expect("resumes").stored;
    let validated = form
        .validate_for_status(complete_example(checkup_id), today())
        .expect("example is valid");
    match plan_register(&form, &stored, &validated)
        .expect("plan")
        .payload
    {
        RegisterPayload::ChildQuestionnaire(body) => body,
        RegisterPayload::Questionnaire(_) => panic!("a child form"),
    }
}

/// One raw HTTP/1.1 exchange (`Connection: close`): the status and the body.
pub(crate) async fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).await.expect("writes");
    stream.write_all(body).await.expect("writes");
    let mut resp = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut resp))
        .await
        .expect("answers in time")
        .expect("reads");
    let text = String::from_utf8_lossy(&resp);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body_at = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(resp.len(), |i| i + 4);
    (status, resp[body_at..].to_vec())
}
