//! [`LifecycleError`]: a lifecycle rule refused a register, or a PMH document does not fit
//! the form.
//!
//! Every variant has a stable [`LifecycleError::code`] (`lifecycle.*`, never renamed or
//! reused) and a [`LifecycleError::location`]. Messages name statuses, pages, IDs and limits,
//! never answer values.

use monshin_core::diff::DiffError;
use monshin_core::{FormKind, Location, PageNumber};

/// The error type of monshin-lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LifecycleError {
    /// `lifecycle.unanswered-not-registrable`: the requested status is 未回答, which is never
    /// sent to PMH (e.g. `transition(&state, AnswerStatus::Unanswered)`).
    #[error("an unanswered (未回答) status is never registered")]
    UnansweredNotRegistrable,
    /// `lifecycle.not-answerable`: PMH's 回答許可フラグ is false, so nothing may be registered
    /// (e.g. the vaccination already took place).
    #[error("the form may not be answered now (回答許可フラグ is false)")]
    NotAnswerable,
    /// `lifecycle.answered-to-draft`: an answered (回答済み) form is registered as a draft
    /// (下書き); an answered form is only ever replaced by another complete answer.
    #[error(
        "an answered (回答済み) form cannot go back to draft (下書き); register it as answered"
    )]
    AnsweredToDraft,
    /// `lifecycle.unknown-status`: PMH reported a 回答状況 outside the guideline's list (its
    /// 「など」); the read succeeded, but no status rule can apply to it.
    #[error("PMH reported an answer status (回答状況) outside the guideline's list")]
    UnknownStatus,
    /// `lifecycle.last-page-missing`: a draft or answered set without a last page (only
    /// 未回答 has none).
    #[error("a draft or answered register needs a last page (最終更新ページ番号)")]
    LastPageMissing,
    /// `lifecycle.last-page-out-of-range`: the last page (最終更新ページ番号) is not a page of
    /// the form, e.g. 5 on a 4-page form.
    #[error("last page {} is not a page of the form (1..={pages})", .last_page.0)]
    LastPageOutOfRange {
        /// The page given.
        last_page: PageNumber,
        /// The form's page count.
        pages: usize,
    },
    /// `lifecycle.last-page-not-updated`: the last page is not a page this register updates
    /// (or, when no answer changed, not the page PMH already records), e.g. last page 3 when
    /// only page 1 answers changed.
    #[error("last page {} was not updated by this register; expected one of {}", .last_page.0, PageList(.expected))]
    LastPageNotUpdated {
        /// The page given.
        last_page: PageNumber,
        /// The pages it may be: those with changed answers, or PMH's last page.
        expected: Vec<PageNumber>,
    },
    /// `lifecycle.form-id-mismatch`: an answer set names another definition than the one
    /// given.
    #[error("the {what} is for another definition than `{expected}`")]
    FormIdMismatch {
        /// What was checked: `answer set`, `stored answers`.
        what: &'static str,
        /// The definition's ID.
        expected: String,
    },
    /// `lifecycle.form-kind-mismatch`: a vaccination document for a child check-up form or the
    /// other way round.
    #[error("the {what} is for a {} form, the definition is a {} form", kind_name(*.found), kind_name(*.expected))]
    FormKindMismatch {
        /// What was checked.
        what: &'static str,
        /// The definition's kind.
        expected: FormKind,
        /// The document's kind.
        found: FormKind,
    },
    /// `lifecycle.wire-value`: a value PMH cannot carry (a form ID that is not a management
    /// ID, a seq or page of 0 …); `wire_code` is monshin-wire's code.
    #[error("{location}: the value cannot be sent to PMH ({})", .wire_code.as_str())]
    WireValue {
        /// monshin-wire's error code, e.g. `wire.bad-id`.
        wire_code: monshin_wire::ErrorCode,
        /// Where (master ID and seq for an answer; the document otherwise).
        location: Location,
    },
    /// `lifecycle.stored-answers`: the answers PMH holds cannot be compared with the new ones
    /// (e.g. PMH returned one key twice); `source` says why.
    #[error("the stored answers cannot be compared: {source}")]
    StoredAnswers {
        /// The diff error.
        #[source]
        source: DiffError,
    },
}

impl LifecycleError {
    /// Stable machine-readable code, e.g. `lifecycle.not-answerable`.
    pub fn code(&self) -> &'static str {
        match self {
            LifecycleError::UnansweredNotRegistrable => "lifecycle.unanswered-not-registrable",
            LifecycleError::NotAnswerable => "lifecycle.not-answerable",
            LifecycleError::AnsweredToDraft => "lifecycle.answered-to-draft",
            LifecycleError::UnknownStatus => "lifecycle.unknown-status",
            LifecycleError::LastPageMissing => "lifecycle.last-page-missing",
            LifecycleError::LastPageOutOfRange { .. } => "lifecycle.last-page-out-of-range",
            LifecycleError::LastPageNotUpdated { .. } => "lifecycle.last-page-not-updated",
            LifecycleError::FormIdMismatch { .. } => "lifecycle.form-id-mismatch",
            LifecycleError::FormKindMismatch { .. } => "lifecycle.form-kind-mismatch",
            LifecycleError::WireValue { .. } => "lifecycle.wire-value",
            LifecycleError::StoredAnswers { .. } => "lifecycle.stored-answers",
        }
    }

    /// Where the error applies: the page for last-page rules, the answer for wire values and
    /// stored-answer problems, the document (all fields empty) otherwise.
    pub fn location(&self) -> Location {
        match self {
            LifecycleError::LastPageOutOfRange { last_page, .. }
            | LifecycleError::LastPageNotUpdated { last_page, .. } => Location {
                page: Some(*last_page),
                ..Location::default()
            },
            LifecycleError::WireValue { location, .. } => location.clone(),
            LifecycleError::StoredAnswers { source } => source.location(),
            LifecycleError::UnansweredNotRegistrable
            | LifecycleError::NotAnswerable
            | LifecycleError::AnsweredToDraft
            | LifecycleError::UnknownStatus
            | LifecycleError::LastPageMissing
            | LifecycleError::FormIdMismatch { .. }
            | LifecycleError::FormKindMismatch { .. } => Location::default(),
        }
    }
}

fn kind_name(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Vaccination => "vaccination (予診票)",
        FormKind::ChildCheckup => "child check-up (乳幼児問診票)",
    }
}

/// Pages for messages: `1, 2, 4`, or `none`.
struct PageList<'a>(&'a [PageNumber]);

impl std::fmt::Display for PageList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", p.0)?;
        }
        Ok(())
    }
}
