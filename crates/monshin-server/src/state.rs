//! [`AppState`]: what every request reads — the bundled forms compiled once at start from the
//! bundled catalogue, the pre-rendered catalogue and form documents, the bounds, the token and
//! the metrics. Immutable after start except the readiness flag and the metric counters.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use monshin_core::catalogue::{Catalogue, DefinitionRef, Library};
use monshin_core::{CompiledForm, Definition, FormKind, Limits};
use monshin_expr::Date;
use monshin_jsonschema::{export, Rules, SchemaOptions};
use schemars::JsonSchema;
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::config::{ServeConfig, ServeLimits, Token};
use crate::metrics::Metrics;

/// One bundled form as `GET /v1/forms` lists it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormSummary {
    /// The definition's `id` (the `{id}` of the form routes).
    pub id: String,
    /// The definition's `version`.
    pub version: String,
    /// `vaccination` (予診票) or `child-checkup` (乳幼児健診 問診票).
    pub kind: FormKind,
    /// The form's title.
    pub title: String,
    /// Number of pages.
    pub pages: usize,
}

/// `GET /v1/forms`: the bundled forms and the catalogue that maps PMH list entries to them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FormList {
    /// Every bundled form, by `id`.
    pub forms: Vec<FormSummary>,
    /// Which definition (and parameters) answers each vaccine kind × dose and check-up.
    pub catalogue: Catalogue,
}

/// `GET /v1/forms/{id}`: one form.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormDetail {
    /// `id`, `version`, kind, title, pages.
    #[serde(flatten)]
    pub summary: FormSummary,
    /// The definition, expanded with its parameters' defaults.
    pub definition: Definition,
    /// JSON Schema 2020-12 of the form's answer sets: draft rules, and complete rules when
    /// `status` is `answered` (what validation without `mode` checks).
    #[schemars(with = "serde_json::Value")]
    pub answers_schema: serde_json::Value,
}

/// One compiled form and its pre-rendered `GET /v1/forms/{id}` body.
#[derive(Debug)]
pub struct FormEntry {
    /// The compiled form every request of this id validates with.
    pub compiled: CompiledForm,
    /// The JSON of [`FormDetail`].
    pub detail: Bytes,
}

/// What every request reads.
#[derive(Debug)]
pub struct AppState {
    /// The bundled forms by definition `id`.
    pub forms: BTreeMap<String, FormEntry>,
    /// The JSON of [`FormList`].
    pub form_list: Bytes,
    /// The service's bounds.
    pub limits: ServeLimits,
    /// The engine's reading limits.
    pub engine_limits: Limits,
    /// The bearer token requests must carry, if any.
    pub token: Option<Token>,
    /// `today()` of every validation when set (tests, reproducible runs); else today in Japan.
    pub fixed_today: Option<Date>,
    /// Request counts and latencies.
    pub metrics: Metrics,
    /// One permit per request in flight (`concurrency`).
    pub permits: Arc<Semaphore>,
    /// The OpenAPI document.
    pub openapi: Bytes,
    ready: AtomicBool,
}

/// Why the service cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The bundled catalogue, a source or a fragment cannot be read.
    #[error("the bundled catalogue cannot be read: [{}] {}", .0.to_finding().code, .0.to_finding().message)]
    Catalogue(monshin_core::Error),
    /// A definition the catalogue names does not compile.
    #[error("a bundled form does not compile: [{0}]")]
    Form(&'static str),
}

impl AppState {
    /// Compiles every definition the bundled catalogue names (with its parameters' defaults),
    /// once. The state starts ready.
    pub fn bundled(config: &ServeConfig) -> Result<AppState, StartError> {
        let limits = &config.engine_limits;
        let library = Library::from_texts(
            monshin_forms::CATALOGUE,
            monshin_forms::FORMS.iter().map(|f| f.source),
            monshin_forms::FRAGMENTS.iter().copied(),
            limits,
        )
        .map_err(StartError::Catalogue)?;
        let refs: std::collections::BTreeSet<&DefinitionRef> = (library.catalogue.vaccinations)
            .iter()
            .map(|e| &e.definition)
            .chain(
                library
                    .catalogue
                    .child_checkups
                    .iter()
                    .map(|e| &e.definition),
            )
            .collect();
        let mut forms = BTreeMap::new();
        let mut summaries = Vec::new();
        for r in refs {
            let compiled = library
                .compile(r, &BTreeMap::new())
                .map_err(|e| StartError::Form(e.code()))?;
            let def = compiled.definition();
            let summary = FormSummary {
                id: def.id.clone(),
                version: def.version.clone(),
                kind: compiled.kind(),
                title: def.title.clone(),
                pages: compiled.pages().len(),
            };
            let schema = export(
                def,
                &SchemaOptions {
                    rules: Rules::ByStatus,
                    limits: limits.clone(),
                    ..SchemaOptions::default()
                },
            )
            .schema;
            let detail = FormDetail {
                summary: summary.clone(),
                definition: def.clone(),
                answers_schema: schema,
            };
            let detail = Bytes::from(serde_json::to_vec(&detail).unwrap_or_default());
            summaries.push(summary);
            forms.insert(def.id.clone(), FormEntry { compiled, detail });
        }
        let list = FormList {
            forms: summaries,
            catalogue: library.catalogue.clone(),
        };
        Ok(AppState {
            forms,
            form_list: Bytes::from(serde_json::to_vec(&list).unwrap_or_default()),
            limits: config.limits.clone(),
            engine_limits: limits.clone(),
            token: config.token.clone(),
            fixed_today: None,
            metrics: Metrics::new(),
            permits: Arc::new(Semaphore::new(config.limits.concurrency)),
            openapi: Bytes::from(crate::openapi::document_text()),
            ready: AtomicBool::new(true),
        })
    }

    /// The form `id`, if bundled.
    pub fn form(&self, id: &str) -> Option<&FormEntry> {
        self.forms.get(id)
    }

    /// Whether `/readyz` answers 200.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    /// Marks the service (not) ready: false while shutting down.
    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::Relaxed);
    }
}

/// The state shared by every request.
pub type Shared = Arc<AppState>;
