//! [`merge()`]: three-way merge of local edits with what PMH holds now.
//!
//! `base` is the set last read from PMH, `ours` the local edits made on it, `theirs` what PMH
//! holds now (another device may have registered meanwhile). Per key, a change made on one
//! side only is taken; the same change on both sides agrees; different changes are a
//! [`Conflict`], for which the merged set keeps *theirs* (see the module rules in
//! [`crate::diff`]).

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::{DiffError, SetRole};
use super::index::{FormIndex, Key};
use crate::answers::{Answer, AnswerSet};
use crate::compile::CompiledForm;
use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};

/// The result of [`merge()`]: the merged set and every conflict, in page and definition order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeOutcome {
    /// The merged answer set (theirs on conflicting keys); not validated.
    pub merged: AnswerSet,
    /// The conflicts, status first, then answers by page, definition order and seq.
    pub conflicts: Vec<Conflict>,
}

/// Both sides changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Conflict {
    /// The status (回答状況) was changed to different values.
    Status(StatusConflict),
    /// One answer key.
    Answer(AnswerConflict),
}

impl Conflict {
    /// Swaps ours and theirs (what the conflict looks like from the other side).
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
                ..a.clone()
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
}

/// A conflict on one answer key, with the three values (`None` = unanswered).
///
/// JSON: `{"conflict": "answer", "kind": "both-changed", "page": 1, "id": "PCV_TEMP",
/// "seq": 1, "base": "36.5", "ours": "36.8", "theirs": "37.0"}`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnswerConflict {
    /// How the sides disagree.
    pub kind: AnswerConflictKind,
    /// Page of the item; `None` for a master ID the definition does not have.
    pub page: Option<PageNumber>,
    /// Master ID.
    pub id: String,
    /// Repeat seq.
    pub seq: RepeatSeq,
    /// The value in the base.
    pub base: Option<String>,
    /// Our value.
    pub ours: Option<String>,
    /// Their value (kept in the merged set).
    pub theirs: Option<String>,
}

impl fmt::Debug for AnswerConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Answers are health data: Debug shows the key, never the values.
        f.debug_struct("AnswerConflict")
            .field("kind", &self.kind)
            .field("page", &self.page.map(|p| p.0))
            .field("id", &self.id)
            .field("seq", &self.seq.0)
            .finish_non_exhaustive()
    }
}

/// Three-way merge of answer sets of `form`: `base` (last read from PMH), `ours` (local edits
/// on it) and `theirs` (what PMH holds now).
///
/// Per key (master ID, seq): unchanged on one side → the other side's value; the same on both
/// → that value; otherwise an [`AnswerConflict`] and theirs is kept. The status merges the same
/// way ([`StatusConflict`]); the last page takes the side that changed it, or the higher page
/// when both did. Merged answers are in definition order, then seq.
///
/// `merge(b, x, b)` is `x` and `merge(b, b, y)` is `y` (up to answer order), with no conflict.
/// Fails when a set belongs to another form or answers a key twice.
pub fn merge(
    form: &CompiledForm,
    base: &AnswerSet,
    ours: &AnswerSet,
    theirs: &AnswerSet,
) -> Result<MergeOutcome, DiffError> {
    let index = FormIndex::new(form);
    index.check_form(base, SetRole::Base)?;
    index.check_form(ours, SetRole::Ours)?;
    index.check_form(theirs, SetRole::Theirs)?;
    let b = index.keyed(base, SetRole::Base)?;
    let o = index.keyed(ours, SetRole::Ours)?;
    let t = index.keyed(theirs, SetRole::Theirs)?;

    let mut keys: Vec<Key<'_>> = b
        .keys()
        .chain(o.keys())
        .chain(t.keys())
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    keys.sort_unstable_by(|x, y| index.cmp_keys(*x, *y));

    let mut answers = Vec::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (vb, vo, vt) = (
            b.get(&key).copied(),
            o.get(&key).copied(),
            t.get(&key).copied(),
        );
        let merged = match three_way(vb, vo, vt) {
            Ok(v) => v,
            Err(()) => {
                conflicts.push(Conflict::Answer(AnswerConflict {
                    kind: conflict_kind(vb, vo, vt),
                    page: index.page(key.0),
                    id: key.0.to_owned(),
                    seq: key.1,
                    base: vb.map(str::to_owned),
                    ours: vo.map(str::to_owned),
                    theirs: vt.map(str::to_owned),
                }));
                vt
            }
        };
        if let Some(value) = merged {
            answers.push(Answer {
                id: key.0.to_owned(),
                seq: key.1,
                value: value.to_owned(),
            });
        }
    }
    // Answer conflicts are in key order already; order them by page like a diff.
    let page_rank = |c: &Conflict| match c {
        Conflict::Status(_) => (0, 0),
        Conflict::Answer(a) => (1, a.page.map_or(u64::MAX, |p| u64::from(p.0))),
    };
    conflicts.sort_by_cached_key(page_rank);

    let status = match three_way(base.status, ours.status, theirs.status) {
        Ok(s) => s,
        Err(()) => {
            conflicts.insert(
                0,
                Conflict::Status(StatusConflict {
                    base: base.status,
                    ours: ours.status,
                    theirs: theirs.status,
                }),
            );
            theirs.status
        }
    };
    // The last page never conflicts: the higher of two different changes (None < Some).
    let last_page = match three_way(base.last_page, ours.last_page, theirs.last_page) {
        Ok(p) => p,
        Err(()) => ours.last_page.max(theirs.last_page),
    };

    Ok(MergeOutcome {
        merged: AnswerSet {
            definition: base.definition.clone(),
            status,
            last_page,
            answers,
        },
        conflicts,
    })
}

/// The merged value of one key, or `Err(())` when the sides conflict.
fn three_way<T: PartialEq + Copy>(base: T, ours: T, theirs: T) -> Result<T, ()> {
    if ours == theirs || theirs == base {
        Ok(ours)
    } else if ours == base {
        Ok(theirs)
    } else {
        Err(())
    }
}

fn conflict_kind(
    base: Option<&str>,
    ours: Option<&str>,
    theirs: Option<&str>,
) -> AnswerConflictKind {
    match (base, ours, theirs) {
        (None, _, _) => AnswerConflictKind::BothAdded,
        (Some(_), None, _) => AnswerConflictKind::RemovedByOurs,
        (Some(_), _, None) => AnswerConflictKind::RemovedByTheirs,
        (Some(_), Some(_), Some(_)) => AnswerConflictKind::BothChanged,
    }
}
