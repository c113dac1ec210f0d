//! The answer-status lifecycle 未回答 → 下書き → 回答済み and the last-page rules.
//!
//! # Status (回答状況)
//!
//! | PMH now \ register as | 下書き (draft) | 回答済み (answered) |
//! |---|---|---|
//! | 未回答 (unanswered) | [`Transition::StartDraft`] | [`Transition::Submit`] |
//! | 下書き (draft) | [`Transition::SaveDraft`] | [`Transition::Submit`] |
//! | 回答済み (answered) | [`Transition::Reopen`] (policy: warns by default) | [`Transition::Resubmit`] |
//!
//! - Every register needs 回答許可フラグ = true (`lifecycle.not-answerable`): the flag is how
//!   PMH says whether the form "can be answered" (表 2.4-4 項番 36, 2.4-11 項番 23).
//! - 未回答 is never sent (`lifecycle.unanswered-not-registrable`): the register tables list
//!   only 「下書き」「回答済み」 (表 2.4-6 項番 50, 2.4-12 項番 33).
//! - 下書き needs a clean draft validation and 回答済み a clean complete validation; that is what
//!   [`monshin_core::Validated`] guarantees, and register payloads are built only from one.
//! - **回答済み → 下書き is [`Transition::Reopen`]**, which the guideline does not forbid (a
//!   citizen reopening a form). Whether it is refused, warned about or allowed is
//!   [`crate::Policy::reopen_answered`] (our design; warn by default): PMH lists the status to
//!   the municipality and the medical institution (表 2.4-4), and a downgrade replaces a
//!   complete, validated answer with a partial one they can no longer rely on. When the flag
//!   turns false the answered form is final.
//! - 未回答 → 回答済み directly is allowed: nothing in the guideline requires a draft first.
//!
//! # Last page (最終更新ページ番号)
//!
//! The guideline's name is the rule: the number of the page *last updated* — for drafts and
//! answered forms alike (an answered form is not forced to the last page: a resubmission that
//! corrects page 1 records page 1).
//!
//! - It is present on every register (`lifecycle.last-page-missing`) and within `1..=n` (`lifecycle.last-page-out-of-range`;
//!   complete and draft validation also report `answers.last-page-out-of-range`).
//! - Compared with what PMH holds ([`check_last_page`], **our design**, applied as
//!   [`crate::Policy::last_page_not_updated`] says — warn by default): when answers changed, it must be one
//!   of the pages with a changed answer (the app knows which of them the person touched last);
//!   when no answer changed (e.g. a draft submitted unchanged), nothing was updated, so it must
//!   stay PMH's last page when PMH has one within the form. Otherwise
//!   `lifecycle.last-page-not-updated`. Calculated items never count as changes (they are not
//!   registered, see [`crate::payload`]).

use monshin_core::diff::diff;
use monshin_core::{AnswerSet, AnswerStatus, CompiledForm, PageNumber};

use crate::error::LifecycleError;
use crate::state::{PmhFormState, StoredForm};

/// An allowed status change of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// 未回答 → 下書き: the first save.
    StartDraft,
    /// 下書き → 下書き: saving a draft again.
    SaveDraft,
    /// 未回答 or 下書き → 回答済み: finishing the form.
    Submit,
    /// 回答済み → 回答済み: correcting an answered form while it may still be answered.
    Resubmit,
    /// 回答済み → 下書き: reopening an answered form (a rule of our design, see
    /// [`crate::Policy::reopen_answered`]).
    Reopen,
}

impl Transition {
    /// The status registered.
    pub fn target(self) -> AnswerStatus {
        match self {
            Transition::StartDraft | Transition::SaveDraft | Transition::Reopen => {
                AnswerStatus::Draft
            }
            Transition::Submit | Transition::Resubmit => AnswerStatus::Answered,
        }
    }

    /// A stable name, e.g. `start-draft`.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::StartDraft => "start-draft",
            Transition::SaveDraft => "save-draft",
            Transition::Submit => "submit",
            Transition::Resubmit => "resubmit",
            Transition::Reopen => "reopen",
        }
    }
}

/// Whether a form in state `current` at PMH may be registered with status `next`, and as
/// which [`Transition`].
///
/// Only the guideline's rules, checked in this order: `next` is not 未回答
/// (`lifecycle.unanswered-not-registrable`), the 回答許可フラグ is true
/// (`lifecycle.not-answerable`). 回答済み → 下書き is [`Transition::Reopen`]; refusing it is
/// the [`crate::Policy`]'s business.
pub fn transition(
    current: &PmhFormState,
    next: AnswerStatus,
) -> Result<Transition, LifecycleError> {
    if next == AnswerStatus::Unanswered {
        return Err(LifecycleError::UnansweredNotRegistrable);
    }
    if !current.answerable {
        return Err(LifecycleError::NotAnswerable);
    }
    match (current.status, next) {
        (AnswerStatus::Unanswered, AnswerStatus::Draft) => Ok(Transition::StartDraft),
        (AnswerStatus::Draft, AnswerStatus::Draft) => Ok(Transition::SaveDraft),
        (AnswerStatus::Unanswered | AnswerStatus::Draft, AnswerStatus::Answered) => {
            Ok(Transition::Submit)
        }
        (AnswerStatus::Answered, AnswerStatus::Answered) => Ok(Transition::Resubmit),
        (AnswerStatus::Answered, AnswerStatus::Draft) => Ok(Transition::Reopen),
        (_, AnswerStatus::Unanswered) => Err(LifecycleError::UnansweredNotRegistrable),
    }
}

/// The last page is a page of `form` (`1..=n`).
pub fn check_last_page_range(
    form: &CompiledForm,
    last_page: PageNumber,
) -> Result<(), LifecycleError> {
    let pages = form.pages().len();
    if last_page.0 == 0 || last_page.0 as usize > pages {
        return Err(LifecycleError::LastPageOutOfRange { last_page, pages });
    }
    Ok(())
}

/// The last-page rules of a register of `next` over what PMH holds (`stored`): present, within
/// the form, and a page this register updates (see the module documentation).
///
/// Fails with `lifecycle.last-page-missing`, `lifecycle.last-page-out-of-range`,
/// `lifecycle.last-page-not-updated`,
/// `lifecycle.form-id-mismatch` (the sets are of another form) or `lifecycle.stored-answers`
/// (a set answers one key twice).
pub fn check_last_page(
    form: &CompiledForm,
    stored: &StoredForm,
    next: &AnswerSet,
) -> Result<(), LifecycleError> {
    for (what, set) in [("stored answers", &stored.answers), ("answer set", next)] {
        if set.definition != form.definition_id() {
            return Err(LifecycleError::FormIdMismatch {
                what,
                expected: form.definition_id().to_owned(),
            });
        }
    }
    let last_page = next.last_page.ok_or(LifecycleError::LastPageMissing)?;
    check_last_page_range(form, last_page)?;

    let change = diff(form, &stored.answers, next)
        .map_err(|source| LifecycleError::StoredAnswers { source })?;
    let mut updated: Vec<PageNumber> = change
        .changes()
        .filter(|(_, c)| {
            !form
                .item_summary(c.id())
                .is_some_and(|(_, it)| it.calculated)
        })
        .filter_map(|(page, _)| page)
        .collect();
    updated.dedup();

    let expected = if updated.is_empty() {
        match stored.state.last_page.or(stored.answers.last_page) {
            Some(p) if check_last_page_range(form, p).is_ok() => vec![p],
            // PMH records no usable page: any page of the form will do.
            _ => return Ok(()),
        }
    } else {
        updated
    };
    if expected.contains(&last_page) {
        Ok(())
    } else {
        Err(LifecycleError::LastPageNotUpdated {
            last_page,
            expected,
        })
    }
}
