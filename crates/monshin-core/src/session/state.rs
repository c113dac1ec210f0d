//! What a UI draws: the state of pages, cells and repeatable groups, all of them or those an
//! edit touched, each cell with its own findings.

use super::{Session, Touched};
use crate::finding::Finding;
use crate::validate::Mode;

/// A page: its number, group label and whether any of its items is enabled now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageState<'a> {
    /// Page number.
    pub number: u32,
    /// Group label (項目のグループのラベル).
    pub label: &'a str,
    /// Whether any item of the page outside groups is enabled.
    pub visible: bool,
}

/// One answerable (item, repetition).
#[derive(Debug, Clone, PartialEq)]
pub struct CellState<'a> {
    /// Master ID.
    pub id: &'a str,
    /// Repetition (1 outside groups).
    pub seq: u32,
    /// Whether its condition holds (and its group's).
    pub enabled: bool,
    /// The answer text as stored.
    pub value: Option<&'a str>,
    /// The calculated value as canonical text, for calculated items.
    pub computed: Option<String>,
    /// Whether it must be answered now (calculated items never must).
    pub required: bool,
    /// Its findings in the mode asked for.
    pub findings: Vec<Finding>,
}

/// A repeatable group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupState<'a> {
    /// Master ID of the group heading.
    pub id: &'a str,
    /// Rows shown, answered or not.
    pub rows: u32,
    /// Repetitions in the answer set (up to the last row with an answer).
    pub repetitions: u32,
    /// Whether the group's condition holds.
    pub enabled: bool,
    /// Least number of repetitions in complete mode.
    pub min_repeat: u32,
    /// Most repetitions.
    pub max_repeat: u32,
    /// Group findings (too few repetitions, gaps) in the mode asked for.
    pub findings: Vec<Finding>,
}

impl Session {
    /// Pages with their labels and visibility: all, or those whose visibility `touched` changed.
    pub fn page_states(&self, touched: Option<&Touched>) -> Vec<PageState<'_>> {
        let pages = &self.model.form.pages;
        let state = |n: u32| {
            let i = (n as usize).wrapping_sub(1);
            Some(PageState {
                number: n,
                label: &pages.get(i)?.label,
                visible: self.page_enabled.get(i).is_some_and(|&c| c > 0),
            })
        };
        match touched {
            Some(t) => t.pages.iter().filter_map(|&n| state(n)).collect(),
            None => pages.iter().filter_map(|p| state(p.number.0)).collect(),
        }
    }

    /// Answerable cells with their findings in `mode`: all, or those `touched` re-evaluated.
    pub fn cell_states(&self, touched: Option<&Touched>, mode: Mode) -> Vec<CellState<'_>> {
        let offsets = self.answer_offsets();
        let mut out = Vec::new();
        let mut one = |slot: u32| {
            let Some(item) = self.model.item(slot) else {
                return;
            };
            if !item.ty.is_answerable() {
                return;
            }
            let rows = self.rows_of(item);
            let offset = offsets.get(slot as usize).copied().unwrap_or(0);
            for (seq, cell, index) in self.cells_of(slot, offset) {
                let mut findings = Vec::new();
                if rows.is_none_or(|r| seq <= r.reps && r.row_present(seq)) {
                    self.cell_findings(item, cell, seq, index, mode, &mut findings);
                }
                out.push(CellState {
                    id: &item.id,
                    seq,
                    enabled: cell.enabled,
                    value: cell.answer.as_deref(),
                    computed: cell
                        .computed
                        .filter(|_| item.calculate.is_some())
                        .map(|c| c.text(item.ty, item.precision)),
                    required: cell.required && item.calculate.is_none(),
                    findings,
                });
            }
        };
        match touched {
            Some(t) => t.slots.iter().for_each(|&s| one(s)),
            None => (0..u32::try_from(offsets.len()).unwrap_or(0)).for_each(one),
        }
        out
    }

    /// Repeatable groups with their findings in `mode`: all, or those `touched` changed.
    pub fn group_states(&self, touched: Option<&Touched>, mode: Mode) -> Vec<GroupState<'_>> {
        let state = |g: u32| {
            let group = self.model.form.groups.get(g as usize)?;
            let rows = self.rows.get(g as usize)?;
            let heading = self.model.item(group.slot)?;
            let mut findings = Vec::new();
            self.group_findings(g, mode, &mut findings);
            Some(GroupState {
                id: &heading.id,
                rows: rows.n,
                repetitions: rows.reps,
                enabled: rows.enabled,
                min_repeat: group.min_repeat,
                max_repeat: group.max_repeat,
                findings,
            })
        };
        match touched {
            Some(t) => t.groups.iter().filter_map(|&g| state(g)).collect(),
            None => (0..u32::try_from(self.rows.len()).unwrap_or(0))
                .filter_map(state)
                .collect(),
        }
    }

    /// The enabled answerable (master ID, seq)s, optionally of one page.
    pub fn visible_items(&self, page: Option<u32>) -> Vec<(&str, u32)> {
        let mut out = Vec::new();
        for (slot, item) in self.model.form.items.iter().enumerate() {
            if page.is_some_and(|p| item.page.0 != p) || !item.ty.is_answerable() {
                continue;
            }
            for (seq, cell, _) in self.cells_of(u32::try_from(slot).unwrap_or(u32::MAX), 0) {
                if cell.enabled {
                    out.push((&*item.id, seq));
                }
            }
        }
        out
    }
}
