//! The form catalogue in JavaScript: `new Catalogue(json)`, its entries, and the resolution of
//! a PMH list response (vaccination list or child check-up list) to definitions.
//!
//! Resolution is monshin-lifecycle's; this module only carries it across. An entry without a
//! form comes back with its typed code (`catalogue.unknown-dose` …), never with its values.

use std::collections::BTreeMap;

use monshin_core::catalogue::Catalogue;
use monshin_lifecycle::{resolve_checkups, resolve_vaccinations, FormResolution};
use monshin_wire::{ChildCheckupList, VaccinationList};
use schemars::JsonSchema;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{core_error, throwable, to_js};
use crate::dto::ErrorView;
use crate::text::read_json;

/// One PMH list entry resolved: the definition and parameters, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResolutionView {
    /// 予診票管理ID or 乳幼児健診管理ID.
    pub pmh_id: String,
    /// The definition's `id`, when there is a form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// The definition's `version`, when there is a form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Parameter values to open the definition with.
    pub params: BTreeMap<String, String>,
    /// The typed reason when there is no form, e.g. `catalogue.unknown-vaccine`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_form: Option<String>,
}

impl From<&FormResolution<'_>> for ResolutionView {
    fn from(r: &FormResolution<'_>) -> Self {
        match &r.result {
            Ok(found) => ResolutionView {
                pmh_id: r.pmh_id.clone(),
                definition: Some(found.definition.id.clone()),
                version: Some(found.definition.version.clone()),
                params: found.params.clone(),
                no_form: None,
            },
            Err(e) => ResolutionView {
                pmh_id: r.pmh_id.clone(),
                definition: None,
                version: None,
                params: BTreeMap::new(),
                no_form: Some(e.code().to_owned()),
            },
        }
    }
}

/// A form catalogue (`catalogue.json`).
#[wasm_bindgen(js_name = Catalogue)]
pub struct JsCatalogue {
    inner: Catalogue,
}

#[wasm_bindgen(js_class = Catalogue)]
impl JsCatalogue {
    /// Read a catalogue (JSON text or object). Throws `json-syntax` / `json-shape`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string | object")] catalogue: JsValue,
    ) -> Result<JsCatalogue, JsValue> {
        let inner = read_json(&catalogue, |bytes| {
            Catalogue::from_json(bytes, &monshin_core::Limits::default()).map_err(core_error)
        })?;
        Ok(JsCatalogue { inner })
    }

    /// The catalogue as an object: `{ version, vaccinations, childCheckups }`.
    pub fn entries(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// Resolve a PMH list response (JSON text or object): a vaccination list (operation 1,
    /// `{ vaccinations }`) or a child check-up list (operation 7, `{ checkups }`). Throws the
    /// document's `wire.*` error.
    #[wasm_bindgen(js_name = resolveList, unchecked_return_type = "Resolution[]")]
    pub fn resolve_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] list: JsValue,
    ) -> Result<JsValue, JsValue> {
        let wire = |e: monshin_wire::WireError| {
            throwable(&ErrorView::coded(
                e.code().as_str(),
                "not a PMH list response",
                monshin_core::Location::default(),
            ))
        };
        let resolutions = read_json(&list, |bytes| {
            Ok(if bytes.windows(10).any(|w| w == b"\"checkups\"") {
                let list: ChildCheckupList = monshin_wire::parse(bytes).map_err(wire)?;
                resolve_checkups(&self.inner, &list)
            } else {
                let list: VaccinationList = monshin_wire::parse(bytes).map_err(wire)?;
                resolve_vaccinations(&self.inner, &list)
            })
        })?;
        let views: Vec<ResolutionView> = resolutions.iter().map(ResolutionView::from).collect();
        to_js(&views)
    }
}
