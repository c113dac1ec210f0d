//! The register pipeline: one writer thread applies registers in arrival order, in batches
//! (group commit).
//!
//! A register handler checks the PMH rules ahead ([`check_ahead`], on a blocking thread,
//! against a snapshot of the citizen), queues a [`Job`] and waits for its answer. The writer
//! reuses that check when the citizen is still exactly the snapshot. The writer takes the first
//! job and every job queued behind it (at most [`MAX_BATCH`]), and for each, in order: the
//! citizen's consent, the idempotency key (a repeat replays the first receipt, also when the
//! first is in the same batch), the PMH rules (`register`), the writes (`store`). One commit
//! (one fsync) ends the batch; only then are the new citizen documents served (`citizens`) and
//! the jobs answered. Later jobs of a batch see the documents of earlier ones, so a batch is
//! the same as its registers one after the other. If the commit fails, every register of the
//! batch that wrote something is answered 500 and nothing of the batch was applied.
//!
//! A register whose handler went away (the client closed the connection) is still applied
//! once queued; its resend with the same key replays.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use axum::body::Bytes;
use monshin_expr::Date;
use monshin_pmh::{Operation, RegisterReceipt, ServerCode};
use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use crate::citizens::Citizens;
use crate::clock;
use crate::error::{ApiError, SandboxError};
use crate::register;
use crate::server::Shared;
use crate::state::{Citizen, KeyRecord};

/// Registers per transaction at most.
pub(crate) const MAX_BATCH: usize = 64;

/// Registers waiting at most; a handler waits for room beyond it.
pub(crate) const QUEUE: usize = 1024;

/// A queued register.
pub(crate) struct Job {
    pub(crate) citizen: String,
    pub(crate) op: Operation,
    pub(crate) body: Bytes,
    pub(crate) key: String,
    pub(crate) today: Date,
    /// The rules already checked by the handler against this snapshot of the citizen; used
    /// when the citizen is still exactly that when the job's turn comes (else checked again).
    pub(crate) checked: Option<Checked>,
    pub(crate) reply: oneshot::Sender<Result<RegisterReceipt, ApiError>>,
}

/// A register checked ahead of its turn, on the handler's thread.
pub(crate) struct Checked {
    pub(crate) snapshot: Arc<Citizen>,
    pub(crate) outcome: Result<register::Registered, ApiError>,
}

/// Checks the PMH rules for a register against the citizen's current documents (off the
/// writer thread, so registers of different citizens are checked in parallel).
pub(crate) fn check_ahead(
    citizens: &Citizens,
    forms: &crate::state::Forms,
    citizen: &str,
    op: Operation,
    body: &[u8],
    today: Date,
) -> Option<Checked> {
    let snapshot = citizens.get(citizen)?;
    if !snapshot.consents_to(op.category()) {
        return None;
    }
    let outcome = register::apply(&snapshot, op, body, forms, today);
    Some(Checked { snapshot, outcome })
}

/// Starts the writer thread; it ends when every sender is gone.
pub(crate) fn spawn(shared: Weak<Shared>, jobs: mpsc::Receiver<Job>) -> Result<(), SandboxError> {
    std::thread::Builder::new()
        .name("sandbox-writer".to_owned())
        .spawn(move || run(&shared, jobs))
        .map(|_| ())
        .map_err(SandboxError::io("start the register writer"))
}

fn run(shared: &Weak<Shared>, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match shared.upgrade() {
            Some(s) => apply_batch(&s, batch),
            None => answer_all(batch, ApiError::internal),
        }
    }
}

fn answer_all(batch: Vec<Job>, error: impl Fn() -> ApiError) {
    for job in batch {
        let _ = job.reply.send(Err(error()));
    }
}

/// What one register of a batch came to, before the commit.
enum Outcome {
    /// Applied in this batch (valid once the batch commits).
    Applied(RegisterReceipt),
    /// The receipt of a key used before; `pending` when that was in this uncommitted batch.
    Replayed {
        receipt: RegisterReceipt,
        pending: bool,
    },
    /// Refused by a rule: nothing applied, whatever the commit does.
    Refused(ApiError),
}

/// What the batch changed so far, seen by its later registers.
#[derive(Default)]
struct BatchState {
    citizens: HashMap<String, Citizen>,
    keys: HashMap<(String, String), KeyRecord>,
}

fn apply_batch(s: &Arc<Shared>, batch: Vec<Job>) {
    let mut guard = s.store.lock();
    let Some(conn) = guard.as_mut() else {
        return answer_all(batch, ApiError::internal);
    };
    let now = clock::now_ms();
    let tx = match crate::store::begin(conn) {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(code = e.code(), "cannot begin a register transaction");
            return answer_all(batch, ApiError::internal);
        }
    };
    let mut state = BatchState::default();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut written = true;
    for job in &batch {
        match one(s, &tx, job, now, &mut state) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => {
                tracing::error!(
                    op = job.op.name(),
                    code = e.code(),
                    "a register write failed"
                );
                written = false;
                break;
            }
        }
    }
    let committed = if written {
        crate::store::forget_expired(&tx, now)
            .and_then(|()| crate::store::commit(tx))
            .inspect_err(|e| {
                tracing::error!(code = e.code(), "the registers could not be committed");
            })
            .is_ok()
    } else {
        // Dropping the transaction rolls it back.
        drop(tx);
        false
    };
    if committed {
        for citizen in state.citizens.into_values() {
            s.citizens.replace(citizen);
        }
    }
    drop(guard);
    let mut outcomes = outcomes.into_iter();
    for job in batch {
        let answer = match outcomes.next() {
            Some(Outcome::Refused(e)) => {
                s.stats.refused();
                Err(e)
            }
            Some(Outcome::Applied(receipt)) if committed => {
                s.stats.applied();
                Ok(receipt)
            }
            Some(Outcome::Replayed { receipt, pending }) if committed || !pending => {
                s.stats.replayed();
                Ok(receipt)
            }
            // Not committed: nothing of this batch was applied.
            _ => Err(ApiError::internal()),
        };
        let _ = job.reply.send(answer);
    }
}

/// One register inside the batch's transaction: `Err` only when the database failed.
fn one(
    s: &Shared,
    conn: &Connection,
    job: &Job,
    now: i64,
    state: &mut BatchState,
) -> Result<Outcome, SandboxError> {
    let Some(current) = current(&s.citizens, state, &job.citizen) else {
        return Ok(Outcome::Refused(ApiError::new(
            ServerCode::Unauthorized,
            "unknown token",
        )));
    };
    if !current.consents_to(job.op.category()) {
        return Ok(Outcome::Refused(crate::server::consent_required()));
    }
    let fingerprint = register::fingerprint(&job.body);
    let batch_key = (job.citizen.clone(), job.key.clone());
    let earlier = match state.keys.get(&batch_key) {
        Some(rec) => Some((rec.clone(), true)),
        None => crate::store::find_key(conn, &job.citizen, &job.key, now)?.map(|r| (r, false)),
    };
    if let Some((rec, pending)) = earlier {
        if rec.operation == job.op.name() && rec.fingerprint == fingerprint {
            return Ok(Outcome::Replayed {
                receipt: RegisterReceipt {
                    replayed: true,
                    ..rec.receipt
                },
                pending,
            });
        }
        return Ok(Outcome::Refused(ApiError::new(
            ServerCode::IdempotencyKeyReused,
            "the idempotency key was used before with another request",
        )));
    }
    let ahead = job.checked.as_ref().filter(|c| {
        !state.citizens.contains_key(&job.citizen) && Arc::ptr_eq(&c.snapshot, &current)
    });
    let checked = match ahead {
        Some(c) => match &c.outcome {
            Ok(r) => Ok(r.clone()),
            Err(e) => Err(e.clone()),
        },
        None => register::apply(&current, job.op, &job.body, &s.forms, job.today),
    };
    let registered = match checked {
        Ok(r) => r,
        Err(e) => return Ok(Outcome::Refused(e)),
    };
    let rec = KeyRecord {
        key: job.key.clone(),
        citizen: job.citizen.clone(),
        operation: job.op.name().to_owned(),
        form_id: registered.form_id,
        fingerprint,
        receipt: registered.receipt,
    };
    crate::store::write_register(conn, &registered.citizen, &rec, now)?;
    state.keys.insert(batch_key, rec);
    state
        .citizens
        .insert(job.citizen.clone(), registered.citizen);
    Ok(Outcome::Applied(registered.receipt))
}

/// The citizen's documents as this batch left them so far.
fn current(citizens: &Citizens, state: &BatchState, id: &str) -> Option<Arc<Citizen>> {
    match state.citizens.get(id) {
        Some(c) => Some(Arc::new(c.clone())),
        None => citizens.get(id),
    }
}
