//! Core's form [`Session`] seen from JavaScript: its states turned into the JS objects of
//! [`crate::dto`]. The session itself (incremental re-validation) lives in
//! `monshin_core::session`; nothing here evaluates anything.

use std::sync::Arc;

use monshin_core::session::{CellState, GroupState, PageState};
use monshin_core::{Mode, SessionForm};

use crate::dto::{CellView, Change, GroupView, PageView, SessionView, VisibleItem};

pub use monshin_core::{EditError, Session, Touched};

/// A compiled form ready to open sessions on, shared by the sessions it opens.
pub type FormModel = Arc<SessionForm>;

fn page(p: PageState<'_>) -> PageView {
    PageView {
        number: p.number,
        label: p.label.to_string(),
        visible: p.visible,
    }
}

fn cell(c: CellState<'_>) -> CellView {
    CellView {
        id: c.id.to_string(),
        seq: c.seq,
        enabled: c.enabled,
        value: c.value.map(str::to_string),
        computed: c.computed,
        required: c.required,
        findings: c.findings,
    }
}

fn group(g: GroupState<'_>) -> GroupView {
    GroupView {
        id: g.id.to_string(),
        rows: g.rows,
        repetitions: g.repetitions,
        enabled: g.enabled,
        min_repeat: g.min_repeat,
        max_repeat: g.max_repeat,
        findings: g.findings,
    }
}

/// The views of what an edit touched, findings in `mode`.
pub fn change(session: &Session, touched: &Touched, mode: Mode) -> Change {
    Change {
        cells: session
            .cell_states(Some(touched), mode)
            .into_iter()
            .map(cell)
            .collect(),
        groups: session
            .group_states(Some(touched), mode)
            .into_iter()
            .map(group)
            .collect(),
        pages: session
            .page_states(Some(touched))
            .into_iter()
            .map(page)
            .collect(),
        seq: None,
        normalized: None,
    }
}

/// Pages with their labels and visibility.
pub fn pages(session: &Session) -> Vec<PageView> {
    session.page_states(None).into_iter().map(page).collect()
}

/// The whole state, findings in `mode`.
pub fn view(session: &Session, mode: Mode) -> SessionView {
    SessionView {
        definition: session.form().definition_id().to_string(),
        today: session.today().to_string(),
        last_page: session.last_page(),
        mode,
        pages: pages(session),
        groups: session
            .group_states(None, mode)
            .into_iter()
            .map(group)
            .collect(),
        cells: session
            .cell_states(None, mode)
            .into_iter()
            .map(cell)
            .collect(),
    }
}

/// The enabled answerable (item, repetition)s, optionally of one page.
pub fn visible_items(session: &Session, page: Option<u32>) -> Vec<VisibleItem> {
    session
        .visible_items(page)
        .into_iter()
        .map(|(id, seq)| VisibleItem {
            id: id.to_string(),
            seq,
        })
        .collect()
}

/// What normalisation makes of `value` for item `id`, with the rule codes applied.
pub fn normalize_value(session: &Session, id: &str, value: &str) -> Option<(String, Vec<String>)> {
    let (text, rules) = session.normalize_value(id, value)?;
    Some((text, rules.iter().map(|r| r.as_str().to_string()).collect()))
}
