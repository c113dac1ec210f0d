//! [`Validated`]: an answer set that passed validation in the mode its status requires.
//!
//! Only [`CompiledForm::validate_for_status`] creates one, so code that takes a `Validated`
//! (payload builders, the PMH client) cannot be handed unchecked answers.

use monshin_expr::Date;

use super::{Mode, Options, Report};
use crate::answers::{AnswerSet, AnswersDoc};
use crate::compile::CompiledForm;
use crate::definition::model::FormKind;
use crate::finding::{Finding, FindingCode, Location};
use crate::ids::{AnswerStatus, PageNumber};

/// An answer set with status draft (passed draft mode) or answered (passed complete mode).
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    set: AnswerSet,
    kind: FormKind,
    mode: Mode,
    warnings: Vec<Finding>,
}

impl Validated {
    /// The answers.
    pub fn answers(&self) -> &AnswerSet {
        &self.set
    }

    /// The form family it was validated against.
    pub fn kind(&self) -> FormKind {
        self.kind
    }

    /// The mode it passed.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Status: draft or answered, never unanswered.
    pub fn status(&self) -> AnswerStatus {
        self.set.status
    }

    /// Last updated page; always present on a validated set.
    pub fn last_page(&self) -> PageNumber {
        self.set.last_page.unwrap_or(PageNumber(1))
    }

    /// Warnings that did not block.
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    /// Give the answers back (to edit them; they must be validated again).
    pub fn into_answer_set(self) -> AnswerSet {
        self.set
    }
}

/// An answer set that did not pass, with the report saying why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// The answers, unchanged.
    pub set: AnswerSet,
    /// The findings; at least one is an error.
    pub report: Report,
}

impl CompiledForm {
    /// Validate `set` in the mode its status requires (draft → draft, answered → complete).
    /// An unanswered (未回答) set is rejected: it is never registered.
    pub fn validate_for_status(
        &self,
        set: AnswerSet,
        today: Date,
    ) -> Result<Validated, Box<Rejected>> {
        let mode = Mode::for_status(set.status);
        let mut report = {
            let doc = AnswersDoc::from_set(&set);
            self.validate(&doc, &Options { mode, today })
        };
        if set.status == AnswerStatus::Unanswered {
            let mut findings = report.into_findings();
            findings.push(Finding::error(
                FindingCode::StatusMismatch,
                Location::default(),
                "an unanswered (未回答) answer set is never registered",
            ));
            report = Report::new(self, findings);
        }
        if !report.is_valid() {
            return Err(Box::new(Rejected { set, report }));
        }
        Ok(Validated {
            set,
            kind: self.kind(),
            mode,
            warnings: report.into_findings(),
        })
    }
}
