//! Validation of an answer set against a compiled form, in draft or complete mode.
//!
//! One pass places every answer in a slot table (checking its key, sequence number and
//! canonical text), a second walks the items in dependency order to decide what is enabled and
//! compute calculated values, a third checks requirements, repetitions and constraints. All
//! findings are returned, sorted by page, item and repetition. Nothing is allocated per valid
//! answer: strings are borrowed from the input bytes.

pub(crate) mod findings;
mod table;
mod validated;

use monshin_expr::Date;

use crate::answers::AnswersDoc;
use crate::compile::CompiledForm;
use crate::error::Error;
use crate::finding::{Finding, FindingCode, Location};
use crate::ids::{AnswerStatus, PageNumber};

pub use table::Report;
pub use validated::{FormIdentity, Rejected, Validated};

/// Which rules apply (`draft` or `complete` in JSON).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// 下書き: everything present is well formed; nothing is required yet.
    #[default]
    Draft,
    /// 回答済み: additionally every enabled required item is answered, nothing is answered on a
    /// disabled item, repetitions are within bounds.
    Complete,
}

impl Mode {
    /// The mode an answer status must pass before it is registered.
    pub fn for_status(status: AnswerStatus) -> Mode {
        match status {
            AnswerStatus::Answered => Mode::Complete,
            AnswerStatus::Unanswered | AnswerStatus::Draft => Mode::Draft,
        }
    }
}

/// Options of one validation run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Draft or complete.
    pub mode: Mode,
    /// The date `today()` means (the answer date); validation does no I/O, so it is given.
    pub today: Date,
}

impl Options {
    /// Draft mode on `today`.
    pub fn draft(today: Date) -> Options {
        Options {
            mode: Mode::Draft,
            today,
        }
    }

    /// Complete mode on `today`.
    pub fn complete(today: Date) -> Options {
        Options {
            mode: Mode::Complete,
            today,
        }
    }
}

impl CompiledForm {
    /// Validate answer-set JSON bytes: parse (borrowing) and check. Fails only when the
    /// document cannot be read; every problem with its content is a finding.
    pub fn validate_json(&self, bytes: &[u8], options: &Options) -> Result<Report, Error> {
        let doc = AnswersDoc::from_json(bytes, &self.limits)?;
        Ok(self.validate(&doc, options))
    }

    /// Validate a parsed answer set.
    pub fn validate(&self, doc: &AnswersDoc<'_>, options: &Options) -> Report {
        let mut findings = Vec::new();
        self.check_document(doc, options, &mut findings);
        let mut table = table::Table::new(self, options.today);
        table.place(doc, &mut findings);
        table.evaluate(&mut findings);
        table.check(options.mode, &mut findings);
        Report::new(self, findings)
    }

    /// Whether the answers pass with no error finding. Stops at the first error: cheaper than
    /// [`CompiledForm::validate_json`] on invalid input.
    pub fn is_valid_json(&self, bytes: &[u8], options: &Options) -> bool {
        let Ok(doc) = AnswersDoc::from_json(bytes, &self.limits) else {
            return false;
        };
        let has_error = |f: &[Finding]| f.iter().any(Finding::is_error);
        let mut findings = Vec::new();
        self.check_document(&doc, options, &mut findings);
        if has_error(&findings) {
            return false;
        }
        let mut table = table::Table::new(self, options.today);
        table.stop_at_first_error = true;
        table.place(&doc, &mut findings);
        if has_error(&findings) {
            return false;
        }
        table.evaluate(&mut findings);
        table.check(options.mode, &mut findings);
        !has_error(&findings)
    }

    fn check_document(&self, doc: &AnswersDoc<'_>, options: &Options, findings: &mut Vec<Finding>) {
        if doc.definition != self.definition_id() {
            findings.push(Finding::error(
                FindingCode::FormIdMismatch,
                Location::default(),
                "the answer set names another definition",
            ));
        }
        let pages = self.pages.len();
        match (doc.status, doc.last_page) {
            (AnswerStatus::Unanswered, None) => {}
            (AnswerStatus::Unanswered, Some(_)) => findings.push(Finding::error(
                FindingCode::StatusMismatch,
                Location::default(),
                "an unanswered (未回答) answer set has no last page",
            )),
            (_, None) => findings.push(Finding::error(
                FindingCode::LastPageMissing,
                Location::default(),
                "a draft or answered set needs lastPage",
            )),
            (_, Some(p)) if p == 0 || p as usize > pages => findings.push(Finding::error(
                FindingCode::LastPageOutOfRange,
                Location {
                    page: Some(PageNumber(p)),
                    ..Location::default()
                },
                format!("lastPage must be between 1 and {pages}"),
            )),
            _ => {}
        }
        if doc.status == AnswerStatus::Unanswered && !doc.answers.is_empty() {
            findings.push(Finding::error(
                FindingCode::StatusMismatch,
                Location::default(),
                "an unanswered (未回答) answer set has answers",
            ));
        }
        if options.mode == Mode::Complete && doc.status == AnswerStatus::Unanswered {
            findings.push(Finding::error(
                FindingCode::StatusMismatch,
                Location::default(),
                "an unanswered (未回答) answer set cannot be complete",
            ));
        }
    }
}

/// Why one answer text is rejected for its item: a finding code and a message free of the
/// value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRejection {
    /// `answers.type-mismatch`, `answers.invalid-option`, `answers.out-of-range`, `answers.needs-normalization`, ….
    pub code: FindingCode,
    /// Built from the definition only.
    pub message: String,
}

impl CompiledForm {
    /// Check one answer text against its item's canonical encoding and field rules (options,
    /// bounds, precision, lengths, pattern, selection counts), as validation does for each
    /// answer. For live, per-keystroke checks (the WASM session); conditions, requirements and
    /// constraints need the whole set: use [`CompiledForm::validate`].
    pub fn check_answer(&self, id: &str, text: &str) -> Result<(), AnswerRejection> {
        let item = self
            .slot(id)
            .and_then(|s| self.items.get(s as usize))
            .ok_or_else(|| AnswerRejection {
                code: FindingCode::UnknownItem,
                message: "no item of the form has this master ID".into(),
            })?;
        match check_text(self, item, text) {
            Ok(_) => Ok(()),
            Err((code, message)) => Err(AnswerRejection { code, message }),
        }
    }
}

/// Check one answer text as validation places it: the size limit, then
/// [`classify_rejection`].
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn check_text<'a>(
    form: &CompiledForm,
    item: &crate::compile::Item,
    text: &'a str,
) -> Result<monshin_expr::Value<'a>, crate::encoding::Rejection> {
    let limit = form.limits.max_value_bytes;
    if text.len() > limit {
        return Err((
            FindingCode::LengthOutOfRange,
            format!("answer is longer than {limit} bytes"),
        ));
    }
    classify_rejection(item, text)
}

/// Check one answer text; a format error that normalisation would fix becomes
/// `answers.needs-normalization` (even if the fixed value is then out of range: the person should see
/// the format problem first), and one it refuses gets the refusal's own code
/// (`answers.date-outside-era`, `answers.ambiguous-yes-no` …).
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn classify_rejection<'a>(
    item: &crate::compile::Item,
    text: &'a str,
) -> Result<monshin_expr::Value<'a>, crate::encoding::Rejection> {
    crate::encoding::check_value(item, text).map_err(|(code, message)| {
        match crate::normalize::normalized_value(item, text) {
            Ok(Some((fixed, _))) => {
                let fixable = match crate::encoding::check_value(item, &fixed) {
                    Ok(_) => true,
                    // Right form, wrong value: the person should still fix the form first.
                    Err((c, _)) => matches!(
                        c,
                        FindingCode::OutOfRange
                            | FindingCode::TooPrecise
                            | FindingCode::LengthOutOfRange
                            | FindingCode::PatternMismatch
                            | FindingCode::SelectionCount
                    ),
                };
                if fixable {
                    (
                        FindingCode::NeedsNormalization,
                        "answer is not in canonical form; normalisation would fix it".into(),
                    )
                } else {
                    (code, message)
                }
            }
            Ok(None) => (code, message),
            Err((refused, why)) => (refused, why.to_string()),
        }
    })
}
