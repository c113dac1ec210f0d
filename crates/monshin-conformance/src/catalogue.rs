//! Catalogue cases (`"kind": "catalogue"`): a PMH list response in, each entry's definition
//! and parameters (or the typed "no form" code) out.

use std::collections::BTreeMap;

use monshin_core::catalogue::Catalogue;
use monshin_core::Limits;
use monshin_lifecycle::{
    resolve_checkups, resolve_form_list, resolve_vaccinations, FormResolution,
};
use monshin_wire::{ChildCheckupList, VaccinationFormList, VaccinationList};
use serde::Deserialize;
use serde_json::Value;

/// One list entry's expected resolution; `noForm` or `definition` (with `version`, `params`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectedResolution {
    /// The entry's PMH ID.
    pub pmh_id: String,
    /// The definition's id.
    #[serde(default)]
    pub definition: Option<String>,
    /// The definition's version.
    #[serde(default)]
    pub version: Option<String>,
    /// The parameters (compared whole when `definition` is given).
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// The typed reason code when there is no form (`catalogue.unknown-dose` …).
    #[serde(default)]
    pub no_form: Option<String>,
}

impl ExpectedResolution {
    fn of(r: &FormResolution<'_>) -> ExpectedResolution {
        match &r.result {
            Ok(found) => ExpectedResolution {
                pmh_id: r.pmh_id.clone(),
                definition: Some(found.definition.id.clone()),
                version: Some(found.definition.version.clone()),
                params: found.params.clone(),
                no_form: None,
            },
            Err(e) => ExpectedResolution {
                pmh_id: r.pmh_id.clone(),
                definition: None,
                version: None,
                params: BTreeMap::new(),
                no_form: Some(e.code().to_owned()),
            },
        }
    }
}

/// Resolves `list` (a vaccination list, a child check-up list, or a form list when
/// `vaccinations` gives the vaccination list it joins) with `catalogue` (the bundled one when
/// `None`).
pub fn run(
    catalogue: Option<&Value>,
    list: &Value,
    vaccinations: Option<&Value>,
) -> Result<Vec<ExpectedResolution>, String> {
    let text = match catalogue {
        Some(c) => serde_json::to_string(c).map_err(|e| e.to_string())?,
        None => monshin_forms::CATALOGUE.to_owned(),
    };
    let catalogue = Catalogue::from_json(text.as_bytes(), &Limits::default())
        .map_err(|e| format!("catalogue: {}", e.code()))?;
    let bytes = serde_json::to_vec(list).map_err(|e| e.to_string())?;
    let wire = |e: monshin_wire::WireError| format!("list: {}", e.code().as_str());
    let resolutions = if list.get("checkups").is_some() {
        let list: ChildCheckupList = monshin_wire::parse(&bytes).map_err(wire)?;
        resolve_checkups(&catalogue, &list)
    } else if list.get("forms").is_some() {
        let forms: VaccinationFormList = monshin_wire::parse(&bytes).map_err(wire)?;
        let v = serde_json::to_vec(vaccinations.ok_or("a form list needs `vaccinations`")?)
            .map_err(|e| e.to_string())?;
        let v: VaccinationList = monshin_wire::parse(&v).map_err(wire)?;
        resolve_form_list(&catalogue, &forms, &v)
    } else {
        let list: VaccinationList = monshin_wire::parse(&bytes).map_err(wire)?;
        resolve_vaccinations(&catalogue, &list)
    };
    Ok(resolutions.iter().map(ExpectedResolution::of).collect())
}
