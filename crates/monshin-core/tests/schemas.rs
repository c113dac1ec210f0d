//! The committed JSON Schemas in `schemas/` equal the ones generated from the Rust model.
//!
//! Run with `UPDATE_EXPECT=1` to rewrite them after changing the model.

use std::path::Path;

fn check(name: &str, generated: serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schemas")
        .join(name);
    let text = serde_json::to_string_pretty(&generated).expect("schema serializes") + "\n";
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &text).expect("write schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed, text,
        "{name} differs from the Rust model; rerun with UPDATE_EXPECT=1"
    );
}

#[test]
fn definition_schema_matches_model() {
    let schema = monshin_core::definition::definition_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    check("definition.schema.json", schema);
}

#[test]
fn answers_schema_matches_model() {
    check(
        "answers.schema.json",
        monshin_core::definition::answers_schema(),
    );
}

#[test]
fn catalogue_schema_matches_model() {
    check(
        "catalogue.schema.json",
        monshin_core::catalogue::catalogue_schema(),
    );
}
