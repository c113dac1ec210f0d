//! The JSON shapes that cross the JS boundary, besides the core documents (definitions and
//! answer sets, which cross as `monshin_core`'s own serde types).
//!
//! Every type here derives `JsonSchema`; `src/typescript.rs` turns the schemas into the
//! TypeScript declarations in `types/monshin.d.ts`, and a test keeps that file equal to what the
//! Rust types generate. Findings and errors are converted from core's types by exhaustive
//! destructuring, so a field added in core fails to compile here instead of silently vanishing;
//! a test compares the JSON with core's own serialisation.

use std::borrow::Cow;

use monshin_core::error::Error;
use monshin_core::finding::SpanJson;
use monshin_core::{Finding, FindingCode, ItemType, Location, Severity};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A stable finding code (`required-missing`, `constraint-failed`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub FindingCode);

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

impl JsonSchema for Code {
    fn schema_name() -> Cow<'static, str> {
        "FindingCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = FindingCode::ALL.iter().map(|c| c.as_str()).collect();
        json_schema!({
            "description": "Stable machine-readable code of a finding; the string never changes.",
            "type": "string",
            "enum": codes,
        })
    }
}

/// Byte span within an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SpanView {
    /// Byte offset.
    pub offset: u32,
    /// Byte length.
    pub length: u32,
}

/// Where a finding applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LocationView {
    /// Page of the item concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Master ID concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_id: Option<String>,
    /// Repetition concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
    /// Index of the answer in the answer set's `answers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_index: Option<u32>,
    /// Definition field holding the rule (`enableWhen`, `constraints[0].expr`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Byte span within that field's expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<SpanView>,
}

impl From<Location> for LocationView {
    fn from(l: Location) -> Self {
        let Location {
            page,
            master_id,
            seq,
            answer_index,
            field,
            span,
        } = l;
        LocationView {
            page: page.map(|p| p.0),
            master_id,
            seq: seq.map(|s| s.0),
            answer_index,
            field,
            span: span.map(|SpanJson { offset, length }| SpanView { offset, length }),
        }
    }
}

/// One finding of validation or lint.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// Stable code.
    pub code: Code,
    /// `error` blocks registering; `warning` does not.
    pub severity: Severity,
    /// Where it applies.
    pub location: LocationView,
    /// Message built from the definition; never contains answer values.
    pub message: String,
    /// For `constraint-failed`: the author's constraint code; for `bad-expression`: the
    /// expression error code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_code: Option<String>,
}

impl From<Finding> for FindingView {
    fn from(f: Finding) -> Self {
        let Finding {
            code,
            severity,
            location,
            message,
            detail_code,
        } = f;
        FindingView {
            code: Code(code),
            severity,
            location: location.into(),
            message,
            detail_code,
        }
    }
}

/// Convert findings.
pub fn findings(list: Vec<Finding>) -> Vec<FindingView> {
    list.into_iter().map(FindingView::from).collect()
}

/// Where an error applies: a JSON position, or an item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorLocation {
    /// JSON path in the document, e.g. `answers[3].seq`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line in the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Page concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Master ID concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub master_id: Option<String>,
    /// Repetition concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
}

/// An operation failed. Thrown as a JS `Error` whose `name` is `MonshinError` and which carries
/// these fields; messages never contain answer values.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorView {
    /// Stable code: `json-syntax`, `json-shape`, `document-too-large`, `too-many`,
    /// `invalid-definition`, `answers-not-editable`, `unknown-item`, `not-answerable`,
    /// `unexpected-repeat-seq`, `no-such-repetition`, `too-many-repeats`, `not-a-group`,
    /// `last-page-out-of-range`, `bad-option`, `bad-date`, `internal`.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// Where.
    pub location: ErrorLocation,
    /// The findings behind `invalid-definition` and `answers-not-editable`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingView>,
}

fn small(n: usize) -> Option<u32> {
    u32::try_from(n).ok()
}

impl ErrorView {
    /// An error with a code and message and no location.
    pub fn new(code: &str, message: impl Into<String>) -> ErrorView {
        ErrorView {
            code: code.to_string(),
            message: message.into(),
            location: ErrorLocation::default(),
            findings: Vec::new(),
        }
    }

    /// From a core error. Core's messages never contain values.
    pub fn from_core(e: Error) -> ErrorView {
        let mut view = ErrorView::new(e.code(), e.to_string());
        match e {
            Error::Syntax { line, column, .. } => {
                view.location.line = small(line);
                view.location.column = small(column);
            }
            Error::Shape {
                path, line, column, ..
            } => {
                view.location.path = Some(path);
                view.location.line = small(line);
                view.location.column = small(column);
            }
            Error::InvalidDefinition(list) => view.findings = findings(list),
            _ => {}
        }
        view
    }

    /// An error about one place (page, item, repetition) of the answers.
    pub fn located(code: &str, message: impl Into<String>, location: Location) -> ErrorView {
        let mut view = ErrorView::new(code, message);
        view.location.page = location.page.map(|p| p.0);
        view.location.master_id = location.master_id;
        view.location.seq = location.seq.map(|s| s.0);
        view
    }

    /// From a refused session edit.
    pub fn from_edit(e: crate::session::EditError) -> ErrorView {
        let crate::session::EditError {
            code,
            message,
            location,
        } = e;
        let location = *location;
        ErrorView {
            code: code.as_str().to_string(),
            message,
            location: ErrorLocation {
                page: location.page.map(|p| p.0),
                master_id: location.master_id,
                seq: location.seq.map(|s| s.0),
                ..ErrorLocation::default()
            },
            findings: Vec::new(),
        }
    }
}

/// The result of linting a definition.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    /// No error finding and no error: the definition compiles.
    pub valid: bool,
    /// Every finding, errors and warnings.
    pub findings: Vec<FindingView>,
    /// Set when the document could not be read at all (then `findings` is empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorView>,
}

/// The result of a validation.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// No finding of severity error.
    pub valid: bool,
    /// Every finding, sorted by page, item (definition order) and repetition.
    pub findings: Vec<FindingView>,
}

impl Report {
    /// From core findings.
    pub fn new(list: Vec<Finding>) -> Report {
        Report {
            valid: !list.iter().any(Finding::is_error),
            findings: findings(list),
        }
    }
}

/// Validation mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ModeName {
    /// 下書き: everything present is well formed; nothing is required yet.
    #[default]
    Draft,
    /// 回答済み: additionally every enabled required item is answered.
    Complete,
}

impl From<ModeName> for monshin_core::Mode {
    fn from(m: ModeName) -> Self {
        match m {
            ModeName::Draft => monshin_core::Mode::Draft,
            ModeName::Complete => monshin_core::Mode::Complete,
        }
    }
}

/// Options of `new Form` and `lintDefinition`.
#[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormOptions {
    /// Reading limits to raise (or lower) by name, e.g. `{ "pages": 300 }`; each up to its
    /// hard ceiling (names, defaults and ceilings: `monshin_core::limits`). An unknown name
    /// is `limit.unknown`, a value above the ceiling `limit.above-ceiling`.
    #[serde(default)]
    pub limits: Option<std::collections::BTreeMap<String, u64>>,
}

/// Options of `Form.validate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateOptions {
    /// Draft or complete (default: the mode the answer set's status requires).
    #[serde(default)]
    pub mode: Option<ModeName>,
    /// The validation date `YYYY-MM-DD` (default: today, local time).
    #[serde(default)]
    pub today: Option<String>,
}

/// Options of `Form.session`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionOptions {
    /// The validation date `YYYY-MM-DD` (default: today, local time).
    #[serde(default)]
    pub today: Option<String>,
    /// The mode findings in `Change`s are reported in (default `draft`).
    #[serde(default)]
    pub mode: Option<ModeName>,
    /// `Form.session` only: the PMH ID (予診票管理ID / 乳幼児健診管理ID) a register payload
    /// is addressed to; `Form.resume` takes it from the read response.
    #[serde(default)]
    pub pmh_id: Option<String>,
}

/// Options of `Session.set`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetOptions {
    /// Rewrite recognisable input (`３６．５`, `令和8年4月1日`, `はい`) to canonical text first.
    #[serde(default)]
    pub normalize: bool,
}

/// Options of `Session.validate`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionValidateOptions {
    /// Draft or complete (default: the session's mode).
    #[serde(default)]
    pub mode: Option<ModeName>,
    /// Only findings of this page.
    #[serde(default)]
    pub page: Option<u32>,
}

/// Status of an answer set built by a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum EditableStatus {
    /// 下書き.
    #[default]
    Draft,
    /// 回答済み.
    Answered,
}

/// Options of `Session.answers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswersOptions {
    /// Status of the set (default `draft`).
    #[serde(default)]
    pub status: Option<EditableStatus>,
}

/// A page and its group label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageView {
    /// Page number, from 1.
    pub number: u32,
    /// Group label (定義ー項目のグループのラベル).
    pub label: String,
    /// Whether any item of the page is enabled now.
    pub visible: bool,
}

/// Facts about a compiled form.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormInfo {
    /// The definition's own `id` (never a PMH ID).
    pub id: String,
    /// `vaccination` or `child-checkup`.
    pub kind: monshin_core::FormKind,
    /// Title.
    pub title: String,
    /// Author's version.
    pub version: String,
    /// Number of items, group headings and members included.
    pub item_count: u32,
    /// Pages (all visible: no answers are involved).
    pub pages: Vec<PageView>,
    /// Lint warnings of the definition.
    pub warnings: Vec<FindingView>,
}

/// One item, for tools.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ItemSummaryView {
    /// Master ID.
    pub id: String,
    /// Page.
    pub page: u32,
    /// Item type.
    #[serde(rename = "type")]
    pub item_type: ItemType,
    /// Master ID of the repeatable group it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Computed by `calculate`, never typed.
    pub calculated: bool,
}

/// The state of one (item, repetition) in a session.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CellView {
    /// Master ID.
    pub id: String,
    /// Repetition (1 outside groups).
    pub seq: u32,
    /// Enabled (shown) now.
    pub enabled: bool,
    /// The stored answer text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A calculated item's current value, as canonical text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<String>,
    /// Required now (enabled, and `required` or `requiredWhen` holds).
    pub required: bool,
    /// Findings of this cell in the session's mode.
    pub findings: Vec<FindingView>,
}

/// The state of one repeatable group in a session.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    /// Master ID of the group.
    pub id: String,
    /// Rows shown, numbered 1..n (an empty row is kept for editing; it is not an answer).
    pub rows: u32,
    /// Repetitions in the answer set: the last row with an answer.
    pub repetitions: u32,
    /// Enabled (shown) now.
    pub enabled: bool,
    /// `minRepeat`.
    pub min_repeat: u32,
    /// `maxRepeat`.
    pub max_repeat: u32,
    /// Group-level findings (`too-few-repeats`, `repeat-seq-gap`) in the session's mode.
    pub findings: Vec<FindingView>,
}

/// What an edit changed, for a UI to redraw: only cells that were re-evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Cells re-evaluated (every row of each item touched).
    pub cells: Vec<CellView>,
    /// Groups whose rows or enablement may have changed.
    pub groups: Vec<GroupView>,
    /// Pages whose visibility changed.
    pub pages: Vec<PageView>,
    /// `addRepetition`: the new row's seq.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u32>,
    /// `set` with `normalize`: the text stored, when normalisation changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalized: Option<Normalized>,
}

/// The canonical text normalisation stored, and the rules it applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Normalized {
    /// The stored text.
    pub value: String,
    /// Rule codes (`full-width`, `era-date`, …), in the order applied.
    pub rules: Vec<String>,
}

/// The whole state of a session, for a first render.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// The definition's `id`.
    pub definition: String,
    /// The validation date.
    pub today: String,
    /// Last updated page.
    pub last_page: u32,
    /// The mode findings are reported in.
    pub mode: ModeName,
    /// Pages with visibility.
    pub pages: Vec<PageView>,
    /// Groups.
    pub groups: Vec<GroupView>,
    /// Every answerable cell (all rows of group members).
    pub cells: Vec<CellView>,
}

/// An enabled (item, repetition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VisibleItem {
    /// Master ID.
    pub id: String,
    /// Repetition.
    pub seq: u32,
}

/// A changed scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StatusChange {
    /// Before.
    pub from: monshin_core::AnswerStatus,
    /// After.
    pub to: monshin_core::AnswerStatus,
}

/// A changed last page (`null`: none, as for an unanswered set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LastPageChange {
    /// Before.
    pub from: Option<u32>,
    /// After.
    pub to: Option<u32>,
}

/// One answer change, keyed by (master ID, seq).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum AnswerChangeView {
    /// Answered only after.
    Added {
        /// Master ID.
        id: String,
        /// Repetition.
        seq: u32,
        /// The new value.
        after: String,
    },
    /// Answered only before.
    Removed {
        /// Master ID.
        id: String,
        /// Repetition.
        seq: u32,
        /// The value removed.
        before: String,
    },
    /// Answered in both, differently.
    Changed {
        /// Master ID.
        id: String,
        /// Repetition.
        seq: u32,
        /// Before.
        before: String,
        /// After.
        after: String,
    },
}

/// The changes of one page (`page: null` for master IDs the definition does not have).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PageChangesView {
    /// The page.
    pub page: Option<u32>,
    /// The changes, in definition order then seq.
    pub changes: Vec<AnswerChangeView>,
}

/// What changed between the answers PMH holds and the session's answers (core's `AnswerDiff`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DiffView {
    /// The definition's `id`.
    pub definition: String,
    /// The status change, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusChange>,
    /// The last page change, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_page: Option<LastPageChange>,
    /// Pages with changes, in page order (`null` last).
    pub pages: Vec<PageChangesView>,
}

impl From<monshin_core::diff::AnswerDiff> for DiffView {
    fn from(d: monshin_core::diff::AnswerDiff) -> Self {
        use monshin_core::diff::{AnswerChange, AnswerDiff, PageChanges, ValueChange};
        let AnswerDiff {
            definition,
            status,
            last_page,
            pages,
        } = d;
        DiffView {
            definition,
            status: status.map(|ValueChange { from, to }| StatusChange { from, to }),
            last_page: last_page.map(|ValueChange { from, to }| LastPageChange {
                from: from.map(|p| p.0),
                to: to.map(|p| p.0),
            }),
            pages: pages
                .into_iter()
                .map(|PageChanges { page, changes }| PageChangesView {
                    page: page.map(|p| p.0),
                    changes: changes
                        .into_iter()
                        .map(|c| match c {
                            AnswerChange::Added { id, seq, after } => AnswerChangeView::Added {
                                id,
                                seq: seq.0,
                                after,
                            },
                            AnswerChange::Removed { id, seq, before } => {
                                AnswerChangeView::Removed {
                                    id,
                                    seq: seq.0,
                                    before,
                                }
                            }
                            AnswerChange::Changed {
                                id,
                                seq,
                                before,
                                after,
                            } => AnswerChangeView::Changed {
                                id,
                                seq: seq.0,
                                before,
                                after,
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Where PMH's view of the form differs from the definition (found when resuming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResumeFindingView {
    /// `page-label-mismatch` or `page-count-mismatch`.
    pub code: String,
    /// Always `warning` today.
    pub severity: Severity,
    /// The page concerned.
    pub page: u32,
    /// What differs.
    pub message: String,
    /// The definition's label of the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_label: Option<String>,
    /// PMH's label of the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pmh_label: Option<String>,
}

impl From<monshin_lifecycle::ResumeFinding> for ResumeFindingView {
    fn from(f: monshin_lifecycle::ResumeFinding) -> Self {
        let monshin_lifecycle::ResumeFinding {
            code,
            severity,
            page,
            message,
            definition_label,
            pmh_label,
        } = f;
        ResumeFindingView {
            code: code.as_str().to_string(),
            severity,
            page: page.0,
            message,
            definition_label,
            pmh_label,
        }
    }
}

/// The status change a register makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TransitionName {
    /// 未回答 → 下書き.
    StartDraft,
    /// 下書き → 下書き.
    SaveDraft,
    /// 未回答 or 下書き → 回答済み.
    Submit,
    /// 回答済み → 回答済み.
    Resubmit,
}

impl From<monshin_lifecycle::Transition> for TransitionName {
    fn from(t: monshin_lifecycle::Transition) -> Self {
        use monshin_lifecycle::Transition;
        match t {
            Transition::StartDraft => TransitionName::StartDraft,
            Transition::SaveDraft => TransitionName::SaveDraft,
            Transition::Submit => TransitionName::Submit,
            Transition::Resubmit => TransitionName::Resubmit,
        }
    }
}

/// The register body, as monshin-wire writes it (TypeScript: `RegisterPayload`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload(pub monshin_lifecycle::RegisterPayload);

impl Serialize for Payload {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl JsonSchema for Payload {
    fn schema_name() -> Cow<'static, str> {
        "RegisterPayload".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A register request body: 予診票 (operation 4) or 乳幼児問診票 (operation 9).",
            "anyOf": [
                { "$ref": "#/$defs/RegisterQuestionnaireAnswer" },
                { "$ref": "#/$defs/RegisterChildQuestionnaireAnswer" }
            ]
        })
    }
}

/// A register checked against what PMH holds.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterPlanView {
    /// The status change it makes.
    pub transition: TransitionName,
    /// The body, as an object.
    pub payload: Payload,
    /// The body as the JSON text to send (monshin-wire's encoding).
    pub body: String,
    /// Warnings of the validation that let it through.
    pub warnings: Vec<FindingView>,
}
