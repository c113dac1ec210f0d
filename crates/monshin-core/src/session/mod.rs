//! A form session: one answer set being edited, kept validated incrementally.
//!
//! For pages that validate as people type (the WASM package) and for anything else that edits
//! answers one at a time. A [`SessionForm`] is a [`CompiledForm`] plus its reverse dependency
//! graph; each [`Session`] opened on it holds one cell per (item, repetition) with the answer
//! text, its check result, whether the item is enabled, its calculated value, whether it is
//! required and which of its constraints fail.
//!
//! Changing one answer re-checks that answer and then re-evaluates only the items that read
//! it, in the form's dependency order; an item whose enablement and value did not change stops
//! the walk. Findings are assembled from the cells on demand and are exactly those
//! [`CompiledForm::validate`] reports for [`Session::answer_set`] (a property test checks
//! this on random edits).
//!
//! Rows of a repeatable group are numbered 1..n as shown to the person; a row without any
//! answer is kept for editing but, as in the answer set, does not count as a repetition
//! (`count()`, `any()` … and `minRepeat` see only rows up to the last one with an answer).
//!
//! ```
//! use std::sync::Arc;
//! use monshin_core::{CompiledForm, Limits, Mode, session::SessionForm};
//! use monshin_expr::Date;
//!
//! let form = CompiledForm::from_json(r#"{
//!   "formKind": "vaccination", "id": "V1", "title": "予診票", "version": "1",
//!   "pages": [{ "number": 1, "label": "体調", "items": [
//!     { "id": "SICK", "type": "yes-no", "text": "具合の悪いところは", "required": true },
//!     { "id": "SICK_D", "type": "text", "text": "症状", "required": true,
//!       "enableWhen": "$SICK = true" }
//!   ]}]
//! }"#.as_bytes(), &Limits::default()).unwrap();
//! let form = Arc::new(SessionForm::new(form));
//! let mut session = form.session(Date::from_ymd(2026, 4, 1).unwrap());
//! let touched = session.set("SICK", 1, "1").unwrap();
//! assert_eq!(touched.len(), 2); // SICK itself and the follow-up it enables
//! assert_eq!(session.findings(Mode::Complete, None).len(), 1); // SICK_D is now required
//! ```

mod cells;
mod propagate;
mod report;
mod state;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use monshin_expr::{Date, Env, Value};

use crate::answers::{AnswerSet, AnswersDoc};
use crate::compile::{CompiledForm, Item};
use crate::finding::{Finding, FindingCode, Location};
use crate::ids::{PageNumber, RepeatSeq};
use crate::normalize::NormalizationRule;
use crate::validate::findings::item_loc;
use crate::validate::Options;

use cells::{Cell, Parsed, Rows, EMPTY};
pub use state::{CellState, GroupState, PageState};

/// A compiled form ready to open sessions on: the form and, per item, the items that read it.
#[derive(Debug, Clone)]
pub struct SessionForm {
    form: CompiledForm,
    /// For each slot: the slots whose conditions, calculation or constraints read it, and for
    /// a group heading its members; ascending.
    dependents: Vec<Vec<u32>>,
    /// Position of each slot in the form's dependency order.
    rank: Vec<u32>,
}

impl SessionForm {
    /// Prepare `form` for sessions.
    pub fn new(form: CompiledForm) -> SessionForm {
        let n = form.items.len();
        let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (slot, item) in form.items.iter().enumerate() {
            let slot = u32::try_from(slot).unwrap_or(u32::MAX);
            for d in item.read_slots() {
                if let Some(list) = dependents.get_mut(d as usize) {
                    list.push(slot);
                }
            }
        }
        for g in &form.groups {
            if let Some(list) = dependents.get_mut(g.slot as usize) {
                list.extend(&g.members);
            }
        }
        for list in &mut dependents {
            list.sort_unstable();
            list.dedup();
        }
        let mut rank = vec![u32::MAX; n];
        for (pos, &slot) in form.order.iter().enumerate() {
            if let Some(r) = rank.get_mut(slot as usize) {
                *r = u32::try_from(pos).unwrap_or(u32::MAX);
            }
        }
        SessionForm {
            form,
            dependents,
            rank,
        }
    }

    /// The compiled form.
    pub fn compiled(&self) -> &CompiledForm {
        &self.form
    }

    /// A session with nothing answered, validating with `today`.
    pub fn session(self: &Arc<Self>, today: Date) -> Session {
        Session::new(Arc::clone(self), today)
    }

    /// A session holding `set`'s answers. The set must be editable: every answer names an
    /// answerable item of this form, with a fitting seq, once. Otherwise the findings
    /// [`CompiledForm::validate`] reports for those problems are returned.
    pub fn load(self: &Arc<Self>, today: Date, set: &AnswerSet) -> Result<Session, Vec<Finding>> {
        Session::load(Arc::clone(self), today, set)
    }

    fn item(&self, slot: u32) -> Option<&Item> {
        self.form.items.get(slot as usize)
    }
}

/// Why an edit was refused. Messages never contain answer values nor a master ID the form
/// does not have.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
pub struct EditError {
    /// Stable code (`session.*`).
    pub code: FindingCode,
    /// What was wrong.
    pub message: String,
    /// The item and repetition concerned (boxed: results stay small on the happy path).
    pub location: Box<Location>,
}

impl EditError {
    /// The error in the one diagnostic shape (severity error).
    pub fn to_finding(&self) -> Finding {
        Finding::error(self.code, (*self.location).clone(), self.message.clone())
    }

    fn new(code: FindingCode, message: impl Into<String>, location: Location) -> EditError {
        EditError {
            code,
            message: message.into(),
            location: Box::new(location),
        }
    }
}

/// What one edit changed: the cells and groups whose state may differ, for a UI to redraw.
/// Read it with [`Session::cell_states`], [`Session::group_states`], [`Session::page_states`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Touched {
    /// Slots re-evaluated (all their rows), ascending.
    slots: Vec<u32>,
    /// Groups whose rows, enablement or repetition count may have changed.
    groups: Vec<u32>,
    /// Pages whose visibility changed.
    pages: Vec<u32>,
}

impl Touched {
    /// Number of items (group headings and members included) re-evaluated.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether nothing was re-evaluated.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty() && self.groups.is_empty() && self.pages.is_empty()
    }

    /// Numbers of the pages whose visibility changed.
    pub fn pages(&self) -> &[u32] {
        &self.pages
    }
}

/// A form being answered. See the module documentation.
#[derive(Debug, Clone)]
pub struct Session {
    model: Arc<SessionForm>,
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

impl Session {
    fn new(model: Arc<SessionForm>, today: Date) -> Session {
        let form = &model.form;
        let n = form.items.len();
        let rows = form
            .groups
            .iter()
            .map(|g| Rows::new(g.members.len()))
            .collect();
        // Every cell starts enabled, so each page starts with all its items outside groups.
        let mut page_enabled = vec![0u32; form.pages.len()];
        for item in form.items.iter().filter(|i| i.group.is_none()) {
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
            touched_groups: vec![false; form.groups.len()],
            pages_changed: Vec::new(),
            model,
        };
        s.evaluate_all();
        s
    }

    fn load(
        model: Arc<SessionForm>,
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
        let report = model
            .form
            .validate(&AnswersDoc::from_set(set), &Options::draft(today));
        let problems: Vec<Finding> = report
            .into_findings()
            .into_iter()
            .filter(structural)
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut s = Session::new(model, today);
        let pages = u32::try_from(s.model.form.pages.len()).unwrap_or(u32::MAX);
        s.last_page = set.last_page.map_or(1, |p| p.0.clamp(1, pages.max(1)));
        let model = Arc::clone(&s.model);
        for a in &set.answers {
            let Some((slot, item)) = model
                .form
                .slot(&a.id)
                .and_then(|s| Some((s, model.item(s)?)))
            else {
                continue;
            };
            if let Some(rows) = item.group.and_then(|g| s.rows.get_mut(g as usize)) {
                rows.grow_to(a.seq.0);
            }
            s.write_answer(item, slot, a.seq.0, Some(a.value.clone()));
        }
        for rows in &mut s.rows {
            rows.reps = rows.last_present();
        }
        s.evaluate_all();
        Ok(s)
    }

    /// The form this session answers.
    pub fn form(&self) -> &CompiledForm {
        &self.model.form
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
        let pages = self.model.form.pages.len();
        if page == 0 || page as usize > pages {
            return Err(EditError::new(
                FindingCode::SessionLastPageOutOfRange,
                format!("lastPage must be between 1 and {pages}"),
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
        let unknown = || {
            EditError::new(
                FindingCode::SessionUnknownItem,
                format!(
                    "no item of the form has this master ID ({})",
                    monshin_jsonpath::TextShape::of(id)
                ),
                Location {
                    seq: Some(RepeatSeq(seq)),
                    ..Location::default()
                },
            )
        };
        let slot = self.model.form.slot(id).ok_or_else(unknown)?;
        let item = self.model.item(slot).ok_or_else(unknown)?;
        let loc = || item_loc(item, seq, None);
        if !item.ty.is_answerable() {
            return Err(EditError::new(
                FindingCode::SessionNotAnswerable,
                format!("a {} item is never answered", item.ty.as_str()),
                loc(),
            ));
        }
        if item.filled_by_clinic {
            return Err(EditError::new(
                FindingCode::SessionNotAnswerable,
                "this item is filled in by the clinic (医師記入欄), not by the person answering",
                loc(),
            ));
        }
        match item.group {
            None if seq != 1 => Err(EditError::new(
                FindingCode::SessionUnexpectedRepeatSeq,
                "an item outside a repeatable group always has seq 1",
                loc(),
            )),
            None => Ok((slot, None)),
            Some(g) => {
                let n = self.rows.get(g as usize).map_or(0, |r| r.n);
                if seq == 0 || seq > n {
                    Err(EditError::new(
                        FindingCode::SessionNoSuchRepetition,
                        format!("the group has repetitions 1..{n}; add one first"),
                        loc(),
                    ))
                } else {
                    Ok((slot, Some(g)))
                }
            }
        }
    }

    /// Answer (id, seq) with `value`, as typed: a non-canonical text is kept and reported; a
    /// blank one (spaces, U+3000, zero-width characters only) clears the answer.
    pub fn set(&mut self, id: &str, seq: u32, value: &str) -> Result<Touched, EditError> {
        let (slot, group) = self.locate(id, seq)?;
        Ok(self.edit(slot, group, seq, Some(value.to_string())))
    }

    /// Remove the answer of (id, seq).
    pub fn clear(&mut self, id: &str, seq: u32) -> Result<Touched, EditError> {
        let (slot, group) = self.locate(id, seq)?;
        Ok(self.edit(slot, group, seq, None))
    }

    fn edit(&mut self, slot: u32, group: Option<u32>, seq: u32, value: Option<String>) -> Touched {
        let model = Arc::clone(&self.model);
        let Some(item) = model.item(slot) else {
            return Touched::default();
        };
        self.write_answer(item, slot, seq, value);
        self.last_page = item.page.0;
        self.mark(slot);
        self.push(slot);
        self.push_dependents(slot);
        if let Some(g) = group {
            self.refresh_reps(g);
        }
        self.run()
    }

    /// Add an empty repetition at the end of a group; returns its seq.
    pub fn add_repetition(&mut self, group_id: &str) -> Result<(u32, Touched), EditError> {
        let g = self.group_of(group_id)?;
        let model = Arc::clone(&self.model);
        let (Some(group), Some(rows)) = (
            model.form.groups.get(g as usize),
            self.rows.get_mut(g as usize),
        ) else {
            return Err(self.not_a_group(group_id));
        };
        let heading = model.item(group.slot);
        if rows.n >= group.max_repeat {
            return Err(EditError::new(
                FindingCode::SessionTooManyRepeats,
                format!(
                    "the group allows at most {} repetition(s)",
                    group.max_repeat
                ),
                heading.map_or_else(Location::default, |h| item_loc(h, rows.n + 1, None)),
            ));
        }
        let seq = rows.n + 1;
        rows.grow_to(seq);
        if let Some(h) = heading {
            self.last_page = h.page.0;
        }
        self.mark_group(g);
        for &m in &group.members {
            self.push(m);
        }
        Ok((seq, self.run()))
    }

    /// Remove repetition `seq` of a group; later repetitions move up by one.
    pub fn remove_repetition(&mut self, group_id: &str, seq: u32) -> Result<Touched, EditError> {
        let g = self.group_of(group_id)?;
        let model = Arc::clone(&self.model);
        let (Some(group), Some(rows)) = (
            model.form.groups.get(g as usize),
            self.rows.get_mut(g as usize),
        ) else {
            return Err(self.not_a_group(group_id));
        };
        let heading = model.item(group.slot);
        let Some(start) = rows.index(seq, 0) else {
            return Err(EditError::new(
                FindingCode::SessionNoSuchRepetition,
                format!("the group has repetitions 1..{}", rows.n),
                heading.map_or_else(Location::default, |h| item_loc(h, seq, None)),
            ));
        };
        rows.cells.drain(start..start + rows.width);
        rows.n -= 1;
        if let Some(h) = heading {
            self.last_page = h.page.0;
        }
        self.mark_group(g);
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
            .form
            .slot(group_id)
            .and_then(|s| self.model.item(s))
            .and_then(|i| i.own_group)
            .ok_or_else(|| self.not_a_group(group_id))
    }

    fn not_a_group(&self, group_id: &str) -> EditError {
        // A master ID is named only when it is one of the form's; anything else was typed.
        let known = self.model.form.slot(group_id).is_some();
        EditError::new(
            FindingCode::SessionNotAGroup,
            format!(
                "no repeatable group of the form has this master ID ({})",
                monshin_jsonpath::TextShape::of(group_id)
            ),
            Location {
                master_id: known.then(|| group_id.to_string()),
                ..Location::default()
            },
        )
    }

    /// Store an answer (or its absence) in a cell, with its check result.
    fn write_answer(&mut self, item: &Item, slot: u32, seq: u32, value: Option<String>) {
        // A blank answer is no answer, as in validation.
        let value = value.filter(|v| !crate::normalize::is_blank(v));
        let checked = value
            .as_deref()
            .map(|text| crate::validate::check_text(&self.model.form, item, text).map(Parsed::of));
        let cell = match item.group {
            None => self.cells.get_mut(slot as usize),
            Some(g) => self
                .rows
                .get_mut(g as usize)
                .and_then(|r| r.cell_mut(seq, item.local)),
        };
        let Some(cell) = cell else { return };
        cell.answer = value;
        (cell.parsed, cell.rejection) = match checked {
            None => (None, None),
            Some(Ok(p)) => (Some(p), None),
            Some(Err(r)) => (None, Some(r)),
        };
    }

    /// What normalisation makes of `value` for item `id` (the canonical text and the rules
    /// applied), or `None` when it has nothing to change or the item is unknown.
    pub fn normalize_value(
        &self,
        id: &str,
        value: &str,
    ) -> Option<(String, Vec<NormalizationRule>)> {
        let item = self.model.form.slot(id).and_then(|s| self.model.item(s))?;
        crate::normalize::normalized_value(item, value)
            .ok()
            .flatten()
    }
}
