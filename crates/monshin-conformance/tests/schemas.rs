//! Every definition and answer set we ship is valid against the committed JSON Schemas.

use std::path::Path;

fn validator(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(name);
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("schema file")).expect("schema JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, what: &str, text: &str) {
    let doc: serde_json::Value = serde_json::from_str(text).expect("JSON");
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

#[test]
fn bundled_and_corpus_forms_match_the_definition_schema() {
    let v = validator("definition.schema.json");
    let mut n = 0;
    for b in monshin_forms::FORMS {
        assert_valid(&v, b.name, b.definition);
        n += 1;
    }
    let forms = monshin_conformance::corpus_dir().join("forms");
    for entry in std::fs::read_dir(forms).expect("corpus forms").flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        assert_valid(&v, &entry.path().display().to_string(), &text);
        n += 1;
    }
    assert!(n >= 7, "only {n} definitions checked");
}

#[test]
fn bundled_example_answers_match_the_answers_schema() {
    let v = validator("answers.schema.json");
    for b in monshin_forms::FORMS {
        assert_valid(&v, b.name, b.complete_answers);
        assert_valid(&v, b.name, b.draft_answers);
    }
}

#[test]
fn the_schema_rejects_what_the_model_rejects() {
    let v = validator("answers.schema.json");
    for bad in [
        r#"{"definition":"X","status":"draft","lastPage":1,"answers":[{"id":"A","seq":0,"value":"1"}]}"#,
        r#"{"definition":"X","status":"done","answers":[]}"#,
        r#"{"definition":"X","status":"draft","answers":[],"extra":true}"#,
        r#"{"definition":"X","status":"draft","answers":[{"id":"A","seq":1}]}"#,
    ] {
        let doc: serde_json::Value = serde_json::from_str(bad).expect("JSON");
        assert!(!v.is_valid(&doc), "schema accepted {bad}");
    }
}
