//! 母子保健情報 (API v2), infant side: the read responses of operations 7 and 8
//! (表 2.4-10, 2.4-11).
//!
//! The register body of operation 9 is in [`crate::register`].

use serde::{Deserialize, Serialize};

use crate::common::{BasicFiveInfo, CheckupResult, MedicalInstitution, WireAnswer};
use crate::open::Open;
use crate::values::{
    AnswerStatus, ChildCheckupId, Enrolment, GuideUrl, LastPage, MunicipalityCode, Period,
    StaffList, WireDate,
};

/// Response of 乳幼児健診一覧、過去の健診結果の照会 (operation 7, `list_child_checkups`,
/// 表 2.4-10).
///
/// Wire: `{ "checkups": [ChildCheckup, …] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChildCheckupList {
    /// The child's health checks, past and upcoming.
    #[serde(rename = "checkups")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub checkups: Vec<ChildCheckup>,
}

/// One infant health check (表 2.4-10 項番 1–20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChildCheckup {
    /// 1 乳幼児健診管理ID.
    #[serde(rename = "checkupId")]
    pub checkup_id: ChildCheckupId,
    /// 2 乳幼児健診名, e.g. `1歳6か月児健康診査`.
    #[serde(rename = "name")]
    pub name: String,
    /// 3 乳幼児健診対象標準期間 (by age or by date).
    #[serde(
        rename = "targetPeriod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub target_period: Option<Period>,
    /// 4 回答許可フラグ: may the 問診票 be answered now.
    #[serde(rename = "answerable")]
    pub answerable: bool,
    /// 5 回答状況 of the 問診票 (「未回答」「下書き」「回答済み」など).
    #[serde(rename = "status")]
    pub status: Open<AnswerStatus>,
    /// 6 健診実施日.
    #[serde(rename = "checkedOn", default, skip_serializing_if = "Option::is_none")]
    pub checked_on: Option<WireDate>,
    /// 7 勧奨実施日.
    #[serde(
        rename = "recommendedOn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recommended_on: Option<WireDate>,
    /// 8 在籍フラグ: `true` enrolled (未転出), `false` moved out (転出済), or another value.
    #[serde(rename = "enrolled", default, skip_serializing_if = "Option::is_none")]
    pub enrolled: Option<Open<Enrolment>>,
    /// 9 健診担当者_[1~9] (a list of at most 9; see [`StaffList`]).
    #[serde(rename = "staff", default, skip_serializing_if = "StaffList::is_empty")]
    pub staff: StaffList,
    /// 10–12 市区町村情報.
    #[serde(
        rename = "municipality",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub municipality: Option<Municipality>,
    /// 13–14 医療機関情報.
    #[serde(
        rename = "medicalInstitution",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub medical_institution: Option<MedicalInstitution>,
    /// 15–16 会場情報.
    #[serde(rename = "venue", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub venue: Option<Venue>,
    /// 17–19 案内用URL.
    #[serde(rename = "guideUrls", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub guide_urls: Option<ChildGuideUrls>,
    /// 20 健診結果の一覧 (health data).
    #[serde(rename = "results", default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub results: Vec<CheckupResult>,
}

/// 市区町村情報 (表 2.4-10 項番 10–12): where the check-up took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Municipality {
    /// 10 市区町村情報ー地方公共団体コード (check digit verified).
    #[serde(rename = "code")]
    pub code: MunicipalityCode,
    /// 11 市区町村情報ー都道府県名.
    #[serde(
        rename = "prefectureName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub prefecture_name: Option<String>,
    /// 12 市区町村情報ー市区町村名.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// 会場情報 (表 2.4-10 項番 15–16): the venue of a group check-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Venue {
    /// 15 会場情報ー会場コード.
    #[serde(rename = "code", default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 16 会場情報ー会場名.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// 案内用URL of an infant check-up (表 2.4-10 項番 17–19).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChildGuideUrls {
    /// 17 案内用URLー厚生労働省: MHLW's general guidance.
    #[serde(rename = "mhlw", default, skip_serializing_if = "Option::is_none")]
    pub mhlw: Option<GuideUrl>,
    /// 18 案内用URLー自治体用: the municipality's general guidance on infant check-ups.
    #[serde(
        rename = "municipality",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub municipality: Option<GuideUrl>,
    /// 19 案内用URLー自治体用: the municipality's guidance for this check-up.
    #[serde(rename = "checkup", default, skip_serializing_if = "Option::is_none")]
    pub checkup: Option<GuideUrl>,
}

/// Response of 乳幼児問診票の回答の照会 (operation 8, `get_child_answers`, 表 2.4-11): the
/// stored answers of one infant check-up questionnaire.
///
/// Wire: `{ "checkupId", "title", "answerable", "status", "lastPage"?, "basicFiveInfo",
/// "pageLabels": [..], "answers": [WireAnswer, …] }`, the same shape as
/// [`crate::VaccinationFormAnswers`] with `checkupId` for `formId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChildFormAnswers {
    /// 21 乳幼児健診管理ID.
    #[serde(rename = "checkupId")]
    pub checkup_id: ChildCheckupId,
    /// 22 問診票名.
    #[serde(rename = "title")]
    pub title: String,
    /// 23 回答許可フラグ.
    #[serde(rename = "answerable")]
    pub answerable: bool,
    /// 24 回答状況 (「未回答」「下書き」「回答済み」など).
    #[serde(rename = "status")]
    pub status: Open<AnswerStatus>,
    /// 25 最終更新ページ番号 (absent while 未回答).
    #[serde(rename = "lastPage", default, skip_serializing_if = "Option::is_none")]
    pub last_page: Option<LastPage>,
    /// 26 基本５情報 of the child (absent or `null` when withheld).
    #[serde(
        rename = "basicFiveInfo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub basic_five_info: Option<BasicFiveInfo>,
    /// 27 定義ー問診票項目のグループのラベル: one label per page, page 1 first.
    #[serde(rename = "pageLabels", default)]
    pub page_labels: Vec<String>,
    /// 28–30 回答: the (問診票項目マスタID, 連番, 回答結果) triples.
    #[serde(rename = "answers", default)]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub answers: Vec<WireAnswer>,
}
