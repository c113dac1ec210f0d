//! [`Validated`]: an answer set that passed validation in the mode its status requires.
//!
//! Only [`CompiledForm::validate_for_status`] creates one, so code that takes a `Validated`
//! (payload builders, the PMH client) cannot be handed unchecked answers.

use monshin_expr::Date;

use super::{Mode, Options, Report};
use crate::answers::Answer;
use crate::answers::{AnswerSet, AnswersDoc};
use crate::compile::CompiledForm;
use crate::definition::model::FormKind;
use crate::finding::{Finding, FindingCode, Location};
use crate::ids::{AnswerStatus, PageNumber};

/// Which definition an answer set was validated against: the form family and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormIdentity {
    /// 予診票 or 乳幼児問診票.
    pub kind: FormKind,
    /// The definition's own id (equal to the answer set's `definition`: validation refuses
    /// another); never a PMH ID.
    pub definition_id: String,
}

/// An answer set with status draft (passed draft mode) or answered (passed complete mode).
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    set: AnswerSet,
    identity: FormIdentity,
    mode: Mode,
    warnings: Vec<Finding>,
    /// Indices into `set.answers` of the answers a register carries: calculated items left
    /// out, definition order then master ID then seq.
    registrable: Vec<usize>,
}

impl Validated {
    /// The answers.
    pub fn answers(&self) -> &AnswerSet {
        &self.set
    }

    /// The form family it was validated against.
    pub fn kind(&self) -> FormKind {
        self.identity.kind
    }

    /// The form it was validated against: kind and form ID. Registering takes these from
    /// here, so it never compares a definition with the set again.
    pub fn identity(&self) -> &FormIdentity {
        &self.identity
    }

    /// The answers a register body carries, in the one deterministic order: calculated items
    /// and blank answers left out (their value is derived, often from `today()`, and would go stale), then by
    /// position in the definition, master ID and seq.
    pub fn registrable_answers(&self) -> impl Iterator<Item = &Answer> + '_ {
        self.registrable
            .iter()
            .filter_map(|&i| self.set.answers.get(i))
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
        let registrable = self.registrable_order(&set);
        Ok(Validated {
            identity: FormIdentity {
                kind: self.kind(),
                definition_id: self.definition_id().to_owned(),
            },
            set,
            mode,
            warnings: report.into_findings(),
            registrable,
        })
    }

    /// Indices of the registrable answers of `set` (see [`Validated::registrable_answers`]).
    fn registrable_order(&self, set: &AnswerSet) -> Vec<usize> {
        let mut order: Vec<(usize, usize)> = set
            .answers
            .iter()
            .enumerate()
            // A blank answer is no answer (validation did not place it): never sent.
            .filter(|(_, a)| !crate::normalize::is_blank(&a.value))
            .filter_map(|(i, a)| match self.item_summary(&a.id) {
                Some((_, it)) if it.calculated => None,
                Some((pos, _)) => Some((pos, i)),
                // Validation reports unknown items as errors, so none reaches here; kept last.
                None => Some((usize::MAX, i)),
            })
            .collect();
        let answers = &set.answers;
        // (item, seq) is unique in a validated set: an unstable sort gives the one order.
        order.sort_unstable_by(|&(pa, a), &(pb, b)| {
            pa.cmp(&pb)
                .then_with(|| answers[a].id.cmp(&answers[b].id))
                .then(answers[a].seq.cmp(&answers[b].seq))
        });
        order.into_iter().map(|(_, i)| i).collect()
    }
}
