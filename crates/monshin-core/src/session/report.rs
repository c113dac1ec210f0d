//! Findings and the answer set, assembled from the cells: the same findings, in the same
//! order, as [`crate::CompiledForm::validate`] reports for [`Session::answer_set`].

use monshin_expr::Value;

use super::cells::{Cell, Rows};
use super::Session;
use crate::answers::{Answer, AnswerSet};
use crate::compile::Item;
use crate::finding::Finding;
use crate::ids::{AnswerStatus, PageNumber, RepeatSeq};
use crate::validate::findings::{self as make, item_loc};
use crate::validate::Mode;

impl Session {
    pub(super) fn cell_findings(
        &self,
        item: &Item,
        cell: &Cell,
        seq: u32,
        index: Option<u32>,
        mode: Mode,
        out: &mut Vec<Finding>,
    ) {
        let answered = cell.answer.is_some();
        if let Some((code, message)) = &cell.rejection {
            out.push(Finding::error(
                *code,
                item_loc(item, seq, index),
                message.clone(),
            ));
        }
        if cell.calc_mismatch {
            out.push(make::calculated_mismatch(item, seq, index));
        }
        if !cell.enabled {
            if answered && mode == Mode::Complete {
                out.push(make::answered_while_disabled(item, seq, index));
            }
            return;
        }
        if !answered {
            if mode == Mode::Complete && cell.required && item.calculate.is_none() {
                out.push(make::required_missing(item, seq));
            }
            return;
        }
        if cell.parsed.is_none() {
            return;
        }
        // Constraints are evaluated here, not kept: an edit re-evaluates what reads it, so the
        // result is always current.
        for c in &item.constraints {
            if matches!(
                c.program.eval(self, item.group.map(|_| seq)),
                Value::Bool(false)
            ) {
                out.push(make::constraint_failed(item, c, seq, index));
            }
        }
    }

    pub(super) fn group_findings(&self, g: u32, mode: Mode, out: &mut Vec<Finding>) {
        let (Some(group), Some(rows)) = (
            self.model.form.groups.get(g as usize),
            self.rows.get(g as usize),
        ) else {
            return;
        };
        let Some(heading) = self.model.item(group.slot) else {
            return;
        };
        let present = (1..=rows.reps).filter(|&s| rows.row_present(s)).count();
        if mode == Mode::Complete && rows.enabled && present < group.min_repeat as usize {
            out.push(make::too_few_repeats(heading, group));
        }
        if let Some(gap) = (1..=rows.reps).find(|&s| !rows.row_present(s)) {
            out.push(make::repeat_seq_gap(heading, gap));
        }
    }

    /// For each slot, how many answers of [`Session::answer_set`] come before its first.
    pub(super) fn answer_offsets(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.model.form.items.len());
        let mut n = 0u32;
        for (slot, item) in self.model.form.items.iter().enumerate() {
            out.push(n);
            let answered = match item.group {
                None => usize::from(self.cells.get(slot).is_some_and(|c| c.answer.is_some())),
                Some(g) => self.rows.get(g as usize).map_or(0, |rows| {
                    (1..=rows.n)
                        .filter(|&s| rows.cell(s, item.local).is_some_and(|c| c.answer.is_some()))
                        .count()
                }),
            };
            n = n.saturating_add(u32::try_from(answered).unwrap_or(u32::MAX));
        }
        out
    }

    /// The rows of `item`'s group, when it is a member of one.
    pub(super) fn rows_of(&self, item: &Item) -> Option<&Rows> {
        item.group.and_then(|g| self.rows.get(g as usize))
    }

    /// The cells of `slot` with their answer indices: `(seq, cell, index)`.
    pub(super) fn cells_of(&self, slot: u32, offset: u32) -> Vec<(u32, &Cell, Option<u32>)> {
        let Some(item) = self.model.item(slot) else {
            return Vec::new();
        };
        let mut next = offset;
        let mut take = |c: &Cell| {
            c.answer.is_some().then(|| {
                next += 1;
                next - 1
            })
        };
        match item.group {
            None => self
                .cells
                .get(slot as usize)
                .map(|c| vec![(1, c, take(c))])
                .unwrap_or_default(),
            Some(_) => {
                let Some(rows) = self.rows_of(item) else {
                    return Vec::new();
                };
                (1..=rows.n)
                    .filter_map(|s| rows.cell(s, item.local).map(|c| (s, c, take(c))))
                    .collect()
            }
        }
    }

    /// Every finding in `mode` (optionally of one page): exactly what
    /// [`crate::CompiledForm::validate`] reports for [`Session::answer_set`].
    pub fn findings(&self, mode: Mode, page: Option<u32>) -> Vec<Finding> {
        let mut out = Vec::new();
        let offsets = self.answer_offsets();
        for (slot, item) in self.model.form.items.iter().enumerate() {
            if page.is_some_and(|p| item.page.0 != p) {
                continue;
            }
            if let Some(g) = item.own_group {
                self.group_findings(g, mode, &mut out);
                continue;
            }
            if !item.ty.is_answerable() {
                continue;
            }
            let offset = offsets.get(slot).copied().unwrap_or(0);
            let rows = self.rows_of(item);
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            for (seq, cell, index) in self.cells_of(slot, offset) {
                if rows.is_none_or(|r| seq <= r.reps && r.row_present(seq)) {
                    self.cell_findings(item, cell, seq, index, mode, &mut out);
                }
            }
        }
        out
    }

    /// The answers as an answer set: items in definition order, repetitions in order.
    pub fn answer_set(&self, status: AnswerStatus) -> AnswerSet {
        let mut answers = Vec::new();
        for (slot, item) in self.model.form.items.iter().enumerate() {
            for (seq, cell, _) in self.cells_of(u32::try_from(slot).unwrap_or(u32::MAX), 0) {
                if let Some(value) = &cell.answer {
                    answers.push(Answer {
                        id: item.id.to_string(),
                        seq: RepeatSeq(seq),
                        value: value.clone(),
                    });
                }
            }
        }
        AnswerSet {
            definition: self.model.form.definition_id().to_string(),
            status,
            last_page: Some(PageNumber(self.last_page)),
            answers,
        }
    }
}
