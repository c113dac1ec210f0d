//! Lookups shared by diff, merge and repetition removal: where an item sits in the form, and
//! an answer set keyed by (master ID, seq).
//!
//! Reads the form through its public [`CompiledForm::item_summary`] (the compiled master ID
//! index), so this module depends on nothing inside `compile` and builds no map of its own.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::error::{DiffError, SetRole};
use crate::answers::AnswerSet;
use crate::compile::CompiledForm;
use crate::finding::Location;
use crate::ids::{PageNumber, RepeatSeq};

/// An answer key: (master ID, seq).
pub(super) type Key<'s> = (&'s str, RepeatSeq);

/// Position and page of every item of a form, by master ID.
pub(super) struct FormIndex<'f> {
    form: &'f CompiledForm,
}

impl<'f> FormIndex<'f> {
    pub(super) fn new(form: &'f CompiledForm) -> Self {
        FormIndex { form }
    }

    /// The page of an item; `None` for a master ID the definition does not have.
    pub(super) fn page(&self, id: &str) -> Option<PageNumber> {
        self.form.item_summary(id).map(|(_, it)| it.page)
    }

    /// Position of an item in definition order; `usize::MAX` for a master ID the definition
    /// does not have.
    pub(super) fn position(&self, id: &str) -> usize {
        self.form.item_summary(id).map_or(usize::MAX, |(p, _)| p)
    }

    /// The master ID of the repeatable group an item belongs to, if any.
    pub(super) fn group_of(&self, id: &str) -> Option<&'f str> {
        self.form.item_summary(id).and_then(|(_, it)| it.group)
    }

    /// Definition order of two keys: known items by position, unknown ones after them by
    /// master ID, then seq.
    pub(super) fn cmp_keys(&self, a: Key<'_>, b: Key<'_>) -> Ordering {
        self.position(a.0)
            .cmp(&self.position(b.0))
            .then_with(|| a.0.cmp(b.0))
            .then_with(|| a.1.cmp(&b.1))
    }

    /// A location for one key, with the page when the item is known.
    pub(super) fn location(&self, id: &str, seq: RepeatSeq) -> Location {
        Location {
            page: self.page(id),
            master_id: Some(id.to_owned()),
            seq: Some(seq),
            ..Location::default()
        }
    }

    /// Refuses a set of another form.
    pub(super) fn check_form(&self, set: &AnswerSet, role: SetRole) -> Result<(), DiffError> {
        if set.definition == self.form.definition_id() {
            Ok(())
        } else {
            Err(DiffError::FormIdMismatch {
                role,
                expected: self.form.definition_id().to_owned(),
            })
        }
    }

    /// The answers of a set by key; a key answered twice is an error.
    pub(super) fn keyed<'s>(
        &self,
        set: &'s AnswerSet,
        role: SetRole,
    ) -> Result<BTreeMap<Key<'s>, &'s str>, DiffError> {
        keyed_with(set, role, |id, seq| self.location(id, seq))
    }
}

/// The answers of a set by key, locating a duplicate with `locate`.
pub(super) fn keyed_with<'s>(
    set: &'s AnswerSet,
    role: SetRole,
    locate: impl Fn(&str, RepeatSeq) -> Location,
) -> Result<BTreeMap<Key<'s>, &'s str>, DiffError> {
    let mut map = BTreeMap::new();
    for answer in &set.answers {
        let key = (answer.id.as_str(), answer.seq);
        if map.insert(key, answer.value.as_str()).is_some() {
            return Err(DiffError::DuplicateAnswer {
                role,
                location: locate(key.0, key.1),
            });
        }
    }
    Ok(map)
}
