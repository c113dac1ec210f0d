//! The slot table of one validation run and the three passes over it.
//!
//! Items outside groups have one cell each; a repeatable group has a row of cells per
//! repetition. The table is the expression environment: `value(slot, seq)` reads a cell.

use monshin_expr::{Date, Env, Value};

use super::findings as make;
use crate::answers::AnswersDoc;
use crate::compile::{CompiledForm, Item};
use crate::finding::{Finding, FindingCode, Location};
use crate::ids::RepeatSeq;
use crate::validate::Mode;

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Cell<'a> {
    /// Index of the answer in the document, or [`NONE`].
    answer: u32,
    /// Typed value seen by expressions; `Null` when unanswered, invalid or disabled.
    value: Value<'a>,
    /// Whether the answer text passed its format checks.
    valid: bool,
    enabled: bool,
}

const EMPTY: Cell<'static> = Cell {
    answer: NONE,
    value: Value::Null,
    valid: false,
    enabled: true,
};

struct Rows<'a> {
    cells: Vec<Cell<'a>>,
    width: usize,
    /// Highest seq placed.
    reps: u32,
    enabled: bool,
    over_max_reported: bool,
}

impl<'a> Rows<'a> {
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn cell(&self, seq: u32, local: u32) -> Option<&Cell<'a>> {
        let i = (seq as usize).checked_sub(1)? * self.width + local as usize;
        self.cells.get(i)
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn cell_mut(&mut self, seq: u32, local: u32) -> Option<&mut Cell<'a>> {
        let i = (seq as usize).checked_sub(1)? * self.width + local as usize;
        self.cells.get_mut(i)
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn row_present(&self, seq: u32) -> bool {
        (0..self.width as u32).any(|l| self.cell(seq, l).is_some_and(|c| c.answer != NONE))
    }
}

pub(super) struct Table<'f, 'a> {
    /// `is_valid`: stop placing answers at the first error finding.
    pub(super) stop_at_first_error: bool,
    form: &'f CompiledForm,
    today: Date,
    cells: Vec<Cell<'a>>,
    groups: Vec<Rows<'a>>,
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn item_loc(item: &Item, seq: u32, answer: u32) -> Location {
    make::item_loc(item, seq, answer_index(answer))
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn answer_index(answer: u32) -> Option<u32> {
    (answer != NONE).then_some(answer)
}

/// Keep a computed value only if it borrows nothing.
#[cfg_attr(monshin_hot, optimize(speed))]
fn detach(v: Value<'_>) -> Value<'static> {
    match v {
        Value::Bool(b) => Value::Bool(b),
        Value::Number(n) if n.is_finite() => Value::Number(n),
        Value::Date(d) => Value::Date(d),
        _ => Value::Null,
    }
}

impl<'f, 'a> Table<'f, 'a> {
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(super) fn new(form: &'f CompiledForm, today: Date) -> Self {
        Table {
            stop_at_first_error: false,
            form,
            today,
            cells: vec![EMPTY; form.items.len()],
            groups: form
                .groups
                .iter()
                .map(|g| Rows {
                    cells: Vec::new(),
                    width: g.members.len().max(1),
                    reps: 0,
                    enabled: true,
                    over_max_reported: false,
                })
                .collect(),
        }
    }

    /// Pass 1: put each answer in its cell, checking key, seq and text.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(super) fn place(&mut self, doc: &'a AnswersDoc<'_>, findings: &mut Vec<Finding>) {
        let form = self.form;
        // Answer sets usually list answers in definition order: the item after the previous
        // answer's (or the one after it) is compared before the index is hashed.
        let mut next = 0;
        for (i, a) in doc.answers.iter().enumerate() {
            if self.stop_at_first_error && findings.last().is_some_and(Finding::is_error) {
                return;
            }
            let index = u32::try_from(i).unwrap_or(NONE - 1);
            let Some(item) = form.item_near(next, &a.id) else {
                // The ID is what the user typed (often a value pasted in the wrong place):
                // say where and what shape, never what.
                findings.push(Finding::error(
                    FindingCode::UnknownItem,
                    Location {
                        seq: Some(RepeatSeq(a.seq)),
                        pointer: Some(format!("/answers/{index}/id")),
                        ..Location::default()
                    },
                    format!(
                        "no item of the form has this master ID ({})",
                        monshin_jsonpath::TextShape::of(&a.id)
                    ),
                ));
                continue;
            };
            next = item.slot as usize + 1;
            if !item.ty.is_answerable() {
                findings.push(Finding::error(
                    FindingCode::NotAnswerable,
                    item_loc(item, a.seq, index),
                    format!("a {} item is never answered", item.ty.as_str()),
                ));
                continue;
            }
            if item.filled_by_clinic {
                findings.push(make::filled_by_clinic(item, a.seq, answer_index(index)));
                continue;
            }
            if crate::normalize::is_blank(&a.value) {
                // A blank answer is no answer: it neither satisfies `required` nor is checked.
                continue;
            }
            let Some(cell) = self.cell_for(item, a.seq, index, findings) else {
                continue;
            };
            if cell.answer != NONE {
                findings.push(Finding::error(
                    FindingCode::DuplicateAnswer,
                    item_loc(item, a.seq, index),
                    "this item and seq are answered twice",
                ));
                continue;
            }
            cell.answer = index;
            let text: &'a str = &a.value;
            let checked = super::check_text(form, item, text);
            match checked {
                Ok(v) => {
                    cell.value = v;
                    cell.valid = true;
                }
                Err((code, msg)) => {
                    findings.push(Finding::error(code, item_loc(item, a.seq, index), msg));
                }
            }
        }
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn cell_for(
        &mut self,
        item: &Item,
        seq: u32,
        index: u32,
        findings: &mut Vec<Finding>,
    ) -> Option<&mut Cell<'a>> {
        let form = self.form;
        let Some(g) = item.group else {
            if seq != 1 {
                findings.push(Finding::error(
                    FindingCode::UnexpectedRepeatSeq,
                    item_loc(item, seq, index),
                    "an item outside a repeatable group always has seq 1",
                ));
                return None;
            }
            return self.cells.get_mut(item.slot as usize);
        };
        let group = form.groups.get(g as usize)?;
        if seq == 0 {
            findings.push(Finding::error(
                FindingCode::UnexpectedRepeatSeq,
                item_loc(item, seq, index),
                "repetitions are numbered from 1",
            ));
            return None;
        }
        let rows = self.groups.get_mut(g as usize)?;
        if seq > group.max_repeat {
            if !rows.over_max_reported {
                rows.over_max_reported = true;
                let heading = form.items.get(group.slot as usize)?;
                findings.push(Finding::error(
                    FindingCode::TooManyRepeats,
                    item_loc(heading, seq, index),
                    format!(
                        "the group allows at most {} repetition(s)",
                        group.max_repeat
                    ),
                ));
            }
            return None;
        }
        if seq > rows.reps {
            rows.reps = seq;
            if rows.cells.capacity() == 0 {
                // Room for a few repetitions at once rather than one allocation per row.
                let rows_first = (group.max_repeat.min(4) as usize).max(seq as usize);
                rows.cells.reserve_exact(rows_first * rows.width);
            }
            rows.cells.resize(seq as usize * rows.width, EMPTY);
        }
        rows.cell_mut(seq, item.local)
    }

    /// Pass 2: in dependency order, decide what is enabled and compute calculated values.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(super) fn evaluate(&mut self, findings: &mut Vec<Finding>) {
        let form = self.form;
        for &slot in &form.order {
            let Some(item) = form.items.get(slot as usize) else {
                continue;
            };
            // An item outside groups with no condition and no calculation stays enabled with
            // the value it was given (the cell's start state): nothing to settle.
            if item.group.is_none()
                && item.own_group.is_none()
                && item.enable_when.is_none()
                && item.calculate.is_none()
            {
                continue;
            }
            match item.group {
                None => {
                    let enabled = make::holds(item.enable_when.as_deref(), &*self, None);
                    if let Some(g) = item.own_group.and_then(|g| self.groups.get_mut(g as usize)) {
                        g.enabled = enabled;
                    }
                    self.settle(item, slot as usize, None, enabled, findings);
                }
                Some(g) => {
                    let Some(rows) = self.groups.get(g as usize) else {
                        continue;
                    };
                    let (reps, group_enabled) = (rows.reps, rows.enabled);
                    for seq in 1..=reps {
                        let enabled = group_enabled
                            && make::holds(item.enable_when.as_deref(), &*self, Some(seq));
                        self.settle(item, g as usize, Some(seq), enabled, findings);
                    }
                }
            }
        }
    }

    /// Record enablement of one cell, masking a disabled value, and compute its calculation.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn settle(
        &mut self,
        item: &Item,
        at: usize,
        seq: Option<u32>,
        enabled: bool,
        findings: &mut Vec<Finding>,
    ) {
        let computed = match (&item.calculate, enabled) {
            (Some(p), true) => Some(detach(p.eval(&*self, seq))),
            _ => None,
        };
        let cell = match seq {
            None => self.cells.get_mut(at),
            Some(s) => self
                .groups
                .get_mut(at)
                .and_then(|r| r.cell_mut(s, item.local)),
        };
        let Some(cell) = cell else { return };
        cell.enabled = enabled;
        if !enabled {
            cell.value = Value::Null;
            return;
        }
        let Some(computed) = computed else { return };
        if matches!(computed, Value::Null) {
            return;
        }
        if cell.valid && !same_value(item, cell.value, computed) {
            findings.push(make::calculated_mismatch(
                item,
                seq.unwrap_or(1),
                answer_index(cell.answer),
            ));
        }
        cell.value = computed;
    }

    /// Pass 3: requirements, repetitions and constraints.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(super) fn check(&self, mode: Mode, findings: &mut Vec<Finding>) {
        let form = self.form;
        for (slot, item) in form.items.iter().enumerate() {
            // The clinic's items are never the respondent's to answer (their answers were
            // refused when placed).
            if !item.ty.is_answerable() || item.filled_by_clinic {
                continue;
            }
            match item.group {
                None => {
                    if let Some(cell) = self.cells.get(slot) {
                        // Answered, valid, enabled and unconstrained: nothing to check.
                        if cell.answer != NONE
                            && cell.valid
                            && cell.enabled
                            && item.constraints.is_empty()
                        {
                            continue;
                        }
                        self.check_cell(item, cell, None, mode, findings);
                    }
                }
                Some(g) => {
                    let Some(rows) = self.groups.get(g as usize) else {
                        continue;
                    };
                    for seq in (1..=rows.reps).filter(|&s| rows.row_present(s)) {
                        if let Some(cell) = rows.cell(seq, item.local) {
                            self.check_cell(item, cell, Some(seq), mode, findings);
                        }
                    }
                }
            }
        }
        for (group, rows) in form.groups.iter().zip(&self.groups) {
            let Some(heading) = form.items.get(group.slot as usize) else {
                continue;
            };
            if let Some(gap) = (1..=rows.reps).find(|&s| !rows.row_present(s)) {
                findings.push(make::repeat_seq_gap(heading, gap));
            }
            let present = (1..=rows.reps).filter(|&s| rows.row_present(s)).count();
            if mode == Mode::Complete
                && rows.enabled
                && !heading.filled_by_clinic
                && present < group.min_repeat as usize
            {
                findings.push(make::too_few_repeats(heading, group));
            }
        }
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn check_cell(
        &self,
        item: &Item,
        cell: &Cell<'a>,
        seq: Option<u32>,
        mode: Mode,
        findings: &mut Vec<Finding>,
    ) {
        let answered = cell.answer != NONE;
        let at = seq.unwrap_or(1);
        if !cell.enabled {
            if answered && mode == Mode::Complete {
                findings.push(make::answered_while_disabled(
                    item,
                    at,
                    answer_index(cell.answer),
                ));
            }
            return;
        }
        if !answered {
            let required = match &item.required_when {
                Some(p) => make::holds(Some(p), self, seq),
                None => item.required,
            };
            if mode == Mode::Complete && required && item.calculate.is_none() {
                findings.push(make::required_missing(item, at));
            }
            return;
        }
        if !cell.valid {
            return;
        }
        for c in &item.constraints {
            if matches!(c.program.eval(self, seq), Value::Bool(false)) {
                findings.push(make::constraint_failed(
                    item,
                    c,
                    at,
                    answer_index(cell.answer),
                ));
            }
        }
    }
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn same_value(item: &Item, a: Value<'_>, b: Value<'_>) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let tolerance = 0.5 * 10f64.powi(-i32::from(item.precision.unwrap_or(0)));
            (x - y).abs() < tolerance
        }
        (x, y) => x == y,
    }
}

impl Env for Table<'_, '_> {
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn value(&self, slot: u32, seq: Option<u32>) -> Value<'_> {
        let Some(item) = self.form.items.get(slot as usize) else {
            return Value::Null;
        };
        let cell = match item.group {
            None => self.cells.get(slot as usize),
            Some(g) => seq.and_then(|s| self.groups.get(g as usize)?.cell(s, item.local)),
        };
        cell.map_or(Value::Null, |c| c.value)
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn repetitions(&self, group: u32) -> u32 {
        self.groups.get(group as usize).map_or(0, |r| r.reps)
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn today(&self) -> Date {
        self.today
    }
}

/// The result of validating one answer set: every finding, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    findings: Vec<Finding>,
}

impl Report {
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(super) fn new(form: &CompiledForm, mut findings: Vec<Finding>) -> Report {
        if findings.len() > 1 {
            // Cached keys: a stable order from an unstable sort (one sort routine less in WASM).
            findings.sort_by_cached_key(|f| {
                let l = &f.location;
                let slot = l.master_id.as_deref().and_then(|id| form.slot(id));
                // Document-level findings first, then items in definition order, then answers
                // to unknown items in input order.
                let answer = l.answer_index();
                match (slot, &l.master_id, answer) {
                    (None, None, None) => (0, None, None, None),
                    (Some(_), _, _) => (1, slot, l.seq, answer),
                    _ => (2, None, None, answer),
                }
            });
        }
        Report { findings }
    }

    /// Every finding, sorted by page, item (definition order) and repetition.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Take the findings.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// No error finding (warnings allowed).
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
    }

    /// Error findings only.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }
}
