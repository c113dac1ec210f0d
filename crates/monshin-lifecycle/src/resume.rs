//! Resuming a form from PMH: a form-answers read response (予診票の回答結果の照会, operation 3,
//! or 乳幼児問診票の回答の照会, operation 8) becomes a [`StoredForm`] of its definition.
//!
//! The read carries the page labels PMH has for the form (定義ー項目のグループのラベル, one per
//! page). monshin's definition supplies the questions, so labels that differ from the
//! definition's mean the municipality changed its form since the definition was written: each
//! differing page gives a [`ResumeFindingCode::PageLabelMismatch`] finding, a different page
//! count a [`ResumeFindingCode::PageCountMismatch`]. Labels are compared after trimming
//! surrounding white space (ASCII and full-width); a read without labels is not compared.
//! Findings are warnings: answers are keyed by master ID, not by page, so they still load — the
//! app should show the person that the form changed and validate the resumed set again.
//!
//! The answers are taken as PMH returns them and not validated here: run
//! [`monshin_core::CompiledForm::validate_for_status`] (or `validate`) on
//! [`StoredForm::answers`] before showing or registering them.

use std::fmt;

use monshin_core::{AnswerSet, CompiledForm, FormKind, PageNumber, Severity};
use monshin_wire::{ChildFormAnswers, FormAnswersRead, VaccinationFormAnswers, WireAnswer};
use serde::Serialize;

use crate::boundary::answer_from_wire;
use crate::error::LifecycleError;
use crate::state::{PmhFormState, StoredForm};

/// Stable code of a resume finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ResumeFindingCode {
    /// `lifecycle.page-label-mismatch`: PMH's label of a page differs from the definition's, e.g. page 2
    /// is 「体調について」 at PMH and 「今日の体調」 in the definition.
    PageLabelMismatch,
    /// `lifecycle.page-count-mismatch`: PMH lists more or fewer page labels than the definition has
    /// pages; located at the first page only one side has.
    PageCountMismatch,
}

impl ResumeFindingCode {
    /// Every code.
    pub const ALL: &'static [ResumeFindingCode] = &[
        ResumeFindingCode::PageLabelMismatch,
        ResumeFindingCode::PageCountMismatch,
    ];

    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            ResumeFindingCode::PageLabelMismatch => "lifecycle.page-label-mismatch",
            ResumeFindingCode::PageCountMismatch => "lifecycle.page-count-mismatch",
        }
    }
}

impl fmt::Display for ResumeFindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ResumeFindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A difference between PMH's view of the form and the definition, found while resuming.
///
/// JSON: `{"code": "lifecycle.page-label-mismatch", "severity": "warning", "page": 2, "message": …,
/// "definitionLabel": …, "pmhLabel": …}`. Labels are form texts, not answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeFinding {
    /// Stable code.
    pub code: ResumeFindingCode,
    /// Always a warning today.
    pub severity: Severity,
    /// The page concerned.
    pub page: PageNumber,
    /// Human-readable message.
    pub message: String,
    /// The definition's label of the page, if the definition has the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_label: Option<String>,
    /// PMH's label of the page, if PMH lists it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pmh_label: Option<String>,
}

impl fmt::Display for ResumeFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning[{}] page {}: {}",
            self.code, self.page.0, self.message
        )
    }
}

/// A form read back from PMH, with what differs from its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumed {
    /// The state and answers PMH holds.
    pub stored: StoredForm,
    /// Page label differences, by page.
    pub findings: Vec<ResumeFinding>,
}

/// Resumes a vaccination form (予診票) from its read response. `form` is the vaccination
/// definition the catalogue resolved the 予診票管理ID to (`lifecycle.form-kind-mismatch`
/// otherwise); the PMH ID and the definition ID need not be alike.
pub fn resume_vaccination(
    form: &CompiledForm,
    read: &VaccinationFormAnswers,
) -> Result<Resumed, LifecycleError> {
    resume(form, read)
}

/// Resumes a child check-up form (乳幼児問診票) from its read response. `form` must be the
/// child check-up definition the catalogue resolved the 乳幼児健診管理ID to.
pub fn resume_child(
    form: &CompiledForm,
    read: &ChildFormAnswers,
) -> Result<Resumed, LifecycleError> {
    resume(form, read)
}

/// Resumes a form of either family from its read response (the two functions above).
/// A 回答状況 outside the guideline's list is `lifecycle.unknown-status`.
pub fn resume<R: FormAnswersRead>(
    form: &CompiledForm,
    read: &R,
) -> Result<Resumed, LifecycleError> {
    // Only the reading of the parts is generic, so the rest exists once (WebAssembly size).
    let state = PmhFormState::of_read(read);
    resume_parts(
        form,
        R::FORM_KIND,
        read.management_id(),
        state,
        read.page_labels(),
        read.answers(),
    )
}

fn resume_parts(
    form: &CompiledForm,
    kind: FormKind,
    pmh_id: &str,
    state: Result<PmhFormState, LifecycleError>,
    page_labels: &[String],
    answers: &[WireAnswer],
) -> Result<Resumed, LifecycleError> {
    if form.kind() != kind {
        return Err(LifecycleError::FormKindMismatch {
            what: "PMH response",
            expected: form.kind(),
            found: kind,
        });
    }
    let state = state?;
    let answers = AnswerSet {
        definition: form.definition_id().to_owned(),
        status: state.status,
        last_page: state.last_page,
        answers: answers.iter().map(answer_from_wire).collect(),
    };
    Ok(Resumed {
        stored: StoredForm {
            pmh_id: pmh_id.to_owned(),
            state,
            answers,
        },
        findings: compare_page_labels(form, page_labels),
    })
}

/// Page label findings: one per differing page, and one for a different page count.
pub fn compare_page_labels(form: &CompiledForm, pmh_labels: &[String]) -> Vec<ResumeFinding> {
    let mut findings = Vec::new();
    if pmh_labels.is_empty() {
        return findings;
    }
    let pages = form.pages();
    for (page, pmh) in pages.iter().zip(pmh_labels) {
        if trim(&page.label) != trim(pmh) {
            findings.push(ResumeFinding {
                code: ResumeFindingCode::PageLabelMismatch,
                severity: Severity::Warning,
                page: page.number,
                message: format!(
                    "PMH's label of page {} differs from the definition's: the form may have changed",
                    page.number.0
                ),
                definition_label: Some(page.label.clone()),
                pmh_label: Some(pmh.clone()),
            });
        }
    }
    if pmh_labels.len() != pages.len() {
        let first_unmatched = pages.len().min(pmh_labels.len());
        let page = PageNumber(u32::try_from(first_unmatched + 1).unwrap_or(u32::MAX));
        findings.push(ResumeFinding {
            code: ResumeFindingCode::PageCountMismatch,
            severity: Severity::Warning,
            page,
            message: format!(
                "PMH lists {} page label(s), the definition has {} page(s): the form may have changed",
                pmh_labels.len(),
                pages.len()
            ),
            definition_label: pages.get(first_unmatched).map(|p| p.label.clone()),
            pmh_label: pmh_labels.get(first_unmatched).cloned(),
        });
    }
    findings
}

/// A label without surrounding white space (`char::is_whitespace` covers U+3000).
fn trim(label: &str) -> &str {
    label.trim()
}
