//! Errors: an operation on a whole document failed (unreadable, too large, wrong shape).
//!
//! Distinct from [`crate::Finding`]s, which are the normal result of validation. Messages name
//! the document, a JSON path and a line/column, never the offending value: serde's own messages
//! can quote values (`invalid type: string "…"`), so they are classified, not forwarded.

use std::fmt;

use crate::finding::Finding;

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

/// What was wrong with the shape of a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeReason {
    /// A value has the wrong JSON type or an impossible value.
    WrongType,
    /// A field that the format does not have (its name is given; names are not answers).
    UnknownField(String),
    /// A required field is absent.
    MissingField(String),
    /// An enum string that is not one of the allowed values.
    UnknownVariant,
    /// Anything else serde reported.
    Other,
}

impl fmt::Display for ShapeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeReason::WrongType => f.write_str("wrong type or value"),
            ShapeReason::UnknownField(n) => write!(f, "unknown field `{n}`"),
            ShapeReason::MissingField(n) => write!(f, "missing field `{n}`"),
            ShapeReason::UnknownVariant => f.write_str("not one of the allowed values"),
            ShapeReason::Other => f.write_str("invalid content"),
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
    #[error("{doc}: {reason} at {path} (line {line}, column {column})")]
    Shape {
        /// Which document.
        doc: Document,
        /// JSON path, e.g. `answers[3].seq`.
        path: String,
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
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::TooLarge { .. } => "document-too-large",
            Error::Syntax { .. } => "json-syntax",
            Error::Shape { .. } => "json-shape",
            Error::TooMany { .. } => "too-many",
            Error::InvalidDefinition(_) => "invalid-definition",
        }
    }
}

/// Parse `bytes` as `T`, mapping serde errors to [`Error`] without leaking values.
///
/// A plain `serde_json::from_slice`. On a data error the JSON path is found by
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
    serde_json::from_slice::<T>(bytes).map_err(|e| classify(doc, bytes, &e))
}

/// Not generic: one copy, however many document types are parsed.
fn classify(doc: Document, bytes: &[u8], err: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let (line, column) = (err.line(), err.column());
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::Syntax { doc, line, column },
        Category::Data => {
            // The text is inspected, never stored: it can quote values.
            let msg = err.to_string();
            let focus = monshin_jsonpath::Focus::of_message(&msg);
            let mut path = monshin_jsonpath::path_of_error(bytes, line, column, focus);
            if msg.starts_with("duplicate field") {
                // The object, as before: the reason does not name the field.
                if let Some(monshin_jsonpath::Segment::Key(_)) = path.last() {
                    path.pop();
                }
            }
            Error::Shape {
                doc,
                path: safe_path(&path),
                line,
                column,
                reason: reason_of(&msg),
            }
        }
    }
}

/// The path with every key that is not a plain identifier shown as `<key>`: keys come from
/// the input and could hold anything.
fn safe_path(path: &[monshin_jsonpath::Segment]) -> String {
    use monshin_jsonpath::Segment;
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if is_identifier(key) { key } else { "<key>" });
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

/// A short ASCII identifier, as every field name of our formats is.
pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

/// Classify serde's message; only field names (taken between backticks) are kept.
fn reason_of(msg: &str) -> ShapeReason {
    let quoted = || {
        let start = msg.find('`')? + 1;
        let len = msg.get(start..)?.find('`')?;
        let name = msg.get(start..start + len)?;
        // Field names of our formats are short identifiers; anything else is not echoed.
        (name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .then(|| name.to_string())
    };
    if msg.starts_with("unknown field") {
        quoted().map_or(ShapeReason::Other, ShapeReason::UnknownField)
    } else if msg.starts_with("missing field") {
        quoted().map_or(ShapeReason::Other, ShapeReason::MissingField)
    } else if msg.starts_with("unknown variant") {
        ShapeReason::UnknownVariant
    } else if msg.starts_with("invalid type")
        || msg.starts_with("invalid value")
        || msg.starts_with("invalid length")
    {
        ShapeReason::WrongType
    } else {
        ShapeReason::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::AnswerSet;

    fn shape(text: &str) -> (String, ShapeReason) {
        match parse_json::<AnswerSet>(Document::Answers, text.as_bytes(), usize::MAX) {
            Err(Error::Shape { path, reason, .. }) => (path, reason),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn paths_of_shape_errors() {
        let (path, reason) = shape(
            r#"{"definition": "F", "status": "draft", "answers": [{"id": "A", "seq": 1, "value": "x"}, {"id": "B", "seq": "2", "value": "y"}]}"#,
        );
        assert_eq!(
            (path.as_str(), reason),
            ("answers[1].seq", ShapeReason::WrongType)
        );
        let (path, reason) = shape(r#"{"definition": "F", "answers": []}"#);
        assert_eq!(
            (path.as_str(), reason),
            (".", ShapeReason::MissingField("status".into()))
        );
        let (path, reason) =
            shape("{\n  \"definition\": \"F\",\n  \"status\": \"draft\",\n  \"answers\": [{\"id\": \"A\", \"seq\": 1}]\n}");
        assert_eq!(
            (path.as_str(), reason),
            ("answers[0]", ShapeReason::MissingField("value".into()))
        );
        let (path, reason) = shape(r#"{"definition": "F", "status": "done"}"#);
        assert_eq!(
            (path.as_str(), reason),
            ("status", ShapeReason::UnknownVariant)
        );
        // A duplicate member: the object, as the reason does not name it.
        let (path, reason) = shape(r#"{"definition": "F", "status": "draft", "status": "draft"}"#);
        assert_eq!((path.as_str(), reason), (".", ShapeReason::Other));
    }

    #[test]
    fn keys_that_are_not_identifiers_stay_hidden() {
        let (path, reason) = shape(
            r#"{"definition": "F", "status": "draft", "answers": [{"id": "A", "seq": 1, "value": "x", "山田 太郎": 1}]}"#,
        );
        assert_eq!(
            (path.as_str(), reason),
            ("answers[0].<key>", ShapeReason::Other)
        );
        // Escapes are decoded before the check: `\u0020` is a space.
        let (path, _) = shape(r#"{"definition": "F", "status": "draft", "secret\u0020value": 1}"#);
        assert_eq!(path, "<key>");
        // An identifier written with an escape is shown.
        let (path, reason) = shape(r#"{"definition": "F", "status": "draft", "extr\u0061": 1}"#);
        assert_eq!(
            (path.as_str(), reason),
            ("extra", ShapeReason::UnknownField("extra".into()))
        );
    }

    #[test]
    fn syntax_errors_have_no_path() {
        assert!(matches!(
            parse_json::<AnswerSet>(Document::Answers, b"{\"definition\": ", usize::MAX),
            Err(Error::Syntax { line: 1, .. })
        ));
    }
}
