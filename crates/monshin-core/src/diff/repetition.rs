//! [`remove_repetition()`]: delete one repetition of a repeatable group and close the gap.
//!
//! Repetitions are numbered 1..n without gaps (FORMAT.md §1), so removing repetition `k` of a
//! group renumbers `k+1..n` to `k..n-1`. Done as one explicit operation, because a plain edit
//! that drops the answers of `k` would leave a gap, and a diff of the renumbered set shows every
//! later repetition as changed.

use super::error::{DiffError, SetRole};
use super::index::FormIndex;
use crate::answers::AnswerSet;
use crate::compile::CompiledForm;
use crate::definition::model::ItemType;
use crate::finding::Location;
use crate::ids::RepeatSeq;

/// Removes repetition `seq` of the repeatable group `group_id` (the master ID of the group
/// heading) from `set`: the answers of the group's items with that seq are dropped and those
/// with a higher seq move down by one. Other answers, the status and the last page are left
/// as they are (the caller decides which page was last updated). Answer order is kept.
///
/// Fails with [`DiffError::NotAGroup`] when `group_id` is not a group of `form`,
/// [`DiffError::RepetitionNotFound`] when no answer of the group carries `seq`, and on a set of
/// another form or with a key answered twice.
pub fn remove_repetition(
    set: &AnswerSet,
    form: &CompiledForm,
    group_id: &str,
    seq: RepeatSeq,
) -> Result<AnswerSet, DiffError> {
    let index = FormIndex::new(form);
    index.check_form(set, SetRole::Input)?;
    index.keyed(set, SetRole::Input)?;
    let heading = form
        .item_summary(group_id)
        .map(|(_, it)| it)
        .filter(|it| it.item_type == ItemType::Group)
        .ok_or_else(|| DiffError::NotAGroup {
            group: group_id.to_owned(),
        })?;
    let members: Vec<bool> = set
        .answers
        .iter()
        .map(|a| {
            form.item_summary(&a.id)
                .is_some_and(|(_, it)| it.group == Some(heading.id))
        })
        .collect();

    let found = set
        .answers
        .iter()
        .zip(&members)
        .any(|(a, &member)| member && a.seq == seq);
    if !found {
        return Err(DiffError::RepetitionNotFound {
            location: Location {
                page: Some(heading.page),
                master_id: Some(group_id.to_owned()),
                seq: Some(seq),
                ..Location::default()
            },
        });
    }

    let mut out = set.clone();
    out.answers = set
        .answers
        .iter()
        .zip(members)
        .filter(|(a, member)| !(*member && a.seq == seq))
        .map(|(a, member)| {
            let mut a = a.clone();
            if member && a.seq > seq {
                // `a.seq > seq >= 0`, so this never underflows.
                a.seq = RepeatSeq(a.seq.0.saturating_sub(1));
            }
            a
        })
        .collect();
    Ok(out)
}
