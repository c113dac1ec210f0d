//! 医療費助成情報 (API v2): the response of operation 10 (表 2.4-14), subsidy recipient
//! certificates (受給者証) with their three-level detail list.
//!
//! The three levels are three types, so a fourth level cannot be represented: the nesting
//! bound is in the type system, not in a runtime check.

use serde::{Deserialize, Serialize};

use crate::redact::Redacted;

/// Response of 医療費助成情報の照会 (operation 10, `list_subsidy_certificates`, 表 2.4-14).
///
/// Wire: `{ "certificates": [SubsidyCertificate, …] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubsidyCertificateList {
    /// The citizen's certificates.
    #[serde(rename = "certificates")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub certificates: Vec<SubsidyCertificate>,
}

/// One 受給者証 (表 2.4-14 項番 1–8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubsidyCertificate {
    /// 1 受給者証名称, e.g. `子ども医療費受給者証`.
    #[serde(rename = "name")]
    pub name: String,
    /// 2 受給者証省略名称, e.g. `子ども医療`.
    #[serde(rename = "shortName", default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    /// 3–8 詳細: the first level of the detail list.
    #[serde(rename = "details", default)]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub details: Vec<SubsidyDetail>,
}

/// 詳細, 1階層目 (表 2.4-14 項番 3–4): a label with either a value, nested items, or both.
///
/// Wire: `{ "label": "…", "value"?: "…", "items"?: [SubsidySubDetail, …] }`. Values are
/// redacted in `Debug` (受給者番号, 負担上限額 … are personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubsidyDetail {
    /// 3 詳細ー項目名（1階層目）.
    #[serde(rename = "label")]
    pub label: String,
    /// 4 詳細ー値（1階層目）, when it is a plain value.
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Redacted<String>>,
    /// 5–8: the second level, when 値（1階層目） is itself a list.
    #[serde(rename = "items", default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub items: Vec<SubsidySubDetail>,
}

/// 詳細, 2階層目 (表 2.4-14 項番 5–6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubsidySubDetail {
    /// 5 詳細ー値（1階層目）ー項目名（2階層目）.
    #[serde(rename = "label")]
    pub label: String,
    /// 6 詳細ー値（1階層目）ー値（2階層目）, when it is a plain value.
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Redacted<String>>,
    /// 7–8: the third level, when 値（2階層目） is itself a list.
    #[serde(rename = "items", default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub items: Vec<SubsidyLeafDetail>,
}

/// 詳細, 3階層目 (表 2.4-14 項番 7–8): the innermost level, always a plain value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubsidyLeafDetail {
    /// 7 …ー項目名（3階層目）.
    #[serde(rename = "label")]
    pub label: String,
    /// 8 …ー値（3階層目）.
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Redacted<String>>,
}
