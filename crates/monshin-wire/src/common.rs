//! Structures shared by several PMH documents: answers, 基本５情報, medical institutions,
//! check-up results and guidance URLs.
//!
//! Personal and health values here are [`Redacted`] (or [`AnswerValue`]) so that `Debug` of a
//! whole document never shows them; see [`crate::redact`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::open::Open;
use crate::redact::Redacted;
use crate::values::{GuideUrl, MasterId, RepeatSeq, Sex, WireDate};

/// 回答結果: the answer value, as text (its encoding per item type is defined by the monshin
/// form definition, not here). Prints as `<redacted>` in `Debug`.
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnswerValue(String);

impl AnswerValue {
    /// Wraps an answer text.
    pub fn new(text: impl Into<String>) -> Self {
        AnswerValue(text.into())
    }

    /// The answer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Unwraps the answer text.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for AnswerValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// One answer triple: (項目マスタID, 連番, 回答結果).
///
/// Wire: `{ "masterId": "PCV_TEMP", "seq": 1, "value": "36.5" }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WireAnswer {
    /// 回答ー項目マスタID.
    #[serde(rename = "masterId")]
    pub master_id: MasterId,
    /// 回答ー繰り返しを許容する項目の回答の組み合わせを表す連番.
    #[serde(rename = "seq", deserialize_with = "crate::values::repeat_seq")]
    pub seq: RepeatSeq,
    /// 回答ー回答結果.
    #[serde(rename = "value")]
    pub value: AnswerValue,
}

impl WireAnswer {
    /// An answer triple.
    pub fn new(master_id: MasterId, seq: RepeatSeq, value: AnswerValue) -> Self {
        WireAnswer {
            master_id,
            seq,
            value,
        }
    }
}

/// 基本５情報: the citizen's (or child's) name, name in kana, address, date of birth and sex.
///
/// Wire: `{ "name", "nameKana", "address", "dateOfBirth": "YYYY-MM-DD", "sex": "1" | "2" }`,
/// as in the published PMH specifications. Every field is redacted in `Debug`. Any field may
/// be withheld (absent or `null`): each is an `Option`, and reading reports a withheld one as
/// `wire.withheld` (a warning). 性別 is an open vocabulary (ISO 5218 `"0"`/`"1"`/`"2"`/`"9"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BasicFiveInfo {
    /// 氏名.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Redacted<String>>,
    /// 氏名カナ (full-width katakana; not checked here).
    #[serde(rename = "nameKana", default, skip_serializing_if = "Option::is_none")]
    pub name_kana: Option<Redacted<String>>,
    /// 住所.
    #[serde(rename = "address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Redacted<String>>,
    /// 生年月日.
    #[serde(
        rename = "dateOfBirth",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub date_of_birth: Option<Redacted<WireDate>>,
    /// 性別.
    #[serde(rename = "sex", default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Redacted<Open<Sex>>>,
}

/// 医療機関情報: the medical institution of a vaccination or check-up.
///
/// Wire: `{ "code": "1312345678", "name": "…", "address": "…" }`, all optional. `code` is the
/// 医療機関コード as a string (its format is not checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MedicalInstitution {
    /// 医療機関コード.
    #[serde(rename = "code", default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 医療機関名.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 所在地 (part of 医療機関情報詳細 in 表 2.4-3; our design).
    #[serde(rename = "address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// One item of a check-up result (妊婦健診 結果, 乳幼児健診 健診結果の一覧).
///
/// **Our design** (the guideline only says "結果"): `{ "itemCode"?, "itemName", "value",
/// "unit"? }`, e.g. `{ "itemName": "体重", "value": "10.2", "unit": "kg" }`. The value is health
/// data and is redacted in `Debug`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckupResult {
    /// 健診項目コード.
    #[serde(rename = "itemCode", default, skip_serializing_if = "Option::is_none")]
    pub item_code: Option<String>,
    /// 健診項目名.
    #[serde(rename = "itemName")]
    pub item_name: String,
    /// 結果の値.
    #[serde(rename = "value")]
    pub value: Redacted<String>,
    /// 単位.
    #[serde(rename = "unit", default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// 案内用URL: MHLW's and the municipality's general guidance links.
///
/// Wire: `{ "mhlw": "https://…", "municipality": "https://…" }`, both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GuideUrls {
    /// 案内用URLー厚生労働省.
    #[serde(rename = "mhlw", default, skip_serializing_if = "Option::is_none")]
    pub mhlw: Option<GuideUrl>,
    /// 案内用URLー各自治体.
    #[serde(
        rename = "municipality",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub municipality: Option<GuideUrl>,
}
