//! The OpenAPI document: the checked-in `schemas/openapi.json` equals what the service
//! serves (`UPDATE_EXPECT=1` rewrites it), its structure is OpenAPI 3.1 (every reference
//! resolves, every path parameter is declared, every operation answers), and every request
//! example in it, sent to the router, gets its documented success status with a body that
//! its documented schema accepts.

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{Method, Request};
use common::{send, state};
use serde_json::Value;

fn document() -> Value {
    monshin_server::openapi::document()
}

#[test]
fn checked_in_document_is_current() {
    let text = monshin_server::openapi::document_text();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/openapi.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &text).expect("write schemas/openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "schemas/openapi.json is stale: run `UPDATE_EXPECT=1 cargo test -p monshin-server --test openapi`"
    );
}

/// Every `$ref` in `v`.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(x, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// The value a local reference `#/a/b` points to.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

#[test]
fn the_document_has_the_structure_of_openapi_3_1() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let paths = doc["paths"].as_object().expect("paths");
    for route in monshin_server::ROUTES {
        assert!(paths.contains_key(route), "{route} is not documented");
    }
    let mut operation_ids = Vec::new();
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            assert!(
                ["get", "post"].contains(&method.as_str()),
                "{path} {method}"
            );
            operation_ids.push(op["operationId"].as_str().expect("operationId").to_string());
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{path}: no 2xx"
            );
            // Every `{param}` of the path is a declared path parameter, and back.
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            let in_path: Vec<&str> = path
                .split('/')
                .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            assert_eq!(declared, in_path, "{path}");
        }
    }
    let count = operation_ids.len();
    operation_ids.sort();
    operation_ids.dedup();
    assert_eq!(operation_ids.len(), count, "operationIds are unique");
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        assert!(r.starts_with("#/components/schemas/"), "{r}");
        assert!(resolve(&doc, r).is_some(), "{r} does not resolve");
    }
    // Every component schema is itself a valid JSON Schema (2020-12, as OpenAPI 3.1 says).
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        let mut root = doc.clone();
        root["$ref"] = Value::String(format!("#/components/schemas/{name}"));
        assert!(jsonschema::validator_for(&root).is_ok(), "{name}: {schema}");
    }
}

/// A validator for the schema at `schema` (a `$ref` or an inline schema) within `doc`.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = doc.clone();
    if let Some(map) = root.as_object_mut() {
        map.remove("paths");
        if let Some(s) = schema.as_object() {
            map.extend(s.clone());
        }
    }
    jsonschema::validator_for(&root).expect("a schema")
}

#[tokio::test]
async fn every_example_runs_and_its_answer_fits_the_documented_schema() {
    let doc = document();
    let s = state();
    let mut ran = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            // The URI from the parameters' examples.
            let mut uri = path.clone();
            let mut query = Vec::new();
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().expect("name");
                let example = match &p["example"] {
                    Value::String(v) => v.clone(),
                    Value::Null => {
                        assert_ne!(
                            p["required"], true,
                            "{path}: required {name} has no example"
                        );
                        continue;
                    }
                    other => other.to_string(),
                };
                if p["in"] == "path" {
                    uri = uri.replace(&format!("{{{name}}}"), &example);
                } else {
                    query.push(format!("{name}={example}"));
                }
            }
            if !query.is_empty() {
                uri = format!("{uri}?{}", query.join("&"));
            }
            // The bodies: every example of the request body, or none.
            let mut bodies: Vec<(String, String)> = Vec::new();
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (content_type, media) in content {
                    let examples = media["examples"].as_object();
                    assert!(
                        examples.is_some(),
                        "{path}: a request body without examples"
                    );
                    for (_, e) in examples.into_iter().flatten() {
                        let body = match &e["value"] {
                            Value::String(text) => text.clone(),
                            v => v.to_string(),
                        };
                        bodies.push((content_type.clone(), body));
                    }
                }
            } else {
                bodies.push((String::new(), String::new()));
            }
            let (status, response) = op["responses"]
                .as_object()
                .expect("responses")
                .iter()
                .find(|(s, _)| s.starts_with('2'))
                .expect("a 2xx");
            for (content_type, body) in bodies {
                let mut req = Request::builder()
                    .method(if method == "get" {
                        Method::GET
                    } else {
                        Method::POST
                    })
                    .uri(&uri);
                if !content_type.is_empty() {
                    req = req.header("content-type", &content_type);
                }
                let answer = send(&s, req.body(Body::from(body)).expect("request")).await;
                assert_eq!(
                    answer.status.as_str(),
                    status,
                    "{method} {uri}: {}",
                    answer.text()
                );
                ran += 1;
                let Some((answer_type, media)) = response["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                else {
                    continue;
                };
                let check = validator(&doc, &media["schema"]);
                if answer_type.as_str() == "application/x-ndjson" {
                    for line in answer.text().lines() {
                        let v: Value = serde_json::from_str(line).expect("json line");
                        assert!(check.is_valid(&v), "{uri}: {line}");
                    }
                } else if answer_type.as_str() == "application/json" {
                    let v = answer.json();
                    let errors: Vec<String> = check
                        .iter_errors(&v)
                        .map(|e| e.to_string())
                        .take(3)
                        .collect();
                    assert!(errors.is_empty(), "{method} {uri}: {errors:?}");
                }
            }
        }
    }
    // Every route ran, the answer routes with each example.
    assert_eq!(ran, 12, "11 operations, validate with two examples");
}
