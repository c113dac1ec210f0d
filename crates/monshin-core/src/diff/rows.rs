//! Row identity for merge: which row of a repeatable group in one set is which row of the base.
//!
//! Answer sets carry no row key (PMH knows only 連番, the position), so identity is recovered
//! from content, conservatively:
//!
//! 1. **Anchors.** Rows equal in every answer are matched in order (a longest common
//!    subsequence; common leading and trailing rows first, so the usual small edit costs
//!    linear time). Anchored rows are unchanged.
//! 2. **Edits.** Between two anchors, when the base and the side have the same number of rows,
//!    the rows are paired in order, and a pair counts as one row edited only when the two
//!    agree on at least half of the items either answers (and on one at least). Otherwise the
//!    base row was deleted and another row inserted in its place (which rule 4 may find to
//!    be a row moved there).
//! 3. **Replacements.** Between two anchors with different numbers of rows on each side (say
//!    one row deleted and another edited), which row became which is not guessed: the base
//!    rows there were *replaced* by the side's rows, as one change.
//!
//! 4. **Moves.** A deleted base row that is recognisably the same row (as in rule 2) as a row
//!    the side inserted elsewhere was moved there (and perhaps edited).
//!
//! A change found this way is merged by [`super::merge()`] only when the other side left the
//! same base rows alone; otherwise it is a conflict. So a row is never matched to another
//! person's row by position alone, and an edit is never carried onto a different row.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::ids::RepeatSeq;

/// One row: member master ID → value.
pub(super) type Row<'s> = BTreeMap<&'s str, &'s str>;

/// The rows of one group in one set, in seq order (seqs need not be contiguous).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct GroupRows<'s> {
    /// The seq of each row.
    pub(super) seqs: Vec<RepeatSeq>,
    /// The answers of each row.
    pub(super) rows: Vec<Row<'s>>,
}

impl<'s> GroupRows<'s> {
    /// Rows from (seq, member, value) triples, in any order.
    pub(super) fn collect(cells: impl IntoIterator<Item = (RepeatSeq, &'s str, &'s str)>) -> Self {
        let mut by_seq: BTreeMap<RepeatSeq, Row<'s>> = BTreeMap::new();
        for (seq, id, value) in cells {
            by_seq.entry(seq).or_default().insert(id, value);
        }
        let (seqs, rows) = by_seq.into_iter().unzip();
        GroupRows { seqs, rows }
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }
}

/// One change of a side against the base: base rows `base` became the side's rows `side`.
///
/// `base` empty: an insertion before base row `base.start`. One base row and one side row:
/// that row edited. One base row and none: deleted. Anything else: a replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hunk {
    pub(super) base: Range<usize>,
    pub(super) side: Range<usize>,
}

impl Hunk {
    pub(super) fn is_insert(&self) -> bool {
        self.base.is_empty()
    }
}

/// A side's rows matched against the base's.
#[derive(Debug)]
pub(super) struct Alignment {
    /// The changes, ordered by base position (an insertion before the change of the row it
    /// precedes); the side's ranges are disjoint and ascending.
    pub(super) hunks: Vec<Hunk>,
    /// For each base point `p` (before base row `p`, `0..=n`): the side's rows inserted there
    /// (empty range at the side position when none).
    pub(super) inserted_at: Vec<Range<usize>>,
    /// Moves: a deleted base row the side inserted elsewhere, recognisably the same row, as
    /// base row → side row.
    pub(super) moves: BTreeMap<usize, usize>,
}

impl Alignment {
    /// The side's rows standing for base rows `from..to`, where neither bound lies inside a
    /// change of this side: what the side made of those base rows, without the insertions at
    /// `from` and at `to`.
    pub(super) fn side_range(&self, from: usize, to: usize) -> Range<usize> {
        let start = self.inserted_at.get(from).map_or(0, |r| r.end);
        let end = self.inserted_at.get(to).map_or(start, |r| r.start);
        start..end.max(start)
    }
}

/// Largest LCS table (cells, 4 bytes each; 1,000 × 1,000 rows fit) between the unchanged head and tail; beyond it the middle is
/// treated as one replacement (conservative: it conflicts with any change of the other side).
const MAX_TABLE_CELLS: usize = 1 << 20;

/// Matches `side` against `base` (see the module rules).
pub(super) fn align(base: &[Row<'_>], side: &[Row<'_>]) -> Alignment {
    let anchors = anchors(base, side);
    let mut hunks = Vec::new();
    let (mut b0, mut s0) = (0, 0);
    for &(b1, s1) in anchors
        .iter()
        .chain(std::iter::once(&(base.len(), side.len())))
    {
        gap(base, side, b0..b1, s0..s1, &mut hunks);
        (b0, s0) = (b1 + 1, s1 + 1);
    }

    let mut inserted_at = Vec::with_capacity(base.len() + 1);
    let mut next = hunks.iter().peekable();
    let (mut p, mut s) = (0, 0);
    while p <= base.len() {
        let ins = next.next_if(|h| h.is_insert() && h.base.start == p);
        let at = ins.map_or(s..s, |h| h.side.clone());
        s = at.end;
        inserted_at.push(at);
        if p == base.len() {
            break;
        }
        match next.next_if(|h| h.base.start == p) {
            Some(h) => {
                // Points inside a replacement are never asked for: fill them in for the index.
                for _ in p + 1..h.base.end {
                    inserted_at.push(h.side.end..h.side.end);
                }
                s = h.side.end;
                p = h.base.end;
            }
            None => {
                s += 1;
                p += 1;
            }
        }
    }
    let moves = moves(base, side, &hunks);
    Alignment {
        hunks,
        inserted_at,
        moves,
    }
}

/// Pairs each deleted base row with an inserted side row that is recognisably the same row
/// (rule 2), first come first served.
fn moves(base: &[Row<'_>], side: &[Row<'_>], hunks: &[Hunk]) -> BTreeMap<usize, usize> {
    // Side rows that are not an edit of a base row: insertions and replacements.
    let mut inserted: Vec<usize> = hunks
        .iter()
        .filter(|h| !(h.base.len() == 1 && h.side.len() <= 1))
        .flat_map(|h| h.side.clone())
        .collect();
    let mut out = BTreeMap::new();
    for h in hunks
        .iter()
        .filter(|h| h.base.len() == 1 && h.side.is_empty())
    {
        let b = h.base.start;
        let moved =
            |&j: &usize| matches!((side.get(j), base.get(b)), (Some(x), Some(y)) if similar(x, y));
        if let Some(k) = inserted.iter().position(moved) {
            out.insert(b, inserted.remove(k));
        }
    }
    out
}

/// The matched (base, side) indices of equal rows, ascending in both.
fn anchors(base: &[Row<'_>], side: &[Row<'_>]) -> Vec<(usize, usize)> {
    let head = base.iter().zip(side).take_while(|(a, b)| a == b).count();
    let tail = base[head..]
        .iter()
        .rev()
        .zip(side[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (bm, sm) = (
        &base[head..base.len() - tail],
        &side[head..side.len() - tail],
    );
    let mut out: Vec<(usize, usize)> = (0..head).map(|i| (i, i)).collect();
    out.extend(lcs(bm, sm).into_iter().map(|(b, s)| (b + head, s + head)));
    out.extend((0..tail).map(|i| (base.len() - tail + i, side.len() - tail + i)));
    out
}

/// Longest common subsequence of equal rows (empty when the table would be too large).
fn lcs(a: &[Row<'_>], b: &[Row<'_>]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || (n + 1).saturating_mul(m + 1) > MAX_TABLE_CELLS {
        return Vec::new();
    }
    // table[i][j]: LCS length of a[i..] and b[j..], row-major with width m + 1.
    let w = m + 1;
    let mut table = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * w + j] = if a[i] == b[j] {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The hunks of the rows between two anchors.
fn gap(base: &[Row<'_>], side: &[Row<'_>], b: Range<usize>, s: Range<usize>, out: &mut Vec<Hunk>) {
    let hunk = |base: Range<usize>, side: Range<usize>| Hunk { base, side };
    if b.is_empty() && s.is_empty() {
        return;
    }
    if s.is_empty() {
        // Deletions, one per row, so that each can meet the other side's change alone.
        out.extend(b.map(|i| hunk(i..i + 1, s.start..s.start)));
    } else if b.len() != s.len() {
        out.push(hunk(b, s));
    } else {
        for (i, j) in b.zip(s) {
            let same_row =
                matches!((base.get(i), side.get(j)), (Some(x), Some(y)) if similar(x, y));
            if same_row {
                out.push(hunk(i..i + 1, j..j + 1));
            } else {
                // A different row put in its place: deleted, and another inserted.
                out.push(hunk(i..i, j..j + 1));
                out.push(hunk(i..i + 1, j + 1..j + 1));
            }
        }
    }
}

/// Whether two rows agree on at least half of the items either answers, and on one at least.
fn similar(a: &Row<'_>, b: &Row<'_>) -> bool {
    let shared = a.iter().filter(|(k, v)| b.get(*k) == Some(*v)).count();
    let union = a.len() + b.keys().filter(|k| !a.contains_key(*k)).count();
    shared > 0 && shared * 2 >= union
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'s>(cells: &[(&'s str, &'s str)]) -> Row<'s> {
        cells.iter().copied().collect()
    }

    #[test]
    fn a_deleted_first_row_and_an_edited_second_are_told_apart() {
        let father = row(&[("REL", "1"), ("AGE", "40")]);
        let mother = row(&[("REL", "2"), ("AGE", "38")]);
        let mother2 = row(&[("REL", "2"), ("AGE", "39")]);
        let sister = row(&[("REL", "3"), ("AGE", "6")]);
        let base = [father.clone(), mother.clone(), sister.clone()];

        let ours = align(&base, &[mother.clone(), sister.clone()]);
        assert_eq!(
            ours.hunks,
            vec![Hunk {
                base: 0..1,
                side: 0..0
            }]
        );
        assert_eq!(ours.side_range(1, 2), 0..1);

        let theirs = align(&base, &[father, mother2, sister]);
        assert_eq!(
            theirs.hunks,
            vec![Hunk {
                base: 1..2,
                side: 1..2
            }]
        );
        assert_eq!(theirs.inserted_at.len(), 4);
    }

    #[test]
    fn a_row_changed_beyond_recognition_is_a_deletion_and_an_insertion() {
        let base = [row(&[("REL", "1"), ("AGE", "40"), ("NAME", "a")])];
        let side = [row(&[("REL", "1"), ("AGE", "9"), ("NAME", "b")])];
        let a = align(&base, &side);
        assert_eq!(
            a.hunks,
            vec![
                Hunk {
                    base: 0..0,
                    side: 0..1
                },
                Hunk {
                    base: 0..1,
                    side: 1..1
                }
            ]
        );
        assert_eq!(a.inserted_at, vec![0..1, 1..1]);
    }

    #[test]
    fn unequal_runs_between_anchors_are_one_replacement() {
        let (x, y, z) = (row(&[("A", "x")]), row(&[("A", "y")]), row(&[("A", "z")]));
        let w = row(&[("A", "w")]);
        let a = align(&[x.clone(), y, z.clone()], &[x, w.clone(), w, z]);
        assert_eq!(
            a.hunks,
            vec![Hunk {
                base: 1..2,
                side: 1..3
            }]
        );
        assert_eq!(a.side_range(1, 2), 1..3);
        assert_eq!(a.side_range(0, 3), 0..4);
    }
}
