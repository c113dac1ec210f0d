//! Errors: an operation on a whole document failed (unreadable, too large, wrong shape).
//!
//! Distinct from [`crate::Finding`]s, which are the normal result of validation. Messages name
//! the document, a JSON path and a line/column, never the offending value: serde's own messages
//! can quote values (`invalid type: string "…"`), so they are classified, not forwarded.

use std::fmt;

use monshin_jsonpath::{JsonPath, TextShape};

use crate::finding::{Finding, FindingCode, Location};

/// Which document an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// A form definition.
    Definition,
    /// An answer set.
    Answers,
    /// A form catalogue.
    Catalogue,
    /// A definition fragment.
    Fragment,
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Document::Definition => "definition",
            Document::Answers => "answer set",
            Document::Catalogue => "catalogue",
            Document::Fragment => "fragment",
        })
    }
}

/// What was wrong with the shape of a JSON document. Never carries document text: an unknown
/// key is described by its [`TextShape`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeReason {
    /// A value has the wrong JSON type, e.g. `"seq": "2"`.
    WrongType,
    /// The type is right but the value is refused (a negative count, a wrong length).
    InvalidValue,
    /// A member the format does not have; the path is its object.
    UnknownField(TextShape),
    /// A required field is absent; the path ends with its name.
    MissingField,
    /// A field appears twice; the path ends with it.
    DuplicateField,
    /// A string that is not one of the allowed values; the accepted values when known.
    NotOneOf(Option<&'static str>),
}

impl fmt::Display for ShapeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeReason::WrongType => f.write_str("wrong type"),
            ShapeReason::InvalidValue => f.write_str("value not accepted"),
            ShapeReason::UnknownField(key) => write!(f, "unknown field (key of {key})"),
            ShapeReason::MissingField => f.write_str("missing field"),
            ShapeReason::DuplicateField => f.write_str("field appears twice"),
            ShapeReason::NotOneOf(Some(accepted)) => write!(f, "not one of: {accepted}"),
            ShapeReason::NotOneOf(None) => f.write_str("not one of the allowed values"),
        }
    }
}

/// The error type of monshin-core.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document is larger than the configured limit.
    #[error("{doc} is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Which document.
        doc: Document,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The bytes are not JSON (or not UTF-8).
    #[error("{doc}: malformed JSON at line {line}, column {column}")]
    Syntax {
        /// Which document.
        doc: Document,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON does not have the shape of the format.
    #[error("{doc}: {reason} at {} (line {line}, column {column})", At(path))]
    Shape {
        /// Which document.
        doc: Document,
        /// JSON Pointer, e.g. `/answers/3/seq`.
        path: JsonPath,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        reason: ShapeReason,
    },
    /// A count exceeds a limit (pages, items, answers, repetitions, …).
    #[error("{doc}: {what} count {count} is over the limit of {limit}")]
    TooMany {
        /// Which document.
        doc: Document,
        /// What was counted.
        what: &'static str,
        /// How many there were (at least).
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The definition has error findings and cannot be compiled.
    #[error("definition has {} error finding(s); the first: {}", .0.len(), .0.first().map(|f| f.to_string()).unwrap_or_default())]
    InvalidDefinition(Vec<Finding>),
}

impl Error {
    /// Stable machine-readable code (`document.*`).
    pub fn code(&self) -> FindingCode {
        match self {
            Error::TooLarge { .. } => FindingCode::DocumentTooLarge,
            Error::Syntax { .. } => FindingCode::JsonSyntax,
            Error::Shape { .. } => FindingCode::JsonShape,
            Error::TooMany { .. } => FindingCode::TooMany,
            Error::InvalidDefinition(_) => FindingCode::InvalidDefinition,
        }
    }

    /// Where: JSON Pointer, line and column for shape errors, line and column for syntax
    /// errors, the document otherwise.
    pub fn location(&self) -> Location {
        let small = |n: usize| u32::try_from(n).ok().and_then(std::num::NonZeroU32::new);
        match self {
            Error::Syntax { line, column, .. } => Location {
                line: small(*line),
                column: small(*column),
                ..Location::default()
            },
            Error::Shape {
                path, line, column, ..
            } => Location {
                pointer: Some(path.to_pointer()),
                line: small(*line),
                column: small(*column),
                ..Location::default()
            },
            _ => Location::default(),
        }
    }

    /// The error in the one diagnostic shape (severity error).
    pub fn to_finding(&self) -> Finding {
        Finding::error(self.code(), self.location(), self.to_string())
    }
}

/// Where an error is, for messages: `/a/0/b` or `the document root`.
struct At<'a>(&'a JsonPath);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_root() {
            f.write_str("the document root")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// Parse `bytes` as `T`, mapping serde errors to [`Error`] without leaking values. A leading
/// UTF-8 byte order mark is skipped (editors on Windows write one).
///
/// The bytes are checked as UTF-8 once, then read by `serde_json::from_str`, which does not
/// check each string again as `from_slice` does (that per-string check was 13 % of the
/// instructions of a whole validation, BENCHMARKS.md section (h)). Invalid UTF-8 is a syntax
/// error at the first invalid byte. On a data error the JSON path is found by
/// `monshin_jsonpath`, which re-scans the bytes before the error position: no second parse and
/// no `serde_path_to_error` wrapper, which would compile every `Deserialize` impl twice (a
/// large part of the WebAssembly build).
pub(crate) fn parse_json<'de, T: serde::Deserialize<'de>>(
    doc: Document,
    bytes: &'de [u8],
    limit: usize,
) -> Result<T, Error> {
    if bytes.len() > limit {
        return Err(Error::TooLarge {
            doc,
            size: bytes.len(),
            limit,
        });
    }
    let bytes = strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        Error::Syntax {
            doc,
            line,
            column: valid.len() - line_start + 1,
        }
    })?;
    serde_json::from_str::<T>(text).map_err(|e| classify(doc, bytes, &e))
}

/// `bytes` without a leading UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Not generic: one copy, however many document types are parsed. The message is classified
/// by the workspace's one classifier, [`monshin_jsonpath::Fault`], and never kept.
fn classify(doc: Document, bytes: &[u8], err: &serde_json::Error) -> Error {
    use monshin_jsonpath::{Fault, FaultKind, Focus};
    use serde_json::error::Category;
    let (line, column) = (err.line(), err.column());
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::Syntax { doc, line, column },
        Category::Data => {
            let msg = err.to_string();
            let fault = Fault::of(&msg, bytes, line, column, |_| Focus::Value);
            let reason = match fault.kind {
                FaultKind::Coded("status") => {
                    ShapeReason::NotOneOf(Some(crate::AnswerStatus::ACCEPTED))
                }
                FaultKind::Coded(_) | FaultKind::InvalidValue => ShapeReason::InvalidValue,
                FaultKind::WrongType => ShapeReason::WrongType,
                FaultKind::MissingField => ShapeReason::MissingField,
                FaultKind::DuplicateField => ShapeReason::DuplicateField,
                FaultKind::UnknownField => {
                    ShapeReason::UnknownField(fault.key.unwrap_or(TextShape::of("")))
                }
                FaultKind::UnknownVariant => ShapeReason::NotOneOf(None),
            };
            Error::Shape {
                doc,
                path: fault.path,
                line,
                column,
                reason,
            }
        }
    }
}

/// A short ASCII identifier, as every field name of our formats is.
pub(crate) fn is_identifier(s: &str) -> bool {
    monshin_jsonpath::is_field_name(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::AnswerSet;

    fn shape(text: &str) -> (String, ShapeReason) {
        match parse_json::<AnswerSet>(Document::Answers, text.as_bytes(), usize::MAX) {
            Err(Error::Shape { path, reason, .. }) => (path.to_pointer(), reason),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn paths_of_shape_errors_are_json_pointers() {
        let (path, reason) = shape(
            r#"{"definition": "F", "status": "draft", "answers": [{"id": "A", "seq": 1, "value": "x"}, {"id": "B", "seq": "2", "value": "y"}]}"#,
        );
        assert_eq!(
            (path.as_str(), reason),
            ("/answers/1/seq", ShapeReason::WrongType)
        );
        let (path, reason) = shape(r#"{"definition": "F", "answers": []}"#);
        assert_eq!(
            (path.as_str(), reason),
            ("/status", ShapeReason::MissingField)
        );
        let (path, reason) =
            shape("{\n  \"definition\": \"F\",\n  \"status\": \"draft\",\n  \"answers\": [{\"id\": \"A\", \"seq\": 1}]\n}");
        assert_eq!(
            (path.as_str(), reason),
            ("/answers/0/value", ShapeReason::MissingField)
        );
        let (path, reason) = shape(r#"{"definition": "F", "status": "done"}"#);
        assert_eq!(
            (path.as_str(), reason),
            (
                "/status",
                ShapeReason::NotOneOf(Some(crate::AnswerStatus::ACCEPTED))
            )
        );
        let (path, reason) = shape(r#"{"definition": "F", "status": "draft", "status": "draft"}"#);
        assert_eq!(
            (path.as_str(), reason),
            ("/status", ShapeReason::DuplicateField)
        );
    }

    #[test]
    fn unknown_keys_are_described_never_shown() {
        for key in ["山田 太郎", "yamada", r"secret\u0020value"] {
            let text = format!(
                r#"{{"definition": "F", "status": "draft", "answers": [{{"id": "A", "seq": 1, "value": "x", "{key}": 1}}]}}"#
            );
            let err = parse_json::<AnswerSet>(Document::Answers, text.as_bytes(), usize::MAX)
                .expect_err("unknown key");
            let shown = format!("{err} {err:?}");
            assert!(
                !shown.contains("yamada") && !shown.contains("山田") && !shown.contains("secret"),
                "{shown}"
            );
            let (path, reason) = shape(&text);
            assert_eq!(path, "/answers/0");
            assert!(matches!(reason, ShapeReason::UnknownField(_)), "{reason:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let text = "\u{feff}{\"definition\": \"F\", \"status\": \"draft\", \"answers\": []}";
        assert!(parse_json::<AnswerSet>(Document::Answers, text.as_bytes(), usize::MAX).is_ok());
    }

    #[test]
    fn syntax_errors_have_no_path() {
        assert!(matches!(
            parse_json::<AnswerSet>(Document::Answers, b"{\"definition\": ", usize::MAX),
            Err(Error::Syntax { line: 1, .. })
        ));
    }

    #[test]
    fn invalid_utf8_is_a_syntax_error_at_the_first_invalid_byte() {
        let text = b"{\"definition\": \"F\",\n  \"status\": \"dr\xFFaft\"}";
        let got = parse_json::<AnswerSet>(Document::Answers, text, usize::MAX);
        assert!(
            matches!(
                got,
                Err(Error::Syntax {
                    line: 2,
                    column: 16,
                    ..
                })
            ),
            "{got:?}"
        );
    }
}
