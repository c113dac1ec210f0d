//! PMH documents on the wire: typed models, bounded parsing and redaction for the マイナポータル
//! PMH情報連携API.
//!
//! This crate is the one place where PMH JSON field names and fixed strings live. The
//! guideline (利用ガイドライン §2.4, 表 2.4-3 … 2.4-14) names the fields but not their JSON
//! spelling; the spellings here are **our design** (camelCase English, dates `YYYY-MM-DD`,
//! codes as strings, flags as booleans, `basicFiveInfo` as in the published PMH specs), to be
//! aligned with the official specification in this crate alone. The JSON Schemas in the
//! workspace's `schemas/pmh-*.schema.json` describe the same documents and are checked against
//! these types by the tests.
//!
//! # Map
//!
//! - Read responses: [`VaccinationList`] (op. 1), [`VaccinationFormList`] (2),
//!   [`VaccinationFormAnswers`] (3), [`PrenatalCheckupList`] (5), [`PrenatalVoucherList`] (6),
//!   [`ChildCheckupList`] (7), [`ChildFormAnswers`] (8), [`SubsidyCertificateList`] (10).
//! - Register bodies: [`RegisterQuestionnaireAnswer`] (4) and
//!   [`RegisterChildQuestionnaireAnswer`] (9), built only through `from_parts`.
//! - Validated values: [`WireDate`], [`MunicipalityCode`], [`MasterId`], [`RepeatSeq`],
//!   [`LastPage`], [`AnswerStatus`], [`RegisterStatus`], the management IDs …
//! - Parsing: [`parse`] / [`parse_with_limits`] for any [`WireDocument`], and one
//!   `parse_<operation>` function per read response; [`encode`] to serialise.
//! - Tolerant reading: [`read()`] returns the document and its [`ReadFinding`]s (values
//!   outside an open list kept as [`Open::Other`], withheld 基本５情報 fields);
//!   [`ReadOptions::strict`] makes them errors.
//! - One shape per family: [`FormAnswersRead`] (operations 3 and 8) and [`RegisterBody`]
//!   (operations 4 and 9).
//! - Errors: [`WireError`] with a stable [`ErrorCode`] and a [`JsonPath`]; messages never
//!   contain document values.
//! - Redaction: personal and health values are [`Redacted`] / [`AnswerValue`] and print as
//!   `<redacted>` in `Debug`.
//!
//! The crate does no I/O and knows nothing about form definitions: which master IDs exist and
//! how each answer text is encoded is the business of the form engine.
//!
//! # Example
//!
//! ```
//! use monshin_wire::{parse_vaccination_form_list, AnswerStatus, ErrorCode};
//!
//! let body = r#"{ "forms": [ { "formId": "Y-PCV15-1", "title": "小児用肺炎球菌予診票",
//!                              "answerable": true, "status": "下書き" } ] }"#;
//! let list = parse_vaccination_form_list(body.as_bytes())?;
//! assert_eq!(list.forms[0].status, AnswerStatus::Draft);
//!
//! // A value the guideline's 「など」 allows is kept, and reported where it is.
//! let odd = r#"{ "forms": [ { "formId": "Y-PCV15-1", "title": "…",
//!                             "answerable": true, "status": "受付終了" } ] }"#;
//! let read = monshin_wire::read::<monshin_wire::VaccinationFormList>(
//!     odd.as_bytes(), &monshin_wire::ReadOptions::tolerant())?;
//! assert!(read.document.forms[0].status.is_other());
//! assert_eq!(read.findings[0].code, ErrorCode::UnknownValue);
//! assert_eq!(read.findings[0].path.to_pointer(), "/forms/0/status");
//!
//! let bad = r#"{ "forms": [ { "formId": "Y-PCV15-1", "title": "…",
//!                             "answerable": "はい", "status": "下書き" } ] }"#;
//! let err = parse_vaccination_form_list(bad.as_bytes()).unwrap_err();
//! assert_eq!(err.code(), ErrorCode::WrongType);
//! assert_eq!(err.path().unwrap().to_pointer(), "/forms/0/answerable");
//! assert!(!err.to_string().contains("はい"));
//! # Ok::<(), monshin_wire::WireError>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod child;
mod common;
pub mod error;
mod forms;
mod maternal;
pub mod open;
mod parse;
mod read;
pub mod redact;
mod register;
mod shape;
mod subsidy;
mod vaccination;
mod values;

pub use child::{
    ChildCheckup, ChildCheckupList, ChildFormAnswers, ChildGuideUrls, Municipality, Venue,
};
pub use common::{
    AnswerValue, BasicFiveInfo, CheckupResult, GuideUrls, MedicalInstitution, WireAnswer,
};
pub use error::{ErrorCode, JsonPath, PathSegment, WireError};
pub use forms::{FormAnswersRead, RegisterBody};
pub use maternal::{
    Pregnancy, PrenatalCheckup, PrenatalCheckupList, PrenatalVoucher, PrenatalVoucherList,
};
/// 回答状況 and 連番 are monshin-core's types (one definition each); the wire spells them.
pub use monshin_core::{AnswerStatus, RepeatSeq};
pub use open::{Open, Unrecognised, Vocabulary};
pub use parse::{
    encode, parse, parse_child_checkups, parse_child_form_answers, parse_prenatal_checkups,
    parse_prenatal_vouchers, parse_subsidy_certificates, parse_vaccination_form_answers,
    parse_vaccination_form_list, parse_vaccination_list, parse_with_limits, Direction,
    DocumentKind, Limits, WireDocument,
};
pub use read::{read, Read, ReadFinding, ReadOptions};
pub use redact::Redacted;
pub use register::{RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer};
pub use subsidy::{
    SubsidyCertificate, SubsidyCertificateList, SubsidyDetail, SubsidyLeafDetail, SubsidySubDetail,
};
pub use vaccination::{
    DoseInterval, Vaccination, VaccinationFormAnswers, VaccinationFormList, VaccinationFormSummary,
    VaccinationList, VaccinationRecord, VaccineKind,
};
pub use values::{
    ChildCheckupId, DateRange, DeliveryMode, Enrolment, GuideUrl, LastPage, LegalCategory,
    MasterId, MunicipalityCode, Period, PregnancyId, PrenatalCheckupId, RegisterStatus, Sex,
    StaffList, VaccinationFormId, VaccinationScheduleId, VisitKind, VoucherId, WireDate,
};
