//! [`Fault`]: the one classifier of serde_json data errors, shared by monshin-core and
//! monshin-wire.
//!
//! serde's messages can quote the offending value (`invalid type: string "山田"`) or an unknown
//! key (`unknown field `yamada``), so they are inspected here and never kept: a [`Fault`] holds
//! a kind, the [`JsonPath`] of the value concerned (found by re-scanning the bytes) and, for an
//! unknown key, its [`TextShape`]. Our own validating `Deserialize` impls report through a
//! [`MARKER`]-prefixed message that carries only a stable code.

use crate::pointer::{is_field_name, JsonPath};
use crate::shape::TextShape;
use crate::{path_of_error, Focus, Segment};

/// Prefix of a serde custom error that carries a stable code and nothing else:
/// `MARKER` + `wire.bad-date`.
pub const MARKER: &str = "\u{1f}monshin:";

/// What kind of data error serde reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind<'m> {
    /// One of our checks, by its stable code (the text after [`MARKER`]).
    Coded(&'m str),
    /// A value has the wrong JSON type (`"seq": "2"`).
    WrongType,
    /// The type is right but the value is refused (a negative count, a wrong length).
    InvalidValue,
    /// A required field is absent; the path ends with its name.
    MissingField,
    /// A field appears twice; the path ends with it.
    DuplicateField,
    /// A field the format does not have; the path is its object, [`Fault::key`] its shape.
    UnknownField,
    /// A string that is not one of an enum's values.
    UnknownVariant,
}

/// A classified data error: what, where, and for an unknown key its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault<'m> {
    /// What kind of error.
    pub kind: FaultKind<'m>,
    /// Where: the value, the object of an unknown field, or the missing field.
    pub path: JsonPath,
    /// For [`FaultKind::UnknownField`]: the shape of the key, never the key.
    pub key: Option<TextShape>,
}

impl<'m> Fault<'m> {
    /// Classify serde_json's data error `message`, raised at `line`/`column` of `bytes`.
    /// `coded_focus` says what a coded check is about (most are about a scalar value).
    pub fn of(
        message: &'m str,
        bytes: &[u8],
        line: usize,
        column: usize,
        coded_focus: fn(&str) -> Focus,
    ) -> Fault<'m> {
        let mut missing = None;
        let (kind, focus) = if let Some(rest) = message.strip_prefix(MARKER) {
            let code = rest.split(' ').next().unwrap_or_default();
            (FaultKind::Coded(code), coded_focus(code))
        } else if message.starts_with("invalid type") {
            (FaultKind::WrongType, Focus::of_message(message))
        } else if let Some(rest) = message.strip_prefix("missing field `") {
            missing = rest.split('`').next().filter(|n| is_field_name(n));
            (FaultKind::MissingField, Focus::Object)
        } else if message.starts_with("duplicate field") {
            (FaultKind::DuplicateField, Focus::Key)
        } else if message.starts_with("unknown field") {
            (FaultKind::UnknownField, Focus::Key)
        } else if message.starts_with("unknown variant") {
            (FaultKind::UnknownVariant, Focus::Value)
        } else {
            (FaultKind::InvalidValue, Focus::of_message(message))
        };
        let mut raw = path_of_error(bytes, line, column, focus);
        let mut key = None;
        if kind == FaultKind::UnknownField {
            if let Some(Segment::Key(k)) = raw.last() {
                key = Some(TextShape::of(k));
                raw.pop();
            }
        }
        let mut path = JsonPath::from_segments(&raw);
        if let Some(name) = missing {
            path = path.key(name);
        }
        Fault { kind, path, key }
    }
}
