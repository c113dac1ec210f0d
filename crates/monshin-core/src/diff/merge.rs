//! [`merge()`]: three-way merge of local edits with what PMH holds now.
//!
//! `base` is the set last read from PMH, `ours` the local edits made on it, `theirs` what PMH
//! holds now (another device may have registered meanwhile). Answers outside repeatable groups
//! merge per key (master ID, seq); rows of a repeatable group merge per row, matched by
//! identity rather than seq ([`super::rows`], merged in [`super::merge_rows`]). A change made
//! on one side only is taken; the same change on both sides agrees; different changes are a
//! [`Conflict`], for which the merged set keeps *theirs* (see the module rules in
//! [`crate::diff`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::conflict::{AnswerConflict, AnswerConflictKind, Conflict, StatusConflict};
use super::error::{DiffError, SetRole};
use super::index::{FormIndex, Key};
use super::merge_rows::{merge_group, GroupOutput};
use super::rows::GroupRows;
use crate::answers::{Answer, AnswerSet};
use crate::compile::CompiledForm;

/// The result of [`merge()`]: the merged set and every conflict, in page and definition order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeOutcome {
    /// The merged answer set (theirs on conflicting keys); not validated.
    pub merged: AnswerSet,
    /// The conflicts, status first, then answers and rows by page, definition order and seq.
    pub conflicts: Vec<Conflict>,
}

/// Three-way merge of answer sets of `form`: `base` (last read from PMH), `ours` (local edits
/// on it) and `theirs` (what PMH holds now).
///
/// Outside repeatable groups, per key (master ID, seq): unchanged on one side → the other
/// side's value; the same on both → that value; otherwise an [`AnswerConflict`] and theirs is
/// kept. Rows of a repeatable group are matched to the base's by identity (equal rows,
/// recognisably edited rows; see [`crate::diff`]), never by seq alone: a row deleted, inserted
/// or moved on one side and edited on the other merges onto the right row or is a conflict
/// ([`super::RowsConflict`], or an [`AnswerConflict`] carrying the row's seqs). When both
/// sides changed a group, its merged rows are renumbered 1..n. The status merges like an
/// answer ([`StatusConflict`]); the last page takes the side that changed it, or the higher
/// page when both did. Merged answers are in definition order, then seq.
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
    let (b, b_groups) = split(&index, index.keyed(base, SetRole::Base)?);
    let (o, o_groups) = split(&index, index.keyed(ours, SetRole::Ours)?);
    let (t, t_groups) = split(&index, index.keyed(theirs, SetRole::Theirs)?);

    let keys: BTreeSet<Key<'_>> = b.keys().chain(o.keys()).chain(t.keys()).copied().collect();
    let mut answers = Vec::new();
    let mut conflicts: Vec<(SortKey, Conflict)> = Vec::new();
    for key in keys {
        let (vb, vo, vt) = (
            b.get(&key).copied(),
            o.get(&key).copied(),
            t.get(&key).copied(),
        );
        let merged = match three_way(vb, vo, vt) {
            Ok(v) => v,
            Err(()) => {
                let page = index.page(key.0);
                conflicts.push((
                    SortKey::new(page, index.position(key.0), key.1 .0),
                    Conflict::Answer(AnswerConflict {
                        kind: AnswerConflictKind::of(vb, vo, vt),
                        page,
                        id: key.0.to_owned(),
                        seq: key.1,
                        base: vb.map(str::to_owned),
                        ours: vo.map(str::to_owned),
                        theirs: vt.map(str::to_owned),
                        row: None,
                    }),
                ));
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

    let groups: BTreeSet<&str> = b_groups
        .keys()
        .chain(o_groups.keys())
        .chain(t_groups.keys())
        .copied()
        .collect();
    let empty = GroupRows::default();
    for group in groups {
        let GroupOutput {
            answers: group_answers,
            conflicts: group_conflicts,
        } = merge_group(
            &index,
            group,
            [
                b_groups.get(group).unwrap_or(&empty),
                o_groups.get(group).unwrap_or(&empty),
                t_groups.get(group).unwrap_or(&empty),
            ],
        );
        answers.extend(group_answers);
        let page = index.page(group);
        conflicts.extend(
            group_conflicts
                .into_iter()
                .map(|(seq, c)| (SortKey::new(page, index.position(group), seq), c)),
        );
    }
    answers.sort_by(|x, y| index.cmp_keys((&x.id, x.seq), (&y.id, y.seq)));
    // Stable: conflicts of one key, or of one group at one seq, keep the order they came in.
    conflicts.sort_by_key(|(k, _)| *k);
    let mut conflicts: Vec<Conflict> = conflicts.into_iter().map(|(_, c)| c).collect();

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

/// Where a conflict sorts: page (unknown items last), definition position, seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct SortKey(u64, usize, u32);

impl SortKey {
    fn new(page: Option<crate::ids::PageNumber>, position: usize, seq: u32) -> Self {
        SortKey(page.map_or(u64::MAX, |p| u64::from(p.0)), position, seq)
    }
}

/// Splits keyed answers into those outside any repeatable group (merged per key) and the rows
/// of each group, by group master ID.
fn split<'f, 's>(
    index: &FormIndex<'f>,
    keyed: BTreeMap<Key<'s>, &'s str>,
) -> (BTreeMap<Key<'s>, &'s str>, BTreeMap<&'f str, GroupRows<'s>>) {
    let mut plain = BTreeMap::new();
    let mut cells: BTreeMap<&'f str, Vec<_>> = BTreeMap::new();
    for (key, value) in keyed {
        match index.group_of(key.0) {
            Some(group) => cells.entry(group).or_default().push((key.1, key.0, value)),
            None => {
                plain.insert(key, value);
            }
        }
    }
    let groups = cells
        .into_iter()
        .map(|(g, c)| (g, GroupRows::collect(c)))
        .collect();
    (plain, groups)
}

/// The merged value of one key, or `Err(())` when the sides conflict.
pub(super) fn three_way<T: PartialEq + Copy>(base: T, ours: T, theirs: T) -> Result<T, ()> {
    if ours == theirs || theirs == base {
        Ok(ours)
    } else if ours == base {
        Ok(theirs)
    } else {
        Err(())
    }
}
