//! The JSON shapes that cross the JS boundary, besides the core documents (definitions and
//! answer sets, which cross as `monshin_core`'s own serde types).
//!
//! Every type here derives `JsonSchema`; `src/typescript.rs` turns the schemas into the
//! TypeScript declarations in `types/monshin.d.ts`, and a test keeps that file equal to what the
//! Rust types generate. Findings, locations, codes and modes are core's own types
//! ([`Finding`], [`Location`], [`FindingCode`], [`Mode`]): their TypeScript declarations are
//! derived from them, never mirrored here.

use monshin_core::error::Error;
use monshin_core::{Finding, FindingCode, ItemType, Location, Mode, Severity};
use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

/// An operation failed. Thrown as a JS `Error` whose `name` is `MonshinError` and which carries
/// these fields: the fields of a [`Finding`] (a code of `docs/codes.md`, a [`Location`] whose
/// path is a JSON Pointer, a message that never contains answer values or typed text) and the
/// findings behind it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorView {
    /// Stable code `family.kebab-name` (`document.*`, `session.*`, `diff.*`, `wasm.*`, and
    /// for PMH documents `wire.*`, `lifecycle.*`); see `docs/codes.md`.
    pub code: String,
    /// What went wrong.
    pub message: String,
    /// Where.
    pub location: Location,
    /// The findings behind `document.invalid-definition`, `wasm.answers-not-editable` and
    /// `wasm.answers-invalid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

impl ErrorView {
    /// An error of the WebAssembly layer, with no location.
    pub fn new(code: FindingCode, message: impl Into<String>) -> ErrorView {
        ErrorView::coded(code.as_str(), message, Location::default())
    }

    /// An error with a library's code (`wire.*`, `lifecycle.*`, …).
    pub fn coded(code: &str, message: impl Into<String>, location: Location) -> ErrorView {
        ErrorView {
            code: code.to_string(),
            message: message.into(),
            location,
            findings: Vec::new(),
        }
    }

    /// From a finding-shaped error of core (`Error`, `EditError`, `DiffError` via
    /// `to_finding`).
    pub fn from_finding(f: Finding, findings: Vec<Finding>) -> ErrorView {
        ErrorView::coded(f.code.as_str(), f.message, f.location).with_findings(findings)
    }

    /// From a core error. Core's messages never contain values.
    pub fn from_core(e: Error) -> ErrorView {
        let finding = e.to_finding();
        match e {
            Error::InvalidDefinition(list) => ErrorView::from_finding(finding, list),
            _ => ErrorView::from_finding(finding, Vec::new()),
        }
    }

    /// Attach the findings behind the error.
    pub fn with_findings(mut self, findings: Vec<Finding>) -> ErrorView {
        self.findings = findings;
        self
    }
}

/// The result of linting a definition.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    /// No error finding and no error: the definition compiles.
    pub valid: bool,
    /// Every finding, errors and warnings.
    pub findings: Vec<Finding>,
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
    pub findings: Vec<Finding>,
}

impl Report {
    /// From core findings.
    pub fn new(list: Vec<Finding>) -> Report {
        Report {
            valid: !list.iter().any(Finding::is_error),
            findings: list,
        }
    }
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
    pub warnings: Vec<Finding>,
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
    /// On a page the clinic fills (医師記入欄): shown, never answered by the respondent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub filled_by_clinic: bool,
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
    pub findings: Vec<Finding>,
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
    /// Group-level findings (`answers.too-few-repeats`, `answers.repeat-seq-gap`) in the session's mode.
    pub findings: Vec<Finding>,
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
    pub mode: Mode,
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
    /// `lifecycle.page-label-mismatch` or `lifecycle.page-count-mismatch`.
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
    /// 回答済み → 下書き (allowed by the guideline; a policy warning by default).
    Reopen,
}

impl From<monshin_lifecycle::Transition> for TransitionName {
    fn from(t: monshin_lifecycle::Transition) -> Self {
        use monshin_lifecycle::Transition;
        match t {
            Transition::StartDraft => TransitionName::StartDraft,
            Transition::SaveDraft => TransitionName::SaveDraft,
            Transition::Submit => TransitionName::Submit,
            Transition::Resubmit => TransitionName::Resubmit,
            Transition::Reopen => TransitionName::Reopen,
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
    pub warnings: Vec<Finding>,
    /// Codes of the rules of monshin's own design this register breaks that the policy only
    /// warns about (`lifecycle.answered-to-draft`, `lifecycle.last-page-not-updated`).
    pub policy_warnings: Vec<String>,
}
