//! Re-evaluation after an edit: a queue of slots ordered by the form's dependency order, each
//! slot re-evaluated in all its rows, its dependents queued only when what they read of it
//! (enablement or value) changed.

use std::cmp::Reverse;
use std::sync::Arc;

use super::cells::{Cell, Computed, Parsed};
use super::{Session, Touched};
use crate::compile::Item;
use crate::validate::findings::holds;

/// Whether an answer equals the calculated value, within half a unit of the last digit.
fn same_value(item: &Item, parsed: Parsed, computed: Computed) -> bool {
    match (parsed, computed) {
        (Parsed::Number(x), Computed::Number(y)) => {
            let tolerance = 0.5 * 10f64.powi(-i32::from(item.precision.unwrap_or(0)));
            (x - y).abs() < tolerance
        }
        (Parsed::Bool(x), Computed::Bool(y)) => x == y,
        (Parsed::Date(x), Computed::Date(y)) => x == y,
        _ => false,
    }
}

impl Session {
    /// Re-evaluate every item in dependency order.
    pub(super) fn evaluate_all(&mut self) {
        let model = Arc::clone(&self.model);
        for &slot in &model.form.order {
            self.reevaluate(slot);
        }
        self.touched.iter_mut().for_each(|t| *t = false);
        self.touched_groups.iter_mut().for_each(|t| *t = false);
        self.pages_changed.clear();
    }

    pub(super) fn push(&mut self, slot: u32) {
        if let Some(q) = self.queued.get_mut(slot as usize) {
            if !*q {
                *q = true;
                let rank = self
                    .model
                    .rank
                    .get(slot as usize)
                    .copied()
                    .unwrap_or(u32::MAX);
                self.queue.push(Reverse((rank, slot)));
            }
        }
    }

    pub(super) fn push_dependents(&mut self, slot: u32) {
        let model = Arc::clone(&self.model);
        for &d in model
            .dependents
            .get(slot as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            self.push(d);
        }
    }

    pub(super) fn mark(&mut self, slot: u32) {
        if let Some(t) = self.touched.get_mut(slot as usize) {
            *t = true;
        }
    }

    pub(super) fn mark_group(&mut self, g: u32) {
        if let Some(t) = self.touched_groups.get_mut(g as usize) {
            *t = true;
        }
    }

    /// Recount a group's repetitions; when the count changes, everything that aggregates over
    /// the group is re-evaluated.
    pub(super) fn refresh_reps(&mut self, g: u32) {
        self.mark_group(g);
        let Some(rows) = self.rows.get_mut(g as usize) else {
            return;
        };
        let reps = rows.last_present();
        if reps == rows.reps {
            return;
        }
        rows.reps = reps;
        let model = Arc::clone(&self.model);
        if let Some(group) = model.form.groups.get(g as usize) {
            for &m in &group.members {
                self.push_dependents(m);
            }
        }
    }

    /// Drain the queue in rank order, then report and reset what was touched.
    pub(super) fn run(&mut self) -> Touched {
        while let Some(Reverse((_, slot))) = self.queue.pop() {
            if let Some(q) = self.queued.get_mut(slot as usize) {
                *q = false;
            }
            self.mark(slot);
            if self.reevaluate(slot) {
                self.push_dependents(slot);
            }
        }
        let taken = |flags: &mut Vec<bool>| -> Vec<u32> {
            flags
                .iter_mut()
                .enumerate()
                .filter_map(|(i, t)| {
                    std::mem::take(t).then(|| u32::try_from(i).unwrap_or(u32::MAX))
                })
                .collect()
        };
        Touched {
            slots: taken(&mut self.touched),
            groups: taken(&mut self.touched_groups),
            pages: std::mem::take(&mut self.pages_changed),
        }
    }

    /// Re-evaluate every row of `slot`: enablement, calculation, requirement, constraints.
    /// Returns whether what other items read of it (enablement or value) changed.
    fn reevaluate(&mut self, slot: u32) -> bool {
        let model = Arc::clone(&self.model);
        let Some(item) = model.item(slot) else {
            return false;
        };
        match item.group {
            None => {
                let enabled = holds(item.enable_when.as_ref(), &*self, None);
                let computed = self.compute(item, enabled, None);
                let mut changed = self.settle(item, slot as usize, None, enabled, computed);
                if let Some(g) = item.own_group {
                    if let Some(rows) = self.rows.get_mut(g as usize) {
                        if rows.enabled != enabled {
                            rows.enabled = enabled;
                            changed = true;
                            self.mark_group(g);
                        }
                    }
                }
                changed
            }
            Some(g) => {
                let Some(rows) = self.rows.get(g as usize) else {
                    return false;
                };
                let (n, group_enabled) = (rows.n, rows.enabled);
                let mut changed = false;
                for seq in 1..=n {
                    let enabled =
                        group_enabled && holds(item.enable_when.as_ref(), &*self, Some(seq));
                    let computed = self.compute(item, enabled, Some(seq));
                    changed |= self.settle(item, g as usize, Some(seq), enabled, computed);
                }
                changed
            }
        }
    }

    fn compute(&self, item: &Item, enabled: bool, seq: Option<u32>) -> Option<Computed> {
        if !enabled {
            return None;
        }
        item.calculate
            .as_ref()
            .and_then(|p| Computed::of(p.eval(self, seq)))
    }

    fn cell_mut(&mut self, item: &Item, at: usize, seq: Option<u32>) -> Option<&mut Cell> {
        match seq {
            None => self.cells.get_mut(at),
            Some(s) => self
                .rows
                .get_mut(at)
                .and_then(|r| r.cell_mut(s, item.local)),
        }
    }

    /// Store enablement and calculated value, then evaluate requirement and constraints with
    /// the cell's new value. Returns whether enablement or value changed.
    fn settle(
        &mut self,
        item: &Item,
        at: usize,
        seq: Option<u32>,
        enabled: bool,
        computed: Option<Computed>,
    ) -> bool {
        let Some(cell) = self.cell_mut(item, at, seq) else {
            return false;
        };
        let before = (cell.enabled, cell.computed);
        cell.enabled = enabled;
        cell.computed = computed;
        cell.calc_mismatch = match (cell.parsed, computed) {
            (Some(p), Some(c)) => !same_value(item, p, c),
            _ => false,
        };
        let changed = before != (enabled, computed);
        let required = enabled
            && !item.filled_by_clinic
            && match &item.required_when {
                Some(p) => holds(Some(p), &*self, seq),
                None => item.required,
            };
        if let Some(cell) = self.cell_mut(item, at, seq) {
            cell.required = required;
        }
        if before.0 != enabled && item.group.is_none() {
            self.page_visibility(item.page.0, enabled);
        }
        changed
    }

    /// Count an item of `page` in or out; a page whose count crosses zero changed visibility.
    fn page_visibility(&mut self, page: u32, enabled: bool) {
        if let Some(count) = self.page_enabled.get_mut((page as usize).wrapping_sub(1)) {
            let was_visible = *count > 0;
            if enabled {
                *count += 1;
            } else {
                *count = count.saturating_sub(1);
            }
            if was_visible != (*count > 0) && !self.pages_changed.contains(&page) {
                self.pages_changed.push(page);
            }
        }
    }
}
