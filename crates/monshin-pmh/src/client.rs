//! [`PmhClient`]: typed async calls for the ten operations over reqwest + rustls, with bearer
//! tokens, time-outs, retries and a tracing span per call.
//!
//! Every call goes through one loop: get a token, send one attempt, classify the outcome
//! ([`crate::retry::Failure`]), and let [`crate::retry::decide`] say whether to wait and try
//! again, refresh the token, or fail. Bodies are read up to a size limit and parsed by
//! `monshin-wire` (reads) or as a [`RegisterReceipt`] (registers).
//!
//! # Logging
//!
//! Each call runs in an `info` span `pmh.call` with the operation name; each attempt logs a
//! `debug` event with its number, the HTTP status or failure kind and the elapsed time; retries
//! and refreshes log their delay. Nothing else: no URL (IDs), no header, no body, no token.

use std::fmt;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use monshin_wire::{
    AnswerStatus, ChildCheckupId, ChildCheckupList, ChildFormAnswers, ErrorCode as WireCode,
    JsonPath, LastPage, Limits, PrenatalCheckupList, PrenatalVoucherList,
    RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer, RegisterStatus,
    SubsidyCertificateList, VaccinationFormAnswers, VaccinationFormId, VaccinationFormList,
    VaccinationList, WireAnswer, WireDocument,
};
use monshin_wire::{FormAnswersRead, RegisterBody};
use tracing::Instrument;

use crate::api::{ErrorBody, Operation, RegisterReceipt, ServerCode, IDEMPOTENCY_KEY, JSON};
use crate::error::{Error, ReadBack};
use crate::retry::{decide, random_u64, Decision, Failure, RetryPolicy};
use crate::token::{AccessToken, TokenError, TokenProvider};

/// The most bytes of an error body that are read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The key that lets the server apply one register once (the [`IDEMPOTENCY_KEY`] header).
///
/// Make one per logical submission with [`IdempotencyKey::generate`] and reuse it only to
/// resend *the same body* after a failure whose [`crate::RegisterEffect`] is `Unknown`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A new random key (32 hex digits).
    pub fn generate() -> Self {
        IdempotencyKey(format!("{:016x}{:016x}", random_u64(), random_u64()))
    }

    /// A key of 1–128 characters of `[A-Za-z0-9_-]`.
    pub fn new(key: &str) -> Option<Self> {
        let ok = !key.is_empty()
            && key.len() <= 128
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| IdempotencyKey(key.to_owned()))
    }

    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Counters of one client since it was built (for tests, metrics and reports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientStats {
    /// Calls started.
    pub calls: u64,
    /// Attempts made (first attempts included).
    pub attempts: u64,
    /// Attempts that were retries.
    pub retries: u64,
    /// Token refreshes after a 401.
    pub token_refreshes: u64,
    /// Register attempts that may have reached the server (connection established).
    pub registers_sent: u64,
}

#[derive(Default)]
struct Stats {
    calls: AtomicU64,
    attempts: AtomicU64,
    retries: AtomicU64,
    token_refreshes: AtomicU64,
    registers_sent: AtomicU64,
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// Configures a [`PmhClient`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    extra_roots: ExtraRoots,
}

/// Root certificates trusted besides the platform's (DER). Debug shows only how many.
#[derive(Clone, Default)]
struct ExtraRoots(Vec<rustls::pki_types::CertificateDer<'static>>);

impl fmt::Debug for ExtraRoots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} extra root certificate(s)", self.0.len())
    }
}

impl ClientBuilder {
    /// Trusts the CA certificate `der` (DER-encoded X.509) in addition to the platform's
    /// roots: for a PMH endpoint behind a private PKI (a closed municipal network, a test
    /// deployment). The platform's roots stay trusted.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots
            .0
            .push(rustls::pki_types::CertificateDer::from(der.into()));
        self
    }

    /// Per-attempt time-out for the whole exchange (default 10 s).
    pub fn timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Time-out for establishing a connection (default 3 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted (default 4 MiB).
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// Builds the client. The base URL must be `https://…`, or `http://…` to a loopback
    /// address (`127.0.0.0/8`, `::1`, `localhost`), without user info, query or fragment.
    pub fn build(self, tokens: Arc<dyn TokenProvider>) -> Result<PmhClient, Error> {
        let base = check_base_url(&self.base_url)?;
        // Never through a proxy to this machine, over http or https.
        let loopback = reqwest::Url::parse(&base)
            .ok()
            .and_then(|u| u.host_str().map(is_loopback))
            .unwrap_or(false);
        let mut http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("monshin-pmh/", env!("CARGO_PKG_VERSION")))
            .tls_backend_preconfigured(tls_config(self.extra_roots.0)?);
        if loopback {
            http = http.no_proxy();
        }
        let http = http.build().map_err(|_| Error::Config {
            reason: "the HTTP client could not be built",
        })?;
        Ok(PmhClient {
            inner: Arc::new(Inner {
                http,
                base,
                tokens,
                retry: self.retry,
                limits: Limits::default().with_max_bytes(self.max_response_bytes),
                stats: Stats::default(),
            }),
        })
    }
}

fn tls_config(
    extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
) -> Result<rustls::ClientConfig, Error> {
    const TLS: Error = Error::Config {
        reason: "TLS could not be set up",
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider.clone())
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider.clone())
    }
    .map_err(|_| Error::Config {
        reason: "TLS could not be set up (a root certificate may be malformed)",
    })?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| TLS)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// The base URL without a trailing slash, or why it is refused.
fn check_base_url(s: &str) -> Result<String, Error> {
    let bad = |reason| Error::Config { reason };
    let url = reqwest::Url::parse(s).map_err(|_| bad("the base URL is not a URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("the base URL must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("the base URL must not have a query or fragment"));
    }
    let host = url.host_str().ok_or(bad("the base URL has no host"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => return Err(bad("plain http is only allowed to a loopback address")),
        _ => return Err(bad("the base URL must be https")),
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An async client of the PMH questionnaire API. Cheap to clone (shared connection pool,
/// token provider and counters).
///
/// ```no_run
/// # async fn demo() -> Result<(), monshin_pmh::Error> {
/// use std::sync::Arc;
/// use monshin_pmh::{AccessToken, PmhClient, StaticToken};
///
/// let tokens = Arc::new(StaticToken::new(AccessToken::new("token from the consent flow")));
/// let client = PmhClient::builder("https://pmh.example.jp/api").build(tokens)?;
/// for form in client.list_vaccination_forms().await?.forms {
///     println!("{} {:?}", form.title, form.status);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct PmhClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: String,
    tokens: Arc<dyn TokenProvider>,
    retry: RetryPolicy,
    limits: Limits,
    stats: Stats,
}

impl fmt::Debug for PmhClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PmhClient")
            .field("base", &self.inner.base)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// A register body ready to send.
struct Payload<'a> {
    bytes: Vec<u8>,
    key: &'a IdempotencyKey,
}

impl PmhClient {
    /// A builder for a client of the API at `base_url` (the routes of [`crate::api`] are
    /// appended to it).
    pub fn builder(base_url: &str) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.to_owned(),
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(3),
            retry: RetryPolicy::default(),
            max_response_bytes: Limits::DEFAULT.max_bytes(),
            extra_roots: ExtraRoots::default(),
        }
    }

    /// The counters so far.
    pub fn stats(&self) -> ClientStats {
        let s = &self.inner.stats;
        ClientStats {
            calls: s.calls.load(Ordering::Relaxed),
            attempts: s.attempts.load(Ordering::Relaxed),
            retries: s.retries.load(Ordering::Relaxed),
            token_refreshes: s.token_refreshes.load(Ordering::Relaxed),
            registers_sent: s.registers_sent.load(Ordering::Relaxed),
        }
    }

    /// 1 予防接種一覧情報の照会: the person's scheduled vaccinations and their records.
    pub async fn list_vaccinations(&self) -> Result<VaccinationList, Error> {
        self.read(Operation::ListVaccinations, "").await
    }

    /// 2 予診票一覧情報の照会: the person's vaccination forms with 回答許可フラグ and 回答状況.
    pub async fn list_vaccination_forms(&self) -> Result<VaccinationFormList, Error> {
        self.read(Operation::ListVaccinationForms, "").await
    }

    /// 3 予診票の回答結果の照会: the stored answers of one vaccination form.
    pub async fn get_vaccination_answers(
        &self,
        form_id: &VaccinationFormId,
    ) -> Result<VaccinationFormAnswers, Error> {
        self.read(Operation::GetVaccinationAnswers, form_id.as_str())
            .await
    }

    /// 4 予診票の回答結果の登録 (`RegisterQuestionnaireAnswer`). Resent (same key) only when
    /// nothing was applied: nothing sent, 401 after the token refresh, 429, 503. A 2xx whose
    /// receipt cannot be read is [`Error::AppliedUnconfirmed`], after reading the form back.
    pub async fn register_vaccination_answers(
        &self,
        body: &RegisterQuestionnaireAnswer,
        key: &IdempotencyKey,
    ) -> Result<RegisterReceipt, Error> {
        let op = Operation::RegisterVaccinationAnswers;
        let stored = self.get_vaccination_answers(body.form_id());
        self.register_confirmed(op, body, key, stored).await
    }

    /// 5 妊婦健診一覧、過去の健診結果の照会.
    pub async fn list_prenatal_checkups(&self) -> Result<PrenatalCheckupList, Error> {
        self.read(Operation::ListPrenatalCheckups, "").await
    }

    /// 6 妊婦健診の受診券情報の照会.
    pub async fn list_prenatal_vouchers(&self) -> Result<PrenatalVoucherList, Error> {
        self.read(Operation::ListPrenatalVouchers, "").await
    }

    /// 7 乳幼児健診一覧、過去の健診結果の照会.
    pub async fn list_child_checkups(&self) -> Result<ChildCheckupList, Error> {
        self.read(Operation::ListChildCheckups, "").await
    }

    /// 8 乳幼児問診票の回答の照会: the stored answers of one infant check-up questionnaire.
    pub async fn get_child_answers(
        &self,
        checkup_id: &ChildCheckupId,
    ) -> Result<ChildFormAnswers, Error> {
        self.read(Operation::GetChildAnswers, checkup_id.as_str())
            .await
    }

    /// 9 乳幼児問診票の回答結果の登録 (`RegisterChildQuestionnaireAnswer`). Retried and read back
    /// as [`PmhClient::register_vaccination_answers`].
    pub async fn register_child_answers(
        &self,
        body: &RegisterChildQuestionnaireAnswer,
        key: &IdempotencyKey,
    ) -> Result<RegisterReceipt, Error> {
        let op = Operation::RegisterChildAnswers;
        let stored = self.get_child_answers(body.checkup_id());
        self.register_confirmed(op, body, key, stored).await
    }

    /// 10 医療費助成情報の照会.
    pub async fn list_subsidy_certificates(&self) -> Result<SubsidyCertificateList, Error> {
        self.read(Operation::ListSubsidyCertificates, "").await
    }

    async fn read<T: WireDocument>(&self, op: Operation, id: &str) -> Result<T, Error> {
        let limits = self.inner.limits;
        self.call(op, id, None, |bytes| {
            monshin_wire::parse_with_limits::<T>(bytes, &limits).map_err(|e| Failure::Invalid {
                code: e.code(),
                path: e.path().cloned(),
            })
        })
        .await
    }

    /// A register whose unreadable receipt ([`Error::InvalidResponse`] on a 2xx) becomes
    /// [`Error::AppliedUnconfirmed`], with `stored` (the form read back) compared to the body.
    /// `stored` is only awaited in that case.
    async fn register_confirmed<B: RegisterBody, R: FormAnswersRead>(
        &self,
        op: Operation,
        body: &B,
        key: &IdempotencyKey,
        stored: impl std::future::Future<Output = Result<R, Error>>,
    ) -> Result<RegisterReceipt, Error> {
        match self.register(op, body, key).await {
            Err(Error::InvalidResponse { code, .. }) => {
                let read_back = match stored.await {
                    Ok(d) => read_back(
                        (d.status().known(), d.last_page(), d.answers()),
                        (body.status(), body.last_page(), body.answers()),
                    ),
                    Err(_) => ReadBack::Failed,
                };
                Err(Error::AppliedUnconfirmed {
                    op,
                    code,
                    read_back,
                })
            }
            other => other,
        }
    }

    async fn register<T: WireDocument>(
        &self,
        op: Operation,
        body: &T,
        key: &IdempotencyKey,
    ) -> Result<RegisterReceipt, Error> {
        let bytes = monshin_wire::encode(body).map_err(|_| Error::Config {
            reason: "the register body could not be encoded",
        })?;
        let payload = Payload { bytes, key };
        self.call(op, "", Some(&payload), parse_receipt).await
    }

    /// One call: attempts, retries and token refresh around [`PmhClient::attempt`].
    async fn call<T>(
        &self,
        op: Operation,
        id: &str,
        payload: Option<&Payload<'_>>,
        parse: impl Fn(&[u8]) -> Result<T, Failure>,
    ) -> Result<T, Error> {
        let span = tracing::info_span!("pmh.call", op = op.name());
        let mut attempt = 0u32;
        let result = async {
            let inner = &self.inner;
            bump(&inner.stats.calls);
            let url = format!("{}{}", inner.base, op.path(id));
            let started = Instant::now();
            let mut token = inner
                .tokens
                .token()
                .await
                .map_err(|source| Error::Token { op, source })?;
            let mut refreshed = false;
            loop {
                attempt = attempt.saturating_add(1);
                bump(&inner.stats.attempts);
                if attempt > 1 {
                    bump(&inner.stats.retries);
                }
                let t0 = Instant::now();
                let outcome = match self.attempt(&url, &token, payload).await {
                    Ok(bytes) => parse(&bytes),
                    Err(f) => Err(f),
                };
                let ms = t0.elapsed().as_millis();
                if op.is_register() && !matches!(outcome, Err(Failure::NotSent)) {
                    bump(&inner.stats.registers_sent);
                }
                let failure = match outcome {
                    Ok(doc) => {
                        tracing::debug!(attempt, elapsed_ms = ms, "attempt succeeded");
                        return Ok(doc);
                    }
                    Err(failure) => failure,
                };
                tracing::debug!(
                    attempt,
                    elapsed_ms = ms,
                    failure = failure_kind(&failure),
                    "attempt failed"
                );
                match decide(
                    &inner.retry,
                    op,
                    failure,
                    attempt,
                    refreshed,
                    started.elapsed(),
                    random_u64(),
                ) {
                    Decision::Retry(delay) => {
                        tracing::debug!(
                            attempt,
                            delay_ms = delay.as_millis(),
                            "retrying after delay"
                        );
                        tokio::time::sleep(delay).await;
                    }
                    Decision::Refresh => {
                        refreshed = true;
                        bump(&inner.stats.token_refreshes);
                        tracing::debug!(attempt, "token rejected; refreshing it once");
                        let fresh = match inner.tokens.refresh(&token).await {
                            Ok(t) => t,
                            Err(TokenError::CannotRefresh) => {
                                return Err(Error::Unauthorized {
                                    op,
                                    refreshed: false,
                                })
                            }
                            Err(source) => return Err(Error::Token { op, source }),
                        };
                        let same = fresh == token;
                        token = fresh;
                        if same {
                            return Err(Error::Unauthorized {
                                op,
                                refreshed: false,
                            });
                        }
                    }
                    Decision::Fail(error) => return Err(error),
                }
            }
        }
        .instrument(span.clone())
        .await;
        if let Err(e) = &result {
            span.in_scope(|| tracing::info!(attempts = attempt, code = e.code(), "call failed"));
        }
        result
    }

    /// One HTTP exchange: the body of a 2xx answer, or how it failed.
    async fn attempt(
        &self,
        url: &str,
        token: &AccessToken,
        payload: Option<&Payload<'_>>,
    ) -> Result<Vec<u8>, Failure> {
        let http = &self.inner.http;
        let mut req = match payload {
            Some(p) => http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, JSON)
                .header(IDEMPOTENCY_KEY, p.key.as_str())
                .body(p.bytes.clone()),
            None => http.get(url),
        };
        req = req
            .bearer_auth(token.expose_secret())
            .header(reqwest::header::ACCEPT, JSON);
        let mut resp = req.send().await.map_err(|e| classify(&e))?;
        let status = resp.status().as_u16();
        if resp.status().is_success() {
            let max = self.inner.limits.max_bytes();
            return read_body(&mut resp, max).await?.ok_or(Failure::Invalid {
                code: WireCode::TooLarge,
                path: None,
            });
        }
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
        // The error body is optional: a failure to read it leaves the status alone.
        let body = read_body(&mut resp, MAX_ERROR_BODY)
            .await
            .ok()
            .flatten()
            .and_then(|b| serde_json::from_slice::<ErrorBody>(&b).ok());
        let (code, findings) = match body {
            Some(b) => (
                ServerCode::from_code(&b.error.code),
                b.error
                    .findings
                    .into_iter()
                    .filter_map(|f| f.sanitized())
                    .collect(),
            ),
            None => (None, Vec::new()),
        };
        Err(Failure::Status {
            status,
            code,
            retry_after,
            findings,
        })
    }
}

/// Whether the stored status, last page and answers are those a register sent.
fn read_back(
    stored: (Option<AnswerStatus>, Option<LastPage>, &[WireAnswer]),
    sent: (RegisterStatus, LastPage, &[WireAnswer]),
) -> ReadBack {
    // A status outside the guideline's list is not the one sent.
    if stored.0 == Some(AnswerStatus::from(sent.0))
        && stored.1 == Some(sent.1)
        && stored.2 == sent.2
    {
        ReadBack::Matches
    } else {
        ReadBack::Differs
    }
}

/// Reads a body of at most `max` bytes (`None` if larger).
async fn read_body(resp: &mut reqwest::Response, max: usize) -> Result<Option<Vec<u8>>, Failure> {
    if resp
        .content_length()
        .is_some_and(|n| usize::try_from(n).map_or(true, |n| n > max))
    {
        return Ok(None);
    }
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| classify(&e))? {
        if out.len() + chunk.len() > max {
            return Ok(None);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Some(out))
}

/// Classifies a transport error without keeping it (its text names the URL).
fn classify(e: &reqwest::Error) -> Failure {
    if is_tls_failure(e) {
        Failure::Tls
    } else if e.is_connect() {
        Failure::NotSent
    } else if e.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Broken
    }
}

/// Whether a rustls error is among the causes. hyper wraps it in `io::Error`s (two deep
/// today), and an `io::Error`'s `source` skips what it wraps, so those are unwrapped here.
fn is_tls_failure(e: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    // Bounded: error chains are short, and a cycle must not hang a client.
    for _ in 0..16 {
        let Some(c) = cause else {
            return false;
        };
        let mut inner = c;
        for _ in 0..16 {
            if inner.is::<rustls::Error>() {
                return true;
            }
            match inner
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
            {
                Some(wrapped) => inner = wrapped,
                None => break,
            }
        }
        cause = c.source();
    }
    false
}

fn failure_kind(f: &Failure) -> &'static str {
    match f {
        Failure::NotSent => "connect",
        Failure::Tls => "tls",
        Failure::Timeout => "timeout",
        Failure::Broken => "connection-broken",
        Failure::Status { code: Some(c), .. } => c.as_str(),
        Failure::Status { status, .. } if *status >= 500 => "server-error",
        Failure::Status { .. } => "http-error",
        Failure::Invalid { code, .. } => code.as_str(),
    }
}

/// Parses a [`RegisterReceipt`], reporting problems like `monshin-wire` does.
fn parse_receipt(bytes: &[u8]) -> Result<RegisterReceipt, Failure> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let invalid = |code, path| Failure::Invalid { code, path };
    let receipt: RegisterReceipt = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        use serde_json::error::Category;
        let mut path = JsonPath::root();
        for seg in e.path().iter() {
            path = match seg {
                serde_path_to_error::Segment::Seq { index } => path.index(*index),
                serde_path_to_error::Segment::Map { key } => path.key(key),
                serde_path_to_error::Segment::Enum { variant } => path.key(variant),
                serde_path_to_error::Segment::Unknown => path.key("?"),
            };
        }
        let inner = e.inner();
        match inner.classify() {
            Category::Io | Category::Syntax | Category::Eof => invalid(WireCode::Syntax, None),
            Category::Data => {
                // Inspected, never kept: the text can quote the value.
                let text = inner.to_string();
                let code = if text.starts_with("invalid type") {
                    WireCode::WrongType
                } else if let Some(rest) = text.strip_prefix("missing field `") {
                    if let Some(name) = rest.split('`').next() {
                        path = path.clone().key(name);
                    }
                    WireCode::MissingField
                } else {
                    WireCode::InvalidValue
                };
                invalid(code, Some(path))
            }
        }
    })?;
    de.end().map_err(|_| invalid(WireCode::Syntax, None))?;
    Ok(receipt)
}

/// A `Retry-After` value (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date read against
/// `now` (a date already past is no wait). `None` when it is neither.
fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than u64 holds is a wait longer than any policy accepts.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        use std::time::{SystemTime, UNIX_EPOCH};
        // 2026-12-05T07:30:00Z
        let now = UNIX_EPOCH + Duration::from_secs(1_796_455_800);
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(parse_retry_after("120", now), secs(120));
        assert_eq!(parse_retry_after(" 0 ", now), secs(0));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            secs(u64::MAX)
        );
        assert_eq!(
            parse_retry_after("Sat, 05 Dec 2026 07:30:45 GMT", now),
            secs(45)
        );
        // The two obsolete forms HTTP recipients must also read.
        assert_eq!(
            parse_retry_after("Saturday, 05-Dec-26 07:31:00 GMT", now),
            secs(60)
        );
        assert_eq!(parse_retry_after("Sat Dec  5 07:30:10 2026", now), secs(10));
        assert_eq!(
            parse_retry_after("Sat, 05 Dec 2026 07:00:00 GMT", now),
            secs(0)
        );
        for bad in ["", "-5", "1.5", "soon", "Sat, 32 Dec 2026 07:30:45 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
        assert!(parse_retry_after("Sat, 05 Dec 2026 07:30:45 GMT", SystemTime::now()).is_some());
    }

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            check_base_url("https://pmh.example.jp/api/").as_deref(),
            Ok("https://pmh.example.jp/api")
        );
        assert!(check_base_url("http://127.0.0.1:8080").is_ok());
        assert!(check_base_url("http://localhost:8080/").is_ok());
        assert!(check_base_url("http://[::1]:8080/").is_ok());
        for bad in [
            "http://pmh.example.jp",
            "http://192.168.1.10:8080",
            "ftp://127.0.0.1",
            "https://user:pw@pmh.example.jp",
            "https://pmh.example.jp/?a=1",
            "not a url",
        ] {
            assert_eq!(check_base_url(bad).map_err(|e| e.code()), Err("pmh.config"));
        }
    }

    #[test]
    fn idempotency_keys() {
        let a = IdempotencyKey::generate();
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, IdempotencyKey::generate());
        assert!(IdempotencyKey::new("abc-DEF_1").is_some());
        assert!(IdempotencyKey::new("").is_none());
        assert!(IdempotencyKey::new("a b").is_none());
    }

    #[test]
    fn receipts_parse_with_paths() {
        let ok = parse_receipt(
            r#"{"revision":2,"status":"回答済み","lastPage":5,"answerCount":40,"future":1}"#
                .as_bytes(),
        )
        .expect("valid");
        assert_eq!(ok.revision, 2);
        assert!(!ok.replayed);
        match parse_receipt(br#"{"revision":"two","status":"x"}"#) {
            Err(Failure::Invalid { code, path }) => {
                assert_eq!(code, WireCode::WrongType);
                assert_eq!(path.map(|p| p.to_pointer()).as_deref(), Some("/revision"));
            }
            other => panic!("{other:?}"),
        }
        match parse_receipt(br#"{"revision":1,"status":"#) {
            Err(Failure::Invalid { code, .. }) => assert_eq!(code, WireCode::Syntax),
            other => panic!("{other:?}"),
        }
        match parse_receipt(r#"{"revision":1,"status":"下書き","lastPage":1}"#.as_bytes()) {
            Err(Failure::Invalid { code, path }) => {
                assert_eq!(code, WireCode::MissingField);
                assert_eq!(
                    path.map(|p| p.to_pointer()).as_deref(),
                    Some("/answerCount")
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
