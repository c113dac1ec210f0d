//! Findings: the normal result of validating answers or linting a definition.
//!
//! A finding is data, not an `Err`: validation returns every finding at once. Each carries a
//! stable [`FindingCode`] (never renamed or reused), a [`Severity`], a [`Location`] and a message
//! built only from the definition (limits, item names), never from answer values.

use std::fmt;

use serde::Serialize;

pub use crate::definition::model::Severity;
use crate::ids::{PageNumber, RepeatSeq};
pub use monshin_expr::Span;

macro_rules! finding_codes {
    ($( $(#[$doc:meta])* $variant:ident => $code:literal, )*) => {
        /// Stable machine-readable code of a finding. The string form never changes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum FindingCode {
            $( $(#[$doc])* $variant, )*
        }

        impl FindingCode {
            /// Every code, in declaration order (the codes page and the corpus coverage test use it).
            pub const ALL: &'static [FindingCode] = &[ $( FindingCode::$variant, )* ];

            /// The stable code string, e.g. `required-missing`.
            pub fn as_str(self) -> &'static str {
                match self { $( FindingCode::$variant => $code, )* }
            }

            /// Look a code up by its string.
            pub fn from_code(code: &str) -> Option<FindingCode> {
                match code { $( $code => Some(FindingCode::$variant), )* _ => None }
            }
        }
    };
}

finding_codes! {
    // ---- answers -------------------------------------------------------------------------
    /// The answer set names another definition: `{"definition": "other", ...}`.
    FormIdMismatch => "form-id-mismatch",
    /// An answer's master ID is not in the definition.
    UnknownItem => "unknown-item",
    /// An answer was given for a note or a group heading, which are never answered.
    NotAnswerable => "not-answerable",
    /// The same (master ID, seq) is answered twice.
    DuplicateAnswer => "duplicate-answer",
    /// The answer text is not the canonical encoding of the item type (`"abc"` for an integer).
    TypeMismatch => "type-mismatch",
    /// The text is not canonical but normalisation would fix it (`"３６．５"`).
    NeedsNormalization => "needs-normalization",
    /// A choice answer uses a code that is not one of the item's options.
    InvalidOption => "invalid-option",
    /// A number or date is below `min` or above `max`.
    OutOfRange => "out-of-range",
    /// A decimal has more fraction digits than the item's `precision`.
    TooPrecise => "too-precise",
    /// A text is shorter than `minLength` or longer than `maxLength`.
    LengthOutOfRange => "length-out-of-range",
    /// A text does not match the item's `pattern`.
    PatternMismatch => "pattern-mismatch",
    /// A multi-choice answer selects fewer than `minSelected` or more than `maxSelected` codes.
    SelectionCount => "selection-count",
    /// A non-repeating item carries a seq other than 1, or a seq is 0.
    UnexpectedRepeatSeq => "unexpected-repeat-seq",
    /// The repetitions of a group are not numbered 1..n without gaps.
    RepeatSeqGap => "repeat-seq-gap",
    /// A group has more repetitions than its `maxRepeat`.
    TooManyRepeats => "too-many-repeats",
    /// A group has fewer repetitions than its `minRepeat` (complete mode).
    TooFewRepeats => "too-few-repeats",
    /// A required, enabled item is not answered (complete mode).
    RequiredMissing => "required-missing",
    /// An item is answered while its `enableWhen` is false (complete mode).
    AnsweredWhileDisabled => "answered-while-disabled",
    /// A calculated item is answered with a value other than the computed one.
    CalculatedMismatch => "calculated-mismatch",
    /// An author constraint does not hold; see `constraintCode`.
    ConstraintFailed => "constraint-failed",
    /// `lastPage` is not a page of the form.
    LastPageOutOfRange => "last-page-out-of-range",
    /// `lastPage` is missing while the status is draft or answered.
    LastPageMissing => "last-page-missing",
    /// The status does not fit the content (answers under `unanswered`).
    StatusMismatch => "status-mismatch",
    // ---- definitions ---------------------------------------------------------------------
    /// Two items share a master ID.
    DuplicateMasterId => "duplicate-master-id",
    /// A master ID is empty, longer than 128 bytes or has a control character.
    InvalidMasterId => "invalid-master-id",
    /// A page has no items.
    EmptyPage => "empty-page",
    /// Page numbers are not 1..n in order.
    PageNumbering => "page-numbering",
    /// A choice item has no options, or an option has an empty code or label.
    OptionWithoutCode => "option-without-code",
    /// Two options of one item share a code.
    DuplicateOptionCode => "duplicate-option-code",
    /// A field does not fit the item type (`options` on an integer, `min` > `max`, …).
    InvalidItemField => "invalid-item-field",
    /// A group is empty, nests another group, or has bad repeat bounds.
    InvalidGroup => "invalid-group",
    /// An expression does not parse or does not type-check; see the expression code.
    BadExpression => "bad-expression",
    /// A condition is always true or always false.
    ConstantCondition => "constant-condition",
    /// Calculations or conditions depend on each other in a cycle.
    DependencyCycle => "dependency-cycle",
    /// `pattern` is not a valid regular expression.
    BadPattern => "bad-pattern",
    /// `initial` is not a valid answer for the item.
    BadInitialValue => "bad-initial-value",
    /// The definition exceeds a size limit.
    LimitExceeded => "limit-exceeded",
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where a finding applies: in the answers, in the definition, or in an expression.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// The page of the item concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// The master ID concerned (a key, never an answer value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_id: Option<String>,
    /// The repetition concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<RepeatSeq>,
    /// Index of the answer in the `answers` array of the answer set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_index: Option<u32>,
    /// Definition field holding the rule (`enableWhen`, `constraints[0].expr`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Byte span within that field's text (an expression, or an item's `pattern`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<SpanJson>,
}

/// A [`Span`] as written in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpanJson {
    /// Byte offset.
    pub offset: u32,
    /// Byte length.
    pub length: u32,
}

impl From<Span> for SpanJson {
    fn from(s: Span) -> Self {
        SpanJson {
            offset: s.start,
            length: s.len,
        }
    }
}

impl Location {
    /// A JSON Pointer to the answer concerned, e.g. `/answers/3`, when there is one.
    pub fn answer_pointer(&self) -> Option<String> {
        self.answer_index.map(|i| format!("/answers/{i}"))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = self.page {
            parts.push(format!("page {}", p.0));
        }
        if let Some(id) = &self.master_id {
            parts.push(id.clone());
        }
        if let Some(s) = self.seq {
            parts.push(format!("seq {}", s.0));
        }
        if let Some(fld) = &self.field {
            parts.push(fld.clone());
        }
        if let Some(sp) = self.span {
            parts.push(format!("@{}+{}", sp.offset, sp.length));
        }
        if let Some(i) = self.answer_index {
            parts.push(format!("/answers/{i}"));
        }
        if parts.is_empty() {
            f.write_str("(document)")
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// Error or warning.
    pub severity: Severity,
    /// Where it applies.
    pub location: Location,
    /// Human-readable message; never contains answer values.
    pub message: String,
    /// For `constraint-failed`: the author's constraint code; for `bad-expression`: the
    /// expression error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_code: Option<String>,
}

impl Finding {
    /// An error finding.
    pub fn error(code: FindingCode, location: Location, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: Severity::Error,
            location,
            message: message.into(),
            detail_code: None,
        }
    }

    /// A warning finding.
    pub fn warning(code: FindingCode, location: Location, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, location, message)
        }
    }

    /// Attach a detail code.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail_code = Some(detail.into());
        self
    }

    /// Whether it blocks (severity error).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{sev}[{}] {}: {}",
            self.code, self.location, self.message
        )?;
        if let Some(d) = &self.detail_code {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}
