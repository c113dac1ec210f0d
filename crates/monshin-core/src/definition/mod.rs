//! Form definitions: the JSON model ([`model`]) and its JSON Schema.
//!
//! The schema in `schemas/definition.schema.json` is generated from [`model`] by
//! [`definition_schema`] and kept equal to it by a test.

pub mod model;

/// The JSON Schema (2020-12) of a form definition, generated from the Rust model.
pub fn definition_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(model::Definition)).unwrap_or_default()
}

/// The JSON Schema (2020-12) of an answer set, generated from the Rust model.
pub fn answers_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(crate::answers::AnswerSet)).unwrap_or_default()
}
