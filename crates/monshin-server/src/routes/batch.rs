//! `POST /v1/validate/batch`: NDJSON answer sets in, NDJSON results out, streamed with bounded
//! memory.
//!
//! The body is read as a stream by [`crate::batch::run`] on a blocking thread (the same code
//! as `monshin validate --batch`: chunks of lines validated on all cores while the next chunk
//! is read); result lines go to the response through a channel of a few 64 KiB blocks, so a
//! slow reader slows the batch instead of filling memory. The request keeps its concurrency
//! permit until the last line is written. When the time limit or the batch byte limit is
//! reached the stream ends with a line `{"line": 0, "error": …}` (`server.timeout`,
//! `document.too-large`): the status was sent with the first line.

use std::io::{self, Write};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::TryStreamExt;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use monshin_core::{Finding, FindingCode, Location};
use tokio::sync::mpsc;
use tokio_util::io::{StreamReader, SyncIoBridge};

use crate::batch::{run, stopped_line, BatchOptions};
use crate::error::ApiError;
use crate::openapi::*;
use crate::routes::answers::form_of;
use crate::routes::extract::{declared_length, Query};
use crate::routes::layers::{Deadline, Permit};
use crate::state::Shared;

/// Bytes of output gathered before they are sent.
const BLOCK: usize = 64 << 10;
/// Blocks waiting for the client.
const BLOCKS_QUEUED: usize = 4;

/// Validate many answer sets.
///
/// Newline-delimited JSON, one answer set per line, all of the form `form`; each in the mode
/// its status needs unless `mode` is given. One result line per set, in input order:
/// `{"line": n, "valid": bool, "findings": [...]}`, or `{"line": n, "error": Finding}` for a
/// line that is not a readable answer set. Blank lines are skipped (line numbers count them).
#[utoipa::path(
    post,
    path = "/v1/validate/batch",
    tag = "answers",
    params(
        ("form" = String, Query, description = "A bundled form's `id`", example = "vaccination-pcv"),
        ("mode" = Option<String>, Query, description = "`draft` or `complete` for every set"),
        ("today" = Option<String>, Query, description = "The date `today()` means, YYYY-MM-DD", example = "2026-04-01"),
    ),
    request_body(content = String, content_type = "application/x-ndjson", description = "Answer sets, one per line"),
    responses(
        (status = 200, description = "One line per answer set", body = BatchLineDoc, content_type = "application/x-ndjson"),
        (status = 400, description = "A bad query parameter", body = ErrorDoc),
        (status = 404, description = "No bundled form has this id", body = ErrorDoc),
        (status = 413, description = "`Content-Length` over `batch-bytes`", body = ErrorDoc),
    )
)]
pub(crate) async fn batch(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    req: Request,
) -> Result<Response, ApiError> {
    let query = Query::parse(raw.as_deref(), &["form", "mode", "today"])?;
    let id = query.required("form", "a bundled form's id")?.to_string();
    form_of(&state, &id)?;
    let options = BatchOptions {
        mode: query.mode()?,
        today: query.today(&state)?,
    };
    let limit = state.limits.batch_bytes;
    if declared_length(&req).is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(limit));
    }
    let permit = req.extensions().get::<Permit>().cloned();
    let deadline = req.extensions().get::<Deadline>().map(|d| d.0);
    let body = Limited::new(
        req.into_body(),
        usize::try_from(limit).unwrap_or(usize::MAX),
    );
    let stream = body
        .into_data_stream()
        .map_err(|e| io::Error::other(ReadFailure::of(&*e)));
    let input = io::BufReader::with_capacity(BLOCK, SyncIoBridge::new(StreamReader::new(stream)));
    let (tx, rx) = mpsc::channel::<Bytes>(BLOCKS_QUEUED);
    let task_state = state.clone();
    tokio::task::spawn_blocking(move || {
        // Held until the last line is written.
        let _permit = permit;
        let Some(entry) = task_state.form(&id) else {
            return;
        };
        let probe = tx.clone();
        let late = move || deadline.is_some_and(|d| Instant::now() >= d);
        let mut go_on = |_sets: u64| !probe.is_closed() && !late();
        let mut out = ChannelWriter {
            buf: Vec::with_capacity(BLOCK),
            tx,
        };
        let last = match run(&entry.compiled, &options, input, &mut out, &mut go_on) {
            Ok(summary) => {
                let m = &task_state.metrics;
                m.sets("batch", "valid", summary.valid);
                m.sets("batch", "invalid", summary.invalid);
                m.sets("batch", "unreadable", summary.errors);
                (summary.stopped && late()).then(|| {
                    let ms = task_state.limits.timeout.as_millis();
                    Finding::error(
                        FindingCode::ServerTimeout,
                        Location::default(),
                        format!("the batch took longer than the limit of {ms} ms; the lines above were checked"),
                    )
                })
            }
            Err(e) => match e.get_ref().and_then(|i| i.downcast_ref::<ReadFailure>()) {
                Some(ReadFailure::TooLarge) => Some(Finding::error(
                    FindingCode::DocumentTooLarge,
                    Location::default(),
                    format!("the batch is larger than the limit of {limit} bytes; the lines above were checked"),
                )),
                Some(ReadFailure::Broken) => Some(Finding::error(
                    FindingCode::ServerBadBody,
                    Location::default(),
                    "the request body could not be read to its end; the lines above were checked",
                )),
                // The client has gone: nobody to tell.
                None => None,
            },
        };
        if let Some(finding) = last {
            let _ = out.write_all(stopped_line(&finding).as_bytes());
            let _ = out.write_all(b"\n");
            let _ = out.flush();
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, io::Error>(b), rx))
    });
    let mut response = Body::from_stream(stream).into_response();
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

/// Why the batch body could not be read on.
#[derive(Debug, thiserror::Error)]
enum ReadFailure {
    /// Over `batch-bytes`.
    #[error("the batch is over its byte limit")]
    TooLarge,
    /// The connection broke or the body was malformed.
    #[error("the batch body could not be read")]
    Broken,
}

impl ReadFailure {
    fn of(e: &(dyn std::error::Error + Send + Sync + 'static)) -> ReadFailure {
        if e.downcast_ref::<LengthLimitError>().is_some() {
            ReadFailure::TooLarge
        } else {
            ReadFailure::Broken
        }
    }
}

/// Result lines gathered into blocks and sent to the response; waits while the client is
/// slow (the channel holds [`BLOCKS_QUEUED`] blocks), fails when it has gone.
struct ChannelWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Bytes>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let block = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(BLOCK)));
        self.tx
            .blocking_send(block)
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= BLOCK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}
