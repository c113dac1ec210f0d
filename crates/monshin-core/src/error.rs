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
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Document::Definition => "definition",
            Document::Answers => "answer set",
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
/// The fast path is a plain `serde_json::from_slice`; only on failure is the document parsed a
/// second time with `serde_path_to_error` to find the path.
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
    match serde_json::from_slice::<T>(bytes) {
        Ok(v) => Ok(v),
        Err(e) => Err(classify::<T>(doc, bytes, &e)),
    }
}

fn classify<'de, T: serde::Deserialize<'de>>(
    doc: Document,
    bytes: &'de [u8],
    first: &serde_json::Error,
) -> Error {
    use serde_json::error::Category;
    match first.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::Syntax {
            doc,
            line: first.line(),
            column: first.column(),
        },
        Category::Data => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => safe_path(e.path()),
                Ok(_) => String::from("."),
            };
            Error::Shape {
                doc,
                path,
                line: first.line(),
                column: first.column(),
                reason: reason_of(&first.to_string()),
            }
        }
    }
}

/// The path with every key that is not a plain identifier shown as `<key>`: keys come from
/// the input and could hold anything.
fn safe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(if is_identifier(key) { key } else { "<key>" });
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
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
