//! Counters of the sandbox: requests per operation, registers applied, replayed and refused,
//! faults injected, connections dropped. Tests read them to prove retries and the absence of
//! duplicate registers.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use monshin_pmh::Operation;
use serde::Serialize;

/// A snapshot of the counters since the sandbox started.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SandboxStats {
    /// API requests received (the ten operations), faults included.
    pub requests: u64,
    /// API requests per operation name (`list_vaccinations` …).
    pub by_operation: BTreeMap<String, u64>,
    /// Registers applied (each changed the stored answers once).
    pub registers_applied: u64,
    /// Registers answered from an earlier receipt (same idempotency key).
    pub registers_replayed: u64,
    /// Registers refused by a PMH rule or validation.
    pub registers_refused: u64,
    /// Requests that drew a fault.
    pub faults_injected: u64,
    /// Connections closed without an answer.
    pub connections_dropped: u64,
    /// Tokens issued.
    pub tokens_issued: u64,
}

#[derive(Default)]
pub(crate) struct Stats {
    requests: AtomicU64,
    by_op: [AtomicU64; 10],
    applied: AtomicU64,
    replayed: AtomicU64,
    refused: AtomicU64,
    faults: AtomicU64,
    dropped: AtomicU64,
    tokens: AtomicU64,
}

fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

impl Stats {
    pub(crate) fn request(&self, op: Operation) {
        bump(&self.requests);
        if let Some(c) = self.by_op.get(usize::from(op.number()).saturating_sub(1)) {
            bump(c);
        }
    }
    pub(crate) fn applied(&self) {
        bump(&self.applied);
    }
    pub(crate) fn replayed(&self) {
        bump(&self.replayed);
    }
    pub(crate) fn refused(&self) {
        bump(&self.refused);
    }
    pub(crate) fn fault(&self) {
        bump(&self.faults);
    }
    pub(crate) fn dropped(&self) {
        bump(&self.dropped);
    }
    pub(crate) fn token_issued(&self) {
        bump(&self.tokens);
    }

    pub(crate) fn snapshot(&self) -> SandboxStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        SandboxStats {
            requests: get(&self.requests),
            by_operation: Operation::ALL
                .iter()
                .zip(&self.by_op)
                .map(|(op, c)| (op.name().to_owned(), get(c)))
                .collect(),
            registers_applied: get(&self.applied),
            registers_replayed: get(&self.replayed),
            registers_refused: get(&self.refused),
            faults_injected: get(&self.faults),
            connections_dropped: get(&self.dropped),
            tokens_issued: get(&self.tokens),
        }
    }
}
