//! [`diff()`]: compute the [`AnswerDiff`] between two answer sets of one form.

use super::error::{DiffError, SetRole};
use super::index::{FormIndex, Key};
use super::model::{AnswerChange, AnswerDiff, PageChanges, ValueChange};
use crate::answers::AnswerSet;
use crate::compile::CompiledForm;
use crate::ids::PageNumber;

/// The difference from `a` to `b`, both answer sets of `form`: added, removed and changed
/// answers keyed by (master ID, seq) and grouped by page, plus the status and last page
/// changes. `apply(&diff(form, a, b)?, a)` gives `b` (up to the order of its answers).
///
/// Fails when a set belongs to another form ([`DiffError::FormIdMismatch`]) or answers a key
/// twice ([`DiffError::DuplicateAnswer`]).
pub fn diff(form: &CompiledForm, a: &AnswerSet, b: &AnswerSet) -> Result<AnswerDiff, DiffError> {
    let index = FormIndex::new(form);
    index.check_form(a, SetRole::Before)?;
    index.check_form(b, SetRole::After)?;
    let before = index.keyed(a, SetRole::Before)?;
    let after = index.keyed(b, SetRole::After)?;

    let mut changes: Vec<(Key<'_>, AnswerChange)> = Vec::new();
    for (&key, &old) in &before {
        match after.get(&key) {
            None => changes.push((
                key,
                AnswerChange::Removed {
                    id: key.0.to_owned(),
                    seq: key.1,
                    before: old.to_owned(),
                },
            )),
            Some(&new) if new != old => changes.push((
                key,
                AnswerChange::Changed {
                    id: key.0.to_owned(),
                    seq: key.1,
                    before: old.to_owned(),
                    after: new.to_owned(),
                },
            )),
            Some(_) => {}
        }
    }
    for (&key, &new) in &after {
        if !before.contains_key(&key) {
            changes.push((
                key,
                AnswerChange::Added {
                    id: key.0.to_owned(),
                    seq: key.1,
                    after: new.to_owned(),
                },
            ));
        }
    }

    Ok(AnswerDiff {
        definition: a.definition.clone(),
        status: (a.status != b.status).then_some(ValueChange {
            from: a.status,
            to: b.status,
        }),
        last_page: (a.last_page != b.last_page).then_some(ValueChange {
            from: a.last_page,
            to: b.last_page,
        }),
        pages: group_by_page(&index, changes),
    })
}

/// Sorts changes by page (unknown items last), then definition order and seq, and groups them.
fn group_by_page(
    index: &FormIndex<'_>,
    mut changes: Vec<(Key<'_>, AnswerChange)>,
) -> Vec<PageChanges> {
    // `None` (unknown master ID) sorts after every page.
    let page_rank = |p: Option<PageNumber>| p.map_or(u64::MAX, |p| u64::from(p.0));
    // Keys are unique, so an unstable sort gives the one order.
    changes.sort_unstable_by(|(ka, _), (kb, _)| {
        page_rank(index.page(ka.0))
            .cmp(&page_rank(index.page(kb.0)))
            .then_with(|| index.cmp_keys(*ka, *kb))
    });
    let mut pages: Vec<PageChanges> = Vec::new();
    for (key, change) in changes {
        let page = index.page(key.0);
        match pages.last_mut() {
            Some(last) if last.page == page => last.changes.push(change),
            _ => pages.push(PageChanges {
                page,
                changes: vec![change],
            }),
        }
    }
    pages
}
