//! [`PmhFormState`]: what PMH says about one form's answering — 回答許可フラグ, 回答状況,
//! 最終更新ページ番号 — and [`StoredForm`], that state with the answers PMH holds.
//!
//! Read from monshin-wire's documents (the form lists of operations 2 and 7, the answer reads
//! of operations 3 and 8) through the conversions of [`crate::boundary`].

use monshin_core::{AnswerSet, AnswerStatus, PageNumber};
use monshin_wire::{ChildCheckup, FormAnswersRead, LastPage, Open, VaccinationFormSummary};

use crate::boundary::{last_page_from_wire, status_from_wire};
use crate::error::LifecycleError;

/// The lifecycle state of one form at PMH.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PmhFormState {
    /// 回答許可フラグ: may the form be answered (registered) now.
    pub answerable: bool,
    /// 回答状況.
    pub status: AnswerStatus,
    /// 最終更新ページ番号, when PMH gave one (the form lists do not carry it).
    pub last_page: Option<PageNumber>,
}

impl PmhFormState {
    /// A form nobody has answered yet, answerable or not.
    pub fn unanswered(answerable: bool) -> Self {
        PmhFormState {
            answerable,
            status: AnswerStatus::Unanswered,
            last_page: None,
        }
    }
}

impl TryFrom<&VaccinationFormSummary> for PmhFormState {
    type Error = LifecycleError;
    /// An entry of the 予診票 list; `lifecycle.unknown-status` for a status outside the list.
    fn try_from(form: &VaccinationFormSummary) -> Result<Self, LifecycleError> {
        Ok(PmhFormState {
            answerable: form.answerable,
            status: status_from_wire(&form.status)?,
            last_page: None,
        })
    }
}

impl TryFrom<&ChildCheckup> for PmhFormState {
    type Error = LifecycleError;
    /// An entry of the 乳幼児健診 list; `lifecycle.unknown-status` for a status outside the list.
    fn try_from(checkup: &ChildCheckup) -> Result<Self, LifecycleError> {
        Ok(PmhFormState {
            answerable: checkup.answerable,
            status: status_from_wire(&checkup.status)?,
            last_page: None,
        })
    }
}

impl PmhFormState {
    /// The state a form-answers read reports (either family).
    pub fn of_read<R: FormAnswersRead>(read: &R) -> Result<Self, LifecycleError> {
        Self::of_parts(read.answerable(), read.status(), read.last_page())
    }

    fn of_parts(
        answerable: bool,
        status: &Open<AnswerStatus>,
        last_page: Option<LastPage>,
    ) -> Result<Self, LifecycleError> {
        Ok(PmhFormState {
            answerable,
            status: status_from_wire(status)?,
            last_page: last_page.map(last_page_from_wire),
        })
    }
}

/// One form as PMH holds it: its state and its answers (status and last page of `answers`
/// equal those of `state`). Built by [`crate::resume_vaccination`] / [`crate::resume_child`];
/// the base of the next register ([`crate::plan_register`]) and of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForm {
    /// The PMH ID the form is read and registered under (予診票管理ID / 乳幼児健診管理ID).
    /// Independent of the definition: `answers.definition` names that.
    pub pmh_id: String,
    /// 回答許可フラグ, 回答状況, 最終更新ページ番号.
    pub state: PmhFormState,
    /// The stored answers as an answer set of the form (not validated).
    pub answers: AnswerSet,
}

impl StoredForm {
    /// A form PMH holds no answers for under `pmh_id`, answered with the definition
    /// `definition_id`: unanswered, no last page.
    pub fn unanswered(pmh_id: &str, definition_id: &str, answerable: bool) -> Self {
        StoredForm {
            pmh_id: pmh_id.to_owned(),
            state: PmhFormState::unanswered(answerable),
            answers: AnswerSet {
                definition: definition_id.to_owned(),
                status: AnswerStatus::Unanswered,
                last_page: None,
                answers: Vec::new(),
            },
        }
    }
}
