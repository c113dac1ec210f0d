//! The JavaScript API (wasm-bindgen): `lintDefinition`, `Form` and `Session`.
//!
//! Inputs: definitions and answer sets as JSON text (parsed by core straight from the bytes) or
//! as JS objects of the same shape; options as plain objects. Outputs are plain JS objects
//! (shapes in `types/monshin.d.ts`). Errors are thrown as JS `Error`s named `MonshinError`
//! carrying `code`, `message`, `location` (and `findings` where they explain the error); never
//! strings, never answer values. Nothing here logs.

// wasm-bindgen exports must be `pub` items of a private module; they are reachable from JS.
#![allow(unreachable_pub)]

use monshin_core::{
    Answer, AnswerSet, AnswerStatus, AnswersDoc, CompiledForm, FindingCode, Limits, Mode, Options,
    PageNumber, RepeatSeq,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::dto::{
    self, Change, ErrorView, FormInfo, ItemSummaryView, LintReport, Normalized, Report,
};
use crate::dto::{DiffView, Payload, RegisterPlanView, ResumeFindingView};
use crate::options::{
    form_limits, mode_name, today, AnswersOptions, SessionOptions, SessionValidateOptions,
    SetOptions, ValidateOptions,
};
use crate::pmh::PmhLink;
use crate::session::{FormModel, Session};
use crate::text::read_json;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types/monshin.d.ts");

/// Results become JS objects through serde-wasm-bindgen; inputs arrive as JSON text (objects
/// are `JSON.stringify`-ed first) and are parsed by serde_json. Measured in node (see
/// `bench/bench.mjs`), this pairing is the fastest: serde-wasm-bindgen builds a `Change` 18 %
/// and a whole `SessionView` 28 % faster than `JSON.parse` of serde_json's text, while reading
/// an answer-set object as text is 20 % faster than walking it with serde-wasm-bindgen.
/// The `bench-codecs` feature adds `__setCodec` to compare both ways again.
#[wasm_bindgen(
    inline_js = "export function valid_report() { return { valid: true, findings: [] }; }"
)]
extern "C" {
    /// `{ valid: true, findings: [] }`, a new object each call.
    fn valid_report() -> JsValue;
}

/// The report of `findings` as a JS object: with none (good answers, the common case) made
/// in one call instead of field by field.
fn report_js(findings: Vec<monshin_core::Finding>) -> Result<JsValue, JsValue> {
    if findings.is_empty() {
        return Ok(valid_report());
    }
    to_js(&Report::new(findings))
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    #[cfg(feature = "bench-codecs")]
    if codecs::json() {
        return serde_json::to_string(value)
            .ok()
            .and_then(|s| js_sys::JSON::parse(&s).ok())
            .ok_or_else(|| {
                throwable(&ErrorView::new(
                    FindingCode::WasmInternal,
                    "could not build the result",
                ))
            });
    }
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| {
            throwable(&ErrorView::new(
                FindingCode::WasmInternal,
                "could not build the result",
            ))
        })
}

#[cfg(feature = "bench-codecs")]
mod codecs {
    //! The other way round, for benchmarks only: results through serde_json + `JSON.parse`,
    //! answer-set objects through serde-wasm-bindgen.
    use std::cell::Cell;

    use wasm_bindgen::prelude::*;

    thread_local! {
        static JSON: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn json() -> bool {
        JSON.with(Cell::get)
    }

    /// `"serde"` (the default: results via serde-wasm-bindgen, inputs as JSON text) or
    /// `"json"` (results via JSON text, answer-set objects via serde-wasm-bindgen).
    #[wasm_bindgen(js_name = "__setCodec")]
    pub fn set_codec(name: &str) -> bool {
        match name {
            "json" => JSON.with(|c| c.set(true)),
            "serde" => JSON.with(|c| c.set(false)),
            _ => return false,
        }
        true
    }
}

/// A `MonshinError`: a JS `Error` with `code`, `location` and maybe `findings`.
pub(crate) fn throwable(e: &ErrorView) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("MonshinError");
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(&e.code));
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    set(
        "location",
        e.location.serialize(&ser).unwrap_or(JsValue::NULL),
    );
    if !e.findings.is_empty() {
        set(
            "findings",
            e.findings.serialize(&ser).unwrap_or(JsValue::NULL),
        );
    }
    err.into()
}

pub(crate) fn core_error(e: monshin_core::Error) -> JsValue {
    throwable(&ErrorView::from_core(e))
}

/// An owned answer set from JSON text or a JS object.
fn answer_set(value: &JsValue, limits: &Limits) -> Result<AnswerSet, JsValue> {
    #[cfg(feature = "bench-codecs")]
    if codecs::json() && !value.is_string() {
        let set: AnswerSet = serde_wasm_bindgen::from_value(value.clone()).map_err(|_| {
            throwable(&ErrorView::new(
                FindingCode::JsonShape,
                "answer set: wrong shape",
            ))
        })?;
        return Ok(set);
    }
    read_json(value, |bytes| {
        // One reader for answer sets (the borrowing one validation uses), then owned copies:
        // every reader instantiates its own deserializer, and code size matters here.
        let doc = AnswersDoc::from_json(bytes, limits).map_err(core_error)?;
        Ok(AnswerSet {
            definition: doc.definition.into_owned(),
            status: doc.status,
            last_page: doc.last_page.map(PageNumber),
            answers: doc
                .answers
                .into_iter()
                .map(|a| Answer {
                    id: a.id.into_owned(),
                    seq: RepeatSeq(a.seq),
                    value: a.value.into_owned(),
                })
                .collect(),
        })
    })
}

/// Lint a definition: every finding (errors and warnings), with codes, locations and spans.
/// Never throws for a bad definition: an unreadable one is reported in `error`. `opts.limits`
/// raises reading limits (throws `bad-option` / `limit.*` for bad options).
#[wasm_bindgen(js_name = lintDefinition, unchecked_return_type = "LintReport")]
pub fn lint_definition(
    #[wasm_bindgen(unchecked_param_type = "string")] definition: &str,
    opts: Option<FormOptionsArg>,
) -> Result<JsValue, JsValue> {
    let limits = form_limits(opts.map(JsValue::from))?;
    let report = match monshin_core::lint(definition.as_bytes(), &limits) {
        Ok(findings) => LintReport {
            valid: !findings.iter().any(monshin_core::Finding::is_error),
            findings,
            error: None,
        },
        Err(e) => LintReport {
            valid: false,
            findings: Vec::new(),
            error: Some(ErrorView::from_core(e)),
        },
    };
    to_js(&report)
}

/// The version of the monshin-wasm package.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A compiled form definition.
#[wasm_bindgen(js_name = Form)]
pub struct JsForm {
    model: FormModel,
    /// The definition as given, returned by `definition()` (no serializer for the model).
    text: String,
}

#[wasm_bindgen(js_class = Form)]
impl JsForm {
    /// Parse, lint and compile a definition (JSON text), within the default limits or those
    /// `opts.limits` raises. Throws `MonshinError` with code `document.invalid-definition` and
    /// the error `findings` if it has errors, `document.too-many` over a limit.
    #[wasm_bindgen(constructor)]
    pub fn new(definition: &str, opts: Option<FormOptionsArg>) -> Result<JsForm, JsValue> {
        let limits = form_limits(opts.map(JsValue::from))?;
        let form = CompiledForm::from_json(definition.as_bytes(), &limits).map_err(core_error)?;
        let model = FormModel::new(monshin_core::SessionForm::new(form));
        Ok(JsForm {
            model,
            text: definition.to_string(),
        })
    }

    /// Form ID, kind, title, version, pages and lint warnings.
    #[wasm_bindgen(unchecked_return_type = "FormInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let form = self.model.compiled();
        let def = form.definition();
        to_js(&FormInfo {
            id: def.id.clone(),
            kind: def.form_kind,
            title: def.title.clone(),
            version: def.version.clone(),
            item_count: u32::try_from(form.item_count()).unwrap_or(u32::MAX),
            pages: form
                .pages()
                .iter()
                .map(|p| dto::PageView {
                    number: p.number.0,
                    label: p.label.clone(),
                    visible: true,
                })
                .collect(),
            warnings: form.warnings().to_vec(),
        })
    }

    /// The definition, as an object (to render the form).
    #[wasm_bindgen(unchecked_return_type = "Definition")]
    pub fn definition(&self) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(&self.text)
    }

    /// Every item in definition order, with page, type and group.
    #[wasm_bindgen(unchecked_return_type = "ItemSummary[]")]
    pub fn items(&self) -> Result<JsValue, JsValue> {
        let list: Vec<ItemSummaryView> = self
            .model
            .compiled()
            .item_summaries()
            .map(|s| ItemSummaryView {
                id: s.id.to_string(),
                page: s.page.0,
                item_type: s.item_type,
                group: s.group.map(str::to_string),
                calculated: s.calculated,
                filled_by_clinic: s.filled_by_clinic,
            })
            .collect();
        to_js(&list)
    }

    /// Master IDs the item's conditions, calculation and constraints read.
    #[wasm_bindgen(js_name = dependenciesOf)]
    pub fn dependencies_of(&self, id: &str) -> Vec<String> {
        self.model
            .compiled()
            .dependencies_of(id)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// Validate a whole answer set (JSON text or object). Mode defaults to the one its status
    /// requires. Throws only when the document cannot be read.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | AnswerSet")] answers: JsValue,
        opts: Option<ValidateOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = opts.map_or(JsValue::UNDEFINED, JsValue::from);
        let (mode, today) = match ValidateOptions::read_plain(&opts) {
            Some((mode, Some(date))) => (mode, date),
            Some((mode, None)) => (mode, today(None)?),
            None => {
                let o = ValidateOptions::read(&Some(opts), "validate options")?;
                (o.mode, today(o.today.as_deref())?)
            }
        };
        let form = self.model.compiled();
        #[cfg(feature = "bench-codecs")]
        if codecs::json() && !answers.is_string() {
            let set = answer_set(&answers, form.limits())?;
            let mode = mode.map_or(Mode::for_status(set.status), |m| m);
            let report = form.validate(&AnswersDoc::from_set(&set), &Options { mode, today });
            return to_js(&Report::new(report.into_findings()));
        }
        // Borrowing parse straight from the text's bytes: no allocation per answer.
        let findings = read_json(&answers, |bytes| {
            let doc = AnswersDoc::from_json(bytes, form.limits()).map_err(core_error)?;
            let mode = mode.map_or(Mode::for_status(doc.status), |m| m);
            Ok(form
                .validate(&doc, &Options { mode, today })
                .into_findings())
        })?;
        report_js(findings)
    }

    /// Open a session: empty, or holding `answers` (JSON text or object) to continue them.
    /// Throws `wasm.answers-not-editable` with the findings when the set names unknown items,
    /// repeats a key or has bad repetition numbers.
    pub fn session(
        &self,
        answers: Option<AnswersArg>,
        opts: Option<SessionOptionsArg>,
    ) -> Result<JsSession, JsValue> {
        let o = SessionOptions::read(&opts.map(JsValue::from), "session options")?;
        let (mode, today) = (o.mode, today(o.today.as_deref())?);
        let pmh_id = o.pmh_id.unwrap_or_default();
        let answers = answers.map(JsValue::from);
        let inner = if let Some(answers) = answers.filter(|a| !a.is_undefined() && !a.is_null()) {
            let set = answer_set(&answers, self.model.compiled().limits())?;
            self.model.load(today, &set).map_err(|findings| {
                throwable(
                    &ErrorView::new(
                        FindingCode::WasmAnswersNotEditable,
                        "the answer set cannot be edited as it is; see findings",
                    )
                    .with_findings(findings),
                )
            })?
        } else {
            self.model.session(today)
        };
        Ok(JsSession {
            inner,
            mode: mode.unwrap_or_default(),
            link: PmhLink::unanswered(&self.model, &pmh_id),
            form: self.model.clone(),
        })
    }

    /// Open a session on what PMH holds: a form-answers read response (JSON text or object)
    /// of operation 3 (予診票) or 8 (乳幼児問診票), by the form's kind. `diff()` and
    /// `registerPayload()` then compare with it. Throws the PMH document's error
    /// (`wire.*`), a lifecycle error (`lifecycle.form-id-mismatch` …) or
    /// `wasm.answers-not-editable`.
    pub fn resume(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] read: JsValue,
        opts: Option<SessionOptionsArg>,
    ) -> Result<JsSession, JsValue> {
        let o = SessionOptions::read(&opts.map(JsValue::from), "session options")?;
        let (mode, today) = (o.mode, today(o.today.as_deref())?);
        let (inner, link) = read_json(&read, |bytes| {
            crate::pmh::resume(&self.model, bytes, today).map_err(|e| throwable(&e.view()))
        })?;
        Ok(JsSession {
            inner,
            mode: mode.unwrap_or_default(),
            link,
            form: self.model.clone(),
        })
    }
}

/// A form being answered; every edit re-validates only what depends on it.
#[wasm_bindgen(js_name = Session)]
pub struct JsSession {
    inner: Session,
    mode: Mode,
    form: FormModel,
    link: PmhLink,
}

#[wasm_bindgen]
extern "C" {
    /// `FormOptions` (TypeScript), for optional parameters.
    #[wasm_bindgen(typescript_type = "FormOptions")]
    pub type FormOptionsArg;
    /// `ValidateOptions` (TypeScript), for optional parameters.
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptionsArg;
    /// `SessionOptions`.
    #[wasm_bindgen(typescript_type = "SessionOptions")]
    pub type SessionOptionsArg;
    /// `SetOptions`.
    #[wasm_bindgen(typescript_type = "SetOptions")]
    pub type SetOptionsArg;
    /// `SessionValidateOptions`.
    #[wasm_bindgen(typescript_type = "SessionValidateOptions")]
    pub type SessionValidateOptionsArg;
    /// `AnswersOptions`.
    #[wasm_bindgen(typescript_type = "AnswersOptions")]
    pub type AnswersOptionsArg;
    /// An answer set as JSON text or object.
    #[wasm_bindgen(typescript_type = "string | AnswerSet")]
    pub type AnswersArg;
}

fn edit_error(e: crate::session::EditError) -> JsValue {
    throwable(&ErrorView::from_finding(e.to_finding(), Vec::new()))
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// Answer (id, seq). With `{normalize: true}`, recognisable input (`３６．５`, `令和8年4月1日`)
    /// is stored in canonical form and `normalized` says so; otherwise the text is stored as
    /// given and a non-canonical text is reported.
    #[wasm_bindgen(unchecked_return_type = "Change")]
    pub fn set(
        &mut self,
        id: &str,
        seq: u32,
        value: &str,
        opts: Option<SetOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = SetOptions::read(&opts.map(JsValue::from), "set options")?;
        let normalized = if opts.normalize.unwrap_or(false) {
            crate::session::normalize_value(&self.inner, id, value)
        } else {
            None
        };
        let stored = normalized.as_ref().map_or(value, |(v, _)| v.as_str());
        let touched = self.inner.set(id, seq, stored).map_err(edit_error)?;
        let mut change: Change = crate::session::change(&self.inner, &touched, self.mode);
        change.normalized = normalized.map(|(value, rules)| Normalized { value, rules });
        to_js(&change)
    }

    /// Remove the answer of (id, seq).
    #[wasm_bindgen(unchecked_return_type = "Change")]
    pub fn clear(&mut self, id: &str, seq: u32) -> Result<JsValue, JsValue> {
        let touched = self.inner.clear(id, seq).map_err(edit_error)?;
        to_js(&crate::session::change(&self.inner, &touched, self.mode))
    }

    /// Add an empty row at the end of a repeatable group; `seq` in the result is its number.
    #[wasm_bindgen(js_name = addRepetition, unchecked_return_type = "Change")]
    pub fn add_repetition(&mut self, group: &str) -> Result<JsValue, JsValue> {
        let (seq, touched) = self.inner.add_repetition(group).map_err(edit_error)?;
        let mut change = crate::session::change(&self.inner, &touched, self.mode);
        change.seq = Some(seq);
        to_js(&change)
    }

    /// Remove row `seq` of a repeatable group; the rows after it move up.
    #[wasm_bindgen(js_name = removeRepetition, unchecked_return_type = "Change")]
    pub fn remove_repetition(&mut self, group: &str, seq: u32) -> Result<JsValue, JsValue> {
        let touched = self
            .inner
            .remove_repetition(group, seq)
            .map_err(edit_error)?;
        to_js(&crate::session::change(&self.inner, &touched, self.mode))
    }

    /// Everything: pages, groups, cells with findings in the session's mode.
    #[wasm_bindgen(unchecked_return_type = "SessionView")]
    pub fn view(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::session::view(&self.inner, self.mode))
    }

    /// Enabled answerable items (with their repetition), optionally of one page.
    #[wasm_bindgen(js_name = visibleItems, unchecked_return_type = "VisibleItem[]")]
    pub fn visible_items(&self, page: Option<u32>) -> Result<JsValue, JsValue> {
        to_js(&crate::session::visible_items(&self.inner, page))
    }

    /// Numbers of the pages with at least one enabled item.
    #[wasm_bindgen(js_name = visiblePages, unchecked_return_type = "number[]")]
    pub fn visible_pages(&self) -> Result<JsValue, JsValue> {
        let pages: Vec<u32> = self
            .inner
            .page_states(None)
            .into_iter()
            .filter(|p| p.visible)
            .map(|p| p.number)
            .collect();
        to_js(&pages)
    }

    /// Findings of the whole form or one page, in draft or complete mode (default: the
    /// session's mode). Equal to `Form.validate` of `answers()`.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn validate(&self, opts: Option<SessionValidateOptionsArg>) -> Result<JsValue, JsValue> {
        let opts = SessionValidateOptions::read(&opts.map(JsValue::from), "validate options")?;
        let mode = opts.mode.map_or(self.mode, |m| m);
        report_js(self.inner.findings(mode, opts.page))
    }

    /// The answers as an answer set (status `draft` unless asked otherwise).
    #[wasm_bindgen(unchecked_return_type = "AnswerSet")]
    pub fn answers(&self, opts: Option<AnswersOptionsArg>) -> Result<JsValue, JsValue> {
        to_js(&self.answer_set(opts.map(JsValue::from))?)
    }

    /// The answers as answer-set JSON text.
    #[wasm_bindgen(js_name = answersJson)]
    pub fn answers_json(&self, opts: Option<AnswersOptionsArg>) -> Result<String, JsValue> {
        serde_json::to_string(&self.answer_set(opts.map(JsValue::from))?).map_err(|_| {
            throwable(&ErrorView::new(
                FindingCode::WasmInternal,
                "could not write the answer set",
            ))
        })
    }

    fn answer_set(&self, opts: Option<JsValue>) -> Result<AnswerSet, JsValue> {
        Ok(self.inner.answer_set(self.answer_set_status(&opts)?))
    }

    fn answer_set_status(&self, opts: &Option<JsValue>) -> Result<AnswerStatus, JsValue> {
        Ok(AnswersOptions::read(opts, "answers options")?
            .status
            .unwrap_or(AnswerStatus::Draft))
    }

    /// Where PMH's page labels differ from the definition (sessions opened by `resume`).
    #[wasm_bindgen(js_name = resumeFindings, unchecked_return_type = "ResumeFinding[]")]
    pub fn resume_findings(&self) -> Result<JsValue, JsValue> {
        let list: Vec<ResumeFindingView> = self
            .link
            .findings
            .iter()
            .cloned()
            .map(ResumeFindingView::from)
            .collect();
        to_js(&list)
    }

    /// What changed from the answers PMH holds (none for a session not opened by `resume`)
    /// to the session's answers with the given status.
    #[wasm_bindgen(unchecked_return_type = "Diff")]
    pub fn diff(&self, opts: Option<AnswersOptionsArg>) -> Result<JsValue, JsValue> {
        let status = self.answer_set_status(&opts.map(JsValue::from))?;
        let d = crate::pmh::diff_stored(&self.form, &self.link, &self.inner, status)
            .map_err(|e| throwable(&e.view()))?;
        to_js(&DiffView::from(d))
    }

    /// Validate the answers for the status (draft → draft mode, answered → complete mode) and
    /// build the register: the transition from PMH's state, the body object and its JSON
    /// text. Throws `wasm.answers-invalid` (with findings) or a `lifecycle.*` error.
    #[wasm_bindgen(js_name = registerPayload, unchecked_return_type = "RegisterPlan")]
    pub fn register_payload(&self, opts: Option<AnswersOptionsArg>) -> Result<JsValue, JsValue> {
        let status = self.answer_set_status(&opts.map(JsValue::from))?;
        let (plan, warnings) = crate::pmh::plan(&self.form, &self.link, &self.inner, status)
            .map_err(|e| throwable(&e.view()))?;
        let body = plan
            .payload
            .to_json()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                throwable(&ErrorView::new(
                    FindingCode::WasmInternal,
                    "could not write the body",
                ))
            })?;
        to_js(&RegisterPlanView {
            transition: plan.transition.into(),
            payload: Payload(plan.payload),
            body,
            warnings,
            policy_warnings: plan.warnings.iter().map(|e| e.code().to_owned()).collect(),
        })
    }

    /// Record that the register built by `registerPayload(opts)` was accepted by PMH: its
    /// answers become the base of `diff()` and of the next register's rules.
    #[wasm_bindgen(js_name = markRegistered)]
    pub fn mark_registered(&mut self, opts: Option<AnswersOptionsArg>) -> Result<(), JsValue> {
        let status = self.answer_set_status(&opts.map(JsValue::from))?;
        let (plan, _) = crate::pmh::plan(&self.form, &self.link, &self.inner, status)
            .map_err(|e| throwable(&e.view()))?;
        crate::pmh::registered(&mut self.link, &self.inner, &plan);
        Ok(())
    }

    /// Last updated page (最終更新ページ番号).
    #[wasm_bindgen(getter, js_name = lastPage)]
    pub fn last_page(&self) -> u32 {
        self.inner.last_page()
    }

    /// Set the last updated page; throws `session.last-page-out-of-range`.
    #[wasm_bindgen(js_name = setLastPage)]
    pub fn set_last_page(&mut self, page: u32) -> Result<(), JsValue> {
        self.inner.set_last_page(page).map_err(edit_error)
    }

    /// The mode findings in `Change`s and `view()` are reported in.
    #[wasm_bindgen(getter, unchecked_return_type = "Mode")]
    pub fn mode(&self) -> JsValue {
        JsValue::from_str(match self.mode {
            Mode::Draft => "draft",
            Mode::Complete => "complete",
        })
    }

    /// Set the mode of `Change`s and `view()`: `"draft"` or `"complete"`.
    #[wasm_bindgen(js_name = setMode)]
    pub fn set_mode(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Mode")] mode: JsValue,
    ) -> Result<(), JsValue> {
        let m = mode_name(&mode.as_string().unwrap_or_default())?;
        self.mode = m;
        Ok(())
    }

    /// The validation date, `YYYY-MM-DD`.
    #[wasm_bindgen(getter)]
    pub fn today(&self) -> String {
        self.inner.today().to_string()
    }
}
