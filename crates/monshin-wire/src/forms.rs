//! The two questionnaire families as one shape each: [`FormAnswersRead`] for the two answer
//! reads (予診票 operation 3, 乳幼児問診票 operation 8) and [`RegisterBody`] for the two
//! register bodies (operations 4 and 9).
//!
//! The two documents of a pair differ only in their management ID (予診票管理ID /
//! 乳幼児健診管理ID) and the fixed 処理種別, so code that resumes or registers is written once,
//! generic over the trait, with the form family as [`FormAnswersRead::FORM_KIND`].

use monshin_core::{AnswerStatus, FormKind};

use crate::common::{BasicFiveInfo, WireAnswer};
use crate::error::WireError;
use crate::open::Open;
use crate::parse::WireDocument;
use crate::values::{ChildCheckupId, LastPage, RegisterStatus, VaccinationFormId};
use crate::{
    ChildFormAnswers, RegisterChildQuestionnaireAnswer, RegisterQuestionnaireAnswer,
    VaccinationFormAnswers,
};

/// A form-answers read response: 予診票の回答結果の照会 or 乳幼児問診票の回答の照会.
pub trait FormAnswersRead: WireDocument {
    /// The form family it reads.
    const FORM_KIND: FormKind;
    /// 予診票管理ID or 乳幼児健診管理ID.
    fn management_id(&self) -> &str;
    /// 回答許可フラグ.
    fn answerable(&self) -> bool;
    /// 回答状況 (possibly a value outside the guideline's list).
    fn status(&self) -> &Open<AnswerStatus>;
    /// 最終更新ページ番号 (absent while 未回答).
    fn last_page(&self) -> Option<LastPage>;
    /// The page labels, page 1 first.
    fn page_labels(&self) -> &[String];
    /// 基本５情報, unless withheld.
    fn basic_five_info(&self) -> Option<&BasicFiveInfo>;
    /// The answer triples.
    fn answers(&self) -> &[WireAnswer];
}

macro_rules! form_answers_read {
    ($ty:ty, $kind:expr, $id:ident) => {
        impl FormAnswersRead for $ty {
            const FORM_KIND: FormKind = $kind;
            fn management_id(&self) -> &str {
                self.$id.as_str()
            }
            fn answerable(&self) -> bool {
                self.answerable
            }
            fn status(&self) -> &Open<AnswerStatus> {
                &self.status
            }
            fn last_page(&self) -> Option<LastPage> {
                self.last_page
            }
            fn page_labels(&self) -> &[String] {
                &self.page_labels
            }
            fn basic_five_info(&self) -> Option<&BasicFiveInfo> {
                self.basic_five_info.as_ref()
            }
            fn answers(&self) -> &[WireAnswer] {
                &self.answers
            }
        }
    };
}

form_answers_read!(VaccinationFormAnswers, FormKind::Vaccination, form_id);
form_answers_read!(ChildFormAnswers, FormKind::ChildCheckup, checkup_id);

/// A register request body: `RegisterQuestionnaireAnswer` or
/// `RegisterChildQuestionnaireAnswer`.
pub trait RegisterBody: WireDocument {
    /// The form family it registers.
    const FORM_KIND: FormKind;
    /// The fixed 処理種別.
    const PROCESS_TYPE: &'static str;
    /// Assembles a body; fails with `wire.bad-id` when `management_id` is not a management ID.
    fn from_parts(
        management_id: &str,
        status: RegisterStatus,
        last_page: LastPage,
        answers: Vec<WireAnswer>,
    ) -> Result<Self, WireError>;
    /// 予診票管理ID or 乳幼児健診管理ID.
    fn management_id(&self) -> &str;
    /// 回答状況.
    fn status(&self) -> RegisterStatus;
    /// 最終更新ページ番号.
    fn last_page(&self) -> LastPage;
    /// The answer triples.
    fn answers(&self) -> &[WireAnswer];
}

macro_rules! register_body {
    ($ty:ident, $kind:expr, $id_ty:ident, $id:ident) => {
        impl RegisterBody for $ty {
            const FORM_KIND: FormKind = $kind;
            const PROCESS_TYPE: &'static str = $ty::PROCESS_TYPE;
            fn from_parts(
                management_id: &str,
                status: RegisterStatus,
                last_page: LastPage,
                answers: Vec<WireAnswer>,
            ) -> Result<Self, WireError> {
                Ok($ty::from_parts(
                    $id_ty::new(management_id)?,
                    status,
                    last_page,
                    answers,
                ))
            }
            fn management_id(&self) -> &str {
                self.$id().as_str()
            }
            fn status(&self) -> RegisterStatus {
                $ty::status(self)
            }
            fn last_page(&self) -> LastPage {
                $ty::last_page(self)
            }
            fn answers(&self) -> &[WireAnswer] {
                $ty::answers(self)
            }
        }
    };
}

register_body!(
    RegisterQuestionnaireAnswer,
    FormKind::Vaccination,
    VaccinationFormId,
    form_id
);
register_body!(
    RegisterChildQuestionnaireAnswer,
    FormKind::ChildCheckup,
    ChildCheckupId,
    checkup_id
);
