//! Golden register payloads: every bundled example answer set (draft and complete) becomes the
//! payload its form kind needs, equal to `tests/golden/<body>/<form>.<draft|complete>.json`,
//! valid against monshin-wire's `schemas/pmh-register-*.schema.json`, and parsed back by
//! monshin-wire into the same body.
//!
//! A missing golden file is written (and the test fails, so it gets reviewed); set
//! `UPDATE_EXPECT=1` to rewrite them all.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use monshin_core::FormKind;
use monshin_lifecycle::RegisterPayload;
use monshin_wire::{RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer};
use serde_json::Value;

use common::{answers, bundled, compile, pmh_id, validated};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema_validator(file: &str) -> jsonschema::Validator {
    let schema = load_json(&crate_dir().join("../../schemas").join(file));
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Compares `actual` with the golden file, writing it when missing or asked to.
fn check_golden(path: &Path, actual: &str) -> Result<(), String> {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    match fs::read_to_string(path) {
        Ok(expected) if !update => {
            if expected == actual {
                Ok(())
            } else {
                Err(format!(
                    "{} differs from the built payload (UPDATE_EXPECT=1 rewrites it):\n{actual}",
                    path.display()
                ))
            }
        }
        _ => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            fs::write(path, actual).map_err(|e| e.to_string())?;
            if update {
                Ok(())
            } else {
                Err(format!(
                    "{} was missing and has been written",
                    path.display()
                ))
            }
        }
    }
}

#[test]
fn bundled_examples_give_the_golden_payloads() {
    let questionnaire = schema_validator("pmh-register-questionnaire-answer.schema.json");
    let child = schema_validator("pmh-register-child-questionnaire-answer.schema.json");
    let mut failures = Vec::new();
    let mut written = 0;
    for bundled_form in monshin_forms::FORMS {
        let form = compile(bundled_form.name);
        for (variant, text) in [
            ("draft", bundled_form.draft_answers),
            ("complete", bundled_form.complete_answers),
        ] {
            let v = validated(&form, answers(text));
            let payload = RegisterPayload::from_validated(&v, pmh_id(bundled_form.name))
                .expect("payload builds");
            let (dir, validator) = match (form.kind(), &payload) {
                (FormKind::Vaccination, RegisterPayload::Questionnaire(_)) => {
                    ("register-questionnaire-answer", &questionnaire)
                }
                (FormKind::ChildCheckup, RegisterPayload::ChildQuestionnaire(_)) => {
                    ("register-child-questionnaire-answer", &child)
                }
                (kind, _) => panic!("{}: wrong body for {kind:?}", bundled_form.name),
            };
            let text = serde_json::to_string_pretty(&payload).expect("serialises") + "\n";
            let path = crate_dir()
                .join("tests/golden")
                .join(dir)
                .join(format!("{}.{variant}.json", bundled_form.name));
            if let Err(e) = check_golden(&path, &text) {
                failures.push(e);
                written += 1;
                continue;
            }

            // The golden document is a valid register body.
            let golden = load_json(&path);
            let errors = schema_errors(validator, &golden);
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            // monshin-wire reads it back as the same body; the compact encoding is the same
            // document.
            let bytes = fs::read(&path).expect("golden file");
            match &payload {
                RegisterPayload::Questionnaire(body) => {
                    let back: RegisterQuestionnaireAnswer =
                        monshin_wire::parse(&bytes).expect("wire parses the golden body");
                    assert_eq!(&back, body);
                }
                RegisterPayload::ChildQuestionnaire(body) => {
                    let back: RegisterChildQuestionnaireAnswer =
                        monshin_wire::parse(&bytes).expect("wire parses the golden body");
                    assert_eq!(&back, body);
                }
            }
            let compact: Value =
                serde_json::from_slice(&payload.to_json().expect("encodes")).expect("JSON");
            assert_eq!(compact, golden);
        }
    }
    assert!(
        failures.is_empty(),
        "{written} golden file(s):\n{}",
        failures.join("\n")
    );
}

#[test]
fn payload_status_and_last_page_come_from_the_validated_set() {
    let form = compile("child-3y");
    let draft = validated(&form, answers(bundled("child-3y").draft_answers));
    let payload = RegisterPayload::from_validated(&draft, pmh_id("child-3y")).expect("payload");
    assert_eq!(payload.process_type(), "RegisterChildQuestionnaireAnswer");
    assert_eq!(payload.status().as_wire_str(), "下書き");
    assert_eq!(payload.last_page().get(), draft.last_page().0);
    let json: Value = serde_json::to_value(&payload).expect("serialises");
    assert_eq!(json["checkupId"], "C-2028-3Y-0311");
    assert!(json.get("formId").is_none());

    let form = compile("vaccination-flu-elderly");
    let complete = validated(
        &form,
        answers(bundled("vaccination-flu-elderly").complete_answers),
    );
    let payload = RegisterPayload::from_validated(&complete, pmh_id("vaccination-flu-elderly"))
        .expect("payload");
    assert_eq!(payload.process_type(), "RegisterQuestionnaireAnswer");
    assert_eq!(payload.status().as_wire_str(), "回答済み");
    let json: Value = serde_json::to_value(&payload).expect("serialises");
    assert_eq!(json["formId"], "Y-FLU-2026-1");
}
