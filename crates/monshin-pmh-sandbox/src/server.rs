//! The HTTP side of the sandbox: the accept loop on 127.0.0.1, the routes of
//! `monshin_pmh::api`, and the request pipeline (faults → token → consent → operation →
//! faults on the answer).
//!
//! The accept loop serves each connection with hyper directly (not `axum::serve`) so that a
//! fault can close one connection without answering: the handler signals the connection's
//! [`ConnKill`], the connection task drops the connection, and the client sees the socket close
//! with no response. Connections are bounded by a semaphore; shutdown stops accepting, closes
//! idle connections gracefully and waits a bounded time for the others.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use monshin_expr::Date;
use monshin_pmh::api::{TokenRequest, TokenResponse, IDEMPOTENCY_KEY, JSON, SANDBOX_TOKEN_ROUTE};
use monshin_pmh::{Operation, ServerCode};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify, Semaphore};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::citizens::Citizens;
use crate::clock;
use crate::error::ApiError;
use crate::faults::{After, Before, FaultState, Faults, Plan};
use crate::state::Forms;
use crate::stats::Stats;
use crate::store::Store;
use crate::tokens::Tokens;
use crate::writer::Job;

/// Everything the handlers share.
pub(crate) struct Shared {
    pub(crate) citizens: Citizens,
    pub(crate) store: Store,
    pub(crate) forms: Forms,
    pub(crate) tokens: Mutex<Tokens>,
    pub(crate) faults: Mutex<FaultState>,
    pub(crate) stats: Stats,
    pub(crate) today: Option<Date>,
    /// The bearer token of the `/sandbox/*` routes.
    pub(crate) admin_token: String,
    /// The queue of the register writer.
    pub(crate) writer: tokio::sync::mpsc::Sender<Job>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub(crate) fn tokens(&self) -> MutexGuard<'_, Tokens> {
        lock(&self.tokens)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultState> {
        lock(&self.faults)
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        *self.faults() = FaultState::new(faults);
    }
}

/// Closes the connection a request came on, without an answer.
#[derive(Clone, Default)]
pub(crate) struct ConnKill(Arc<Notify>);

impl ConnKill {
    /// Signals the connection task and waits to be dropped with it. If that does not happen
    /// within 10 s (it always does when served by [`accept_loop`]), answers 500.
    async fn drop_connection(&self, shared: &Shared) -> Response {
        shared.stats.dropped();
        self.0.notify_one();
        tokio::time::sleep(Duration::from_secs(10)).await;
        ApiError::internal().into_response()
    }
}

/// Bounds of a connection's time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnLimits {
    /// Connections served at once.
    pub(crate) max_connections: usize,
    /// Time to send a request's header, counted from the connection's start or the end of
    /// the previous answer: an idle or half-sent connection is closed after it.
    pub(crate) header_read: Duration,
    /// Time from a request's header to the end of its answer (body included): longer than
    /// any fault's latency plus delay.
    pub(crate) request: Duration,
}

/// Accepts connections until `shutdown` turns true.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
    limits: ConnLimits,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut conns = JoinSet::new();
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = shutdown.changed() => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors or similar: back off briefly.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let kill = ConnKill::default();
        let conn_router = router.clone().layer(Extension(kill.clone()));
        let request_timeout = limits.request;
        let service = hyper::service::service_fn(move |req| {
            let r = conn_router.clone();
            async move {
                match tokio::time::timeout(request_timeout, r.oneshot(req)).await {
                    Ok(answer) => answer,
                    // 500, not 503: a register may have been applied meanwhile.
                    Err(_) => Ok(ApiError::internal().into_response()),
                }
            }
        });
        let mut stop = shutdown.clone();
        let header_read = limits.header_read;
        conns.spawn(async move {
            let _permit = permit;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_read)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                // Dropping `conn` closes the socket with no answer.
                () = kill.0.notified() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
                }
            }
        });
        while conns.try_join_next().is_some() {}
    }
    let drain = async { while conns.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(Duration::from_secs(3), drain).await;
    conns.abort_all();
}

/// The routes: the ten operations and the sandbox's own endpoints.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let mut r: Router<Arc<Shared>> = Router::new();
    for op in Operation::ALL {
        r = if op.is_register() {
            r.route(
                op.route(),
                post(
                    move |AxState(s): AxState<Arc<Shared>>,
                          Extension(k): Extension<ConnKill>,
                          h: HeaderMap,
                          body: Bytes| {
                        dispatch(s, op, k, h, String::new(), Some(body))
                    },
                ),
            )
        } else if op.takes_id() {
            r.route(
                op.route(),
                get(
                    move |AxState(s): AxState<Arc<Shared>>,
                          Extension(k): Extension<ConnKill>,
                          Path(id): Path<String>,
                          h: HeaderMap| dispatch(s, op, k, h, id, None),
                ),
            )
        } else {
            r.route(
                op.route(),
                get(
                    move |AxState(s): AxState<Arc<Shared>>,
                          Extension(k): Extension<ConnKill>,
                          h: HeaderMap| {
                        dispatch(s, op, k, h, String::new(), None)
                    },
                ),
            )
        };
    }
    r.route(SANDBOX_TOKEN_ROUTE, post(issue_token))
        .route("/sandbox/citizens", get(citizens))
        .route("/sandbox/stats", get(stats))
        .route("/sandbox/faults", get(get_faults).put(put_faults))
        .fallback(|| async { ApiError::new(ServerCode::NotFound, "no such route").into_response() })
        .with_state(shared)
}

fn json(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut resp = (status, bytes).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    resp
}

/// One API request, logged without tokens, IDs or bodies.
async fn dispatch(
    s: Arc<Shared>,
    op: Operation,
    kill: ConnKill,
    headers: HeaderMap,
    id: String,
    body: Option<Bytes>,
) -> Response {
    let started = Instant::now();
    s.stats.request(op);
    let plan = s.faults().plan(op, clock::now_ms());
    let fault = plan.fault_name();
    if fault.is_some() {
        s.stats.fault();
    }
    let resp = serve(&s, op, &kill, &headers, &id, body, plan).await;
    tracing::info!(
        op = op.name(),
        status = resp.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis(),
        fault = fault.unwrap_or("none"),
        "request"
    );
    resp
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

async fn serve(
    s: &Arc<Shared>,
    op: Operation,
    kill: &ConnKill,
    headers: &HeaderMap,
    id: &str,
    body: Option<Bytes>,
    plan: Plan,
) -> Response {
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    let token = bearer(headers);
    match plan.before {
        Some(Before::PlannedOutage(secs)) => {
            return ApiError::new(ServerCode::PlannedOutage, "planned outage (計画停止)")
                .retry_after(secs)
                .into_response();
        }
        Some(Before::RateLimited(secs)) => {
            return ApiError::new(ServerCode::RateLimited, "too many requests")
                .retry_after(secs)
                .into_response();
        }
        Some(Before::ServerError) => return ApiError::internal().into_response(),
        Some(Before::Unavailable(secs)) => {
            let e = ApiError::new(ServerCode::Unavailable, "temporarily unavailable");
            return match secs {
                Some(secs) => e.retry_after(secs),
                None => e,
            }
            .into_response();
        }
        Some(Before::ExpireToken) => {
            if let Some(t) = token {
                s.tokens().expire(t);
            }
        }
        Some(Before::Delay(d)) => tokio::time::sleep(d).await,
        Some(Before::Drop) => return kill.drop_connection(s).await,
        None => {}
    }
    let Some(token) = token else {
        return ApiError::new(ServerCode::Unauthorized, "a bearer token is required")
            .into_response();
    };
    let checked = s.tokens().check(token, plan.token_expiry_after_uses);
    let citizen = match checked {
        Ok(c) => c,
        Err(code) => return ApiError::new(code, "the token is not valid").into_response(),
    };
    let result = if op.is_register() {
        let key = headers
            .get(IDEMPOTENCY_KEY)
            .and_then(|v| v.to_str().ok())
            .filter(|k| monshin_pmh::IdempotencyKey::new(k).is_some())
            .map(str::to_owned);
        match key {
            None => Err(ApiError::new(
                ServerCode::BadRequest,
                "a register needs an idempotency-key header of 1-128 [A-Za-z0-9_-]",
            )),
            Some(key) => register(s.clone(), citizen, op, body.unwrap_or_default(), key).await,
        }
    } else {
        match s.citizens.get(&citizen) {
            None => Err(ApiError::new(ServerCode::Unauthorized, "unknown token")),
            Some(c) if !c.consents_to(op.category()) => Err(consent_required()),
            Some(c) => c.read(op, id),
        }
    };
    let bytes = match result {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    match plan.after {
        None => json(StatusCode::OK, bytes),
        Some(After::Malformed) => json(StatusCode::OK, malformed(&bytes)),
        Some(After::Truncated) => {
            let half = bytes.len() / 2;
            json(
                StatusCode::OK,
                bytes.get(..half).unwrap_or_default().to_vec(),
            )
        }
        Some(After::Drop) => kill.drop_connection(s).await,
    }
}

/// A well-formed document of the wrong shape: the first member's value replaced by `-1`
/// (wrong for every member of every document here).
fn malformed(bytes: &[u8]) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
    match value.as_object_mut().and_then(|m| m.values_mut().next()) {
        Some(first) => *first = serde_json::Value::from(-1),
        None => value = serde_json::Value::from(-1),
    }
    serde_json::to_vec(&value).unwrap_or_default()
}

pub(crate) fn consent_required() -> ApiError {
    ApiError::new(
        ServerCode::ConsentRequired,
        "the person has not consented to this information being provided",
    )
}

/// Queues a register for the writer (`writer`) and answers once its transaction committed.
async fn register(
    s: Arc<Shared>,
    citizen: String,
    op: Operation,
    body: Bytes,
    key: String,
) -> Result<Vec<u8>, ApiError> {
    let today = s
        .today
        .or_else(clock::today_jst)
        .ok_or_else(ApiError::internal)?;
    // The rules are checked here, in parallel with other registers; the writer uses the
    // result if the citizen did not change meanwhile.
    let checked = {
        let (s, citizen, body) = (s.clone(), citizen.clone(), body.clone());
        tokio::task::spawn_blocking(move || {
            crate::writer::check_ahead(&s.citizens, &s.forms, &citizen, op, &body, today)
        })
        .await
        .ok()
        .flatten()
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job = Job {
        citizen,
        op,
        body,
        key,
        today,
        checked,
        reply,
    };
    s.writer.send(job).await.map_err(|_| ApiError::internal())?;
    let receipt = answer.await.map_err(|_| ApiError::internal())??;
    serde_json::to_vec(&receipt).map_err(|_| ApiError::internal())
}

/// Equal, in time independent of where the first difference is.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The admin routes (`/sandbox/*`) need `Authorization: Bearer <admin token>`.
fn admin_refused(s: &Shared, headers: &HeaderMap) -> Option<Response> {
    let given = bearer(headers).unwrap_or_default();
    if same_secret(given.as_bytes(), s.admin_token.as_bytes()) {
        return None;
    }
    Some(
        ApiError::new(
            ServerCode::Unauthorized,
            "the sandbox admin routes need the admin token",
        )
        .into_response(),
    )
}

async fn issue_token(
    AxState(s): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = admin_refused(&s, &headers) {
        return refused;
    }
    let Ok(req) = serde_json::from_slice::<TokenRequest>(&body) else {
        return ApiError::new(ServerCode::BadRequest, "expected {\"citizenId\": \"…\"}")
            .into_response();
    };
    if s.citizens.get(&req.citizen_id).is_none() {
        return ApiError::new(ServerCode::NotFound, "no such sandbox citizen").into_response();
    }
    let (token, ttl) = {
        let mut tokens = s.tokens();
        (tokens.issue(&req.citizen_id), tokens.ttl())
    };
    s.stats.token_issued();
    let resp = TokenResponse {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: ttl.as_secs(),
    };
    json(
        StatusCode::OK,
        serde_json::to_vec(&resp).unwrap_or_default(),
    )
}

async fn citizens(AxState(s): AxState<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(refused) = admin_refused(&s, &headers) {
        return refused;
    }
    let list = crate::citizen_infos(&s.citizens);
    json(
        StatusCode::OK,
        serde_json::to_vec(&list).unwrap_or_default(),
    )
}

async fn stats(AxState(s): AxState<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(refused) = admin_refused(&s, &headers) {
        return refused;
    }
    json(
        StatusCode::OK,
        serde_json::to_vec(&s.stats.snapshot()).unwrap_or_default(),
    )
}

async fn get_faults(AxState(s): AxState<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Some(refused) = admin_refused(&s, &headers) {
        return refused;
    }
    let faults = s.faults().config().clone();
    json(
        StatusCode::OK,
        serde_json::to_vec(&faults).unwrap_or_default(),
    )
}

async fn put_faults(AxState(s): AxState<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(refused) = admin_refused(&s, &headers) {
        return refused;
    }
    match Faults::from_json(&body) {
        Ok(f) => {
            s.set_faults(f);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(_) => {
            ApiError::new(ServerCode::BadRequest, "invalid fault configuration").into_response()
        }
    }
}
