//! [`Conflict`]: what [`super::merge()`] reports when both sides changed the same thing
//! differently — the status, one answer, or rows of a repeatable group.
//!
//! Every conflict records base, ours and theirs, and the merged set holds *theirs*. Answer
//! values are health data: `Debug` shows keys, seqs and counts, never a value (the answers
//! inside a [`RowsConflict`] are [`Answer`]s, whose `Debug` redacts the value).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};

/// Both sides changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Conflict {
    /// The status (回答状況) was changed to different values.
    Status(StatusConflict),
    /// One answer key.
    Answer(AnswerConflict),
    /// Rows of a repeatable group whose identity or fate the sides disagree on.
    Rows(RowsConflict),
}

impl Conflict {
    /// Swaps ours and theirs (what the conflict looks like from the other side). The merged
    /// seqs stay: they are positions in one particular merged set.
    pub fn swapped(&self) -> Conflict {
        match self {
            Conflict::Status(s) => Conflict::Status(StatusConflict {
                base: s.base,
                ours: s.theirs,
                theirs: s.ours,
            }),
            Conflict::Answer(a) => Conflict::Answer(AnswerConflict {
                kind: a.kind.swapped(),
                ours: a.theirs.clone(),
                theirs: a.ours.clone(),
                row: a.row.map(|r| RowSeqs {
                    base: r.base,
                    ours: r.theirs,
                    theirs: r.ours,
                }),
                ..a.clone()
            }),
            Conflict::Rows(r) => Conflict::Rows(RowsConflict {
                kind: r.kind.swapped(),
                ours: r.theirs.clone(),
                theirs: r.ours.clone(),
                ..r.clone()
            }),
        }
    }
}

/// Ours and theirs set different statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatusConflict {
    /// The status in the base.
    pub base: AnswerStatus,
    /// Our status.
    pub ours: AnswerStatus,
    /// Their status (kept in the merged set).
    pub theirs: AnswerStatus,
}

/// How the two sides disagree on one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerConflictKind {
    /// Both changed an answer of the base to different values.
    BothChanged,
    /// Both added the key with different values.
    BothAdded,
    /// We removed the answer; they changed it.
    RemovedByOurs,
    /// They removed the answer; we changed it.
    RemovedByTheirs,
}

impl AnswerConflictKind {
    /// The kind as written in JSON, e.g. `both-changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerConflictKind::BothChanged => "both-changed",
            AnswerConflictKind::BothAdded => "both-added",
            AnswerConflictKind::RemovedByOurs => "removed-by-ours",
            AnswerConflictKind::RemovedByTheirs => "removed-by-theirs",
        }
    }

    fn swapped(self) -> Self {
        match self {
            AnswerConflictKind::RemovedByOurs => AnswerConflictKind::RemovedByTheirs,
            AnswerConflictKind::RemovedByTheirs => AnswerConflictKind::RemovedByOurs,
            other => other,
        }
    }

    /// The kind of a disagreement between three values (`None` = unanswered).
    pub(super) fn of(base: Option<&str>, ours: Option<&str>, theirs: Option<&str>) -> Self {
        match (base, ours, theirs) {
            (None, _, _) => AnswerConflictKind::BothAdded,
            (Some(_), None, _) => AnswerConflictKind::RemovedByOurs,
            (Some(_), _, None) => AnswerConflictKind::RemovedByTheirs,
            (Some(_), Some(_), Some(_)) => AnswerConflictKind::BothChanged,
        }
    }
}

/// Where one row of a repeatable group sits in each of the three sets: rows are matched by
/// identity, not by seq, so the three may differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RowSeqs {
    /// The row's seq in the base.
    pub base: RepeatSeq,
    /// The row's seq in ours.
    pub ours: RepeatSeq,
    /// The row's seq in theirs.
    pub theirs: RepeatSeq,
}

/// A conflict on one answer key, with the three values (`None` = unanswered).
///
/// JSON: `{"conflict": "answer", "kind": "both-changed", "page": 1, "id": "PCV_TEMP",
/// "seq": 1, "base": "36.5", "ours": "36.8", "theirs": "37.0"}`; for a member of a repeatable
/// group also `"row": {"base": 2, "ours": 1, "theirs": 2}`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnswerConflict {
    /// How the sides disagree.
    pub kind: AnswerConflictKind,
    /// Page of the item; `None` for a master ID the definition does not have.
    pub page: Option<PageNumber>,
    /// Master ID.
    pub id: String,
    /// Repeat seq in the merged set.
    pub seq: RepeatSeq,
    /// The value in the base.
    pub base: Option<String>,
    /// Our value.
    pub ours: Option<String>,
    /// Their value (kept in the merged set).
    pub theirs: Option<String>,
    /// For a member of a repeatable group: the row's seq in base, ours and theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<RowSeqs>,
}

impl fmt::Debug for AnswerConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Answers are health data: Debug shows the key, never the values.
        f.debug_struct("AnswerConflict")
            .field("kind", &self.kind)
            .field("page", &self.page.map(|p| p.0))
            .field("id", &self.id)
            .field("seq", &self.seq.0)
            .field("row", &self.row)
            .finish_non_exhaustive()
    }
}

/// How the two sides disagree on rows of a repeatable group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowsConflictKind {
    /// We deleted the row; they edited it.
    RemovedByOurs,
    /// They deleted the row; we edited it.
    RemovedByTheirs,
    /// Both inserted different rows at the same place.
    BothInserted,
    /// Both changed the same rows and which row is which cannot be told apart (rows replaced
    /// by a different number of rows, moved, or changed beyond recognition).
    BothRearranged,
}

impl RowsConflictKind {
    /// The kind as written in JSON, e.g. `both-inserted`.
    pub fn as_str(self) -> &'static str {
        match self {
            RowsConflictKind::RemovedByOurs => "removed-by-ours",
            RowsConflictKind::RemovedByTheirs => "removed-by-theirs",
            RowsConflictKind::BothInserted => "both-inserted",
            RowsConflictKind::BothRearranged => "both-rearranged",
        }
    }

    fn swapped(self) -> Self {
        match self {
            RowsConflictKind::RemovedByOurs => RowsConflictKind::RemovedByTheirs,
            RowsConflictKind::RemovedByTheirs => RowsConflictKind::RemovedByOurs,
            other => other,
        }
    }
}

/// A conflict on a run of rows of one repeatable group. The merged set holds their rows at
/// `merged`; ours (and the base) are here in full, each answer with its seq in its own set.
///
/// JSON: `{"conflict": "rows", "kind": "removed-by-ours", "page": 2, "group": "HH",
/// "merged": [1], "base": [{"id": "HH_AGE", "seq": 1, "value": "38"}], "ours": [],
/// "theirs": [{"id": "HH_AGE", "seq": 1, "value": "39"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RowsConflict {
    /// How the sides disagree.
    pub kind: RowsConflictKind,
    /// Page of the group.
    pub page: Option<PageNumber>,
    /// Master ID of the group heading.
    pub group: String,
    /// The seqs of the merged set that hold theirs' rows (empty when theirs has none).
    pub merged: Vec<RepeatSeq>,
    /// The answers of the rows concerned in the base (base seqs).
    pub base: Vec<Answer>,
    /// Our answers for them (our seqs).
    pub ours: Vec<Answer>,
    /// Their answers for them (their seqs), kept in the merged set.
    pub theirs: Vec<Answer>,
}
