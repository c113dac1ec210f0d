//! The citizens as served: an in-memory copy of the database's citizen rows, so that reads
//! never wait for a register's transaction.
//!
//! A read takes the current document of its citizen (an `Arc`, under a read lock held for a
//! map look-up) and encodes it with no lock held. A register builds the citizen's new document
//! aside, commits it (`store`) and only then swaps it in, so a read sees the document before or
//! after a register, never half of one, and never one that is not durable yet.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use crate::state::Citizen;

/// The citizens by ID, in seed order.
pub(crate) struct Citizens {
    order: Vec<String>,
    by_id: RwLock<HashMap<String, Arc<Citizen>>>,
}

impl Citizens {
    pub(crate) fn new(list: Vec<Citizen>) -> Citizens {
        let order = list.iter().map(|c| c.id.clone()).collect();
        let by_id = list
            .into_iter()
            .map(|c| (c.id.clone(), Arc::new(c)))
            .collect();
        Citizens {
            order,
            by_id: RwLock::new(by_id),
        }
    }

    /// A citizen's current documents.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<Citizen>> {
        self.by_id
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .cloned()
    }

    /// Every citizen, in seed order.
    pub(crate) fn all(&self) -> Vec<Arc<Citizen>> {
        let map = self.by_id.read().unwrap_or_else(PoisonError::into_inner);
        self.order
            .iter()
            .filter_map(|id| map.get(id).cloned())
            .collect()
    }

    /// Replaces a citizen's documents (after its register committed).
    pub(crate) fn replace(&self, citizen: Citizen) {
        let mut map = self.by_id.write().unwrap_or_else(PoisonError::into_inner);
        map.insert(citizen.id.clone(), Arc::new(citizen));
    }
}
