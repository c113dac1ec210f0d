//! The catalogue file as it is written in JSON (`catalogue.json`, schema
//! `schemas/catalogue.schema.json`): plain serde types, no logic.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A catalogue: which definition, with which parameters, answers each PMH list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Catalogue {
    /// Optional pointer to the JSON Schema, ignored by monshin.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Author's version string of this catalogue.
    pub version: String,
    /// Vaccination-list entries (予防接種一覧, 表 2.4-3) to 予診票 definitions.
    #[serde(default)]
    pub vaccinations: Vec<VaccinationEntry>,
    /// Child check-up list entries (乳幼児健診一覧, 表 2.4-10) to 問診票 definitions.
    #[serde(default)]
    pub child_checkups: Vec<ChildCheckupEntry>,
}

/// A definition's identity: its `id` and `version`.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DefinitionRef {
    /// The definition's `id`.
    pub id: String,
    /// The definition's `version`.
    pub version: String,
}

/// One vaccine kind × dose (表 2.4-3 項番 8, 10–13) and the definition that answers it.
///
/// An entry matches a list entry whose 種別ーワクチン種別 equals `vaccineType` (or, when PMH
/// gives no code, whose 種別ーワクチン通称 equals `vaccine`), whose 種別ー回数 equals `dose`,
/// and whose 種別ー期 / 種別ー価 equal `term` / `valency` when the entry names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VaccinationEntry {
    /// 種別ーワクチン種別: the vaccine kind code. The guideline publishes no code table: the
    /// codes of the bundled catalogue are our design (see FORMAT.md §4).
    pub vaccine_type: String,
    /// 種別ーワクチン通称: the common vaccine name, e.g. `小児用肺炎球菌`.
    pub vaccine: String,
    /// 種別ー期, e.g. `第1期`; absent matches any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// 種別ー価, e.g. `15価`; absent matches any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valency: Option<String>,
    /// 種別ー回数: the dose number, from 1.
    pub dose: u32,
    /// The definition that answers this dose.
    pub definition: DefinitionRef,
    /// Values of the definition's parameters for this dose (e.g. `"dose": "3"`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

/// One kind of infant health check (表 2.4-10 項番 2–3) and the definition that answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChildCheckupEntry {
    /// 乳幼児健診名 as PMH gives it, e.g. `1歳6か月児健康診査`; every spelling a
    /// municipality uses is listed.
    pub names: Vec<String>,
    /// 乳幼児健診対象標準期間 as an age in months, `[from, to)`: documents the check-up and
    /// is returned with the resolution; PMH gives the period as dates, which depend on the
    /// child's birth date, so it does not take part in matching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_age_months: Option<[u32; 2]>,
    /// The definition that answers this check-up.
    pub definition: DefinitionRef,
    /// Values of the definition's parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}
