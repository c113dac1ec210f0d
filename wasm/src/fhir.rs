//! FHIR R4 for JavaScript, in the `fhir` build only (`wasm/pkg-fhir/`, a second module with
//! its own size figure): `fhirImport` reads a Questionnaire into a monshin definition,
//! `fhirValidate` checks a QuestionnaireResponse against a Questionnaire. The engine module
//! (`wasm/pkg/`) never links monshin-fhir, so its size budget is untouched.
//!
//! Inputs are JSON or XML text (JSON may also be given as a JS object). Results are plain
//! objects; errors are thrown as `MonshinError`s with a `fhir.*` code, never with values.

// wasm-bindgen exports must be `pub` items of a private module; they are reachable from JS.
#![allow(unreachable_pub)]

use monshin_core::FormKind;
use monshin_expr::Date;
use monshin_fhir::{FhirError, FhirFinding, FhirLimits, IdPolicy, ImportOptions};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What `fhirImport` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportView {
    /// The monshin form definition.
    definition: monshin_core::Definition,
    /// Mapping and lint findings, then the engine's findings on the definition.
    findings: Vec<FhirFinding>,
    /// No error finding: the definition compiles.
    valid: bool,
}

/// What `fhirValidate` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValidateView {
    /// No error finding.
    valid: bool,
    /// `draft` (in-progress) or `complete` (completed, amended).
    mode: &'static str,
    /// Questionnaire findings first, then the response's.
    findings: Vec<FhirFinding>,
    /// The findings as a FHIR OperationOutcome.
    operation_outcome: serde_json::Value,
}

fn text(value: &JsValue) -> Option<String> {
    value.as_string().or_else(|| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
    })
}

fn thrown(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("MonshinError");
    let _ = js_sys::Reflect::set(&err, &"code".into(), &JsValue::from_str(code));
    err.into()
}

fn fhir_error(e: &FhirError) -> JsValue {
    thrown(e.code(), &e.to_string())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| thrown("internal", "could not build the result"))
}

/// Import a Questionnaire (JSON or XML text, or a JS object); `formKind` is
/// `"vaccination"` or `"child-checkup"` when the questionnaire does not say.
#[wasm_bindgen(js_name = "fhirImport")]
pub fn fhir_import(questionnaire: &JsValue, form_kind: Option<String>) -> Result<JsValue, JsValue> {
    let q_text =
        text(questionnaire).ok_or_else(|| thrown("fhir.malformed", "not a questionnaire"))?;
    let q = monshin_fhir::read_questionnaire(q_text.as_bytes(), &FhirLimits::default())
        .map_err(|e| fhir_error(&e))?;
    let kind = match form_kind.as_deref() {
        None => None,
        Some("vaccination") => Some(FormKind::Vaccination),
        Some("child-checkup") => Some(FormKind::ChildCheckup),
        Some(_) => {
            return Err(thrown(
                "fhir.bad-option",
                "formKind must be vaccination or child-checkup",
            ))
        }
    };
    let imported = monshin_fhir::import(
        &q,
        &ImportOptions {
            form_kind: kind,
            ids: IdPolicy::LinkId,
        },
    );
    let (_, engine) = imported.compile(&monshin_core::Limits::default());
    let findings: Vec<FhirFinding> = imported.findings.iter().cloned().chain(engine).collect();
    to_js(&ImportView {
        valid: !findings.iter().any(FhirFinding::is_error),
        definition: imported.definition,
        findings,
    })
}

/// Validate a QuestionnaireResponse against a Questionnaire (each JSON or XML text, or a JS
/// object); `today` (YYYY-MM-DD) is what `today()` means.
#[wasm_bindgen(js_name = "fhirValidate")]
pub fn fhir_validate(
    questionnaire: &JsValue,
    response: &JsValue,
    today: &str,
) -> Result<JsValue, JsValue> {
    let limits = FhirLimits::default();
    let q_text =
        text(questionnaire).ok_or_else(|| thrown("fhir.malformed", "not a questionnaire"))?;
    let r_text = text(response).ok_or_else(|| thrown("fhir.malformed", "not a response"))?;
    let q =
        monshin_fhir::read_questionnaire(q_text.as_bytes(), &limits).map_err(|e| fhir_error(&e))?;
    let r = monshin_fhir::read_response(r_text.as_bytes(), &limits).map_err(|e| fhir_error(&e))?;
    let today = Date::parse(today).ok_or_else(|| thrown("bad-date", "today must be YYYY-MM-DD"))?;
    let report = monshin_fhir::validate_response(&q, &r, today);
    let findings = report.all();
    to_js(&ValidateView {
        valid: report.is_valid(),
        mode: match report.mode {
            monshin_core::Mode::Draft => "draft",
            monshin_core::Mode::Complete => "complete",
        },
        operation_outcome: monshin_fhir::operation_outcome(&findings),
        findings,
    })
}
