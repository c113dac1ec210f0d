//! [`AnswerDiff`]: the serialisable difference between two answer sets of one form.
//!
//! JSON shape (camelCase, like the answer-set format):
//!
//! ```json
//! { "definition": "vaccination-pcv",
//!   "status": { "from": "draft", "to": "answered" },
//!   "lastPage": { "from": 2, "to": 4 },
//!   "pages": [
//!     { "page": 1, "changes": [
//!         { "change": "changed", "id": "PCV_TEMP", "seq": 1, "before": "36.5", "after": "36.8" },
//!         { "change": "added", "id": "PCV_SEX", "seq": 1, "after": "1" } ] },
//!     { "page": null, "changes": [
//!         { "change": "removed", "id": "OLD_ITEM", "seq": 1, "before": "0" } ] } ] }
//! ```
//!
//! `status` and `lastPage` are absent when unchanged (`lastPage.from`/`to` may be `null` for an
//! unanswered set); `pages` lists only pages with changes, in page order, `null` (master IDs
//! the definition does not have) last. Fields may be added later; none is renamed or removed.
//! The values are answers (health data): the JSON carries them, `Debug` never does.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};

/// A changed scalar: `{"from": …, "to": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueChange<T> {
    /// The value in the first set.
    pub from: T,
    /// The value in the second set.
    pub to: T,
}

/// The difference between two answer sets of one form. Build with [`super::diff()`], replay
/// with [`super::apply()`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerDiff {
    /// The `id` of the definition both sets belong to.
    pub definition: String,
    /// The status change (回答状況), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ValueChange<AnswerStatus>>,
    /// The last page change (最終更新ページ番号), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_page: Option<ValueChange<Option<PageNumber>>>,
    /// The answer changes, by page.
    #[serde(default)]
    pub pages: Vec<PageChanges>,
}

impl AnswerDiff {
    /// Whether the two sets are equal (as sets of answers, with the same status and last
    /// page).
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.last_page.is_none()
            && self.pages.iter().all(|p| p.changes.is_empty())
    }

    /// Every answer change with its page, in order.
    pub fn changes(&self) -> impl Iterator<Item = (Option<PageNumber>, &AnswerChange)> {
        self.pages
            .iter()
            .flat_map(|p| p.changes.iter().map(move |c| (p.page, c)))
    }

    /// The pages of the definition on which an answer changed, ascending.
    pub fn changed_pages(&self) -> Vec<PageNumber> {
        let mut pages: Vec<PageNumber> = self
            .pages
            .iter()
            .filter(|p| !p.changes.is_empty())
            .filter_map(|p| p.page)
            .collect();
        pages.sort_unstable();
        pages.dedup();
        pages
    }
}

/// The answer changes of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageChanges {
    /// The page; `None` (`null`) for master IDs the definition does not have.
    pub page: Option<PageNumber>,
    /// The changes, in definition order then seq.
    pub changes: Vec<AnswerChange>,
}

/// Whether an answer was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Unanswered before, answered after.
    Added,
    /// Answered before, unanswered after.
    Removed,
    /// Answered in both, with different values.
    Changed,
}

impl ChangeKind {
    /// The kind as written in JSON: `added`, `removed`, `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One answer change, keyed by (master ID, seq).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "kebab-case", deny_unknown_fields)]
pub enum AnswerChange {
    /// The key is answered only in the second set.
    Added {
        /// Master ID.
        id: String,
        /// Repeat seq.
        seq: RepeatSeq,
        /// The new value.
        after: String,
    },
    /// The key is answered only in the first set.
    Removed {
        /// Master ID.
        id: String,
        /// Repeat seq.
        seq: RepeatSeq,
        /// The value that was removed.
        before: String,
    },
    /// The key is answered in both sets with different values.
    Changed {
        /// Master ID.
        id: String,
        /// Repeat seq.
        seq: RepeatSeq,
        /// The value in the first set.
        before: String,
        /// The value in the second set.
        after: String,
    },
}

impl AnswerChange {
    /// Master ID.
    pub fn id(&self) -> &str {
        match self {
            AnswerChange::Added { id, .. }
            | AnswerChange::Removed { id, .. }
            | AnswerChange::Changed { id, .. } => id,
        }
    }

    /// Repeat seq.
    pub fn seq(&self) -> RepeatSeq {
        match self {
            AnswerChange::Added { seq, .. }
            | AnswerChange::Removed { seq, .. }
            | AnswerChange::Changed { seq, .. } => *seq,
        }
    }

    /// Added, removed or changed.
    pub fn kind(&self) -> ChangeKind {
        match self {
            AnswerChange::Added { .. } => ChangeKind::Added,
            AnswerChange::Removed { .. } => ChangeKind::Removed,
            AnswerChange::Changed { .. } => ChangeKind::Changed,
        }
    }

    /// The value in the first set, if answered there.
    pub fn before(&self) -> Option<&str> {
        match self {
            AnswerChange::Added { .. } => None,
            AnswerChange::Removed { before, .. } | AnswerChange::Changed { before, .. } => {
                Some(before)
            }
        }
    }

    /// The value in the second set, if answered there.
    pub fn after(&self) -> Option<&str> {
        match self {
            AnswerChange::Removed { .. } => None,
            AnswerChange::Added { after, .. } | AnswerChange::Changed { after, .. } => Some(after),
        }
    }
}

impl fmt::Debug for AnswerChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Answers are health data: Debug shows the key and the kind, never a value.
        f.debug_struct("AnswerChange")
            .field("kind", &self.kind())
            .field("id", &self.id())
            .field("seq", &self.seq().0)
            .finish_non_exhaustive()
    }
}
