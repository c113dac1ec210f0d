//! A form session: answers being edited, kept validated incrementally.
//!
//! The session holds one cell per (item, repetition) with the answer text, its check result,
//! whether the item is enabled, its calculated value, whether it is required and which of its
//! constraints fail. Changing one answer re-checks that answer and then re-evaluates only the
//! items that read it, in dependency order ([`Model::dependents`], [`Model::rank`]); an item
//! whose enablement or value did not change stops the walk. Findings are assembled from the
//! cells on demand and are exactly those `CompiledForm::validate` reports for
//! [`Session::answer_set`] (the oracle test checks this on random edits).
//!
//! Rows of a repeatable group are numbered 1..n as shown to the person; a row without any
//! answer is kept for editing but, as in the answer set, does not count as a repetition
//! (`count()`, `any()` … and `minRepeat` see only rows up to the last one with an answer).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::rc::Rc;

use monshin_core::{
    Answer, AnswerSet, AnswerStatus, Finding, FindingCode, ItemType, Location, Mode, PageNumber,
    RepeatSeq,
};
use monshin_expr::{Date, Env, Program, Value};

use crate::check::{Parsed, Rejection};
use crate::model::{Item, Model};

/// A calculated value that borrows nothing (as core keeps it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Computed {
    Bool(bool),
    Number(f64),
    Date(Date),
}

impl Computed {
    fn of(v: Value<'_>) -> Option<Computed> {
        match v {
            Value::Bool(b) => Some(Computed::Bool(b)),
            Value::Number(n) if n.is_finite() => Some(Computed::Number(n)),
            Value::Date(d) => Some(Computed::Date(d)),
            _ => None,
        }
    }

    fn value(self) -> Value<'static> {
        match self {
            Computed::Bool(b) => Value::Bool(b),
            Computed::Number(n) => Value::Number(n),
            Computed::Date(d) => Value::Date(d),
        }
    }

    /// The value as canonical answer text of an item of type `ty`, for display.
    pub(crate) fn text(self, ty: ItemType, precision: Option<u8>) -> String {
        match self {
            Computed::Bool(b) => if b { "1" } else { "0" }.into(),
            Computed::Date(d) => d.to_string(),
            Computed::Number(n) => {
                let digits = if ty == ItemType::Decimal {
                    usize::from(precision.unwrap_or(0))
                } else {
                    0
                };
                let s = format!("{n:.digits$}");
                if s.starts_with('-') && s.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
                    s.trim_start_matches('-').to_string()
                } else {
                    s
                }
            }
        }
    }
}

/// One (item, repetition).
#[derive(Debug, Clone)]
struct Cell {
    answer: Option<String>,
    /// Typed value when the answer passed its checks.
    parsed: Option<Parsed>,
    /// Why the answer failed its checks.
    rejection: Option<Rejection>,
    enabled: bool,
    /// The calculated value, when enabled and defined.
    computed: Option<Computed>,
    calc_mismatch: bool,
    /// Required now (evaluated while enabled and unanswered).
    required: bool,
    /// Bit `i`: constraint `i` of the item fails.
    failed: u64,
}

const EMPTY: Cell = Cell {
    answer: None,
    parsed: None,
    rejection: None,
    enabled: true,
    computed: None,
    calc_mismatch: false,
    required: false,
    failed: 0,
};

impl Cell {
    fn visible<'a>(&'a self, parsed_text: &'a str) -> Value<'a> {
        if !self.enabled {
            return Value::Null;
        }
        if let Some(c) = self.computed {
            return c.value();
        }
        match self.parsed {
            None => Value::Null,
            Some(Parsed::Bool(b)) => Value::Bool(b),
            Some(Parsed::Number(n)) => Value::Number(n),
            Some(Parsed::Date(d)) => Value::Date(d),
            Some(Parsed::Text) => Value::Text(parsed_text),
            Some(Parsed::Codes) => Value::Codes(parsed_text),
        }
    }

    fn value(&self) -> Value<'_> {
        self.visible(self.answer.as_deref().unwrap_or(""))
    }
}

/// The rows of one repeatable group.
#[derive(Debug, Clone)]
struct Rows {
    cells: Vec<Cell>,
    width: usize,
    /// Rows shown (1..=n).
    n: u32,
    /// Last row with an answer: the repetitions the answer set has.
    reps: u32,
    enabled: bool,
}

impl Rows {
    fn index(&self, seq: u32, local: u32) -> Option<usize> {
        if seq == 0 || seq > self.n {
            return None;
        }
        Some((seq as usize - 1) * self.width + local as usize)
    }

    fn cell(&self, seq: u32, local: u32) -> Option<&Cell> {
        self.cells.get(self.index(seq, local)?)
    }

    fn cell_mut(&mut self, seq: u32, local: u32) -> Option<&mut Cell> {
        let i = self.index(seq, local)?;
        self.cells.get_mut(i)
    }

    fn row_present(&self, seq: u32) -> bool {
        let Some(start) = self.index(seq, 0) else {
            return false;
        };
        self.cells
            .get(start..start + self.width)
            .is_some_and(|r| r.iter().any(|c| c.answer.is_some()))
    }

    fn last_present(&self) -> u32 {
        (1..=self.n)
            .rev()
            .find(|&s| self.row_present(s))
            .unwrap_or(0)
    }
}

/// Why an edit was refused. Codes are stable; messages never contain answer values.
#[derive(Debug, Clone, PartialEq)]
pub struct EditError {
    /// Stable code (`unknown-item`, `not-answerable`, `no-such-repetition`, …).
    pub code: &'static str,
    /// What was wrong.
    pub message: String,
    /// The item and repetition concerned (boxed: errors stay small on the happy path).
    pub location: Box<Location>,
}

impl EditError {
    fn new(code: &'static str, message: impl Into<String>, location: Location) -> EditError {
        EditError {
            code,
            message: message.into(),
            location: Box::new(location),
        }
    }
}

/// What one edit changed: the cells and groups whose state may differ, for a UI to redraw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Touched {
    /// Slots re-evaluated (all their rows), in slot order.
    pub(crate) slots: Vec<u32>,
    /// Groups whose rows, enablement or repetition count may have changed.
    pub(crate) groups: Vec<u32>,
    /// Pages whose visibility changed.
    pub(crate) pages: Vec<u32>,
}

/// A form being answered. See the module documentation.
#[derive(Debug, Clone)]
pub struct Session {
    model: Rc<Model>,
    today: Date,
    last_page: u32,
    /// One cell per slot for items outside groups (group members' entries are unused).
    cells: Vec<Cell>,
    rows: Vec<Rows>,
    /// Per page (index = number − 1): enabled items outside groups.
    page_enabled: Vec<u32>,
    queue: BinaryHeap<Reverse<(u32, u32)>>,
    queued: Vec<bool>,
    touched: Vec<bool>,
    touched_groups: Vec<bool>,
    pages_changed: Vec<u32>,
}

impl Env for Session {
    fn value(&self, slot: u32, seq: Option<u32>) -> Value<'_> {
        let Some(item) = self.model.item(slot) else {
            return Value::Null;
        };
        let cell = match item.group {
            None => self.cells.get(slot as usize),
            Some(g) => seq.and_then(|s| self.rows.get(g as usize)?.cell(s, item.local)),
        };
        cell.map_or(Value::Null, Cell::value)
    }

    fn repetitions(&self, group: u32) -> u32 {
        self.rows.get(group as usize).map_or(0, |r| r.reps)
    }

    fn today(&self) -> Date {
        self.today
    }
}

/// Whether a condition holds; `null` counts as false, no condition as true.
fn holds(program: Option<&Program>, env: &dyn Env, seq: Option<u32>) -> bool {
    program.is_none_or(|p| matches!(p.eval(env, seq), Value::Bool(true)))
}

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

fn item_loc(item: &Item, seq: u32, answer: Option<u32>) -> Location {
    Location {
        page: Some(item.page),
        master_id: Some(item.id.to_string()),
        seq: Some(RepeatSeq(seq)),
        answer_index: answer,
        ..Location::default()
    }
}

impl Session {
    /// An empty session (nothing answered) on `today`.
    pub(crate) fn new(model: Rc<Model>, today: Date) -> Session {
        let n = model.items.len();
        let pages = model.form.pages().len();
        let rows = model
            .groups
            .iter()
            .map(|g| Rows {
                cells: Vec::new(),
                width: g.members.len().max(1),
                n: 0,
                reps: 0,
                enabled: true,
            })
            .collect();
        // Every cell starts enabled, so each page starts with all its items outside groups.
        let mut page_enabled = vec![0u32; pages];
        for item in model.items.iter().filter(|i| i.group.is_none()) {
            if let Some(c) = page_enabled.get_mut((item.page.0 as usize).wrapping_sub(1)) {
                *c += 1;
            }
        }
        let mut s = Session {
            today,
            last_page: 1,
            cells: vec![EMPTY; n],
            rows,
            page_enabled,
            queue: BinaryHeap::new(),
            queued: vec![false; n],
            touched: vec![false; n],
            touched_groups: vec![false; model.groups.len()],
            pages_changed: Vec::new(),
            model,
        };
        s.evaluate_all();
        s
    }

    /// A session holding `set`'s answers. The set must be editable: every answer names an
    /// answerable item of this form, with a fitting seq, once. Problems are returned as the
    /// findings `CompiledForm::validate` reports for them.
    pub(crate) fn load(
        model: Rc<Model>,
        today: Date,
        set: &AnswerSet,
    ) -> Result<Session, Vec<Finding>> {
        let structural = |f: &Finding| {
            matches!(
                f.code,
                FindingCode::FormIdMismatch
                    | FindingCode::UnknownItem
                    | FindingCode::NotAnswerable
                    | FindingCode::DuplicateAnswer
                    | FindingCode::UnexpectedRepeatSeq
                    | FindingCode::TooManyRepeats
                    | FindingCode::RepeatSeqGap
            )
        };
        let report = model.form.validate(
            &monshin_core::AnswersDoc::from_set(set),
            &monshin_core::Options::draft(today),
        );
        let problems: Vec<Finding> = report
            .into_findings()
            .into_iter()
            .filter(structural)
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut s = Session::new(model, today);
        let pages = u32::try_from(s.model.form.pages().len()).unwrap_or(u32::MAX);
        s.last_page = set.last_page.map_or(1, |p| p.0.clamp(1, pages.max(1)));
        for a in &set.answers {
            let Some(slot) = s.model.slot(&a.id) else {
                continue;
            };
            let model = Rc::clone(&s.model);
            let Some(item) = model.item(slot) else {
                continue;
            };
            if let Some(g) = item.group {
                if let Some(rows) = s.rows.get_mut(g as usize) {
                    if a.seq.0 > rows.n {
                        rows.n = a.seq.0;
                        rows.cells.resize(rows.n as usize * rows.width, EMPTY);
                    }
                }
            }
            s.write_answer(item, slot, a.seq.0, Some(a.value.clone()));
        }
        for rows in &mut s.rows {
            rows.reps = rows.last_present();
        }
        s.evaluate_all();
        Ok(s)
    }

    /// Re-evaluate every item in dependency order.
    fn evaluate_all(&mut self) {
        let model = Rc::clone(&self.model);
        // Ranks are a permutation of 0..n: invert it into the evaluation order.
        let mut order = vec![u32::MAX; model.items.len()];
        for (slot, &rank) in model.rank.iter().enumerate() {
            if let Some(o) = order.get_mut(rank as usize) {
                *o = u32::try_from(slot).unwrap_or(u32::MAX);
            }
        }
        for slot in order {
            self.reevaluate(slot);
        }
        self.clear_marks();
    }

    fn clear_marks(&mut self) {
        self.touched.iter_mut().for_each(|t| *t = false);
        self.touched_groups.iter_mut().for_each(|t| *t = false);
        self.pages_changed.clear();
    }

    /// The validation date.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Last updated page (最終更新ページ番号): the page of the last edit, unless set since.
    pub fn last_page(&self) -> u32 {
        self.last_page
    }

    /// Set the last updated page.
    pub fn set_last_page(&mut self, page: u32) -> Result<(), EditError> {
        if page == 0 || page as usize > self.model.form.pages().len() {
            return Err(EditError::new(
                "last-page-out-of-range",
                format!(
                    "lastPage must be between 1 and {}",
                    self.model.form.pages().len()
                ),
                Location {
                    page: Some(PageNumber(page)),
                    ..Location::default()
                },
            ));
        }
        self.last_page = page;
        Ok(())
    }

    // ---- edits ------------------------------------------------------------------------------

    fn locate(&self, id: &str, seq: u32) -> Result<(u32, Option<u32>), EditError> {
        let loc = || Location {
            master_id: valid_id(id).then(|| id.to_string()),
            seq: Some(RepeatSeq(seq)),
            ..Location::default()
        };
        let slot = self.model.slot(id).ok_or_else(|| {
            EditError::new(
                "unknown-item",
                "no item of the form has this master ID",
                loc(),
            )
        })?;
        let item = self
            .model
            .item(slot)
            .ok_or_else(|| EditError::new("unknown-item", "no such item", loc()))?;
        let loc = || item_loc(item, seq, None);
        if !item.ty.is_answerable() {
            return Err(EditError::new(
                "not-answerable",
                format!("a {} item is never answered", item.ty.as_str()),
                loc(),
            ));
        }
        match item.group {
            None if seq != 1 => Err(EditError::new(
                "unexpected-repeat-seq",
                "an item outside a repeatable group always has seq 1",
                loc(),
            )),
            None => Ok((slot, None)),
            Some(g) => {
                let n = self.rows.get(g as usize).map_or(0, |r| r.n);
                if seq == 0 || seq > n {
                    Err(EditError::new(
                        "no-such-repetition",
                        format!("the group has repetitions 1..{n}; add one first"),
                        loc(),
                    ))
                } else {
                    Ok((slot, Some(g)))
                }
            }
        }
    }

    /// Answer (id, seq) with `value`, as typed: a non-canonical text is kept and reported.
    pub fn set(&mut self, id: &str, seq: u32, value: &str) -> Result<Touched, EditError> {
        let (slot, group) = self.locate(id, seq)?;
        self.edit(slot, group, seq, Some(value.to_string()))
    }

    /// Remove the answer of (id, seq).
    pub fn clear(&mut self, id: &str, seq: u32) -> Result<Touched, EditError> {
        let (slot, group) = self.locate(id, seq)?;
        self.edit(slot, group, seq, None)
    }

    fn edit(
        &mut self,
        slot: u32,
        group: Option<u32>,
        seq: u32,
        value: Option<String>,
    ) -> Result<Touched, EditError> {
        let model = Rc::clone(&self.model);
        let Some(item) = model.item(slot) else {
            return Ok(Touched::default());
        };
        self.write_answer(item, slot, seq, value);
        self.last_page = item.page.0;
        self.mark(slot);
        self.push(slot);
        self.push_dependents(slot);
        if let Some(g) = group {
            self.refresh_reps(g);
        }
        Ok(self.run())
    }

    /// Add an empty repetition at the end of a group; returns its seq.
    pub fn add_repetition(&mut self, group_id: &str) -> Result<(u32, Touched), EditError> {
        let g = self.group_of(group_id)?;
        let model = Rc::clone(&self.model);
        let (Some(group), Some(rows)) =
            (model.groups.get(g as usize), self.rows.get_mut(g as usize))
        else {
            return Err(EditError::new(
                "not-a-group",
                "no such group",
                Location::default(),
            ));
        };
        if rows.n >= group.max_repeat {
            let heading = model.item(group.slot);
            return Err(EditError::new(
                "too-many-repeats",
                format!(
                    "the group allows at most {} repetition(s)",
                    group.max_repeat
                ),
                heading.map_or_else(Location::default, |h| item_loc(h, rows.n + 1, None)),
            ));
        }
        rows.n += 1;
        let seq = rows.n;
        rows.cells.resize(rows.n as usize * rows.width, EMPTY);
        if let Some(h) = model.item(group.slot) {
            self.last_page = h.page.0;
        }
        self.touched_groups[g as usize] = true;
        for &m in &group.members {
            self.push(m);
        }
        Ok((seq, self.run()))
    }

    /// Remove repetition `seq` of a group; later repetitions move up by one.
    pub fn remove_repetition(&mut self, group_id: &str, seq: u32) -> Result<Touched, EditError> {
        let g = self.group_of(group_id)?;
        let model = Rc::clone(&self.model);
        let (Some(group), Some(rows)) =
            (model.groups.get(g as usize), self.rows.get_mut(g as usize))
        else {
            return Err(EditError::new(
                "not-a-group",
                "no such group",
                Location::default(),
            ));
        };
        let Some(start) = rows.index(seq, 0) else {
            let heading = model.item(group.slot);
            return Err(EditError::new(
                "no-such-repetition",
                format!("the group has repetitions 1..{}", rows.n),
                heading.map_or_else(Location::default, |h| item_loc(h, seq, None)),
            ));
        };
        rows.cells.drain(start..start + rows.width);
        rows.n -= 1;
        if let Some(h) = model.item(group.slot) {
            self.last_page = h.page.0;
        }
        self.touched_groups[g as usize] = true;
        for &m in &group.members {
            self.mark(m);
            self.push(m);
            self.push_dependents(m);
        }
        self.refresh_reps(g);
        Ok(self.run())
    }

    fn group_of(&self, group_id: &str) -> Result<u32, EditError> {
        self.model
            .slot(group_id)
            .and_then(|s| self.model.item(s))
            .and_then(|i| i.own_group)
            .ok_or_else(|| {
                EditError::new(
                    "not-a-group",
                    "no repeatable group of the form has this master ID",
                    Location {
                        master_id: valid_id(group_id).then(|| group_id.to_string()),
                        ..Location::default()
                    },
                )
            })
    }

    /// Store an answer (or its absence) in a cell, with its check result.
    fn write_answer(&mut self, item: &Item, slot: u32, seq: u32, value: Option<String>) {
        let checked = value.as_deref().map(|text| self.check(item, text));
        let cell = match item.group {
            None => self.cells.get_mut(slot as usize),
            Some(g) => self
                .rows
                .get_mut(g as usize)
                .and_then(|r| r.cell_mut(seq, item.local)),
        };
        let Some(cell) = cell else { return };
        cell.answer = value;
        match checked {
            None => {
                cell.parsed = None;
                cell.rejection = None;
            }
            Some(Ok(p)) => {
                cell.parsed = Some(p);
                cell.rejection = None;
            }
            Some(Err(r)) => {
                cell.parsed = None;
                cell.rejection = Some(r);
            }
        }
    }

    /// Check one answer text as core's placement pass does.
    fn check(&self, item: &Item, text: &str) -> Result<Parsed, Rejection> {
        let limit = self.model.limits.max_value_bytes;
        let checked = if text.len() > limit {
            Err((
                FindingCode::LengthOutOfRange,
                format!("answer is longer than {limit} bytes"),
            ))
        } else {
            item.rules.check(text)
        };
        checked.map_err(|rejection| {
            // Fixable when the normalised text is well formed, even if it is then out of
            // range: the person should see the format problem first (as core decides).
            let fixable = self.normalized(item, text).is_some_and(|(fixed, _)| {
                item.rules.check(&fixed).map_or_else(
                    |(code, _)| {
                        !matches!(code, FindingCode::TypeMismatch | FindingCode::InvalidOption)
                    },
                    |_| true,
                )
            });
            if fixable {
                (
                    FindingCode::NeedsNormalization,
                    "answer is not in canonical form; normalisation would fix it".into(),
                )
            } else {
                rejection
            }
        })
    }

    /// What core's normalisation makes of `text` for `item`, with the rules applied.
    pub(crate) fn normalized(&self, item: &Item, text: &str) -> Option<(String, Vec<String>)> {
        let mut set = AnswerSet {
            form_id: self.model.form.form_id().to_string(),
            status: AnswerStatus::Draft,
            last_page: Some(PageNumber(1)),
            answers: vec![Answer {
                id: item.id.to_string(),
                seq: RepeatSeq(1),
                value: text.to_string(),
            }],
        };
        let report = self.model.form.normalize(&mut set);
        let n = report.into_iter().next()?;
        let value = set.answers.into_iter().next()?.value;
        Some((
            value,
            n.rules.iter().map(|r| r.as_str().to_string()).collect(),
        ))
    }

    // ---- propagation ------------------------------------------------------------------------

    fn push(&mut self, slot: u32) {
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

    fn push_dependents(&mut self, slot: u32) {
        let model = Rc::clone(&self.model);
        for &d in model
            .dependents
            .get(slot as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            self.push(d);
        }
    }

    fn mark(&mut self, slot: u32) {
        if let Some(t) = self.touched.get_mut(slot as usize) {
            *t = true;
        }
    }

    /// Recount a group's repetitions; when the count changes, everything that aggregates over
    /// the group is re-evaluated.
    fn refresh_reps(&mut self, g: u32) {
        let Some(rows) = self.rows.get_mut(g as usize) else {
            return;
        };
        let reps = rows.last_present();
        if let Some(t) = self.touched_groups.get_mut(g as usize) {
            *t = true;
        }
        if reps == rows.reps {
            return;
        }
        rows.reps = reps;
        let model = Rc::clone(&self.model);
        if let Some(group) = model.groups.get(g as usize) {
            for &m in &group.members {
                self.push_dependents(m);
            }
        }
    }

    /// Drain the queue in rank order, then report and reset what was touched.
    fn run(&mut self) -> Touched {
        while let Some(Reverse((_, slot))) = self.queue.pop() {
            if let Some(q) = self.queued.get_mut(slot as usize) {
                *q = false;
            }
            self.mark(slot);
            if self.reevaluate(slot) {
                self.push_dependents(slot);
            }
        }
        let mut out = Touched::default();
        for (slot, t) in self.touched.iter_mut().enumerate() {
            if std::mem::take(t) {
                out.slots.push(u32::try_from(slot).unwrap_or(u32::MAX));
            }
        }
        for (g, t) in self.touched_groups.iter_mut().enumerate() {
            if std::mem::take(t) {
                out.groups.push(u32::try_from(g).unwrap_or(u32::MAX));
            }
        }
        out.pages = std::mem::take(&mut self.pages_changed);
        out
    }
}

/// Master IDs are echoed in errors only when they look like master IDs (never free text).
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

// ---- evaluation -------------------------------------------------------------------------------

impl Session {
    /// Re-evaluate every row of `slot`: enablement, calculation, requirement, constraints.
    /// Returns whether what other items read of it (enablement or value) changed.
    fn reevaluate(&mut self, slot: u32) -> bool {
        let model = Rc::clone(&self.model);
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
                            if let Some(t) = self.touched_groups.get_mut(g as usize) {
                                *t = true;
                            }
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
        let answered = cell.answer.is_some();
        let valid = cell.parsed.is_some();
        let changed = before != (enabled, computed);
        let required = enabled
            && match &item.required_when {
                Some(p) => holds(Some(p), &*self, seq),
                None => item.required,
            };
        let mut failed = 0u64;
        if enabled && answered && valid {
            for (i, c) in item.constraints.iter().enumerate() {
                if matches!(c.program.eval(&*self, seq), Value::Bool(false)) {
                    failed |= 1u64 << i;
                }
            }
        }
        if let Some(cell) = self.cell_mut(item, at, seq) {
            cell.required = required;
            cell.failed = failed;
        }
        if before.0 != enabled && item.group.is_none() {
            let page = item.page.0;
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
        changed
    }
}

// ---- findings and views -----------------------------------------------------------------------

impl Session {
    fn cell_findings(
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
            out.push(Finding::warning(
                FindingCode::CalculatedMismatch,
                item_loc(item, seq, index),
                "the answer differs from the value the form calculates",
            ));
        }
        if !cell.enabled {
            if answered && mode == Mode::Complete {
                out.push(Finding::error(
                    FindingCode::AnsweredWhileDisabled,
                    item_loc(item, seq, index),
                    "the item is answered but its condition (enableWhen) is false",
                ));
            }
            return;
        }
        if !answered {
            if mode == Mode::Complete && cell.required && item.calculate.is_none() {
                out.push(Finding::error(
                    FindingCode::RequiredMissing,
                    item_loc(item, seq, None),
                    "a required item is not answered",
                ));
            }
            return;
        }
        if cell.parsed.is_none() {
            return;
        }
        for (i, c) in item.constraints.iter().enumerate() {
            if cell.failed & (1u64 << i) != 0 {
                let mut loc = item_loc(item, seq, index);
                loc.field = Some(format!("constraints[{}]", c.index));
                let message = c
                    .message
                    .clone()
                    .unwrap_or_else(|| format!("constraint `{}` does not hold", c.code));
                let mut f = Finding::error(FindingCode::ConstraintFailed, loc, message)
                    .with_detail(c.code.clone());
                f.severity = c.severity;
                out.push(f);
            }
        }
    }

    fn group_findings(&self, g: u32, mode: Mode, out: &mut Vec<Finding>) {
        let (Some(group), Some(rows)) =
            (self.model.groups.get(g as usize), self.rows.get(g as usize))
        else {
            return;
        };
        let Some(heading) = self.model.item(group.slot) else {
            return;
        };
        let present = (1..=rows.reps).filter(|&s| rows.row_present(s)).count();
        if mode == Mode::Complete && rows.enabled && present < group.min_repeat as usize {
            out.push(Finding::error(
                FindingCode::TooFewRepeats,
                Location {
                    seq: None,
                    ..item_loc(heading, 1, None)
                },
                format!(
                    "the group needs at least {} repetition(s)",
                    group.min_repeat
                ),
            ));
        }
        if let Some(gap) = (1..=rows.reps).find(|&s| !rows.row_present(s)) {
            out.push(Finding::error(
                FindingCode::RepeatSeqGap,
                item_loc(heading, gap, None),
                format!("repetitions must be numbered 1..n; seq {gap} is missing"),
            ));
        }
    }

    /// For each slot, how many answers of [`Session::answer_set`] come before its first.
    fn answer_offsets(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.model.items.len());
        let mut n = 0u32;
        for (slot, item) in self.model.items.iter().enumerate() {
            out.push(n);
            match item.group {
                None => {
                    if self.cells.get(slot).is_some_and(|c| c.answer.is_some()) {
                        n += 1;
                    }
                }
                Some(g) => {
                    if let Some(rows) = self.rows.get(g as usize) {
                        n += u32::try_from(
                            (1..=rows.n)
                                .filter(|&s| {
                                    rows.cell(s, item.local).is_some_and(|c| c.answer.is_some())
                                })
                                .count(),
                        )
                        .unwrap_or(0);
                    }
                }
            }
        }
        out
    }

    /// The cells of `slot` with their answer indices: `(seq, cell, index)`.
    fn cells_of(&self, slot: u32, offset: u32) -> Vec<(u32, &Cell, Option<u32>)> {
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
            Some(g) => {
                let Some(rows) = self.rows.get(g as usize) else {
                    return Vec::new();
                };
                (1..=rows.n)
                    .filter_map(|s| rows.cell(s, item.local).map(|c| (s, c, take(c))))
                    .collect()
            }
        }
    }

    /// Every finding in `mode` (optionally of one page): exactly what
    /// `CompiledForm::validate` reports for [`Session::answer_set`].
    pub fn findings(&self, mode: Mode, page: Option<u32>) -> Vec<Finding> {
        let mut out = Vec::new();
        let offsets = self.answer_offsets();
        for (slot, item) in self.model.items.iter().enumerate() {
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
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            let offset = offsets.get(slot as usize).copied().unwrap_or(0);
            let reps = item
                .group
                .and_then(|g| self.rows.get(g as usize))
                .map(|r| (r.reps, r));
            for (seq, cell, index) in self.cells_of(slot, offset) {
                if let Some((last, rows)) = reps {
                    if seq > last || !rows.row_present(seq) {
                        continue;
                    }
                }
                self.cell_findings(item, cell, seq, index, mode, &mut out);
            }
        }
        out
    }

    /// The answers as an answer set: items in definition order, repetitions in order.
    pub fn answer_set(&self, status: AnswerStatus) -> AnswerSet {
        let mut answers = Vec::new();
        for (slot, item) in self.model.items.iter().enumerate() {
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
            form_id: self.model.form.form_id().to_string(),
            status,
            last_page: Some(PageNumber(self.last_page)),
            answers,
        }
    }

    /// Pages with their labels and visibility.
    pub fn pages(&self) -> Vec<crate::dto::PageView> {
        self.model
            .form
            .pages()
            .iter()
            .map(|p| self.page_view(p.number.0))
            .collect()
    }

    fn page_view(&self, number: u32) -> crate::dto::PageView {
        let label = self
            .model
            .form
            .pages()
            .get((number as usize).wrapping_sub(1))
            .map(|p| p.label.clone())
            .unwrap_or_default();
        crate::dto::PageView {
            number,
            label,
            visible: self
                .page_enabled
                .get((number as usize).wrapping_sub(1))
                .is_some_and(|&c| c > 0),
        }
    }

    /// The enabled answerable (item, repetition)s, optionally of one page.
    pub fn visible_items(&self, page: Option<u32>) -> Vec<crate::dto::VisibleItem> {
        let mut out = Vec::new();
        for (slot, item) in self.model.items.iter().enumerate() {
            if page.is_some_and(|p| item.page.0 != p) || !item.ty.is_answerable() {
                continue;
            }
            for (seq, cell, _) in self.cells_of(u32::try_from(slot).unwrap_or(u32::MAX), 0) {
                if cell.enabled {
                    out.push(crate::dto::VisibleItem {
                        id: item.id.to_string(),
                        seq,
                    });
                }
            }
        }
        out
    }

    fn cell_views(&self, slot: u32, offset: u32, mode: Mode, out: &mut Vec<crate::dto::CellView>) {
        let Some(item) = self.model.item(slot) else {
            return;
        };
        if !item.ty.is_answerable() {
            return;
        }
        let rows = item.group.and_then(|g| self.rows.get(g as usize));
        for (seq, cell, index) in self.cells_of(slot, offset) {
            let mut findings = Vec::new();
            let counted = rows.is_none_or(|r| seq <= r.reps && r.row_present(seq));
            if counted {
                self.cell_findings(item, cell, seq, index, mode, &mut findings);
            }
            out.push(crate::dto::CellView {
                id: item.id.to_string(),
                seq,
                enabled: cell.enabled,
                value: cell.answer.clone(),
                computed: cell
                    .computed
                    .filter(|_| item.calculate.is_some())
                    .map(|c| c.text(item.ty, item.precision)),
                required: cell.required && item.calculate.is_none(),
                findings: crate::dto::findings(findings),
            });
        }
    }

    fn group_view(&self, g: u32, mode: Mode) -> Option<crate::dto::GroupView> {
        let group = self.model.groups.get(g as usize)?;
        let rows = self.rows.get(g as usize)?;
        let heading = self.model.item(group.slot)?;
        let mut findings = Vec::new();
        self.group_findings(g, mode, &mut findings);
        Some(crate::dto::GroupView {
            id: heading.id.to_string(),
            rows: rows.n,
            repetitions: rows.reps,
            enabled: rows.enabled,
            min_repeat: group.min_repeat,
            max_repeat: group.max_repeat,
            findings: crate::dto::findings(findings),
        })
    }

    /// The views of what an edit touched, findings in `mode`.
    pub fn change(&self, touched: &Touched, mode: Mode) -> crate::dto::Change {
        let offsets = self.answer_offsets();
        let mut cells = Vec::new();
        for &slot in &touched.slots {
            let offset = offsets.get(slot as usize).copied().unwrap_or(0);
            self.cell_views(slot, offset, mode, &mut cells);
        }
        crate::dto::Change {
            cells,
            groups: touched
                .groups
                .iter()
                .filter_map(|&g| self.group_view(g, mode))
                .collect(),
            pages: touched.pages.iter().map(|&p| self.page_view(p)).collect(),
            seq: None,
            normalized: None,
        }
    }

    /// The whole state, findings in `mode`.
    pub fn view(&self, mode: Mode) -> crate::dto::SessionView {
        let offsets = self.answer_offsets();
        let mut cells = Vec::new();
        for (slot, offset) in offsets.iter().enumerate() {
            self.cell_views(
                u32::try_from(slot).unwrap_or(u32::MAX),
                *offset,
                mode,
                &mut cells,
            );
        }
        crate::dto::SessionView {
            form_id: self.model.form.form_id().to_string(),
            today: self.today.to_string(),
            last_page: self.last_page,
            mode: match mode {
                Mode::Draft => crate::dto::ModeName::Draft,
                Mode::Complete => crate::dto::ModeName::Complete,
            },
            pages: self.pages(),
            groups: (0..u32::try_from(self.rows.len()).unwrap_or(0))
                .filter_map(|g| self.group_view(g, mode))
                .collect(),
            cells,
        }
    }

    /// Normalise `value` for item `id` as core's normalisation would.
    pub fn normalize_value(&self, id: &str, value: &str) -> Option<(String, Vec<String>)> {
        let item = self.model.slot(id).and_then(|s| self.model.item(s))?;
        self.normalized(item, value)
    }
}

/// A compiled form ready to open sessions on.
#[derive(Debug, Clone)]
pub struct FormModel {
    model: Rc<Model>,
}

impl FormModel {
    /// Prepare `form` (compiled by core with `limits`) for sessions. Fails only on an internal
    /// disagreement with core (reported as text, never a panic).
    pub fn new(
        form: monshin_core::CompiledForm,
        limits: monshin_core::Limits,
    ) -> Result<FormModel, String> {
        Ok(FormModel {
            model: Rc::new(Model::new(form, limits)?),
        })
    }

    /// The compiled form.
    pub fn compiled(&self) -> &monshin_core::CompiledForm {
        &self.model.form
    }

    /// The limits the form was compiled with.
    pub fn limits(&self) -> &monshin_core::Limits {
        &self.model.limits
    }

    /// A session with nothing answered.
    pub fn session(&self, today: Date) -> Session {
        Session::new(Rc::clone(&self.model), today)
    }

    /// A session holding `set`'s answers; see [`Session`]. Fails with the findings that make
    /// the set uneditable (unknown items, duplicates, bad or missing seqs, another form).
    pub fn load(&self, today: Date, set: &AnswerSet) -> Result<Session, Vec<Finding>> {
        Session::load(Rc::clone(&self.model), today, set)
    }
}
