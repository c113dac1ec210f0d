//! The end-to-end demo scenario behind `monshin e2e`: an embedded sandbox, a real client, and
//! the whole answer lifecycle of one 予診票, returned as a [`DemoReport`] for the CLI to print.
//!
//! 1. Start a sandbox on an ephemeral 127.0.0.1 port and act as [`DEMO_CITIZEN`].
//! 2. List the person's vaccinations and vaccination forms; pick the answerable draft.
//! 3. Read its stored answers and resume them (`monshin-lifecycle`); validate the draft.
//! 4. Finish it: the remaining questions are answered with the bundled complete example of the
//!    form (the fictional person's answers); validate in complete mode (`monshin-core`).
//! 5. Plan the register (status transition, last page, payload) and register it as 回答済み
//!    with a fresh idempotency key. If the outcome is unknown (time-out, dropped connection),
//!    read the answers back first and resend with the **same** key only if they were not
//!    applied.
//! 6. Read the answers back and check they are exactly what was registered.

use std::sync::Arc;
use std::time::{Duration, Instant};

use monshin_core::diff::diff;
use monshin_core::{
    AnswerSet, AnswerStatus as CoreStatus, AnswersDoc, Finding, Limits, Options, PageNumber,
};
use monshin_expr::Date;
use monshin_lifecycle::{
    plan_register, resolve_form_list, resume_vaccination, LifecycleError, RegisterPayload,
};
use monshin_pmh::{
    ClientStats, IdempotencyKey, PmhClient, RegisterEffect, RegisterReceipt, RetryPolicy,
};
use monshin_wire::{AnswerStatus, Open, RegisterQuestionnaireAnswer, VaccinationFormAnswers};

use crate::{Faults, FormInfo, Sandbox, SandboxConfig, SandboxError, SandboxStats, DEMO_CITIZEN};

/// Options of [`run_demo`].
#[derive(Debug, Clone)]
pub struct DemoOptions {
    today: Date,
    faults: Faults,
}

impl DemoOptions {
    /// The demo on `today` (the validation date of the client and the sandbox), no faults.
    pub fn new(today: Date) -> Self {
        DemoOptions {
            today,
            faults: Faults::none(),
        }
    }

    /// With faults injected by the sandbox (the client's retries then show in the report).
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }
}

/// What the demo did, step by step. Contains no answer value and no basic five information.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DemoReport {
    /// The sandbox's base URL.
    pub base_url: String,
    /// The sandbox citizen acted for.
    pub citizen: String,
    /// Vaccinations listed (operation 1).
    pub vaccinations: usize,
    /// Vaccination forms listed (operation 2).
    pub forms: Vec<FormInfo>,
    /// The form resumed.
    pub form_id: String,
    /// The definition the catalogue resolved the form to: `id version` and its parameters
    /// (e.g. `dose=3`). The PMH ID and the definition ID are unrelated strings.
    pub definition: String,
    /// Its title.
    pub form_title: String,
    /// Its page count.
    pub pages: usize,
    /// Status PMH held when resumed.
    pub resumed_status: Open<AnswerStatus>,
    /// Last page PMH held when resumed.
    pub resumed_last_page: Option<u32>,
    /// Answers PMH held when resumed.
    pub resumed_answers: usize,
    /// Page-label differences found while resuming.
    pub resume_warnings: usize,
    /// Findings of the resumed draft in draft mode (none expected).
    pub draft_findings: Vec<Finding>,
    /// Answers added to finish the form.
    pub answers_added: usize,
    /// Warnings of the finished set in complete mode.
    pub complete_warnings: usize,
    /// The lifecycle transition (`submit` …).
    pub transition: &'static str,
    /// Last page registered.
    pub registered_last_page: u32,
    /// Answers registered.
    pub registered_answers: usize,
    /// Times the register was sent by the demo (1 unless its outcome was unknown).
    pub register_sends: u32,
    /// The receipt; `None` when the answer was lost and the read-back showed the register
    /// had been applied.
    pub receipt: Option<RegisterReceipt>,
    /// Status read back.
    pub read_back_status: Open<AnswerStatus>,
    /// Answers read back.
    pub read_back_answers: usize,
    /// The read-back answers equal the registered ones.
    pub read_back_matches: bool,
    /// The status listed by operation 2 afterwards.
    pub listed_status_after: Option<Open<AnswerStatus>>,
    /// The client's counters.
    pub client: ClientStats,
    /// The sandbox's counters.
    pub server: SandboxStats,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why the demo failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    /// The sandbox did not start.
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    /// A PMH call failed.
    #[error(transparent)]
    Client(#[from] monshin_pmh::Error),
    /// A lifecycle rule refused the register.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// The demo citizen has no answerable draft.
    #[error("the demo citizen has no answerable vaccination form saved as a draft")]
    NoDraft,
    /// The form definition is not bundled.
    #[error("no bundled definition for the form")]
    NoDefinition,
    /// The finished answers do not pass complete validation.
    #[error("the finished answers do not pass complete validation ({} error finding(s))", .0.len())]
    Invalid(Vec<Finding>),
    /// The answers read back differ from those registered.
    #[error("the answers read back differ from the registered ones")]
    ReadBackMismatch,
}

impl DemoError {
    /// A stable code: the underlying error's, or `demo.*`.
    pub fn code(&self) -> &'static str {
        match self {
            DemoError::Sandbox(e) => e.code(),
            DemoError::Client(e) => e.code(),
            DemoError::Lifecycle(e) => e.code(),
            DemoError::NoDraft => "demo.no-draft",
            DemoError::NoDefinition => "demo.no-definition",
            DemoError::Invalid(_) => "demo.invalid",
            DemoError::ReadBackMismatch => "demo.read-back-mismatch",
        }
    }
}

/// Runs the scenario against a fresh embedded sandbox and shuts it down.
pub async fn run_demo(options: DemoOptions) -> Result<DemoReport, DemoError> {
    let started = Instant::now();
    let sandbox = Sandbox::start(
        SandboxConfig::default()
            .with_today(options.today)
            .with_faults(options.faults.clone()),
    )
    .await?;
    let result = scenario(&sandbox, options.today, started).await;
    let server = sandbox.stats();
    sandbox.shutdown().await;
    result.map(|mut report| {
        report.server = server;
        report.elapsed = started.elapsed();
        report
    })
}

async fn scenario(
    sandbox: &Sandbox,
    today: Date,
    started: Instant,
) -> Result<DemoReport, DemoError> {
    let tokens = sandbox.token_provider(DEMO_CITIZEN).await?;
    let client = PmhClient::builder(&sandbox.base_url())
        .timeout(Duration::from_secs(5))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(5)
                .with_backoff(Duration::from_millis(50), Duration::from_secs(1))
                .with_max_retry_after(Duration::from_secs(3))
                .with_max_elapsed(Duration::from_secs(20)),
        )
        .build(Arc::new(tokens))?;

    let vaccination_list = client.list_vaccinations().await?;
    let vaccinations = vaccination_list.vaccinations.len();
    let list = client.list_vaccination_forms().await?;
    let forms: Vec<FormInfo> = list
        .forms
        .iter()
        .map(|f| FormInfo {
            id: f.form_id.to_string(),
            title: f.title.clone(),
            status: f.status.clone(),
            answerable: f.answerable,
        })
        .collect();
    let summary = list
        .forms
        .iter()
        .find(|f| f.answerable && f.status == AnswerStatus::Draft)
        .ok_or(DemoError::NoDraft)?;
    let form_id = summary.form_id.clone();
    // The 予診票管理ID names a group "vaccine × dose": the catalogue finds its definition
    // through the vaccination-list entry of the same ID.
    let library = crate::state::bundled_library().map_err(|_| DemoError::NoDefinition)?;
    let resolution = resolve_form_list(&library.catalogue, &list, &vaccination_list)
        .into_iter()
        .find(|r| r.pmh_id == form_id.as_str())
        .ok_or(DemoError::NoDefinition)?;
    let resolved = resolution.result.map_err(|_| DemoError::NoDefinition)?;
    let form = library
        .compile(resolved.definition, resolved.params)
        .map_err(|_| DemoError::NoDefinition)?;
    let bundled = monshin_forms::by_name(&resolved.definition.id).ok_or(DemoError::NoDefinition)?;
    let params: Vec<String> = resolved
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let definition = format!(
        "{} {} {}",
        resolved.definition.id,
        resolved.definition.version,
        params.join(" ")
    )
    .trim_end()
    .to_owned();

    // Resume and check the draft.
    let read = client.get_vaccination_answers(&form_id).await?;
    let resumed = resume_vaccination(&form, &read)?;
    let stored = resumed.stored;
    let draft_findings = form
        .validate(
            &AnswersDoc::from_set(&stored.answers),
            &Options::draft(today),
        )
        .into_findings();

    // Finish it and validate in complete mode.
    let example = AnswerSet::from_json(bundled.complete_answers.as_bytes(), &Limits::default())
        .map_err(|_| DemoError::NoDefinition)?;
    let mut finished = stored.answers.clone();
    let mut added = 0;
    for a in &example.answers {
        if finished.get(&a.id, a.seq).is_none() {
            finished.answers.push(a.clone());
            added += 1;
        }
    }
    finished.status = CoreStatus::Answered;
    let last_page = diff(&form, &stored.answers, &finished)
        .ok()
        .and_then(|d| d.changed_pages().into_iter().max())
        .or(stored.answers.last_page)
        .unwrap_or(PageNumber(1));
    finished.last_page = Some(last_page);
    let validated = form
        .validate_for_status(finished, today)
        .map_err(|rejected| DemoError::Invalid(rejected.report.errors().cloned().collect()))?;
    let complete_warnings = validated.warnings().len();
    let plan = plan_register(&form, &stored, &validated)?;
    let RegisterPayload::Questionnaire(body) = &plan.payload else {
        return Err(DemoError::NoDefinition);
    };

    // Register, resending with the same key only if provably not applied.
    let key = IdempotencyKey::generate();
    let mut sends = 0;
    let receipt = loop {
        sends += 1;
        match client.register_vaccination_answers(body, &key).await {
            Ok(receipt) => break Some(receipt),
            // Applied, only the receipt is missing: the read-back below confirms it.
            Err(e) if e.register_effect() == RegisterEffect::Applied => break None,
            Err(e) if sends < 3 && e.register_effect() == RegisterEffect::Unknown => {
                let now = client.get_vaccination_answers(&form_id).await?;
                if matches_body(&now, body) {
                    break None;
                }
            }
            Err(e) => return Err(e.into()),
        }
    };

    // Read back.
    let back = client.get_vaccination_answers(&form_id).await?;
    let read_back_matches = matches_body(&back, body);
    if !read_back_matches {
        return Err(DemoError::ReadBackMismatch);
    }
    let listed_status_after = client
        .list_vaccination_forms()
        .await?
        .forms
        .iter()
        .find(|f| f.form_id == form_id)
        .map(|f| f.status.clone());

    Ok(DemoReport {
        base_url: sandbox.base_url(),
        citizen: DEMO_CITIZEN.to_owned(),
        vaccinations,
        forms,
        form_id: form_id.to_string(),
        definition,
        form_title: read.title.clone(),
        pages: form.pages().len(),
        resumed_status: read.status.clone(),
        resumed_last_page: read.last_page.map(|p| p.get()),
        resumed_answers: read.answers.len(),
        resume_warnings: resumed.findings.len(),
        draft_findings,
        answers_added: added,
        complete_warnings,
        transition: plan.transition.as_str(),
        registered_last_page: body.last_page().get(),
        registered_answers: body.answers().len(),
        register_sends: sends,
        receipt,
        read_back_status: back.status.clone(),
        read_back_answers: back.answers.len(),
        read_back_matches,
        listed_status_after,
        client: client.stats(),
        server: SandboxStats::default(),
        elapsed: started.elapsed(),
    })
}

/// The stored answers are exactly the body's (as sets), with its status and last page.
fn matches_body(doc: &VaccinationFormAnswers, body: &RegisterQuestionnaireAnswer) -> bool {
    let mut stored = doc.answers.clone();
    let mut sent = body.answers().to_vec();
    let key = |a: &monshin_wire::WireAnswer| (a.master_id.clone(), a.seq);
    stored.sort_by_key(key);
    sent.sort_by_key(key);
    doc.status == AnswerStatus::from(body.status())
        && doc.last_page == Some(body.last_page())
        && stored == sent
}
