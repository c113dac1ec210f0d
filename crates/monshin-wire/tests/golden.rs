//! Golden documents and JSON Schemas: every file under `tests/golden/<kind>/` parses into its
//! type, round-trips, and validates — as written and as re-serialised — against
//! `schemas/pmh-<kind>.schema.json`.
//!
//! The re-serialised form is also validated against a *strict* copy of the schema (every
//! object gets `unevaluatedProperties: false`), so a field the model writes but the schema
//! does not describe fails here: this is what keeps the schemas equal to the Rust model.
//! Conversely, every member the schema describes must appear in some golden file. Adding a
//! case means adding a file; a kind without a golden file fails.

#[path = "../../../tests/update_expect.rs"]
mod update_expect;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::fs;
use std::path::{Path, PathBuf};

use monshin_wire::{
    encode, parse, ChildCheckupList, ChildFormAnswers, DocumentKind, ErrorCode,
    PrenatalCheckupList, PrenatalVoucherList, RegisterChildQuestionnaireAnswer,
    RegisterQuestionnaireAnswer, SubsidyCertificateList, VaccinationFormAnswers,
    VaccinationFormList, VaccinationList, WireDocument,
};
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schemas_dir() -> PathBuf {
    crate_dir().join("../../schemas")
}

fn load_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("schema compiles")
}

/// Adds `unevaluatedProperties: false` to every object schema that lists properties and does
/// not already restrict additional ones.
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), strict(v))).collect();
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                out.insert("unevaluatedProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// JSON Pointers of every object in `v`, the root included.
fn object_pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                object_pointers(child, format!("{at}/{k}"), out);
            }
            out.push(at);
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                object_pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn golden_files(kind: DocumentKind) -> Vec<PathBuf> {
    let dir = crate_dir().join("tests/golden").join(kind.name());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Runs every golden file of `T`; returns its kind.
fn check<T: WireDocument + PartialEq + Debug>() -> DocumentKind {
    let kind = T::KIND;
    let schema = load_json(&schemas_dir().join(kind.schema_file()));
    assert!(
        jsonschema::draft202012::meta::is_valid(&schema),
        "{} is not a valid 2020-12 schema",
        kind.schema_file()
    );
    let loose = validator(&schema);
    let strict = validator(&strict(&schema));
    let files = golden_files(kind);
    assert!(!files.is_empty(), "no golden file for {}", kind.name());
    let mut exercised = BTreeSet::new();
    for file in files {
        let name = file.display().to_string();
        let bytes = fs::read(&file).expect("read golden");
        let doc: T = parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));

        let raw: Value = serde_json::from_slice(&bytes).expect("golden is JSON");
        let errs = errors(&loose, &raw);
        assert!(errs.is_empty(), "{name} (as written) vs schema: {errs:#?}");

        let encoded = encode(&doc).expect("encode");
        let reserialized: Value = serde_json::from_slice(&encoded).expect("encoded is JSON");
        instance_paths(&reserialized, String::new(), &mut exercised);
        let errs = errors(&strict, &reserialized);
        assert!(
            errs.is_empty(),
            "{name} (re-serialised) vs strict schema: {errs:#?}"
        );

        let again: T = parse(&encoded).unwrap_or_else(|e| panic!("{name} re-parse: {e}"));
        assert_eq!(again, doc, "{name}: round trip changed the document");

        // Every object of the model must be a JSON object: an array in its place (serde's
        // positional struct form) is a wrong type at that path.
        let mut pointers = Vec::new();
        object_pointers(&reserialized, String::new(), &mut pointers);
        for pointer in pointers {
            let mut mutated = reserialized.clone();
            let slot = mutated.pointer_mut(&pointer).expect("pointer");
            let values: Vec<Value> = slot
                .as_object()
                .expect("object")
                .values()
                .cloned()
                .collect();
            *slot = Value::Array(values);
            let bytes = serde_json::to_vec(&mutated).expect("serialise");
            match parse::<T>(&bytes) {
                Ok(_) => panic!("{name}: array accepted in place of the object at {pointer:?}"),
                Err(e) => {
                    assert_eq!(e.code(), ErrorCode::WrongType, "{name} {pointer}: {e}");
                    assert_eq!(e.path().map(|p| p.to_pointer()), Some(pointer.clone()));
                }
            }
        }
    }

    // The other direction: every member the schema describes is written by some golden file,
    // so the schema has no member the model lacks (and every field has an example).
    let mut described = BTreeSet::new();
    schema_paths(&schema, &schema, String::new(), &mut described);
    let missing: Vec<_> = described.difference(&exercised).collect();
    assert!(
        missing.is_empty(),
        "{}: members described by the schema but in no golden file: {missing:#?}",
        kind.name()
    );
    kind
}

/// Member paths described by a schema, arrays as `*` (`/forms/*/title`).
fn schema_paths(node: &Value, root: &Value, at: String, out: &mut BTreeSet<String>) {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let target = root
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("unresolved {r}"));
        schema_paths(target, root, at.clone(), out);
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, sub) in props {
            let path = format!("{at}/{k}");
            out.insert(path.clone());
            schema_paths(sub, root, path, out);
        }
    }
    if let Some(items) = node.get("items") {
        schema_paths(items, root, format!("{at}/*"), out);
    }
}

/// Member paths present in a document, arrays as `*`.
fn instance_paths(v: &Value, at: String, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = format!("{at}/{k}");
                out.insert(path.clone());
                instance_paths(child, path, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                instance_paths(child, format!("{at}/*"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_golden_file_parses_round_trips_and_matches_its_schema() {
    let covered = [
        check::<VaccinationList>(),
        check::<VaccinationFormList>(),
        check::<VaccinationFormAnswers>(),
        check::<RegisterQuestionnaireAnswer>(),
        check::<PrenatalCheckupList>(),
        check::<PrenatalVoucherList>(),
        check::<ChildCheckupList>(),
        check::<ChildFormAnswers>(),
        check::<RegisterChildQuestionnaireAnswer>(),
        check::<SubsidyCertificateList>(),
    ];
    for kind in DocumentKind::ALL {
        assert!(covered.contains(&kind), "{} not checked", kind.name());
    }
}

#[test]
fn every_pmh_schema_file_belongs_to_a_document_kind() {
    let known: Vec<String> = DocumentKind::ALL.iter().map(|k| k.schema_file()).collect();
    for entry in fs::read_dir(schemas_dir()).expect("schemas dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("pmh-") {
            assert!(known.contains(&name), "stray schema {name}");
        }
    }
}

#[test]
fn register_schemas_reject_unanswered_and_unknown_members() {
    let schema =
        load_json(&schemas_dir().join(DocumentKind::RegisterQuestionnaireAnswer.schema_file()));
    let v = validator(&schema);
    let base =
        load_json(&crate_dir().join("tests/golden/register-questionnaire-answer/answered.json"));
    assert!(v.is_valid(&base));
    let mut unanswered = base.clone();
    unanswered["status"] = Value::from("未回答");
    assert!(!v.is_valid(&unanswered));
    let mut extra = base.clone();
    extra["note"] = Value::from("x");
    assert!(!v.is_valid(&extra));
    let mut wrong_type = base;
    wrong_type["processType"] = Value::from("RegisterChildQuestionnaireAnswer");
    assert!(!v.is_valid(&wrong_type));
}

#[test]
fn redacted_debug_of_a_parsed_document() {
    let bytes = fs::read(crate_dir().join("tests/golden/vaccination-form-answers/draft.json"))
        .expect("golden");
    let doc: VaccinationFormAnswers = parse(&bytes).expect("parses");
    update_expect::apply();
    insta::assert_snapshot!(format!("{doc:#?}"));
}
