//! Validated scalar values of the wire: dates, codes, IDs, numbers and fixed vocabularies.
//!
//! Each type checks its invariant both in its constructor and in its `Deserialize` impl, so a
//! parsed document never holds an impossible date or a municipality code with a wrong check
//! digit. Invalid input is reported with a specific [`ErrorCode`] (see [`crate::error`]).
//! The fixed strings of the wire (回答状況 `未回答`/`下書き`/`回答済み`, 法定区分 …, 性別
//! `"1"`/`"2"`) are spelled only here.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{reject, ErrorCode, WireError};
use crate::open::Vocabulary;
use crate::redact::Redacted;
pub(crate) use monshin_core::{AnswerStatus, RepeatSeq};

/// Deserialises a string and converts it with `convert`, reporting its error code.
pub(crate) fn deserialize_str<'de, D, T>(
    d: D,
    expecting: &'static str,
    convert: fn(&str) -> Result<T, ErrorCode>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T> {
        expecting: &'static str,
        convert: fn(&str) -> Result<T, ErrorCode>,
    }
    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.convert)(v).map_err(reject)
        }
    }
    d.deserialize_str(StrVisitor { expecting, convert })
}

// ---------------------------------------------------------------------------------------------
// Dates

/// A calendar date written `YYYY-MM-DD` on the wire (a real Gregorian date, year 0001–9999).
///
/// Ordered chronologically.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WireDate {
    year: u16,
    month: u8,
    day: u8,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl WireDate {
    /// A date from its parts; [`ErrorCode::BadDate`] if it does not exist.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, WireError> {
        Self::checked(year, month, day).ok_or(WireError::value(ErrorCode::BadDate))
    }

    fn checked(year: u16, month: u8, day: u8) -> Option<Self> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(WireDate { year, month, day })
    }

    fn parse(s: &str) -> Result<Self, ErrorCode> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(ErrorCode::BadDate);
        }
        let num = |r: std::ops::Range<usize>| {
            b[r].iter()
                .fold(0u16, |acc, c| acc * 10 + u16::from(c - b'0'))
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        // month and day are two digits, so they fit in u8.
        Self::checked(year, month as u8, day as u8).ok_or(ErrorCode::BadDate)
    }

    /// The year (1–9999).
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month (1–12).
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1–31).
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for WireDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for WireDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WireDate({self})")
    }
}

impl FromStr for WireDate {
    type Err = WireError;
    fn from_str(s: &str) -> Result<Self, WireError> {
        WireDate::parse(s).map_err(WireError::value)
    }
}

impl Serialize for WireDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_str(d, "a date YYYY-MM-DD", WireDate::parse)
    }
}

/// A date range with optional ends (`from` … `to`, both inclusive).
///
/// Wire: `{ "from": "2025-04-01", "to": "2026-03-31" }`; either end may be absent for an
/// open range. The order of the ends is not checked (the engine decides what an inverted range
/// means).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DateRange {
    /// 開始年月日.
    #[serde(rename = "from", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<WireDate>,
    /// 終了年月日.
    #[serde(rename = "to", default, skip_serializing_if = "Option::is_none")]
    pub to: Option<WireDate>,
}

impl DateRange {
    /// A range from its ends.
    pub fn new(from: Option<WireDate>, to: Option<WireDate>) -> Self {
        DateRange { from, to }
    }
}

/// A vaccination or check-up period (接種標準期間, 定期接種期間, 乳幼児健診対象標準期間).
///
/// The guideline gives each period up to three ways — by age (年齢), by fiscal year (年度) and by
/// date (日付) — each as a start/end date (開始/終了年月日). Wire:
/// `{ "byAge": DateRange, "byFiscalYear": DateRange, "byDate": DateRange }`, each optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Period {
    /// 年齢: the start/end dates of the period defined by age.
    #[serde(rename = "byAge", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub by_age: Option<DateRange>,
    /// 年度: the start/end dates of the period defined by fiscal year.
    #[serde(
        rename = "byFiscalYear",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub by_fiscal_year: Option<DateRange>,
    /// 日付: the start/end dates of the period defined by date.
    #[serde(rename = "byDate", default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::shape::optional_object")]
    pub by_date: Option<DateRange>,
}

impl Period {
    /// A period from its three optional ranges.
    pub fn new(
        by_age: Option<DateRange>,
        by_fiscal_year: Option<DateRange>,
        by_date: Option<DateRange>,
    ) -> Self {
        Period {
            by_age,
            by_fiscal_year,
            by_date,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Municipality code

/// 地方公共団体コード: 5 digits plus the JIS X 0402 check digit, a string on the wire
/// (`"131016"` = 東京都千代田区).
///
/// Check digit: weight the first five digits 6, 5, 4, 3, 2, sum, `r = sum % 11`,
/// check = `(11 - r) % 10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityCode([u8; 6]);

impl MunicipalityCode {
    /// The check digit for five leading digits (each `0..=9`).
    pub fn check_digit(first_five: [u8; 5]) -> u8 {
        let sum: u32 = first_five
            .iter()
            .zip([6u32, 5, 4, 3, 2])
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        ((11 - sum % 11) % 10) as u8
    }

    fn parse(s: &str) -> Result<Self, ErrorCode> {
        let b = s.as_bytes();
        if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
            return Err(ErrorCode::BadMunicipalityCode);
        }
        let mut code = [0u8; 6];
        code.copy_from_slice(b);
        let digits: [u8; 5] = [
            b[0] - b'0',
            b[1] - b'0',
            b[2] - b'0',
            b[3] - b'0',
            b[4] - b'0',
        ];
        if MunicipalityCode::check_digit(digits) != b[5] - b'0' {
            return Err(ErrorCode::MunicipalityCheckDigit);
        }
        Ok(MunicipalityCode(code))
    }

    /// The six-digit code.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The 2-digit prefecture part (都道府県コード), e.g. `"13"` for 東京都.
    pub fn prefecture(&self) -> &str {
        self.as_str().get(..2).unwrap_or_default()
    }
}

impl fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MunicipalityCode {
    type Err = WireError;
    fn from_str(s: &str) -> Result<Self, WireError> {
        MunicipalityCode::parse(s).map_err(WireError::value)
    }
}

impl Serialize for MunicipalityCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MunicipalityCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_str(d, "a 6-digit municipality code", MunicipalityCode::parse)
    }
}

// ---------------------------------------------------------------------------------------------
// Identifiers

fn check_management_id(s: &str) -> Result<String, ErrorCode> {
    let ok = !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(s.to_owned())
    } else {
        Err(ErrorCode::BadId)
    }
}

macro_rules! management_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// A string of 1–128 printable ASCII characters (no spaces); [`ErrorCode::BadId`]
        /// otherwise.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an ID.
            pub fn new(id: &str) -> Result<Self, WireError> {
                check_management_id(id).map($name).map_err(WireError::value)
            }

            /// The ID text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = WireError;
            fn from_str(s: &str) -> Result<Self, WireError> {
                $name::new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_str(d, "a management ID", |s| check_management_id(s).map($name))
            }
        }
    };
}

management_id!(
    /// 予診票管理ID: a vaccination form, grouping vaccine kind × dose number.
    VaccinationFormId
);
management_id!(
    /// 予防接種予定ID: one vaccination scheduled for the citizen.
    VaccinationScheduleId
);
management_id!(
    /// 乳幼児健診管理ID: one infant health check (and its 問診票).
    ChildCheckupId
);
management_id!(
    /// 妊娠ID: one pregnancy.
    PregnancyId
);
management_id!(
    /// 妊婦健診管理ID: one prenatal check-up.
    PrenatalCheckupId
);
management_id!(
    /// 受診券管理ID: one prenatal check-up voucher.
    VoucherId
);

/// 項目マスタID: the key of one question. Opaque: any non-empty text of at most 128 bytes without
/// control characters (`monshin_expr::is_master_id`, the same rule as form definitions' item
/// `id`); PMH publishes no format, and only the definition decides which IDs exist.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MasterId(String);

impl MasterId {
    fn check(s: &str) -> Result<MasterId, ErrorCode> {
        if monshin_expr::is_master_id(s) {
            Ok(MasterId(s.to_owned()))
        } else {
            Err(ErrorCode::BadMasterId)
        }
    }

    /// Checks and wraps a master ID.
    pub fn new(id: &str) -> Result<Self, WireError> {
        MasterId::check(id).map_err(WireError::value)
    }

    /// The ID text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MasterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for MasterId {
    type Err = WireError;
    fn from_str(s: &str) -> Result<Self, WireError> {
        MasterId::new(s)
    }
}

impl<'de> Deserialize<'de> for MasterId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_str(d, "an item master ID", MasterId::check)
    }
}

// ---------------------------------------------------------------------------------------------
// Positive numbers

macro_rules! positive_number {
    ($(#[$doc:meta])* $name:ident, $code:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(u32);

        impl $name {
            /// Wraps a number; it must be at least 1.
            pub fn new(n: u32) -> Result<Self, WireError> {
                if n >= 1 {
                    Ok($name(n))
                } else {
                    Err(WireError::value($code))
                }
            }

            /// The number (≥ 1).
            pub fn get(self) -> u32 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let n = u32::deserialize(d)?;
                if n >= 1 {
                    Ok($name(n))
                } else {
                    Err(reject($code))
                }
            }
        }
    };
}

/// Reads a 連番 (repeat sequence number): a JSON number ≥ 1 ([`ErrorCode::BadRepeatSeq`]
/// otherwise) as monshin-core's [`RepeatSeq`], the one definition of the type.
pub(crate) fn repeat_seq<'de, D: Deserializer<'de>>(d: D) -> Result<RepeatSeq, D::Error> {
    RepeatSeq::new(u32::deserialize(d)?).ok_or_else(|| reject(ErrorCode::BadRepeatSeq))
}

positive_number!(
    /// 最終更新ページ番号: the 1-based number of the page last updated. A JSON number ≥ 1.
    LastPage,
    ErrorCode::BadLastPage
);

// ---------------------------------------------------------------------------------------------
// Fixed vocabularies

macro_rules! wire_enum {
    (
        $(#[$doc:meta])* $name:ident, $field:literal, $code:expr, $expecting:literal,
        { $( $(#[$vdoc:meta])* $variant:ident => $wire:literal ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string on the wire.
            pub fn as_wire_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }

            /// The value for a wire string, if it is one.
            pub fn from_wire_str(s: &str) -> Option<Self> {
                match s {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl Vocabulary for $name {
            const FIELD: &'static str = $field;
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn from_wire_str(s: &str) -> Option<Self> {
                $name::from_wire_str(s)
            }
            fn as_wire_str(self) -> &'static str {
                $name::as_wire_str(self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_wire_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_str(d, $expecting, |s| $name::from_wire_str(s).ok_or($code))
            }
        }
    };
}

/// 回答状況 (表 2.4-4 項番 37, 2.4-5 項番 41, 2.4-10 項番 5, 2.4-11 項番 24): monshin-core's
/// [`AnswerStatus`], spelled `未回答` / `下書き` / `回答済み` on the wire. Read responses hold an
/// [`crate::Open`]`<AnswerStatus>`, since the guideline's list ends in 「など」.
impl Vocabulary for AnswerStatus {
    const FIELD: &'static str = "回答状況";
    fn all() -> &'static [Self] {
        &[
            AnswerStatus::Unanswered,
            AnswerStatus::Draft,
            AnswerStatus::Answered,
        ]
    }
    fn from_wire_str(s: &str) -> Option<Self> {
        match s {
            "未回答" => Some(AnswerStatus::Unanswered),
            "下書き" => Some(AnswerStatus::Draft),
            "回答済み" => Some(AnswerStatus::Answered),
            _ => None,
        }
    }
    fn as_wire_str(self) -> &'static str {
        match self {
            AnswerStatus::Unanswered => "未回答",
            AnswerStatus::Draft => "下書き",
            AnswerStatus::Answered => "回答済み",
        }
    }
}

wire_enum!(
    /// The 回答状況 of a register body: only `下書き` and `回答済み` (未回答 is never sent);
    /// `未回答` is rejected with [`ErrorCode::StatusNotRegistrable`] when parsing one.
    RegisterStatus, "回答状況", ErrorCode::StatusNotRegistrable, "下書き or 回答済み",
    {
        /// 下書き.
        Draft => "下書き",
        /// 回答済み.
        Answered => "回答済み",
    }
);

impl From<RegisterStatus> for AnswerStatus {
    fn from(s: RegisterStatus) -> Self {
        match s {
            RegisterStatus::Draft => AnswerStatus::Draft,
            RegisterStatus::Answered => AnswerStatus::Answered,
        }
    }
}

impl TryFrom<AnswerStatus> for RegisterStatus {
    type Error = WireError;
    fn try_from(s: AnswerStatus) -> Result<Self, WireError> {
        match s {
            AnswerStatus::Unanswered => Err(WireError::value(ErrorCode::StatusNotRegistrable)),
            AnswerStatus::Draft => Ok(RegisterStatus::Draft),
            AnswerStatus::Answered => Ok(RegisterStatus::Answered),
        }
    }
}

wire_enum!(
    /// 法定区分: the legal category of a vaccination.
    LegalCategory, "種別ー法定区分", ErrorCode::UnknownValue, "定期, 任意 or 臨時",
    {
        /// 定期: routine vaccination under the Immunization Act.
        Routine => "定期",
        /// 任意: voluntary vaccination.
        Voluntary => "任意",
        /// 臨時: temporary vaccination.
        Temporary => "臨時",
    }
);

wire_enum!(
    /// 実施区分: how a vaccination was delivered.
    DeliveryMode, "履歴ー実施区分", ErrorCode::UnknownValue, "個別 or 集団",
    {
        /// 個別: individually, at a medical institution.
        Individual => "個別",
        /// 集団: at a group session.
        Group => "集団",
    }
);

wire_enum!(
    /// 接種区分: whether the visit ended in a vaccination or only the screening.
    VisitKind, "履歴ー接種区分", ErrorCode::UnknownValue, "接種 or 予診",
    {
        /// 接種: vaccinated.
        Vaccinated => "接種",
        /// 予診: screening only (not vaccinated).
        ScreeningOnly => "予診",
    }
);

wire_enum!(
    /// 性別: the ISO 5218 codes of the published PMH specifications, `"1"` male, `"2"` female,
    /// and the two ISO 5218 also defines, `"0"` not known and `"9"` not applicable.
    Sex, "性別", ErrorCode::UnknownValue, "\"0\", \"1\", \"2\" or \"9\"",
    {
        /// `"0"`: not known (ISO 5218).
        NotKnown => "0",
        /// `"1"`: male.
        Male => "1",
        /// `"2"`: female.
        Female => "2",
        /// `"9"`: not applicable (ISO 5218).
        NotApplicable => "9",
    }
);

/// 在籍フラグ (表 2.4-3 項番 4, 2.4-8 項番 5, 2.4-10 項番 8): whether the person is enrolled in
/// the municipality. **Our design:** a JSON boolean on the wire (`true` 未転出, `false`
/// 転出済); the guideline's list ends in 「など」, so read responses hold an
/// [`crate::Open`]`<Enrolment>` that keeps any other value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Enrolment {
    /// 自治体に在籍中（未転出）: `true`.
    Enrolled,
    /// 自治体に未在籍（転出済）: `false`.
    MovedOut,
}

impl Vocabulary for Enrolment {
    const FIELD: &'static str = "在籍フラグ";
    const ANY_SCALAR: bool = true;
    fn all() -> &'static [Self] {
        &[Enrolment::Enrolled, Enrolment::MovedOut]
    }
    fn from_wire_str(_s: &str) -> Option<Self> {
        None
    }
    fn as_wire_str(self) -> &'static str {
        match self {
            Enrolment::Enrolled => "true",
            Enrolment::MovedOut => "false",
        }
    }
    fn from_wire_bool(b: bool) -> Option<Self> {
        Some(if b {
            Enrolment::Enrolled
        } else {
            Enrolment::MovedOut
        })
    }
    fn as_wire_bool(self) -> Option<bool> {
        Some(self == Enrolment::Enrolled)
    }
}

// ---------------------------------------------------------------------------------------------
// URLs

/// 案内用URL: a guidance link. Only `https://` and `http://` URLs without whitespace or
/// control characters, at most 2,048 bytes, are accepted, so that a UI can render it as a link
/// without re-checking the scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct GuideUrl(String);

impl GuideUrl {
    fn check(s: &str) -> Result<GuideUrl, ErrorCode> {
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"));
        let ok = matches!(rest, Some(r) if !r.is_empty())
            && s.len() <= 2048
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(GuideUrl(s.to_owned()))
        } else {
            Err(ErrorCode::BadUrl)
        }
    }

    /// Checks and wraps a URL.
    pub fn new(url: &str) -> Result<Self, WireError> {
        GuideUrl::check(url).map_err(WireError::value)
    }

    /// The URL text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for GuideUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_str(d, "an http(s) URL", GuideUrl::check)
    }
}

// ---------------------------------------------------------------------------------------------
// Staff

/// 健診担当者_1 … 健診担当者_9: the doctors or municipal staff who ran a check-up.
///
/// **Design choice:** a JSON array of at most 9 names (`"staff": ["…", "…"]`), element `i`
/// being 健診担当者_`i+1`, rather than nine optional fields: empty slots are simply absent and
/// the bound is checked in one place ([`ErrorCode::TooManyStaff`]). Names are personal data and
/// are redacted in `Debug`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct StaffList(Vec<Redacted<String>>);

impl StaffList {
    /// The guideline's maximum (`_1` … `_9`).
    pub const MAX: usize = 9;

    /// A list of at most [`StaffList::MAX`] names.
    pub fn new(names: Vec<String>) -> Result<Self, WireError> {
        if names.len() > Self::MAX {
            return Err(WireError::value(ErrorCode::TooManyStaff));
        }
        Ok(StaffList(names.into_iter().map(Redacted::new).collect()))
    }

    /// The names, 健診担当者_1 first.
    pub fn as_slice(&self) -> &[Redacted<String>] {
        &self.0
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No names at all?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for StaffList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<Redacted<String>>::deserialize(d)?;
        if names.len() > Self::MAX {
            return Err(reject(ErrorCode::TooManyStaff));
        }
        Ok(StaffList(names))
    }
}
