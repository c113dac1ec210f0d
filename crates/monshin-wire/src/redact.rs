//! Keeping personal and health data out of `Debug` output (and so out of logs and panics).
//!
//! PMH documents carry the citizen's 基本５情報 and health records (PHR data under the
//! MIC/METI/MHLW PHR guideline). Every field holding such a value is a [`Redacted<T>`] (or an
//! [`crate::AnswerValue`], which redacts itself), so the derived `Debug` of whole documents can be
//! printed safely. Serialisation is unaffected: the wrapper is transparent on the wire.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A value that is serialised as itself but prints as `<redacted>` in `Debug`.
///
/// Use [`Redacted::expose`] to read it; the name is meant to stand out in review.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Redacted(value)
    }

    /// The wrapped value.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Redacted<T> {
    fn from(value: T) -> Self {
        Redacted(value)
    }
}

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}
