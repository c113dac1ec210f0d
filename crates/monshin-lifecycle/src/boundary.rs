//! The one wire ↔ core boundary: every conversion between monshin-wire's PMH values and
//! monshin-core's answer-set values, one function per direction.
//!
//! | core | wire | to wire | from wire |
//! |---|---|---|---|
//! | [`AnswerStatus`] (回答状況) | `Open<AnswerStatus>` (read) / [`RegisterStatus`] (register) | [`register_status`] | [`status_from_wire`] |
//! | [`PageNumber`] (最終更新ページ番号) | [`LastPage`] | [`last_page_to_wire`] | [`last_page_from_wire`] |
//! | [`Answer`] (項目マスタID, 連番, 回答結果) | [`WireAnswer`] | [`answer_to_wire`] | [`answer_from_wire`] |
//!
//! 回答状況 and 連番 are one type on both sides ([`monshin_core::AnswerStatus`],
//! [`monshin_core::RepeatSeq`]); only their spelling and checks differ. Resume
//! ([`crate::resume_vaccination`]), payloads ([`crate::RegisterPayload`]), PMH state
//! ([`crate::PmhFormState`]) and the sandbox all convert through here.

use monshin_core::{Answer, AnswerStatus, Location, PageNumber};
use monshin_wire::{AnswerValue, LastPage, MasterId, Open, RegisterStatus, WireAnswer, WireError};

use crate::error::LifecycleError;

/// 回答状況 read from PMH; a value outside the guideline's list is `lifecycle.unknown-status`
/// (the document was read, but no lifecycle rule can apply to a status we do not know).
pub fn status_from_wire(status: &Open<AnswerStatus>) -> Result<AnswerStatus, LifecycleError> {
    status.known().ok_or(LifecycleError::UnknownStatus)
}

/// The 回答状況 of a register body: 下書き or 回答済み; 未回答 is
/// `lifecycle.unanswered-not-registrable` (表 2.4-6 項番 50, 2.4-12 項番 33).
pub fn register_status(status: AnswerStatus) -> Result<RegisterStatus, LifecycleError> {
    RegisterStatus::try_from(status).map_err(|_| LifecycleError::UnansweredNotRegistrable)
}

/// 最終更新ページ番号 read from PMH.
pub fn last_page_from_wire(page: LastPage) -> PageNumber {
    PageNumber(page.get())
}

/// 最終更新ページ番号 to send: at least 1 (`lifecycle.wire-value` otherwise).
pub fn last_page_to_wire(page: PageNumber) -> Result<LastPage, LifecycleError> {
    LastPage::new(page.0).map_err(|e| wire_error(&e, Location::default()))
}

/// An answer triple read from PMH.
pub fn answer_from_wire(answer: &WireAnswer) -> Answer {
    Answer {
        id: answer.master_id.as_str().to_owned(),
        seq: answer.seq,
        value: answer.value.as_str().to_owned(),
    }
}

/// An answer triple to send; a master ID PMH cannot carry is `lifecycle.wire-value`, located
/// at the answer.
pub fn answer_to_wire(answer: &Answer) -> Result<WireAnswer, LifecycleError> {
    let master_id = MasterId::new(&answer.id).map_err(|e| {
        wire_error(
            &e,
            Location {
                master_id: Some(answer.id.clone()),
                seq: Some(answer.seq),
                ..Location::default()
            },
        )
    })?;
    Ok(WireAnswer::new(
        master_id,
        answer.seq,
        AnswerValue::new(answer.value.clone()),
    ))
}

/// A monshin-wire error as `lifecycle.wire-value` at `location`.
pub(crate) fn wire_error(e: &WireError, location: Location) -> LifecycleError {
    LifecycleError::WireValue {
        wire_code: e.code(),
        location,
    }
}
