//! Findings: the normal result of validating answers or linting a definition.
//!
//! A finding is data, not an `Err`: validation returns every finding at once. Each carries a
//! stable [`FindingCode`] (never renamed or reused), a [`Severity`], a [`Location`] and a message
//! built only from the definition (limits, item names), never from answer values.
//!
//! [`Finding`] is also the shape every error is shown in (`Error::to_finding` and the like):
//! one code enum, one location type whose path is a JSON Pointer, one documentation table
//! (`docs/codes.md`, anchors from [`FindingCode::anchor`]).

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

pub use crate::definition::model::Severity;
use crate::ids::{PageNumber, RepeatSeq};
pub use monshin_expr::Span;

macro_rules! finding_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident => $code:literal, )*) => {
        /// The one code enum of the engine: every finding and every error of monshin-core, the
        /// CLI and the WebAssembly module, named `family.kebab-name`. The string form never
        /// changes; `docs/codes.md` lists every code with an input that triggers it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum FindingCode {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl FindingCode {
            /// Every code, in declaration order (the codes page and the corpus coverage test use it).
            pub const ALL: &'static [FindingCode] = &[ $( FindingCode::$variant, )* ];

            /// The stable code string, e.g. `answers.required-missing`.
            pub fn as_str(self) -> &'static str {
                match self { $( FindingCode::$variant => $code, )* }
            }

            /// Look a code up by its string.
            pub fn from_code(code: &str) -> Option<FindingCode> {
                match code { $( $code => Some(FindingCode::$variant), )* _ => None }
            }

            /// What the code means and an input that triggers it (its documentation).
            pub fn summary(self) -> &'static str {
                match self { $( FindingCode::$variant => concat!($($doc, "\n",)*).trim_ascii(), )* }
            }
        }
    };
}

finding_codes! {
    // ---- answers -------------------------------------------------------------------------
    /// The answer set names another definition: `{"definition": "other", ...}`.
    FormIdMismatch => "answers.form-id-mismatch",
    /// An answer's master ID is not in the definition.
    UnknownItem => "answers.unknown-item",
    /// An answer was given for a note or a group heading, which are never answered.
    NotAnswerable => "answers.not-answerable",
    /// The same (master ID, seq) is answered twice.
    DuplicateAnswer => "answers.duplicate-answer",
    /// The answer text is not the canonical encoding of the item type (`"abc"` for an integer).
    TypeMismatch => "answers.type-mismatch",
    /// The text is not canonical but normalisation would fix it (`"３６．５"`).
    NeedsNormalization => "answers.needs-normalization",
    /// A Japanese era date outside that era's first and last day (`平成31年5月1日`, `昭和64年1月8日`).
    DateOutsideEra => "answers.date-outside-era",
    /// A date that does not exist in the calendar (`2026-02-30`, `令和8年13月1日`).
    NonexistentDate => "answers.nonexistent-date",
    /// A 明治 date before 明治6年 (1873-01-01), when Japan still used the lunisolar calendar.
    DateBeforeGregorian => "answers.date-before-gregorian",
    /// A time of day that does not exist (`25:00`, `午後13時`).
    NonexistentTime => "answers.nonexistent-time",
    /// `午前12時` / `午後12時`, read both as noon and as midnight.
    AmbiguousTime => "answers.ambiguous-time",
    /// A yes/no word that fits more than one option of a single-choice item.
    AmbiguousYesNo => "answers.ambiguous-yes-no",
    /// A number written with a unit of another quantity than the item's (`3250cm` for grams).
    UnitMismatch => "answers.unit-mismatch",
    /// A bidirectional control or other invisible character inside a text answer (U+202E, U+200B).
    InvisibleCharacter => "answers.invisible-character",
    /// A kana item's answer contains a character that is not katakana, `ー`, `・` or a space.
    NotKana => "answers.not-kana",
    /// A choice answer uses a code that is not one of the item's options.
    InvalidOption => "answers.invalid-option",
    /// A number or date is below `min` or above `max`.
    OutOfRange => "answers.out-of-range",
    /// A decimal has more fraction digits than the item's `precision`.
    TooPrecise => "answers.too-precise",
    /// A text is shorter than `minLength` or longer than `maxLength`.
    LengthOutOfRange => "answers.length-out-of-range",
    /// A text does not match the item's `pattern`.
    PatternMismatch => "answers.pattern-mismatch",
    /// A multi-choice answer selects fewer than `minSelected` or more than `maxSelected` codes.
    SelectionCount => "answers.selection-count",
    /// A non-repeating item carries a seq other than 1, or a seq is 0.
    UnexpectedRepeatSeq => "answers.unexpected-repeat-seq",
    /// The repetitions of a group are not numbered 1..n without gaps.
    RepeatSeqGap => "answers.repeat-seq-gap",
    /// A group has more repetitions than its `maxRepeat`.
    TooManyRepeats => "answers.too-many-repeats",
    /// A group has fewer repetitions than its `minRepeat` (complete mode).
    TooFewRepeats => "answers.too-few-repeats",
    /// A required, enabled item is not answered (complete mode).
    RequiredMissing => "answers.required-missing",
    /// An item is answered while its `enableWhen` is false (complete mode).
    AnsweredWhileDisabled => "answers.answered-while-disabled",
    /// A calculated item is answered with a value other than the computed one.
    CalculatedMismatch => "answers.calculated-mismatch",
    /// An author constraint does not hold; see `constraintCode`.
    ConstraintFailed => "answers.constraint-failed",
    /// An item of a page the clinic fills (`"filledBy": "clinic"`, 医師記入欄) is answered in
    /// the respondent's answer set.
    FilledByClinic => "answers.filled-by-clinic",
    // ---- eligibility (warnings: the doctor decides) --------------------------------------
    /// A `kind: fever` constraint does not hold: 37.5℃ or higher before the injection.
    EligibilityFever => "eligibility.fever",
    /// A `kind: age-outside-period` constraint does not hold: the age on the visit date is
    /// outside the routine (定期) period.
    EligibilityAgeOutsidePeriod => "eligibility.age-outside-period",
    /// A `kind: interval-too-short` constraint does not hold: the previous dose was too recent.
    EligibilityIntervalTooShort => "eligibility.interval-too-short",
    /// `lastPage` is not a page of the form.
    LastPageOutOfRange => "answers.last-page-out-of-range",
    /// `lastPage` is missing while the status is draft or answered.
    LastPageMissing => "answers.last-page-missing",
    /// The status does not fit the content (answers under `unanswered`).
    StatusMismatch => "answers.status-mismatch",
    // ---- definitions ---------------------------------------------------------------------
    /// Two items share a master ID.
    DuplicateMasterId => "definition.duplicate-master-id",
    /// A master ID is empty, longer than 128 bytes or has a control character.
    InvalidMasterId => "definition.invalid-master-id",
    /// A page has no items.
    EmptyPage => "definition.empty-page",
    /// A constraint with a `kind` (fever, age or interval eligibility) is not of severity
    /// warning: eligibility never blocks, the doctor decides.
    EligibilityNotWarning => "definition.eligibility-not-warning",
    /// Page numbers are not 1..n in order.
    PageNumbering => "definition.page-numbering",
    /// A choice item has no options, or an option has an empty code or label.
    OptionWithoutCode => "definition.option-without-code",
    /// Two options of one item share a code.
    DuplicateOptionCode => "definition.duplicate-option-code",
    /// A field does not fit the item type (`options` on an integer, `min` > `max`, …).
    InvalidItemField => "definition.invalid-item-field",
    /// A group is empty, nests another group, or has bad repeat bounds.
    InvalidGroup => "definition.invalid-group",
    /// An expression does not parse or does not type-check; see the expression code.
    BadExpression => "definition.bad-expression",
    /// A condition is always true or always false.
    ConstantCondition => "definition.constant-condition",
    /// Calculations or conditions depend on each other in a cycle.
    DependencyCycle => "definition.dependency-cycle",
    /// `pattern` is not a valid regular expression.
    BadPattern => "definition.bad-pattern",
    /// `initial` is not a valid answer for the item.
    BadInitialValue => "definition.bad-initial-value",
    /// The definition exceeds a size limit.
    LimitExceeded => "definition.limit-exceeded",
    // ---- documents (errors: the whole document could not be read) ----------------------
    /// A document is larger than its byte limit, e.g. a 2 MB answer set.
    DocumentTooLarge => "document.too-large",
    /// The bytes are not JSON (or not UTF-8), e.g. `{"formId": `.
    JsonSyntax => "document.json-syntax",
    /// The JSON does not have the shape of the format, e.g. `"seq": "2"` or an unknown key.
    JsonShape => "document.json-shape",
    /// A count exceeds a limit (pages, items, answers, repetitions), e.g. 10,001 answers.
    TooMany => "document.too-many",
    /// The definition has error findings and cannot be compiled (they are attached).
    InvalidDefinition => "document.invalid-definition",
    // ---- form sessions (an edit was refused) -------------------------------------------
    /// An edit names a master ID the form does not have, e.g. `session.set("NOPE", 1, "x")`.
    SessionUnknownItem => "session.unknown-item",
    /// An edit answers a note or a group heading.
    SessionNotAnswerable => "session.not-answerable",
    /// An edit gives an item outside a group a seq other than 1.
    SessionUnexpectedRepeatSeq => "session.unexpected-repeat-seq",
    /// An edit names a repetition that does not exist (add it first).
    SessionNoSuchRepetition => "session.no-such-repetition",
    /// `addRepetition` on a master ID that is not a repeatable group.
    SessionNotAGroup => "session.not-a-group",
    /// `addRepetition` on a group that has its `maxRepeat` repetitions.
    SessionTooManyRepeats => "session.too-many-repeats",
    /// `setLastPage` with a page the form does not have.
    SessionLastPageOutOfRange => "session.last-page-out-of-range",
    // ---- diff, apply, merge --------------------------------------------------------------
    /// The two answer sets are for different forms, e.g. `monshin diff` of a flu set and a
    /// 4-month check-up set.
    DiffFormIdMismatch => "diff.form-id-mismatch",
    /// One (master ID, seq) is answered twice in an input set.
    DiffDuplicateAnswer => "diff.duplicate-answer",
    /// A diff is applied to a set that does not hold the values it was computed from.
    DiffBaseMismatch => "diff.base-mismatch",
    /// A repetition is removed from a master ID that is not a repeatable group.
    DiffNotAGroup => "diff.not-a-group",
    /// A repetition to remove does not exist.
    DiffRepetitionNotFound => "diff.repetition-not-found",
    // ---- command line --------------------------------------------------------------------
    /// The command line is not valid, e.g. `monshin validate` without a form, or `--bogus`.
    CliUsage => "cli.usage",
    /// A file cannot be read or written, e.g. `monshin lint missing.json`.
    CliIo => "cli.io",
    /// The form is neither a file nor a bundled form name, e.g. `monshin lint vaccination-flu2`
    /// (the error suggests the nearest bundled name).
    CliUnknownForm => "cli.unknown-form",
    /// An option value is not accepted, e.g. `--today 2026-13-01` or `--status done`.
    CliBadArgument => "cli.bad-argument",
    /// `normalize` met an answer whose master ID is not in the form (the set is still printed).
    CliUnknownItems => "cli.unknown-items",
    /// A PMH operation of `payload`, `e2e` or `sandbox` failed; the message names the
    /// library code (`wire.*`, `lifecycle.*`, `pmh.*`, `sandbox.*`).
    CliOperation => "cli.operation",
    // ---- HTTP service (`monshin serve`) -----------------------------------------------------
    /// A request without the bearer token the service was started with, or with another one
    /// (HTTP 401).
    ServerUnauthorized => "server.unauthorized",
    /// The form named in the path is not a bundled form, e.g. `POST /v1/forms/nope/validate`
    /// (HTTP 404; the name is never echoed).
    ServerUnknownForm => "server.unknown-form",
    /// No route has this path, or the route takes another method (HTTP 404 / 405).
    ServerNoRoute => "server.no-route",
    /// A query parameter is not accepted, e.g. `?mode=final` or `?today=2026-13-01` (HTTP 400).
    ServerBadQuery => "server.bad-query",
    /// The request body is not readable as the route needs (not UTF-8 or not the content type
    /// the route takes; HTTP 400 or 415).
    ServerBadBody => "server.bad-body",
    /// More requests are in flight than the concurrency limit (HTTP 429, `Retry-After`).
    ServerBusy => "server.busy",
    /// The request took longer than the time limit (HTTP 503).
    ServerTimeout => "server.timeout",
    /// The service is starting or shutting down (HTTP 503 from `/readyz`).
    ServerNotReady => "server.not-ready",
    /// An internal failure (HTTP 500; not expected to happen).
    ServerInternal => "server.internal",
    // ---- WebAssembly module --------------------------------------------------------------
    /// An options object has an unknown key or a value of the wrong type, e.g.
    /// `form.validate(set, {mode: "final"})`.
    WasmBadOption => "wasm.bad-option",
    /// A date argument is not `YYYY-MM-DD`, e.g. `{today: "2026/04/01"}`.
    WasmBadDate => "wasm.bad-date",
    /// A session's answers cannot be turned into the requested document (e.g. `registerPayload`
    /// on a set with error findings; they are attached).
    WasmAnswersNotEditable => "wasm.answers-not-editable",
    /// `registerPayload` on answers that fail validation for the status registered (the
    /// findings are attached), e.g. status `answered` with a required item unanswered.
    WasmAnswersInvalid => "wasm.answers-invalid",
    /// A result could not be converted to a JS value (not expected to happen).
    WasmInternal => "wasm.internal",
    // ---- Python package --------------------------------------------------------------------
    /// An argument of the Python API is not accepted, e.g. `form.validate(s, mode="final")`
    /// or `today="2026/04/01"` (raised as `ArgumentError`).
    PythonBadArgument => "python.bad-argument",
    /// `Form.bundled(name)` with a name that is no bundled form, e.g. `Form.bundled("flu2")`.
    PythonUnknownForm => "python.unknown-form",
    /// `Form.validate_ndjson_file` cannot open or read its file (raised as `InputError`).
    PythonIo => "python.io",
    /// `form.register_payload` on answers that fail validation for the status registered (the
    /// findings are attached), e.g. status `answered` with a required item unanswered.
    PythonAnswersInvalid => "python.answers-invalid",
    /// A result could not be converted to Python objects (not expected to happen).
    PythonInternal => "python.internal",
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

impl FindingCode {
    /// The code's family: the part before the dot (`answers`, `definition`, `document`, …).
    pub fn family(self) -> &'static str {
        self.as_str().split('.').next().unwrap_or_default()
    }

    /// Is this a finding of answer validation or definition lint (rather than an error)?
    pub fn is_finding(self) -> bool {
        matches!(self.family(), "answers" | "definition")
    }

    /// The anchor of the code in `docs/codes.md`: `answers-required-missing`.
    pub fn anchor(self) -> String {
        self.as_str().replace('.', "-")
    }
}

impl JsonSchema for FindingCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FindingCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "Stable code `family.kebab-name`; see docs/codes.md.",
            "type": "string",
            "enum": codes,
        })
    }
}

/// Where a finding or an error applies: in a JSON document (a JSON Pointer, with line and
/// column for a document that could not be read), in the form (page, master ID, repetition),
/// in the definition (field, span of an expression).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// The page of the item concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageNumber>,
    /// The master ID concerned: one of the definition's, never an ID from the answers that the
    /// form does not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_id: Option<String>,
    /// The repetition concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<RepeatSeq>,
    /// JSON Pointer (RFC 6901) into the document concerned, e.g. `/answers/3` or
    /// `/answers/3/seq`; `""` is the whole document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// 1-based line in the document (errors of documents that could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<std::num::NonZeroU32>,
    /// 1-based column in the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<std::num::NonZeroU32>,
    /// Definition field holding the rule (`enableWhen`, `constraints[0].expr`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Byte span within that field's text (an expression, or an item's `pattern`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<SpanJson>,
}

/// A [`Span`] as written in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
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
    /// The location of answer `index` of an answer set: `/answers/{index}`.
    pub fn answer(index: u32) -> Location {
        Location {
            pointer: Some(format!("/answers/{index}")),
            ..Location::default()
        }
    }

    /// The index of the answer concerned, when the pointer is `/answers/{index}…`.
    pub fn answer_index(&self) -> Option<u32> {
        let rest = self.pointer.as_deref()?.strip_prefix("/answers/")?;
        rest.split('/').next()?.parse().ok()
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
        match (&self.pointer, self.line, self.column) {
            (Some(p), _, _) if p.is_empty() => parts.push("(document root)".into()),
            (Some(p), _, _) => parts.push(p.clone()),
            _ => {}
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            parts.push(format!("line {l}, column {c}"));
        }
        if parts.is_empty() {
            f.write_str("(document)")
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}

/// One finding, or an error shown as one: the single diagnostic shape of the CLI's JSON
/// output and of the WebAssembly module.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
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
    /// For `answers.constraint-failed`: the author's constraint code; for
    /// `definition.bad-expression`: the expression error code (`expr.*`, `pattern.*`); for an
    /// error wrapping a library error: that error's code (`wire.*`, `lifecycle.*`, …).
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
