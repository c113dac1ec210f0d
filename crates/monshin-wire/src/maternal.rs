//! 母子保健情報 (API v2), prenatal side: operations 5 and 6 (表 2.4-8, 2.4-9).
//!
//! The infant side (operations 7–9) is in [`crate::child`] and [`crate::register`].

use serde::{Deserialize, Serialize};

use crate::common::{CheckupResult, GuideUrls, MedicalInstitution};
use crate::values::{PregnancyId, PrenatalCheckupId, StaffList, VoucherId, WireDate};

/// Response of 妊婦健診一覧、過去の健診結果の照会 (operation 5, `list_prenatal_checkups`,
/// 表 2.4-8).
///
/// Wire: `{ "pregnancies": [Pregnancy, …] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrenatalCheckupList {
    /// One entry per pregnancy.
    #[serde(rename = "pregnancies")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub pregnancies: Vec<Pregnancy>,
}

/// One pregnancy with its check-ups (表 2.4-8 項番 1–10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pregnancy {
    /// 1 妊娠ID.
    #[serde(rename = "pregnancyId")]
    pub pregnancy_id: PregnancyId,
    /// 2 妊娠届出日: date the pregnancy was notified.
    #[serde(
        rename = "notifiedOn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub notified_on: Option<WireDate>,
    /// 3–10 妊婦健診一覧.
    #[serde(rename = "checkups", default)]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub checkups: Vec<PrenatalCheckup>,
}

/// One prenatal check-up (妊婦健診一覧, 表 2.4-8 項番 3–10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrenatalCheckup {
    /// 3 妊婦健診一覧ー妊婦健診管理ID.
    #[serde(rename = "checkupId")]
    pub checkup_id: PrenatalCheckupId,
    /// 4 妊婦健診一覧ー健診実施日.
    #[serde(rename = "checkedOn", default, skip_serializing_if = "Option::is_none")]
    pub checked_on: Option<WireDate>,
    /// 5 妊婦健診一覧ー在籍フラグ: `true` enrolled (未転出), `false` moved out (転出済).
    #[serde(rename = "enrolled", default, skip_serializing_if = "Option::is_none")]
    pub enrolled: Option<crate::open::Open<crate::values::Enrolment>>,
    /// 6 妊婦健診一覧ー健診担当者_[1~9] (a list of at most 9; see [`StaffList`]).
    #[serde(rename = "staff", default, skip_serializing_if = "StaffList::is_empty")]
    pub staff: StaffList,
    /// 7 妊婦健診一覧ー医療機関情報.
    #[serde(
        rename = "medicalInstitution",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub medical_institution: Option<MedicalInstitution>,
    /// 8 妊婦健診一覧ー案内用URL (厚生労働省) and 9 (各自治体).
    #[serde(rename = "guideUrls", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub guide_urls: Option<GuideUrls>,
    /// 10 妊婦健診一覧ー結果: the results of the check-up items (health data).
    #[serde(rename = "results", default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub results: Vec<CheckupResult>,
}

/// Response of 妊婦健診の受診券情報の照会 (operation 6, `list_prenatal_vouchers`, 表 2.4-9):
/// the vouchers tied to the current pregnancy.
///
/// Wire: `{ "vouchers": [PrenatalVoucher, …] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrenatalVoucherList {
    /// The vouchers.
    #[serde(rename = "vouchers")]
    #[serde(deserialize_with = "crate::shape::objects")]
    pub vouchers: Vec<PrenatalVoucher>,
}

/// One prenatal check-up voucher (受診券, 表 2.4-9 項番 11–19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrenatalVoucher {
    /// 11 受診券管理ID.
    #[serde(rename = "voucherId")]
    pub voucher_id: VoucherId,
    /// 12 受診券名称, e.g. `妊婦健康診査受診票（1回目）`.
    #[serde(rename = "name")]
    pub name: String,
    /// 13 自治体負担額: the amount the municipality pays, in yen (a JSON integer).
    #[serde(
        rename = "municipalShareYen",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub municipal_share_yen: Option<u64>,
    /// 14 受診券の有効期限: last day of validity.
    #[serde(
        rename = "validUntil",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_until: Option<WireDate>,
    /// 15 備考: supplementary information defined by the municipality.
    #[serde(rename = "remarks", default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// 16 交付日.
    #[serde(rename = "issuedOn", default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<WireDate>,
    /// 17 利用日 (absent while unused).
    #[serde(rename = "usedOn", default, skip_serializing_if = "Option::is_none")]
    pub used_on: Option<WireDate>,
    /// 18 妊婦健診管理ID of the check-up this voucher was used for.
    #[serde(rename = "checkupId", default, skip_serializing_if = "Option::is_none")]
    pub checkup_id: Option<PrenatalCheckupId>,
    /// 19 健診項目ー妊婦健診項目: the check-up items the voucher covers.
    #[serde(
        rename = "checkupItems",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub checkup_items: Vec<String>,
}
