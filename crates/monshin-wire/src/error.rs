//! Errors of the wire layer: stable codes, JSON paths, and messages that never quote values.
//!
//! Every failure is a [`WireError`] carrying an [`ErrorCode`] (a stable string such as
//! `wire.bad-date`) and, when it is about one value of the document, the [`JsonPath`] to it.
//! serde_json's own messages can quote the offending value (`invalid type: string "山田"`), so
//! they are *classified* into a code here and never forwarded: every message is built from the
//! code, the path, a limit, a byte offset or a line/column, none of which is document content.
//!
//! Our own validating `Deserialize` impls (dates, municipality codes, IDs, statuses …) report
//! through `reject`, which smuggles the code through serde as a marker string that
//! `classify` recognises; the marker carries no data either.

use std::fmt;

use serde::de;

/// A stable, never-renamed identifier of one kind of wire error.
///
/// `as_str()` is what logs, the CLI and tests compare; the variant documentation names an input
/// that triggers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `wire.too-large`: the document has more bytes than [`crate::Limits::max_bytes`].
    TooLarge,
    /// `wire.too-deep`: arrays/objects nest deeper than [`crate::Limits::max_depth`], e.g.
    /// `[[[[…]]]]` 40 levels deep.
    TooDeep,
    /// `wire.array-too-long`: an array has more elements than
    /// [`crate::Limits::max_array_len`].
    ArrayTooLong,
    /// `wire.string-too-long`: a string (raw, escapes included) is longer than
    /// [`crate::Limits::max_string_bytes`].
    StringTooLong,
    /// `wire.syntax`: not well-formed JSON (`{"forms": [}`), truncated input, trailing
    /// characters, invalid UTF-8.
    Syntax,
    /// `wire.wrong-type`: a value has the wrong JSON type, e.g. `"answerable": "yes"`.
    WrongType,
    /// `wire.invalid-value`: the JSON type is right but serde rejects the value, e.g. a
    /// negative number where a count is expected.
    InvalidValue,
    /// `wire.missing-field`: a required field is absent; the path ends with its name.
    MissingField,
    /// `wire.duplicate-field`: the same field appears twice in one object.
    DuplicateField,
    /// `wire.unknown-field`: a field that a *register* body does not have (read responses
    /// tolerate unknown fields).
    UnknownField,
    /// `wire.bad-date`: not `YYYY-MM-DD` or not a real date, e.g. `"2025-02-29"`.
    BadDate,
    /// `wire.bad-municipality-code`: a 地方公共団体コード that is not exactly 6 ASCII digits.
    BadMunicipalityCode,
    /// `wire.municipality-check-digit`: 6 digits whose JIS X 0402 check digit is wrong, e.g.
    /// `"131017"` (千代田区 is `131016`).
    MunicipalityCheckDigit,
    /// `wire.status-not-registrable`: a register body whose 回答状況 is `未回答` (only `下書き`
    /// and `回答済み` are ever sent).
    StatusNotRegistrable,
    /// `wire.bad-id`: a management ID (予診票管理ID, 乳幼児健診管理ID …) that is empty,
    /// longer than 128 bytes or not printable ASCII.
    BadId,
    /// `wire.bad-master-id`: a 項目マスタID that is empty, longer than 128 bytes or has a control
    /// character.
    BadMasterId,
    /// `wire.bad-repeat-seq`: a repeat sequence number (連番) below 1.
    BadRepeatSeq,
    /// `wire.bad-last-page`: a 最終更新ページ番号 below 1.
    BadLastPage,
    /// `wire.bad-url`: a 案内用URL that is not an `https://` or `http://` URL (e.g.
    /// `javascript:…`), contains whitespace or control characters, or exceeds 2,048 bytes.
    BadUrl,
    /// `wire.too-many-staff`: more than 9 健診担当者 (the guideline allows `_1` … `_9`).
    TooManyStaff,
    /// `wire.bad-process-type`: a register body whose 処理種別 is not its fixed value.
    BadProcessType,
    /// `wire.unknown-value` (read finding): an enumerated field of a read response holds a
    /// value outside the guideline's list, e.g. `"status": "受付終了"`; kept as
    /// [`crate::Open::Other`].
    UnknownValue,
    /// `wire.withheld` (read finding): a 基本５情報 field is absent or `null`, e.g. no
    /// `"address"`.
    Withheld,
    /// `wire.encode`: a document could not be serialised (not expected to happen).
    Encode,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::TooLarge,
        ErrorCode::TooDeep,
        ErrorCode::ArrayTooLong,
        ErrorCode::StringTooLong,
        ErrorCode::Syntax,
        ErrorCode::WrongType,
        ErrorCode::InvalidValue,
        ErrorCode::MissingField,
        ErrorCode::DuplicateField,
        ErrorCode::UnknownField,
        ErrorCode::BadDate,
        ErrorCode::BadMunicipalityCode,
        ErrorCode::MunicipalityCheckDigit,
        ErrorCode::StatusNotRegistrable,
        ErrorCode::BadId,
        ErrorCode::BadMasterId,
        ErrorCode::BadRepeatSeq,
        ErrorCode::BadLastPage,
        ErrorCode::BadUrl,
        ErrorCode::TooManyStaff,
        ErrorCode::BadProcessType,
        ErrorCode::UnknownValue,
        ErrorCode::Withheld,
        ErrorCode::Encode,
    ];

    /// The stable code string, e.g. `"wire.bad-date"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::TooLarge => "wire.too-large",
            ErrorCode::TooDeep => "wire.too-deep",
            ErrorCode::ArrayTooLong => "wire.array-too-long",
            ErrorCode::StringTooLong => "wire.string-too-long",
            ErrorCode::Syntax => "wire.syntax",
            ErrorCode::WrongType => "wire.wrong-type",
            ErrorCode::InvalidValue => "wire.invalid-value",
            ErrorCode::MissingField => "wire.missing-field",
            ErrorCode::DuplicateField => "wire.duplicate-field",
            ErrorCode::UnknownField => "wire.unknown-field",
            ErrorCode::BadDate => "wire.bad-date",
            ErrorCode::BadMunicipalityCode => "wire.bad-municipality-code",
            ErrorCode::MunicipalityCheckDigit => "wire.municipality-check-digit",
            ErrorCode::StatusNotRegistrable => "wire.status-not-registrable",
            ErrorCode::BadId => "wire.bad-id",
            ErrorCode::BadMasterId => "wire.bad-master-id",
            ErrorCode::BadRepeatSeq => "wire.bad-repeat-seq",
            ErrorCode::BadLastPage => "wire.bad-last-page",
            ErrorCode::BadUrl => "wire.bad-url",
            ErrorCode::TooManyStaff => "wire.too-many-staff",
            ErrorCode::BadProcessType => "wire.bad-process-type",
            ErrorCode::UnknownValue => "wire.unknown-value",
            ErrorCode::Withheld => "wire.withheld",
            ErrorCode::Encode => "wire.encode",
        }
    }

    /// The fixed human-readable description used in error messages (never contains data).
    pub fn message(self) -> &'static str {
        match self {
            ErrorCode::TooLarge => "document too large",
            ErrorCode::TooDeep => "nesting too deep",
            ErrorCode::ArrayTooLong => "array too long",
            ErrorCode::StringTooLong => "string too long",
            ErrorCode::Syntax => "malformed JSON",
            ErrorCode::WrongType => "wrong JSON type",
            ErrorCode::InvalidValue => "value not accepted",
            ErrorCode::MissingField => "required field missing",
            ErrorCode::DuplicateField => "field appears twice",
            ErrorCode::UnknownField => "unknown field",
            ErrorCode::BadDate => "not a real date in YYYY-MM-DD form",
            ErrorCode::BadMunicipalityCode => "municipality code is not 6 digits",
            ErrorCode::MunicipalityCheckDigit => "municipality code check digit is wrong",
            ErrorCode::StatusNotRegistrable => "answer status must be 下書き or 回答済み",
            ErrorCode::BadId => "management ID is empty, too long or not printable ASCII",
            ErrorCode::BadMasterId => {
                "item master ID is empty, longer than 128 bytes or has a control character"
            }
            ErrorCode::BadRepeatSeq => "repeat sequence number must be at least 1",
            ErrorCode::BadLastPage => "last page number must be at least 1",
            ErrorCode::BadUrl => "not an http(s) URL",
            ErrorCode::TooManyStaff => "more than 9 staff entries",
            ErrorCode::BadProcessType => "processing type is not the fixed value",
            ErrorCode::UnknownValue => "value outside the guideline's list for this field",
            ErrorCode::Withheld => "field withheld (absent or null)",
            ErrorCode::Encode => "document could not be encoded",
        }
    }

    fn from_str_exact(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use monshin_jsonpath::{JsonPath, PathSegment};

/// Where an error is, for messages: `at /a/0/b` or `at the document root`.
struct At<'a>(&'a JsonPath);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_root() {
            f.write_str("at the document root")
        } else {
            write!(f, "at {}", self.0)
        }
    }
}

/// The error type of monshin-wire.
///
/// Display messages contain only the code's fixed description, a JSON path of field names and
/// indices, limits, byte offsets and line/column numbers: never a value from the document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WireError {
    /// The document is larger than the byte limit (checked before anything else).
    #[error("document too large: {size} bytes, limit {limit}")]
    TooLarge {
        /// Size of the document in bytes.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// A structural limit of the pre-scan (depth, array length, string length) was exceeded.
    #[error("{} (limit {limit}) at byte {offset}", code.message())]
    LimitExceeded {
        /// [`ErrorCode::TooDeep`], [`ErrorCode::ArrayTooLong`] or [`ErrorCode::StringTooLong`].
        code: ErrorCode,
        /// The configured limit.
        limit: usize,
        /// Byte offset where the limit was crossed.
        offset: usize,
    },
    /// The bytes are not one well-formed JSON document.
    #[error("malformed JSON at line {line}, column {column}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A value of a well-formed document does not fit the model.
    #[error("{} {} (line {line}, column {column})", code.message(), At(path))]
    Invalid {
        /// What is wrong.
        code: ErrorCode,
        /// Where: the value, or for [`ErrorCode::MissingField`] the missing field.
        path: JsonPath,
        /// 1-based line where the parser noticed.
        line: usize,
        /// 1-based column where the parser noticed.
        column: usize,
    },
    /// A value given to a constructor (`WireDate::new`, `MasterId::new` …) is invalid.
    #[error("{}", code.message())]
    InvalidValue {
        /// What is wrong.
        code: ErrorCode,
    },
    /// Strict reading ([`crate::ReadOptions::strict`]) turned a read finding into an error.
    #[error("{} {} (strict reading)", code.message(), At(path))]
    Strict {
        /// The read finding's code, e.g. [`ErrorCode::UnknownValue`].
        code: ErrorCode,
        /// Where.
        path: JsonPath,
    },
    /// Serialising a document failed.
    #[error("document could not be encoded")]
    Encode,
}

impl WireError {
    /// The stable error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            WireError::TooLarge { .. } => ErrorCode::TooLarge,
            WireError::LimitExceeded { code, .. }
            | WireError::Invalid { code, .. }
            | WireError::InvalidValue { code }
            | WireError::Strict { code, .. } => *code,
            WireError::Syntax { .. } => ErrorCode::Syntax,
            WireError::Encode => ErrorCode::Encode,
        }
    }

    /// The JSON path of the offending value, when the error is about one value.
    pub fn path(&self) -> Option<&JsonPath> {
        match self {
            WireError::Invalid { path, .. } | WireError::Strict { path, .. } => Some(path),
            _ => None,
        }
    }

    pub(crate) fn value(code: ErrorCode) -> Self {
        WireError::InvalidValue { code }
    }
}

use monshin_jsonpath::MARKER;

/// A serde custom-error payload that carries only an [`ErrorCode`].
struct Marker(ErrorCode);

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{MARKER}{}", self.0.as_str())
    }
}

/// The error our validating `Deserialize` impls return: recognised by [`classify`].
pub(crate) fn reject<E: de::Error>(code: ErrorCode) -> E {
    E::custom(Marker(code))
}

/// Turns a serde_json error into a [`WireError`] without keeping its text; the path is found by
/// re-scanning `bytes` (the whole document) before the error position.
pub(crate) fn classify(err: &serde_json::Error, bytes: &[u8]) -> WireError {
    use monshin_jsonpath::{Fault, FaultKind, Focus};
    use serde_json::error::Category;
    let (line, column) = (err.line(), err.column());
    match err.classify() {
        Category::Io | Category::Syntax | Category::Eof => WireError::Syntax { line, column },
        Category::Data => {
            // The text is inspected (never stored) by the one classifier of the workspace.
            let text = err.to_string();
            // Every coded check is on a scalar, except the length of the staff list.
            // An open vocabulary refuses a container just after entering it.
            let focus = |code: &str| {
                if code == ErrorCode::TooManyStaff.as_str() {
                    Focus::Array
                } else if code == ErrorCode::WrongType.as_str() {
                    Focus::Container
                } else {
                    Focus::Value
                }
            };
            let fault = Fault::of(&text, bytes, line, column, focus);
            let code = match fault.kind {
                FaultKind::Coded(name) => {
                    ErrorCode::from_str_exact(name).unwrap_or(ErrorCode::InvalidValue)
                }
                FaultKind::WrongType => ErrorCode::WrongType,
                FaultKind::InvalidValue => ErrorCode::InvalidValue,
                FaultKind::MissingField => ErrorCode::MissingField,
                FaultKind::DuplicateField => ErrorCode::DuplicateField,
                FaultKind::UnknownField => ErrorCode::UnknownField,
                FaultKind::UnknownVariant => ErrorCode::UnknownValue,
            };
            WireError::Invalid {
                code,
                path: fault.path,
                line,
                column,
            }
        }
    }
}
