//! 予防接種情報 (API v3): the three read responses of operations 1–3 (表 2.4-3 … 2.4-5).
//!
//! The register body of operation 4 is in [`crate::register`]. Field docs give the guideline's
//! 項番 and item name; the JSON spellings (`#[serde(rename)]`) are our design.

use serde::{Deserialize, Serialize};

use crate::common::{BasicFiveInfo, GuideUrls, MedicalInstitution, WireAnswer};
use crate::open::Open;
use crate::redact::Redacted;
use crate::values::{
    AnswerStatus, DeliveryMode, Enrolment, LastPage, LegalCategory, Period, VaccinationFormId,
    VaccinationScheduleId, VisitKind, WireDate,
};

/// Response of 予防接種一覧情報の照会 (operation 1, `list_vaccinations`, 表 2.4-3): the
/// citizen's scheduled vaccinations with their records.
///
/// Wire: `{ "vaccinations": [Vaccination, …] }` (schema `schemas/pmh-vaccination-list.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VaccinationList {
    /// One entry per scheduled vaccination (予防接種予定).
    #[serde(rename = "vaccinations")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub vaccinations: Vec<Vaccination>,
}

/// One scheduled vaccination of 表 2.4-3 (項番 1–33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Vaccination {
    /// 1 予診票管理ID: the form group (vaccine kind × dose number).
    #[serde(rename = "formId")]
    pub form_id: VaccinationFormId,
    /// 2 予防接種予定ID.
    #[serde(rename = "scheduleId")]
    pub schedule_id: VaccinationScheduleId,
    /// 3 勧奨実施日: date the first recommendation was sent.
    #[serde(
        rename = "recommendedOn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recommended_on: Option<WireDate>,
    /// 4 在籍フラグ: `true` enrolled in the municipality (未転出), `false` moved out (転出済),
    /// or another value (「など」).
    #[serde(rename = "enrolled", default, skip_serializing_if = "Option::is_none")]
    pub enrolled: Option<Open<Enrolment>>,
    /// 5 案内用URLー厚生労働省 and 6 案内用URLー各自治体.
    #[serde(rename = "guideUrls", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub guide_urls: Option<GuideUrls>,
    /// 7–24 種別: what is vaccinated, when.
    #[serde(rename = "kind")]
    #[serde(deserialize_with = "crate::shape::object")]
    pub kind: VaccineKind,
    /// 25–33 履歴: the records of this vaccination (possibly a screening-only visit first).
    #[serde(rename = "history", default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub history: Vec<VaccinationRecord>,
}

/// 種別 (表 2.4-3 項番 7–24): the vaccine kind, dose and periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VaccineKind {
    /// 7 種別ー予防接種管理番号: number managing kind × dose.
    #[serde(
        rename = "managementNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub management_number: Option<String>,
    /// 8 種別ーワクチン通称: the common vaccine name, e.g. `小児用肺炎球菌`.
    #[serde(rename = "vaccineCommonName")]
    pub vaccine_common_name: String,
    /// 9 種別ー回数通称: the common name of the dose, e.g. `1回目`, `追加接種`.
    #[serde(
        rename = "doseCommonName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dose_common_name: Option<String>,
    /// 10 種別ーワクチン種別: code of the vaccine kind (a string).
    #[serde(
        rename = "vaccineType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vaccine_type: Option<String>,
    /// 11 種別ー期: the term (期), e.g. `第1期`.
    #[serde(rename = "term", default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// 12 種別ー価: the valency (価), e.g. `15価`.
    #[serde(rename = "valency", default, skip_serializing_if = "Option::is_none")]
    pub valency: Option<String>,
    /// 13 種別ー回数: the dose number (a JSON number).
    #[serde(
        rename = "doseNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dose_number: Option<u32>,
    /// 14 種別ー接種間隔ー前回 and 15 種別ー接種間隔ー前々回.
    #[serde(rename = "interval", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub interval: Option<DoseInterval>,
    /// 16–18 種別ー接種標準期間ー年齢/年度/日付.
    #[serde(
        rename = "standardPeriod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub standard_period: Option<Period>,
    /// 19–21 種別ー定期接種期間ー年齢/年度/日付.
    #[serde(
        rename = "routinePeriod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub routine_period: Option<Period>,
    /// 22 種別ー法定区分: 定期 / 任意 / 臨時.
    #[serde(
        rename = "legalCategory",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_category: Option<Open<LegalCategory>>,
    /// 23 種別ーワクチン適齢期: the age class of the vaccine, e.g. `小児期`, `その他` (kept as
    /// text: the guideline's list is open).
    #[serde(rename = "ageGroup", default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<String>,
    /// 24 種別ー接種対象期間非表示フラグ: `true` = the UI hides the routine/standard periods.
    /// Absent means `false`.
    #[serde(rename = "hidePeriods", default)]
    pub hide_periods: bool,
}

/// 接種間隔 (表 2.4-3 項番 14–15): the dates of the previous two doses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DoseInterval {
    /// 14 種別ー接種間隔ー前回: date of the previous dose.
    #[serde(
        rename = "previousDoseOn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub previous_dose_on: Option<WireDate>,
    /// 15 種別ー接種間隔ー前々回: date of the dose before that.
    #[serde(
        rename = "secondPreviousDoseOn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub second_previous_dose_on: Option<WireDate>,
}

/// 履歴 (表 2.4-3 項番 25–33): one vaccination (or screening-only) visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VaccinationRecord {
    /// 25 履歴ー予防接種予定ID.
    #[serde(
        rename = "scheduleId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub schedule_id: Option<VaccinationScheduleId>,
    /// 26 履歴ー予防接種日.
    #[serde(rename = "vaccinatedOn")]
    pub vaccinated_on: WireDate,
    /// 27 履歴ー医師名 (redacted in `Debug`).
    #[serde(
        rename = "doctorName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub doctor_name: Option<Redacted<String>>,
    /// 28 履歴ー実施区分: 個別 / 集団.
    #[serde(
        rename = "deliveryMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_mode: Option<Open<DeliveryMode>>,
    /// 29 履歴ー接種区分: 接種 / 予診.
    #[serde(rename = "visitKind", default, skip_serializing_if = "Option::is_none")]
    pub visit_kind: Option<Open<VisitKind>>,
    /// 30 履歴ー接種同意フラグ: did the person (or guardian) consent.
    #[serde(rename = "consented", default, skip_serializing_if = "Option::is_none")]
    pub consented: Option<bool>,
    /// 31 履歴ー接種結果: what was administered (vaccine, lot …), as text; health data,
    /// redacted in `Debug`.
    #[serde(rename = "result", default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Redacted<String>>,
    /// 32 履歴ー特別の事情: code of the special circumstances, if any (a string).
    #[serde(
        rename = "specialCircumstances",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub special_circumstances: Option<String>,
    /// 33 履歴ー医療機関情報詳細.
    #[serde(
        rename = "medicalInstitution",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub medical_institution: Option<MedicalInstitution>,
}

/// Response of 予診票一覧情報の照会 (operation 2, `list_vaccination_forms`, 表 2.4-4).
///
/// Wire: `{ "forms": [VaccinationFormSummary, …] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VaccinationFormList {
    /// The citizen's vaccination forms.
    #[serde(rename = "forms")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub forms: Vec<VaccinationFormSummary>,
}

/// One vaccination form of 表 2.4-4 (項番 34–37).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VaccinationFormSummary {
    /// 34 予診票管理ID.
    #[serde(rename = "formId")]
    pub form_id: VaccinationFormId,
    /// 35 予診票名.
    #[serde(rename = "title")]
    pub title: String,
    /// 36 回答許可フラグ: may the form be answered now.
    #[serde(rename = "answerable")]
    pub answerable: bool,
    /// 37 回答状況 (「未回答」「下書き」「回答済み」など).
    #[serde(rename = "status")]
    pub status: Open<AnswerStatus>,
}

/// Response of 予診票の回答結果の照会 (operation 3, `get_vaccination_answers`, 表 2.4-5): the
/// stored answers of one vaccination form.
///
/// Wire: `{ "formId", "title", "answerable", "status", "lastPage"?, "basicFiveInfo",
/// "pageLabels": [..], "answers": [WireAnswer, …] }`. `pageLabels[i]` is the label of page
/// `i + 1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VaccinationFormAnswers {
    /// 38 予診票管理ID.
    #[serde(rename = "formId")]
    pub form_id: VaccinationFormId,
    /// 39 予診票名.
    #[serde(rename = "title")]
    pub title: String,
    /// 40 回答許可フラグ.
    #[serde(rename = "answerable")]
    pub answerable: bool,
    /// 41 回答状況 (「未回答」「下書き」「回答済み」など).
    #[serde(rename = "status")]
    pub status: Open<AnswerStatus>,
    /// 42 最終更新ページ番号 (absent while 未回答).
    #[serde(rename = "lastPage", default, skip_serializing_if = "Option::is_none")]
    pub last_page: Option<LastPage>,
    /// 43 基本５情報 of the person to be vaccinated (absent or `null` when withheld).
    #[serde(
        rename = "basicFiveInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub basic_five_info: Option<BasicFiveInfo>,
    /// 44 定義ー予診票/問診票項目のグループのラベル: one label per page, page 1 first.
    #[serde(rename = "pageLabels", default)]
    pub page_labels: Vec<String>,
    /// 45–47 回答: the (項目マスタID, 連番, 回答結果) triples.
    #[serde(rename = "answers", default)]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub answers: Vec<WireAnswer>,
}
