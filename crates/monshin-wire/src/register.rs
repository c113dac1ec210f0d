//! The two register request bodies (operations 4 and 9, 表 2.4-6 and 2.4-12) as plain data.
//!
//! Their fields are private: a body is built only with `from_parts`, which takes a
//! [`RegisterStatus`] (so 未回答 can never be sent) and a [`LastPage`]. Whether the answers are
//! valid for the form is *not* checked here: the crate that owns validation wraps
//! `from_parts` so that only validated answer sets reach it. The 処理種別 values are fixed by
//! the guideline and written here exactly once.
//!
//! Unlike read responses, register bodies are parsed strictly (unknown fields are rejected),
//! since we are their author.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::common::WireAnswer;
use crate::error::ErrorCode;
use crate::values::{deserialize_str, ChildCheckupId, LastPage, RegisterStatus, VaccinationFormId};

macro_rules! process_type {
    ($name:ident, $value:literal) => {
        /// The fixed 処理種別 field of one register body.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        struct $name;

        impl $name {
            const VALUE: &'static str = $value;
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(Self::VALUE)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(Self::VALUE)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_str(d, $value, |s| {
                    if s == $name::VALUE {
                        Ok($name)
                    } else {
                        Err(ErrorCode::BadProcessType)
                    }
                })
            }
        }
    };
}

process_type!(QuestionnaireProcessType, "RegisterQuestionnaireAnswer");
process_type!(
    ChildQuestionnaireProcessType,
    "RegisterChildQuestionnaireAnswer"
);

/// Request body of 予診票の回答結果の登録 (operation 4, `register_vaccination_answers`,
/// 表 2.4-6).
///
/// Wire: `{ "processType": "RegisterQuestionnaireAnswer", "formId", "status": "下書き" |
/// "回答済み", "lastPage": n, "answers": [WireAnswer, …] }` (schema
/// `schemas/pmh-register-questionnaire-answer.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterQuestionnaireAnswer {
    /// 48 処理種別: always `RegisterQuestionnaireAnswer`.
    #[serde(rename = "processType")]
    process_type: QuestionnaireProcessType,
    /// 49 予診票管理ID.
    #[serde(rename = "formId")]
    form_id: VaccinationFormId,
    /// 50 回答状況: 下書き or 回答済み.
    #[serde(rename = "status")]
    status: RegisterStatus,
    /// 51 最終更新ページ番号.
    #[serde(rename = "lastPage")]
    last_page: LastPage,
    /// 52–54 回答: (項目マスタID, 連番, 回答結果).
    #[serde(rename = "answers")]
    #[serde(deserialize_with = "crate::shape::objects")]
    answers: Vec<WireAnswer>,
}

impl RegisterQuestionnaireAnswer {
    /// The fixed 処理種別 of this body.
    pub const PROCESS_TYPE: &'static str = QuestionnaireProcessType::VALUE;

    /// Assembles a body. The answers are taken as they are: validating them against the form
    /// is the caller's job.
    pub fn from_parts(
        form_id: VaccinationFormId,
        status: RegisterStatus,
        last_page: LastPage,
        answers: Vec<WireAnswer>,
    ) -> Self {
        RegisterQuestionnaireAnswer {
            process_type: QuestionnaireProcessType,
            form_id,
            status,
            last_page,
            answers,
        }
    }

    /// 処理種別: `"RegisterQuestionnaireAnswer"`.
    pub fn process_type(&self) -> &'static str {
        Self::PROCESS_TYPE
    }

    /// 予診票管理ID.
    pub fn form_id(&self) -> &VaccinationFormId {
        &self.form_id
    }

    /// 回答状況.
    pub fn status(&self) -> RegisterStatus {
        self.status
    }

    /// 最終更新ページ番号.
    pub fn last_page(&self) -> LastPage {
        self.last_page
    }

    /// The answer triples.
    pub fn answers(&self) -> &[WireAnswer] {
        &self.answers
    }
}

/// Request body of 乳幼児問診票の回答結果の登録 (operation 9, `register_child_answers`,
/// 表 2.4-12).
///
/// Wire: `{ "processType": "RegisterChildQuestionnaireAnswer", "checkupId", "status":
/// "下書き" | "回答済み", "lastPage": n, "answers": [WireAnswer, …] }` (schema
/// `schemas/pmh-register-child-questionnaire-answer.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterChildQuestionnaireAnswer {
    /// 31 処理種別: always `RegisterChildQuestionnaireAnswer`.
    #[serde(rename = "processType")]
    process_type: ChildQuestionnaireProcessType,
    /// 32 乳幼児健診管理ID.
    #[serde(rename = "checkupId")]
    checkup_id: ChildCheckupId,
    /// 33 問診票の回答状況: 下書き or 回答済み.
    #[serde(rename = "status")]
    status: RegisterStatus,
    /// 34 最終更新ページ番号.
    #[serde(rename = "lastPage")]
    last_page: LastPage,
    /// 35–37 回答: (問診票項目マスタID, 連番, 回答結果).
    #[serde(rename = "answers")]
    #[serde(deserialize_with = "crate::shape::objects")]
    answers: Vec<WireAnswer>,
}

impl RegisterChildQuestionnaireAnswer {
    /// The fixed 処理種別 of this body.
    pub const PROCESS_TYPE: &'static str = ChildQuestionnaireProcessType::VALUE;

    /// Assembles a body. The answers are taken as they are: validating them against the form
    /// is the caller's job.
    pub fn from_parts(
        checkup_id: ChildCheckupId,
        status: RegisterStatus,
        last_page: LastPage,
        answers: Vec<WireAnswer>,
    ) -> Self {
        RegisterChildQuestionnaireAnswer {
            process_type: ChildQuestionnaireProcessType,
            checkup_id,
            status,
            last_page,
            answers,
        }
    }

    /// 処理種別: `"RegisterChildQuestionnaireAnswer"`.
    pub fn process_type(&self) -> &'static str {
        Self::PROCESS_TYPE
    }

    /// 乳幼児健診管理ID.
    pub fn checkup_id(&self) -> &ChildCheckupId {
        &self.checkup_id
    }

    /// 問診票の回答状況.
    pub fn status(&self) -> RegisterStatus {
        self.status
    }

    /// 最終更新ページ番号.
    pub fn last_page(&self) -> LastPage {
        self.last_page
    }

    /// The answer triples.
    pub fn answers(&self) -> &[WireAnswer] {
        &self.answers
    }
}
