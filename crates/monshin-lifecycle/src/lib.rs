//! monshin-lifecycle: the answer lifecycle of PMH questionnaires — resume from PMH, the status
//! rules 未回答 → 下書き → 回答済み, the last-page rules, and the register payloads.
//!
//! It sits between monshin-core (definitions, answer sets, validation, diff and merge) and
//! monshin-wire (PMH's JSON documents), and does no I/O:
//!
//! 1. **Resume** ([`resume_vaccination`], [`resume_child`]): a form-answers read response
//!    becomes a [`StoredForm`] — the [`PmhFormState`] (回答許可フラグ, 回答状況,
//!    最終更新ページ番号) and an [`monshin_core::AnswerSet`] — plus [`ResumeFinding`]s where
//!    PMH's page labels differ from the definition (`lifecycle.page-label-mismatch`).
//! 2. **Edit** locally; validate with [`monshin_core::CompiledForm::validate_for_status`],
//!    which yields a [`monshin_core::Validated`] (draft mode for 下書き, complete for 回答済み).
//! 3. **Register** ([`plan_register`]): [`transition()`] checks the status change against PMH's
//!    state, [`check_last_page`] the last page against what changed, and
//!    [`RegisterPayload::from_validated`] writes `RegisterQuestionnaireAnswer` or
//!    `RegisterChildQuestionnaireAnswer` by form kind. The guideline's rules refuse; the
//!    rules of our design follow a [`Policy`] (warnings by default).
//!
//! Every conversion between wire and core values is in [`boundary`].
//!
//! 0. **Resolve** ([`resolve`](mod@resolve)): a PMH list entry becomes the definition (and
//!    parameters) the catalogue names for it; the PMH ID travels beside it.
//!
//! The rules and the reasons for them are in [`transition`](mod@transition) (status and last
//! page) and [`payload`] (what a payload holds). Every refusal is a [`LifecycleError`] with a
//! stable `code()` and a location; no message, `Debug` output or error contains an answer
//! value.
//!
//! ```
//! use monshin_core::{AnswerSet, CompiledForm, Limits};
//! use monshin_expr::Date;
//! use monshin_lifecycle::{plan_register, StoredForm, Transition};
//!
//! let form = CompiledForm::from_json(r#"{
//!   "formKind": "vaccination", "id": "v1", "title": "予診票", "version": "1",
//!   "pages": [{ "number": 1, "label": "体温", "items": [
//!     { "id": "TEMP", "type": "decimal", "text": "体温", "precision": 1, "required": true }
//!   ]}]
//! }"#.as_bytes(), &Limits::default()).unwrap();
//! // PMH calls the form Y-V1-1; the definition is v1.
//! let stored = StoredForm::unanswered("Y-V1-1", "v1", true);
//! let set = AnswerSet::from_json(br#"{"definition":"v1","status":"answered","lastPage":1,
//!     "answers":[{"id":"TEMP","seq":1,"value":"36.5"}]}"#, &Limits::default()).unwrap();
//! let validated = form.validate_for_status(set, Date::from_ymd(2026, 4, 1).unwrap()).unwrap();
//!
//! let plan = plan_register(&form, &stored, &validated).unwrap();
//! assert!(plan.warnings.is_empty());
//! assert_eq!(plan.transition, Transition::Submit);
//! assert_eq!(plan.payload.process_type(), "RegisterQuestionnaireAnswer");
//! let json = String::from_utf8(plan.payload.to_json().unwrap()).unwrap();
//! assert!(json.contains(r#""status":"回答済み""#));
//! assert!(json.contains(r#""formId":"Y-V1-1""#));
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod boundary;
mod error;
pub mod payload;
pub mod policy;
pub mod resolve;
mod resume;
mod state;
pub mod transition;

pub use error::LifecycleError;
pub use payload::{plan_register, plan_register_with, RegisterPayload, RegisterPlan};
pub use policy::{Policy, RuleAction};
pub use resolve::{
    checkup_key, resolve_checkups, resolve_form_list, resolve_vaccinations, vaccination_key,
    FormResolution, Unresolved,
};
pub use resume::{
    compare_page_labels, resume, resume_child, resume_vaccination, ResumeFinding,
    ResumeFindingCode, Resumed,
};
pub use state::{PmhFormState, StoredForm};
pub use transition::{check_last_page, check_last_page_range, transition, Transition};
