//! [`apply()`]: replay an [`AnswerDiff`] on the set it was made from.

use std::collections::BTreeMap;

use super::error::{BaseExpectation, DiffError, SetRole};
use super::index::keyed_with;
use super::model::{AnswerChange, AnswerDiff};
use crate::answers::{Answer, AnswerSet};
use crate::finding::Location;
use crate::ids::{PageNumber, RepeatSeq};

/// Applies `diff` to `base`, which must be the set the diff was made from: every removed or
/// changed answer must be present with the diff's `before` value, every added key absent, and
/// the status and last page equal to the diff's `from` values. Otherwise
/// [`DiffError::BaseMismatch`] says where.
///
/// The result keeps `base`'s answer order; removed answers are dropped, changed ones updated in
/// place and added ones appended in the diff's order. Also fails on a base of another form
/// ([`DiffError::FormIdMismatch`]) or with a key answered twice ([`DiffError::DuplicateAnswer`]).
pub fn apply(diff: &AnswerDiff, base: &AnswerSet) -> Result<AnswerSet, DiffError> {
    if base.definition != diff.definition {
        return Err(DiffError::FormIdMismatch {
            role: SetRole::Base,
            expected: diff.definition.clone(),
        });
    }
    let mut out = base.clone();
    if let Some(change) = diff.status {
        if base.status != change.from {
            return Err(mismatch(Location::default(), BaseExpectation::Status));
        }
        out.status = change.to;
    }
    if let Some(change) = diff.last_page {
        if base.last_page != change.from {
            return Err(mismatch(Location::default(), BaseExpectation::LastPage));
        }
        out.last_page = change.to;
    }

    // Slot of every key in `answers`; `None` marks a removed answer.
    keyed_with(base, SetRole::Base, |id, seq| located(None, id, seq))?;
    let mut answers: Vec<Option<Answer>> = base.answers.iter().cloned().map(Some).collect();
    let mut slots: BTreeMap<(String, RepeatSeq), usize> = base
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.id.clone(), a.seq), i))
        .collect();

    for (page, change) in diff.changes() {
        let key = (change.id().to_owned(), change.seq());
        let at = || located(page, change.id(), change.seq());
        let current = slots.get(&key).copied();
        match change {
            AnswerChange::Added { id, seq, after } => {
                if current.is_some() {
                    return Err(mismatch(at(), BaseExpectation::Absent));
                }
                slots.insert(key, answers.len());
                answers.push(Some(Answer {
                    id: id.clone(),
                    seq: *seq,
                    value: after.clone(),
                }));
            }
            AnswerChange::Removed { before, .. } | AnswerChange::Changed { before, .. } => {
                let slot = current.ok_or_else(|| mismatch(at(), BaseExpectation::Present))?;
                let entry = answers
                    .get_mut(slot)
                    .ok_or_else(|| mismatch(at(), BaseExpectation::Present))?;
                match entry {
                    Some(answer) if answer.value == *before => {
                        if let AnswerChange::Changed { after, .. } = change {
                            answer.value.clone_from(after);
                        } else {
                            *entry = None;
                            slots.remove(&key);
                        }
                    }
                    Some(_) => return Err(mismatch(at(), BaseExpectation::SameValue)),
                    None => return Err(mismatch(at(), BaseExpectation::Present)),
                }
            }
        }
    }
    out.answers = answers.into_iter().flatten().collect();
    Ok(out)
}

fn located(page: Option<PageNumber>, id: &str, seq: RepeatSeq) -> Location {
    Location {
        page,
        master_id: Some(id.to_owned()),
        seq: Some(seq),
        ..Location::default()
    }
}

fn mismatch(location: Location, expected: BaseExpectation) -> DiffError {
    DiffError::BaseMismatch { location, expected }
}
