//! The OpenAPI 3.1 document (`GET /openapi.json`, checked in as `schemas/openapi.json`),
//! generated from the same Rust types the service serialises.
//!
//! Paths, parameters and statuses come from the `#[utoipa::path]` attributes of the handlers;
//! the schemas of bodies come from those types' `schemars::JsonSchema` (the derive that also
//! writes `schemas/answers.schema.json` and `schemas/definition.schema.json`), placed under
//! `components/schemas` and referenced through `Doc`. Request examples are the bundled
//! forms' example answer sets and a PMH golden document; a test sends every one to the router.

use std::borrow::Cow;

use monshin_core::AnswerSet;
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Value};
use utoipa::openapi::{Ref, RefOr, Schema};
use utoipa::OpenApi;

use crate::batch::BatchLine;
use crate::error::ErrorBody;
use crate::inspect::Inspection;
use crate::report::ValidationReport;
use crate::routes::{Health, NormalizeResult, PayloadResult};
use crate::state::{FormDetail, FormList};

/// Declares, for each body type, a marker type that utoipa references: a `$ref` to
/// `#/components/schemas/<the type's schemars name>`; [`component_schemas`] fills those in.
macro_rules! documented {
    ($( $(#[doc = $doc:literal])* $marker:ident => $ty:ty, )*) => {
        $(
            $(#[doc = $doc])*
            pub struct $marker;

            impl utoipa::PartialSchema for $marker {
                fn schema() -> RefOr<Schema> {
                    RefOr::Ref(Ref::from_schema_name(<$ty as JsonSchema>::schema_name()))
                }
            }

            impl utoipa::ToSchema for $marker {
                fn name() -> Cow<'static, str> {
                    <$ty as JsonSchema>::schema_name()
                }
            }
        )*

        /// The component schemas: every body type's `schemars` schema and what it references.
        fn component_schemas() -> serde_json::Map<String, Value> {
            let mut generator = SchemaSettings::draft2020_12()
                .with(|s| {
                    s.definitions_path = "/components/schemas".into();
                    s.meta_schema = None;
                })
                .into_generator();
            $( generator.subschema_for::<$ty>(); )*
            generator.take_definitions(true)
        }
    };
}

documented! {
    /// An answer set (`schemas/answers.schema.json`).
    AnswerSetDoc => AnswerSet,
    /// A validation report.
    ReportDoc => ValidationReport<'static>,
    /// The answer of normalize.
    NormalizeDoc => NormalizeResult,
    /// The answer of payload.
    PayloadDoc => PayloadResult,
    /// One line of a batch answer.
    BatchLineDoc => BatchLine,
    /// The answer of inspect.
    InspectionDoc => Inspection,
    /// The forms and the catalogue.
    FormListDoc => FormList,
    /// One form.
    FormDetailDoc => FormDetail,
    /// Every error answer.
    ErrorDoc => ErrorBody,
    /// Health and readiness.
    HealthDoc => Health,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "monshin",
        description = "Validate, normalise and build PMH register bodies for the bundled 予診票 and 乳幼児健診 問診票. Every error is `{\"error\": Finding}`; no answer value is ever echoed.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    paths(
        crate::routes::forms,
        crate::routes::form,
        crate::routes::validate,
        crate::routes::normalize,
        crate::routes::payload,
        crate::routes::batch,
        crate::routes::inspect,
        crate::routes::openapi,
        crate::routes::healthz,
        crate::routes::readyz,
        crate::routes::metrics,
    ),
    modifiers(&Security),
    tags(
        (name = "forms", description = "The bundled forms and catalogue"),
        (name = "answers", description = "Answer sets against a form"),
        (name = "pmh", description = "PMH documents"),
        (name = "operations", description = "Health, readiness, metrics, this document"),
    )
)]
struct ApiDoc;

/// The optional bearer token (`monshin serve --token-file` / `--token-env`).
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// A request example: a name, the route's path and method, its query, and the body.
struct Example {
    path: &'static str,
    method: &'static str,
    name: &'static str,
    summary: &'static str,
    content_type: &'static str,
    body: Value,
}

/// The request examples (bundled example answer sets, a PMH golden document).
fn examples() -> Vec<Example> {
    let pcv = monshin_forms::by_name("vaccination-pcv");
    let set = |text: Option<&str>| {
        text.and_then(|t| serde_json::from_str::<Value>(t).ok())
            .unwrap_or(Value::Null)
    };
    let complete = set(pcv.map(|f| f.complete_answers));
    let draft = set(pcv.map(|f| f.draft_answers));
    let ndjson = [&complete, &draft]
        .iter()
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let list: Value = serde_json::from_str(include_str!(
        "../../monshin-wire/tests/golden/vaccination-list/pcv-and-mr.json"
    ))
    .unwrap_or(Value::Null);
    let answers = "/v1/forms/{id}/";
    let ex = |path, method, name, summary, body| Example {
        path,
        method,
        name,
        summary,
        content_type: "application/json",
        body,
    };
    let _ = answers;
    vec![
        ex(
            "/v1/forms/{id}/validate",
            "post",
            "complete",
            "A complete 予診票 (PCV)",
            complete.clone(),
        ),
        ex(
            "/v1/forms/{id}/validate",
            "post",
            "draft",
            "A draft 予診票 (PCV)",
            draft.clone(),
        ),
        ex(
            "/v1/forms/{id}/normalize",
            "post",
            "draft",
            "A draft 予診票 (PCV)",
            draft,
        ),
        ex(
            "/v1/forms/{id}/payload",
            "post",
            "complete",
            "A complete 予診票 (PCV)",
            complete,
        ),
        Example {
            path: "/v1/validate/batch",
            method: "post",
            name: "two-sets",
            summary: "A complete and a draft 予診票 (PCV)",
            content_type: "application/x-ndjson",
            body: Value::String(ndjson),
        },
        ex(
            "/v1/pmh/inspect",
            "post",
            "vaccination-list",
            "A PMH vaccination list (operation 1)",
            list,
        ),
    ]
}

/// The document as JSON.
pub fn document() -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
    doc["openapi"] = json!("3.1.0");
    doc["info"]["version"] = json!(env!("CARGO_PKG_VERSION"));
    doc["security"] = json!([{}, {"bearer": []}]);
    let schemas = component_schemas();
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        let slot = components.entry("schemas").or_insert_with(|| json!({}));
        if let Some(map) = slot.as_object_mut() {
            map.extend(schemas);
        }
    }
    for e in examples() {
        let content = &mut doc["paths"][e.path][e.method]["requestBody"]["content"][e.content_type];
        content["examples"][e.name] = json!({"summary": e.summary, "value": e.body});
    }
    doc
}

/// The document as pretty JSON with a final newline (the text of `schemas/openapi.json`).
pub fn document_text() -> String {
    serde_json::to_string_pretty(&document()).unwrap_or_default() + "\n"
}
