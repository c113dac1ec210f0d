//! Three-way merge of the rows of one repeatable group, by row identity.
//!
//! Each side is aligned with the base ([`super::rows::align`]); the changes of both sides are
//! laid over the base rows. Changes of the two sides that touch the same base rows (or an
//! insertion inside the other side's replacement) form one *cluster*:
//!
//! - a cluster changed by one side only takes that side's rows;
//! - one row edited by both (recognisably the same row on each side) merges answer by answer (an [`AnswerConflict`] per disagreeing
//!   item, with the row's seq in each set);
//! - one row deleted by one side and edited by the other is a [`RowsConflict`]
//!   (`removed-by-ours` / `removed-by-theirs`);
//! - anything else both sides changed is taken when both made the same rows of it, and is a
//!   `both-rearranged` [`RowsConflict`] otherwise;
//! - rows inserted at one place by both sides are taken once when equal, and are a
//!   `both-inserted` [`RowsConflict`] otherwise.
//!
//! A row one side moved (and perhaps edited) whose base row the other side changed too is
//! merged at the base row's place, as that side's version of the row. Conflicts keep theirs.
//! The merged rows are numbered 1..n in base order.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::conflict::{
    AnswerConflict, AnswerConflictKind, Conflict, RowSeqs, RowsConflict, RowsConflictKind,
};
use super::index::FormIndex;
use super::merge::three_way;
use super::rows::{align, Alignment, GroupRows, Row};
use crate::answers::Answer;
use crate::ids::{PageNumber, RepeatSeq};

/// The merged answers of one group and its conflicts, each with the merged seq it sorts at.
pub(super) struct GroupOutput {
    pub(super) answers: Vec<Answer>,
    pub(super) conflicts: Vec<(u32, Conflict)>,
}

/// Merges the rows of `group` in `[base, ours, theirs]`.
pub(super) fn merge_group(
    index: &FormIndex<'_>,
    group: &str,
    [base, ours, theirs]: [&GroupRows<'_>; 3],
) -> GroupOutput {
    // One side unchanged (same rows at the same seqs): the other side as it is.
    if theirs == base || ours == theirs {
        return GroupOutput {
            answers: answers_of(ours, 0..ours.len()),
            conflicts: Vec::new(),
        };
    }
    if ours == base {
        return GroupOutput {
            answers: answers_of(theirs, 0..theirs.len()),
            conflicts: Vec::new(),
        };
    }
    let oa = align(&base.rows, &ours.rows);
    let ta = align(&base.rows, &theirs.rows);
    let mut m = Merger {
        group,
        page: index.page(group),
        base,
        ours,
        theirs,
        ours_moved: moved_and_changed(&oa, &ta, ours, theirs),
        theirs_moved: moved_and_changed(&ta, &oa, theirs, ours),
        rows: Vec::new(),
        conflicts: Vec::new(),
    };
    let clusters = clusters(&oa, &ta);
    let mut next = clusters.iter().peekable();
    let n = base.len();
    let mut p = 0;
    loop {
        m.inserted(range_at(&oa, p), range_at(&ta, p));
        if p >= n {
            break;
        }
        match next.next_if(|c| c.base.start == p) {
            Some(c) => {
                m.cluster(c, &oa, &ta);
                p = c.base.end;
            }
            None => {
                // Unchanged on both sides.
                if let Some(row) = base.rows.get(p) {
                    m.rows.push(row.clone());
                }
                p += 1;
            }
        }
    }
    GroupOutput {
        answers: m
            .rows
            .iter()
            .zip(1u32..)
            .flat_map(|(row, seq)| {
                row.iter().map(move |(id, value)| Answer {
                    id: (*id).to_owned(),
                    seq: RepeatSeq(seq),
                    value: (*value).to_owned(),
                })
            })
            .collect(),
        conflicts: m.conflicts,
    }
}

/// Base rows changed by one side or both, and which sides.
#[derive(Debug)]
struct Cluster {
    base: Range<usize>,
    ours: bool,
    theirs: bool,
}

/// The clusters of overlapping changes, ascending and disjoint.
fn clusters(oa: &Alignment, ta: &Alignment) -> Vec<Cluster> {
    let mut spans: Vec<(Range<usize>, bool)> = oa
        .hunks
        .iter()
        .filter(|h| !h.is_insert())
        .map(|h| (h.base.clone(), true))
        .chain(
            ta.hunks
                .iter()
                .filter(|h| !h.is_insert())
                .map(|h| (h.base.clone(), false)),
        )
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out: Vec<Cluster> = Vec::new();
    for (range, is_ours) in spans {
        match out.last_mut() {
            Some(c) if range.start < c.base.end => {
                c.base.end = c.base.end.max(range.end);
                c.ours |= is_ours;
                c.theirs |= !is_ours;
            }
            _ => out.push(Cluster {
                base: range,
                ours: is_ours,
                theirs: !is_ours,
            }),
        }
    }
    // An insertion strictly inside a cluster is part of it.
    for c in &mut out {
        let inside = |a: &Alignment| {
            a.hunks.iter().any(|h| {
                h.is_insert()
                    && !h.side.is_empty()
                    && c.base.start < h.base.start
                    && h.base.start < c.base.end
            })
        };
        c.ours |= inside(oa);
        c.theirs |= inside(ta);
    }
    out
}

/// The moved rows of `side` that the other side also changed the base row of: they are merged
/// where the base row is (as `side`'s version of it) instead of where they were inserted,
/// unless both sides made the same move. Base row → side row.
fn moved_and_changed(
    side: &Alignment,
    other: &Alignment,
    side_rows: &GroupRows<'_>,
    other_rows: &GroupRows<'_>,
) -> BTreeMap<usize, usize> {
    side.moves
        .iter()
        .filter(|&(b, &j)| {
            let touched = other
                .hunks
                .iter()
                .any(|h| !h.is_insert() && h.base.contains(b));
            let same_move = other.moves.get(b).is_some_and(|&k| {
                let at = insert_point(side, j);
                at.is_some()
                    && at == insert_point(other, k)
                    && side_rows.rows.get(j) == other_rows.rows.get(k)
            });
            touched && !same_move
        })
        .map(|(&b, &j)| (b, j))
        .collect()
}

/// The base point a side's row `j` was inserted at; `None` when it is part of a replacement.
fn insert_point(a: &Alignment, j: usize) -> Option<usize> {
    a.hunks
        .iter()
        .find(|h| h.is_insert() && h.side.contains(&j))
        .map(|h| h.base.start)
}

/// A side's rows `range`, without `skip`.
fn rows_except<'s>(
    rows: &GroupRows<'s>,
    range: Range<usize>,
    skip: &BTreeMap<usize, usize>,
) -> Vec<Row<'s>> {
    range
        .filter(|j| !skip.values().any(|s| s == j))
        .filter_map(|j| rows.rows.get(j).cloned())
        .collect()
}

/// A side's rows inserted before base row `p`.
fn range_at(a: &Alignment, p: usize) -> Range<usize> {
    a.inserted_at.get(p).cloned().unwrap_or(0..0)
}

/// The answers of rows `range` of a set, with that set's seqs.
fn answers_of(rows: &GroupRows<'_>, range: Range<usize>) -> Vec<Answer> {
    range
        .filter_map(|i| Some((*rows.seqs.get(i)?, rows.rows.get(i)?)))
        .flat_map(|(seq, row)| {
            row.iter().map(move |(id, value)| Answer {
                id: (*id).to_owned(),
                seq,
                value: (*value).to_owned(),
            })
        })
        .collect()
}

/// The merge of one group in progress.
struct Merger<'a, 's> {
    group: &'a str,
    page: Option<PageNumber>,
    base: &'a GroupRows<'s>,
    ours: &'a GroupRows<'s>,
    theirs: &'a GroupRows<'s>,
    /// Rows ours moved whose base row theirs changed too (base row → ours' row), and the
    /// other way round: merged at the base row's place.
    ours_moved: BTreeMap<usize, usize>,
    theirs_moved: BTreeMap<usize, usize>,
    /// The merged rows so far (row `i` gets seq `i + 1`).
    rows: Vec<Row<'s>>,
    conflicts: Vec<(u32, Conflict)>,
}

impl<'s> Merger<'_, 's> {
    /// The seq the next merged row gets.
    fn next_seq(&self) -> u32 {
        u32::try_from(self.rows.len()).map_or(u32::MAX, |n| n.saturating_add(1))
    }

    /// Appends rows and returns their merged seqs.
    fn push(&mut self, rows: &[Row<'s>]) -> Vec<RepeatSeq> {
        let first = self.next_seq();
        self.rows.extend_from_slice(rows);
        (first..self.next_seq()).map(RepeatSeq).collect()
    }

    /// Rows inserted at one place by ours and theirs.
    fn inserted(&mut self, o: Range<usize>, t: Range<usize>) {
        let or = rows_except(self.ours, o.clone(), &self.ours_moved);
        let tr = rows_except(self.theirs, t.clone(), &self.theirs_moved);
        if tr.is_empty() || or == tr {
            self.push(&or);
        } else if or.is_empty() {
            self.push(&tr);
        } else {
            self.conflict(
                RowsConflictKind::BothInserted,
                0..0,
                &o.collect::<Vec<_>>(),
                &t.collect::<Vec<_>>(),
            );
        }
    }

    /// Records a rows conflict over base rows `b`, keeping theirs' rows `t`.
    fn conflict(&mut self, kind: RowsConflictKind, b: Range<usize>, o: &[usize], t: &[usize]) {
        let at = self.next_seq();
        let theirs: Vec<Row<'s>> = t
            .iter()
            .filter_map(|&j| self.theirs.rows.get(j).cloned())
            .collect();
        let merged = self.push(&theirs);
        let pick = |rows: &GroupRows<'_>, idx: &[usize]| -> Vec<Answer> {
            idx.iter()
                .flat_map(|&j| answers_of(rows, j..j + 1))
                .collect()
        };
        self.conflicts.push((
            at,
            Conflict::Rows(RowsConflict {
                kind,
                page: self.page,
                group: self.group.to_owned(),
                merged,
                base: answers_of(self.base, b),
                ours: pick(self.ours, o),
                theirs: pick(self.theirs, t),
            }),
        ));
    }

    /// Resolves one cluster of changes.
    fn cluster(&mut self, c: &Cluster, oa: &Alignment, ta: &Alignment) {
        let or = oa.side_range(c.base.start, c.base.end);
        let tr = ta.side_range(c.base.start, c.base.end);
        let (ours, theirs) = (self.ours, self.theirs);
        if !c.theirs {
            let rows = rows_except(ours, or, &self.ours_moved);
            self.push(&rows);
            return;
        }
        if !c.ours {
            let rows = rows_except(theirs, tr, &self.theirs_moved);
            self.push(&rows);
            return;
        }
        // Each side's rows for these base rows, with the rows it moved away from them.
        let with_moved = |range: Range<usize>, moved: &BTreeMap<usize, usize>| {
            let mut rows: Vec<usize> = range
                .filter(|j| !moved.values().any(|m| m == j))
                .chain(moved.range(c.base.clone()).map(|(_, &j)| j))
                .collect();
            rows.sort_unstable();
            rows
        };
        let o = with_moved(or, &self.ours_moved);
        let t = with_moved(tr, &self.theirs_moved);
        let b = c.base.start;
        // Each side's row for `b`, if any, must be recognisably `b` (an edit of it, or `b`
        // moved): a replacement that only looks one-for-one (its other rows moved away) is
        // not, and merging answers into it would mix two rows.
        let recognised = |a: &Alignment, moved: &BTreeMap<usize, usize>, rows: &[usize]| {
            rows.is_empty()
                || moved.contains_key(&b)
                || a.hunks
                    .iter()
                    .any(|h| h.base == (b..b + 1) && h.side.len() == 1)
        };
        if c.base.len() == 1
            && o.len() <= 1
            && t.len() <= 1
            && recognised(oa, &self.ours_moved, &o)
            && recognised(ta, &self.theirs_moved, &t)
        {
            // A row only moved (not edited) against a deletion: the deletion wins.
            let unchanged =
                |rows: &GroupRows<'_>, j: usize| rows.rows.get(j) == self.base.rows.get(b);
            match (o.first(), t.first()) {
                (Some(&j), Some(&k)) => self.both_edited(b, j, k),
                (None, None) => {}
                (None, Some(&k)) if unchanged(theirs, k) => {}
                (Some(&j), None) if unchanged(ours, j) => {}
                (None, Some(_)) => {
                    self.conflict(RowsConflictKind::RemovedByOurs, c.base.clone(), &o, &t)
                }
                (Some(_), None) => {
                    self.conflict(RowsConflictKind::RemovedByTheirs, c.base.clone(), &o, &t)
                }
            }
            return;
        }
        let rows_of = |rows: &GroupRows<'s>, idx: &[usize]| -> Vec<Row<'s>> {
            idx.iter()
                .filter_map(|&j| rows.rows.get(j).cloned())
                .collect()
        };
        let same = rows_of(ours, &o);
        if same == rows_of(theirs, &t) {
            self.push(&same);
        } else {
            self.conflict(RowsConflictKind::BothRearranged, c.base.clone(), &o, &t);
        }
    }

    /// One row edited on both sides: merged answer by answer.
    fn both_edited(&mut self, b: usize, o: usize, t: usize) {
        let empty = Row::new();
        let row_of = |rows: &'_ GroupRows<'s>, i: usize| rows.rows.get(i).unwrap_or(&empty).clone();
        let seq_of =
            |rows: &GroupRows<'_>, i: usize| rows.seqs.get(i).copied().unwrap_or(RepeatSeq(0));
        let (rb, ro, rt) = (
            row_of(self.base, b),
            row_of(self.ours, o),
            row_of(self.theirs, t),
        );
        let seqs = RowSeqs {
            base: seq_of(self.base, b),
            ours: seq_of(self.ours, o),
            theirs: seq_of(self.theirs, t),
        };
        let seq = self.next_seq();
        let ids: BTreeSet<&'s str> = rb
            .keys()
            .chain(ro.keys())
            .chain(rt.keys())
            .copied()
            .collect();
        let mut merged = Row::new();
        for id in ids {
            let (vb, vo, vt) = (
                rb.get(id).copied(),
                ro.get(id).copied(),
                rt.get(id).copied(),
            );
            let value = three_way(vb, vo, vt).unwrap_or_else(|()| {
                self.conflicts.push((
                    seq,
                    Conflict::Answer(AnswerConflict {
                        kind: AnswerConflictKind::of(vb, vo, vt),
                        page: self.page,
                        id: id.to_owned(),
                        seq: RepeatSeq(seq),
                        base: vb.map(str::to_owned),
                        ours: vo.map(str::to_owned),
                        theirs: vt.map(str::to_owned),
                        row: Some(seqs),
                    }),
                ));
                vt
            });
            if let Some(v) = value {
                merged.insert(id, v);
            }
        }
        if !merged.is_empty() {
            self.rows.push(merged);
        }
    }
}
