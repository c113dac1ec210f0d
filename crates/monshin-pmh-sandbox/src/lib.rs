//! monshin-pmh-sandbox: a local stand-in for PMH that speaks the API of `monshin_pmh::api`
//! on 127.0.0.1, for development, demos and end-to-end tests.
//!
//! - [`Sandbox::start`] binds `127.0.0.1` (never another address) and serves the ten
//!   operations from seeded **fictional** citizens (`seed/citizens.json`): an infant with a
//!   pneumococcal 予診票 saved as a draft, a toddler with a 1歳6か月児 問診票 draft, a child due
//!   for the 3歳児 check-up, a pregnant mother with check-ups and vouchers, an older adult with
//!   an influenza 予診票 who consented to vaccination information only. Forms are the bundled
//!   definitions of `monshin-forms`.
//! - Registers obey the PMH rules, those the guideline states: 回答許可フラグ, 未回答 never
//!   registered, a last page of the form (`monshin-lifecycle`; 回答済み → 下書き and an unchanged
//!   last page are accepted, as the guideline forbids neither), and validation with `monshin-core` in the mode of the status (422 with
//!   finding codes). An idempotency key is applied once.
//! - With a data file ([`SandboxConfig::with_data_file`]) the state is a SQLite database that
//!   survives restarts and `kill -9`: each register is committed before it is answered, and a
//!   second sandbox on the same file refuses to start (see `store` and `writer`).
//! - Admin routes (`/sandbox/*`) need [`Sandbox::admin_token`]; connections have a
//!   header-read and a request time-out.
//! - [`Faults`] inject latency, errors, token expiry, planned outages, rate limits, malformed or
//!   truncated bodies and dropped connections, by configuration.
//! - Tokens come from `POST /sandbox/token` (with the admin token) or, in process, from
//!   [`Sandbox::token_provider`]; each citizen holds at most 16.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use monshin_pmh::PmhClient;
//! use monshin_pmh_sandbox::{Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! let tokens = sandbox.token_provider("infant-1").await?;
//! let client = PmhClient::builder(&sandbox.base_url()).build(Arc::new(tokens))?;
//! let forms = client.list_vaccination_forms().await?;
//! assert_eq!(forms.forms[0].form_id.as_str(), "Y-PCV15-3");
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Logs (`tracing`) name the operation, the status, the time taken and the fault drawn; never a
//! token, an ID, an answer or the basic five information.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod citizens;
mod clock;
mod error;
mod faults;
mod register;
pub mod scenario;
mod server;
mod state;
mod stats;
mod store;
mod tokens;
mod writer;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use monshin_expr::Date;
use monshin_pmh::{AccessToken, TokenError, TokenFuture, TokenProvider};
use monshin_wire::{AnswerStatus, Open};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use error::SandboxError;
pub use faults::{
    FaultKind, FaultRule, Faults, Latency, OutageWindow, Target, MAX_DELAY_MS, MAX_OUTAGES,
    MAX_OUTAGE_MS, MAX_RETRY_AFTER_SECS, MAX_RULES,
};
pub use stats::SandboxStats;

use citizens::Citizens;
use server::Shared;
use state::{Document, Forms};
use store::{DataFile, Store};
use tokens::Tokens;

/// The bundled seed: fictional citizens and their PMH documents.
const SEED: &str = include_str!("../seed/citizens.json");

/// The citizen of the demo: an adult with an influenza 予診票 saved as a draft.
pub const DEMO_CITIZEN: &str = "infant-1";

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    port: u16,
    data_file: Option<PathBuf>,
    faults: Faults,
    today: Option<Date>,
    token_ttl: Duration,
    load_copies: usize,
    max_connections: usize,
    admin_token: Option<String>,
    header_read_timeout: Duration,
    request_timeout: Duration,
}

/// The shortest admin token accepted by [`SandboxConfig::with_admin_token`].
pub const MIN_ADMIN_TOKEN_LEN: usize = 16;

impl Default for SandboxConfig {
    /// An ephemeral port, state in memory only, no faults, today's date in Japan, tokens valid
    /// for 15 minutes, at most 256 connections, 10 s to send a request's header (idle
    /// connections are closed after it), 100 s per request, a random admin token.
    fn default() -> Self {
        SandboxConfig {
            port: 0,
            data_file: None,
            faults: Faults::none(),
            today: None,
            token_ttl: Duration::from_secs(15 * 60),
            load_copies: 0,
            max_connections: 256,
            admin_token: None,
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(100),
        }
    }
}

impl SandboxConfig {
    /// Listen on this port of 127.0.0.1 (0 = any free port).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Keep the state in this SQLite database file: loaded at start if it exists (a JSON
    /// state file of the first format is migrated), else seeded; every register is committed
    /// before it is answered. The file is locked while the sandbox runs.
    pub fn with_data_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.data_file = Some(path.into());
        self
    }

    /// Inject these faults.
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Validate registers as on this date (default: today in Japan).
    pub fn with_today(mut self, today: Date) -> Self {
        self.today = Some(today);
        self
    }

    /// Token lifetime.
    pub fn with_token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// Add `n` copies of [`DEMO_CITIZEN`] named `load-0001` … (for load tests; only when the
    /// state is seeded, not when loaded from a file).
    pub fn with_load_test_copies(mut self, n: usize) -> Self {
        self.load_copies = n;
        self
    }

    /// Serve at most this many connections at once.
    pub fn with_max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// The bearer token of the admin routes (`/sandbox/token`, `/sandbox/citizens`,
    /// `/sandbox/stats`, `/sandbox/faults`): at least [`MIN_ADMIN_TOKEN_LEN`] characters of
    /// `[A-Za-z0-9._~-]`. Without it a random one is made ([`Sandbox::admin_token`]).
    pub fn with_admin_token(mut self, token: impl Into<String>) -> Self {
        self.admin_token = Some(token.into());
        self
    }

    /// Time a connection has to send a request's header, from its start or from the end of
    /// the previous answer (idle and half-sent connections are closed after it; at least
    /// 100 ms).
    pub fn with_header_read_timeout(mut self, d: Duration) -> Self {
        self.header_read_timeout = d.max(Duration::from_millis(100));
        self
    }

    /// Time from a request's header to the end of its answer (at least 1 s; a register that
    /// reached the database is still completed, the answer is then 500).
    pub fn with_request_timeout(mut self, d: Duration) -> Self {
        self.request_timeout = d.max(Duration::from_secs(1));
        self
    }
}

/// A form of a citizen, as listed by [`Sandbox::citizens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FormInfo {
    /// 予診票管理ID or 乳幼児健診管理ID.
    pub id: String,
    /// Form title.
    pub title: String,
    /// 回答状況 (as PMH spells it, possibly outside the guideline's list).
    pub status: Open<AnswerStatus>,
    /// 回答許可フラグ.
    pub answerable: bool,
}

/// A sandbox citizen (fictional): ID, description, consents and questionnaires. No basic five
/// information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CitizenInfo {
    /// The ID to ask a token for.
    pub id: String,
    /// What this citizen is for.
    pub label: String,
    /// Kinds of information the citizen consented to (`vaccination`, `maternal-child`,
    /// `subsidy`).
    pub consents: Vec<String>,
    /// The questionnaires.
    pub forms: Vec<FormInfo>,
}

pub(crate) fn citizen_infos(citizens: &Citizens) -> Vec<CitizenInfo> {
    citizens
        .all()
        .iter()
        .map(|c| CitizenInfo {
            id: c.id.clone(),
            label: c.label.clone(),
            consents: c.consents.clone(),
            forms: c
                .forms()
                .into_iter()
                .map(|(id, title, status, answerable)| FormInfo {
                    id,
                    title,
                    status,
                    answerable,
                })
                .collect(),
        })
        .collect()
}

/// Opens the database (migrating a first-format state file, seeding a new one) and reads
/// the citizens. Blocking.
fn open_state(config: &SandboxConfig, forms: &Forms) -> Result<(Store, Citizens), SandboxError> {
    let seed = || -> Result<Document, SandboxError> {
        let mut doc = Document::from_json(SEED.as_bytes(), forms)
            .map_err(|e| SandboxError::Seed(e.to_string()))?;
        doc.add_copies(DEMO_CITIZEN, config.load_copies)?;
        Ok(doc)
    };
    let path = config.data_file.as_deref();
    if let Some(p) = path {
        if let DataFile::FirstFormat(bytes) = store::inspect(p)? {
            let doc = Document::from_json(&bytes, forms)?;
            store::migrate(p, &doc, clock::now_ms())?;
        }
    }
    let store = Store::open(path)?;
    let mut list = store.citizens()?;
    if list.is_empty() {
        let doc = seed()?;
        store.insert_all(&doc, clock::now_ms())?;
        list = doc.citizens;
    }
    Ok((store, Citizens::new(list)))
}

/// A running sandbox. Dropping it stops the server (use [`Sandbox::shutdown`] to wait).
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Loads or seeds the state and starts serving on 127.0.0.1.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        config.faults.check().map_err(SandboxError::Config)?;
        let admin_token = match &config.admin_token {
            Some(t) => {
                let ok = t.len() >= MIN_ADMIN_TOKEN_LEN
                    && t.len() <= 256
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._~-".contains(&b));
                if !ok {
                    return Err(SandboxError::Config(format!(
                        "the admin token needs {MIN_ADMIN_TOKEN_LEN}-256 characters of [A-Za-z0-9._~-]"
                    )));
                }
                t.clone()
            }
            None => tokens::random_token("sbx-admin."),
        };
        let config_for_open = config.clone();
        let forms = Forms::bundled()?;
        let (store, citizens, forms) = tokio::task::spawn_blocking(move || {
            open_state(&config_for_open, &forms).map(|(s, c)| (s, c, forms))
        })
        .await
        .map_err(|_| SandboxError::StateFile("loading was interrupted".into()))??;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|e| SandboxError::Bind {
                port: config.port,
                kind: e.kind(),
            })?;
        let addr = listener.local_addr().map_err(|e| SandboxError::Bind {
            port: config.port,
            kind: e.kind(),
        })?;
        let (writer_queue, jobs) = tokio::sync::mpsc::channel(writer::QUEUE);
        let shared = Arc::new(Shared {
            citizens,
            store,
            forms,
            tokens: Mutex::new(Tokens::new(config.token_ttl)),
            faults: Mutex::new(faults::FaultState::new(config.faults)),
            stats: stats::Stats::default(),
            today: config.today,
            admin_token,
            writer: writer_queue,
        });
        writer::spawn(Arc::downgrade(&shared), jobs)?;
        let (stop, stopped) = watch::channel(false);
        let router = server::router(shared.clone());
        let task = tokio::spawn(server::accept_loop(
            listener,
            router,
            stopped,
            server::ConnLimits {
                max_connections: config.max_connections,
                header_read: config.header_read_timeout,
                request: config.request_timeout,
            },
        ));
        tracing::info!(port = addr.port(), "sandbox listening on 127.0.0.1");
        Ok(Sandbox {
            shared,
            addr,
            stop,
            task: Some(task),
        })
    }

    /// The address it listens on (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`: the base URL for `monshin_pmh::PmhClient`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bearer token of the admin routes (`/sandbox/*`): the configured one or the random
    /// one made at start. Print it only where the operator alone reads it.
    pub fn admin_token(&self) -> &str {
        &self.shared.admin_token
    }

    /// The citizens, their consents and questionnaires.
    pub async fn citizens(&self) -> Vec<CitizenInfo> {
        citizen_infos(&self.shared.citizens)
    }

    /// A new token for a citizen.
    pub async fn issue_token(&self, citizen: &str) -> Result<AccessToken, SandboxError> {
        if self.shared.citizens.get(citizen).is_none() {
            return Err(SandboxError::UnknownCitizen);
        }
        self.shared.stats.token_issued();
        Ok(AccessToken::new(self.shared.tokens().issue(citizen)))
    }

    /// A token provider acting for `citizen`, issuing a new token on each refresh.
    pub async fn token_provider(&self, citizen: &str) -> Result<SandboxTokens, SandboxError> {
        if self.shared.citizens.get(citizen).is_none() {
            return Err(SandboxError::UnknownCitizen);
        }
        Ok(SandboxTokens {
            shared: self.shared.clone(),
            citizen: citizen.to_owned(),
            current: Arc::new(Mutex::new(None)),
        })
    }

    /// Replaces the fault configuration (counts and the generator start again).
    pub fn set_faults(&self, faults: Faults) -> Result<(), SandboxError> {
        faults.check().map_err(SandboxError::Config)?;
        self.shared.set_faults(faults);
        Ok(())
    }

    /// The counters so far.
    pub fn stats(&self) -> SandboxStats {
        self.shared.stats.snapshot()
    }

    /// Stops accepting, closes connections (waiting at most a few seconds), closes the
    /// database and returns. Every acknowledged register was committed already.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
        self.close_store().await;
    }

    /// Closes the database, releasing the data file for another sandbox (a register still
    /// running finishes first; later ones are answered 500, nothing applied).
    async fn close_store(&self) {
        let shared = self.shared.clone();
        let closed = tokio::task::spawn_blocking(move || shared.store.close()).await;
        if !matches!(closed, Ok(Ok(()))) {
            tracing::error!("the sandbox database could not be closed cleanly");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// A [`TokenProvider`] backed by a sandbox in the same process: the first token is issued on
/// demand, a refresh issues a new one. Clones share the current token.
#[derive(Clone)]
pub struct SandboxTokens {
    shared: Arc<Shared>,
    citizen: String,
    current: Arc<Mutex<Option<AccessToken>>>,
}

impl fmt::Debug for SandboxTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxTokens").finish_non_exhaustive()
    }
}

impl SandboxTokens {
    fn issue(&self) -> AccessToken {
        self.shared.stats.token_issued();
        AccessToken::new(self.shared.tokens().issue(&self.citizen))
    }
}

impl TokenProvider for SandboxTokens {
    fn token(&self) -> TokenFuture<'_> {
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let token = match &*current {
            Some(t) => t.clone(),
            None => {
                let t = self.issue();
                *current = Some(t.clone());
                t
            }
        };
        Box::pin(async move { Ok::<_, TokenError>(token) })
    }

    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> TokenFuture<'a> {
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another call may have refreshed already: use its token.
        let token = match &*current {
            Some(t) if t != rejected => t.clone(),
            _ => {
                let t = self.issue();
                *current = Some(t.clone());
                t
            }
        };
        Box::pin(async move { Ok(token) })
    }
}
