//! [`DiffError`]: why a diff, apply, merge or repetition removal could not be done.
//!
//! Every error has a stable [`DiffError::code`] (`diff.*`) and a [`Location`] (page, master ID,
//! seq) when it concerns one answer. Messages name keys and pages, never answer values.

use std::fmt;

use crate::finding::{Finding, FindingCode, Location};

/// Which answer set of an operation an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetRole {
    /// The first set of [`super::diff()`] (`a`).
    Before,
    /// The second set of [`super::diff()`] (`b`).
    After,
    /// The set a diff is applied to, or the common ancestor of a merge (last read from PMH).
    Base,
    /// The local edits of a merge.
    Ours,
    /// What PMH holds now, in a merge.
    Theirs,
    /// The set a repetition is removed from.
    Input,
}

impl SetRole {
    /// The role as a word, e.g. `"ours"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SetRole::Before => "before",
            SetRole::After => "after",
            SetRole::Base => "base",
            SetRole::Ours => "ours",
            SetRole::Theirs => "theirs",
            SetRole::Input => "input",
        }
    }
}

impl fmt::Display for SetRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a diff expected of the set it is applied to, and did not find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BaseExpectation {
    /// An added answer's key was expected to be unanswered.
    Absent,
    /// A removed or changed answer's key was expected to be answered.
    Present,
    /// A removed or changed answer was expected to hold the diff's `before` value.
    SameValue,
    /// The status was expected to be the diff's `status.from`.
    Status,
    /// The last page was expected to be the diff's `lastPage.from`.
    LastPage,
}

impl BaseExpectation {
    /// A short phrase for messages.
    fn describe(self) -> &'static str {
        match self {
            BaseExpectation::Absent => "the answer was expected to be absent",
            BaseExpectation::Present => "the answer was expected to be present",
            BaseExpectation::SameValue => "the answer differs from the diff's `before` value",
            BaseExpectation::Status => "the status differs from the diff's `status.from`",
            BaseExpectation::LastPage => "the last page differs from the diff's `lastPage.from`",
        }
    }
}

impl fmt::Display for BaseExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The error type of [`crate::diff`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A set's `definition` is not the form's (or, for [`super::apply()`], not the diff's).
    ///
    /// Code `diff.form-id-mismatch`; e.g. diffing an answer set of `vaccination-flu-elderly` against the
    /// form `vaccination-pcv`.
    #[error("the {role} answer set belongs to another form than `{expected}`")]
    FormIdMismatch {
        /// Which set.
        role: SetRole,
        /// The form ID that was expected.
        expected: String,
    },
    /// A set answers the same (master ID, seq) twice.
    ///
    /// Code `diff.duplicate-answer`; e.g. two `{"id": "TEMP", "seq": 1, …}` entries.
    #[error("the {role} answer set answers {location} twice")]
    DuplicateAnswer {
        /// Which set.
        role: SetRole,
        /// The key (page when known, master ID, seq).
        location: Location,
    },
    /// The set a diff is applied to is not the one the diff was made from.
    ///
    /// Code `diff.base-mismatch`; e.g. applying a diff that changes `TEMP` to a set where
    /// `TEMP` is unanswered.
    #[error("the base answer set does not match the diff at {location}: {expected}")]
    BaseMismatch {
        /// Where (document level for status and last page).
        location: Location,
        /// What the diff expected.
        expected: BaseExpectation,
    },
    /// The master ID given as a group is not a repeatable group of the form.
    ///
    /// Code `diff.not-a-group`; e.g. `remove_repetition(…, "TEMP", …)` on a decimal item.
    #[error("`{group}` is not a repeatable group of the form")]
    NotAGroup {
        /// The master ID given.
        group: String,
    },
    /// No answer of the group carries the repetition number to remove.
    ///
    /// Code `diff.repetition-not-found`; e.g. removing seq 4 of a group answered 1..3.
    #[error("no answer of the group at {location} exists")]
    RepetitionNotFound {
        /// The group (page, master ID of the group heading, seq).
        location: Location,
    },
}

impl DiffError {
    /// Stable machine-readable code, e.g. `diff.base-mismatch`.
    pub fn code(&self) -> FindingCode {
        match self {
            DiffError::FormIdMismatch { .. } => FindingCode::DiffFormIdMismatch,
            DiffError::DuplicateAnswer { .. } => FindingCode::DiffDuplicateAnswer,
            DiffError::BaseMismatch { .. } => FindingCode::DiffBaseMismatch,
            DiffError::NotAGroup { .. } => FindingCode::DiffNotAGroup,
            DiffError::RepetitionNotFound { .. } => FindingCode::DiffRepetitionNotFound,
        }
    }

    /// The error in the one diagnostic shape (severity error).
    pub fn to_finding(&self) -> Finding {
        Finding::error(self.code(), self.location(), self.to_string())
    }

    /// Where the error applies: page, master ID and seq when it concerns one answer or
    /// group; the document (all fields empty) otherwise.
    pub fn location(&self) -> Location {
        match self {
            DiffError::DuplicateAnswer { location, .. }
            | DiffError::BaseMismatch { location, .. }
            | DiffError::RepetitionNotFound { location } => location.clone(),
            DiffError::NotAGroup { group } => Location {
                master_id: Some(group.clone()),
                ..Location::default()
            },
            DiffError::FormIdMismatch { .. } => Location::default(),
        }
    }
}
