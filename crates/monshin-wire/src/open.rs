//! Open vocabularies: an enumerated PMH field read as [`Open<T>`], which keeps a value outside
//! the guideline's list instead of failing the read.
//!
//! The guideline lists several values with 「など」 ("and so on": 回答状況 表 2.4-4 項番 37,
//! 在籍フラグ 表 2.4-3 項番 4, 実施区分 項番 28, 接種区分 項番 29, and the same fields of the
//! child and prenatal tables), so PMH may send a value we have never seen. Every enumerated
//! field of a read response is therefore an `Open<T>`: [`Open::Known`] for a listed value,
//! [`Open::Other`] for anything else, which the reader reports as a read finding
//! (`wire.unknown-value`, see [`crate::read`]). The unknown text is kept in an
//! [`Unrecognised`], whose `Debug` and `Display` print its shape (length, character class),
//! never the text: it may be a value pasted in the wrong place.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{reject, ErrorCode};

/// A closed list of values of one PMH field, with its wire spelling (the one place it is
/// spelled). Implemented by [`crate::Sex`], [`crate::LegalCategory`] …, and by
/// [`monshin_core::AnswerStatus`] for 回答状況.
pub trait Vocabulary: Copy + Eq + fmt::Debug + 'static {
    /// The guideline's name of the field, e.g. `回答状況`.
    const FIELD: &'static str;

    /// Every value, in declaration order.
    fn all() -> &'static [Self];

    /// The value for a wire string, if it is one of the list.
    fn from_wire_str(s: &str) -> Option<Self>;

    /// The value's wire spelling when it is a string.
    fn as_wire_str(self) -> &'static str;

    /// Whether the field is read from any JSON scalar (booleans and numbers too, kept when
    /// unknown) rather than only from strings. Only 在籍フラグ, a boolean on the wire, needs
    /// it; a string field given a number or boolean is `wire.wrong-type`. (Reading strings
    /// only keeps the JSON reader's code small in the WebAssembly module.)
    const ANY_SCALAR: bool = false;

    /// The value for a JSON boolean, for fields spelled as booleans (在籍フラグ).
    fn from_wire_bool(_b: bool) -> Option<Self> {
        None
    }

    /// `Some` when the value is written as a JSON boolean.
    fn as_wire_bool(self) -> Option<bool> {
        None
    }
}

/// The JSON type an unrecognised value had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    /// A JSON string.
    String,
    /// A JSON number.
    Number,
    /// A JSON boolean.
    Bool,
}

/// A value outside a field's list, kept as read. `Debug` and `Display` describe its shape only.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Unrecognised {
    text: String,
    kind: ScalarKind,
}

impl Unrecognised {
    /// An unrecognised string value.
    pub fn string(text: impl Into<String>) -> Self {
        Unrecognised {
            text: text.into(),
            kind: ScalarKind::String,
        }
    }

    /// The value's text (a number or boolean in its JSON spelling). Named to stand out in
    /// review: it is whatever PMH sent.
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// The JSON type it had.
    pub fn kind(&self) -> ScalarKind {
        self.kind
    }

    /// Its shape: JSON type, length in characters and character class, e.g.
    /// `string of 4 characters, non-ASCII`.
    pub fn shape(&self) -> String {
        let kind = match self.kind {
            ScalarKind::String => "string",
            ScalarKind::Number => "number",
            ScalarKind::Bool => "boolean",
        };
        let class = if self.text.bytes().all(|b| b.is_ascii_digit()) {
            "digits"
        } else if self.text.is_ascii() {
            "ASCII"
        } else {
            "non-ASCII"
        };
        format!(
            "{kind} of {} characters, {class}",
            self.text.chars().count()
        )
    }
}

impl fmt::Debug for Unrecognised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unrecognised({})", self.shape())
    }
}

impl fmt::Display for Unrecognised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unrecognised value ({})", self.shape())
    }
}

/// An enumerated field of a read response: a listed value, or one the guideline's 「など」
/// leaves room for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Open<T> {
    /// A value of the list.
    Known(T),
    /// A value outside the list (reported as `wire.unknown-value`).
    Other(Unrecognised),
}

impl<T: Vocabulary> Open<T> {
    /// The listed value, if it is one.
    pub fn known(&self) -> Option<T> {
        match self {
            Open::Known(v) => Some(*v),
            Open::Other(_) => None,
        }
    }

    /// Is it outside the list?
    pub fn is_other(&self) -> bool {
        matches!(self, Open::Other(_))
    }
}

/// A known value prints its wire spelling; an unknown one its shape only.
impl<T: Vocabulary> fmt::Display for Open<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Open::Known(v) => f.write_str(v.as_wire_str()),
            Open::Other(u) => fmt::Display::fmt(u, f),
        }
    }
}

impl<T> From<T> for Open<T> {
    fn from(v: T) -> Self {
        Open::Known(v)
    }
}

impl<T: PartialEq> PartialEq<T> for Open<T> {
    fn eq(&self, other: &T) -> bool {
        matches!(self, Open::Known(v) if v == other)
    }
}

impl<T: Vocabulary> Serialize for Open<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Open::Known(v) => match v.as_wire_bool() {
                Some(b) => s.serialize_bool(b),
                None => s.serialize_str(v.as_wire_str()),
            },
            Open::Other(u) => match u.kind {
                ScalarKind::String => s.serialize_str(&u.text),
                ScalarKind::Bool => s.serialize_bool(u.text == "true"),
                ScalarKind::Number => {
                    if let Ok(n) = u.text.parse::<u64>() {
                        s.serialize_u64(n)
                    } else if let Ok(n) = u.text.parse::<i64>() {
                        s.serialize_i64(n)
                    } else {
                        s.serialize_f64(u.text.parse::<f64>().unwrap_or_default())
                    }
                }
            },
        }
    }
}

/// A scalar as read, before its field's list is consulted. Not generic, so the JSON reader's
/// code for it exists once whatever the field (this keeps the WebAssembly module small).
enum RawScalar {
    String(String),
    Bool(bool),
    Number(String),
}

impl<'de> Deserialize<'de> for RawScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = RawScalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScalar, E> {
                Ok(RawScalar::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawScalar, E> {
                Ok(RawScalar::String(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawScalar, E> {
                Ok(RawScalar::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScalar, E> {
                Ok(RawScalar::Number(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScalar, E> {
                Ok(RawScalar::Number(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScalar, E> {
                Ok(RawScalar::Number(v.to_string()))
            }
            // A container is not an odd value but a broken document: `wire.wrong-type`,
            // located at the container (read to its end first, as serde's `invalid length` is).
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawScalar, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Err(reject(ErrorCode::WrongType))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawScalar, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Err(reject(ErrorCode::WrongType))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct StrVisitor;
    impl Visitor<'_> for StrVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
    }
    d.deserialize_str(StrVisitor)
}

impl<'de, T: Vocabulary> Deserialize<'de> for Open<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = if T::ANY_SCALAR {
            RawScalar::deserialize(d)?
        } else {
            RawScalar::String(string(d)?)
        };
        Ok(match raw {
            RawScalar::String(text) => match T::from_wire_str(&text) {
                Some(v) => Open::Known(v),
                None => Open::Other(Unrecognised::string(text)),
            },
            RawScalar::Bool(b) => match T::from_wire_bool(b) {
                Some(v) => Open::Known(v),
                None => Open::Other(Unrecognised {
                    text: b.to_string(),
                    kind: ScalarKind::Bool,
                }),
            },
            RawScalar::Number(text) => Open::Other(Unrecognised {
                text,
                kind: ScalarKind::Number,
            }),
        })
    }
}

/// `#[serde(with = "monshin_wire::open::known")]`: a field of a closed list (e.g. 回答状況 in a
/// document we define, such as the sandbox's register receipt), spelled as on the wire; a value
/// outside the list is refused (`wire.unknown-value`).
pub mod known {
    use super::*;

    /// Writes the wire spelling.
    pub fn serialize<T: Vocabulary, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        Open::Known(*v).serialize(s)
    }

    /// Reads a listed value.
    pub fn deserialize<'de, T: Vocabulary, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        Open::<T>::deserialize(d)?
            .known()
            .ok_or_else(|| reject(ErrorCode::UnknownValue))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Sex;

    #[test]
    fn unknown_values_are_kept_and_never_printed() {
        let v: Open<Sex> = serde_json::from_str("\"SENTINEL_性別\"").unwrap();
        assert!(v.is_other());
        let shown = format!(
            "{v:?} {}",
            match &v {
                Open::Other(u) => u.to_string(),
                Open::Known(_) => String::new(),
            }
        );
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert!(
            shown.contains("string of 11 characters, non-ASCII"),
            "{shown}"
        );
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"SENTINEL_性別\"");
        // A string field given a number is a broken document, not an odd value …
        assert!(serde_json::from_str::<Open<Sex>>("3").is_err());
        // … while 在籍フラグ, a boolean on the wire, keeps any scalar.
        let n: Open<crate::Enrolment> = serde_json::from_str("3").unwrap();
        assert!(n.is_other());
        assert_eq!(serde_json::to_string(&n).unwrap(), "3");
        let known: Open<Sex> = serde_json::from_str("\"9\"").unwrap();
        assert_eq!(known, Sex::NotApplicable);
    }
}
